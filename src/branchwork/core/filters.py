import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branchwork.core.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("What"), choices=AuditEvent.Kind.choices, empty_label=_("Any")
    )
    actor = django_filters.CharFilter(label=_("Who"), field_name="actor_name", lookup_expr="iexact")
    since = django_filters.DateFilter(label=_("From"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("To"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEvent
        fields = ["q", "kind", "actor", "since", "until"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(object_repr__icontains=value) | Q(model__icontains=value) | Q(note__icontains=value)
        )
