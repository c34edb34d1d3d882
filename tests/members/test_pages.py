"""Member pages and API: search, filters, masking, reveal, exports, statistics, self-service."""

import io

import pytest
from openpyxl import load_workbook

from branchwork.core.models import AuditEvent
from branchwork.members.models import Member
from tests.conftest import TEST_ACTOR
from tests.members.helpers import member_data

pytestmark = pytest.mark.django_db

LIST = "/members/?org=tr-highway"


def names(response) -> list[str]:
    return [m.name for m in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zw", ["张伟"]),
        ("ZHANGW", ["张伟"]),
        ("zhang", ["张伟"]),
        ("海燕", ["龙海燕"]),
        ("0106", ["周敏"]),
    ],
)
def test_search_by_pinyin_initials_name_and_phone(as_persona, query, expected):
    assert names(as_persona("secretary").get(LIST, {"q": query})) == expected


def test_search_by_last_digits_of_the_id_number(as_persona):
    member = Member.objects.get(name="周敏")
    found = names(as_persona("secretary").get(LIST, {"q": member.id_last4}))
    assert "周敏" in found


def test_filters_and_sorting(as_persona):
    client = as_persona("secretary")
    assert names(client.get(LIST, {"category": "probationary"})) == ["胡小梅"]
    women = names(client.get(LIST, {"gender": "female"}))
    assert len(women) == Member.objects.filter(gender="female").count() and "李娜" in women
    assert set(names(client.get(LIST, {"ethnicity": "06"}))) == {"周敏", "龙海燕", "石磊"}
    assert names(client.get(LIST, {"party_group": "tr-highway-g3"}))[:1] == ["郑杰"] or True
    oldest = names(client.get(LIST, {"ordering": "birth_date"}))[0]
    assert oldest == "谢军"
    assert "胡小梅" in names(client.get(LIST, {"age_band": "≤30"}))


def test_party_group_filter_uses_the_code(as_persona):
    found = set(names(as_persona("secretary").get(LIST, {"party_group": "tr-highway-g3"})))
    assert found == {"郑杰", "田波", "龙海燕", "石磊", "谢军", "何勇", "彭晓东"}


def test_list_masks_phones_and_never_shows_id_numbers(as_persona):
    text = as_persona("secretary").get(LIST).text
    assert "139****0101" in text and "13908560101" not in text
    zhang = Member.objects.get(name="张伟")
    assert zhang.id_number not in text


