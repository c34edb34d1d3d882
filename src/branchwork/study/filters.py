"""One FilterSet for the study ledger (records), shared by the page, the API and the Excel
export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.study.models import StudyRecord
from branchwork.study.rules import Form


class StudyRecordFilter(django_filters.FilterSet):
    """Filters a ``selectors.record_list`` queryset: ``year`` (YEAR_MIN-YEAR_MAX; the page and
    the export always give one), ``form`` (a ``rules.Form`` value), ``member`` (a member id)
    and ``q`` (words in the topic or the member's name). An unknown form makes the form
    invalid: the page ignores it, the API answers 422."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    form = django_filters.ChoiceFilter(label=_("Form"), choices=Form.choices, empty_label=_("Any"))
    member = django_filters.NumberFilter(label=_("Member"), field_name="member_id")
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = StudyRecord
        fields = ["year", "form", "member", "q"]

    def search(self, queryset: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(topic__icontains=value)
            | Q(member__name__icontains=value)
            | Q(member__name_pinyin__icontains=value.lower())
        )

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
