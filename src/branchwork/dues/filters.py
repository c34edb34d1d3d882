"""One FilterSet per dues list (payments, arrears), shared by the page, the API and the Excel
export, so the three cannot disagree."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.levels import Level
from branchwork.dues.models import MonthlyDue, Payment


def _member_search(prefix: str, value: str) -> Q:
    value = value.strip()
    lowered = value.replace(" ", "").lower()
    return (
        Q(**{f"{prefix}name__icontains": value})
        | Q(**{f"{prefix}name_pinyin__startswith": lowered})
        | Q(**{f"{prefix}name_initials__startswith": lowered})
    )


class PaymentFilter(django_filters.FilterSet):
    """Payments of an organization's members: by year paid, method, reversed or not, and a
    search over the member's name (characters, pinyin or initials) and the receipt number."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="paid_on",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    method = django_filters.ChoiceFilter(
        label=_("Method"), choices=Payment.Method.choices, empty_label=_("Any")
    )
    reversed = django_filters.BooleanFilter(
        label=_("Reversed"), field_name="reversal", lookup_expr="isnull", exclude=True
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Payment
        fields = ["year", "method", "reversed", "q"]

    def search(self, queryset: QuerySet[Payment], name: str, value: str) -> QuerySet[Payment]:
        if not value.strip():
            return queryset
        return queryset.filter(
            _member_search("member__", value) | Q(receipt_number__icontains=value.strip())
        )


class ArrearsFilter(django_filters.FilterSet):
    """Members in arrears: a search over the member's name (characters, pinyin or initials)
    and the level (``core.levels.Level``) of their months unpaid in a row. The queryset is the
    unpaid monthly dues; the level is applied by ``selectors.arrears`` after counting."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("Any"), method="keep"
    )

    class Meta:
        model = MonthlyDue
        fields = ["q", "level"]

    def search(self, queryset: QuerySet[MonthlyDue], name: str, value: str) -> QuerySet[MonthlyDue]:
        if not value.strip():
            return queryset
        return queryset.filter(_member_search("member__", value))

    def keep(self, queryset: QuerySet[MonthlyDue], name: str, value: str) -> QuerySet[MonthlyDue]:
        return queryset  # counted per member afterwards (selectors.arrears)


def validated(filterset_class: type[django_filters.FilterSet], data: Mapping[str, Any]) -> None:
    """Raise ``ValidationError`` (field -> messages) when ``data`` does not fit the FilterSet;
    the API answers 422 with it, where the page quietly ignores a bad value."""
    filterset = filterset_class(data, queryset=filterset_class._meta.model.objects.none())
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
