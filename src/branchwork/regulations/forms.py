from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.forms import DateField, ModelForm
from branchwork.meetings.models import Meeting
from branchwork.regulations.models import Regulation

BODY_HELP = _(
    "One paragraph per line. Simple formatting is kept (paragraphs, headings, bold, lists, "
    "tables written as HTML); anything else, such as links or scripts, is removed."
)


class RegulationForm(ModelForm):
    class Meta:
        model = Regulation
        fields = ["title", "category", "issued_by", "based_on", "notes"]


class DraftForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=200_000,
        help_text=BODY_HELP,
    )
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class NewRegulationForm(RegulationForm):
    body = DraftForm.base_fields["body"]


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:  # type: ignore[override]
        return f"{obj.date:%Y-%m-%d} {obj.get_kind_display()} {obj.topic}".strip()


class AdoptForm(forms.Form):
    meeting = MeetingChoiceField(
        label=_("Adopted by the meeting"),
        queryset=Meeting.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effective_on = DateField(
        label=_("In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        help_text=_("Leave empty: the day of the meeting."),
    )

    def __init__(self, *args, meetings=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = cast(MeetingChoiceField, self.fields["meeting"])
        if meetings is not None:
            field.queryset = meetings


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
