"""Live evidence: what the system itself knows about a checklist item, for a branch and a year.

``REGISTRY`` maps an item's ``evidence_key`` to a source: a label and a function called as
``fn(user=..., organization=..., year=..., today=...)`` that returns an ``Evidence`` (a verdict,
a figure, the reason and links to the records). Every source reads through its module's
selectors, so it shows only what ``user`` may see; a source the user may not read answers
"no verdict" rather than guessing. A wrong "met" is worse than no verdict: a source says "met"
only when the rule in ``standards.rules`` says so.

A module added later can be plugged in with one line, e.g.::

    "assistance.visits": Source(_("Visits"), plugged("branchwork.x.selectors.summary")),

``plugged`` calls the selector with ``user``, ``organization`` and ``year`` and reads the
answer's ``met`` (True / False / None), ``figure`` (text) and ``url`` (a link), as attributes
or dict keys; an answer without a boolean ``met`` gives no verdict, never "met". Study hours
and rules acknowledgment have sources of their own (``study_hours``, ``rules_acknowledgment``)
with their verdict rules in ``standards.rules``.
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


def study_hours(*, user: Any, organization: Organization, year: int, today: dt.date) -> Evidence:
    """Members' yearly study hours (study.selectors.progress_summary): met only when every
    member counted met the requirement in a finished year (``rules.study_status``)."""
    from branchwork.study import selectors as study

    try:
        summary = study.progress_summary(
            user=user, organization=organization, year=year, today=min(today, dt.date(year, 12, 31))
        )
    except PermissionDenied:
        return _not_shown()
    return Evidence(
        rules.study_status(summary.met, summary.counted, year < today.year),
        figure=_("%(met)s of %(n)s members met the year's study hours (%(hours)s hours recorded)")
        % {"met": summary.met, "n": summary.counted, "hours": summary.total_hours},
        reason=_("%(n)s members behind.") % {"n": summary.behind} if summary.behind else "",
        links=[(_("Study progress"), _query("study:progress", organization, year))],
    )


def rules_acknowledgment(
    *, user: Any, organization: Organization, year: int, today: dt.date
) -> Evidence:
    """Members' acknowledgment of the rules adopted in ``year`` (regulations.selectors
    .acknowledgment_rate): met when every member asked has acknowledged
    (``rules.acknowledgment_status``)."""
    from branchwork.regulations import selectors as regulations

    try:
        rate = regulations.acknowledgment_rate(user=user, organization=organization, year=year)
    except PermissionDenied:
        return _not_shown()
    figure = (
        _("%(done)s of %(due)s acknowledgments of %(n)s rule versions adopted (%(rate)s%%)")
        % {"done": rate.done, "due": rate.due, "n": rate.adopted_versions, "rate": rate.rate}
        if rate.due
        else _("No rule was adopted this year.")
    )
    return Evidence(
        rules.acknowledgment_status(rate.due, rate.done, year < today.year),
        figure=figure,
        links=[(_("Rules"), _query("regulations:list", organization))],
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
    "study.hours": Source(gettext_lazy("Study hours"), study_hours),
    "rules.acknowledgment": Source(gettext_lazy("Rules acknowledged"), rules_acknowledgment),
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
