from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DATE, DateField, ModelForm, MonthField, VersionedFormMixin
from branchwork.roads.models import Division, ProgramTarget, RoadProject, VillageGroup
from branchwork.roads.selectors import counties, division_by_code, townships
from branchwork.roads.services import FIELDS, GROUP_FIELDS, INVESTMENT_SOURCES


class TownshipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Division) -> str:
        return f"{obj.parent.name} · {obj.name}" if obj.parent_id else obj.name


class ProjectForm(VersionedFormMixin, ModelForm):
    class Meta:
        model = RoadProject
        fields = list(FIELDS)
        field_classes = {"township": TownshipChoiceField}
        widgets = {"started_on": DATE}
        help_texts = {
            "route_code": _("Level letter, 3 digits and the county code, e.g. C012520628."),
            "township": _("Optional; a township of the county."),
            "start_stake": _("For example K0+000."),
            "end_stake": _("For example K2+350."),
            "investment_other": _(
                "Sources not known or not listed; the total investment is the sum of the four."
            ),
            "started_on": _("Set when construction starts, or here."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()
        # The township list follows the chosen county: the county select asks the page's
        # townships endpoint (HTMX) for its options when it changes.
        self.fields["county"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("roads:townships"),
                "hx-trigger": "change",
                "hx-target": "#id_township",
                "hx-swap": "innerHTML",
            }
        )
        self.fields["township"].queryset = townships()
        county = self._chosen_county()
        if county is not None:
            self.fields["township"].widget.choices = township_choices(county)
        else:
            # No county yet: every township, grouped by county (optgroups).
            groups: dict[str, list[tuple[int, str]]] = {}
            for township in townships():
                name = township.parent.name if township.parent_id else ""
                groups.setdefault(name, []).append((township.pk, township.name))
            self.fields["township"].widget.choices = [("", "---------"), *groups.items()]
        for name in INVESTMENT_SOURCES:
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = 0
        for name in ("subgrade_width_m", "pavement_thickness_cm", "length_km"):
            self.fields[name].widget.attrs["min"] = 0
        self.fields["year"].widget.attrs.update(min=YEAR_MIN, max=YEAR_MAX)

    def _chosen_county(self) -> int | None:
        """The county the form shows: the one posted, else the project's, else None."""
        raw = self.data.get(self.add_prefix("county")) if self.is_bound else None
        if raw is None:
            raw = self.initial.get("county") or getattr(self.instance, "county_id", None)
        return int(raw) if str(raw or "").isdigit() and int(str(raw)) < 2**31 else None

    def _post_clean(self) -> None:
        pass  # the service checks the route code, the township, the stakes and the dates


def township_choices(county: Division | int | None) -> list[tuple[Any, str]]:
    """The township choices of ``county`` (an empty first choice, then its townships)."""
    return [("", "---------"), *((t.pk, t.name) for t in townships(county))]


class TargetForm(ModelForm):
    class Meta:
        model = ProgramTarget
        fields = ["county", "year", "groups", "km", "investment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()
        self.fields["investment"].required = False
        self.fields["year"].widget.attrs.update(min=YEAR_MIN, max=YEAR_MAX)
        for name in ("km", "investment"):
            self.fields[name].widget.attrs["min"] = 0

    def _post_clean(self) -> None:
        pass  # the service checks one target per county and year, with its own message


class AdvanceForm(forms.Form):
    # The version the page was opened at (core.audit.expect_version): a second click, or a
    # change made by someone else meanwhile, is refused instead of advancing twice.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    on = DateField(label=_("Date"), required=False)
    inspector = forms.CharField(label=_("Acceptance inspector"), max_length=60, required=False)


class GroupChoiceField(forms.ModelMultipleChoiceField):
    """Ids that cannot be database keys are refused as invalid choices (not a 500)."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > 2_147_483_647:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class ConnectForm(forms.Form):
    """The village groups a project connects: checkboxes the page filters with a search box
    (hundreds of groups; a multi-select list is unusable on a phone)."""

    groups = GroupChoiceField(
        label=_("Village groups"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = choices
        self.fields["groups"].label_from_instance = group_label


def group_label(group: VillageGroup) -> str:
    """ "Township · Village group (N households)", what the picker lists and searches."""
    township = group.village.parent.name if group.village.parent_id else ""
    households = ngettext("%(n)d household", "%(n)d households", group.households) % {
        "n": group.households
    }
    name = f"{group.village.name}{group.name}"
    return f"{township} · {name} ({households})" if township else f"{name} ({households})"


class VillageGroupForm(ModelForm):
    village_code = forms.CharField(
        label=_("Village code"),
        max_length=12,
        help_text=_("The 12-digit code of the village (统计用区划代码), e.g. 520602001001."),
    )

    class Meta:
        model = VillageGroup
        fields = list(GROUP_FIELDS)
        labels = {"longitude": _("Longitude (optional)"), "latitude": _("Latitude (optional)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("population", "poor_households", "poor_population"):
            self.fields[name].required = False

    def clean_village_code(self):
        code = self.cleaned_data["village_code"].strip()
        village = division_by_code(code, Division.Level.VILLAGE)
        if village is None:
            raise forms.ValidationError(
                _("No village has the code %(code)s."), params={"code": code}
            )
        self.village = village
        return code

    def clean(self):
        data = super().clean()
        households, poor = data.get("households"), data.get("poor_households")
        if households is not None and poor is not None and poor > households:
            self.add_error("poor_households", _("More poor households than households."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files from one input; the service checks each (photos only, by content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultiplePhotoField, self).clean(item, initial) for item in items if item]
        return [f for f in files if f]


class ProgressForm(forms.Form):
    month = MonthField(label=_("Month"))
    km_paved = forms.DecimalField(
        label=_("Km paved to date"), min_value=0, max_digits=9, decimal_places=3
    )
    spent = forms.DecimalField(
        label=_("Spent to date (10,000 yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photos = MultiplePhotoField(
        label=_("Photos"), required=False, help_text=_("JPEG or PNG; several at once.")
    )
