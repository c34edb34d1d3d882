"""Every write to standardization: checklist templates (install the default, copy, edit),
inspection rounds, scores, sign-off and corrections, evidence files and upgrade projects.
Each service is keyword-only, takes the acting ``actor`` and writes its activity lines through
``save_as`` / ``record_bulk``. Access (who may call which) is checked by the views and the API
with ``core.scoping.require`` before calling."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from branchwork.core.audit import acting_user, record_bulk, save_as
from branchwork.core.uploads import PHOTOS, checked_upload, save_upload
from branchwork.organizations.models import Organization
from branchwork.standards import evidence, rules, selectors
from branchwork.standards.models import (
    BranchInspection,
    ChecklistCategory,
    ChecklistItem,
    ChecklistTemplate,
    EvidenceFile,
    InspectionRound,
    Score,
    ScoreCorrection,
    UpgradePhoto,
    UpgradeProject,
    UpgradeTask,
)
from branchwork.standards.rules import Side

THUMBNAIL_SIZE = (320, 320)


def _committee(organization: Organization) -> None:
    if organization.org_type != "committee":
        raise ValidationError(
            _("Checklists and inspection rounds belong to a committee, not to a branch.")
        )


def _locked(template: ChecklistTemplate) -> None:
    if template.rounds.exists():
        raise ValidationError(
            _("This version is used by an inspection round; copy it to make a new version.")
        )


def _next_version(organization: Organization, name: str) -> int:
    top = ChecklistTemplate.objects.filter(organization=organization, name=name).aggregate(
        v=Max("version")
    )["v"]
    return (top or 0) + 1


@transaction.atomic
def template_install_default(*, actor: Any, organization: Organization) -> ChecklistTemplate:
    """Create the default checklist (``rules.DEFAULT_TEMPLATE``, marked UNVERIFIED, §6.2) as a
    new version owned by the committee ``organization``. Raises ``ValidationError`` for a
    branch."""
    _committee(organization)
    template = ChecklistTemplate(
        organization=organization,
        name=rules.DEFAULT_NAME,
        version=_next_version(organization, rules.DEFAULT_NAME),
        verification=rules.Verification.UNVERIFIED,
        verification_note=rules.DEFAULT_VERIFICATION_NOTE,
        pass_mark=rules.DEFAULT_PASS_MARK,
        demonstration_mark=rules.DEFAULT_DEMONSTRATION_MARK,
    )
    save_as(template, actor, note="default checklist")
    items = 0
    for order, spec in enumerate(rules.DEFAULT_TEMPLATE):
        category = ChecklistCategory.objects.create(
            template=template, order=order, title=spec.title
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                category=category,
                key=i.key,
                order=n,
                title=i.title,
                points=i.points,
                evidence_needed=i.evidence,
                evidence_key=i.evidence_key,
            )
            for n, i in enumerate(spec.items)
        )
        items += len(spec.items)
    record_bulk(
        actor=actor,
        model=ChecklistItem,
        count=items,
        organization=organization,
        note=f"items of {template}",
    )
    return template


@transaction.atomic
def template_copy(
    *, actor: Any, template: ChecklistTemplate, organization: Organization, name: str = ""
) -> ChecklistTemplate:
    """Copy ``template`` (its categories, items and marks) as the next version of ``name``
    (default: the same name) owned by the committee ``organization``, unlocked for editing.
    The copy keeps the source's verification status: editing does not verify it."""
    _committee(organization)
    name = name.strip() or template.name
    copy = ChecklistTemplate(
        organization=organization,
        name=name,
        version=_next_version(organization, name),
        based_on=template,
        verification=template.verification,
        verification_note=template.verification_note,
        pass_mark=template.pass_mark,
        demonstration_mark=template.demonstration_mark,
    )
    save_as(copy, actor, note=f"copy of {template}")
    items = 0
    for category in template.categories.prefetch_related("items"):
        new = ChecklistCategory.objects.create(
            template=copy, order=category.order, title=category.title
        )
        rows = [
            ChecklistItem(
                category=new,
                key=i.key,
                order=i.order,
                title=i.title,
                points=i.points,
                evidence_needed=i.evidence_needed,
                evidence_key=i.evidence_key,
            )
            for i in category.items.all()
        ]
        ChecklistItem.objects.bulk_create(rows)
        items += len(rows)
    record_bulk(
        actor=actor,
        model=ChecklistItem,
        count=items,
        organization=organization,
        note=f"items of {copy}",
    )
    return copy


