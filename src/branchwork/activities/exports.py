"""Excel exports: an activity's participant list (sign-up and check-in sheet)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from branchwork.activities import rules
from branchwork.activities.models import Activity, Participant
from branchwork.core.excel import append_row, bold_header, workbook_bytes


def participants_workbook(activity: Activity, participants: list[Participant]) -> bytes:
    """The participant list of ``activity``: name, party member or staff, department, signed up,
    checked in and credited hours; a header block names the activity."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Participants")[:31]
    append_row(
        sheet,
        [
            _("Name"),
            _("Party member"),
            _("Department"),
            _("Signed up at"),
            _("Checked in at"),
            _("Hours"),
        ],
    )
    bold_header(sheet)
    for p in participants:
        person = p.member or p.staff
        department = p.member.post if p.member else p.staff.department  # type: ignore[union-attr]
        append_row(
            sheet,
            [
                str(person),
                _("yes") if p.is_member else _("no"),
                department,
                _local(p.signed_up_at),
                _local(p.checked_in_at),
                float(rules.credited_hours(activity.hours, p.hours, p.checked_in_at is not None)),
            ],
        )
    info = book.create_sheet(_("Activity")[:31])
    for label, value in [
        (_("Activity"), activity.name),
        (_("Organized by"), activity.organizer_name),
        (_("Date"), activity.date.isoformat()),
        (_("Place"), activity.place),
        (_("Hours"), float(activity.hours)),
        (_("Counts as study"), _("yes") if activity.counts_as_study else _("no")),
        (_("Signed up"), len(participants)),
        (_("Checked in"), sum(1 for p in participants if p.checked_in_at)),
    ]:
        append_row(info, [label, value])
    return workbook_bytes(book)


def _local(value: object) -> str:
    if value is None:
        return ""
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"  # type: ignore[arg-type]
