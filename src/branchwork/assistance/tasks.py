"""The assessment evidence pack (考核佐证材料), built as a background job with its progress
stored on the ``EvidencePack`` row (the page polls it with HTMX).

``enqueue_pack`` queues ``build_pack_task`` on Celery once the request's transaction commits:
with CELERY_BROKER_URL set a worker builds it; without one (the embedded default) Celery runs
it at once, eagerly.

The zip holds: the ledger and the visits as Excel, a .docx summary (totals by type and source,
each village's help, the responsibility-letter indicators against their targets), every
document attached to the rows, and MANIFEST.csv (file, bytes, SHA-256, what it is).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from decimal import Decimal

from celery import shared_task
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from branchwork.assistance import exports, rules, selectors
from branchwork.assistance.models import EvidencePack, LedgerEntry, Visit
from branchwork.core.audit import record, system_actor
from branchwork.core.roles import Action
from branchwork.core.scoping import can
from branchwork.core.word import document_bytes, long_date, new_document, paragraph_text

PACK_ACTOR = system_actor("task: assistance evidence pack")


@shared_task(name="branchwork.assistance.build_pack")
def build_pack_task(pk: int) -> int:
    """The Celery task around ``build_pack``; returns the pack's id."""
    return build_pack(pk).pk


def enqueue_pack(pk: int) -> None:
    """Queue the building of pack ``pk`` on Celery (eager without a broker; see the module).
    Call it after the pack's row is committed (``transaction.on_commit``)."""
    build_pack_task.delay(pk)


def _progress(pack: EvidencePack, progress: int, step: str, state: str | None = None) -> None:
    # Progress is bookkeeping of the job, not a change to audit: one UPDATE per step.
    pack.progress, pack.step = progress, step
    fields = {"progress": progress, "step": step[:120]}
    if state:
        pack.state = fields["state"] = state  # type: ignore[assignment]
    EvidencePack.objects.filter(pk=pack.pk).update(**fields)


def build_pack(pk: int) -> EvidencePack:
    """Build the evidence pack ``pk``: its files, zipped with a manifest, stored on the row;
    progress after each part. A failure leaves the pack "failed" with the reason."""
    pack = EvidencePack.objects.select_related(
        "county__county", "organization", "requested_by"
    ).get(pk=pk)
    with translation.override(pack.language):
        try:
            content = _build(pack)
        except Exception as exc:  # the job reports any failure on its row, then re-raises
            _progress(pack, pack.progress, str(exc)[:120], EvidencePack.State.FAILED)
            raise
        name = f"evidence-{pack.county.county.code}-{pack.year}.zip"
        pack.file.save(name, ContentFile(content), save=False)
        pack.state, pack.progress, pack.step = EvidencePack.State.DONE, 100, _("Ready")
        pack.finished_at = timezone.now()
        pack.save(update_fields=["file", "state", "progress", "step", "finished_at"])
        record(
            actor=PACK_ACTOR,
            kind="export",
            obj=pack,
            note=f"evidence pack {pack.county.county.name} {pack.year}: {len(content)} bytes",
        )
    return pack


def _build(pack: EvidencePack) -> bytes:
    county, year = pack.county, pack.year
    personal = pack.requested_by is not None and can(
        pack.requested_by, Action.ASSISTANCE_MANAGE, pack.organization
    )
    files: list[tuple[str, bytes, str]] = []
    _progress(pack, 10, _("Ledger"), EvidencePack.State.RUNNING)
    entries = list(
        LedgerEntry.objects.filter(county=county, date__year=year)
        .select_related(
            "county__county", "village__village", "household__village__village", "road_project"
        )
        .prefetch_related("documents")
        .order_by("date", "id")
    )
    files.append(("ledger.xlsx", exports.ledger_workbook(entries, personal), _("Ledger")))
    _progress(pack, 30, _("Visits"))
    visits = list(
        Visit.objects.filter(pairing__household__village__designation=county, date__year=year)
        .select_related("pairing__member", "pairing__household__village__village")
        .prefetch_related("photos")
        .order_by("date", "id")
    )
    files.append(("visits.xlsx", exports.visits_workbook(visits, personal), _("Household visits")))
    _progress(pack, 50, _("Summary"))
    files.append(("summary.docx", _summary(pack, entries), _("Summary")))
    _progress(pack, 70, _("Documents"))
    for entry in entries:
        for document in entry.documents.all():
            with document.file.open("rb") as handle:
                data = handle.read()
            files.append(
                (
                    f"documents/{entry.pk}-{document.pk}-{document.name}",
                    data,
                    _("Document of ledger row %(n)s") % {"n": entry.pk},
                )
            )
    _progress(pack, 90, _("Zip"))
    out = io.BytesIO()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(["file", "bytes", "sha256", "description"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data, description in files:
            archive.writestr(name, data)
            writer.writerow([name, len(data), hashlib.sha256(data).hexdigest(), description])
        archive.writestr("MANIFEST.csv", "\ufeff" + manifest.getvalue())
    return out.getvalue()


def _summary(pack: EvidencePack, entries: list[LedgerEntry]) -> bytes:
    county, year = pack.county, pack.year
    document = new_document(pack.language)
    document.add_heading(
        paragraph_text(
            _("Assistance to %(county)s in %(year)s: evidence summary")
            % {"county": county.county.name, "year": year}
        ),
        level=0,
    )
    document.add_paragraph(
        paragraph_text(
            _("%(org)s, %(date)s.")
            % {
                "org": pack.organization.name,
                "date": long_date(timezone.localdate(), pack.language),
            }
        )
    )
    totals = selectors.totals_of(entries)
    document.add_heading(_("Totals by type and source"), level=1)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Type"), _("Amount (yuan)")
    for value, label in rules.Kind.choices:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), f"{totals.by_kind.get(value, Decimal(0)):,.2f}"
    for value, label in rules.Source.choices:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = str(label), f"{totals.by_source.get(value, Decimal(0)):,.2f}"
    cells = table.add_row().cells
    cells[0].text, cells[1].text = _("Total"), f"{totals.total:,.2f}"
    document.add_heading(_("Each village's help"), level=1)
    by_village: dict[str, Decimal] = {}
    for grouped in (
        LedgerEntry.objects.filter(county=county, date__year=year)
        .order_by()
        .values("village__village__name")
        .annotate(amount=Sum("amount"))
    ):
        by_village[grouped["village__village__name"] or county.county.name] = grouped["amount"]
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = _("Village"), _("Amount (yuan)")
    for name, amount in sorted(by_village.items()):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, f"{amount:,.2f}"
    document.add_heading(_("Responsibility-letter indicators"), level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    headers = [_("Indicator"), _("Target"), _("Actual reported"), _("From the ledger"), _("Status")]
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(header)
    for row in selectors.indicator_rows(user=PACK_ACTOR, county=county, year=year):
        cells = table.add_row().cells
        target = row.target
        cells[0].text = row.label
        cells[1].text = f"{target.target:,.2f}" if target else "—"
        cells[2].text = f"{target.actual:,.2f}" if target and target.actual is not None else "—"
        cells[3].text = f"{row.ledger:,.2f}" if row.ledger is not None else "—"
        cells[4].text = target.get_status_display() if target else _("No target")
    demo = sum(1 for e in entries if e.is_demo)
    if demo:
        document.add_paragraph(
            paragraph_text(
                _(
                    "%(n)s rows are demo figures: the source gives only the year's total, "
                    "which they add up to."
                )
                % {"n": demo}
            )
        )
    return document_bytes(document)
