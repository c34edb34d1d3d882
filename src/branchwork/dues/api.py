import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.core.api import KeptDate, Pagination, Yuan
from branchwork.core.dates import YEAR_MAX, YEAR_MIN
from branchwork.core.levels import Level
from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.dues import filters, rules, selectors, services
from branchwork.dues.models import Payment
from branchwork.organizations.selectors import organization_get

router = Router(tags=["dues"])


class BasisOut(Schema):
    member_id: int
    version: int
    effective_from: dt.date
    category: str
    base: Decimal | None
    monthly_fee: Decimal
    rule: str


Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class BasisIn(Schema):
    version: int | None = Field(
        None,
        ge=1,
        description=(
            "The version you read of the basis of that month, when changing it; a stale one "
            "is refused with 409"
        ),
    )
    category: rules.FeeCategory
    base: Yuan | None = None
    effective_from: KeptDate
    payslip_items: Annotated[str, Field(max_length=300)] = ""
    note: Annotated[str, Field(max_length=300)] = ""


class DueOut(Schema):
    member_id: int
    month: dt.date
    amount: Decimal


class PaymentIn(Schema):
    first_month: KeptDate
    last_month: KeptDate
    amount: Yuan
    paid_on: KeptDate
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


class DuesSummaryOut(Schema):
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
    total: DuesSummaryOut
    branches: list[DuesSummaryOut]


class OrgYear(Schema):
    org: str
    year: Year


class PaymentFilters(Schema):
    """The payments list's filters (``filters.PaymentFilter``, as on the page)."""

    org: str
    year: Year
    method: Payment.Method | None = None
    reversed: bool | None = None
    q: str | None = None


class ArrearsFilters(Schema):
    """The arrears list's filters (``filters.ArrearsFilter``, as on the page)."""

    org: str
    q: str | None = None
    level: Level | None = None


def _filter_data(params: Schema) -> dict[str, Any]:
    return {
        k: (str(v).lower() if isinstance(v, bool) else v)
        for k, v in params.dict().items()
        if v is not None and k != "org"
    }


@router.get("/members/{member_id}/bases", response=list[BasisOut], summary="A member's dues bases")
def basis_list(request: HttpRequest, member_id: int) -> Any:
    member = selectors.dues_member_get(user=request.user, pk=member_id)
    return list(member.fee_bases.all())


@router.post("/members/{member_id}/bases", response={201: BasisOut}, summary="Set a dues basis")
def basis_create(request: HttpRequest, member_id: int, payload: BasisIn) -> Any:
    member = selectors.dues_member_get(user=request.user, pk=member_id, action=Action.DUES_MANAGE)
    basis = services.basis_set(actor=request.user, member=member, **payload.dict())
    return Status(201, basis)


@router.get("/ledger", response=list[DueOut], summary="Monthly dues of an organization's members")
@paginate(Pagination)
def ledger(request: HttpRequest, params: Query[OrgYear]) -> Any:
    org = organization_get(request.user, params.org)
    return selectors.ledger_list(user=request.user, organization=org, year=params.year)


@router.get("/payments", response=list[PaymentOut], summary="Payments of an organization's members")
@paginate(Pagination)
def payment_list(request: HttpRequest, params: Query[PaymentFilters]) -> Any:
    org = organization_get(request.user, params.org)
    data = _filter_data(params)
    filters.validated(filters.PaymentFilter, data)
    return selectors.payment_list(user=request.user, organization=org, filters=data)


@router.post(
    "/members/{member_id}/payments", response={201: PaymentOut}, summary="Record a payment"
)
def payment_create(request: HttpRequest, member_id: int, payload: PaymentIn) -> Any:
    member = selectors.dues_member_get(user=request.user, pk=member_id, action=Action.DUES_MANAGE)
    payment = services.payment_record(actor=request.user, member=member, **payload.dict())
    return Status(201, payment)


@router.post(
    "/payments/{payment_id}/reversal", response={201: PaymentOut}, summary="Reverse a payment"
)
def payment_reverse(request: HttpRequest, payment_id: int, payload: ReversalIn) -> Any:
    payment = selectors.payment_get(user=request.user, pk=payment_id, action=Action.DUES_MANAGE)
    services.payment_reverse(actor=request.user, payment=payment, reason=payload.reason)
    return Status(201, selectors.payment_get(user=request.user, pk=payment_id))


@router.get(
    "/report", response=ReportOut, summary="Year summary of an organization and its branches"
)
def report(request: HttpRequest, params: Query[OrgYear]) -> Any:
    org = organization_get(request.user, params.org)
    total, branches = selectors.year_summary(user=request.user, organization=org, year=params.year)
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
    left_for: str = Field(
        "", description="Where the member went, when the debt is owed to an organization they left."
    )

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
    created = services.ledger_generate(actor=request.user, organization=org, year=payload.year)
    return {"created": created}


@router.get(
    "/members/{member_id}/statement", response=list[StatementMonthOut], summary="A member's year"
)
def statement(request: HttpRequest, member_id: int, year: Year) -> Any:
    member = selectors.dues_member_get(user=request.user, pk=member_id)
    return [
        {
            "month": row.month,
            "due": row.due,
            "paid_by": row.payment.receipt_number if row.payment else None,
            "reversed_receipts": [p.receipt_number for p in row.reversed_payments],
        }
        for row in selectors.member_statement(user=request.user, member=member, year=year)
    ]


@router.get("/arrears", response=list[ArrearsOut], summary="Members with unpaid months")
def arrears(request: HttpRequest, params: Query[ArrearsFilters]) -> Any:
    organization = organization_get(request.user, params.org)
    data = _filter_data(params)
    filters.validated(filters.ArrearsFilter, data)
    return selectors.arrears(user=request.user, organization=organization, filters=data)
