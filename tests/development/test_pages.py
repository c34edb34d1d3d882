"""The register page, a person's page, the exports, the import, the home page's deadlines,
the calendar feed and the API, with the persona tree."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from openpyxl import Workbook, load_workbook

from branchwork.core.dates import add_months
from branchwork.development import rules, selectors, services
from branchwork.development.models import Person
from tests.conftest import TEST_ACTOR
from tests.development.factories import PersonFactory, schedule, walk
from tests.factories import id_number


@pytest.fixture
def person(persona_tree):
    """An activist who applied two months ago (the talk recorded): next, the filing."""
    today = timezone.localdate()
    person = PersonFactory.create(organization=persona_tree.branch, name="测试积极分子")
    applied = add_months(today, -2)
    for number, day in [
        (1, applied),
        (2, applied + dt.timedelta(days=5)),
        (3, applied + dt.timedelta(days=30)),
    ]:
        services.step_record(actor=TEST_ACTOR, person=person, number=number, date=day)
    return person


def test_the_register_lists_people_with_their_next_step_and_filters_by_stage(persona_tree, person):
    client = persona_tree.client("secretary")
    url = reverse("development:list")
    page = client.get(url, {"org": persona_tree.branch.code}).content.decode()
    assert "测试积极分子" in page and "Activist filed with the higher committee" in page
    none = client.get(url, {"org": persona_tree.branch.code, "stage": "target"}).content.decode()
    assert "测试积极分子" not in none


def test_id_numbers_and_phones_are_masked_without_personal_data_rights(persona_tree, person):
    detail = reverse("development:detail", args=[person.pk])
    full = persona_tree.client("secretary").get(detail).content.decode()
    assert person.id_number in full and "13908561234" in full
    masked = persona_tree.client("deputy").get(detail).content.decode()
    assert person.id_number not in masked and person.id_number_masked in masked
    assert "139****1234" in masked


def test_the_excel_register_is_masked_for_a_reader_without_personal_data_rights(
    persona_tree, person
):
    url = reverse("development:export")
    response = persona_tree.client("deputy").get(url, {"org": persona_tree.branch.code})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert person.id_number_masked in values and person.id_number not in values
    response = persona_tree.client("secretary").get(url, {"org": persona_tree.branch.code})
    values = [
        c.value
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
    ]
    assert person.id_number in values


def test_the_persons_file_lists_every_step(persona_tree, person):
    response = persona_tree.client("secretary").get(reverse("development:file", args=[person.pk]))
    text = "\n".join(
        cell.text
        for table in WordDocument(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    for number in (1, 2, 3):
        assert f"{number}. {rules.STEP_BY_NUMBER[number].label}" in text


def test_a_refused_step_on_the_page_shows_the_rule_and_its_source(persona_tree):
    person = PersonFactory.create(organization=persona_tree.branch)
    client = persona_tree.client("secretary")
    client.post(
        reverse("development:step", args=[person.pk]),
        {"number": 1, "date": "2024-01-10", "decided_by": "applicant"},
    )
    response = client.post(
        reverse("development:step", args=[person.pk]),
        {"number": 2, "date": "2024-02-11", "decided_by": "branch"},
        follow=True,
    )
    page = response.content.decode()
    assert "within one month" in page and "细则 Art. 6" in page
    assert Person.objects.get(pk=person.pk).steps.count() == 1


def _register(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "姓名",
            "性别",
            "出生日期",
            "身份证号",
            "申请入党日期",
            "谈话日期",
            "确定积极分子日期",
            "确定发展对象日期",
        ]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_import_is_all_or_nothing_and_names_every_bad_row(persona_tree):
    good = id_number(birth=dt.date(1995, 1, 2), gender="male")
    young = id_number(birth=dt.date(2008, 1, 2), gender="female")
    data = _register(
        [
            [
                "王一",
                "男",
                dt.date(1995, 1, 2),
                good,
                dt.date(2022, 3, 1),
                dt.date(2022, 3, 20),
                dt.date(2022, 5, 1),
                dt.date(2023, 6, 1),
            ],
            ["李二", "女", dt.date(2008, 1, 2), young, dt.date(2024, 3, 1), None, None, None],
            [
                "张三",
                "男",
                dt.date(1990, 1, 2),
                "123",
                dt.date(2022, 3, 1),
                dt.date(2022, 4, 20),
                None,
                None,
            ],
        ]
    )
    client = persona_tree.client("secretary")
    url = reverse("development:import") + f"?org={persona_tree.branch.code}"
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(url, {"file": SimpleUploadedFile("r.xlsx", data)}).content.decode()
    assert "row 3" in page and "细则 Art. 5" in page
    assert "row 4" in page and "细则 Art. 6" in page
    assert not Person.objects.filter(name="王一").exists()
    ok = _register(
        [
            [
                "王一",
                "男",
                dt.date(1995, 1, 2),
                good,
                dt.date(2022, 3, 1),
                dt.date(2022, 3, 20),
                dt.date(2022, 5, 1),
                dt.date(2023, 6, 1),
            ]
        ]
    )
    response = client.post(url, {"file": SimpleUploadedFile("r.xlsx", ok)})
    assert response.status_code == 302
    imported = Person.objects.get(name="王一")
    assert imported.stage == rules.Stage.TARGET
    assert selectors.dates_of(imported) == {
        1: dt.date(2022, 3, 1),
        2: dt.date(2022, 3, 20),
        3: dt.date(2022, 5, 1),
        7: dt.date(2023, 6, 1),
    }


def test_the_home_page_lists_the_talk_due_this_month(persona_tree):
    today = timezone.localdate()
    person = PersonFactory.create(organization=persona_tree.branch, name="月底谈话")
    services.step_record(actor=TEST_ACTOR, person=person, number=1, date=add_months(today, -1))
    client = persona_tree.client("secretary")
    page = client.get(reverse("core:home") + f"?org={persona_tree.branch.code}").content.decode()
    assert 'data-testid="development-deadlines"' in page
    assert "月底谈话" in page


def test_the_calendar_feed_carries_the_deadlines_for_a_manager(persona_tree):
    from branchwork.meetings import ical

    today = timezone.localdate()
    person = PersonFactory.create(organization=persona_tree.branch, name="日历谈话")
    services.step_record(actor=TEST_ACTOR, person=person, number=1, date=today)
    feed = ical.feed_for(persona_tree.users["secretary"], "test").decode()
    assert "日历谈话" in feed
    assert f"DTSTART;VALUE=DATE:{rules.talk_deadline(today):%Y%m%d}" in feed
    assert "日历谈话" not in ical.feed_for(persona_tree.users["member"], "test").decode()


def test_the_api_lists_people_masked_with_their_next_step(persona_tree, person):
    response = persona_tree.client("secretary").get(
        "/api/development", {"org": persona_tree.branch.code}
    )
    item = next(i for i in response.json()["items"] if i["name"] == "测试积极分子")
    assert item["id_number"] == person.id_number_masked
    assert item["next_step"]["number"] == 4
    steps = persona_tree.client("secretary").get(f"/api/development/{person.pk}/steps").json()
    assert [s["number"] for s in steps] == [1, 2, 3]


def test_pipeline_counts_give_every_stage(persona_tree, person):
    counts = selectors.pipeline_counts(
        user=persona_tree.users["secretary"], organization=persona_tree.branch
    )
    assert counts["activist"] >= 1 and set(rules.Stage.values) <= set(counts)


def test_the_members_history_shows_the_steps_after_admission(persona_tree):
    dates = schedule(dt.date(2022, 3, 10))
    introducers = [persona_tree.members["secretary"], persona_tree.members["member"]]
    person = walk(PersonFactory.create(organization=persona_tree.branch), dates, 16, introducers)
    history = selectors.member_history(user=persona_tree.users["secretary"], member=person.member)
    assert [s.number for s in history] == list(range(1, 17))


def test_the_member_page_shows_the_development_history_to_who_may_see_it(persona_tree):
    dates = schedule(dt.date(2022, 3, 10))
    introducers = [persona_tree.members["secretary"], persona_tree.members["member"]]
    person = walk(PersonFactory.create(organization=persona_tree.branch), dates, 15, introducers)
    url = reverse("members:detail", args=[person.member_id])
    page = persona_tree.client("secretary").get(url).content.decode()
    assert 'data-testid="development-history"' in page
    assert "15. General meeting admits as probationary member" in page


def _queries(client, url, params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_the_register_and_its_export_run_a_fixed_number_of_queries(persona_tree, person):
    client = persona_tree.client("secretary")
    params = {"org": persona_tree.branch.code}
    list_url, export_url = reverse("development:list"), reverse("development:export")
    before = (_queries(client, list_url, params), _queries(client, export_url, params))
    for n in range(8):
        PersonFactory.create(organization=persona_tree.branch, name=f"批量{n}")
    after = (_queries(client, list_url, params), _queries(client, export_url, params))
    assert after == before
