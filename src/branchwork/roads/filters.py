"""One FilterSet for the road-project list, shared by the page, the API and the Excel export,
so the three always list the same projects for the same query."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.roads.models import RoadProject

# The query names the page, the API and the export accept.
PROJECT_FILTERS = ("q", "status", "county", "year")


class RoadProjectFilter(django_filters.FilterSet):
    """``q`` searches the name and the route code (contains, any case); ``status`` a status
    value; ``county`` a county code; ``year`` a program year (YEAR_MIN..YEAR_MAX)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoadProject.Status.choices, empty_label=_("Any")
    )
    county = django_filters.CharFilter(label=_("County"), field_name="county__code")
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = RoadProject
        fields = list(PROJECT_FILTERS)

    def search(
        self, queryset: QuerySet[RoadProject], name: str, value: str
    ) -> QuerySet[RoadProject]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(route_code__icontains=value))

    def query(self) -> dict[str, Any]:
        """The valid filter values, for links that repeat the query (e.g. the export)."""
        self.is_valid()  # the fields that are valid keep their values
        data = getattr(self.form, "cleaned_data", {})
        year = data.get("year")
        return {
            "q": (data.get("q") or "").strip(),
            "status": data.get("status") or "",
            "county": data.get("county") or "",
            "year": int(year) if year else "",
        }
