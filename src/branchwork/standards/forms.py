from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DateField, ModelForm
from branchwork.standards.models import UpgradePhoto, UpgradeProject
from branchwork.standards.rules import Result, Side, Verification


def points_field(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=5, decimal_places=1, min_value=Decimal("0"))


class ScoreForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    side = forms.ChoiceField(choices=Side.choices, widget=forms.HiddenInput)
    points = points_field(_("Points"))
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class SignOffForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    result_on = DateField(label=_("Result dated"))
    comment = forms.CharField(
        label=_("Inspector's comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CorrectionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    points = points_field(_("Corrected points"))
    reason = forms.CharField(label=_("Reason"), max_length=500)


class EvidenceForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File"))


class ItemForm(forms.Form):
    category = forms.CharField(label=_("Category"), max_length=100, required=False)
    key = forms.RegexField(label=_("Key"), max_length=40, regex=r"^[a-z0-9_.-]+$")
    title = forms.CharField(label=_("Item"), max_length=200)
    points = points_field(_("Points"))
    evidence_needed = forms.CharField(label=_("Evidence needed"), max_length=300, required=False)
    evidence_key = forms.ChoiceField(label=_("Evidenced by the system"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from branchwork.standards.evidence import evidence_choices

        super().__init__(*args, **kwargs)
        self.fields["evidence_key"].choices = evidence_choices()  # type: ignore[attr-defined]


class MarksForm(forms.Form):
    pass_mark = forms.DecimalField(label=_("Pass mark"), max_digits=6, decimal_places=1)
    demonstration_mark = forms.DecimalField(
        label=_("Demonstration-site mark"), max_digits=6, decimal_places=1
    )
    verification = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)
    verification_note = forms.CharField(
        label=_("Verification note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    template = forms.IntegerField(label=_("Checklist"))
    branches = forms.MultipleChoiceField(label=_("Branches in scope"), required=False)


class ProjectForm(ModelForm):
    class Meta:
        model = UpgradeProject
        fields = ["title", "year", "status", "description", "notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self) -> None:
        pass  # the service saves and validates


class TaskForm(forms.Form):
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = forms.CharField(label=_("Owner"), max_length=50)
    deadline = DateField(label=_("Deadline"))
    done_on = DateField(label=_("Done on"), required=False)


class PhotoForm(forms.Form):
    phase = forms.ChoiceField(label=_("Before or after"), choices=UpgradePhoto.Phase.choices)
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    file = forms.FileField(label=_("Photo"))
