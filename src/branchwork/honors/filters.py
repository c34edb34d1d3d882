"""One FilterSet for the honor list, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.core.dates import YEAR_MAX
from branchwork.honors.models import Honor
from branchwork.honors.rules import Level, Recipient


class HonorFilter(django_filters.FilterSet):
    """Filters a ``selectors.honor_list`` queryset: ``level``, ``year`` and ``recipient``."""

    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Level.choices, empty_label=_("Any")
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=1949, max_value=YEAR_MAX)
    recipient = django_filters.ChoiceFilter(
        label=_("Awarded to"), choices=Recipient.choices, empty_label=_("Any")
    )

    class Meta:
        model = Honor
        fields = ["level", "year", "recipient"]

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
