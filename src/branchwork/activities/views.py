from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.activities import exports, rules, selectors, services
from branchwork.activities.filters import ActivityFilter, CaringVisitFilter
from branchwork.activities.forms import (
    ActivityForm,
    CaringVisitForm,
    FundEntryForm,
    MassOrgForm,
    PersonForm,
    PhotoForm,
    StaffForm,
)
from branchwork.activities.models import Activity, MassOrganization
from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import (
    apply_errors,
    errors_to_messages,
    paginate,
    parse_year,
    validation_to_messages,
)
from branchwork.members.selectors import member_of_user
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request


def _year(request: HttpRequest) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


def _nav(request: HttpRequest, org: Organization, tab: str) -> dict[str, Any]:
    return {
        "org": org,
        "tab": tab,
        "can_care": can(request.user, Action.CARE_VIEW, org),
        "can_manage": can(request.user, Action.ACTIVITIES_MANAGE, org),
    }


def _list_url(org: Organization, name: str = "activities:list") -> str:
    return f"{reverse(name)}?org={org.code}"


# --- Activities ------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.ACTIVITIES_VIEW, org)
    year = _year(request)
    data = request.GET.copy()
    data["year"] = str(year)
    filterset = ActivityFilter(
        data, queryset=selectors.activity_list(user=request.user, organization=org)
    )
    kind, series = filterset.value("kind"), filterset.value("series")
    return render(
        request,
        "activities/list.html",
        {
            **_nav(request, org, "list"),
            "year": year,
            "page": paginate(request, filterset.qs),
            "kinds": rules.Kind.choices,
            "series_choices": rules.Series.choices,
            "kind": kind,
            "series": series,
            "query": f"org={org.code}&year={year}&kind={kind}&series={series}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.ACTIVITIES_MANAGE, org)
        activity = None
        initial: dict[str, Any] = {"date": timezone.localdate(), "hours": 2}
    else:
        activity = selectors.activity_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
        org = activity.organization
        initial = {}
    mass_orgs = MassOrganization.objects.visible_to(request.user, Action.ACTIVITIES_VIEW).filter(
        organization=org
    )
    form = ActivityForm(
        request.POST or None, instance=activity, initial=initial, mass_orgs=mass_orgs
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                actor=request.user, organization=org, data=form.cleaned_data, activity=activity
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Activity saved."))
            return redirect("activities:detail", pk=saved.pk)
    return render(request, "activities/form.html", {"form": form, "org": org, "activity": activity})


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    org = activity.organization
    can_manage = can(request.user, Action.ACTIVITIES_MANAGE, org)
    me = member_of_user(request.user)
    mine = selectors.my_participation(user=request.user, activity=activity)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "activity": activity,
        "org": org,
        "participants": selectors.participants_of(activity),
        "photos": activity.photos.all(),
        "can_manage": can_manage,
        "me": me,
        "mine": mine,
        "signup_reason": rules.may_sign_up(
            activity.date,
            today,
            open_=activity.signup_open and activity.state != Activity.State.CANCELLED,
            full=activity.capacity is not None
            and getattr(activity, "signed_up", 0) >= activity.capacity,
        ),
        "check_in_open": activity.state != Activity.State.CANCELLED
        and rules.may_self_check_in(activity.date, today),
    }
    if can_manage:
        members, staff = selectors.people_choices(user=request.user, organization=org)
        listed = context["participants"]
        context["person_form"] = PersonForm(
            members=members.exclude(pk__in=[p.member_id for p in listed if p.member_id]),
            staff=staff.exclude(pk__in=[p.staff_id for p in listed if p.staff_id]),
        )
        context["photo_form"] = PhotoForm()
    return render(request, "activities/detail.html", context)


@login_required
@require_POST
def activity_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    member = member_of_user(request.user)
    if member is None:
        messages.error(request, _("Your account is not linked to a member record."))
        return redirect("activities:detail", pk=pk)
    try:
        if "withdraw" in request.POST:
            services.activity_withdraw(actor=request.user, activity=activity, member=member)
            messages.success(request, _("Your sign-up is withdrawn."))
        else:
            services.activity_sign_up(actor=request.user, activity=activity, member=member)
            messages.success(request, _("You are signed up."))
    except ValidationError as exc:
        validation_to_messages(request, exc)
    return redirect("activities:detail", pk=pk)


@login_required
@require_POST
def activity_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    member = member_of_user(request.user)
    if member is None:
        messages.error(request, _("Your account is not linked to a member record."))
        return redirect("activities:detail", pk=pk)
    try:
        services.activity_check_in_self(actor=request.user, activity=activity, member=member)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("You are checked in."))
    return redirect("activities:detail", pk=pk)


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
    members, staff = selectors.people_choices(user=request.user, organization=activity.organization)
    form = PersonForm(request.POST, members=members, staff=staff)
    if form.is_valid():
        try:
            services.participant_add(
                actor=request.user,
                activity=activity,
                member=form.cleaned_data["member"],
                staff=form.cleaned_data["staff"],
                checked_in="checked_in" in request.POST,
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Participant added."))
    else:
        errors_to_messages(request, form)
    return redirect("activities:detail", pk=pk)


@login_required
@require_POST
def participant_change(request: HttpRequest, pk: int) -> HttpResponse:
    participant = selectors.participant_get(user=request.user, pk=pk)
    activity_pk = participant.activity_id
    if "remove" in request.POST:
        services.participant_remove(actor=request.user, participant=participant)
        messages.success(request, _("Participant removed."))
        return redirect("activities:detail", pk=activity_pk)
    raw = request.POST.get("hours", "").strip()
    try:
        from decimal import Decimal, InvalidOperation

        hours = Decimal(raw) if raw else None
    except InvalidOperation:
        messages.error(request, _("Give the hours as a number."))
        return redirect("activities:detail", pk=activity_pk)
    try:
        services.participant_set(
            actor=request.user,
            participant=participant,
            checked_in=request.POST.get("checked_in") == "1",
            hours=hours,
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(f"{reverse('activities:detail', args=[activity_pk])}#participants")


@login_required
def participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    content = exports.participants_workbook(activity, selectors.participants_of(activity))
    return xlsx_response(content, f"participants-{activity.pk}-{activity.date}.xlsx")


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                activity=activity,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Photo added."))
    else:
        errors_to_messages(request, form)
    return redirect("activities:detail", pk=pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    stored = selectors.photo_get(user=request.user, pk=pk)
    if request.GET.get("size") == "thumb" and stored.thumbnail:
        return FileResponse(stored.thumbnail.open("rb"), content_type="image/jpeg")
    return FileResponse(
        stored.file.open("rb"), filename=stored.name, content_type=stored.content_type
    )


@login_required
def hours(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.ACTIVITIES_VIEW, org)
    year = _year(request)
    rows = selectors.hours_by_person(user=request.user, organization=org, year=year)
    return render(
        request,
        "activities/hours.html",
        {**_nav(request, org, "hours"), "year": year, "rows": rows},
    )


# --- Mass organizations and staff ------------------------------------------------------------


@login_required
def mass_org_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    return render(
        request,
        "activities/mass_list.html",
        {
            **_nav(request, org, "mass"),
            "mass_orgs": selectors.mass_org_list(user=request.user, organization=org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def mass_org_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.ACTIVITIES_MANAGE, org)
        mass_org = None
    else:
        mass_org = selectors.mass_org_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
        org = mass_org.organization
    form = MassOrgForm(request.POST or None, instance=mass_org)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mass_org_save(
                actor=request.user, organization=org, data=form.cleaned_data, mass_org=mass_org
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Mass organization saved."))
            return redirect("activities:mass_detail", pk=saved.pk)
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "org": org,
            "title": _("Mass organization"),
            "cancel": _list_url(org, "activities:mass_list"),
        },
    )


@login_required
def mass_org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mass_org = selectors.mass_org_get(user=request.user, pk=pk)
    org = mass_org.organization
    can_manage = can(request.user, Action.ACTIVITIES_MANAGE, org)
    memberships = selectors.memberships_of(mass_org)
    context: dict[str, Any] = {
        **_nav(request, org, "mass"),
        "mass_org": mass_org,
        "memberships": memberships,
        "activities": selectors.activity_list(user=request.user, organization=org).filter(
            mass_org=mass_org
        )[:50],
        "can_manage": can_manage,
    }
    if can_manage:
        context["person_form"] = _person_form(request, org, None)
    return render(request, "activities/mass_detail.html", context)


def _person_form(request: HttpRequest, org: Organization, data: Any) -> PersonForm:
    members, staff = selectors.people_choices(user=request.user, organization=org)
    return PersonForm(data, members=members, staff=staff, with_role=True)


@login_required
@require_POST
def mass_org_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    mass_org = selectors.mass_org_get(user=request.user, pk=pk, action=Action.ACTIVITIES_MANAGE)
    form = _person_form(request, mass_org.organization, request.POST)
    if form.is_valid():
        try:
            services.mass_org_member_add(
                actor=request.user,
                mass_org=mass_org,
                member=form.cleaned_data["member"],
                staff=form.cleaned_data["staff"],
                role=form.cleaned_data.get("role", ""),
                joined_on=timezone.localdate(),
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Added."))
    else:
        errors_to_messages(request, form)
    return redirect("activities:mass_detail", pk=pk)


@login_required
@require_POST
def mass_org_member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(user=request.user, pk=pk)
    mass_pk = membership.mass_org_id
    services.mass_org_member_remove(actor=request.user, membership=membership)
    messages.success(request, _("Removed."))
    return redirect("activities:mass_detail", pk=mass_pk)


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    staff = selectors.staff_list(user=request.user, organization=org)
    form = None
    if can(request.user, Action.ACTIVITIES_MANAGE, org):
        form = StaffForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.staff_save(actor=request.user, organization=org, data=form.cleaned_data)
            messages.success(request, _("Staff member added."))
            return redirect(_list_url(org, "activities:staff"))
    elif request.method == "POST":
        require(request.user, Action.ACTIVITIES_MANAGE, org)
    return render(
        request,
        "activities/staff.html",
        {**_nav(request, org, "staff"), "page": paginate(request, staff), "form": form},
    )


# --- Caring visits and the fund --------------------------------------------------------------


@login_required
def care(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.CARE_VIEW, org)
    year = _year(request)
    data = request.GET.copy()
    data["year"] = str(year)
    filterset = CaringVisitFilter(
        data, queryset=selectors.caring_visit_list(user=request.user, organization=org)
    )
    can_manage = can(request.user, Action.CARE_MANAGE, org)
    return render(
        request,
        "activities/care.html",
        {
            **_nav(request, org, "care"),
            "year": year,
            "visits": filterset.qs,
            "category": filterset.value("category"),
            "categories": rules.VisitedCategory.choices,
            "ledger": selectors.fund_ledger(user=request.user, organization=org),
            "can_manage_care": can_manage,
            "fund_form": FundEntryForm(initial={"date": timezone.localdate()})
            if can_manage
            else None,
        },
    )


def _visit_form(request: HttpRequest, org: Organization, visit: Any) -> CaringVisitForm:
    members, staff = selectors.people_choices(
        user=request.user, organization=org, action=Action.CARE_MANAGE
    )
    initial = {"date": timezone.localdate()} if visit is None else {}
    return CaringVisitForm(
        request.POST or None, instance=visit, initial=initial, members=members, staff=staff
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.CARE_MANAGE, org)
        visit = None
    else:
        visit = selectors.caring_visit_get(user=request.user, pk=pk, action=Action.CARE_MANAGE)
        org = visit.organization
    form = _visit_form(request, org, visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.caring_visit_save(
                actor=request.user, organization=org, data=form.cleaned_data, visit=visit
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Caring visit saved."))
            return redirect(_list_url(org, "activities:care"))
    return render(
        request,
        "activities/simple_form.html",
        {
            "form": form,
            "org": org,
            "title": _("Caring visit"),
            "cancel": _list_url(org, "activities:care"),
        },
    )


@login_required
@require_POST
def fund_add(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.CARE_MANAGE, org)
    form = FundEntryForm(request.POST)
    if form.is_valid():
        try:
            services.fund_entry_add(actor=request.user, organization=org, **form.cleaned_data)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Ledger row booked."))
    else:
        errors_to_messages(request, form)
    return redirect(_list_url(org, "activities:care"))
