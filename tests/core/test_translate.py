"""Activity notes in the reader's language (issue 11 §4): notes are stored in the language of
whoever wrote them (commands and the demo: English) and shown, message by message from the
catalogs, in the reader's; typed text keeps its meaning (shown as stored)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branchwork.core import audit
from branchwork.core.translate import translate_text

TRANSFER = "Transferred to %(to)s (letter %(letter)s)."
PARAMS = {"to": "中共铜仁市交通运输局机关支部委员会", "letter": "铜直工字〔2026〕12号"}


def written_in(language: str, message: str, **params) -> str:
    with translation.override(language):
        return _(message) % params if params else _(message)


def test_a_message_with_parameters_is_shown_in_the_readers_language():
    english = written_in("en", TRANSFER, **PARAMS)
    chinese = written_in("zh-hans", TRANSFER, **PARAMS)
    assert english != chinese  # the catalog translates it
    assert translate_text(english, "zh-hans") == chinese
    assert translate_text(chinese, "en") == english  # and back, for a note a Chinese user wrote
    assert translate_text(english, "en") == english
    assert translate_text(chinese, "zh-hans") == chinese


def test_exact_messages_and_notes_of_several_sentences():
    saved = written_in("en", "Project saved.")
    assert translate_text(saved, "zh-hans") == written_in("zh-hans", "Project saved.")
    two = f"{written_in('en', TRANSFER, **PARAMS)} {saved}"
    assert translate_text(two, "zh-hans") == (
        written_in("zh-hans", TRANSFER, **PARAMS) + written_in("zh-hans", "Project saved.")
    )


def test_plural_messages_take_the_right_form_both_ways():
    singular, plural = (
        "%(n)d group connected to the project.",
        "%(n)d groups connected to the project.",
    )
    for n in (1, 2):
        with translation.override("en"):
            english = ngettext(singular, plural, n) % {"n": n}
        with translation.override("zh-hans"):
            chinese = ngettext(singular, plural, n) % {"n": n}
        assert translate_text(english, "zh-hans") == chinese
        assert translate_text(chinese, "en") == english


@pytest.mark.parametrize(
    "typed",
    [
        "张三 asked for leave twice",  # typed by a person: no message says it
        "Dues 2026 paid in cash at the branch office by the member himself",
        "",
    ],
)
def test_typed_text_is_shown_as_stored(typed):
    assert translate_text(typed, "zh-hans") == typed


@pytest.mark.django_db
def test_the_activity_page_shows_an_english_note_in_chinese(persona_tree):
    note = written_in("en", TRANSFER, **PARAMS)
    audit.record(
        actor=audit.system_actor("demo"),
        kind="update",
        model="members.member",
        object_id="1",
        object_repr="冯雪",
        org_path=persona_tree.branch.path,
        note=note,
    )
    client = persona_tree.client("admin")
    chinese = client.get("/activity/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert written_in("zh-hans", TRANSFER, **PARAMS) in chinese.text
    assert note not in chinese.text
    english = client.get("/activity/", HTTP_ACCEPT_LANGUAGE="en")
    assert note in english.text
