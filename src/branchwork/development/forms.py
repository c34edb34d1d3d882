from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branchwork.core import crypto
from branchwork.core.forms import DATE, DateField, ModelForm
from branchwork.development import rules
from branchwork.development.models import Person
from branchwork.members import rules as member_rules
from branchwork.members.forms import normalise_phone
from branchwork.members.models import Member


def check_identity(
    number: str, birth_date: Any, gender: Any, *, exclude_pk: int | None = None
) -> tuple[str, dict[str, str]]:
    """The normalised ID number and field errors, checked as the member registry does
    (GB 11643: pattern, check character, a real birth date; the birth date and gender must
    match it) and not already in the pipeline."""
    errors: dict[str, str] = {}
    try:
        info = member_rules.parse_id_number(number, timezone.localdate())
    except member_rules.IdNumberError as exc:
        return "", {"id_number": str(exc)}
    if birth_date and birth_date != info.birth_date:
        errors["birth_date"] = str(
            _("The birth date %(entered)s does not match the ID number, which says %(from_id)s.")
            % {"entered": birth_date.isoformat(), "from_id": info.birth_date.isoformat()}
        )
    if gender and gender != info.gender:
        errors["gender"] = str(_("The gender does not match the ID number."))
    taken = Person.objects.filter(id_number_hash=crypto.lookup_hash(info.number))
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        errors["id_number"] = str(_("This ID number is already in the development register."))
    return info.number, errors


class PersonForm(ModelForm):
    id_number = forms.CharField(label=_("resident ID number"), max_length=18)

    class Meta:
        model = Person
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "id_number",
            "phone",
            "education",
            "work_unit",
            "post",
            "notes",
        ]
        widgets = {"birth_date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass  # the encrypted columns are filled by the service

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("id_number"):
            number, errors = check_identity(
                data["id_number"], data.get("birth_date"), data.get("gender")
            )
            for field, message in errors.items():
                self.add_error(field, message)
            if number:
                data["id_number"] = number
        return data


class StepForm(forms.Form):
    """A step other than the general meeting's votes (15 and 23)."""

    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=rules.LAST_STEP)
    date = DateField(label=_("Date"))
    decided_by = forms.ChoiceField(label=_("Decided by"), choices=rules.Decider.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contacts = forms.CharField(label=_("Training contacts (1-2 full members)"), required=False)
    introducers = forms.ModelMultipleChoiceField(
        label=_("Introducers (two full members)"), queryset=Member.objects.none(), required=False
    )
    training_days = forms.IntegerField(label=_("Training days"), min_value=0, required=False)
    training_hours = forms.IntegerField(
        label=_("Training class hours"), min_value=0, required=False
    )

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["introducers"].queryset = members

    def clean_training_days(self) -> int:
        return self.cleaned_data.get("training_days") or 0

    def clean_training_hours(self) -> int:
        return self.cleaned_data.get("training_hours") or 0


DECISIONS = [
    ("admit", _("Admit as probationary member (step 15)")),
    ("convert", _("Convert to full member (step 23)")),
    (rules.EXTEND, _("Extend the probation")),
    (rules.DISQUALIFY, _("Cancel the probationary membership")),
]


class VoteStepForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    meeting = forms.ModelChoiceField(label=_("General meeting (held)"), queryset=None)
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    written_for = forms.IntegerField(label=_("Written opinions for"), min_value=0, required=False)
    written_against = forms.IntegerField(
        label=_("Written opinions against"), min_value=0, required=False
    )
    extension_months = forms.IntegerField(
        label=_("Extension (months)"), min_value=0, max_value=24, required=False
    )
    note = forms.CharField(
        label=_("Note (reasons)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def cleaned(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for key in (
            "votes_against",
            "abstentions",
            "written_for",
            "written_against",
            "extension_months",
        ):
            data[key] = data.get(key) or 0
        return data


class DisqualifyForm(forms.Form):
    date = DateField(label=_("Date"))
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=rules.DocumentKind.choices)
    file = forms.FileField(label=_("File"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Development register (Excel or CSV)"))
