import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.assistance import filters, rules, selectors, services
from branchwork.assistance.models import (
    DesignatedCounty,
    Household,
    IndicatorTarget,
    LedgerEntry,
    VillagePairing,
)
from branchwork.core.api import DecimalText, KeptDate, NamedChoices, Pagination, Year
from branchwork.core.roles import Action
from branchwork.core.scoping import get_scoped, require
from branchwork.organizations.selectors import organization_get

router = Router(tags=["assistance"])

Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2), DecimalText()]
Quantity = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2), DecimalText()]
EntryStatus = Annotated[LedgerEntry.Status, NamedChoices("LedgerEntryStatus", LedgerEntry.Status)]
TargetStatus = Annotated[
    IndicatorTarget.Status, NamedChoices("IndicatorTargetStatus", IndicatorTarget.Status)
]


class EntryOut(Schema):
    id: int
    date: dt.date
    donor: str
    county: str
    village: str | None
    household_id: int | None
    kind: str
    quantity: Decimal | None
    unit: str
    amount: Decimal
    source: str
    purpose: str
    road_project_id: int | None
    status: str
    reverses_id: int | None
    is_demo: bool

    @staticmethod
    def resolve_county(obj: Any) -> str:
        return obj.county.county.code

    @staticmethod
    def resolve_village(obj: Any) -> str | None:
        return obj.village.village.code if obj.village_id else None


class EntryIn(Schema):
    org: Annotated[str, Field(description="the organization whose ledger it is")]
    date: KeptDate
    donor: Annotated[str, Field(min_length=1, max_length=120)]
    county: Annotated[str, Field(description="the designated county's division code")]
    village: Annotated[str | None, Field(description="a paired village's division code")] = None
    household_id: int | None = None
    kind: rules.Kind
    quantity: Quantity | None = None
    unit: Annotated[str, Field(max_length=20)] = ""
    amount: Money
    source: rules.Source
    purpose: Annotated[str, Field(min_length=1, max_length=300)]
    road_project_id: int | None = None
    note: Annotated[str, Field(max_length=300)] = ""


class LedgerFilters(Schema):
    """The ledger's filters (``filters.LedgerFilter``, as on the page)."""

    org: str
    year: Year | None = None
    county: str | None = None
    kind: rules.Kind | None = None
    source: rules.Source | None = None
    status: EntryStatus | None = None
    q: str | None = None


class EntryReversalIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=300)]


class PairingOut(Schema):
    id: int
    member_id: int
    member: str
    household_id: int
    village: str
    household: str
    started_on: dt.date

    @staticmethod
    def resolve_member(obj: Any) -> str:
        return obj.member.name

    @staticmethod
    def resolve_village(obj: Any) -> str:
        return obj.household.village.village.code

    @staticmethod
    def resolve_household(obj: Any, context: Any) -> str:
        household = obj.household
        request = context["request"]
        own = obj.member.user_id == request.user.pk
        if own or selectors.can_see_personal(request.user, household.organization):
            return household.head_name
        return household.masked_name


class HouseholdVisitOut(Schema):
    id: int
    pairing_id: int
    date: dt.date
    discussed: str
    help_given: str
    photos: int

    @staticmethod
    def resolve_photos(obj: Any) -> int:
        return len(obj.photos.all())


class HouseholdVisitIn(Schema):
    date: KeptDate
    discussed: Annotated[str, Field(min_length=1, max_length=2000)]
    help_given: Annotated[str, Field(max_length=2000)] = ""


class OrgQuery(Schema):
    org: str


class HouseholdVisitFilters(Schema):
    org: str
    year: Year | None = None
    county: str | None = None


class IndicatorTargetOut(Schema):
    county: str
    year: int
    indicator: str
    target: Decimal | None
    actual: Decimal | None
    ledger: Decimal | None
    status: str | None


class IndicatorTargetIn(Schema):
    org: str
    county: str
    year: Year
    indicator: rules.Indicator
    target: Money
    actual: Money | None = None
    status: TargetStatus = IndicatorTarget.Status.PLANNED
    note: Annotated[str, Field(max_length=300)] = ""


def _data(params: Schema) -> dict[str, Any]:
    return {k: v for k, v in params.dict().items() if v is not None and k != "org"}


@router.get("/entries", response=list[EntryOut], summary="The assistance ledger")
@paginate(Pagination)
def entry_list(request: HttpRequest, params: Query[LedgerFilters]) -> Any:
    org = organization_get(request.user, params.org)
    data = _data(params)
    filters.validated(filters.LedgerFilter, data)
    return selectors.entry_list(user=request.user, organization=org, filters=data)


def _county(user: Any, org: Any, code: str) -> DesignatedCounty:
    return get_scoped(
        DesignatedCounty.objects.in_subtree(org).select_related("county", "organization"),
        user,
        Action.ASSISTANCE_VIEW,
        county__code=code,
    )


