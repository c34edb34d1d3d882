"""Every Excel export writes choices as their labels in the export's language: in a zh-hans
export no cell holds a stored choice code (male, bachelor, full, normal, asphalt…) or the
English label of a choice. Each list is exported from the demo data in zh-hans and every cell
of every sheet is checked against the choice fields of the models it writes."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.db.models import Model
from django.utils import translation
from openpyxl import load_workbook

from branchwork.assistance import exports as assistance_exports
from branchwork.assistance.models import LedgerEntry
from branchwork.core.excel import field_value
from branchwork.development import exports as development_exports
from branchwork.development.models import Person
from branchwork.dues import exports as dues_exports
from branchwork.dues.models import Payment
from branchwork.maintenance import exports as maintenance_exports
from branchwork.maintenance.models import Route, Survey, SurveyUnit
from branchwork.meetings import exports as meeting_exports
from branchwork.meetings.models import Meeting
from branchwork.members import exports as member_exports
from branchwork.members.models import Member
from branchwork.organizations.models import Organization
from branchwork.roads import exports as road_exports
from branchwork.roads.models import RoadProject
from branchwork.study import exports as study_exports
from branchwork.study.models import StudyRecord

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def forbidden_words(*models: type[Model]) -> set[str]:
    """The stored codes of every choice field of ``models``, and their English labels where
    the Chinese label differs."""
    words: set[str] = set()
    for model in models:
        for field in model._meta.get_fields():
            choices = getattr(field, "flatchoices", None)
            if not choices:
                continue
            for code, label in choices:
                if code in (None, ""):
                    continue
                with translation.override("zh-hans"):
                    chinese = str(label)
                with translation.override("en"):
                    english = str(label)
                if str(code) != chinese:
                    words.add(str(code))
                if english != chinese:
                    words.add(english)
    return words


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def _members() -> bytes:
    members = list(Member.objects.select_related("party_group").order_by("pk"))
    return member_exports.export_workbook(members, full_personal_data=False)


def _meetings() -> bytes:
    return meeting_exports.year_workbook(list(Meeting.objects.order_by("date")), [], 2017)


def _payments() -> bytes:
    return dues_exports.payments_workbook(highway(), list(Payment.objects.order_by("pk")))


def _projects() -> bytes:
    return road_exports.projects_workbook(RoadProject.objects.all())


def _survey() -> bytes:
    survey = Survey.objects.order_by("pk").first()
    assert survey is not None
    return maintenance_exports.survey_results(
        survey, list(survey.units.select_related("route").order_by("pk"))
    )


def _register() -> bytes:
    return development_exports.register_workbook(list(Person.objects.order_by("pk")), full=False)


def _assistance() -> bytes:
    return assistance_exports.ledger_workbook(list(LedgerEntry.objects.order_by("pk")), False)


def _study() -> bytes:
    return study_exports.ledger_workbook(list(StudyRecord.objects.order_by("pk")), [], 2017)


EXPORTS: list[tuple[str, Callable[[], bytes], tuple[type[Model], ...]]] = [
    ("members", _members, (Member,)),
    ("meetings", _meetings, (Meeting,)),
    ("dues payments", _payments, (Payment,)),
    ("road projects", _projects, (RoadProject,)),
    ("survey results", _survey, (SurveyUnit, Route)),
    ("development register", _register, (Person,)),
    ("assistance ledger", _assistance, (LedgerEntry,)),
    ("study ledger", _study, (StudyRecord,)),
]


@pytest.mark.parametrize(("name", "export", "models"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_a_chinese_export_has_no_choice_code_and_no_english_label(name, export, models):
    forbidden = forbidden_words(*models)
    with translation.override("zh-hans"):
        content = export()
    book = load_workbook(io.BytesIO(content))
    found = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.strip() in forbidden
    ]
    assert found == [], f"{name}: raw codes or English labels in a zh-hans export"


def test_the_member_export_writes_chinese_labels_and_english_ones_in_english():
    member = Member.objects.filter(education="bachelor", gender="female").first()
    assert member is not None
    with translation.override("zh-hans"):
        chinese = load_workbook(
            io.BytesIO(member_exports.export_workbook([member], full_personal_data=False))
        )
    with translation.override("en"):
        english = load_workbook(
            io.BytesIO(member_exports.export_workbook([member], full_personal_data=False))
        )
    zh_row = [c.value for c in chinese.active[2]]
    en_row = [c.value for c in english.active[2]]
    assert "女" in zh_row and "大学本科" in zh_row
    assert "Female" in en_row and "Bachelor's degree" in en_row
    assert "female" not in en_row and "bachelor" not in en_row


def test_field_value_gives_labels_related_text_and_plain_values():
    member = Member(gender="male", education="", name="张三", category="full")
    with translation.override("zh-hans"):
        assert field_value(member, "gender") == "男"
        assert field_value(member, "category") == "正式党员"
    assert field_value(member, "education") == ""
    assert field_value(member, "name") == "张三"
    member.organization = highway()
    assert field_value(member, "organization") == str(highway())
