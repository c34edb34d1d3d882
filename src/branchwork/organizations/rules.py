"""Structural rules for party organizations, as data plus pure functions.

Source: shared/specs/party-rules.md §2.1, which cites 《中国共产党支部工作条例（试行）》(2018)
Art. 4-5 and 21 and 《中国共产党党和国家机关基层组织工作条例》(2019) Art. 5-7.
No database access here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


class OrgType(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General branch")
    BRANCH = "branch", _("Branch")
    PARTY_GROUP = "party_group", _("Party group")


class Post(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    ORGANIZATION = "organization", _("Organization committee member")
    PROPAGANDA = "propaganda", _("Propaganda committee member")
    DISCIPLINE = "discipline", _("Discipline inspection committee member")
    OTHER = "other", _("Committee member")


# Which organization types may sit directly under which. None = a root (no parent).
# 支部条例 Art. 4-5: party groups (党小组) are set up inside a branch; branches sit under a
# basic-level committee or a general branch; 机关条例 Art. 5-7 for committees and general branches.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    OrgType.COMMITTEE: frozenset({None, OrgType.COMMITTEE}),
    OrgType.GENERAL_BRANCH: frozenset({OrgType.COMMITTEE}),
    OrgType.BRANCH: frozenset({OrgType.COMMITTEE, OrgType.GENERAL_BRANCH}),
    OrgType.PARTY_GROUP: frozenset({OrgType.BRANCH}),
}

# 支部条例 Art. 4 and ch. 6; 机关条例 Art. 5-7 (party-rules.md §2.1).
MIN_FULL_MEMBERS_FOR_BRANCH = 3
MIN_FULL_MEMBERS_FOR_COMMITTEE = 7
BRANCH_NORMAL_MAX_MEMBERS = 50
COMMITTEE_MIN_SIZE = 3
COMMITTEE_NORMAL_MAX_SIZE = 7
# Posts held by one person at most in a committee (one secretary; "if necessary one deputy").
SINGLE_HOLDER_POSTS = frozenset({Post.SECRETARY, Post.DEPUTY_SECRETARY})
# Branchwork's early warning, not a regulation: a term ending within this many days is
# flagged so the election (due when the term ends, 支部条例 Art. 21) can be prepared.
TERM_WARNING_DAYS = 90
# Organization types that elect a committee with a term (a party group has a leader, no term).
TYPES_WITH_COMMITTEE = frozenset({OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH})


@dataclass(frozen=True)
class Finding:
    """A verdict with its reason and source. ``level`` is "error" (refused) or "warning".

    ``field`` names the form field the verdict is about ("" when it is about the whole
    record); rules of other apps (``members.rules``) return the same type.
    """

    level: str
    message: str
    source: StrOrPromise  # translatable: 支部条例第二十一条 in Chinese
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.level == "error"


# Shown to users with every verdict (the research notes are shared/specs/party-rules.md §2.1).
SRC_ART_4_5 = _("支部条例 Art. 4-5; 机关条例 Art. 5-7")
SRC_COMMITTEE = _("支部条例 ch. 6; 机关条例 Art. 7")
SRC_TERM = _("支部条例 Art. 21")


def allowed_children(parent_type: str | None) -> list[str]:
    """The ``OrgType`` values that may sit directly under ``parent_type`` (None: a root),
    by ``ALLOWED_PARENTS`` (支部条例 Art. 4-5; 机关条例 Art. 5-7)."""
    return [child for child, parents in ALLOWED_PARENTS.items() if parent_type in parents]


def check_parent(child_type: str, parent_type: str | None) -> list[Finding]:
    """Whether an organization of ``child_type`` may sit under one of ``parent_type`` (None:
    as a root). Returns one error finding saying what may sit there instead, or nothing
    (支部条例 Art. 4-5; 机关条例 Art. 5-7)."""
    allowed = ALLOWED_PARENTS[child_type]
    if parent_type in allowed:
        return []
    child_label = OrgType(child_type).label
    if parent_type is None:
        message = _("A %(child)s must sit under another organization.") % {"child": child_label}
    else:
        children = allowed_children(parent_type)
        if children:
            message = _(
                "A %(child)s cannot sit under a %(parent)s; under it you can add: %(allowed)s."
            ) % {
                "child": child_label,
                "parent": OrgType(parent_type).label,
                "allowed": ", ".join(str(OrgType(t).label) for t in children),
            }
        else:
            message = _("Nothing can be added under a %(parent)s.") % {
                "parent": OrgType(parent_type).label
            }
    return [Finding("error", str(message), SRC_ART_4_5)]


def check_branch_size(full_members: int, total_members: int) -> list[Finding]:
    """Warnings when a branch has fewer than ``MIN_FULL_MEMBERS_FOR_BRANCH`` full members or
    more than ``BRANCH_NORMAL_MAX_MEMBERS`` members (counts of people; 支部条例 Art. 4-5)."""
    findings = []
    if full_members < MIN_FULL_MEMBERS_FOR_BRANCH:
        findings.append(
            Finding(
                "warning",
                str(
                    _(
                        "A branch is set up where there are at least %(min)d full members; "
                        "this one has %(n)d. Consider a joint branch."
                    )
                    % {"min": MIN_FULL_MEMBERS_FOR_BRANCH, "n": full_members}
                ),
                SRC_ART_4_5,
            )
        )
    if total_members > BRANCH_NORMAL_MAX_MEMBERS:
        findings.append(
            Finding(
                "warning",
                str(
                    _(
                        "A branch normally has at most %(max)d members; this one has %(n)d. "
                        "Consider dividing it."
                    )
                    % {"max": BRANCH_NORMAL_MAX_MEMBERS, "n": total_members}
                ),
                SRC_ART_4_5,
            )
        )
    return findings


def check_committee(full_members: int | None, committee_size: int) -> list[Finding]:
    """Whether a branch should have a committee, and whether its size is normal.

    ``full_members`` is None while the member registry is not available: no verdict then.
    Warnings only: the rule says "must"/"normally", but a branch mid-term may be out of step
    and the record must still be kept.
    """
    findings = []
    if full_members is not None and full_members < MIN_FULL_MEMBERS_FOR_COMMITTEE:
        findings.append(
            Finding(
                "warning",
                str(
                    _(
                        "A branch committee is set up where the branch has %(min)d or more full "
                        "members; this branch has %(n)d, so it normally has only a secretary "
                        "(and, if necessary, a deputy secretary)."
                    )
                    % {"min": MIN_FULL_MEMBERS_FOR_COMMITTEE, "n": full_members}
                ),
                SRC_COMMITTEE,
            )
        )
    if committee_size and committee_size < COMMITTEE_MIN_SIZE:
        findings.append(
            Finding(
                "warning",
                str(
                    _("A committee has at least %(min)d members; this one has %(n)d.")
                    % {"min": COMMITTEE_MIN_SIZE, "n": committee_size}
                ),
                SRC_COMMITTEE,
            )
        )
    if committee_size > COMMITTEE_NORMAL_MAX_SIZE:
        findings.append(
            Finding(
                "warning",
                str(
                    _("A committee normally has at most %(max)d members; this one has %(n)d.")
                    % {"max": COMMITTEE_NORMAL_MAX_SIZE, "n": committee_size}
                ),
                SRC_COMMITTEE,
            )
        )
    return findings


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` starting on ``start`` (a 3-year term from
    2019-06-15 ends on 2022-06-14)."""
    if years < 1:
        raise ValueError("a term lasts at least one year")
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year: the term runs to 28 February.
        anniversary = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def check_term(start: dt.date, end: dt.date, today: dt.date) -> list[Finding]:
    """A committee term's verdicts (支部条例 Art. 21): an error when it ends before it starts,
    a warning when it has ended (election overdue) or ends within ``TERM_WARNING_DAYS``."""
    findings = []
    if end < start:
        findings.append(Finding("error", str(_("The term cannot end before it starts.")), SRC_TERM))
    elif end < today:
        findings.append(
            Finding(
                "warning",
                str(
                    _("The term ended on %(end)s: an election is overdue.")
                    % {"end": end.isoformat()}
                ),
                SRC_TERM,
            )
        )
    elif (end - today).days <= TERM_WARNING_DAYS:
        findings.append(
            Finding(
                "warning",
                str(
                    _("The term ends on %(end)s: prepare the election.") % {"end": end.isoformat()}
                ),
                SRC_TERM,
            )
        )
    return findings


def check_posts(posts: list[str]) -> list[Finding]:
    """An error for each single-holder post (secretary, deputy secretary) given more than
    once in ``posts`` (``Post`` values; 支部条例 ch. 6)."""
    findings = []
    for post in SINGLE_HOLDER_POSTS:
        count = posts.count(post)
        if count > 1:
            findings.append(
                Finding(
                    "error",
                    str(
                        _("A committee has one %(post)s; %(n)d were given.")
                        % {"post": Post(post).label, "n": count}
                    ),
                    SRC_COMMITTEE,
                )
            )
    return findings
