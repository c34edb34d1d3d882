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
