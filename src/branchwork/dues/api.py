import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from branchwork.core.roles import Action
from branchwork.core.scoping import require, scope
from branchwork.dues import rules, selectors, services
from branchwork.dues.models import MonthlyDue
from branchwork.organizations.selectors import organization_get

router = Router(tags=["dues"])


class BasisOut(Schema):
    member_id: int
    effective_from: dt.date
    category: str
    base: Decimal | None
    monthly_fee: Decimal
    rule: str


class BasisIn(Schema):
    category: rules.Category
    base: Decimal | None = None
    effective_from: dt.date
    payslip_items: str = ""
    note: str = ""


class DueOut(Schema):
    member_id: int
    month: dt.date
    amount: Decimal


class PaymentIn(Schema):
    first_month: dt.date
    last_month: dt.date
    amount: Decimal
    paid_on: dt.date
    method: str
    receipt_number: str
    note: str = ""


class PaymentOut(Schema):
    id: int
    member_id: int
    paid_on: dt.date
    first_month: dt.date
    last_month: dt.date
    amount: Decimal
    method: str
    receipt_number: str
    reversed: bool

    @staticmethod
    def resolve_reversed(obj: Any) -> bool:
        return obj.is_reversed


class ReversalIn(Schema):
    reason: str


class SummaryOut(Schema):
    org: str
    due: Decimal
    collected: Decimal
    arrears: Decimal
    reversed: Decimal
    not_yet_due: Decimal
    remitted: Decimal
    voluntary: Decimal
    voluntary_to_centre: Decimal
    members: int

    @staticmethod
    def resolve_org(obj: Any) -> str:
        return obj.org.code


class ReportOut(Schema):
    total: SummaryOut
    branches: list[SummaryOut]


class OrgYear(Schema):
    org: str
    year: int


@router.get("/members/{member_id}/bases", response=list[BasisOut], summary="A member's dues bases")
def basis_list(request: HttpRequest, member_id: int) -> Any:
    member = selectors.dues_member_get(request.user, member_id)
    return list(member.fee_bases.all())


@router.post("/members/{member_id}/bases", response={201: BasisOut}, summary="Set a dues basis")
def basis_create(request: HttpRequest, member_id: int, payload: BasisIn) -> Any:
    member = selectors.dues_member_get(request.user, member_id)
    require(request.user, Action.DUES_MANAGE, member.organization)
    basis = services.basis_set(actor=request.user, member=member, **payload.dict())
    return Status(201, basis)


@router.get("/ledger", response=list[DueOut], summary="Monthly dues of an organization's members")
@paginate(PageNumberPagination)
def ledger(request: HttpRequest, params: Query[OrgYear]) -> Any:
    org = organization_get(request.user, params.org)
    require(request.user, Action.DUES_VIEW, org)
    return (
        scope(MonthlyDue.objects.all(), request.user, Action.DUES_VIEW)
        .filter(organization__path__startswith=org.path, month__year=params.year)
        .order_by("member_id", "month")
    )


@router.get("/payments", response=list[PaymentOut], summary="Payments of an organization's members")
@paginate(PageNumberPagination)
def payment_list(request: HttpRequest, params: Query[OrgYear]) -> Any:
    org = organization_get(request.user, params.org)
    require(request.user, Action.DUES_VIEW, org)
    return (
        selectors.payments_visible(request.user)
        .filter(organization__path__startswith=org.path, paid_on__year=params.year)
        .select_related("reversal")
    )


@router.post(
    "/members/{member_id}/payments", response={201: PaymentOut}, summary="Record a payment"
)
def payment_create(request: HttpRequest, member_id: int, payload: PaymentIn) -> Any:
    member = selectors.dues_member_get(request.user, member_id)
    require(request.user, Action.DUES_MANAGE, member.organization)
    payment = services.payment_record(actor=request.user, member=member, **payload.dict())
    return Status(201, payment)


@router.post(
    "/payments/{payment_id}/reversal", response={201: PaymentOut}, summary="Reverse a payment"
)
def payment_reverse(request: HttpRequest, payment_id: int, payload: ReversalIn) -> Any:
    payment = selectors.payment_get(request.user, payment_id)
    require(request.user, Action.DUES_MANAGE, payment.organization)
    services.payment_reverse(actor=request.user, payment=payment, reason=payload.reason)
    payment.refresh_from_db()
    return Status(201, selectors.payment_get(request.user, payment_id))


@router.get(
    "/report", response=ReportOut, summary="Year summary of an organization and its branches"
)
def report(request: HttpRequest, params: Query[OrgYear]) -> Any:
    org = organization_get(request.user, params.org)
    require(request.user, Action.DUES_VIEW, org)
    total, branches = selectors.year_summary(org, params.year)
    return {"total": total, "branches": branches}
