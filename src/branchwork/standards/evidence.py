"""Live evidence: what the system itself knows about a checklist item, for a branch and a year.

``REGISTRY`` maps an item's ``evidence_key`` to a source: a label and a function called as
``fn(user=..., organization=..., year=..., today=...)`` that returns an ``Evidence`` (a verdict,
a figure, the reason and links to the records). Every source reads through its module's
selectors, so it shows only what ``user`` may see; a source the user may not read answers
"no verdict" rather than guessing. A wrong "met" is worse than no verdict: a source says "met"
only when the rule in ``standards.rules`` says so.

Study hours and rules acknowledgment come from modules built in parallel (apps ``study`` and
``regulations``). Until they are merged, their keys answer "not available yet". To plug one in,
replace its entry with one line, e.g.::

    "study.hours": Source(_("Study hours"), plugged("branchwork.study.selectors.progress_summary")),

``plugged`` calls the selector with ``user``, ``organization`` and ``year`` and reads the
answer's ``met`` (True / False / None), ``figure`` (text) and ``url`` (a link), as attributes
or dict keys; an answer without a boolean ``met`` gives no verdict, never "met".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branchwork.organizations.models import Organization
from branchwork.standards import rules
from branchwork.standards.rules import EvidenceStatus


@dataclass(frozen=True)
class Evidence:
    status: str
    figure: str = ""
    reason: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(EvidenceStatus(self.status).label)


Fn = Callable[..., Evidence]


@dataclass(frozen=True)
class Source:
    label: str | Promise
    fn: Fn


def _query(name: str, organization: Organization, year: int | None = None) -> str:
    url = f"{reverse(name)}?org={organization.code}"
    return f"{url}&year={year}" if year else url


def _not_shown() -> Evidence:
    return Evidence(EvidenceStatus.NO_VERDICT, reason=_("Your role may not read these records."))


def meetings_compliance(
    *, user: Any, organization: Organization, year: int, today: dt.date
) -> Evidence:
    """The branch's meetings against the rules for ``year`` (meetings' compliance engine,
    支部条例 Art. 11-13): met when every applicable rule is met."""
    from branchwork.meetings import selectors as meetings
    from branchwork.meetings.rules import Status

    try:
        rollup = meetings.compliance_rollup(
            user=user, organization=organization, year=year, today=today
        )
    except PermissionDenied:
        return _not_shown()
    verdicts = [v for entry in rollup for v in entry.verdicts if v.status != Status.NOT_APPLICABLE]
    met = sum(1 for v in verdicts if v.status == Status.MET)
    missed = [v for v in verdicts if v.status == Status.MISSED]
    status = rules.meetings_status([v.status for v in verdicts], year < today.year)
    reason = "; ".join(f"{v.kind_label}: {v.reason}" for v in missed[:3])
    return Evidence(
        status,
        figure=_("%(met)s of %(n)s meeting rules met") % {"met": met, "n": len(verdicts)},
        reason=reason,
        links=[(_("Compliance"), _query("meetings:compliance", organization, year))],
    )


def dues_collection(
    *, user: Any, organization: Organization, year: int, today: dt.date
) -> Evidence:
    """The dues collection rate of ``year`` (dues' collection figures: the months of the year
    before ``today``'s month): met only at full collection of a finished year (党章 Art. 8)."""
    from branchwork.dues import selectors as dues

    try:
        total, _per_org = dues.collection_figures(
            user=user, organization=organization, year=year, today=today
        )
    except PermissionDenied:
        return _not_shown()
    rate = total.rate
    status = rules.dues_status(rate, year < today.year)
    figure = (
        _("%(rate)s%% collected (%(collected)s of %(due)s yuan)")
        % {"rate": rate, "collected": total.collected, "due": total.due}
        if rate is not None
        else _("No dues were due.")
    )
    reason = (
        _("%(n)s members in arrears.") % {"n": total.arrears_alerts} if total.arrears_alerts else ""
    )
    return Evidence(
        status,
        figure=figure,
        reason=reason,
        links=[(_("Dues report"), _query("dues:report", organization, year))],
    )


def member_records(*, user: Any, organization: Organization, year: int, today: dt.date) -> Evidence:
    """Member records complete: members on the roll today with every field of
    ``rules.MEMBER_REQUIRED_FIELDS`` filled (and, for full members, the conversion date).
    One query."""
    from django.db.models import Count, Q

    from branchwork.members import selectors as members
    from branchwork.members.rules import Category

    try:
        roll = members.member_list(user=user, organization=organization)
    except PermissionDenied:
        return _not_shown()
    from branchwork.members.rules import ON_ROLL_STATUSES

    incomplete = Q()
    for name in rules.MEMBER_REQUIRED_FIELDS:
        incomplete |= Q(**{name: ""})
    incomplete |= Q(category=Category.FULL, converted_on__isnull=True)
    counts = roll.filter(status__in=ON_ROLL_STATUSES).aggregate(
        total=Count("id"), incomplete=Count("id", filter=incomplete)
    )
    complete = counts["total"] - counts["incomplete"]
    return Evidence(
        rules.records_status(complete, counts["total"]),
        figure=_("%(complete)s of %(total)s member records complete")
        % {"complete": complete, "total": counts["total"]},
        reason=_("Checked today (the roll as it is now), not as of the inspection year."),
        links=[(_("Members"), _query("members:list", organization))],
    )


def not_available_yet(
    *, user: Any, organization: Organization, year: int, today: dt.date
) -> Evidence:
    """The answer of a source whose module is not merged yet: no verdict."""
    return Evidence(
        EvidenceStatus.NOT_AVAILABLE,
        reason=_("The module that keeps these records is not available yet."),
    )


def _read(answer: Any, name: str) -> Any:
    if isinstance(answer, dict):
        return answer.get(name)
    return getattr(answer, name, None)


def adapt(answer: Any) -> Evidence:
    """An ``Evidence`` from a plugged-in selector's answer: "met" / "not met" only from a
    boolean ``met``; anything else gives no verdict (a wrong "met" is worse than none)."""
    met = _read(answer, "met")
    status = (
        EvidenceStatus.MET
        if met is True
        else EvidenceStatus.NOT_MET
        if met is False
        else EvidenceStatus.NO_VERDICT
    )
    figure = _read(answer, "figure")
    url = _read(answer, "url")
    return Evidence(
        status,
        figure=str(figure) if figure is not None else "",
        links=[(_("Records"), str(url))] if url else [],
    )


def plugged(dotted: str) -> Fn:
    """A source from a selector named by its dotted path, called as
    ``fn(user=..., organization=..., year=...)`` and read by ``adapt``; "not available yet"
    while the selector cannot be imported."""
    module_name, _dot, attr = dotted.rpartition(".")

    def source(*, user: Any, organization: Organization, year: int, today: dt.date) -> Evidence:
        try:
            fn = getattr(import_module(module_name), attr)
        except (ImportError, AttributeError):
            return not_available_yet(user=user, organization=organization, year=year, today=today)
        try:
            return adapt(fn(user=user, organization=organization, year=year))
        except PermissionDenied:
            return _not_shown()

    return source


REGISTRY: dict[str, Source] = {
    "meetings.compliance": Source(
        gettext_lazy("Meetings held against the rules"), meetings_compliance
    ),
    "dues.collection": Source(gettext_lazy("Dues collection rate"), dues_collection),
    "members.records": Source(gettext_lazy("Member records complete"), member_records),
    # Plug in: Source(..., plugged("branchwork.study.selectors.progress_summary"))
    "study.hours": Source(gettext_lazy("Study hours"), not_available_yet),
    # Plug in: Source(..., plugged("branchwork.regulations.selectors.acknowledgment_rate"))
    "rules.acknowledgment": Source(gettext_lazy("Rules acknowledged"), not_available_yet),
}


def evidence_choices() -> list[tuple[str, str]]:
    """(key, label) of every registered source, for the template editor."""
    return [("", _("None: documents and the visit"))] + [
        (key, str(source.label)) for key, source in REGISTRY.items()
    ]


def evidence_for(
    key: str, *, user: Any, organization: Organization, year: int, today: dt.date
) -> Evidence | None:
    """The live evidence of ``key`` for ``organization`` and ``year`` (None for no key; "not
    available yet" for a key no source answers)."""
    if not key:
        return None
    source = REGISTRY.get(key)
    if source is None:
        return not_available_yet(user=user, organization=organization, year=year, today=today)
    return source.fn(user=user, organization=organization, year=year, today=today)
