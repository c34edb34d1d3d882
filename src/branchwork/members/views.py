from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, paginate, query_without_page, validation_to_messages
from branchwork.dues import selectors as dues_selectors
from branchwork.members import exports, imports, selectors, services
from branchwork.members.filters import MemberFilter
from branchwork.members.forms import (
    AccountForm,
    CorrectionRequestForm,
    ImportForm,
    MemberForm,
    StatusChangeForm,
    TransferOutForm,
)
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request

_org = organization_for_request


def _filtered(request: HttpRequest, org: Organization) -> MemberFilter:
    return MemberFilter(
        request.GET,
        queryset=selectors.member_list(user=request.user, organization=org),
        groups=selectors.party_group_list(user=request.user, organization=org),
        personal_search=can(request.user, Action.MEMBER_VIEW_PERSONAL, org),
    )


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.MEMBER_VIEW, org)
    filterset = _filtered(request, org)
    page = paginate(request, filterset.qs)
    context = {
        "org": org,
        "filter": filterset,
        "page": page,
        "query": query_without_page(request),
        "counts": selectors.roll_counts(user=request.user, organization=org),
        "can_manage": can(request.user, Action.MEMBER_MANAGE, org),
    }
    template = "members/_rows.html" if request.htmx else "members/list.html"
    return render(request, template, context)


@login_required
def member_export(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.MEMBER_VIEW, org)
    members = list(_filtered(request, org).qs)
    full = can(request.user, Action.MEMBER_VIEW_PERSONAL, org)
    content = exports.export_workbook(members, full_personal_data=full)
    services.members_exported(
        actor=request.user, organization=org, count=len(members), masked=not full
    )
    stamp = timezone.localdate().isoformat()
    return xlsx_response(content, f"members-{org.code}-{stamp}.xlsx")


@login_required
def member_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(exports.template_workbook(), "member-roster-template.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.MEMBER_MANAGE, org)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = imports.read_members(upload, org)
        if result.ok and not form.cleaned_data["dry_run"]:
            count = services.members_import(
                actor=request.user, organization=org, rows=result.rows, source=upload.name
            )
            messages.success(request, _("%(n)d members imported.") % {"n": count})
            target = reverse("members:list")
            return redirect(f"{target}?org={org.code}" if request.GET.get("org") else target)
    return render(request, "members/import.html", {"org": org, "form": form, "result": result})


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=pk)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "today": timezone.localdate(),
            "status_changes": member.status_changes.select_related("actor"),
            "transfers": member.transfers.select_related("actor"),
            "corrections": member.corrections.select_related("requested_by", "decided_by"),
            "appraisals": member.appraisals.all(),
            "can_manage": can(request.user, Action.MEMBER_MANAGE, member.organization),
            "can_reveal": selectors.can_see_personal(request.user, member),
            "can_make_login": not member.user_id
            and can(request.user, Action.GRANT_MANAGE, member.organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_account(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=pk, action=Action.GRANT_MANAGE)
    form = AccountForm(request.POST or None, initial={"username": member.name_pinyin})
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.member_account_create(
                actor=request.user, member=member, username=form.cleaned_data["username"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # Rendered, not redirected: the one-time password never goes into a cookie.
            return render(
                request,
                "members/account_created.html",
                {"member": member, "account": user, "password": password},
            )
    return render(request, "members/account_form.html", {"form": form, "member": member})


@login_required
@require_POST
def member_reveal(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    if field not in ("id_number", "phone"):
        raise Http404
    member = selectors.member_get(user=request.user, pk=pk, action=Action.MEMBER_VIEW_PERSONAL)
    services.personal_data_revealed(actor=request.user, member=member, field=field)
    value = member.id_number if field == "id_number" else member.phone
    return render(request, "members/_revealed.html", {"value": value})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = _org(request)
        member = None
    else:
        member = selectors.member_get(user=request.user, pk=pk)
        org = member.organization
    require(request.user, Action.MEMBER_MANAGE, org)
    form = MemberForm(
        request.POST or None,
        instance=member,
        organization=org,
        show_personal=can(request.user, Action.MEMBER_VIEW_PERSONAL, org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if member is None:
                member = services.member_create(
                    actor=request.user, organization=org, data=form.cleaned_data
                )
                messages.success(request, _("%(name)s added to the roll.") % {"name": member.name})
            else:
                services.member_update(actor=request.user, member=member, data=form.cleaned_data)
                messages.success(request, _("Changes saved."))
        except ValidationError as exc:  # a rule the form cannot see, or a stale edit
            apply_errors(form, exc)
        else:
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/form.html", {"form": form, "org": org, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=pk, action=Action.MEMBER_MANAGE)
    form = StatusChangeForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_change_status(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("members:detail", pk=member.pk)
    return render(request, "members/status_form.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(user=request.user, pk=pk, action=Action.MEMBER_MANAGE)
    targets = selectors.transfer_targets(user=request.user, member=member)
    owed = dues_selectors.member_arrears(member)
    form = TransferOutForm(
        request.POST or None,
        targets=targets,
        owes=owed is not None,
        initial={"issued_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer_out(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Transfer recorded."))
            return redirect("members:detail", pk=member.pk)
    return render(
        request,
        "members/transfer_form.html",
        {
            "form": form,
            "member": member,
            "owed": owed,
            "paid_through": dues_selectors.paid_through(member),
        },
    )


@login_required
def member_statistics(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.MEMBER_VIEW, org)
    stats = selectors.statistics(user=request.user, organization=org)
    return render(request, "members/statistics.html", {"org": org, "stats": stats})


@login_required
@require_http_methods(["GET", "POST"])
def my_record(request: HttpRequest) -> HttpResponse:
    member = selectors.member_of_user(request.user)
    form = CorrectionRequestForm(request.POST or None)
    if member is not None and request.method == "POST" and form.is_valid():
        try:
            services.correction_request(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the branch secretary."))
            return redirect("members:me")
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "form": form,
            "today": timezone.localdate(),
            "corrections": member.corrections.all() if member else [],
        },
    )


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.MEMBER_MANAGE, org)
    pending = selectors.pending_corrections(user=request.user, organization=org)
    return render(
        request, "members/corrections.html", {"org": org, "page": paginate(request, pending)}
    )


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    correction = selectors.correction_get(user=request.user, pk=pk)
    try:
        services.correction_decide(
            actor=request.user,
            request=correction,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("members:corrections")
