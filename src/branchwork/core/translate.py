"""Text stored in one language, shown in the reader's: activity notes and status reasons.

Services write an activity line's note with ``gettext`` in the language of whoever made the
change ("Transferred to 市交通局党支部 (letter —). Dues paid up to 2026-09."), and commands
and the demo write in English. ``translate_text`` turns such a stored sentence into the
reader's language at display, from the translation catalogs themselves: an exact message is
looked up, and a message with parameters (``%(to)s``) is recognised by matching the stored
text against the catalog's messages, the parameters carried over (and translated in turn when
they are messages themselves, such as a status). Notes of several sentences are translated
sentence by sentence. Text that matches no message (a reason typed by a person, a name) is
shown as it was stored, so no entry loses its meaning; nothing stored is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import trans_real

# A named placeholder of a Python %-format message: %(name)s, %(n)d, %(amount).2f …
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[sdifr]")
# Sentence ends, English or Chinese, where a note of several sentences is cut.
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|(?<=[。；！？])\s*")
# A message needs this many fixed characters besides its placeholders to be recognised
# (a bare "%(name)s: %(value)s" would match any text).
MIN_LITERAL = 4
# … and its fixed text must be at least this share of the text matched, so that a short
# message ("Dues %(year)s") is not read into a longer sentence it does not say.
MIN_LITERAL_SHARE = 0.3
SOURCE = "en"  # the language of the msgids


@dataclass(frozen=True)
class _Template:
    pattern: re.Pattern[str]
    target: str  # the same message in the other language, with the same placeholders
    literal: int  # fixed characters: the more, the more specific
    sentences: int  # a message of one sentence is not matched across a sentence's end
    plural: str = ""  # into English: the plural form, chosen when a number is not 1


def _pattern(message: str) -> tuple[re.Pattern[str], int] | None:
    """A regular expression that matches ``message`` with any text for its placeholders."""
    parts, names, literal, last = [], set(), 0, 0
    for match in PLACEHOLDER.finditer(message):
        fixed = message[last : match.start()]
        literal += len(fixed.strip())
        parts.append(re.escape(fixed))
        name = match.group(1)
        # A name used twice must hold the same text the second time.
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
        last = match.end()
    fixed = message[last:]
    literal += len(fixed.strip())
    parts.append(re.escape(fixed))
    if not names or literal < MIN_LITERAL or "%" in PLACEHOLDER.sub("", message).replace("%%", ""):
        return None
    return re.compile("".join(parts).replace("%%", "%"), re.S), literal


@lru_cache(maxsize=8)
def _tables(source: str, target: str) -> tuple[dict[str, str], list[_Template]]:
    """({message in ``source``: the same in ``target``}, [templates with parameters]) from
    the catalogs; one of the two languages is always the msgid language (English)."""
    foreign = target if source == SOURCE else source
    catalog = trans_real.translation(foreign)._catalog  # type: ignore[attr-defined]
    exact: dict[str, str] = {}
    templates: list[_Template] = []
    for key, value in catalog.items():
        if not isinstance(key, str) or "\x04" in key or not key or not value or key == value:
            continue  # plural forms, messages with a context, the catalog header
        original, translated = (key, value) if source == SOURCE else (value, key)
        if PLACEHOLDER.search(original):
            compiled = _pattern(original)
            if compiled is not None:
                templates.append(
                    _Template(compiled[0], translated, compiled[1], _sentences(original))
                )
        else:
            exact.setdefault(original, translated)
    for singular, plural, translated_form in _plurals(foreign):
        if source == SOURCE:
            for english in (singular, plural):
                compiled = _pattern(english)
                if compiled is not None:
                    templates.append(
                        _Template(compiled[0], translated_form, compiled[1], _sentences(english))
                    )
        else:
            compiled = _pattern(translated_form)
            if compiled is not None:
                templates.append(
                    _Template(
                        compiled[0], singular, compiled[1], _sentences(translated_form), plural
                    )
                )
    templates.sort(key=lambda t: -t.literal)
    return exact, templates


def _plurals(language: str) -> list[tuple[str, str, str]]:
    """(singular, plural, translation) of our catalog's messages with a plural form (the
    compiled catalog keeps only the singular msgid: "%(n)d groups connected" is read here)."""
    import polib

    folder = "zh_Hans" if language.startswith("zh") else "en"
    path = Path(__file__).resolve().parents[1] / "locale" / folder / "LC_MESSAGES" / "django.po"
    if not path.exists():
        return []
    found = []
    for entry in polib.pofile(str(path)):
        if entry.msgid_plural and not entry.msgctxt and not entry.obsolete:
            form = entry.msgstr_plural.get(0) or ""
            if form and not entry.fuzzy:
                found.append((entry.msgid, entry.msgid_plural, form))
    return found


def _sentences(text: str) -> int:
    return len([p for p in SENTENCE_END.split(text.strip()) if p])


def _other(target: str) -> str:
    """The language stored text is translated from: the one that is not ``target`` (text
    already in ``target`` matches none of the other language's messages and stays as is).
    Which language a text is in cannot be told by its characters: an English note names
    Chinese organizations and people."""
    return "zh-hans" if target == SOURCE else SOURCE


def _one(text: str, source: str, target: str, depth: int) -> str | None:
    """``text`` (one message) in ``target``, or None when no message matches it."""
    exact, templates = _tables(source, target)
    stripped = text.strip()
    if stripped in exact:
        return exact[stripped]
    sentences = _sentences(stripped)
    for template in templates:
        if template.sentences != sentences or template.literal < MIN_LITERAL_SHARE * len(stripped):
            continue
        match = template.pattern.fullmatch(stripped)
        if match is None:
            continue
        values = {
            name: (_param(value, target, depth) if depth < 2 else value)
            for name, value in match.groupdict().items()
        }
        wording = template.target
        if template.plural and any(v.isdigit() and int(v) != 1 for v in values.values()):
            wording = template.plural
        try:
            return PLACEHOLDER.sub(lambda m: "%(" + m.group(1) + ")s", wording) % values
        except (KeyError, ValueError, TypeError):
            continue
    return None


def _param(value: str, target: str, depth: int) -> str:
    """A parameter in ``target`` when it is itself a message (a status, a kind), else as is."""
    return _one(value, _other(target), target, depth + 1) or value


def translate_text(text: str, language: str | None = None) -> str:
    """``text`` as stored (in English or Chinese) in ``language`` (default: the active
    language), message by message from the catalogs; unchanged when it already is in that
    language or matches no message. See the module's docstring."""
    if not text:
        return text
    target = (language or translation.get_language() or SOURCE).lower()
    target = "zh-hans" if target.startswith("zh") else SOURCE
    source = _other(target)
    whole = _one(text, source, target, 0)
    if whole is not None:
        return whole
    pieces = [p for p in SENTENCE_END.split(text.strip()) if p]
    if len(pieces) < 2:
        return text
    translated = [_one(p, source, target, 0) for p in pieces]
    if all(t is None for t in translated):
        return text
    joiner = "" if target != SOURCE else " "
    return joiner.join(t if t is not None else p for t, p in zip(translated, pieces, strict=True))
