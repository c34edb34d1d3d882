"""The branch's rules library as data and pure functions: which meetings adopt a rule, how a
version moves from draft to adopted to superseded, the acknowledgment rate, keeping rich text
safe, and the differences between two versions. No database access here.

Sources:
- 《中国共产党支部工作条例（试行）》(2018) Art. 11-12: the branch general meeting discusses and
  decides the branch's important matters; the branch committee meeting carries out the
  general meeting's decisions and studies the branch's work. A branch rule (制度) is therefore
  adopted by a held branch general meeting or branch committee meeting of the organization that
  keeps it (spec party-rules.md §6.3: "the committee adopts through a recorded meeting").
- Spec party-rules.md §6.3: versioned documents with an effective date, the issuing body and
  the regulation each rule is based on; typical branch rules (换届选举, 请示报告, 党籍管理 …).
- The acknowledgment rate (members who confirmed reading each newly adopted version) is this
  system's own measure for the standardization checklist's "system implementation" item
  (§6.2 "制度" of the 五个标准化); no official formula exists, so it is a plain share.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import nh3
from django.db import models
from django.utils.translation import gettext_lazy as _

# The meeting kinds that may adopt a branch rule (支部条例 Art. 11-12), see the module docstring.
ADOPTING_KINDS = frozenset({"general_meeting", "committee_meeting"})
ADOPTION_SOURCE = _("支部条例 Art. 11-12")


class Category(models.TextChoices):
    PARTY_BUILDING = "party_building", _("Party building")
    UNIT_MANAGEMENT = "unit_management", _("Unit management")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


# Allowed moves of one version: a draft is adopted (by a meeting); an adopted version is
# superseded when a later version of the same rule is adopted. Nothing else moves.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.ADOPTED}),
    State.ADOPTED: frozenset({State.SUPERSEDED}),
    State.SUPERSEDED: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    """May a version in state ``current`` move to ``target`` (``TRANSITIONS``)?"""
    return target in TRANSITIONS.get(current, frozenset())


def meeting_may_adopt(*, kind: str, also_counts_as: str, state: str) -> bool:
    """Is a meeting of this kind and state one that can adopt a rule: held, and a branch
    general meeting or committee meeting (also when it only counts as one)?"""
    return state == "held" and bool({kind, also_counts_as} & ADOPTING_KINDS)


# --- Acknowledgment rate --------------------------------------------------------------------


@dataclass(frozen=True)
class AckRate:
    """The acknowledgment figures of a year: versions adopted that year, (version, member)
    pairs due, pairs done, and done/due as a percentage with one decimal (None with none due)."""

    adopted_versions: int
    due: int
    done: int

    @property
    def rate(self) -> Decimal | None:
        return ack_rate(self.due, self.done)


def ack_rate(due: int, done: int) -> Decimal | None:
    """``done`` of ``due`` as a percentage rounded half up to one decimal; None when nothing is
    due (no rule adopted is not 0 %). Raises ``ValueError`` for negative counts or done > due."""
    if due < 0 or done < 0 or done > due:
        raise ValueError(f"acknowledgments done ({done}) must lie between 0 and due ({due})")
    if due == 0:
        return None
    return (Decimal(done) * 100 / Decimal(due)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Rich text kept safe --------------------------------------------------------------------

# What a rule's text may contain: paragraphs, headings, emphasis, lists, simple tables. No
# attributes at all (no links, styles or event handlers): a rule is read, not clicked.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "ol",
        "ul",
        "li",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_BLOCK_END = re.compile(
    r"(?i)</?(p|h[1-6]|li|blockquote|tr|table|thead|tbody|ol|ul)\b[^>]*>|<br\s*/?>"
)


def sanitize_html(text: str) -> str:
    """The rule's text as safe HTML (nh3, the Ammonia sanitizer): only ``ALLOWED_TAGS``, no
    attributes, scripts and styles dropped with their content. Plain text (no tags) becomes
    one paragraph per non-empty line, escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        return "".join(
            f"<p>{html.escape(line.strip())}</p>" for line in text.split("\n") if line.strip()
        )
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        attributes={},
        clean_content_tags={"script", "style"},
        link_rel=None,
    ).strip()


def html_to_plain(safe_html: str) -> str:
    """The text of sanitized HTML, one line per paragraph, list item or table row (for search,
    the differences between versions and the Word booklet)."""
    marked = _BLOCK_END.sub("\n", safe_html)
    stripped = nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"})
    lines = (html.unescape(line).strip() for line in stripped.split("\n"))
    return "\n".join(line for line in lines if line)


_PLAIN_PARAGRAPHS = re.compile(r"(<p>[^<]*</p>)*")


def editable_text(safe_html: str) -> str:
    """The text to put back in the editing box: plain lines when the text is nothing but plain
    paragraphs (as typed), else the sanitized HTML itself (so its formatting survives a save)."""
    if _PLAIN_PARAGRAPHS.fullmatch(safe_html):
        return html_to_plain(safe_html)
    return safe_html


# --- Differences between versions ----------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    """One line of the differences: ``kind`` is "same", "added" or "removed"; ``parts`` are
    (changed, text) pieces, so a changed paragraph marks the characters that changed."""

    kind: str
    parts: tuple[tuple[bool, str], ...]

    @property
    def text(self) -> str:
        return "".join(text for _changed, text in self.parts)


def _char_parts(
    a: str, b: str
) -> tuple[tuple[tuple[bool, str], ...], tuple[tuple[bool, str], ...]]:
    """The pieces of ``a`` and ``b`` with what differs marked: Chinese has no spaces between
    words, so a changed paragraph is compared character by character."""
    old: list[tuple[bool, str]] = []
    new: list[tuple[bool, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old.append((op != "equal", a[i1:i2]))
        if j2 > j1:
            new.append((op != "equal", b[j1:j2]))
    return tuple(old), tuple(new)


def diff_lines(old: str, new: str) -> list[DiffLine]:
    """The differences from ``old`` to ``new`` (plain text, one paragraph per line), paragraph
    by paragraph (difflib); a replaced paragraph shows as removed then added with the changed
    characters marked. ``old`` empty (a first version): every line is added."""
    a = [line for line in old.split("\n") if line]
    b = [line for line in new.split("\n") if line]
    out: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(DiffLine("same", ((False, line),)) for line in a[i1:i2])
            continue
        removed, added = a[i1:i2], b[j1:j2]
        if op == "replace" and len(removed) == len(added):
            for x, y in zip(removed, added, strict=True):
                old_parts, new_parts = _char_parts(x, y)
                out.append(DiffLine("removed", old_parts))
                out.append(DiffLine("added", new_parts))
            continue
        out.extend(DiffLine("removed", ((True, line),)) for line in removed)
        out.extend(DiffLine("added", ((True, line),)) for line in added)
    return out


def diff_counts(lines: list[DiffLine]) -> tuple[int, int]:
    """(paragraphs added, paragraphs removed) in ``diff_lines`` output."""
    return (
        sum(1 for line in lines if line.kind == "added"),
        sum(1 for line in lines if line.kind == "removed"),
    )
