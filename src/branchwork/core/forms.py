"""Form pieces shared by every app.

Every date a form takes goes through ``DateField`` / ``DateTimeField`` / ``MonthField`` here
(model forms through ``ModelForm``, which maps the model's date fields to them): a date outside
``core.dates.DATE_MIN``-``DATE_MAX`` is a field error before any ``clean`` or service does
arithmetic on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from branchwork.core.audit import StaleEdit
from branchwork.core.dates import YEAR_MAX, YEAR_MIN, date_kept, outside_message, year_ok
from branchwork.core.models import Versioned

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def validate_kept_date(value: dt.date) -> None:
    """Refuse a date (or datetime) outside ``core.dates.DATE_MIN``-``DATE_MAX``."""
    if isinstance(value, dt.date) and not date_kept(value):
        raise ValidationError(outside_message(value), code="date_range")


# The field's validators run in Field.clean, before the form's clean_<field> and clean and
# before any service: an out-of-range date never reaches them.


class DateField(forms.DateField):
    """A date within the kept range, as an <input type=date>."""

    widget = DATE
    default_validators = [validate_kept_date]


class DateTimeField(forms.DateTimeField):
    """A date and time within the kept range, as an <input type=datetime-local>."""

    widget = DATETIME
    default_validators = [validate_kept_date]


class MonthField(forms.DateField):
    """A month as YYYY-MM (an <input type=month>), or a full date; cleaned to the 1st. Months
    are working records (dues ledgers, progress reports): YEAR_MIN-YEAR_MAX."""

    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value: Any) -> dt.date | None:
        day = super().to_python(value)
        if day is None:
            return None
        if not year_ok(day.year):
            raise ValidationError(
                _("Choose a month between %(first)d and %(last)d.")
                % {"first": YEAR_MIN, "last": YEAR_MAX},
                code="date_range",
            )
        return day.replace(day=1)


def formfield(model_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """The form field of a model field, with dates taken through this module's fields."""
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    return model_field.formfield(**kwargs)


class _KeptDatesMetaclass(ModelFormMetaclass):
    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = staticmethod(formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_KeptDatesMetaclass):
    """The base of every model form: its date fields are this module's ``DateField`` /
    ``DateTimeField`` (the range is checked before any ``clean``)."""


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
