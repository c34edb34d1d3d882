"""One FilterSet for the development register, shared by the page, the API and the Excel
export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from branchwork.development import rules
from branchwork.development.models import Person


class PersonFilter(django_filters.FilterSet):
    """Filters a ``selectors.person_list`` queryset: ``stage`` (a ``rules.Stage`` value),
    ``status`` (a ``rules.PersonStatus`` value), ``q`` (part of the name) and ``applied_year``
    (the year of the application, step 1). An unknown stage or status makes the form invalid:
    the page ignores that filter, the API answers 422."""

    stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=rules.Stage.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=rules.PersonStatus.choices, empty_label=_("Any")
    )
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")
    applied_year = django_filters.NumberFilter(
        label=_("Year of application"), method="filter_applied_year", min_value=1900
    )

    class Meta:
        model = Person
        fields = ["stage", "status", "q", "applied_year"]

    def filter_applied_year(self, queryset: QuerySet[Person], name: str, value: Any) -> Any:
        return queryset.filter(steps__number=1, steps__date__year=value).distinct()

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
