import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from branchwork.activities import selectors, services
from branchwork.activities.models import FundEntry, Participant
from branchwork.core.models import AuditEvent
from tests.activities.factories import (
    make_activity,
    make_income,
    make_staff,
    make_visit,
    png_upload,
)
from tests.conftest import TEST_ACTOR

TODAY = timezone.localdate


def test_a_member_signs_up_once_and_withdraws(persona_tree):
    activity = make_activity(persona_tree.branch, state="planned", date=TODAY() + dt.timedelta(3))
    member = persona_tree.members["member"]
    user = persona_tree.users["member"]
    first = services.activity_sign_up(actor=user, activity=activity, member=member)
    again = services.activity_sign_up(actor=user, activity=activity, member=member)
    assert first.pk == again.pk and first.signed_up_at and first.checked_in_at is None
    services.activity_withdraw(actor=user, activity=activity, member=member)
    assert not activity.participants.exists()


def test_sign_up_is_refused_when_full_closed_or_over(persona_tree):
    future = TODAY() + dt.timedelta(days=3)
    full = make_activity(persona_tree.branch, state="planned", date=future, capacity=1)
    services.activity_sign_up(
        actor=TEST_ACTOR, activity=full, member=persona_tree.members["secretary"]
    )
    with pytest.raises(ValidationError, match="full"):
        services.activity_sign_up(
            actor=TEST_ACTOR, activity=full, member=persona_tree.members["member"]
        )
    closed = make_activity(persona_tree.branch, state="planned", date=future, signup_open=False)
    with pytest.raises(ValidationError, match="closed"):
        services.activity_sign_up(
            actor=TEST_ACTOR, activity=closed, member=persona_tree.members["member"]
        )
    over = make_activity(persona_tree.branch)
    with pytest.raises(ValidationError, match="over"):
        services.activity_sign_up(
            actor=TEST_ACTOR, activity=over, member=persona_tree.members["member"]
        )


def test_self_check_in_on_the_day_adds_a_walk_in_and_then_keeps_the_record(persona_tree):
    today = make_activity(persona_tree.branch, date=TODAY())
    member = persona_tree.members["member"]
    row = services.activity_check_in_self(actor=TEST_ACTOR, activity=today, member=member)
    assert row.checked_in_at is not None and row.signed_up_at is not None
    with pytest.raises(ValidationError, match="checked in"):
        services.activity_withdraw(actor=TEST_ACTOR, activity=today, member=member)
    yesterday = make_activity(persona_tree.branch)
    with pytest.raises(ValidationError, match="day of the activity"):
        services.activity_check_in_self(actor=TEST_ACTOR, activity=yesterday, member=member)


def test_people_of_another_branch_cannot_be_added(persona_tree):
    activity = make_activity(persona_tree.branch)
    with pytest.raises(ValidationError, match="not in this organization"):
        services.participant_add(
            actor=TEST_ACTOR, activity=activity, member=persona_tree.members["other"]
        )
    with pytest.raises(ValidationError, match="one person"):
        services.participant_add(actor=TEST_ACTOR, activity=activity)


def test_an_activity_checks_its_organizer_and_date(persona_tree):
    other_union = services.mass_org_save(
        actor=TEST_ACTOR,
        organization=persona_tree.orgs["other"],
        data={"kind": "trade_union", "name": "另一工会"},
    )
    with pytest.raises(ValidationError) as exc:
        make_activity(persona_tree.branch, mass_org=other_union)
    assert "mass_org" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_activity(persona_tree.branch, date=TODAY() + dt.timedelta(days=2))
    assert "date" in exc.value.message_dict


