from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, errors_to_messages, paginate, validation_to_messages
from branchwork.members.models import Member
from branchwork.organizations.selectors import organization_for_request
from branchwork.regulations import exports, rules, selectors, services
from branchwork.regulations.filters import RegulationFilter
from branchwork.regulations.forms import (
    AdoptForm,
    AttachmentForm,
    DraftForm,
    NewRegulationForm,
    RegulationForm,
)
from branchwork.regulations.models import RegulationVersion
from branchwork.regulations.rules import Category, State

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def regulation_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.RULES_VIEW, org)
    filterset = RegulationFilter(
        request.GET, queryset=selectors.regulation_list(user=request.user, organization=org)
    )
    page = paginate(request, filterset.qs, per_page=50)
    rows = list(page.object_list)
    in_force = [r.in_force[0] for r in rows if r.in_force]
    can_manage = can(request.user, Action.RULES_MANAGE, org)
    if can_manage:
        due = selectors.due_counts(in_force)
        for version in in_force:
            version.due = due[version.pk]  # type: ignore[attr-defined]
    context = {
        "org": org,
        "page": page,
        "rows": rows,
        "q": filterset.value("q"),
        "category": filterset.value("category"),
        "categories": Category.choices,
        "query": f"org={org.code}&q={filterset.value('q')}&category={filterset.value('category')}",
        "can_manage": can_manage,
        "mine": selectors.my_acknowledged(user=request.user, version_ids=[v.pk for v in in_force]),
        "my_member": selectors.my_member(request.user),
    }
    htmx = getattr(request, "htmx", False)
    template = "regulations/_rows.html" if htmx else "regulations/list.html"
    return render(request, template, context)


@login_required
def booklet(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.RULES_VIEW, org)
    filterset = RegulationFilter(
        request.GET, queryset=selectors.regulation_list(user=request.user, organization=org)
    )
    content = exports.booklet_docx(org, list(filterset.qs))
    return _docx(content, f"rules-{org.code}.docx")


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.RULES_MANAGE, org)
    form = NewRegulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        body = data.pop("body")
        try:
            regulation = services.regulation_create(
                actor=request.user, organization=org, data=data, body=body
            )
        except ValidationError as exc:
            apply_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("Draft saved. Adopt it at a meeting to put it in force."))
            return redirect("regulations:detail", pk=regulation.pk)
    return render(request, "regulations/form.html", {"form": form, "org": org, "regulation": None})


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    form = RegulationForm(request.POST or None, instance=regulation)
    if request.method == "POST" and form.is_valid():
        try:
            services.regulation_update(
                actor=request.user, regulation=regulation, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("Rule saved."))
            return redirect("regulations:detail", pk=regulation.pk)
    return render(
        request,
        "regulations/form.html",
        {"form": form, "org": regulation.organization, "regulation": regulation},
    )


