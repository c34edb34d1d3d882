"""One FilterSet for the member list, shared by the page, the API and the Excel export."""

from __future__ import annotations

import re

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from branchwork.members import rules
from branchwork.members.models import Member
from branchwork.organizations.models import Organization

ASCII_LETTERS = re.compile(r"^[a-zA-Z]+$")
DIGITS = re.compile(r"^[\dXx]+$")

ORDERING = {
    "name": "name_pinyin",
    "-name": "-name_pinyin",
    "birth_date": "birth_date",
    "-birth_date": "-birth_date",
    "admitted_on": "admitted_on",
    "-admitted_on": "-admitted_on",
    "converted_on": "converted_on",
    "-converted_on": "-converted_on",
}


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=rules.Category.choices, empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("all", _("All statuses")), *rules.Status.choices],
        empty_label=_("On the roll"),
        method="filter_status",
    )
    party_group = django_filters.ModelChoiceFilter(
        label=_("Party group"),
        empty_label=_("Any"),
        queryset=Organization.objects.filter(org_type="party_group"),
        to_field_name="code",
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=rules.Gender.choices, empty_label=_("Any")
    )
    ethnicity = django_filters.ChoiceFilter(
        label=_("Ethnicity"), choices=rules.ETHNICITY_CHOICES, empty_label=_("Any")
    )
    education = django_filters.ChoiceFilter(
        label=_("Education"), choices=rules.Education.choices, empty_label=_("Any")
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"),
        empty_label=_("Any"),
        choices=[(b, b) for b, _u in rules.AGE_BANDS],
        method="filter_age_band",
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", pgettext_lazy("person", "Name")),
            ("-name", _("Name, Z to A")),
            ("birth_date", _("Oldest first")),
            ("-birth_date", _("Youngest first")),
            ("admitted_on", _("Admitted, earliest first")),
            ("-admitted_on", _("Admitted, latest first")),
            ("converted_on", _("Party standing, longest first")),
            ("-converted_on", _("Party standing, shortest first")),
        ],
        method="order",
        empty_label=None,
    )

    class Meta:
        model = Member
        fields = [
            "q",
            "category",
            "status",
            "party_group",
            "gender",
            "ethnicity",
            "education",
            "age_band",
            "ordering",
        ]

    def __init__(self, data=None, *args, groups=None, personal_search: bool = False, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.personal_search = personal_search
        if groups is not None:
            self.filters["party_group"].queryset = groups

    @property
    def qs(self):
        queryset = super().qs
        if not (self.form.is_bound and self.form.data.get("status")):
            queryset = queryset.filter(status__in=rules.ON_ROLL_STATUSES)
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def search(self, queryset, name, value):
        value = value.strip()
        if ASCII_LETTERS.match(value.replace(" ", "")):
            value = value.replace(" ", "")
        if not value:
            return queryset
        if ASCII_LETTERS.match(value):
            lowered = value.lower()
            return queryset.filter(
                Q(name_initials__startswith=lowered)
                | Q(name_pinyin__startswith=lowered)
                | Q(name__icontains=value)
            )
        if DIGITS.match(value):
            # Digits search the last four of the phone and of the ID number; a whole phone
            # number only for roles that may see phones, so that search cannot be used to read
            # masked digits one at a time.
            condition = Q(id_last4__endswith=value.upper()) if len(value) <= 4 else Q(pk__in=[])
            if len(value) <= 4:
                condition |= Q(phone__endswith=value)
            elif self.personal_search:
                condition |= Q(phone__contains=value)
            return queryset.filter(condition)
        return queryset.filter(name__icontains=value)

    def filter_age_band(self, queryset, name, value):
        born_after, born_before = rules.birth_range_for_age_band(value, timezone.localdate())
        queryset = queryset.filter(birth_date__lte=born_before)
        if born_after is not None:
            queryset = queryset.filter(birth_date__gte=born_after)
        return queryset

    def order(self, queryset, name, value):
        return queryset.order_by(ORDERING.get(value, "name_pinyin"), "id")