@router.post("/entries", response={201: EntryOut}, summary="Record a ledger row")
def entry_create(request: HttpRequest, payload: EntryIn) -> Any:
    data = payload.dict()
    organization = organization_get(request.user, data.pop("org"))
    require(request.user, Action.ASSISTANCE_MANAGE, organization)
    data["county"] = _county(request.user, organization, data["county"])
    code = data.pop("village")
    data["village"] = (
        get_scoped(
            VillagePairing.objects.in_subtree(organization),
            request.user,
            Action.ASSISTANCE_VIEW,
            village__code=code,
            designation=data["county"],
        )
        if code
        else None
    )
    household_id = data.pop("household_id")
    data["household"] = (
        get_scoped(Household.objects.all(), request.user, Action.ASSISTANCE_VIEW, pk=household_id)
        if household_id
        else None
    )
    project_id = data.pop("road_project_id")
    if project_id:
        from branchwork.roads.models import RoadProject

        data["road_project"] = get_scoped(
            RoadProject.objects.all(), request.user, Action.ROADS_VIEW, pk=project_id
        )
    entry = services.entry_record(actor=request.user, organization=organization, data=data)
    return Status(201, selectors.entry_get(user=request.user, pk=entry.pk))


@router.post("/entries/{entry_id}/verify", response=EntryOut, summary="Verify a ledger row")
def entry_verify(request: HttpRequest, entry_id: int) -> Any:
    entry = selectors.entry_get(user=request.user, pk=entry_id, action=Action.ASSISTANCE_VERIFY)
    services.entry_verify(actor=request.user, entry=entry)
    return selectors.entry_get(user=request.user, pk=entry_id)


@router.post(
    "/entries/{entry_id}/reversal", response={201: EntryOut}, summary="Reverse a verified row"
)
def entry_reverse(request: HttpRequest, entry_id: int, payload: EntryReversalIn) -> Any:
    entry = selectors.entry_get(user=request.user, pk=entry_id, action=Action.ASSISTANCE_MANAGE)
    reversal = services.entry_reverse(actor=request.user, entry=entry, reason=payload.reason)
    return Status(201, selectors.entry_get(user=request.user, pk=reversal.pk))


@router.get("/pairings", response=list[PairingOut], summary="Member ↔ household pairings")
def pairing_list(request: HttpRequest, params: Query[OrgQuery]) -> Any:
    org = organization_get(request.user, params.org)
    return list(selectors.pairing_list(user=request.user, organization=org))


@router.get("/me/pairings", response=list[PairingOut], summary="My household pairings")
def my_pairings(request: HttpRequest) -> Any:
    return selectors.my_pairings(user=request.user)


@router.get("/visits", response=list[HouseholdVisitOut], summary="Household visits")
@paginate(Pagination)
def visit_list(request: HttpRequest, params: Query[HouseholdVisitFilters]) -> Any:
    org = organization_get(request.user, params.org)
    data = _data(params)
    filters.validated(filters.VisitFilter, data)
    return selectors.visit_list(user=request.user, organization=org, filters=data)


@router.post(
    "/pairings/{pairing_id}/visits",
    response={201: HouseholdVisitOut},
    summary="Record a visit",
)
def visit_create(request: HttpRequest, pairing_id: int, payload: HouseholdVisitIn) -> Any:
    pairing = selectors.pairing_get(
        user=request.user, pk=pairing_id, action=Action.ASSISTANCE_MANAGE
    )
    visit = services.visit_record(actor=request.user, pairing=pairing, **payload.dict())
    return Status(201, visit)


@router.get(
    "/targets", response=list[IndicatorTargetOut], summary="Responsibility-letter indicators"
)
def target_list(request: HttpRequest, org: str, year: Year) -> Any:
    organization = organization_get(request.user, org)
    rows = []
    for designation in selectors.designation_list(user=request.user, organization=organization):
        for row in selectors.indicator_rows(user=request.user, county=designation, year=year):
            target = row.target
            rows.append(
                {
                    "county": designation.county.code,
                    "year": year,
                    "indicator": row.indicator,
                    "target": target.target if target else None,
                    "actual": target.actual if target else None,
                    "ledger": row.ledger,
                    "status": target.status if target else None,
                }
            )
    return rows


@router.put(
    "/targets", response=IndicatorTargetOut, summary="Set a responsibility-letter indicator"
)
def target_set(request: HttpRequest, payload: IndicatorTargetIn) -> Any:
    data = payload.dict()
    organization = organization_get(request.user, data.pop("org"))
    require(request.user, Action.ASSISTANCE_MANAGE, organization)
    county = _county(request.user, organization, data.pop("county"))
    row = services.target_set(actor=request.user, county=county, **data)
    return {
        "county": county.county.code,
        "year": row.year,
        "indicator": row.indicator,
        "target": row.target,
        "actual": row.actual,
        "ledger": None,
        "status": row.status,
    }
