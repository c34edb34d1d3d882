"""Access rows of the study module (issue 14): study.view reads progress, the ledger, sessions,
plans and the library; study.manage records; a member reaches their own study through "my
study" and their own records and evidence; a branch's library (and the libraries above it) is
read by its members. Columns as in tests/test_access_matrix.py."""

from __future__ import annotations

from typing import Any

from tests.access.routes import HIGHWAY, Route
from tests.conftest import TEST_ACTOR

BEHIND_MEMBER = "石磊"  # a highway member linked to no persona


def _record() -> dict[str, Any]:
    from branchwork.study.models import StudyRecord

    record = StudyRecord.objects.filter(member__name=BEHIND_MEMBER, session__isnull=True).order_by(
        "id"
    )[0]
    return {"pk": record.pk}


def _evidence() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.study.models import StudyRecord
    from branchwork.study.services import evidence_add

    record = StudyRecord.objects.get(pk=_record()["pk"])
    upload = SimpleUploadedFile("cert.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    return {"pk": evidence_add(actor=TEST_ACTOR, record=record, upload=upload).pk}


def _plan_item() -> dict[str, Any]:
    from branchwork.study.models import PlanItem

    return {"pk": PlanItem.objects.filter(plan__organization__code=HIGHWAY).order_by("id")[0].pk}


def _material() -> dict[str, Any]:
    from branchwork.study.models import Material

    return {"pk": Material.objects.filter(organization__code=HIGHWAY).order_by("id")[0].pk}


def _material_with_file() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.organizations.models import Organization
    from branchwork.study.services import material_add

    material = material_add(
        actor=TEST_ACTOR,
        organization=Organization.objects.get(code=HIGHWAY),
        topic="党章党规",
        title="矩阵测试文件",
        upload=SimpleUploadedFile("rules.pdf", b"%PDF-1.4 matrix"),
    )
    return {"pk": material.pk}


def _new_record() -> dict[str, Any]:
    from branchwork.members.models import Member

    member = Member.objects.get(name=BEHIND_MEMBER)
    return {
        "member_id": member.pk,
        "date": "2026-03-01",
        "topic": "矩阵测试自学",
        "form": "self_study",
        "quantity": "2",
    }


ORG = {"org": HIGHWAY}

PAGE_ROUTES: dict[str, Route] = {
    "study:progress": Route(query=ORG),
    "study:me": Route(),
    "study:records": Route(query=ORG),
    "study:record_create": Route(query=ORG),
    "study:record": Route(kwargs=_record),
    "study:record_edit": Route(kwargs=_record),
    "study:record_delete": Route(kwargs=_record, method="post"),
    "study:evidence_add": Route(kwargs=_record, method="post"),
    "study:evidence": Route(kwargs=_evidence),
    "study:sessions": Route(query=ORG),
    "study:session_create": Route(query=ORG),
    "study:plan": Route(query=ORG),
    "study:plan_item_delete": Route(kwargs=_plan_item, method="post"),
    "study:materials": Route(query=ORG),
    "study:material": Route(kwargs=_material),
    "study:material_file": Route(kwargs=_material_with_file),
    "study:material_read": Route(kwargs=_material, method="post"),
    "study:export": Route(query=ORG),
    "study:import": Route(query=ORG),
    "study:template": Route(),
}

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                          adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "study:progress":          (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "study:me":                (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    "study:records":           (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "study:record_create":     (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "study:record":            (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 302),
    "study:record_edit":       (200, 200, 200, 403, 200, 403, 404, 403, 404, 404, 404, 302),
    "study:record_delete":     (302, 302, 302, 403, 302, 403, 404, 403, 404, 404, 404, 302),
    "study:evidence_add":      (302, 302, 302, 403, 302, 403, 404, 403, 404, 404, 404, 302),
    "study:evidence":          (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 302),
    "study:sessions":          (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "study:session_create":    (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "study:plan":              (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "study:plan_item_delete":  (302, 302, 302, 403, 302, 403, 404, 403, 404, 404, 404, 302),
    "study:materials":         (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    # The branch's library is read by its members (and the work committee above).
    "study:material":          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "study:material_file":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    # Marking read is a member's own act: accounts without a member record get 404.
    "study:material_read":     (404, 302, 302, 302, 302, 302, 302, 404, 302, 302, 404, 302),
    "study:export":            (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "study:import":            (200, 200, 200, 403, 200, 403, 403, 403, 403, 403, 404, 302),
    "study:template":          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/study/records"): Route(data=ORG),
    ("post", "/api/study/records"): Route(method="post", data=_new_record),
    ("get", "/api/study/progress"): Route(data=ORG),
    ("get", "/api/study/progress/summary"): Route(data=ORG),
    ("get", "/api/study/me"): Route(),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                      adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/study/records"):          (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("post", "/api/study/records"):         (201, 201, 201, 403, 201, 403, 404, 403, 404, 404, 404, 401),
    ("get", "/api/study/progress"):         (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("get", "/api/study/progress/summary"): (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("get", "/api/study/me"):               (404, 200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 401),
}
# fmt: on
