"""Access-matrix rows of the assistance module (demo data: the highway branch's designated
counties, villages, households paired with its members — 周敏, the "member" login, with the
first household — and the article's ledger rows, all verified).

Who may: assistance.view — the branch committee's posts, the inspector above, the leader;
assistance.manage — secretary, deputy secretary, leader; assistance.verify — the secretary
(and the admin). The member reaches their own pairing, its visit form and photos; the
engineer and the member see no ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.access.routes import HIGHWAY, Route
from tests.conftest import TEST_ACTOR


def _designation() -> Any:
    from branchwork.assistance.models import DesignatedCounty

    return DesignatedCounty.objects.filter(organization__code=HIGHWAY).order_by("id").first()


def _new_entry(verified: bool = False) -> Any:
    from branchwork.assistance import services

    county = _designation()
    entry = services.entry_record(
        actor=TEST_ACTOR,
        organization=county.organization,
        data={
            "date": dt.date(2019, 5, 1),
            "donor": "矩阵测试",
            "county": county,
            "kind": "funds",
            "amount": Decimal("100"),
            "source": "direct",
            "purpose": "矩阵测试",
        },
    )
    if verified:
        entry = services.entry_verify(actor=TEST_ACTOR, entry=entry)
    return entry


def _entry() -> dict[str, Any]:
    return {"pk": _new_entry().pk}


def _verified_entry() -> dict[str, Any]:
    return {"pk": _new_entry(verified=True).pk}


def _entry_api() -> dict[str, Any]:
    return {"entry_id": _new_entry().pk}


def _verified_entry_api() -> dict[str, Any]:
    return {"entry_id": _new_entry(verified=True).pk}


def _document() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.assistance import services

    upload = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 matrix")
    return {"pk": services.document_add(actor=TEST_ACTOR, entry=_new_entry(), upload=upload).pk}


def _household() -> dict[str, Any]:
    from branchwork.assistance.models import Household

    return {"pk": Household.objects.filter(organization__code=HIGHWAY).order_by("id").first().pk}


def _member_pairing() -> Any:
    from branchwork.assistance.models import HouseholdPairing

    return HouseholdPairing.objects.get(member__user__username="member")


def _pairing() -> dict[str, Any]:
    return {"pk": _member_pairing().pk}


def _pairing_api() -> dict[str, Any]:
    return {"pairing_id": _member_pairing().pk}


def _photo() -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branchwork.assistance import services

    visit = services.visit_record(
        actor=TEST_ACTOR,
        pairing=_member_pairing(),
        date=dt.date(2019, 5, 1),
        discussed="矩阵",
        photos=[SimpleUploadedFile("v.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)],
    )
    return {"pk": visit.photos.get().pk}


def _pack() -> dict[str, Any]:
    from branchwork.assistance import services, tasks

    pack = services.pack_request(actor=TEST_ACTOR, county=_designation(), year=2019, language="en")
    tasks.build_pack(pack.pk)  # on_commit does not run inside the test's transaction
    return {"pk": pack.pk}


def _new_entry_payload() -> dict[str, Any]:
    return {
        "org": HIGHWAY,
        "date": "2019-05-02",
        "donor": "矩阵测试",
        "county": _designation().county.code,
        "kind": "materials",
        "amount": "10.00",
        "source": "direct",
        "purpose": "矩阵测试",
    }


def _target_payload() -> dict[str, Any]:
    return {
        "org": HIGHWAY,
        "county": _designation().county.code,
        "year": 2020,
        "indicator": "projects",
        "target": "2",
    }


ORG = {"org": HIGHWAY}

PAGE_ROUTES: dict[str, Route] = {
    "assistance:ledger": Route(query=ORG),
    "assistance:entry_new": Route(query=ORG),
    "assistance:entry": Route(kwargs=_entry),
    "assistance:entry_edit": Route(kwargs=_entry),
    "assistance:entry_verify": Route(kwargs=_entry, method="post"),
    "assistance:entry_reverse": Route(
        kwargs=_verified_entry, method="post", data={"reason": "矩阵"}
    ),
    "assistance:document_add": Route(kwargs=_entry, method="post"),
    "assistance:document": Route(kwargs=_document),
    "assistance:import": Route(query=ORG),
    "assistance:counties": Route(query=ORG),
    "assistance:targets": Route(query=ORG),
    "assistance:households": Route(query=ORG),
    "assistance:household_pair": Route(kwargs=_household),
    "assistance:visits": Route(query=ORG),
    "assistance:visit_new": Route(kwargs=_pairing),
    "assistance:photo": Route(kwargs=_photo),
    "assistance:me": Route(),
    "assistance:packs": Route(query=ORG),
    "assistance:pack": Route(kwargs=_pack),
    "assistance:pack_download": Route(kwargs=_pack),
}

VIEW = (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 302)
VIEW_OBJECT = (200, 200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 302)
MANAGE = (200, 200, 200, 403, 403, 403, 403, 403, 200, 403, 404, 302)
MANAGE_OBJECT = (200, 200, 200, 403, 403, 403, 404, 403, 200, 404, 404, 302)

# fmt: off
PAGE_ANSWERS: dict[str, tuple[int, ...]] = {
    #                                adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    "assistance:ledger":             VIEW,
    "assistance:entry_new":          MANAGE,
    "assistance:entry":              VIEW_OBJECT,
    "assistance:entry_edit":         MANAGE_OBJECT,
    "assistance:entry_verify":       (302, 302, 403, 403, 403, 403, 404, 403, 403, 404, 404, 302),
    "assistance:entry_reverse":      (302, 302, 302, 403, 403, 403, 404, 403, 302, 404, 404, 302),
    "assistance:document_add":       (302, 302, 302, 403, 403, 403, 404, 403, 302, 404, 404, 302),
    "assistance:document":           VIEW_OBJECT,
    "assistance:import":             MANAGE,
    "assistance:counties":           VIEW,
    "assistance:targets":            VIEW,
    "assistance:households":         VIEW,
    "assistance:household_pair":     MANAGE_OBJECT,
    "assistance:visits":             VIEW,
    "assistance:visit_new":          (200, 200, 200, 403, 403, 403, 200, 403, 200, 404, 404, 302),
    "assistance:photo":              (200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 302),
    "assistance:me":                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 302),
    "assistance:packs":              VIEW,
    "assistance:pack":               VIEW_OBJECT,
    "assistance:pack_download":      VIEW_OBJECT,
}
# fmt: on

API_ROUTES: dict[tuple[str, str], Route] = {
    ("get", "/api/assistance/entries"): Route(data={"org": HIGHWAY, "year": 2019}),
    ("post", "/api/assistance/entries"): Route(method="post", data=_new_entry_payload),
    ("post", "/api/assistance/entries/{entry_id}/verify"): Route(kwargs=_entry_api, method="post"),
    ("post", "/api/assistance/entries/{entry_id}/reversal"): Route(
        kwargs=_verified_entry_api, method="post", data={"reason": "矩阵"}
    ),
    ("get", "/api/assistance/pairings"): Route(data=ORG),
    ("get", "/api/assistance/me/pairings"): Route(),
    ("get", "/api/assistance/visits"): Route(data=ORG),
    ("post", "/api/assistance/pairings/{pairing_id}/visits"): Route(
        kwargs=_pairing_api, method="post", data={"date": "2019-05-03", "discussed": "矩阵"}
    ),
    ("get", "/api/assistance/targets"): Route(data={"org": HIGHWAY, "year": 2019}),
    ("put", "/api/assistance/targets"): Route(method="put", data=_target_payload),
}

# fmt: off
API_ANSWERS: dict[tuple[str, str], tuple[int, ...]] = {
    #                                                          adm  sec  dep  org  pro  dis  mem  ins  lea  eng  out  anon
    ("get", "/api/assistance/entries"):                       (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("post", "/api/assistance/entries"):                      (201, 201, 201, 403, 403, 403, 403, 403, 201, 403, 404, 401),
    ("post", "/api/assistance/entries/{entry_id}/verify"):    (200, 200, 403, 403, 403, 403, 404, 403, 403, 404, 404, 401),
    ("post", "/api/assistance/entries/{entry_id}/reversal"):  (201, 201, 201, 403, 403, 403, 404, 403, 201, 404, 404, 401),
    ("get", "/api/assistance/pairings"):                      (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("get", "/api/assistance/me/pairings"):                   (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ("get", "/api/assistance/visits"):                        (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("post", "/api/assistance/pairings/{pairing_id}/visits"): (201, 201, 201, 403, 403, 403, 201, 403, 201, 404, 404, 401),
    ("get", "/api/assistance/targets"):                       (200, 200, 200, 200, 200, 200, 403, 200, 200, 403, 404, 401),
    ("put", "/api/assistance/targets"):                       (200, 200, 200, 403, 403, 403, 403, 403, 200, 403, 404, 401),
}
# fmt: on
