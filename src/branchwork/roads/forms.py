from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.roads.models import Division, RoadProject, VillageGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = RoadProject
        fields = [
            "name",
            "county",
            "route_code",
            "year",
            "length_km",
            "pavement_type",
            "pavement_width_m",
            "investment",
            "contractor",
        ]
        help_texts = {
            "route_code": _("Level letter, 3 digits and the county code, e.g. C012520628.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Division.objects.filter(level="county").order_by("code")

    def _post_clean(self) -> None:
        pass  # the service checks the route code against the county


class AdvanceForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    inspector = forms.CharField(label=_("Acceptance inspector"), max_length=60, required=False)


class ConnectForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(label=_("Village groups"), queryset=None)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = choices
        self.fields["groups"].widget.attrs["size"] = 10


class VillageGroupForm(forms.ModelForm):
    village_code = forms.CharField(
        label=_("Village code"),
        max_length=12,
        help_text=_("The 12-digit code of the village (统计用区划代码), e.g. 520602001001."),
    )

    class Meta:
        model = VillageGroup
        fields = [
            "name",
            "households",
            "population",
            "poor_households",
            "poor_population",
            "longitude",
            "latitude",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("population", "poor_households", "poor_population"):
            self.fields[name].required = False

    def clean_village_code(self):
        code = self.cleaned_data["village_code"].strip()
        village = (
            Division.objects.filter(code=code, level="village").select_related("parent").first()
        )
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


class ProgressForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=forms.DateInput(attrs={"type": "month"}), input_formats=["%Y-%m"]
    )
    km_paved = forms.DecimalField(
        label=_("Km paved to date"), min_value=0, max_digits=9, decimal_places=3
    )
    spent = forms.DecimalField(
        label=_("Spent to date (10,000 yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
