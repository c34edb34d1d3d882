from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DateField
from branchwork.study.rules import Form, Unit


class RecordForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member"), coerce=int)
    date = DateField(label=_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices)
    quantity = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=Unit.choices,
        help_text=_("1 class hour = 1 hour, half a day = 4, a day = 8."),
    )
    organizer = forms.CharField(
        label=_("Organized by"),
        max_length=200,
        required=False,
        help_text=_("For a centralised training: the higher organization that held it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    evidence = forms.FileField(label=_("Evidence (certificate, photo, notes)"), required=False)

    def __init__(self, *args, members: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["member"]).choices = [(m.pk, m.name) for m in members]


class SessionForm(forms.Form):
    date = DateField(label=_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.5"), max_digits=5, decimal_places=1
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    meeting = forms.TypedChoiceField(
        label=_("Held at the meeting"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The participants are the members marked present at the meeting."),
    )
    members = forms.TypedMultipleChoiceField(
        label=_("Participants (without a meeting)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lecturer = forms.CharField(label=_("Lecturer"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, meetings: list, members: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["meeting"]).choices = [("", "—")] + [
            (
                m.pk,
                f"{m.date:%Y-%m-%d} {m.get_kind_display()} · "
                f"{m.organization.short_name or m.organization.name}",
            )
            for m in meetings
        ]
        cast(forms.ChoiceField, self.fields["members"]).choices = [(m.pk, m.name) for m in members]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanItemForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, m) for m in range(1, 13)]
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    materials = forms.TypedMultipleChoiceField(
        label=_("Materials"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, materials: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["materials"]).choices = [
            (m.pk, f"{m.topic} · {m.title}") for m in materials
        ]


class MaterialForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Document"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel or CSV file"))


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
