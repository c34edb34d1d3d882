"""The shape of one row of the access matrix (tests/test_access_matrix.py), shared with the
per-app tables in tests/access/<app>.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HIGHWAY = "tr-highway"


@dataclass
class Route:
    """How a route is reached (who may use it is in PAGE_ANSWERS / API_ANSWERS)."""

    kwargs: Callable[[], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    method: str = "get"
    data: Callable[[], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)  # query string
    multipart: bool = False  # API operations that take a file (form data, not JSON)
