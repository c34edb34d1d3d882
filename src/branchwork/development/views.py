from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from branchwork.core.excel import xlsx_response
from branchwork.core.roles import Action
from branchwork.core.scoping import can, require
from branchwork.core.utils import apply_errors, errors_to_messages, paginate, validation_to_messages
from branchwork.development import exports, imports, rules, selectors, services
from branchwork.development.filters import PersonFilter
from branchwork.development.forms import (
    DisqualifyForm,
    DocumentForm,
    ImportForm,
    PersonForm,
    StepForm,
    VoteStepForm,
)
from branchwork.development.models import Person
from branchwork.members.models import Member
from branchwork.members.rules import Category
from branchwork.organizations.models import Organization
from branchwork.organizations.selectors import organization_for_request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filtered(request: HttpRequest, org: Organization) -> PersonFilter:
    return PersonFilter(
        request.GET, queryset=selectors.person_list(user=request.user, organization=org)
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.DEVELOPMENT_VIEW, org)
    filterset = _filtered(request, org)
    page = paginate(request, filterset.qs)
    rows = [(p, selectors.next_step_of(p)) for p in page.object_list]
    values = {name: filterset.value(name) for name in ("stage", "status", "q", "applied_year")}
    query = "&".join(f"{k}={v}" for k, v in values.items() if v)
    return render(
        request,
        "development/list.html",
        {
            "org": org,
            "page": page,
            "rows": rows,
            "values": values,
            "query": f"org={org.code}&{query}",
            "stages": rules.Stage.choices,
            "statuses": rules.PersonStatus.choices,
            "counts": selectors.pipeline_counts(user=request.user, organization=org),
            "can_manage": can(request.user, Action.DEVELOPMENT_MANAGE, org),
            "full": can(request.user, Action.MEMBER_VIEW_PERSONAL, org),
            "today": timezone.localdate(),
        },
    )


@login_required
def register_export(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.DEVELOPMENT_VIEW, org)
    people = list(_filtered(request, org).qs)
    full = can(request.user, Action.MEMBER_VIEW_PERSONAL, org)
    content = exports.register_workbook(people, full=full)
    services.register_exported(
        actor=request.user, organization=org, count=len(people), masked=not full
    )
    return xlsx_response(content, f"development-{org.code}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.DEVELOPMENT_MANAGE, org)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user, organization=org, data=form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added to the register.") % {"name": person.name})
            return redirect("development:detail", pk=person.pk)
    return render(request, "development/form.html", {"org": org, "form": form})


def _step_form(person: Person, request: HttpRequest, number: int) -> StepForm:
    members = Member.objects.visible_to(request.user, Action.MEMBER_VIEW).filter(
        organization=person.organization, category=Category.FULL
    )
    rule = rules.STEP_BY_NUMBER[number]
    return StepForm(
        request.POST if request.method == "POST" else None,
        members=members,
        initial={
            "number": number,
            "decided_by": rule.decided_by,
            "date": timezone.localdate(),
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    org = person.organization
    step = selectors.next_step_of(person)
    can_manage = can(request.user, Action.DEVELOPMENT_MANAGE, org)
    context = {
        "person": person,
        "org": org,
        "next": step,
        "steps": list(person.steps.all()),
        "full": selectors.can_see_personal(request.user, person),
        "can_manage": can_manage and person.status == rules.PersonStatus.ACTIVE,
        "can_attach": can_manage,
        "today": timezone.localdate(),
        "document_form": DocumentForm(),
        "local": [
            (item.label, rules.local_value(key, settings.DEVELOPMENT_LOCAL_PRACTICE), item.status)
            for key, item in rules.LOCAL_PRACTICE.items()
        ],
    }
    if can_manage and person.status == rules.PersonStatus.ACTIVE:
        if step is not None and not rules.STEP_BY_NUMBER[step.number].vote:
            context["step_form"] = _step_form(person, request, step.number)
        if person.stage in (rules.Stage.TARGET, rules.Stage.PROBATIONARY):
            context["vote_form"] = VoteStepForm(
                meetings=selectors.general_meetings(user=request.user, person=person),
                initial={"decision": "admit" if person.stage == rules.Stage.TARGET else "convert"},
            )
        context["disqualify_form"] = DisqualifyForm(initial={"date": timezone.localdate()})
    return render(request, "development/detail.html", context)


@login_required
@require_POST
def step_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk, action=Action.DEVELOPMENT_MANAGE)
    try:
        number = int(request.POST.get("number", ""))
    except ValueError:
        number = 0
    if number not in rules.STEP_BY_NUMBER:
        messages.error(request, _("Choose a step."))
        return redirect("development:detail", pk=person.pk)
    form = _step_form(person, request, number)
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("development:detail", pk=person.pk)
    data = form.cleaned_data
    try:
        step = services.step_record(
            actor=request.user,
            person=person,
            number=number,
            date=data["date"],
            decided_by=data["decided_by"],
            note=data["note"],
            training_days=data["training_days"],
            training_hours=data["training_hours"],
            introducers=list(data["introducers"] or []),
            contacts=data["contacts"],
        )
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        messages.success(request, _("Recorded: %(step)s.") % {"step": step.label})
    return redirect("development:detail", pk=person.pk)


@login_required
@require_POST
def vote_record(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk, action=Action.DEVELOPMENT_MANAGE)
    require(request.user, Action.MEETING_MANAGE, person.organization)
    form = VoteStepForm(
        request.POST, meetings=selectors.general_meetings(user=request.user, person=person)
    )
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("development:detail", pk=person.pk)
    try:
        outcome = services.vote_step_record(actor=request.user, person=person, **form.cleaned())
    except ValidationError as exc:
        validation_to_messages(request, exc)
    else:
        if outcome.step is None:
            messages.error(request, outcome.refusal)
        else:
            messages.success(
                request,
                _("Recorded: %(step)s. %(verdict)s")
                % {"step": outcome.step.label, "verdict": outcome.vote.verdict},
            )
    return redirect("development:detail", pk=person.pk)


@login_required
@require_POST
def disqualify(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk, action=Action.DEVELOPMENT_MANAGE)
    form = DisqualifyForm(request.POST)
    if form.is_valid():
        try:
            services.person_disqualify(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(
                request, _("The development of %(name)s has ended.") % {"name": person.name}
            )
    else:
        errors_to_messages(request, form)
    return redirect("development:detail", pk=person.pk)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    step = selectors.step_get(user=request.user, pk=pk, action=Action.DEVELOPMENT_MANAGE)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user,
                step=step,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            validation_to_messages(request, exc)
        else:
            messages.success(request, _("Document attached."))
    else:
        errors_to_messages(request, form)
    return redirect("development:detail", pk=step.person_id)


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=not document.content_type.startswith("image/"),
        filename=document.name,
        content_type=document.content_type,
    )


@login_required
def person_file(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    full = selectors.can_see_personal(request.user, person)
    content = exports.person_docx(person, full=full)
    services.file_exported(actor=request.user, person=person)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="development-{person.pk}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    org = organization_for_request(request)
    require(request.user, Action.DEVELOPMENT_MANAGE, org)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = imports.check_register(form.cleaned_data["file"].read())
        errors = result.errors
        if not errors:
            count = services.people_import(
                actor=request.user, organization=org, people=result.people
            )
            messages.success(request, _("%(n)d people imported.") % {"n": count})
            return redirect(f"{reverse('development:list')}?org={org.code}")
    return render(
        request,
        "development/import.html",
        {"org": org, "form": form, "errors": errors, "columns": imports.COLUMNS},
    )
