"""One FilterSet per list, shared by the page and the API so the two cannot disagree."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branchwork.organizations.models import Organization
from branchwork.organizations.rules import OrgType


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    org_type = django_filters.ChoiceFilter(
        label=_("Type"), choices=OrgType.choices, empty_label=_("Any")
    )

    class Meta:
        model = Organization
        fields = ["q", "org_type"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(code__icontains=value)
            | Q(host_unit__icontains=value)
        )
