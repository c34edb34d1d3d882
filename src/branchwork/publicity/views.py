"""The signed-in pages of news and openness: the branch's items and their workflow, the
public channel switch and the openness list. The public pages are in ``public.py``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, paginate, validation_to_messages
from branchwork.organizations.selectors import organization_for_request
from branchwork.publicity import rules, selectors, services
from branchwork.publicity.filters import ItemFilter
from branchwork.publicity.forms import ApproveForm, ChannelForm, ItemForm, NoteForm, WithdrawForm
from branchwork.publicity.models import Item


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.PUBLICITY_DRAFT, org)
    filterset = ItemFilter(
        request.GET, queryset=selectors.item_list(user=request.user, organization=org)
    )
    state, kind = filterset.value("state"), filterset.value("kind")
    return render(
        request,
        "publicity/list.html",
        {
            "org": org,
            "page": paginate(request, filterset.qs),
            "query": f"org={org.code}&state={state}&kind={kind}",
            "states": rules.State.choices,
            "kinds": rules.Kind.choices,
            "state": state,
            "kind": kind,
            "can_review": can(request.user, Action.PUBLICITY_REVIEW, org),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        org = organization_for_request(request)
        require(request.user, Action.PUBLICITY_DRAFT, org)
        item = None
    else:
        item = selectors.item_get(user=request.user, pk=pk)
        org = item.organization
    related = selectors.related_choices(user=request.user, item=item, organization=org)
    form = ItemForm(request.POST or None, instance=item, related=related)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = list(data.pop("related"))
        try:
            saved = services.item_save(
                actor=request.user, organization=org, data=data, item=item, related=chosen
            )
        except ValidationError as exc:
            apply_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("Draft saved."))
            return redirect("publicity:detail", pk=saved.pk)
    return render(request, "publicity/form.html", {"form": form, "org": org, "item": item})


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get(user=request.user, pk=pk)
    can_review = can(request.user, Action.PUBLICITY_REVIEW, item.organization)
    now = timezone.now()
    return render(
        request,
        "publicity/detail.html",
        {
            "item": item,
            "related": item.related.all(),
            "can_review": can_review,
            "editable": item.state in rules.EDITABLE_STATES,
            "live": rules.is_live(item.state, item.publish_at, now),
            "scheduled": item.state == rules.State.PUBLISHED
            and item.publish_at is not None
            and item.publish_at > now,
            "approve_form": ApproveForm(),
            "note_form": NoteForm(),
            "withdraw_form": WithdrawForm(),
            "channel_on": selectors.public_channel_on(item.organization),
        },
    )


def _step(request: HttpRequest, pk: int, action: str) -> Item:
    return selectors.item_get(user=request.user, pk=pk, action=action)


@login_required
@require_POST
def item_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _step(request, pk, Action.PUBLICITY_DRAFT)
    try:
        services.item_submit(actor=request.user, item=item)
        messages.success(request, _("Sent for review."))
    except ValidationError as exc:
        validation_to_messages(request, exc)
    return redirect("publicity:detail", pk=pk)


@login_required
@require_POST
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _step(request, pk, Action.PUBLICITY_REVIEW)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the publishing time as a date and a time."))
        return redirect("publicity:detail", pk=pk)
    try:
        services.item_approve(
            actor=request.user, item=item, publish_at=form.cleaned_data["publish_at"]
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Your role does not allow this."))
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Approved and published."))
    return redirect("publicity:detail", pk=pk)


@login_required
@require_POST
def item_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    item = _step(request, pk, Action.PUBLICITY_REVIEW)
    try:
        services.item_send_back(actor=request.user, item=item, note=request.POST.get("note", ""))
        messages.success(request, _("Sent back to the drafter."))
    except ValidationError as exc:
        validation_to_messages(request, exc)
    return redirect("publicity:detail", pk=pk)


@login_required
@require_POST
def item_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    item = _step(request, pk, Action.PUBLICITY_REVIEW)
    try:
        services.item_withdraw(actor=request.user, item=item, reason=request.POST.get("reason", ""))
        messages.success(request, _("Withdrawn: the record is kept."))
    except ValidationError as exc:
        validation_to_messages(request, exc)
    return redirect("publicity:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def channel(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.PUBLICITY_REVIEW, org)
    current = selectors.channel_of(user=request.user, organization=org)
    initial = (
        {"enabled": current.enabled, "title": current.title, "title_en": current.title_en}
        if current
        else {"title": org.name}
    )
    form = ChannelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.channel_set(actor=request.user, organization=org, **form.cleaned_data)
        messages.success(request, _("Public pages saved."))
        return redirect(f"{reverse('publicity:channel')}?org={org.code}")
    return render(request, "publicity/channel.html", {"org": org, "form": form, "channel": current})


@login_required
def openness(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    today = timezone.localdate()
    rows = selectors.openness(user=request.user, organization=org, today=today)
    return render(
        request,
        "publicity/openness.html",
        {
            "org": org,
            "rows": rows,
            "today": today,
            "can_draft": can(request.user, Action.PUBLICITY_DRAFT, org),
        },
    )
