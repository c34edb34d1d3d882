"""One FilterSet for the item list, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from branchwork.publicity.models import Item
from branchwork.publicity.rules import Kind, State


class ItemFilter(django_filters.FilterSet):
    """Filters a ``selectors.item_list`` queryset by ``state`` (a ``rules.State`` value) and
    ``kind`` (a ``rules.Kind`` value). An unknown value makes the form invalid: the page
    ignores that filter, the API answers 422."""

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=State.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any"))

    class Meta:
        model = Item
        fields = ["state", "kind"]

    def value(self, name: str) -> Any:
        """The valid value of filter ``name`` ("" when absent or invalid), for the page."""
        self.form.is_valid()
        return self.form.cleaned_data.get(name) or ""
