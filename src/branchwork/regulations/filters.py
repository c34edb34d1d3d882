"""One FilterSet for the rules library, shared by the page, the API and the Word booklet."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.regulations import selectors
from branchwork.regulations.models import Regulation
from branchwork.regulations.rules import Category


class RegulationFilter(django_filters.FilterSet):
    """Filters a ``selectors.regulation_list`` queryset: ``q`` (words in the title or text,
    ``selectors.search``: title matches first), ``category`` (a ``rules.Category`` value). An
    unknown category makes the form invalid: the page ignores it, the API answers 422."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=100)
    category = django_filters.ChoiceFilter(
        label=_("Rule category"), choices=Category.choices, empty_label=_("Any")
    )

    class Meta:
        model = Regulation
        fields = ["q", "category"]

    def filter_q(
        self, queryset: QuerySet[Regulation], name: str, value: str
    ) -> QuerySet[Regulation]:
        return selectors.search(queryset, value)

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
