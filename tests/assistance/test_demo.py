"""The demo's assistance rows add up to the article's yearly figures, and the pairings and
visits continue to the month before the load date."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from branchwork.assistance.models import LedgerEntry, Visit
from branchwork.demo.assistance import ARTICLE_TOTALS

pytestmark = pytest.mark.usefixtures("demo_data")


def test_each_year_adds_up_to_the_article(db):
    totals = dict(
        LedgerEntry.objects.filter(organization__code="tr-highway")
        .values_list("date__year")
        .annotate(Sum("amount"))
    )
    assert totals == ARTICLE_TOTALS
    rows = LedgerEntry.objects.filter(organization__code="tr-highway")
    assert set(rows.values_list("county__county__code", flat=True)) == {
        "520621",
        "520625",
        "520628",
    }
    assert all(rows.values_list("is_demo", flat=True))
    assert not rows.exclude(status="verified").exists()
    assert rows.filter(date__year=2019).exclude(kind="materials").count() == 0


def test_the_member_login_reaches_their_pairing_and_visits_reach_last_month(db, as_persona):
    page = as_persona("member").get("/assistance/me/")
    assert page.status_code == 200 and "龙德财" in page.text
    last = Visit.objects.order_by("-date").first().date
    today = timezone.localdate()
    assert last < today.replace(day=1)
    assert (today - last) < dt.timedelta(days=130)


def test_the_ledger_page_shows_the_article_totals(db, as_persona):
    page = as_persona("leader").get("/assistance/?org=tr-highway&year=2017")
    assert page.status_code == 200
    assert page.context["totals"].total == Decimal("9000000")
