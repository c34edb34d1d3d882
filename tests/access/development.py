"""Access-matrix rows of the development pipeline (development.view / development.manage;
recording a general meeting's vote also needs meeting.manage, which the organization committee
member does not have). Objects: 龙海, a development target of the highway branch in the demo."""

from __future__ import annotations

from typing import Any

from tests.access.routes import HIGHWAY, Route


def _person() -> dict[str, Any]:
    from branchwork.development.models import Person

    return {"pk": Person.objects.get(organization__code=HIGHWAY, name="龙海").pk}


def _person_api() -> dict[str, Any]:
    return {"person_id": _person()["pk"]}


def _step() -> dict[str, Any]:
    from branchwork.development.models import Step

    return {"pk": Step.objects.filter(person__pk=_person()["pk"], number=1).get().pk}


def _document() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.development.models import Step
    from branchwork.development.services import document_add
    from tests.conftest import TEST_ACTOR

    step = Step.objects.get(pk=_step()["pk"])
    upload = SimpleUploadedFile("application.pdf", b"%PDF-1.4\n" + b"0" * 64)
    return {"pk": document_add(actor=TEST_ACTOR, step=step, kind="application", upload=upload).pk}


PAGE_ROUTES: dict[str, Route] = {
    "development:list": Route(query={"org": HIGHWAY}),
    "development:export": Route(query={"org": HIGHWAY}),
    "development:import": Route(query={"org": HIGHWAY}),
    "development:create": Route(query={"org": HIGHWAY}),
    "development:detail": Route(kwargs=_person),
    "development:file": Route(kwargs=_person),
    "development:document": Route(kwargs=_document),
    "development:step": Route(kwargs=_person, method="post"),
    "development:vote": Route(kwargs=_person, method="post"),
    "development:disqualify": Route(kwargs=_person, method="post"),
    "development:attach": Route(kwargs=_step, method="post"),
}

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                            adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "development:attach":       (302, 302, 302, 302, 403, 403, 404, 403, 404, 404, 404, 302),
    "development:create":       (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 404, 302),
    "development:detail":       (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 302),
    "development:disqualify":   (302, 302, 302, 302, 403, 403, 404, 403, 404, 404, 404, 302),
    "development:document":     (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 302),
    "development:export":       (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "development:file":         (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 302),
    "development:import":       (200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 404, 302),
    "development:list":         (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "development:step":         (302, 302, 302, 302, 403, 403, 404, 403, 404, 404, 404, 302),
    "development:vote":         (302, 302, 302, 403, 403, 403, 404, 403, 404, 404, 404, 302),
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/development"): Route(data={"org": HIGHWAY}),
    ("get", "/api/development/{person_id}"): Route(kwargs=_person_api),
    ("get", "/api/development/{person_id}/steps"): Route(kwargs=_person_api),
    ("get", "/api/development/counts/{code}"): Route(kwargs={"code": HIGHWAY}),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                                adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/development"):                    (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("get", "/api/development/counts/{code}"):      (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("get", "/api/development/{person_id}"):        (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 401),
    ("get", "/api/development/{person_id}/steps"):  (200, 200, 200, 200, 200, 200, 404, 200, 404, 404, 404, 401),
}
# fmt: on
