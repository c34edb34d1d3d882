from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from branchwork.core.roles import Action
from branchwork.core.scoping import require
from branchwork.roads import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# As reported in the article (shared/seed): Tongren ranked 3rd in Guizhou by construction
# scale and progress of the 组组通 program. Other prefectures' ranks are not in the source.
PROVINCE_RANKING = [(3, "铜仁市", 12103, 5982)]


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ROADS_VIEW)
    total, counties = selectors.dashboard(request.user)
    if request.GET.get("format") == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = "组组通"
        sheet.append(
            [
                _("Rank"),
                _("County"),
                _("Km built"),
                _("Km planned"),
                _("Eligible groups"),
                _("Groups connected"),
                _("Connection rate (%)"),
                _("Households"),
                _("Registered-poor people"),
                _("Investment per km (10,000 yuan)"),
            ]
        )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for rank, row in enumerate(counties, start=1):
            sheet.append(
                [
                    rank,
                    row.county.name,
                    row.km_done,
                    row.km_planned,
                    row.eligible,
                    row.connected,
                    row.connected_rate,
                    row.households,
                    row.poor_people,
                    row.investment_per_km,
                ]
            )
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="group-roads.xlsx"'
        return response
    return render(
        request,
        "roads/dashboard.html",
        {"total": total, "counties": counties, "province_ranking": PROVINCE_RANKING},
    )
