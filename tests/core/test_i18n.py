import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.LOCALE_PATHS[0])


def test_catalogs_compile_and_chinese_is_complete():
    call_command("compile_catalogs", "--check")
    catalog = polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
    assert catalog.percent_translated() == 100
    assert not catalog.fuzzy_entries()


def test_english_and_chinese_catalogs_hold_the_same_messages():
    zh = {e.msgid for e in polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))}
    en = {e.msgid for e in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))}
    assert zh == en


def test_catalogs_are_up_to_date_with_the_source(tmp_path):
    """makemessages on a copy of the source finds no message the catalog lacks."""
    import os

    if not shutil.which("xgettext"):
        if os.environ.get("CI") == "true":
            pytest.fail("xgettext (GNU gettext) is needed in CI to check the catalogs")
        pytest.skip("xgettext not installed")
    source = Path(settings.PACKAGE_DIR)
    copy = tmp_path / "branchwork"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "branchwork", "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    committed = {
        e.msgid for e in polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po")) if e.msgstr
    } | {
        e.msgid
        for e in polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
        if e.msgstr_plural
    }
    missing = sorted(fresh - committed)
    assert not missing, f"Run `make catalogs` and translate: {missing}"


def test_the_browser_language_picks_chinese(persona_tree):
    text = persona_tree.client("secretary").get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").text
    assert '<html lang="zh-hans">' in text
    assert "党小组" in text and "首页" in text


def test_the_switcher_sets_the_language(persona_tree):
    client = persona_tree.client("secretary")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "委员会" in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Committee" in client.get("/").text


def test_error_pages_are_friendly(persona_tree):
    response = persona_tree.client("member").get("/orgs/pt-branch/edit/")
    assert response.status_code == 403
    assert "Your role does not allow this" in response.text
    response = persona_tree.client("member").get("/orgs/no-such/")
    assert response.status_code == 404 and "Page not found" in response.text
