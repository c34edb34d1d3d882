"""One FilterSet per maintenance list, shared by the page, the API and the Excel export, so
the three cannot disagree. Each is given a queryset from ``selectors`` (already scoped to the
acting user) and narrows it; an invalid value (a status that does not exist) makes the
FilterSet invalid, which the API reports as a 422 and the page ignores."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.maintenance.models import Patrol, Route, Survey, SurveyUnit, WorkOrder

OPEN = "open"


class RouteFilter(django_filters.FilterSet):
    """Routes by text (code or name contains) and administrative level."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Administrative level"), choices=Route.Level.choices, empty_label=_("Any")
    )

    class Meta:
        model = Route
        fields = ["q", "level"]

    def search(self, queryset: QuerySet[Route], name: str, value: str) -> QuerySet[Route]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))

    @property
    def qs(self) -> Any:
        return super().qs.order_by("code")


class SurveyFilter(django_filters.FilterSet):
    """Surveys by evaluation year."""

    year = django_filters.NumberFilter(
        label=_("Evaluation year"), min_value=YEAR_MIN, max_value=YEAR_MAX
    )

    class Meta:
        model = Survey
        fields = ["year"]


class SurveyUnitFilter(django_filters.FilterSet):
    """A survey's units by condition grade (the URL keeps the short name ``grade``)."""

    grade = django_filters.ChoiceFilter(
        label=_("Condition grade"),
        field_name="condition_grade",
        choices=SurveyUnit.ConditionGrade.choices,
        empty_label=_("Any"),
    )

    class Meta:
        model = SurveyUnit
        fields = ["grade"]


class PatrolFilter(django_filters.FilterSet):
    """Patrols by route id."""

    route = django_filters.NumberFilter(label=_("Route"), field_name="route_id")

    class Meta:
        model = Patrol
        fields = ["route"]


class WorkOrderFilter(django_filters.FilterSet):
    """Work orders by status; ``open`` is every status before verified."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(OPEN, _("Open")), *WorkOrder.Status.choices],
        empty_label=_("Any"),
        method="filter_status",
    )

    class Meta:
        model = WorkOrder
        fields = ["status"]

    def filter_status(
        self, queryset: QuerySet[WorkOrder], name: str, value: str
    ) -> QuerySet[WorkOrder]:
        if value == OPEN:
            return queryset.exclude(status=WorkOrder.Status.VERIFIED)
        return queryset.filter(status=value)
