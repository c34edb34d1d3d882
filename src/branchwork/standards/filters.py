"""One FilterSet for the list of branch inspections, shared by the roll-up page, its Excel
export and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.standards.models import BranchInspection
from branchwork.standards.rules import Result


class InspectionFilter(django_filters.FilterSet):
    """Filters a ``selectors.inspection_list`` queryset: ``year`` (the round's year,
    YEAR_MIN-YEAR_MAX) and ``result`` (a ``rules.Result`` value; "open" for not signed off).
    An unknown value makes the form invalid: the page ignores it, the API answers 422."""

    year = django_filters.NumberFilter(
        label=_("Year"), field_name="round__year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    result = django_filters.ChoiceFilter(
        label=_("Result"),
        choices=[*Result.choices, ("open", _("Not signed off yet"))],
        empty_label=_("Any"),
        method="filter_result",
    )

    class Meta:
        model = BranchInspection
        fields = ["year", "result"]

    def filter_result(self, queryset: Any, name: str, value: str) -> Any:
        if value == "open":
            return queryset.filter(signed_off_at__isnull=True)
        return queryset.filter(result=value, signed_off_at__isnull=False)

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
