from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.activities.models import Activity, CaringVisit, FundEntry, MassOrganization, Staff
from branchwork.core.forms import DATE, ModelForm
from branchwork.members.models import Member

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ActivityForm(ModelForm):
    class Meta:
        model = Activity
        fields = [
            "name",
            "kind",
            "series",
            "campaign",
            "mass_org",
            "state",
            "date",
            "start_time",
            "end_time",
            "place",
            "hours",
            "counts_as_study",
            "signup_open",
            "capacity",
            "description",
            "outcome",
        ]
        widgets = {
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, mass_orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["mass_org"]).queryset = mass_orgs
        self.fields["hours"].widget.attrs.update({"step": "0.5", "inputmode": "decimal"})

    def _post_clean(self) -> None:
        pass  # the service checks the activity


class StaffForm(ModelForm):
    class Meta:
        model = Staff
        fields = ["name", "department", "post", "retired", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass


class MassOrgForm(ModelForm):
    class Meta:
        model = MassOrganization
        fields = ["kind", "name", "chair", "founded_on", "notes"]
        widgets = {"founded_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self) -> None:
        pass


class PersonForm(forms.Form):
    """Choose a party member or a staff member (one of the two)."""

    member = forms.ModelChoiceField(
        label=_("Party member"), queryset=Member.objects.none(), required=False
    )
    staff = forms.ModelChoiceField(
        label=_("Staff member"), queryset=Staff.objects.none(), required=False
    )
    role = forms.CharField(label=_("Role"), max_length=50, required=False)

    def __init__(
        self, *args: Any, members: Any, staff: Any, with_role: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = members
        cast(forms.ModelChoiceField, self.fields["staff"]).queryset = staff
        if not with_role:
            del self.fields["role"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("member")) == bool(data.get("staff")):
            raise forms.ValidationError(_("Choose one person: a party member or a staff member."))
        return data


class PhotoForm(forms.Form):
    file = forms.ImageField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class CaringVisitForm(ModelForm):
    class Meta:
        model = CaringVisit
        fields = [
            "category",
            "visited_member",
            "visited_staff",
            "visited_name",
            "circumstances",
            "date",
            "visitors",
            "money",
            "goods",
            "follow_up",
            "follow_up_done",
        ]
        widgets = {
            "date": DATE,
            "circumstances": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, members: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["visited_member"]).queryset = members
        cast(forms.ModelChoiceField, self.fields["visited_staff"]).queryset = staff
        self.fields["visited_name"].required = False
        self.fields["visited_name"].help_text = _(
            "Filled from the member or staff member chosen; give it for anyone else."
        )
        self.fields["money"].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("visited_name") or data.get("visited_member") or data.get("visited_staff")
        ):
            self.add_error("visited_name", _("Say who was visited."))
        return data

    def _post_clean(self) -> None:
        pass


class FundEntryForm(ModelForm):
    class Meta:
        model = FundEntry
        fields = ["kind", "date", "amount", "description"]
        widgets = {"date": DATE}

    def _post_clean(self) -> None:
        pass
