import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from branchwork.core.api import KeptDate, NamedChoices, Pagination
from branchwork.core.audit import expect_version
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.members import rules, selectors, services
from branchwork.members.filters import MemberFilter
from branchwork.members.forms import MemberForm, StatusChangeForm, member_form_data
from branchwork.organizations.selectors import organization_get

router = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    version: int
    name: str
    gender: str
    ethnicity: str
    birth_date: dt.date
    age: int
    id_number: str
    phone: str
    education: str
    native_place: str
    work_unit: str
    post: str
    job_title: str
    category: str
    admitted_on: dt.date
    converted_on: dt.date | None
    probation_end: dt.date | None
    party_standing: int | None
    organization: str
    party_group: str | None
    party_posts: str
    status: str
    status_since: dt.date | None
    status_detail: str

    @staticmethod
    def resolve_age(obj: Any) -> int:
        return obj.age()

    @staticmethod
    def resolve_party_standing(obj: Any) -> int | None:
        return obj.party_standing()

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return obj.organization.code

    @staticmethod
    def resolve_party_group(obj: Any) -> str | None:
        return obj.party_group.code if obj.party_group_id else None

    @staticmethod
    def resolve_id_number(obj: Any, context: dict[str, Any]) -> str:
        # Lists and details are masked; the full value is read only through the logged
        # reveal action on the member's page.
        return obj.id_number_masked

    @staticmethod
    def resolve_phone(obj: Any, context: dict[str, Any]) -> str:
        return obj.phone_masked


class MemberIn(Schema):
    name: str
    gender: rules.Gender
    ethnicity: str = rules.HAN
    birth_date: KeptDate
    id_number: str
    education: rules.Education | None = None
    phone: str = ""
    native_place: str = ""
    work_unit: str = ""
    post: str = ""
    job_title: str = ""
    category: rules.Category
    admitted_on: KeptDate
    converted_on: KeptDate | None = None
    probation_extension_months: int = 0
    party_group: str | None = None
    party_posts: str = ""
    disciplinary_probation_until: KeptDate | None = None
    notes: str = ""


class MemberCreateIn(MemberIn):
    organization: str


class MemberPatchIn(Schema):
    version: int | None = Field(
        None, ge=1, description="The version you read; a stale one is refused with 409"
    )
    name: str | None = None
    gender: rules.Gender | None = None
    ethnicity: str | None = None
    birth_date: KeptDate | None = None
    id_number: str | None = None
    education: rules.Education | None = None
    phone: str | None = None
    native_place: str | None = None
    work_unit: str | None = None
    post: str | None = None
    job_title: str | None = None
    category: rules.Category | None = None
    admitted_on: KeptDate | None = None
    converted_on: KeptDate | None = None
    probation_extension_months: int | None = None
    party_group: str | None = None
    party_posts: str | None = None
    disciplinary_probation_until: KeptDate | None = None
    notes: str | None = None


class StatusIn(Schema):
    status: Annotated[rules.Status, NamedChoices("MemberStatus", rules.Status)]
    effective_on: KeptDate
    reason: str
    detail: str = ""


class StatusOut(Schema):
    status: str
    previous_status: str
    effective_on: dt.date
    detail: str
    reason: str


class MemberFilters(FilterSchema):
    org: str | None = None
    q: str | None = None
    category: str | None = None
    status: str | None = None
    party_group: str | None = None
    gender: str | None = None
    ethnicity: str | None = None
    education: str | None = None
    age_band: str | None = None
    ordering: str | None = None


def _form_data(payload: dict[str, Any], org: Any, user: Any) -> dict[str, Any]:
    data = {k: ("" if v is None else v) for k, v in payload.items()}
    code = data.pop("party_group", "")
    data["party_group"] = ""
    if code:
        group = (
            selectors.party_group_list(user=user, organization=org)
            .filter(code=code, parent=org)
            .first()
        )
        if group is None:
            raise ValidationError({"party_group": [f"{org.code} has no party group {code}."]})
        data["party_group"] = group.pk
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


def _validated(form: MemberForm) -> dict[str, Any]:
    if not form.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in form.errors.items()}
        )
    return form.cleaned_data


@router.get("", response=list[MemberOut], summary="Members (filters as on the list page)")
@paginate(Pagination)
def member_list(request: HttpRequest, filters: Query[MemberFilters]) -> Any:
    data = {k: v for k, v in filters.dict().items() if v is not None}
    org = None
    if "org" in data:
        org = organization_get(request.user, data.pop("org"))
        queryset = selectors.member_list(user=request.user, organization=org)
        groups = selectors.party_group_list(user=request.user, organization=org)
    else:
        queryset = selectors.members_visible(user=request.user).select_related(
            "organization", "party_group"
        )
        groups = None
    filterset = MemberFilter(
        data,
        queryset=queryset,
        groups=groups,
        personal_search=org is not None and can(request.user, Action.MEMBER_VIEW_PERSONAL, org),
    )
    if not filterset.is_valid():
        raise ValidationError(
            {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}
        )
    return filterset.qs


@router.get("/{member_id}", response=MemberOut, summary="One member")
def member_detail(request: HttpRequest, member_id: int) -> Any:
    return selectors.member_get(user=request.user, pk=member_id)


@router.post("", response={201: MemberOut}, summary="Add a member to an organization's roll")
def member_create(request: HttpRequest, payload: MemberCreateIn) -> Any:
    data = payload.dict()
    org = organization_get(request.user, data.pop("organization"))
    require(request.user, Action.MEMBER_MANAGE, org)
    form = MemberForm(_form_data(data, org, request.user), organization=org)
    member = services.member_create(actor=request.user, organization=org, data=_validated(form))
    return Status(201, member)


@router.patch("/{member_id}", response=MemberOut, summary="Change a member's record")
def member_update(request: HttpRequest, member_id: int, payload: MemberPatchIn) -> Any:
    member = selectors.member_get(user=request.user, pk=member_id, action=Action.MEMBER_MANAGE)
    data = member_form_data(member)
    changes = payload.dict(exclude_unset=True)
    expect_version(member, changes.pop("version", None))
    if "party_group" not in changes and member.party_group_id:
        changes["party_group"] = member.party_group.code
    data.update(_form_data(changes, member.organization, request.user))
    form = MemberForm(data, instance=member, organization=member.organization)
    return services.member_update(actor=request.user, member=member, data=_validated(form))


@router.post("/{member_id}/status", response={201: StatusOut}, summary="Change a member's status")
def member_status(request: HttpRequest, member_id: int, payload: StatusIn) -> Any:
    member = selectors.member_get(user=request.user, pk=member_id, action=Action.MEMBER_MANAGE)
    form = StatusChangeForm({k: str(v) for k, v in payload.dict().items()})
    change = services.member_change_status(actor=request.user, member=member, **_validated(form))
    return Status(201, change)