def test_mass_organization_holds_members_and_staff_once_each(persona_tree):
    union = services.mass_org_save(
        actor=TEST_ACTOR,
        organization=persona_tree.branch,
        data={"kind": "trade_union", "name": "工会"},
    )
    staff = make_staff(persona_tree.branch)
    services.mass_org_member_add(actor=TEST_ACTOR, mass_org=union, staff=staff)
    services.mass_org_member_add(
        actor=TEST_ACTOR, mass_org=union, member=persona_tree.members["member"], role="委员"
    )
    with pytest.raises(ValidationError, match="already belongs"):
        services.mass_org_member_add(actor=TEST_ACTOR, mass_org=union, staff=staff)
    assert [m.staff_id is not None for m in selectors.memberships_of(union)] == [False, True]
    activity = make_activity(persona_tree.branch, mass_org=union, kind="culture")
    assert activity.organizer_name == "工会"


def test_a_photo_is_stored_with_a_small_upright_thumbnail(persona_tree):
    activity = make_activity(persona_tree.branch)
    photo = services.photo_add(
        actor=TEST_ACTOR, activity=activity, upload=png_upload(), caption="合影"
    )
    with photo.thumbnail.open("rb") as f, Image.open(f) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == services.THUMBNAIL_SIZE
    assert photo.content_type == "image/png"


def test_a_file_that_is_not_a_photo_is_refused(persona_tree):
    activity = make_activity(persona_tree.branch)
    fake = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    with pytest.raises(ValidationError, match="cannot be read"):
        services.photo_add(actor=TEST_ACTOR, activity=activity, upload=fake)
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ...")
    with pytest.raises(ValidationError, match="photos"):
        services.photo_add(actor=TEST_ACTOR, activity=activity, upload=pdf)
    assert not activity.photos.exists()


def test_a_huge_image_is_refused_before_it_is_decoded(persona_tree, monkeypatch):
    monkeypatch.setattr(services, "MAX_PIXELS", 100)
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG")
    upload = SimpleUploadedFile("big.png", out.getvalue())
    with pytest.raises(ValidationError, match="too large"):
        services.photo_add(
            actor=TEST_ACTOR, activity=make_activity(persona_tree.branch), upload=upload
        )


def test_study_hours_count_attended_study_activities_only(persona_tree):
    branch, user = persona_tree.branch, persona_tree.users["secretary"]
    member, secretary = persona_tree.members["member"], persona_tree.members["secretary"]
    year = TODAY().year if TODAY().month > 1 or TODAY().day > 2 else TODAY().year - 1
    day = dt.date(year, 1, 2)
    study = make_activity(branch, date=day, counts_as_study=True, hours=Decimal("2"))
    also = make_activity(branch, date=day, counts_as_study=True, hours=Decimal("3"))
    volunteer = make_activity(branch, date=day, kind="volunteer", hours=Decimal("4"))
    for activity in (study, also, volunteer):
        services.participant_add(
            actor=TEST_ACTOR, activity=activity, member=member, checked_in=True
        )
    services.participant_add(actor=TEST_ACTOR, activity=study, member=secretary)  # not present
    late = Participant.objects.get(activity=also, member=member)
    services.participant_set(
        actor=TEST_ACTOR, participant=late, checked_in=True, hours=Decimal("1.5")
    )

    hours = selectors.study_hours(user=user, organization=branch, year=year)
    assert hours == {member.pk: Decimal("3.5")}
    rows = selectors.volunteer_hours(user=user, organization=branch, year=year)
    assert [(r.name, r.volunteer, r.total) for r in rows] == [("周党员", 4, Decimal("7.5"))]


def test_study_hours_are_scoped_to_the_users_view(persona_tree):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        selectors.study_hours(
            user=persona_tree.users["outsider"], organization=persona_tree.branch, year=2026
        )


# --- The caring fund ---------------------------------------------------------------------------


def _ledger(persona_tree):
    return selectors.fund_ledger(
        user=persona_tree.users["secretary"], organization=persona_tree.branch
    )


