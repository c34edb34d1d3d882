from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import Versioned
from branchwork.core.scoping import ScopedManager
from branchwork.organizations.rules import OrgType, Post

PATH_SEPARATOR = "/"


class Organization(Versioned):
    """A node of the party-organization tree.

    ``path`` is the materialized path of codes from the root, e.g. "/tr-cpc/tr-organs/tr-highway/":
    a subtree is one prefix match on an indexed column. Paths are written only by
    ``organizations.services``.
    """

    scope_path_field = "path"

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short unique identifier used in addresses and commands, e.g. tr-highway."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    org_type = models.CharField(_("type"), max_length=20, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=500, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)
    host_unit = models.CharField(
        _("host unit"),
        max_length=200,
        blank=True,
        help_text=_("The unit the organization is set up in, e.g. Municipal Highway Department."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    demonstration_since = models.DateField(
        _("standardization demonstration site since"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]
        indexes = [
            # LIKE 'prefix%' can use a btree index on PostgreSQL only with this operator class
            # (the default collation is not C); other databases ignore opclasses.
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.path

    @property
    def has_committee_body(self) -> bool:
        return self.org_type != OrgType.PARTY_GROUP

    def ancestor_paths(self) -> list[str]:
        parts = [p for p in self.path.split(PATH_SEPARATOR) if p]
        return [
            PATH_SEPARATOR + PATH_SEPARATOR.join(parts[:i]) + PATH_SEPARATOR
            for i in range(1, len(parts))
        ]


class Committee(models.Model):
    """A committee (or, in a small branch, a secretary) elected for a term."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="committees",
    )
    elected_on = models.DateField(_("elected on"), null=True, blank=True)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["organization__path", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gte=models.F("term_start")),
                name="committee_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.term_start:%Y}–{self.term_end:%Y}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    def is_current(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.term_start <= today <= self.term_end


class CommitteePost(models.Model):
    """One person in one post of a committee. Until the member registry links people, the
    holder is a name and, optionally, the user account of that person."""

    scope_path_field = "committee__organization__path"

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="posts"
    )
    post = models.CharField(_("post"), max_length=20, choices=Post.choices)
    holder_name = models.CharField(_("holder"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_posts",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee post")
        verbose_name_plural = _("committee posts")
        ordering = ["committee", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_post_display()}: {self.holder_name}"

    @property
    def audit_org_path(self) -> str:
        return self.committee.organization.path