@transaction.atomic
def template_marks_save(
    *,
    actor: Any,
    template: ChecklistTemplate,
    pass_mark: Decimal,
    demonstration_mark: Decimal,
    verification: str,
    verification_note: str,
) -> ChecklistTemplate:
    """Change an unlocked template's marks and verification status. Raises
    ``ValidationError`` when it is locked or the demonstration mark is below the pass mark."""
    _locked(template)
    if demonstration_mark < pass_mark:
        raise ValidationError(
            {"demonstration_mark": [_("The demonstration mark cannot be below the pass mark.")]}
        )
    template.pass_mark = pass_mark
    template.demonstration_mark = demonstration_mark
    template.verification = verification
    template.verification_note = verification_note
    save_as(template, actor)
    return template


@transaction.atomic
def template_item_save(
    *,
    actor: Any,
    template: ChecklistTemplate,
    data: dict[str, Any],
    item: ChecklistItem | None = None,
) -> ChecklistItem:
    """Add an item to an unlocked template (``item`` None: ``data["category"]`` is a category
    title, created when new) or change one. ``data``: title, points, evidence_needed,
    evidence_key, key. Raises ``ValidationError`` when locked, for an unknown evidence key or
    a key used twice."""
    _locked(template)
    key = data.get("evidence_key", "")
    if key and key not in evidence.REGISTRY:
        raise ValidationError({"evidence_key": [_("Unknown evidence.")]})
    if item is None:
        title = (data.get("category") or "").strip()
        if not title:
            raise ValidationError({"category": [_("Name the category.")]})
        category = template.categories.filter(title=title).first()
        if category is None:
            category = ChecklistCategory(
                template=template, title=title, order=template.categories.count()
            )
            save_as(category, actor)
        item = ChecklistItem(category=category, order=category.items.count())
    for name in ("key", "title", "points", "evidence_needed", "evidence_key"):
        if name in data:
            setattr(item, name, data[name])
    clash = ChecklistItem.objects.filter(category__template=template, key=item.key).exclude(
        pk=item.pk
    )
    if clash.exists():
        raise ValidationError({"key": [_("Another item of this checklist has this key.")]})
    if item.points is None or item.points <= 0:
        raise ValidationError({"points": [_("An item is worth more than zero points.")]})
    save_as(item, actor)
    return item


@transaction.atomic
def template_item_delete(*, actor: Any, template: ChecklistTemplate, item: ChecklistItem) -> None:
    """Remove an item from an unlocked template."""
    from branchwork.core.audit import delete_as

    _locked(template)
    delete_as(item, actor)


@transaction.atomic
def round_open(
    *,
    actor: Any,
    organization: Organization,
    year: int,
    template: ChecklistTemplate,
    branches: list[Organization],
    opened_on: dt.date | None = None,
    notes: str = "",
) -> InspectionRound:
    """Open the inspection round of ``year`` of the committee ``organization`` with
    ``template`` (which is locked from then on) for ``branches`` (branches of its subtree).
    One activity line for the round and one for its branches. Raises ``ValidationError`` for
    a second round of the year, a template without items, or no branch."""
    _committee(organization)
    if InspectionRound.objects.filter(organization=organization, year=year).exists():
        raise ValidationError({"year": [_("This committee already has a round for that year.")]})
    if not ChecklistItem.objects.filter(category__template=template).exists():
        raise ValidationError({"template": [_("The checklist has no items.")]})
    if not branches:
        raise ValidationError({"branches": [_("Choose the branches in scope.")]})
    outside = [
        b for b in branches if b.org_type != "branch" or not b.path.startswith(organization.path)
    ]
    if outside:
        raise ValidationError(
            {"branches": [_("Only branches under the committee can be inspected.")]}
        )
    round_ = InspectionRound(
        organization=organization,
        year=year,
        template=template,
        opened_on=opened_on or timezone.localdate(),
        notes=notes,
    )
    save_as(round_, actor)
    BranchInspection.objects.bulk_create(BranchInspection(round=round_, branch=b) for b in branches)
    record_bulk(
        actor=actor,
        model=BranchInspection,
        count=len(branches),
        organization=organization,
        note=f"branches in scope of {round_}",
    )
    return round_


