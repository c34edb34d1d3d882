from django import forms
from django.utils.translation import gettext_lazy as _

from branchwork.roads.models import Division, RoadProject

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
