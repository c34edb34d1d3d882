"""Access rows of the rules library (regulations): pages and API operations, for every persona.

Reading the rules is rules.view (every role on the highway branch has it, the inspector from
the work committee too); drafting, adopting, attaching and reminding are rules.manage
(administrator, secretary, deputy secretary). Who has and has not read a version names
members, so it is member.view (the branch committee and the inspector, not the member, the
leader or the engineer). Acknowledging is the signed-in member's own act: the page answers with
a redirect for everyone who may read (a user without a member record is told why), the API
answers 403 for users who are not members of the branch (the administrator, the inspector)."""

from __future__ import annotations

from typing import Any

from tests.access.routes import HIGHWAY, Route
from tests.conftest import TEST_ACTOR

ORG = {"org": HIGHWAY}


def _rule() -> dict[str, Any]:
    from branchwork.regulations.models import Regulation

    return {
        "pk": Regulation.objects.get(organization__code=HIGHWAY, title="党费收缴使用管理制度").pk
    }


def _in_force() -> dict[str, Any]:
    from branchwork.regulations.models import RegulationVersion

    version = RegulationVersion.objects.get(
        regulation__organization__code=HIGHWAY,
        regulation__title="党费收缴使用管理制度",
        state="adopted",
    )
    return {"pk": version.pk}


def _draft() -> dict[str, Any]:
    from branchwork.regulations.models import RegulationVersion

    version = RegulationVersion.objects.get(
        regulation__organization__code=HIGHWAY, regulation__title="谈心谈话制度", state="draft"
    )
    return {"pk": version.pk}


def _attachment() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.regulations.models import Regulation
    from branchwork.regulations.services import attachment_add

    regulation = Regulation.objects.get(pk=_rule()["pk"])
    upload = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    return {"pk": attachment_add(actor=TEST_ACTOR, regulation=regulation, upload=upload).pk}


def _api_rule() -> dict[str, Any]:
    return {"regulation_id": _rule()["pk"]}


def _api_version() -> dict[str, Any]:
    return {"version_id": _in_force()["pk"]}


PAGE_ROUTES: dict[str, Route] = {
    "regulations:list": Route(query=ORG),
    "regulations:create": Route(query=ORG),
    "regulations:booklet": Route(query=ORG),
    "regulations:attachment": Route(kwargs=_attachment),
    "regulations:detail": Route(kwargs=_rule),
    "regulations:edit": Route(kwargs=_rule),
    "regulations:draft": Route(kwargs=_rule),
    "regulations:attach": Route(kwargs=_rule, method="post"),
    "regulations:docx": Route(kwargs=_rule),
    "regulations:version": Route(kwargs=_in_force),
    "regulations:adopt": Route(kwargs=_draft, method="post"),
    "regulations:discard": Route(kwargs=_draft, method="post"),
    "regulations:acknowledge": Route(kwargs=_in_force, method="post"),
    "regulations:readers": Route(kwargs=_in_force),
    "regulations:remind": Route(kwargs=_in_force, method="post"),
}

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                           adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "regulations:list":        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:create":      (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:booklet":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:attachment":  (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:detail":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:edit":        (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:draft":       (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:attach":      (302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:docx":        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:version":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 302),
    "regulations:adopt":       (302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:discard":     (302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "regulations:acknowledge": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 404, 302),
    "regulations:readers":     (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 302),
    "regulations:remind":      (302, 302, 302, 403, 403, 403, 403, 403, 403, 403, 404, 302),
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/regulations"): Route(data={"org": HIGHWAY, "q": "党费"}),
    ("get", "/api/regulations/rate/{code}/{year}"): Route(kwargs={"code": HIGHWAY, "year": 2026}),
    ("get", "/api/regulations/{regulation_id}"): Route(kwargs=_api_rule),
    ("get", "/api/regulations/{regulation_id}/versions"): Route(kwargs=_api_rule),
    ("get", "/api/regulations/versions/{version_id}"): Route(kwargs=_api_version),
    ("get", "/api/regulations/versions/{version_id}/acknowledgments"): Route(kwargs=_api_version),
    ("post", "/api/regulations/versions/{version_id}/acknowledgment"): Route(
        kwargs=_api_version, method="post"
    ),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                                                  adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/regulations"):                                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/regulations/rate/{code}/{year}"):                    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/regulations/{regulation_id}"):                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/regulations/{regulation_id}/versions"):              (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/regulations/versions/{version_id}"):                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 401),
    ("get", "/api/regulations/versions/{version_id}/acknowledgments"): (200, 200, 200, 200, 200, 200, 403, 200, 403, 403, 404, 401),
    ("post", "/api/regulations/versions/{version_id}/acknowledgment"): (403, 201, 201, 201, 201, 201, 201, 403, 201, 201, 404, 401),
}
# fmt: on