def _item_of(inspection: BranchInspection, item_id: int) -> ChecklistItem:
    item = ChecklistItem.objects.filter(
        pk=item_id, category__template_id=inspection.round.template_id
    ).first()
    if item is None:
        raise ValidationError({"item": [_("This item is not on the round's checklist.")]})
    return item


@transaction.atomic
def score_record(
    *,
    actor: Any,
    inspection: BranchInspection,
    item_id: int,
    side: str,
    points: Decimal,
    comment: str = "",
) -> Score:
    """Record (or change) ``side``'s points and comment for one item of ``inspection``.
    Raises ``ValidationError`` after sign-off (a signed-off score is corrected with
    ``score_correct``), for an item of another checklist, or points the item cannot take
    (``rules.check_points``)."""
    if inspection.signed_off:
        raise ValidationError(
            _("The result is signed off: scores can only be superseded by a recorded correction.")
        )
    item = _item_of(inspection, item_id)
    problem = rules.check_points(points, item.points)
    if problem:
        raise ValidationError({"points": [problem]})
    score = Score.objects.filter(inspection=inspection, item=item, side=side).first() or Score(
        inspection=inspection, item=item, side=side
    )
    score.points = points
    score.comment = comment
    score.scored_by = acting_user(actor)
    save_as(score, actor)
    return score


@transaction.atomic
def inspection_comment(*, actor: Any, inspection: BranchInspection, side: str, text: str) -> None:
    """Save the branch's summary (``Side.SELF``) or the inspector's comment before sign-off."""
    if inspection.signed_off:
        raise ValidationError(_("The result is signed off."))
    if side == Side.SELF:
        inspection.self_comment = text
    else:
        inspection.inspector_comment = text
    save_as(inspection, actor)


@transaction.atomic
def inspection_sign_off(
    *,
    actor: Any,
    inspection: BranchInspection,
    result: str,
    result_on: dt.date,
    comment: str | None = None,
) -> BranchInspection:
    """Sign off the inspector's result (not passed / passed / demonstration site) dated
    ``result_on``; from then on scores cannot change. Raises ``ValidationError`` when it is
    signed off already, items are unscored, the score is below the result's mark
    (``rules.check_result``) or the date is in the future."""
    if inspection.signed_off:
        raise ValidationError(_("The result is already signed off."))
    if result not in rules.Result.values:
        raise ValidationError({"result": [_("Choose a result.")]})
    if result_on > timezone.localdate():
        raise ValidationError({"result_on": [_("The date cannot be in the future.")]})
    the_tally = selectors.inspector_tally(inspection)
    template = inspection.round.template
    problem = rules.check_result(result, the_tally, template.pass_mark, template.demonstration_mark)
    if problem:
        raise ValidationError({"result": [problem]})
    inspection.result = result
    inspection.result_on = result_on
    inspection.total = the_tally.total
    if comment is not None:
        inspection.inspector_comment = comment
    inspection.signed_off_at = timezone.now()
    inspection.signed_off_by = acting_user(actor)
    save_as(inspection, actor, note="signed off")
    return inspection


