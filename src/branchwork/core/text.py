"""Free text as it is stored and written out: without the control characters that text
pasted from Word or a PDF carries (U+000B vertical tab, U+0007 bell, NUL…), which XML-based
files (.docx, .xlsx), iCalendar and PostgreSQL cannot hold."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold (tab, line feed and carriage return are kept), the
# non-characters U+FFFE/U+FFFF, and lone UTF-16 surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_control(value: str) -> str:
    """``value`` without characters that XML, iCalendar and PostgreSQL text cannot hold.

    A vertical tab (U+000B, Word's manual line break) becomes a line feed, so the line break
    the writer meant is kept; every other such character is dropped.
    """
    if not _ILLEGAL.search(value):
        return value
    return _ILLEGAL.sub("", value.replace("\x0b", "\n"))


def has_control(value: str) -> bool:
    """Does ``value`` hold a character ``strip_control`` would drop?"""
    return _ILLEGAL.search(value) is not None
