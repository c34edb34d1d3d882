from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import (
    apply_errors,
    paginate,
    parse_month,
    parse_year,
    query_without_page,
    validation_to_messages,
)
from branchwork.dues import exports, rules, selectors, services
from branchwork.dues.filters import ArrearsFilter, PaymentFilter
from branchwork.dues.forms import (
    BasisForm,
    PaymentForm,
    QuoteForm,
    ReductionForm,
    RemittanceForm,
    ReversalForm,
    VoluntaryForm,
)
from branchwork.members.selectors import member_of_user
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request

_org = organization_for_request


def _year(request: HttpRequest) -> int:
    return parse_year(request.GET.get("year"), timezone.localdate().year)


def _month(request: HttpRequest) -> dt.date:
    return parse_month(request.GET.get("month"), timezone.localdate())


def _back(name: str, org: Organization, **params: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"org": org.code, **params}.items())
    return f"{reverse(name)}?{query}"


@login_required
def sheet(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    month = _month(request)
    rows = selectors.collection_sheet(user=request.user, organization=org, month=month)
    due = sum((r.due.amount for r in rows if r.due), selectors.ZERO)
    paid = sum((r.paid.amount for r in rows if r.paid), selectors.ZERO)
    return render(
        request,
        "dues/sheet.html",
        {
            "org": org,
            "month": month,
            "rows": rows,
            "due": due,
            "paid": paid,
            "previous": f"{rules.add_months(month, -1):%Y-%m}",
            "following": f"{rules.add_months(month, 1):%Y-%m}",
            "can_manage": can(request.user, Action.DUES_MANAGE, org),
            "arrears_count": len(selectors.arrears(user=request.user, organization=org)),
        },
    )


@login_required
def sheet_export(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    month = _month(request)
    rows = selectors.collection_sheet(user=request.user, organization=org, month=month)
    return xlsx_response(
        exports.sheet_workbook(org, month, rows),
        f"dues-{org.code}-{month:%Y-%m}.xlsx",
    )


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.DUES_MANAGE, org)
    year = parse_year(request.POST.get("year"), 0)
    created = services.ledger_generate(actor=request.user, organization=org, year=year)
    messages.success(
        request, _("%(n)d monthly dues generated for %(year)d.") % {"n": created, "year": year}
    )
    return redirect(_back("dues:sheet", org))


@login_required
def bases(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    return render(
        request,
        "dues/bases.html",
        {
            "org": org,
            "rows": selectors.current_bases(user=request.user, organization=org),
            "can_manage": can(request.user, Action.DUES_MANAGE, org),
            "can_personal": can(request.user, Action.MEMBER_VIEW_PERSONAL, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def basis_edit(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = selectors.dues_member_get(user=request.user, pk=member_pk, action=Action.DUES_MANAGE)
    today = timezone.localdate()
    shown = selectors.basis_in_force(member, today) or member.fee_bases.first()
    form = BasisForm(
        request.POST or None,
        instance=shown,
        initial={} if shown else {"effective_from": dt.date(today.year, 1, 1)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The version posted is the shown basis's: it guards that basis, not a new month's.
        same = shown is not None and data["effective_from"] == shown.effective_from
        try:
            services.basis_set(
                actor=request.user,
                member=member,
                version=shown.version if same and shown else None,
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Dues basis of %(name)s saved.") % {"name": member.name})
            return redirect(_back("dues:bases", member.organization))
    history = member.fee_bases.all()
    return render(
        request, "dues/basis_form.html", {"form": form, "member": member, "history": history}
    )


@login_required
def quote(request: HttpRequest) -> HttpResponse:
    form = QuoteForm(request.GET or None)
    result = error = None
    if form.is_bound and form.is_valid():
        try:
            result = selectors.quote(form.cleaned_data["category"], form.cleaned_data["base"])
        except rules.DuesError as exc:
            error = str(exc)
    template = "dues/_quote.html" if request.htmx else "dues/quote.html"
    return render(request, template, {"form": form, "result": result, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def payment_new(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = selectors.dues_member_get(user=request.user, pk=member_pk, action=Action.DUES_MANAGE)
    month = rules.month_start(timezone.localdate())
    form = PaymentForm(
        request.POST or None,
        initial={"first_month": month, "last_month": month, "paid_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.payment_record(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Payment %(receipt)s recorded.") % {"receipt": payment.receipt_number}
            )
            return redirect("dues:payment", pk=payment.pk)
    statement = selectors.member_statement(
        user=request.user, member=member, year=timezone.localdate().year
    )
    context = {
        "form": form,
        "member": member,
        "statement": statement,
        "adjustments": selectors.open_adjustments(member),
        "months_at_once": settings.DUES_MAX_MONTHS_AT_ONCE,
    }
    return render(request, "dues/payment_form.html", context)


@login_required
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    payment = selectors.payment_get(user=request.user, pk=pk)
    return render(
        request,
        "dues/payment.html",
        {
            "payment": payment,
            "months": payment.months.all(),
            "reversal": getattr(payment, "reversal", None),
            "form": ReversalForm(),
            "can_manage": can(request.user, Action.DUES_MANAGE, payment.organization),
        },
    )


@login_required
@require_POST
def payment_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    payment = selectors.payment_get(user=request.user, pk=pk, action=Action.DUES_MANAGE)
    form = ReversalForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"reason": [_("Say why the payment is reversed.")]})
        services.payment_reverse(
            actor=request.user, payment=payment, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Payment reversed; its months are unpaid again."))
    return redirect("dues:payment", pk=payment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def voluntary_new(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = selectors.dues_member_get(user=request.user, pk=member_pk, action=Action.DUES_MANAGE)
    form = VoluntaryForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            payment = services.voluntary_record(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Voluntary payment recorded."))
            if payment.remit_to_centre:
                messages.warning(
                    request,
                    _(
                        "%(threshold)s yuan or more at once: remit it in full to the Centre "
                        "(Art. 11)."
                    )
                    % {"threshold": f"{rules.VOLUNTARY_REMIT_THRESHOLD:,}"},
                )
            return redirect(_back("dues:sheet", member.organization))
    return render(
        request,
        "dues/simple_form.html",
        {"form": form, "title": _("Voluntary payment"), "subject": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def remittances(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    require(request.user, Action.DUES_VIEW, org)
    form = RemittanceForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, Action.DUES_MANAGE, org)
        if form.is_valid():
            try:
                services.remittance_record(
                    actor=request.user, organization=org, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Remittance recorded."))
                return redirect(_back("dues:remittances", org))
    rows = selectors.remittance_list(user=request.user, organization=org)
    return render(
        request,
        "dues/remittances.html",
        {
            "org": org,
            "form": form,
            "page": paginate(request, rows),
            "can_manage": can(request.user, Action.DUES_MANAGE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reductions(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    members = selectors.members_on_roll(user=request.user, organization=org)
    form = ReductionForm(request.POST or None, members=members)
    if request.method == "POST":
        require(request.user, Action.DUES_MANAGE, org)
        if form.is_valid():
            try:
                services.reduction_request(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Request recorded for the branch's review."))
                return redirect(_back("dues:reductions", org))
    return render(
        request,
        "dues/reductions.html",
        {
            "org": org,
            "form": form,
            "page": paginate(
                request, selectors.reduction_list(user=request.user, organization=org)
            ),
            "can_manage": can(request.user, Action.DUES_MANAGE, org),
        },
    )


@login_required
@require_POST
def reduction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    reduction = selectors.reduction_get(user=request.user, pk=pk, action=Action.DUES_MANAGE)
    try:
        services.reduction_decide(
            actor=request.user,
            reduction=reduction,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(_back("dues:reductions", reduction.member.organization))


@login_required
def payments(request: HttpRequest) -> HttpResponse:
    """The payments of an organization's members, filtered by ``PaymentFilter`` (as the API
    and the Excel export are)."""
    org = _org(request)
    rows = selectors.payment_list(user=request.user, organization=org, filters=request.GET)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.payments_workbook(org, list(rows)), f"payments-{org.code}.xlsx"
        )
    return render(
        request,
        "dues/payments.html",
        {
            "org": org,
            "filter": PaymentFilter(request.GET),
            "page": paginate(request, rows),
            "query": query_without_page(request),
        },
    )


@login_required
def arrears(request: HttpRequest) -> HttpResponse:
    """Members with unpaid months, filtered by ``ArrearsFilter`` (as the API and the Excel
    export are), a page of ``PAGE_SIZE`` at a time (the Excel export has them all)."""
    org = _org(request)
    rows = selectors.arrears(user=request.user, organization=org, filters=request.GET)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.arrears_workbook(org, rows), f"arrears-{org.code}.xlsx")
    page = paginate(request, rows)
    context = {
        "org": org,
        "rows": page.object_list,
        "page": page,
        "total": len(rows),
        "no_basis": selectors.members_without_basis(user=request.user, organization=org),
        "filter": ArrearsFilter(request.GET),
        "query": query_without_page(request),
    }
    return render(request, "dues/arrears.html", context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    year = _year(request)
    total, branches = selectors.year_summary(user=request.user, organization=org, year=year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.summary_workbook(org, year, total, branches), f"dues-{org.code}-{year}.xlsx"
        )
    return render(
        request,
        "dues/report.html",
        {"org": org, "year": year, "total": total, "branches": branches},
    )


@login_required
def publication(request: HttpRequest) -> HttpResponse:
    """The yearly publication of dues collected, to the branch's members (党务公开)."""
    org = _org(request)
    year = _year(request)
    total, _branches = selectors.year_summary(
        user=request.user, organization=org, year=year, action=Action.DUES_PUBLICATION
    )
    per_member = selectors.paid_per_member(
        user=request.user, organization=org, year=year, action=Action.DUES_PUBLICATION
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.publication_workbook(org, year, total, per_member),
            f"dues-publication-{org.code}-{year}.xlsx",
        )
    return render(
        request,
        "dues/publication.html",
        {"org": org, "year": year, "total": total, "per_member": per_member},
    )


@login_required
def my_dues(request: HttpRequest) -> HttpResponse:
    member = member_of_user(request.user)
    year = _year(request)
    context = {"member": member, "year": year}
    if member is not None:
        statement = selectors.member_statement(user=request.user, member=member, year=year)
        basis = selectors.basis_in_force(member, timezone.localdate())
        context.update(
            statement=statement,
            basis=basis,
            paid_total=sum((r.due for r in statement if r.payment and r.due), selectors.ZERO),
            unpaid=[
                r
                for r in statement
                if r.due and not r.payment and r.month < rules.month_start(timezone.localdate())
            ],
        )
    return render(request, "dues/me.html", context)
