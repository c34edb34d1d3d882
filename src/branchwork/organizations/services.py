"""Every write to organizations and committees. Views, the API and commands call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import delete_as, save_as
from branchwork.organizations import rules
from branchwork.organizations.models import PATH_SEPARATOR, Committee, CommitteePost, Organization

ORG_EDITABLE_FIELDS = (
    "name",
    "short_name",
    "host_unit",
    "founded_on",
    "demonstration_since",
    "notes",
)


def _raise_errors(findings: list[rules.Finding], field: str) -> None:
    errors = [f.message for f in findings if f.is_error]
    if errors:
        raise ValidationError({field: errors})


def _check_dates(founded_on: dt.date | None, demonstration_since: dt.date | None) -> None:
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if founded_on and founded_on > today:
        errors["founded_on"] = [_("The founding date cannot be in the future.")]
    if demonstration_since and demonstration_since > today:
        errors["demonstration_since"] = [_("The date cannot be in the future.")]
    elif demonstration_since and founded_on and demonstration_since < founded_on:
        errors["demonstration_since"] = [
            _("An organization becomes a demonstration site after it is founded (%(date)s).")
            % {"date": founded_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def organization_create(
    *,
    actor: Any,
    parent: Organization | None,
    code: str,
    name: str,
    org_type: str,
    short_name: str = "",
    host_unit: str = "",
    founded_on: dt.date | None = None,
    demonstration_since: dt.date | None = None,
    notes: str = "",
) -> Organization:
    """Create an organization under ``parent`` (None for a root committee).

    ``org_type`` is an ``OrgType`` value; which types sit under which follows 支部条例
    Art. 4-5 and 机关条例 Art. 5-7 (``rules.check_parent``). Dates are calendar dates.
    Raises ``ValidationError`` for a type not allowed there, a date in the future, a
    demonstration date before the founding date or a code already taken.
    """
    _raise_errors(rules.check_parent(org_type, parent.org_type if parent else None), "org_type")
    _check_dates(founded_on, demonstration_since)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": [_("The code %(code)s is not available; choose another.") % {"code": code}]}
        )
    prefix = parent.path if parent else PATH_SEPARATOR
    org = Organization(
        parent=parent,
        code=code,
        name=name,
        org_type=org_type,
        short_name=short_name,
        host_unit=host_unit or (parent.host_unit if parent else ""),
        founded_on=founded_on,
        demonstration_since=demonstration_since,
        notes=notes,
        path=f"{prefix}{code}{PATH_SEPARATOR}",
        depth=(parent.depth + 1) if parent else 0,
    )
    save_as(org, actor)
    return org


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **fields: Any) -> Organization:
    """Change the editable fields of ``organization`` (``ORG_EDITABLE_FIELDS``; code, type
    and place in the tree do not change here).

    Raises ``ValueError`` for a field that is not editable and ``ValidationError`` for a date
    in the future or a demonstration date before the founding date.
    """
    org = organization
    unknown = set(fields) - set(ORG_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(org, name, value)
    _check_dates(org.founded_on, org.demonstration_since)
    save_as(org, actor)
    return org


def _default_term_end(term_start: dt.date) -> dt.date:
    """The day a term starting on ``term_start`` ends, by ``BRANCH_COMMITTEE_TERM_YEARS``
    (支部条例 Art. 21: a branch committee serves three years; a setting)."""
    return rules.term_end(term_start, settings.BRANCH_COMMITTEE_TERM_YEARS)


def _check_committee(
    organization: Organization, term_start: dt.date, term_end: dt.date, posts: Sequence[tuple]
) -> list[rules.Finding]:
    if organization.org_type not in rules.TYPES_WITH_COMMITTEE:
        raise ValidationError(
            {
                "__all__": [
                    _("A %(type)s does not elect a committee.")
                    % {"type": rules.OrgType(organization.org_type).label}
                ]
            }
        )
    term = rules.check_term(term_start, term_end, timezone.localdate())
    _raise_errors(term, "term_end")
    post_findings = rules.check_posts([p[0] for p in posts])
    _raise_errors(post_findings, "__all__")
    # Membership counts arrive with the member registry; until then only the size is checked.
    # The committee's size is judged on the organization's page, with the member count.
    return term + post_findings


def _write_posts(committee: Committee, posts: Sequence[tuple], actor: Any) -> None:
    getattr(committee, "_prefetched_objects_cache", {}).pop("posts", None)
    for old in committee.posts.all():
        delete_as(old, actor)
    for order, (post, holder_name, user) in enumerate(posts):
        save_as(
            CommitteePost(
                committee=committee, post=post, holder_name=holder_name, user=user, order=order
            ),
            actor,
        )


@transaction.atomic
def committee_create(
    *,
    actor: Any,
    organization: Organization,
    term_start: dt.date,
    term_end: dt.date | None = None,
    elected_on: dt.date | None = None,
    notes: str = "",
    posts: Sequence[tuple[str, str, Any]] = (),
) -> tuple[Committee, list[rules.Finding]]:
    """Record an elected committee. ``posts`` is a list of (post, holder name, user or None).
    Returns the committee and the warnings that apply to it. A new term ends the previous
    one the day before (支部条例 Art. 21). Raises ``ValidationError`` for an organization
    that elects no committee, an impossible term, two holders of a single post or a term
    starting on or after one already recorded."""
    term_end = term_end or _default_term_end(term_start)
    findings = _check_committee(organization, term_start, term_end, posts)
    previous = (
        organization.committees.filter(term_start__lt=term_start, term_end__gte=term_start)
        .order_by("-term_start")
        .first()
    )
    if organization.committees.filter(term_start__gte=term_start).exists():
        raise ValidationError(
            {
                "term_start": [
                    _("A term starting on or after %(date)s is already recorded; edit that one.")
                    % {"date": term_start.isoformat()}
                ]
            }
        )
    if previous is not None:
        # A new election ends the previous term the day before (an early election needs the
        # higher committee's approval: 支部条例 Art. 21).
        previous.term_end = term_start - dt.timedelta(days=1)
        save_as(previous, actor)
        findings.append(
            rules.Finding(
                "warning",
                _(
                    "The previous term now ends on %(date)s, the day before the new term; an "
                    "early election needs the higher committee's approval."
                )
                % {"date": previous.term_end.isoformat()},
                rules.SRC_TERM,
            )
        )
    committee = Committee(
        organization=organization,
        term_start=term_start,
        term_end=term_end,
        elected_on=elected_on,
        notes=notes,
    )
    save_as(committee, actor)
    _write_posts(committee, posts, actor)
    return committee, findings


@transaction.atomic
def committee_update(
    *,
    actor: Any,
    committee: Committee,
    term_start: dt.date,
    term_end: dt.date | None,
    elected_on: dt.date | None,
    notes: str,
    posts: Sequence[tuple[str, str, Any]],
) -> tuple[Committee, list[rules.Finding]]:
    """Change a committee's term and replace its posts (see ``committee_create``).

    Returns the committee and the warnings that apply to it; raises ``ValidationError`` as
    ``committee_create`` does.
    """
    term_end = term_end or _default_term_end(term_start)
    findings = _check_committee(committee.organization, term_start, term_end, posts)
    committee.term_start = term_start
    committee.term_end = term_end
    committee.elected_on = elected_on
    committee.notes = notes
    save_as(committee, actor)
    _write_posts(committee, posts, actor)
    return committee, findings
