"""One FilterSet per list, shared by the page, the API and the export: activities and caring
visits."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.activities.models import Activity, CaringVisit
from branchwork.activities.rules import Kind, Series, VisitedCategory
from branchwork.core.dates import YEAR_MAX, YEAR_MIN


class _ValueMixin:
    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()  # type: ignore[attr-defined]
        return self.form.cleaned_data.get(name) or ""  # type: ignore[attr-defined]


class ActivityFilter(_ValueMixin, django_filters.FilterSet):
    """Filters a ``selectors.activity_list`` queryset: ``year``, ``kind`` (``rules.Kind``),
    ``series`` (``rules.Series``), ``state`` and ``study`` (only those counting as study). An
    unknown choice makes the form invalid: the page ignores it, the API answers 422."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any"))
    series = django_filters.ChoiceFilter(
        label=_("Series"), choices=Series.choices, empty_label=_("Any")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Activity.State.choices, empty_label=_("Any")
    )
    study = django_filters.BooleanFilter(label=_("Counts as study"), field_name="counts_as_study")

    class Meta:
        model = Activity
        fields = ["year", "kind", "series", "state", "study"]


class CaringVisitFilter(_ValueMixin, django_filters.FilterSet):
    """Filters a ``selectors.caring_visit_list`` queryset: ``year`` and ``category``."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    category = django_filters.ChoiceFilter(
        label=_("Visited"), choices=VisitedCategory.choices, empty_label=_("Any")
    )

    class Meta:
        model = CaringVisit
        fields = ["year", "category"]
