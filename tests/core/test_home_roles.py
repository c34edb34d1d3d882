"""Every role can do its job on the home page (issue 11 section 3): the department leader's
party-building figures (counts only), the member's own next steps first, and the higher
committee's sortable comparison of its branches in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branchwork.dues.models import MonthlyDue, PaidMonth
from branchwork.members import services as member_services
from branchwork.members.models import Member
from branchwork.members.rules import ON_ROLL_STATUSES
from branchwork.organizations.models import Organization
from tests.conftest import DEMO_AS_OF, TEST_ACTOR, login_client

pytestmark = [pytest.mark.usefixtures("demo_data"), pytest.mark.django_db]


@pytest.fixture(autouse=True)
def on_demo_day(monkeypatch):
    """The clock says the demo's load date."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: DEMO_AS_OF)
    return DEMO_AS_OF


def _section(html: str, testid: str) -> str:
    """The text of the element ``data-testid=testid`` (up to its closing section)."""
    match = re.search(rf'data-testid="{testid}".*?</section>', html, re.S)
    assert match, testid
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def _rate_by_hand(org: Organization) -> Decimal:
    """The branch's collection rate of 2026 so far, from the ledger rows themselves."""
    due = paid = Decimal(0)
    for row in MonthlyDue.objects.filter(
        organization=org, month__year=2026, month__lt=dt.date(2026, 11, 1), amount__gt=0
    ):
        due += row.amount
        if PaidMonth.objects.filter(
            member=row.member_id, month=row.month, reversed_by__isnull=True
        ).exists():
            paid += row.amount
    return (paid * 100 / due).quantize(Decimal("0.1"))


def _counts_by_hand(org: Organization) -> tuple[int, int, int]:
    """(met, in progress, missed) from the compliance page's own roll-up, read as admin."""
    from branchwork.accounts.models import User
    from branchwork.meetings.selectors import compliance_rollup

    admin = User.objects.get(username="admin")
    statuses = [
        v.status
        for entry in compliance_rollup(user=admin, organization=org, year=2026, today=DEMO_AS_OF)
        for v in entry.verdicts
        if v.status != "not_applicable"
    ]
    met, missed = statuses.count("met"), statuses.count("missed")
    return met, len(statuses) - met - missed, missed


# --- The department leader ----------------------------------------------------------------


def test_the_leader_sees_the_branch_figures_as_counts():
    highway = Organization.objects.get(code="tr-highway")
    on_roll = Member.objects.filter(organization=highway, status__in=ON_ROLL_STATUSES)
    response = login_client("leader").get("/")
    assert response.status_code == 200
    figures = response.context["party_figures"]
    assert (figures["roll"].total, figures["roll"].full, figures["roll"].probationary) == (
        on_roll.count(),
        on_roll.filter(category="full").count(),
        on_roll.filter(category="probationary").count(),
    )
    assert (figures["roll"].total, figures["roll"].full, figures["roll"].probationary) == (
        23,
        22,
        1,
    )
    # This year's rules on 2026-11-30: the yearly talks are done; the monthly and quarterly
    # rules wait for December's meetings; nothing is missed yet.
    compliance = figures["compliance"]
    assert (compliance.met, compliance.in_progress, compliance.missed) == (1, 9, 0)
    assert (compliance.met, compliance.in_progress, compliance.missed) == _counts_by_hand(highway)
    # January to October 2026: only 彭晓东's October is unpaid.
    assert figures["collection"].rate == _rate_by_hand(highway) == Decimal("99.8")
    text = _section(response.content.decode(), "party-figures")
    assert "23" in text and "22 full, 1 probationary" in text
    assert f"{figures['collection'].rate}%" in text


