"""Study writes: records and their checks, hours added by other modules (idempotent by
source key), collective sessions linked to meetings, materials read, plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.core.models import AuditEvent
from branchwork.study import services
from branchwork.study.models import StudyRecord
from tests.conftest import TEST_ACTOR
from tests.factories import MeetingFactory
from tests.study.factories import material, study_record

D = dt.date


def test_a_record_is_saved_with_its_activity_line(persona_tree):
    member = persona_tree.members["member"]
    record = study_record(member, hours="1.5")
    assert record.hours == Decimal("1.5")
    assert AuditEvent.objects.filter(model="study.studyrecord", object_id=str(record.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"hours": Decimal(0)}, "hours"),
        ({"hours": Decimal("0.3")}, "hours"),
        ({"hours": Decimal(201)}, "hours"),
        ({"date": D(2999, 1, 1)}, "date"),
        ({"date": D(2005, 6, 30)}, "date"),  # the day before admission (2005-07-01)
        ({"form": "centralised", "organizer": ""}, "organizer"),
    ],
)
def test_a_bad_record_is_refused_with_its_field(persona_tree, data, field):
    with pytest.raises(ValidationError) as exc:
        study_record(persona_tree.members["member"], **data)
    assert field in exc.value.message_dict


def test_study_on_the_day_of_admission_counts(persona_tree):
    assert study_record(persona_tree.members["member"], date=D(2005, 7, 1)).pk


def test_external_hours_are_idempotent_by_source_key(persona_tree):
    member = persona_tree.members["member"]
    kwargs = {
        "actor": TEST_ACTOR,
        "member": member,
        "date": D(2026, 5, 4),
        "topic": "志愿服务中的专题学习",
        "form": "collective",
        "hours": Decimal(2),
        "source_key": "activities:activity:7",
    }
    first, created = services.record_external_hours(**kwargs)
    again, created_again = services.record_external_hours(**kwargs)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    changed, _ = services.record_external_hours(**{**kwargs, "hours": Decimal(3)})
    assert changed.pk == first.pk and changed.hours == 3
    assert StudyRecord.objects.filter(member=member, source_key=kwargs["source_key"]).count() == 1
    other, created_other = services.record_external_hours(
        **{**kwargs, "member": persona_tree.members["secretary"]}
    )
    assert created_other and other.pk != first.pk


def test_external_hours_need_a_key_and_a_known_form(persona_tree):
    member = persona_tree.members["member"]
    base = {
        "actor": TEST_ACTOR,
        "member": member,
        "date": D(2026, 5, 4),
        "topic": "x",
        "hours": Decimal(1),
    }
    with pytest.raises(ValidationError):
        services.record_external_hours(**base, form="online", source_key=" ")
    with pytest.raises(ValidationError):
        services.record_external_hours(**base, form="reading", source_key="k")


def test_a_session_at_a_general_meeting_counts_for_those_present(persona_tree):
    from branchwork.meetings.models import Attendance
    from branchwork.meetings.services import attendance_fill, attendance_set

    meeting = persona_tree.meetings["general"]
    attendance_fill(actor=TEST_ACTOR, meeting=meeting)
    absent = persona_tree.members["probationary"]
    attendance_set(
        actor=TEST_ACTOR, meeting=meeting, marks={absent.pk: (Attendance.Presence.ABSENT, "")}
    )
    session = services.session_record(
        actor=TEST_ACTOR,
        organization=persona_tree.orgs["branch"],
        date=meeting.date,
        topic="学习党章",
        hours=Decimal(2),
        meeting=meeting,
    )
    with pytest.raises(ValidationError) as exc:
        services.session_record(
            actor=TEST_ACTOR,
            organization=persona_tree.orgs["branch"],
            date=meeting.date,
            topic="again",
            hours=Decimal(2),
            meeting=meeting,
        )
    assert "already recorded" in str(exc.value)
    names = set(session.records.values_list("member__name", flat=True))
    assert persona_tree.members["member"].name in names
    assert absent.name not in names
    assert all(r.form == "collective" for r in session.records.all())


def test_a_session_is_not_linked_to_a_committee_meeting_or_a_wrong_date(persona_tree):
    branch = persona_tree.orgs["branch"]
    committee = MeetingFactory.create(
        organization=branch, kind="committee_meeting", date=D(2024, 4, 8)
    )
    with pytest.raises(ValidationError) as exc:
        services.session_record(
            actor=TEST_ACTOR,
            organization=branch,
            date=committee.date,
            topic="t",
            hours=Decimal(2),
            meeting=committee,
        )
    assert "meeting" in exc.value.message_dict
    general = persona_tree.meetings["general"]
    with pytest.raises(ValidationError) as exc:
        services.session_record(
            actor=TEST_ACTOR,
            organization=branch,
            date=general.date + dt.timedelta(days=1),
            topic="t",
            hours=Decimal(2),
            meeting=general,
        )
    assert "date" in exc.value.message_dict


def test_a_session_of_another_branch_meeting_is_refused(persona_tree):
    with pytest.raises(ValidationError):
        services.session_record(
            actor=TEST_ACTOR,
            organization=persona_tree.orgs["other"],
            date=persona_tree.meetings["general"].date,
            topic="t",
            hours=Decimal(2),
            meeting=persona_tree.meetings["general"],
        )


def test_a_session_without_a_meeting_counts_for_the_members_chosen(persona_tree):
    tree = persona_tree
    session = services.session_record(
        actor=TEST_ACTOR,
        organization=tree.orgs["branch"],
        date=D(2026, 4, 2),
        topic="读书班",
        hours=Decimal(4),
        members=[tree.members["member"], tree.members["other"]],  # the other branch's: left out
    )
    assert list(session.records.values_list("member__name", flat=True)) == ["周党员"]
    with pytest.raises(ValidationError):
        services.session_record(
            actor=TEST_ACTOR,
            organization=tree.orgs["branch"],
            date=D(2026, 4, 2),
            topic="读书班",
            hours=Decimal(4),
            members=[],
        )
    services.session_delete(actor=TEST_ACTOR, session=session)
    assert not StudyRecord.objects.filter(topic="读书班").exists()


def test_a_material_is_marked_read_once(persona_tree):
    item = material(persona_tree.orgs["branch"])
    member = persona_tree.members["member"]
    _, first = services.material_mark_read(actor=TEST_ACTOR, material=item, member=member)
    _, second = services.material_mark_read(actor=TEST_ACTOR, material=item, member=member)
    assert (first, second) == (True, False)


def test_a_material_needs_a_link_or_a_document(persona_tree):
    with pytest.raises(ValidationError):
        services.material_add(
            actor=TEST_ACTOR, organization=persona_tree.orgs["branch"], topic="t", title="t"
        )
    pdf = SimpleUploadedFile("rules.pdf", b"%PDF-1.4 test")
    doc = services.material_add(
        actor=TEST_ACTOR, organization=persona_tree.orgs["branch"], topic="t", title="t", upload=pdf
    )
    assert doc.file_name == "rules.pdf" and doc.content_type == "application/pdf"


def test_evidence_is_checked_and_attached(persona_tree):
    record = study_record(persona_tree.members["member"])
    png = SimpleUploadedFile("cert.png", b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    services.evidence_add(actor=TEST_ACTOR, record=record, upload=png)
    assert record.evidence.count() == 1
    with pytest.raises(ValidationError):
        services.evidence_add(
            actor=TEST_ACTOR, record=record, upload=SimpleUploadedFile("x.exe", b"MZ")
        )


def test_a_plan_has_one_row_a_year_and_topics_by_month(persona_tree):
    branch = persona_tree.orgs["branch"]
    plan = services.plan_save(actor=TEST_ACTOR, organization=branch, year=2026, title="计划")
    again = services.plan_save(actor=TEST_ACTOR, organization=branch, year=2026, title="新计划")
    assert plan.pk == again.pk and again.title == "新计划"
    other_material = material(persona_tree.orgs["other"], title="另一支部的材料")
    own = material(branch)
    item = services.plan_item_add(
        actor=TEST_ACTOR, plan=plan, month=3, topic="学习条例", materials=[own, other_material]
    )
    assert list(item.materials.all()) == [own]
    for month in (0, 13):
        with pytest.raises(ValidationError):
            services.plan_item_add(actor=TEST_ACTOR, plan=plan, month=month, topic="x")
