"""Builders for honors, through the service."""

from __future__ import annotations

from typing import Any

from branchwork.honors import services
from tests.conftest import TEST_ACTOR


def make_honor(organization: Any, **data: Any) -> Any:
    """An honor to ``organization`` itself, municipal, 2019, unless ``data`` says else."""
    fields = {
        "title": "先进基层党组织",
        "level": "municipal",
        "awarding_body": "中共测试市委",
        "recipient": "organization",
        "year": 2019,
        **data,
    }
    return services.honor_save(actor=TEST_ACTOR, organization=organization, data=fields)
