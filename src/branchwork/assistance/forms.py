from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.assistance import rules
from branchwork.assistance.models import (
    DesignatedCounty,
    Household,
    IndicatorTarget,
    LedgerEntry,
    VillagePairing,
)
from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DATE, DateField, ModelForm
from branchwork.organizations.models import Organization
from branchwork.roads.models import Division, RoadProject


class EntryForm(ModelForm):
    """A ledger row; the choices are the organization's designated counties, villages,
    households and the road projects of those counties."""

    class Meta:
        model = LedgerEntry
        fields = [
            "date",
            "donor",
            "county",
            "village",
            "household",
            "kind",
            "quantity",
            "unit",
            "amount",
            "source",
            "purpose",
            "road_project",
            "note",
        ]
        widgets = {"date": DATE}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counties = DesignatedCounty.objects.in_subtree(organization).select_related("county")
        self.fields["county"].queryset = counties
        self.fields["village"].queryset = VillagePairing.objects.in_subtree(
            organization
        ).select_related("village")
        self.fields["household"].queryset = Household.objects.in_subtree(
            organization
        ).select_related("village__village")
        self.fields["road_project"].queryset = RoadProject.objects.filter(
            county__in=[c.county_id for c in counties]
        )
        self.fields["amount"].min_value = 0


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Receipt or handover sign-off"))


class DesignationForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("County"),
        queryset=Division.objects.filter(level=Division.Level.COUNTY),
        to_field_name="code",
    )
    since = forms.IntegerField(
        label=_("Designated since (year)"), min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class VillageForm(forms.Form):
    designation = forms.ModelChoiceField(
        label=_("Designated county"), queryset=DesignatedCounty.objects.none()
    )
    village_code = forms.CharField(label=_("Village division code"), max_length=12)
    unit = forms.CharField(label=_("Paired unit"), max_length=120)
    started_on = DateField(label=_("Paired from"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["designation"].queryset = DesignatedCounty.objects.in_subtree(
            organization
        ).select_related("county")

    def clean_village_code(self) -> Division:
        code = self.cleaned_data["village_code"].strip()
        village = Division.objects.filter(code=code, level=Division.Level.VILLAGE).first()
        if village is None:
            raise forms.ValidationError(_("No village has this code."))
        return village


class HouseholdForm(ModelForm):
    class Meta:
        model = Household
        fields = ["village", "head_name", "size", "registered_poor", "phone", "note"]

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = VillagePairing.objects.in_subtree(
            organization
        ).select_related("village")


class PairingForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)  # type: ignore[arg-type]
    started_on = DateField(label=_("Paired from"))

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        from branchwork.members.models import Member
        from branchwork.members.rules import ON_ROLL_STATUSES

        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = (
            Member.objects.in_subtree(organization)
            .filter(status__in=ON_ROLL_STATUSES)
            .order_by("name_pinyin")
        )


class TargetForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("Designated county"), queryset=DesignatedCounty.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=rules.Indicator.choices)
    target = forms.DecimalField(label=_("Target"), min_value=0, max_digits=14, decimal_places=2)
    actual = forms.DecimalField(
        label=_("Actual reported"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=IndicatorTarget.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = DesignatedCounty.objects.in_subtree(
            organization
        ).select_related("county")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "capture": "environment"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class VisitForm(forms.Form):
    date = DateField(label=_("Date"))
    discussed = forms.CharField(
        label=_("What was discussed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    help_given = forms.CharField(
        label=_("Help given"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultipleFileField(label=_("Photos"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Ledger workbook (.xlsx, .xls, .ods or CSV)"))


class PackForm(forms.Form):
    county = forms.ModelChoiceField(
        label=_("Designated county"), queryset=DesignatedCounty.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = DesignatedCounty.objects.in_subtree(
            organization
        ).select_related("county")
