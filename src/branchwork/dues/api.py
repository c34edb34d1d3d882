import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from branchwork.core.roles import Action
from branchwork.core.scoping import require, scope
from branchwork.dues import rules, selectors, services
from branchwork.dues.models import MonthlyDue, Payment
from branchwork.organizations.selectors import organization_get

router = Router(tags=["dues"])


class BasisOut(Schema):
    member_id: int
    effective_from: dt.date
    category: str
    base: Decimal | None
    monthly_fee: Decimal
    rule: str


Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Year = Annotated[int, Field(ge=2000, le=2100)]


class BasisIn(Schema):
    category: rules.Category
    base: Money | None = None
    effective_from: dt.date
    payslip_items: Annotated[str, Field(max_length=300)] = ""
    note: Annotated[str, Field(max_length=300)] = ""


class DueOut(Schema):
    member_id: int
    month: dt.date
    amount: Decimal


class PaymentIn(Schema):
    first_month: dt.date
    last_month: dt.date
    amount: Money
    paid_on: dt.date
    method: Payment.Method
    receipt_number: Annotated[str, Field(min_length=1, max_length=40)]
    note: Annotated[str, Field(max_length=300)] = ""


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
    reason: Annotated[str, Field(min_length=1, max_length=300)]


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
    year: Year


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


class GenerateIn(Schema):
    org: str
    year: Year


class GenerateOut(Schema):
    created: int


class StatementMonthOut(Schema):
    month: dt.date
    due: Decimal | None
    paid_by: str | None
    reversed_receipts: list[str]


class ArrearsOut(Schema):
    member_id: int
    name: str
    unpaid_months: list[dt.date]
    consecutive: int
    amount: Decimal
    level: str | None

    @staticmethod
    def resolve_member_id(obj: Any) -> int:
        return obj.member.pk

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.member.name


@router.post("/generate", response=GenerateOut, summary="Generate the year's monthly dues")
def generate(request: HttpRequest, payload: GenerateIn) -> Any:
    org = organization_get(request.user, payload.org)
    require(request.user, Action.DUES_MANAGE, org)
    return {"created": services.ledger_generate(org=org, year=payload.year)}


@router.get(
    "/members/{member_id}/statement", response=list[StatementMonthOut], summary="A member's year"
)
def statement(request: HttpRequest, member_id: int, year: Year) -> Any:
    member = selectors.dues_member_get(request.user, member_id)
    return [
        {
            "month": row.month,
            "due": row.due,
            "paid_by": row.payment.receipt_number if row.payment else None,
            "reversed_receipts": [p.receipt_number for p in row.reversed_payments],
        }
        for row in selectors.member_statement(member, year)
    ]


@router.get("/arrears", response=list[ArrearsOut], summary="Members with unpaid months")
def arrears(request: HttpRequest, org: str) -> Any:
    organization = organization_get(request.user, org)
    require(request.user, Action.DUES_VIEW, organization)
    return selectors.arrears(organization)
