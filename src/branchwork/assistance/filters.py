"""One FilterSet per assistance list (ledger, visits), shared by the page, the API and the
Excel export, so the three cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.assistance import rules
from branchwork.assistance.models import LedgerEntry, Visit
from branchwork.core.dates import YEAR_MAX, YEAR_MIN


class LedgerFilter(django_filters.FilterSet):
    """Ledger rows: by year, designated county (its division code), type, source, status and
    a search over donor, purpose and unit."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    county = django_filters.CharFilter(label=_("County code"), field_name="county__county__code")
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=rules.Kind.choices, empty_label=_("Any")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=rules.Source.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=LedgerEntry.Status.choices, empty_label=_("Any")
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = LedgerEntry
        fields = ["year", "county", "kind", "source", "status", "q"]

    def search(
        self, queryset: QuerySet[LedgerEntry], name: str, value: str
    ) -> QuerySet[LedgerEntry]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(donor__icontains=value) | Q(purpose__icontains=value) | Q(note__icontains=value)
        )


class VisitFilter(django_filters.FilterSet):
    """Household visits: by year and the designated county's division code."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    county = django_filters.CharFilter(
        label=_("County code"), field_name="pairing__household__village__designation__county__code"
    )

    class Meta:
        model = Visit
        fields = ["year", "county"]


def validated(filterset_class: type[django_filters.FilterSet], data: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (field -> messages) when ``data`` does not fit the FilterSet;
    the API answers 422 with it, where the page quietly ignores a bad value."""
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.none())
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