@login_required
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(user=request.user, pk=pk)
    org = regulation.organization
    rows = selectors.history(regulation)
    in_force = next((r.version for r in rows if r.version.state == State.ADOPTED), None)
    draft = next((r.version for r in rows if r.version.state == State.DRAFT), None)
    can_manage = can(request.user, Action.RULES_MANAGE, org)
    context = {
        "regulation": regulation,
        "org": org,
        "rows": rows,
        "in_force": in_force,
        "draft": draft,
        "can_manage": can_manage,
        "can_see_readers": can(request.user, Action.MEMBER_VIEW, org),
        "attachments": regulation.attachments.all(),
        "attachment_form": AttachmentForm() if can_manage else None,
        "adopt_form": (
            AdoptForm(
                meetings=selectors.adopting_meetings(user=request.user, regulation=regulation)
            )
            if can_manage and draft is not None
            else None
        ),
        "my_member": selectors.my_member(request.user),
        "mine": selectors.my_acknowledged(
            user=request.user, version_ids=[in_force.pk] if in_force else []
        ),
    }
    if in_force is not None and can_manage:
        context["due"] = selectors.due_counts([in_force]).get(in_force.pk, 0)
        context["done"] = in_force.acknowledgments.count()
    return render(request, "regulations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    draft = regulation.versions.filter(state=State.DRAFT).first()
    base = draft or regulation.versions.order_by("-number").first()
    initial = {
        "body": rules.editable_text(base.body) if base else "",
        "change_note": draft.change_note if draft else "",
    }
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_save(
                actor=request.user,
                regulation=regulation,
                body=form.cleaned_data["body"],
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)  # type: ignore[arg-type]
        else:
            messages.success(request, _("Draft saved. Adopt it at a meeting to put it in force."))
            return redirect("regulations:detail", pk=regulation.pk)
    return render(
        request,
        "regulations/draft.html",
        {"form": form, "regulation": regulation, "org": regulation.organization, "draft": draft},
    )


@login_required
@require_POST
def draft_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    org = version.regulation.organization
    regulation_pk = version.regulation_id
    try:
        services.draft_discard(actor=request.user, version=version)
    except ValidationError as exc:
        validation_to_messages(request, exc)
        return redirect("regulations:detail", pk=regulation_pk)
    messages.success(request, _("Draft discarded."))
    if RegulationVersion.objects.filter(regulation_id=regulation_pk).exists():
        return redirect("regulations:detail", pk=regulation_pk)
    return redirect(f"{reverse('regulations:list')}?org={org.code}")


@login_required
@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    meetings = selectors.adopting_meetings(user=request.user, regulation=version.regulation)
    form = AdoptForm(request.POST, meetings=meetings)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("regulations:detail", pk=version.regulation_id)
    try:
        services.version_adopt(
            actor=request.user,
            version=version,
            meeting=form.cleaned_data["meeting"],
            effective_on=form.cleaned_data["effective_on"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Version adopted. Members are asked to read it."))
    return redirect("regulations:detail", pk=version.regulation_id)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk)
    return render(
        request,
        "regulations/version.html",
        {
            "version": version,
            "regulation": version.regulation,
            "org": version.regulation.organization,
            "diff": selectors.version_diff(version),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's one tap: from the list or the rule's page (HTMX swaps the button)."""
    version = selectors.version_get(user=request.user, pk=pk)
    member = selectors.my_member(request.user)
    if member is None:
        messages.error(request, _("Only members of the organization acknowledge its rules."))
    else:
        try:
            services.acknowledge(actor=request.user, version=version, member=member)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            if getattr(request, "htmx", False):
                return render(request, "regulations/_acknowledged.html", {"version": version})
            messages.success(request, _("Thank you: your reading is recorded."))
    return redirect("regulations:detail", pk=version.regulation_id)


@login_required
def readers(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk)
    rows = selectors.readers(user=request.user, version=version)
    done = sum(1 for r in rows if r.acknowledged_at)
    return render(
        request,
        "regulations/readers.html",
        {
            "version": version,
            "regulation": version.regulation,
            "org": version.regulation.organization,
            "rows": rows,
            "done": done,
            "due": len(rows),
            "can_remind": version.state == State.ADOPTED
            and can(request.user, Action.RULES_MANAGE, version.regulation.organization),
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    due = selectors.due_members(version).select_related("user")
    wanted = request.POST.getlist("member")
    members: list[Member] = list(
        due.filter(pk__in=[int(m) for m in wanted if m.isdigit()]) if wanted else due
    )
    link = request.build_absolute_uri(reverse("regulations:detail", args=[version.regulation_id]))
    try:
        sent = services.remind(actor=request.user, version=version, members=members, link=link)
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        emailed = sum(1 for r in sent if r.emailed)
        messages.success(
            request,
            _("%(n)d reminded (%(emailed)d by e-mail).") % {"n": len(sent), "emailed": emailed},
        )
    return redirect("regulations:readers", pk=version.pk)


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(user=request.user, pk=pk, action=Action.RULES_MANAGE)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, regulation=regulation, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("File attached."))
    else:
        errors_to_messages(request, form)
    return redirect("regulations:detail", pk=regulation.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.content_type.startswith("image/"),
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
def regulation_docx(request: HttpRequest, pk: int) -> HttpResponse:
    regulation = selectors.regulation_get(user=request.user, pk=pk)
    rows = list(
        selectors.regulation_list(user=request.user, organization=regulation.organization).filter(
            pk=regulation.pk
        )
    )
    content = exports.booklet_docx(regulation.organization, rows)
    return _docx(content, f"rule-{regulation.pk}.docx")
