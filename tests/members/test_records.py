"""Member records: validation, encryption, statuses, transfers, corrections, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from branchwork.accounts.models import User
from branchwork.core.models import AuditEvent
from branchwork.members import selectors, services
from branchwork.members.forms import MemberForm
from branchwork.members.models import Member, StatusChange
from branchwork.organizations.models import Organization
from tests.conftest import TEST_ACTOR
from tests.members.helpers import id_number, member_data

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def secretary() -> User:
    return User.objects.get(username="secretary")


def form(data, **kwargs) -> MemberForm:
    return MemberForm(data, organization=highway(), **kwargs)


def test_a_valid_member_is_created_with_derived_values(user_named):
    f = form(member_data(name="王 小明"))
    assert f.is_valid(), f.errors
    member = services.member_create(
        actor=user_named("secretary"), organization=highway(), data=f.cleaned_data
    )
    assert member.name == "王 小明"
    assert member.name_pinyin == "wangxiaoming" and member.name_initials == "wxm"
    assert member.party_standing(dt.date(2026, 7, 1)) == 10
    assert member.age(dt.date(2026, 5, 1)) == 36


def test_birth_date_mismatch_names_both_dates():
    data = member_data(birth=dt.date(1990, 5, 1))
    data["birth_date"] = "1990-05-02"
    f = form(data)
    assert not f.is_valid()
    assert f.errors["birth_date"] == [
        "The birth date 1990-05-02 does not match the ID number, which says 1990-05-01."
    ]


def test_gender_mismatch_names_both_values():
    data = member_data(gender="male")
    data["gender"] = "female"
    f = form(data)
    assert not f.is_valid()
    assert f.errors["gender"] == [
        "The gender Female does not match the ID number, which says Male."
    ]


def test_an_id_number_is_on_one_roll_only():
    existing = Member.objects.filter(organization__code="tr-highway").first()
    data = member_data(
        birth=existing.birth_date, gender=existing.gender, id_number=existing.id_number
    )
    data["birth_date"] = existing.birth_date.isoformat()
    f = form(data)
    assert not f.is_valid()
    assert f.errors["id_number"] == [
        "This ID number is already on the roll of 中共铜仁市公路管理局支部委员会."
    ]
    # Seen from another branch, the other organization is not named.
    other = MemberForm(data, organization=Organization.objects.get(code="tr-transport"))
    assert not other.is_valid()
    assert other.errors["id_number"] == [
        "This ID number is already on the roll of another organization."
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"converted_on": ""}, "converted_on", "A full member needs the date of conversion."),
        (
            {"category": "probationary"},
            "converted_on",
            "A probationary member has no conversion date yet.",
        ),
        (
            {"admitted_on": "2016-07-01", "converted_on": "2015-07-01"},
            "converted_on",
            "Conversion cannot come before admission.",
        ),
        (
            {"admitted_on": "2007-07-01", "converted_on": "2008-07-01"},
            "admitted_on",
            "A member is admitted at 18 or older; on 2007-07-01 this person was younger.",
        ),
        ({"phone": "12345"}, "phone", "12345 is not a valid phone number in China."),
        (
            {"probation_extension_months": 3, "category": "probationary", "converted_on": ""},
            "probation_extension_months",
            "Probation is extended once, by 6 to 12 months (细则 Art. 32).",
        ),
    ],
)
def test_party_data_rules(overrides, field, message):
    f = form(member_data(**overrides))
    assert not f.is_valid()
    assert message in f.errors[field]


def test_id_number_cannot_be_read_from_the_database_in_clear(user_named):
    f = form(member_data())
    assert f.is_valid(), f.errors
    member = services.member_create(actor=TEST_ACTOR, organization=highway(), data=f.cleaned_data)
    number = f.cleaned_data["id_number"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_member WHERE id = %s", [member.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM members_historicalmember WHERE id = %s", [member.pk])
        history = " ".join(str(v) for v in cursor.fetchone())
    assert number not in row and number not in history
    assert number[-4:] in row  # the last four are kept for search and display
    assert Member.objects.get(pk=member.pk).id_number == number
    assert member.id_number_masked == number[:6] + "********" + number[-4:]


def test_activity_log_never_shows_the_encrypted_columns(user_named):
    member = Member.objects.filter(organization__code="tr-highway").first()
    services.member_update(actor=user_named("secretary"), member=member, data={"post": "新岗位"})
    event = AuditEvent.objects.filter(model="members.member").latest("id")
    assert event.changes == {"post": [event.changes["post"][0], "新岗位"]}
    creates = AuditEvent.objects.filter(model="members.member", kind="create")
    assert all("id_number_encrypted" not in e.changes for e in creates)
    assert all("id_number_hash" not in e.changes for e in creates)


def test_status_changes_are_dated_history_with_reason_and_actor(user_named):
    member = Member.objects.get(name="周敏")
    secretary = user_named("secretary")
    services.member_change_status(
        actor=secretary,
        member=member,
        status="mobile",
        effective_on=dt.date(2026, 3, 1),
        detail="浙江杭州",
        reason="外出学习",
    )
    services.member_change_status(
        actor=secretary,
        member=member,
        status="normal",
        effective_on=dt.date(2026, 9, 1),
        reason="返回单位",
    )
    history = list(member.status_changes.order_by("effective_on"))
    assert [(h.previous_status, h.status) for h in history] == [
        ("normal", "mobile"),
        ("mobile", "normal"),
    ]
    assert history[0].actor == secretary and history[0].detail == "浙江杭州"
    with pytest.raises(ValidationError, match="cannot be dated earlier"):
        services.member_change_status(
            actor=secretary,
            member=member,
            status="lost_contact",
            effective_on=dt.date(2026, 8, 1),
            detail="2",
            reason="x",
        )


def test_a_final_status_cannot_change_again(user_named):
    member = Member.objects.get(name="谢军")
    services.member_change_status(
        actor=TEST_ACTOR,
        member=member,
        status="deceased",
        effective_on=dt.date(2026, 10, 1),
        reason="病故",
    )
    with pytest.raises(ValidationError, match="can no longer change status"):
        services.member_change_status(
            actor=TEST_ACTOR,
            member=member,
            status="normal",
            effective_on=dt.date(2026, 11, 1),
            reason="x",
        )
    assert selectors.roll_counts(user=secretary(), organization=highway()).total == 22


def test_transfer_inside_branchwork_moves_the_member_with_history(user_named):
    member = Member.objects.get(name="冯雪")
    services.member_change_status(
        actor=TEST_ACTOR,
        member=member,
        status="mobile",
        effective_on=dt.date(2026, 1, 1),
        detail="x",
        reason="x",
    )
    transport = Organization.objects.get(code="tr-transport")
    services.member_transfer_out(
        actor=user_named("secretary"),
        member=member,
        issued_on=dt.date(2026, 11, 1),
        letter_number="铜直工字〔2026〕12号",
        to_organization=transport,
    )
    member.refresh_from_db()
    assert member.organization == transport and member.party_group is None
    assert member.status_changes.count() == 1
    transfer = member.transfers.get()
    assert (transfer.direction, transfer.from_name) == (
        "internal",
        "中共铜仁市公路管理局支部委员会",
    )


def test_transfer_out_of_the_system_marks_the_member(user_named):
    member = Member.objects.get(name="罗琴")
    services.member_transfer_out(
        actor=TEST_ACTOR,
        member=member,
        issued_on=dt.date(2026, 11, 2),
        to_name="中共贵阳市某局支部委员会",
    )
    member.refresh_from_db()
    assert member.status == "transferred_out"
    assert StatusChange.objects.filter(member=member, status="transferred_out").exists()


def test_approved_correction_is_applied_after_the_rules_are_checked(user_named):
    member = Member.objects.get(name="周敏")
    request = services.correction_request(
        actor=user_named("member"),
        member=member,
        field="post",
        requested_value="养护管理科副科长",
        explanation="",
    )
    services.correction_decide(actor=user_named("secretary"), request=request, approve=True)
    member.refresh_from_db()
    assert member.post == "养护管理科副科长"

    bad = services.correction_request(
        actor=user_named("member"),
        member=member,
        field="birth_date",
        requested_value="1991-01-01",
        explanation="",
    )
    with pytest.raises(ValidationError, match="does not match the ID number"):
        services.correction_decide(actor=user_named("secretary"), request=bad, approve=True)
    bad.refresh_from_db()
    assert bad.state == "pending"


def test_rejecting_needs_a_reason(user_named):
    member = Member.objects.get(name="周敏")
    request = services.correction_request(
        actor=TEST_ACTOR, member=member, field="post", requested_value="x", explanation=""
    )
    with pytest.raises(ValidationError, match="Say why"):
        services.correction_decide(actor=TEST_ACTOR, request=request, approve=False)
    services.correction_decide(actor=TEST_ACTOR, request=request, approve=False, note="岗位未调整")
    with pytest.raises(ValidationError, match="already been decided"):
        services.correction_decide(actor=TEST_ACTOR, request=request, approve=True)


def test_demo_branch_has_23_members_one_probationary_with_valid_ids():
    counts = selectors.roll_counts(user=secretary(), organization=highway())
    assert (counts.total, counts.full, counts.probationary) == (23, 22, 1)
    from branchwork.members.rules import parse_id_number

    for member in Member.objects.filter(organization__code="tr-highway"):
        info = parse_id_number(member.id_number)
        assert (info.birth_date, info.gender) == (member.birth_date, member.gender)


def test_probation_watch_lists_members_due_within_30_days():
    member = Member.objects.get(category="probationary")
    ends = member.probation_end
    rows = selectors.probation_watch(
        user=secretary(), organization=highway(), today=ends - dt.timedelta(days=30)
    )
    assert [r.member for r in rows] == [member]
    assert (
        selectors.probation_watch(
            user=secretary(), organization=highway(), today=ends - dt.timedelta(days=31)
        )
        == []
    )
    (overdue,) = selectors.probation_watch(
        user=secretary(), organization=highway(), today=ends + dt.timedelta(days=3)
    )
    assert overdue.overdue and overdue.days_overdue == 3


def test_demo_member_ids_use_their_county_codes():
    assert id_number(dt.date(1990, 1, 1))[:6] == "520602"


@pytest.mark.parametrize(
    ("admitted", "converted", "extension", "ok"),
    [
        ("2015-07-01", "2016-06-30", 0, False),
        ("2015-07-01", "2016-07-01", 0, True),
        ("2015-07-01", "2016-12-31", 6, False),
        ("2015-07-01", "2017-01-01", 6, True),
    ],
)
def test_conversion_comes_after_the_probation_year(admitted, converted, extension, ok):
    f = form(
        member_data(
            admitted_on=admitted, converted_on=converted, probation_extension_months=extension
        )
    )
    assert f.is_valid() is ok, f.errors
    if not ok:
        assert "probation year is over" in f.errors["converted_on"][0]
