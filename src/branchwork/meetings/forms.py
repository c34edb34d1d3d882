from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DATE, ModelForm, VersionedFormMixin
from branchwork.meetings.models import Meeting, Vote
from branchwork.meetings.rules import Grade, Kind

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(VersionedFormMixin, ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "also_counts_as",
            "state",
            "date",
            "start_time",
            "place",
            "topic",
            "host",
            "recorder",
            "lecturer",
            "lecture_title",
            "talk_pair",
            "agenda",
            "minutes",
            "resolutions",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "resolutions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, org_type: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if org_type == "party_group":
            choices = [(Kind.GROUP_MEETING.value, Kind.GROUP_MEETING.label)]
        else:
            choices = [(k, label) for k, label in Kind.choices if k != Kind.GROUP_MEETING]
        self.fields["kind"].choices = choices
        self.fields["also_counts_as"].choices = [("", "—"), *choices]

    def _post_clean(self) -> None:
        pass  # the service checks the meeting against the rules


class VoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of vote"), choices=Vote.Kind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    written_for = forms.IntegerField(
        label=_("Written opinions for"),
        min_value=0,
        required=False,
        help_text=_("Only when admitting a member: opinions handed in before the meeting."),
    )
    written_against = forms.IntegerField(
        label=_("Written opinions against"), min_value=0, required=False
    )

    def clean(self):
        data = super().clean()
        for name in ("votes_against", "abstentions", "written_for", "written_against"):
            data[name] = data.get(name) or 0
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Photo or document"))


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)


GRADE_CHOICES = [("", "—"), *Grade.choices]
