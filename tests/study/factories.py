"""Study test data, made through study.services (same validation and activity lines as real
use)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.conftest import TEST_ACTOR


def study_record(member: Any, *, hours: str | int = 2, date: dt.date | None = None, **data: Any):
    """A study record of ``member`` (self-study, 2 hours, on 2026-03-15 unless told)."""
    from branchwork.study.services import record_save

    values = {
        "date": date or dt.date(2026, 3, 15),
        "topic": "学习党章",
        "form": "self_study",
        "hours": Decimal(str(hours)),
        **data,
    }
    if values["form"] == "centralised":
        values.setdefault("organizer", "测试机关工委")
    return record_save(actor=TEST_ACTOR, member=member, data=values)


def material(organization: Any, *, title: str = "中国共产党章程", topic: str = "党章党规"):
    """A link in ``organization``'s materials library."""
    from branchwork.study.services import material_add

    return material_add(
        actor=TEST_ACTOR,
        organization=organization,
        topic=topic,
        title=title,
        url="https://www.12371.cn/special/zggcdzc/",
    )