def test_a_visits_money_is_its_one_spending_row_and_follows_every_change(persona_tree):
    branch = persona_tree.branch
    make_income(branch, "1000.00")
    visit = make_visit(branch, "300.00")
    row = FundEntry.objects.get(visit=visit)
    assert (row.kind, row.amount, row.date) == ("spending", Decimal("300.00"), visit.date)
    services.caring_visit_save(
        actor=TEST_ACTOR, organization=branch, visit=visit, data={"money": Decimal("450.00")}
    )
    assert FundEntry.objects.get(visit=visit).amount == Decimal("450.00")
    assert _ledger(persona_tree).reconciliation.balance == Decimal("550.00")
    services.caring_visit_save(
        actor=TEST_ACTOR, organization=branch, visit=visit, data={"money": Decimal("0")}
    )
    assert not FundEntry.objects.filter(visit=visit).exists()
    check = _ledger(persona_tree).reconciliation
    assert check.ok and check.balance == Decimal("1000.00")


def test_a_visit_cannot_spend_more_than_the_fund_holds(persona_tree):
    branch = persona_tree.branch
    make_income(branch, "200.00")
    with pytest.raises(ValidationError) as exc:
        make_visit(branch, "300.00")
    assert "holds 200.00 yuan" in exc.value.message_dict["money"][0]
    assert not branch.caring_visits.exists()
    visit = make_visit(branch, "200.00")
    # Changing a visit's own money counts its old row as returned to the fund.
    services.caring_visit_save(
        actor=TEST_ACTOR, organization=branch, visit=visit, data={"money": Decimal("150.00")}
    )
    assert _ledger(persona_tree).reconciliation.balance == Decimal("50.00")


def test_deleting_a_visit_returns_its_money_and_rows_are_guarded(persona_tree):
    branch = persona_tree.branch
    income = make_income(branch, "500.00")
    visit = make_visit(branch, "400.00")
    with pytest.raises(ValidationError, match="visit's money"):
        services.fund_entry_delete(actor=TEST_ACTOR, row=FundEntry.objects.get(visit=visit))
    with pytest.raises(ValidationError, match="has been spent"):
        services.fund_entry_delete(actor=TEST_ACTOR, row=income)
    with pytest.raises(ValidationError, match=r"holds 100\.00"):
        services.fund_entry_add(
            actor=TEST_ACTOR,
            organization=branch,
            kind="spending",
            date=TODAY(),
            amount=Decimal("100.01"),
            description="慰问品",
        )
    services.caring_visit_delete(actor=TEST_ACTOR, visit=visit)
    services.fund_entry_delete(actor=TEST_ACTOR, row=income)
    check = _ledger(persona_tree).reconciliation
    assert check.ok and check.balance == 0
    kinds = set(
        AuditEvent.objects.filter(model="activities.fundentry", org_path=branch.path).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {"create", "delete"}


def test_a_row_changed_behind_the_services_back_is_caught(persona_tree):
    branch = persona_tree.branch
    make_income(branch, "1000.00")
    visit = make_visit(branch, "300.00")
    FundEntry.objects.filter(visit=visit).update(amount=Decimal("30.00"))  # a slip in the DB
    check = _ledger(persona_tree).reconciliation
    assert not check.ok
    assert f"Visit {visit.pk} gave 300.00 yuan but the ledger books 30.00" in check.problems[0]


def test_each_ledger_row_shows_the_running_balance(persona_tree):
    branch = persona_tree.branch
    make_income(branch, "1000.00")
    make_visit(branch, "300.00")
    make_visit(branch, "200.00", visited_name="田晓燕", category="retired")
    balances = [balance for _row, balance in _ledger(persona_tree).rows]
    assert balances == [Decimal("1000.00"), Decimal("700.00"), Decimal("500.00")]


def test_a_phone_photo_taken_sideways_gets_an_upright_thumbnail(persona_tree):
    out = io.BytesIO()
    image = Image.new("RGB", (1200, 600), (0, 90, 0))
    exif = image.getexif()
    exif[0x0112] = 6  # EXIF orientation: rotate 90° clockwise to show
    image.save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("phone.jpg", out.getvalue(), content_type="image/jpeg")
    photo = services.photo_add(
        actor=TEST_ACTOR, activity=make_activity(persona_tree.branch), upload=upload
    )
    with photo.thumbnail.open("rb") as f, Image.open(f) as thumb:
        assert thumb.size[1] > thumb.size[0]  # portrait, as the phone held it