@transaction.atomic
def score_correct(
    *,
    actor: Any,
    inspection: BranchInspection,
    item_id: int,
    points: Decimal,
    reason: str,
) -> ScoreCorrection:
    """Record a correction of a signed-off inspector score: the signed score stays, the
    correction supersedes it and the inspection's total is recomputed. The result stands
    (a correction that takes the score below the result's mark is refused: re-inspect
    instead). Raises ``ValidationError`` before sign-off, without a reason, or for points
    the item cannot take."""
    if not inspection.signed_off:
        raise ValidationError(_("Before sign-off, change the score itself."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the score is corrected.")]})
    item = _item_of(inspection, item_id)
    problem = rules.check_points(points, item.points)
    if problem:
        raise ValidationError({"points": [problem]})
    before = rules.effective_points(
        Score.objects.filter(inspection=inspection, item=item, side=Side.INSPECTOR)
        .values_list("points", flat=True)
        .first(),
        inspection.corrections.filter(item=item).values_list("points_after", flat=True),
    )
    correction = ScoreCorrection(
        inspection=inspection,
        item=item,
        points_before=before if before is not None else Decimal("0"),
        points_after=points,
        reason=reason.strip(),
        recorded_by=acting_user(actor),
    )
    save_as(correction, actor)
    the_tally = selectors.inspector_tally(inspection)
    template = inspection.round.template
    problem = rules.check_result(
        inspection.result, the_tally, template.pass_mark, template.demonstration_mark
    )
    if problem:
        raise ValidationError({"points": [problem]})
    inspection.total = the_tally.total
    save_as(inspection, actor, note="total after a correction")
    return correction


def evidence_add(
    *, actor: Any, inspection: BranchInspection, item_id: int, upload: UploadedFile
) -> EvidenceFile:
    """Store a photo or document as the branch's evidence for one item (before sign-off).
    Raises ``ValidationError`` for a refused upload (``core.uploads.checked_upload``)."""
    if inspection.signed_off:
        raise ValidationError(_("The result is signed off."))
    item = _item_of(inspection, item_id)
    name, content_type = checked_upload(upload)
    return save_upload(
        EvidenceFile, upload, name, content_type, actor=actor, inspection=inspection, item=item
    )


# --- Upgrade projects ----------------------------------------------------------------------


@transaction.atomic
def project_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    project: UpgradeProject | None = None,
) -> UpgradeProject:
    """Create an upgrade project of the branch ``organization`` or change ``project``
    (``data``: title, year, description, status, notes)."""
    project = project or UpgradeProject(organization=organization)
    for name in ("title", "year", "description", "status", "notes"):
        if name in data:
            setattr(project, name, data[name] if data[name] is not None else "")
    save_as(project, actor)
    return project


@transaction.atomic
def task_save(
    *, actor: Any, project: UpgradeProject, data: dict[str, Any], task: UpgradeTask | None = None
) -> UpgradeTask:
    """Add a task (title, owner, deadline, done_on) to ``project`` or change ``task``. Raises
    ``ValidationError`` for a done date in the future."""
    task = task or UpgradeTask(project=project)
    for name in ("title", "owner", "deadline", "done_on"):
        if name in data:
            setattr(task, name, data[name])
    if task.done_on and task.done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("The date cannot be in the future.")]})
    save_as(task, actor)
    return task


def _thumbnail(upload: UploadedFile) -> ContentFile | None:
    """A JPEG thumbnail (at most ``THUMBNAIL_SIZE``) of an uploaded photo, or None when
    Pillow cannot read it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue(), name="thumb.jpg")


@transaction.atomic
def photo_add(
    *, actor: Any, project: UpgradeProject, phase: str, caption: str, upload: UploadedFile
) -> UpgradePhoto:
    """Store a before or after photo of ``project`` (JPEG or PNG) with its thumbnail. Raises
    ``ValidationError`` for a refused upload or a file Pillow cannot read as an image."""
    if phase not in UpgradePhoto.Phase.values:
        raise ValidationError({"phase": [_("Say whether the photo is before or after.")]})
    name, content_type = checked_upload(upload, PHOTOS)
    thumbnail = _thumbnail(upload)
    if thumbnail is None:
        raise ValidationError({"file": [_("The file is not a readable photo.")]})
    return save_upload(
        UpgradePhoto,
        upload,
        name,
        content_type,
        actor=actor,
        project=project,
        phase=phase,
        caption=caption,
        thumbnail=thumbnail,
    )
