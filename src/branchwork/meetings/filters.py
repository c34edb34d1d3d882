"""One FilterSet for the meeting list, shared by the page, the API and the year's Excel export."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.meetings.models import Meeting
from branchwork.meetings.rules import Kind


class MeetingFilter(django_filters.FilterSet):
    """Filters a ``selectors.meeting_list`` queryset: ``year`` (YEAR_MIN-YEAR_MAX; the page and
    the export always give one, the API may leave it out for every year), ``kind`` (a
    ``rules.Kind`` value, matching the meeting's kind only) and ``state`` (a
    ``Meeting.State`` value). An unknown kind or state makes the form invalid: the page
    ignores that filter, the API answers 422."""

    year = django_filters.NumberFilter(
        label=_("Year"),
        field_name="date",
        lookup_expr="year",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any"))
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Meeting.State.choices, empty_label=_("Any")
    )

    class Meta:
        model = Meeting
        fields = ["year", "kind", "state"]

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()  # cleans the form once; invalid fields are left out
        return self.form.cleaned_data.get(name) or ""
