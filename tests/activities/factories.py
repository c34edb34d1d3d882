"""Builders for activities, staff, mass organizations and caring visits, through the services
(so test data passes the same checks and writes the same activity lines as real use)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from branchwork.activities import services
from tests.conftest import TEST_ACTOR


def make_activity(organization: Any, **data: Any) -> Any:
    """An activity of ``organization``: held yesterday, 2 hours, unless ``data`` says else."""
    fields = {
        "name": "道德讲堂",
        "kind": "study",
        "state": "held",
        "date": timezone.localdate() - dt.timedelta(days=1),
        "hours": Decimal("2"),
        **data,
    }
    return services.activity_save(actor=TEST_ACTOR, organization=organization, data=fields)


def make_staff(organization: Any, name: str = "蒲建华", **data: Any) -> Any:
    return services.staff_save(
        actor=TEST_ACTOR, organization=organization, data={"name": name, **data}
    )


def make_income(organization: Any, amount: str = "1000.00") -> Any:
    return services.fund_entry_add(
        actor=TEST_ACTOR,
        organization=organization,
        kind="income",
        date=timezone.localdate() - dt.timedelta(days=30),
        amount=Decimal(amount),
        description="工会划拨",
    )


def make_visit(organization: Any, money: str = "300.00", **data: Any) -> Any:
    fields = {
        "category": "hospitalized",
        "visited_name": "吴志高",
        "circumstances": "因心脏病住院治疗",
        "date": timezone.localdate() - dt.timedelta(days=2),
        "visitors": "张书记",
        "money": Decimal(money),
        **data,
    }
    return services.caring_visit_save(actor=TEST_ACTOR, organization=organization, data=fields)


def png_upload(name: str = "photo.png", size: tuple[int, int] = (1200, 800)) -> SimpleUploadedFile:
    """A real PNG photo of ``size`` pixels."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