def test_the_leader_sees_no_names():
    html = login_client("leader").get("/").content.decode()
    leader = Member.objects.filter(user__username="leader").values_list("name", flat=True)
    highway = Organization.objects.get(code="tr-highway")
    # The committees (in office and past terms) are the branch's public composition, on the
    # organization's page (org.view); every other member's name stays off the leader's home.
    committee = set(highway.committees.values_list("posts__holder_name", flat=True))
    members = set(Member.objects.in_subtree(highway).values_list("name", flat=True))
    hidden = members - committee - set(leader)
    assert hidden
    assert [name for name in hidden if name in html] == []
    figures = _section(html, "party-figures")
    assert not any(name in figures for name in Member.objects.values_list("name", flat=True))
    for testid in ("dues-arrears", "dues-no-basis", "absence-home", "probation-watch"):
        assert f'data-testid="{testid}"' not in html


def test_the_leader_may_not_see_what_the_figures_are_made_of():
    """dashboard.view is for aggregates: the lists behind them stay 403 for the leader."""
    client = login_client("leader")
    for url in ("/members/", "/dues/arrears/", "/meetings/attendance/"):
        assert client.get(url).status_code == 403, url


# --- The member's phone home ----------------------------------------------------------------


def test_the_member_sees_her_next_steps_first():
    member = Member.objects.get(user__username="member")
    member_services.correction_request(
        actor=member.user,
        member=member,
        field="phone",
        requested_value="13900001111",
        explanation="",
    )
    response = login_client("member").get("/")
    html = response.content.decode()
    steps = response.context["next_steps"]
    assert steps["owed"].months == []
    meeting = steps["meeting"]
    # The themed party day of November, planned for the load date itself.
    assert (meeting.date, meeting.kind, meeting.organization.code) == (
        DEMO_AS_OF,
        "party_day",
        "tr-highway",
    )
    assert [c.field for c in steps["corrections"]] == ["phone"]
    text = _section(html, "next-steps")
    assert "Your dues are paid up." in text
    assert "2026-11-30" in text and "Themed party day" in text and meeting.place in text
    assert "1 correction request waiting for a decision" in text and "139****1111" in text
    # First: before the central work, the meetings due and the organization's own card.
    first = html.index('data-testid="next-steps"')
    for later in ('data-testid="due-meetings"', 'data-testid="org-name"'):
        assert first < html.index(later)


def test_the_next_meeting_skips_talks_and_other_branches():
    from branchwork.meetings.selectors import my_next_meeting

    user = Member.objects.get(user__username="member").user
    # After the party day: the talks of 12-05 and the committee meeting of 12-08 are not
    # hers; the lecture of 12-10 is.
    meeting = my_next_meeting(user=user, today=DEMO_AS_OF + dt.timedelta(days=1))
    assert (meeting.date, meeting.kind) == (dt.date(2026, 12, 10), "lecture")


def test_a_member_in_arrears_sees_the_months_and_amount(make_persona):
    highway = Organization.objects.get(code="tr-highway")
    user = make_persona("member", highway)
    member = Member.objects.get(name="彭晓东")
    member_services.member_link_user(actor=TEST_ACTOR, member=member, user=user)
    october = MonthlyDue.objects.get(member=member, month=dt.date(2026, 10, 1))
    response = login_client(user.username).get("/")
    owed = response.context["next_steps"]["owed"]
    assert (owed.months, owed.amount) == ([dt.date(2026, 10, 1)], october.amount)
    text = _section(response.content.decode(), "next-steps")
    assert f"Dues owed: 1 month, ¥{october.amount}" in text and "2026-10" in text
    assert "My dues" in text


def test_the_member_home_reads_a_fixed_number_of_queries():
    client = login_client("member")
    client.get("/")  # warm the session and the grants
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) <= 30, [q["sql"][:120] for q in queries]


# --- The inspector's comparison of branches -----------------------------------------------


def _rows(client, sort: str = "") -> list[tuple[str, int, int, dt.date | None, object, int]]:
    response = client.get("/", {"sort": sort} if sort else {})
    assert response.status_code == 200
    return [
        (r.org.code, r.met, r.missed, r.last_meeting, r.collection_rate, r.alerts)
        for r in response.context["comparison"]
    ]