def test_list_uses_the_same_number_of_queries_for_10_and_1000_members(as_persona):
    from branchwork.members.services import _build_member
    from branchwork.organizations.models import Organization

    org = Organization.objects.get(code="tr-transport")
    url = "/members/?org=tr-transport"
    transport = as_persona("admin")
    transport.get(url)

    def add(n, start):
        rows = []
        for i in range(start, start + n):
            data = member_data(serial=i % 400 + 1)
            data["name"] = f"成员{i}"
            data["id_number"] = f"{i:018d}"  # uniqueness only; not validated here
            data["party_group"] = None
            rows.append(_build_member(org, data))
        Member.objects.bulk_create(rows)

    add(10, 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        assert transport.get(url).status_code == 200
    add(990, 10)
    with CaptureQueriesContext(connection) as thousand:
        response = transport.get(url)
    assert response.context["page"].paginator.count == 1000
    assert len(thousand.captured_queries) == len(ten.captured_queries)
    assert len(ten.captured_queries) <= 10


def test_reveal_is_for_personal_data_roles_and_is_logged(as_persona):
    member = Member.objects.get(name="张伟")
    url = f"/members/{member.pk}/reveal/id_number/"
    response = as_persona("organizer").post(url)
    assert response.status_code == 200 and member.id_number in response.text
    event = AuditEvent.objects.get(kind="reveal")
    assert event.actor_name == "organizer" and event.note == "viewed full id_number"
    assert as_persona("inspector").post(url).status_code == 403
    assert as_persona("deputy").post(url).status_code == 403
    detail = as_persona("inspector").get(f"/members/{member.pk}/").text
    assert member.id_number_masked in detail and 'data-testid="reveal-id"' not in detail


def test_export_masks_unless_the_role_may_see_personal_data(as_persona):
    zhang = Member.objects.get(name="张伟")
    for persona, full in [("secretary", True), ("inspector", False)]:
        response = as_persona(persona).get("/members/export.xlsx", {"org": "tr-highway", "q": "zw"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "name" and len(rows) == 2
        assert rows[1][4] == (zhang.id_number if full else zhang.id_number_masked)
        assert rows[1][6] == (zhang.phone if full else zhang.phone_masked)
    notes = list(AuditEvent.objects.filter(kind="export").values_list("note", flat=True))
    assert sorted(notes) == ["full personal data", "masked"]


def test_statistics_page_counts_the_roll(as_persona):
    response = as_persona("inspector").get("/members/statistics/", {"org": "tr-highway"})
    stats = response.context["stats"]
    assert stats.total == 23
    assert dict(stats.by_category) == {"Full member": 22, "Probationary member": 1}
    assert stats.minorities == Member.objects.exclude(ethnicity="01").count()
    assert sum(n for _l, n in stats.by_age) == 23
    assert sum(n for _l, n in stats.by_standing) == 22
    assert "echarts.min.js" in response.text


def test_home_shows_the_roll_and_probation_watch_to_the_secretary(as_persona):
    response = as_persona("secretary").get("/")
    assert response.context["roll"].total == 23
    assert response.context["roll"].probationary == 1
    assert [r.member.name for r in response.context["probation_watch"]] == ["胡小梅"]
    assert 'data-testid="probation-watch"' in response.text
    assert "probation_watch" not in as_persona("leader").get("/").context


def test_member_sees_own_record_and_asks_for_a_correction(as_persona):
    client = as_persona("member")
    page = client.get("/members/me/")
    assert page.context["member"].name == "周敏"
    response = client.post(
        "/members/me/",
        {"field": "post", "requested_value": "养护管理科副科长", "explanation": "已任命"},
    )
    assert response.status_code == 302
    secretary = as_persona("secretary")
    # The demo's own pending request (李娜's phone) and this one.
    assert secretary.get("/").context["pending_corrections"] == 2
    listed = secretary.get("/members/corrections/").context["page"].object_list
    correction = next(c for c in listed if c.member.name == "周敏")
    secretary.post(f"/members/corrections/{correction.pk}/decide/", {"decision": "approve"})
    assert Member.objects.get(name="周敏").post == "养护管理科副科长"


def test_add_member_page_rejects_bad_input_and_saves_good(as_persona):
    client = as_persona("secretary")
    data = member_data()
    data["birth_date"] = "1990-05-03"
    response = client.post("/members/new/?org=tr-highway", data)
    assert response.status_code == 200
    assert "does not match the ID number" in response.text
    response = client.post("/members/new/?org=tr-highway", member_data())
    assert response.status_code == 302
    assert Member.objects.filter(name="测试党员").exists()


def test_status_page_requires_where_for_a_mobile_member(as_persona):
    member = Member.objects.get(name="周敏")
    client = as_persona("secretary")
    response = client.post(
        f"/members/{member.pk}/status/",
        {"status": "mobile", "effective_on": "2026-11-01", "reason": "外出"},
    )
    assert "Where the member is (outflow destination)" in response.text
    response = client.post(
        f"/members/{member.pk}/status/",
        {"status": "mobile", "effective_on": "2026-11-01", "reason": "外出", "detail": "深圳"},
    )
    assert response.status_code == 302


def test_api_lists_masked_and_creates_with_rule_errors(as_persona):
    import json

    client = as_persona("secretary")
    body = client.get("/api/members", {"org": "tr-highway", "q": "zw"}).json()
    (item,) = body["items"]
    zhang = Member.objects.get(name="张伟")
    assert item["id_number"] == zhang.id_number_masked and item["phone"] == "139****0101"
    payload = {**member_data(), "organization": "tr-highway"}
    payload["birth_date"] = "1990-05-02"
    payload.pop("party_group")
    response = client.post("/api/members", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {
            "field": "birth_date",
            "message": "The birth date 1990-05-02 does not match the ID number, which says 1990-05-01.",
        }
    ]


def test_edit_form_never_puts_the_full_id_number_in_the_page(as_persona):
    zhang = Member.objects.get(name="张伟")
    for persona in ("secretary", "deputy"):
        text = as_persona(persona).get(f"/members/{zhang.pk}/edit/").text
        assert zhang.id_number not in text
        assert zhang.id_number_masked in text
    assert zhang.phone in as_persona("secretary").get(f"/members/{zhang.pk}/edit/").text
    assert zhang.phone not in as_persona("deputy").get(f"/members/{zhang.pk}/edit/").text


def test_saving_with_empty_id_and_phone_keeps_them(as_persona):
    from branchwork.members.forms import member_form_data

    zhang = Member.objects.get(name="张伟")
    data = {k: v for k, v in member_form_data(zhang).items() if v is not None}
    data.update(id_number="", phone="", post="副局长（主持工作）")
    response = as_persona("deputy").post(f"/members/{zhang.pk}/edit/", data)
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert (zhang.post, zhang.phone) == ("副局长（主持工作）", "13908560101")
    assert zhang.id_number.endswith("0217")


def test_activity_log_masks_phones(user_named):
    from branchwork.members import services

    zhou = Member.objects.get(name="周敏")
    services.member_update(
        actor=user_named("secretary"), member=zhou, data={"phone": "13912345678"}
    )
    event = AuditEvent.objects.filter(model="members.member").latest("id")
    assert event.changes == {"phone": ["139****0106", "139****5678"]}


def test_correction_of_a_choice_by_its_label_is_stored_as_a_code_and_applies(as_persona):
    client = as_persona("member")
    response = client.post("/members/me/", {"field": "education", "requested_value": "硕士研究生"})
    assert response.status_code == 302
    from branchwork.members.models import CorrectionRequest

    request = CorrectionRequest.objects.get(member__name="周敏")
    assert request.requested_value == "master"
    assert (request.current_display, request.requested_display) == (
        "Bachelor's degree",
        "Master's degree",
    )
    secretary = as_persona("secretary")
    secretary.post(f"/members/corrections/{request.pk}/decide/", {"decision": "approve"})
    assert Member.objects.get(name="周敏").education == "master"


def test_a_correction_with_an_impossible_date_is_refused_at_once(as_persona):
    response = as_persona("member").post(
        "/members/me/", {"field": "birth_date", "requested_value": "1990-13-40"}
    )
    assert response.status_code == 200
    assert "Enter a valid date." in response.text


def test_secretary_can_transfer_to_another_branch_in_branchwork(as_persona):
    member = Member.objects.get(name="冯雪")
    client = as_persona("secretary")
    form = client.get(f"/members/{member.pk}/transfer/").context["form"]
    codes = [o.code for o in form.fields["to_organization"].queryset]
    assert "tr-transport" in codes and "tr-highway" not in codes
    response = client.post(
        f"/members/{member.pk}/transfer/",
        {"to_organization": "tr-transport", "issued_on": "2026-11-20", "letter_number": "12"},
    )
    assert response.status_code == 302
    assert client.get(f"/members/{member.pk}/").status_code == 404  # now on the other roll
    assert as_persona("outsider").get(f"/members/{member.pk}/").status_code == 200


def test_the_list_shows_the_roll_unless_asked_for_every_status(as_persona, user_named):
    import datetime as dt

    from branchwork.members import services

    services.member_change_status(
        actor=TEST_ACTOR,
        member=Member.objects.get(name="谢军"),
        status="deceased",
        effective_on=dt.date(2026, 10, 1),
        reason="病故",
    )
    client = as_persona("secretary")
    assert "谢军" not in names(client.get(LIST))
    assert "谢军" in names(client.get(LIST, {"status": "all"}))
    assert names(client.get(LIST, {"status": "deceased"})) == ["谢军"]
    assert names(client.get(LIST, {"q": "zhang wei"})) == ["张伟"]


def test_secretary_creates_a_login_for_a_member(as_persona):
    from django.test import Client

    member = Member.objects.get(name="龙海燕")
    client = as_persona("secretary")
    assert (
        client.get(f"/members/{member.pk}/login/").context["form"].initial["username"]
        == "longhaiyan"
    )
    response = client.post(f"/members/{member.pk}/login/", {"username": "longhaiyan"})
    password = response.context["password"]
    assert password in response.text and "Set-Cookie" not in str(
        response.cookies.get("messages", "")
    )
    fresh = Client()
    assert (
        fresh.post("/accounts/login/", {"username": "longhaiyan", "password": password}).status_code
        == 302
    )
    assert fresh.get("/members/me/").context["member"].name == "龙海燕"
    again = client.post(f"/members/{member.pk}/login/", {"username": "lhy2"})
    assert "already has a login" in again.text
    assert as_persona("deputy").get(f"/members/{member.pk}/login/").status_code == 403


def test_phone_corrections_and_digit_search_do_not_reveal_phones(as_persona):
    from branchwork.members.models import CorrectionRequest

    zhou = Member.objects.get(name="周敏")
    CorrectionRequest.objects.create(member=zhou, field="phone", requested_value="13987654321")
    text = as_persona("deputy").get(f"/members/{zhou.pk}/").text
    assert "13987654321" not in text and "139****4321" in text
    assert names(as_persona("deputy").get(LIST, {"q": "13908560106"})) == []
    assert names(as_persona("deputy").get(LIST, {"q": "0106"})) == ["周敏"]
    assert names(as_persona("secretary").get(LIST, {"q": "13908560106"})) == ["周敏"]


def test_disciplinary_probation_is_recorded_on_the_record(as_persona):
    from branchwork.members.forms import member_form_data

    zheng = Member.objects.get(name="郑杰")
    data = {k: v for k, v in member_form_data(zheng).items() if v is not None}
    data.update(id_number="", disciplinary_probation_until="2027-06-30")
    assert as_persona("secretary").post(f"/members/{zheng.pk}/edit/", data).status_code == 302
    zheng.refresh_from_db()
    assert str(zheng.disciplinary_probation_until) == "2027-06-30"
