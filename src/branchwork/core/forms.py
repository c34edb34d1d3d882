"""Form pieces shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

from branchwork.core.audit import StaleEdit
from branchwork.core.models import Versioned


class VersionedFormMixin:
    """For the edit form of a ``core.models.Versioned`` record: posts the version the page was
    opened at back as a hidden field and puts it on the instance, so ``core.audit.save_as``
    refuses the save (``StaleEdit``) when someone else changed the record in between. A post
    without the field (an old page) is saved from the stored version, as before."""

    instance: Any
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if isinstance(self.instance, Versioned) and self.instance.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=self.instance.version,
                required=False,
                min_value=1,
            )

    def full_clean(self) -> None:
        # Here rather than in _post_clean, which several forms replace (their services check
        # the record instead of the model's validation).
        super().full_clean()  # type: ignore[misc]
        version = getattr(self, "cleaned_data", {}).pop("version", None)
        if version is None:
            return
        stored = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
        )
        if version != stored.first():
            self.add_error(None, StaleEdit(self.instance))  # type: ignore[attr-defined]
        self.instance.version = version


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for a short list of choices (a branch's party groups): the queryset
    is read once per field and each value is looked up in it, instead of one query for every
    clean. An import validates thousands of rows with one form, so this saves a query a row.
    Values and errors are the same as ModelChoiceField's."""

    _preloaded: dict[str, Any] | None = None

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        self._preloaded = None

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        result = super().__deepcopy__(memo)  # type: ignore[misc]
        result._preloaded = None
        return result

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if self._preloaded is None:
            self._preloaded = {str(getattr(obj, key)): obj for obj in self.queryset}
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        found = self._preloaded.get(str(value))
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found
