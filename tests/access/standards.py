"""Access rows of the standardization pages and API (issue 15).

The checklists and rounds belong to the work committee (tr-organs): only its administrator
(admin, from the city committee above) edits checklists, its inspector opens rounds, scores and
signs off; the branch's secretary and deputy (standards.manage) assess the branch and run its
upgrade projects; the other branch committee members and the department leader read. Members
and engineers have no standards.view: 403 on the branch's pages, 404 on its records.
"""

from __future__ import annotations

from typing import Any

from tests.access.routes import HIGHWAY, Route

ORGANS = "tr-organs"


def _template() -> dict[str, Any]:
    from branchwork.standards.models import ChecklistTemplate

    return {"pk": ChecklistTemplate.objects.filter(organization__code=ORGANS).first().pk}


def _open_inspection() -> Any:
    from branchwork.standards.models import BranchInspection

    return (
        BranchInspection.objects.filter(branch__code=HIGHWAY, signed_off_at__isnull=True)
        .order_by("-round__year")
        .first()
    )


def _inspection() -> dict[str, Any]:
    return {"pk": _open_inspection().pk}


def _inspection_id() -> dict[str, Any]:
    return {"inspection_id": _open_inspection().pk}


def _file() -> dict[str, Any]:
    from branchwork.standards.models import EvidenceFile

    return {"pk": EvidenceFile.objects.filter(inspection__branch__code=HIGHWAY).first().pk}


def _project() -> dict[str, Any]:
    from branchwork.standards.models import UpgradeProject

    return {"pk": UpgradeProject.objects.filter(organization__code=HIGHWAY).first().pk}


def _photo() -> dict[str, Any]:
    from branchwork.standards.models import UpgradePhoto

    return {"pk": UpgradePhoto.objects.filter(project__organization__code=HIGHWAY).first().pk}


PAGE_ROUTES: dict[str, Route] = {
    "standards:index": Route(query={"org": HIGHWAY}),
    "standards:template_install": Route(query={"org": ORGANS}, method="post"),
    "standards:template": Route(kwargs=_template),
    "standards:template_copy": Route(kwargs=_template, method="post"),
    "standards:template_edit": Route(kwargs=_template, method="post"),
    "standards:round_open": Route(query={"org": ORGANS}, method="post", data={"year": 2026}),
    "standards:rollup": Route(query={"org": HIGHWAY}),
    "standards:rollup_export": Route(query={"org": HIGHWAY}),
    "standards:inspection": Route(kwargs=_inspection),
    "standards:score": Route(kwargs=_inspection, method="post", data={"side": "self"}),
    "standards:sign_off": Route(kwargs=_inspection, method="post"),
    "standards:correct": Route(kwargs=_inspection, method="post"),
    "standards:upload": Route(kwargs=_inspection, method="post"),
    "standards:file": Route(kwargs=_file),
    "standards:project_new": Route(query={"org": HIGHWAY}),
    "standards:project": Route(kwargs=_project),
    "standards:task": Route(kwargs=_project, method="post"),
    "standards:project_status": Route(kwargs=_project, method="post"),
    "standards:project_photo": Route(kwargs=_project, method="post"),
    "standards:photo": Route(kwargs=_photo),
}

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                                adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "standards:index":             (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 302),
    "standards:template_install":  (302, 404, 404, 404, 404, 404, 404, 403, 404, 404, 404, 302),
    "standards:template":          (200, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404, 302),
    "standards:template_copy":     (302, 404, 404, 404, 404, 404, 404, 403, 404, 404, 404, 302),
    "standards:template_edit":     (302, 404, 404, 404, 404, 404, 404, 403, 404, 404, 404, 302),
    "standards:round_open":        (302, 404, 404, 404, 404, 404, 404, 302, 404, 404, 404, 302),
    "standards:rollup":            (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 302),
    "standards:rollup_export":     (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 302),
    "standards:inspection":        (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 302),
    "standards:score":             (302, 302, 302, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "standards:sign_off":          (302, 403, 403, 403, 403, 403, 404, 302, 403, 404, 404, 302),
    "standards:correct":           (302, 403, 403, 403, 403, 403, 404, 302, 403, 404, 404, 302),
    "standards:upload":            (302, 302, 302, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "standards:file":              (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 302),
    "standards:project_new":       (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 404, 302),
    "standards:project":           (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 302),
    "standards:task":              (302, 302, 302, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "standards:project_status":    (302, 302, 302, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "standards:project_photo":     (302, 302, 302, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "standards:photo":             (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 302),
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/standards/rounds"): Route(data={"org": HIGHWAY}),
    ("get", "/api/standards/inspections"): Route(data={"org": HIGHWAY}),
    ("get", "/api/standards/inspections/{inspection_id}/scores"): Route(kwargs=_inspection_id),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                                             adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/standards/rounds"):                             (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("get", "/api/standards/inspections"):                        (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("get", "/api/standards/inspections/{inspection_id}/scores"): (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 401),
}
# fmt: on