def test_the_inspector_compares_the_twelve_branches():
    client = login_client("inspector")
    rows = _rows(client)
    assert len(rows) == 12
    by_code = {row[0]: row for row in rows}
    highway = Organization.objects.get(code="tr-highway")
    # The highway branch keeps the demo's records; the eleven others have none this year.
    assert by_code["tr-highway"] == (
        "tr-highway",
        1,
        0,
        dt.date(2026, 11, 20),
        _rate_by_hand(highway),
        0,
    )
    assert by_code["tr-highway"][1:3] == (_counts_by_hand(highway)[0], _counts_by_hand(highway)[2])
    others = [row for code, row in by_code.items() if code != "tr-highway"]
    # No meeting recorded: the quarterly rules of the three quarters gone are missed, each an
    # alert; no dues ledger, so no rate (not 0 %).
    assert {row[1:] for row in others} == {(0, 3, None, None, 3)}
    html = client.get("/").content.decode()
    assert html.count('data-testid="comparison-row"') == 12
    assert 'href="?sort=missed"' in html and 'href="?sort=rate"' in html


def test_the_comparison_sorts_both_ways_with_plain_links():
    client = login_client("inspector")
    by_name = [row[0] for row in _rows(client, "name")]
    assert by_name == [row[0] for row in _rows(client, "-name")][::-1]
    names = dict(Organization.objects.values_list("code", "name"))
    assert [names[c] for c in by_name] == sorted(names[c] for c in by_name)
    # Last meeting: the only branch with one comes first both ways (no date sorts last).
    assert _rows(client, "last_meeting")[0][0] == "tr-highway"
    assert _rows(client, "-last_meeting")[0][0] == "tr-highway"
    assert _rows(client, "missed")[0][0] == "tr-highway"
    assert _rows(client, "-missed")[-1][0] == "tr-highway"
    assert _rows(client, "-alerts")[-1][0] == "tr-highway"
    met = [row[1] for row in _rows(client, "met")]
    assert met == sorted(met) and met[-1] == 1
    assert [row[1] for row in _rows(client, "-met")] == sorted(met, reverse=True)
    # The sorted column says so, and its link reverses it.
    html = client.get("/", {"sort": "met"}).content.decode()
    assert 'aria-sort="ascending"' in html and 'href="?sort=-met"' in html
    html = client.get("/", {"sort": "-met"}).content.decode()
    assert 'aria-sort="descending"' in html and 'href="?sort=met"' in html
    # An unknown key keeps tree order.
    assert _rows(client, "bogus") == _rows(client)


def test_the_comparison_reads_a_fixed_number_of_queries(make_persona):
    from branchwork.organizations.selectors import branch_comparison
    from tests.factories import OrganizationFactory

    organs = Organization.objects.get(code="tr-organs")
    user = make_persona("inspector", organs)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            rows = branch_comparison(user=user, organization=organs, today=DEMO_AS_OF)
        return len(queries), len(rows)

    count()  # the user's grants are read once
    before, branches = count()
    for _ in range(3):
        OrganizationFactory.create(parent=organs)
    after, more = count()
    assert (more, after) == (branches + 3, before)
    assert before <= 9


def test_the_inspector_home_reads_as_many_queries_for_more_branches(make_persona):
    from tests.factories import OrganizationFactory

    organs = Organization.objects.get(code="tr-organs")
    client = login_client(make_persona("inspector", organs).username)

    def page_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/", {"sort": "-alerts"})
        return len(queries), len(response.context["comparison"])

    page_queries()  # the session and the grants
    before, branches = page_queries()
    for _ in range(3):
        OrganizationFactory.create(parent=organs)
    after, more = page_queries()
    assert (more, after) == (branches + 3, before)
