"""Per-app rows of the access matrix. A module here defines any of PAGE_ROUTES, PAGE_ANSWERS,
API_ROUTES, API_ANSWERS (the same shapes as in tests/test_access_matrix.py) and PUBLIC_PAGES;
list it in APP_TABLES and tests/test_access_matrix.py merges it in."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

APP_TABLES: list[ModuleType] = [
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    if info.name != "routes"
]
