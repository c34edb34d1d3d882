from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.forms import DateField, ModelForm, VersionedFormMixin
from branchwork.maintenance.models import ConditionProfile, Route
from branchwork.maintenance.profiles import STATUSES, describe, status_label
from branchwork.maintenance.services import ROUTE_FIELDS
from branchwork.roads.models import Division

STAKE_HELP = _("Kilometre and metres, e.g. K1+200.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in items]


class RouteForm(VersionedFormMixin, ModelForm):
    start_stake = forms.CharField(label=_("start stake"), help_text=STAKE_HELP, max_length=20)
    end_stake = forms.CharField(label=_("end stake"), help_text=STAKE_HELP, max_length=20)

    class Meta:
        model = Route
        fields = list(ROUTE_FIELDS)
        help_texts = {
            "code": _(
                "Level letter (G, S, X, Y, C, Z), 3 digits and the county code, e.g. X021520602."
            ),
            "unit_length_m": _("Usually 1,000 m; the last unit takes what is left."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Division.objects.filter(level="county").order_by("code")
        if self.instance.pk:
            self.initial.setdefault("start_stake", self.instance.start_stake)
            self.initial.setdefault("end_stake", self.instance.end_stake)
        else:
            self.initial.setdefault("unit_length_m", settings.MAINTENANCE_UNIT_LENGTH_M)
            self.initial.setdefault("start_stake", "K0+000")

    def _post_clean(self) -> None:
        pass  # the service checks the code, stakes and county


class SurveyImportForm(forms.Form):
    file = forms.FileField(label=_("Survey sheet (.xlsx or .csv)"))
    year = forms.IntegerField(label=_("Evaluation year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    surveyed_on = DateField(label=_("Surveyed on"))
    profile = forms.ModelChoiceField(
        label=pgettext_lazy("condition rating", "Profile"),
        queryset=ConditionProfile.objects.all(),
        required=False,
        empty_label=_("The profile chosen for the year"),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.initial.setdefault("year", today.year)
        self.initial.setdefault("surveyed_on", today)


class PatrolForm(forms.Form):
    route = forms.ModelChoiceField(label=_("Route"), queryset=Route.objects.none())
    patrolled_on = DateField(label=_("Date"))
    inspector = forms.CharField(label=_("Inspector"), max_length=60)
    from_stake = forms.CharField(
        label=_("From stake"), max_length=20, required=False, help_text=STAKE_HELP
    )
    to_stake = forms.CharField(label=_("To stake"), max_length=20, required=False)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    file = MultiplePhotoField(
        label=_("Photos (JPEG or PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png", "multiple": True}),
    )

    def __init__(self, *args, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.initial.setdefault("patrolled_on", timezone.localdate())


class WorkOrderForm(forms.Form):
    route = forms.ModelChoiceField(label=_("Route"), queryset=Route.objects.none())
    from_stake = forms.CharField(label=_("From stake"), max_length=20, help_text=STAKE_HELP)
    to_stake = forms.CharField(label=_("To stake"), max_length=20)
    defect = forms.CharField(label=_("Defect"), max_length=300)
    raised_on = DateField(label=_("Raised on"))

    def __init__(self, *args, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes
        self.initial.setdefault("raised_on", timezone.localdate())


class AdvanceForm(forms.Form):
    # The version the page was opened at (core.audit.expect_version): a second click, or a
    # change made by someone else meanwhile, is refused instead of advancing twice.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    on = DateField(label=_("Date"), required=False)
    assignee = forms.CharField(label=_("Assigned to"), max_length=100, required=False)
    repair = forms.CharField(label=_("Repair done"), max_length=300, required=False)
    cost = forms.DecimalField(
        label=_("Cost (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, **kwargs):
        # Accept the thousands separators people type ("8,600", "8，600", "8 600").
        data = kwargs.get("data") if "data" in kwargs else (args[0] if args else None)
        if data is not None and data.get("cost"):
            data = data.copy()
            data["cost"] = "".join(c for c in data["cost"] if c not in ",， ")
            if "data" in kwargs:
                kwargs["data"] = data
            else:
                args = (data, *args[1:])
        super().__init__(*args, **kwargs)

    verified_by = forms.CharField(label=_("Verified by"), max_length=60, required=False)


class ProfileYearForm(forms.Form):
    year = forms.IntegerField(label=_("Evaluation year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    profile = forms.ModelChoiceField(
        label=pgettext_lazy("condition rating", "Profile"), queryset=ConditionProfile.objects.all()
    )


class ProfileReviseForm(forms.Form):
    """One number and one status field per coefficient of the base profile."""

    note = forms.CharField(
        label=_("What changed, and on what authority"),
        max_length=300,
        help_text=_("For example: a0 corrected from the printed standard, table 5.2.3."),
    )

    def __init__(self, *args, rows, leaves, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for path, number, _status in rows:
            name = "c__" + path
            self.fields[name] = forms.FloatField(
                label=describe(path),
                help_text=path,
                initial=number,
                min_value=0,
                widget=forms.NumberInput({"step": "any"}),
            )
            self.rows.append((path, name))
        self.leaf_fields = []
        for path, status in leaves:
            name = "s__" + path
            self.fields[name] = forms.ChoiceField(
                label=describe(path),
                help_text=path,
                choices=[(s, status_label(s)) for s in STATUSES],
                initial=status,
            )
            self.leaf_fields.append((path, name))

    def coefficient_fields(self):
        return [self[name] for _path, name in self.rows]

    def status_fields(self):
        return [self[name] for _path, name in self.leaf_fields]

    def changes(self) -> tuple[dict[str, float], dict[str, str]]:
        values = {path: self.cleaned_data[name] for path, name in self.rows}
        statuses = {path: self.cleaned_data[name] for path, name in self.leaf_fields}
        return values, statuses
