"""The roster import's per-row costs stay out: a fixed number of queries whatever the number
of rows, one form reused for every row without one row's result leaking into the next, and
the shortcuts taken (party groups read once, the common mobile number, one pinyin conversion)
giving exactly what the long way gives."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypinyin import Style, lazy_pinyin

from branchwork.core.audit import system_actor
from branchwork.core.forms import PreloadedModelChoiceField
from branchwork.members import imports, services
from branchwork.members.forms import MemberForm, normalise_phone
from branchwork.members.models import Member
from branchwork.members.search import pinyin_keys
from branchwork.organizations.models import Organization
from tests.members.helpers import member_data, roster, roster_row

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def queries_to_read(rows: int) -> int:
    upload = roster([roster_row(i) for i in range(rows)])
    with CaptureQueriesContext(connection) as captured:
        result = imports.read_members(upload, highway())
    assert result.ok, result.errors[:3]
    return len(captured.captured_queries)


def test_reading_a_roster_runs_the_same_queries_for_3_rows_as_for_60():
    assert queries_to_read(60) == queries_to_read(3)


def test_saving_an_import_runs_no_query_per_row():
    actor = system_actor("test")

    def queries_to_save(count: int, offset: int) -> int:
        rows = imports.read_members(
            roster([roster_row(i) for i in range(offset, offset + count)]), highway()
        ).rows
        with CaptureQueriesContext(connection) as captured:
            saved = services.members_import(
                actor=actor, organization=highway(), rows=rows, source="t.xlsx"
            )
        assert saved == count
        return len(captured.captured_queries)

    # Batches of 500 on PostgreSQL, of about 30 rows on SQLite (999 parameters a statement):
    # 20 rows fit in one batch either way.
    assert queries_to_save(20, 0) == queries_to_save(2, 100)
    assert Member.objects.filter(name__startswith="导入").count() == 22


def test_one_form_for_every_row_gives_each_row_its_own_result():
    org = highway()
    form = MemberForm(organization=org, check_unique=False)
    good = member_data(serial=11)
    bad = member_data(serial=12, phone="12345")
    bad["gender"] = "female"  # the ID number says male
    assert form.validate_row(good)
    first = form.cleaned_data
    assert not form.validate_row(bad)
    assert set(form.errors) == {"gender", "phone"}
    assert form.validate_row(member_data(serial=13, party_group=""))
    assert form.errors == {}
    # The first row's cleaned data is its own, not overwritten by the later rows.
    assert first["id_number"] == good["id_number"] and first["phone"] == "13908569999"
    assert form.cleaned_data["id_number"] == member_data(serial=13)["id_number"]


def test_validate_row_is_only_for_adding_members():
    member = Member(pk=1, organization=highway())
    form = MemberForm(instance=member, organization=highway())
    with pytest.raises(ValueError):
        form.validate_row(member_data())


def test_party_groups_are_read_once_and_refused_as_before():
    org = highway()
    form = MemberForm(organization=org)
    field = form.fields["party_group"]
    assert isinstance(field, PreloadedModelChoiceField)
    group = Organization.objects.get(code="tr-highway-g1")
    with CaptureQueriesContext(connection) as captured:
        assert field.clean(str(group.pk)) == group
        assert field.clean(group.pk) == group
        assert field.clean(group) == group
        assert field.clean("") is None
    assert len(captured.captured_queries) == 1
    other = org  # an organization, but not one of its party groups
    for value in (other.pk, "x", "999999"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        assert refused.value.code == "invalid_choice"
    # A new queryset is read anew.
    field.queryset = Organization.objects.filter(pk=other.pk)
    assert field.clean(other.pk) == other


def _phone_the_long_way(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL).replace(
        " ", ""
    )


def test_phone_shortcut_agrees_with_phonenumbers():
    rng = random.Random(12)
    numbers = ["1" + "".join(rng.choice("0123456789") for _ in range(10)) for _ in range(3000)]
    numbers += ["13908569999", "19912345678", "14000000000", "0856-5221234", "+8613908569999"]
    for raw in numbers:
        expected = _phone_the_long_way(raw)
        if expected is None:
            with pytest.raises(forms.ValidationError):
                normalise_phone(raw)
        else:
            assert normalise_phone(raw) == expected, raw


def _keys_the_long_way(name: str) -> tuple[str, str]:
    full = "".join(s.lower() for s in lazy_pinyin(name) if s.strip())
    initials = "".join(
        s[0].lower() for s in lazy_pinyin(name, style=Style.FIRST_LETTER) if s.strip()
    )
    full = "".join(ch for ch in full if ch.isalnum())
    initials = "".join(ch for ch in initials if ch.isalnum())
    return full[:200], initials[:50]


def test_pinyin_keys_agree_with_the_first_letter_style():
    names = [
        "张伟",
        "欧阳娜娜",
        "单于长",
        "曾重行",
        "阿卜杜拉·买买提",
        "Tom 李",
        "李Tom",
        "吕绿",
        "ＡＢ王",
    ]
    rng = random.Random(3)
    chars = "张王李赵刘陈长重行乐单曾解朴区仇绿吕"
    names += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 4))) for _ in range(300)]
    for name in names:
        assert pinyin_keys(name) == _keys_the_long_way(name), name
