"""Checklists, rounds, scoring, sign-off and corrections through the services and the pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branchwork.core.models import AuditEvent
from branchwork.standards import rules, selectors, services
from branchwork.standards.models import ChecklistItem, Score
from branchwork.standards.rules import Result, Side, Verification
from tests.conftest import TEST_ACTOR
from tests.standards.factories import default_template, items_of, open_round, score_all

D = Decimal
LAST_YEAR = dt.date.today().year - 1
ITEMS = sum(len(c.items) for c in rules.DEFAULT_TEMPLATE)


def test_the_default_checklist_is_installed_unverified_with_its_items(persona_tree):
    template = default_template(persona_tree.orgs["organs"])
    assert template.verification == Verification.UNVERIFIED
    assert template.version == 1
    assert ChecklistItem.objects.filter(category__template=template).count() == ITEMS
    again = default_template(persona_tree.orgs["organs"])
    assert again.version == 2


def test_a_branch_cannot_own_a_checklist(persona_tree):
    with pytest.raises(ValidationError):
        default_template(persona_tree.branch)


def test_a_copy_is_the_next_version_and_keeps_the_verification_status(persona_tree):
    template = default_template(persona_tree.orgs["organs"])
    copy = services.template_copy(
        actor=TEST_ACTOR, template=template, organization=template.organization
    )
    assert (copy.version, copy.based_on, copy.verification) == (2, template, template.verification)
    assert ChecklistItem.objects.filter(category__template=copy).count() == ITEMS
    item = ChecklistItem.objects.filter(category__template=copy).first()
    services.template_item_save(actor=TEST_ACTOR, template=copy, data={"points": D("8")}, item=item)
    original = ChecklistItem.objects.get(category__template=template, key=item.key)
    assert original.points != D("8") or item.points == original.points


def test_a_checklist_used_by_a_round_is_locked(persona_tree):
    (inspection, _other) = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    template = inspection.round.template
    with pytest.raises(ValidationError, match="copy it"):
        services.template_item_save(
            actor=TEST_ACTOR,
            template=template,
            data={"category": "新类别", "key": "x", "title": "x", "points": D("1")},
        )


def test_only_a_committee_administrator_edits_checklists(persona_tree):
    organs = persona_tree.orgs["organs"]
    users = persona_tree.users
    assert selectors.may_edit_templates(users["admin"], organs)
    assert not selectors.may_edit_templates(users["inspector"], organs)
    assert not selectors.may_edit_templates(users["secretary"], persona_tree.branch)


def test_the_inspector_scores_signs_off_and_the_scores_are_then_fixed(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    total = score_all(inspection, share=D("0.85"))
    assert D("80") <= total < D("90")
    with pytest.raises(ValidationError, match="needs at least"):
        services.inspection_sign_off(
            actor=TEST_ACTOR,
            inspection=inspection,
            result=Result.DEMONSTRATION,
            result_on=dt.date(LAST_YEAR, 6, 30),
        )
    services.inspection_sign_off(
        actor=TEST_ACTOR,
        inspection=inspection,
        result=Result.PASSED,
        result_on=dt.date(LAST_YEAR, 6, 30),
    )
    inspection.refresh_from_db()
    assert inspection.signed_off and inspection.total == total
    item = items_of(inspection)[0]
    with pytest.raises(ValidationError, match="recorded correction"):
        services.score_record(
            actor=TEST_ACTOR,
            inspection=inspection,
            item_id=item.pk,
            side=Side.INSPECTOR,
            points=D("1"),
        )
    with pytest.raises(ValidationError, match="why"):
        services.score_correct(
            actor=TEST_ACTOR, inspection=inspection, item_id=item.pk, points=D("1"), reason=" "
        )
    signed = Score.objects.get(inspection=inspection, item=item, side=Side.INSPECTOR).points
    services.score_correct(
        actor=TEST_ACTOR,
        inspection=inspection,
        item_id=item.pk,
        points=signed - D("0.5"),
        reason="复核：换届材料缺一页",
    )
    inspection.refresh_from_db()
    assert inspection.total == total - D("0.5")  # still at least the pass mark
    # The signed score itself is unchanged; the correction supersedes it.
    assert Score.objects.get(inspection=inspection, item=item, side=Side.INSPECTOR).points == signed
    correction = inspection.corrections.get()
    assert (correction.points_before, correction.points_after) == (signed, signed - D("0.5"))
    assert AuditEvent.objects.filter(model="standards.scorecorrection").exists()


def test_a_correction_cannot_undercut_the_signed_result(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    for item in items_of(inspection):
        services.score_record(
            actor=TEST_ACTOR,
            inspection=inspection,
            item_id=item.pk,
            side=Side.INSPECTOR,
            points=item.points if item.key != "records.books" else D("0"),
        )
    services.inspection_sign_off(
        actor=TEST_ACTOR,
        inspection=inspection,
        result=Result.DEMONSTRATION,
        result_on=dt.date(LAST_YEAR, 6, 30),
    )
    item = next(i for i in items_of(inspection) if i.key == "life.meetings")
    with pytest.raises(ValidationError, match="needs at least"):
        services.score_correct(
            actor=TEST_ACTOR, inspection=inspection, item_id=item.pk, points=D("0"), reason="复核"
        )


def test_points_above_the_item_or_items_of_another_checklist_are_refused(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    item = items_of(inspection)[0]
    with pytest.raises(ValidationError, match="At most"):
        services.score_record(
            actor=TEST_ACTOR,
            inspection=inspection,
            item_id=item.pk,
            side=Side.SELF,
            points=item.points + 1,
        )
    stranger = default_template(persona_tree.orgs["organs"])
    foreign = ChecklistItem.objects.filter(category__template=stranger).first()
    with pytest.raises(ValidationError, match="not on the round"):
        services.score_record(
            actor=TEST_ACTOR,
            inspection=inspection,
            item_id=foreign.pk,
            side=Side.SELF,
            points=D("1"),
        )


def test_one_round_a_year_and_only_branches_under_the_committee(persona_tree):
    organs = persona_tree.orgs["organs"]
    open_round(organs, [persona_tree.branch], LAST_YEAR)
    with pytest.raises(ValidationError, match="already"):
        open_round(organs, [persona_tree.branch], LAST_YEAR)
    with pytest.raises(ValidationError, match="Only branches"):
        open_round(organs, [persona_tree.orgs["g1"]], LAST_YEAR - 1)


# --- Pages ---------------------------------------------------------------------------------


def test_the_secretary_self_assesses_and_the_inspector_scores_on_the_page(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    item = items_of(inspection)[0]
    url = reverse("standards:score", kwargs={"pk": inspection.pk})
    secretary = persona_tree.client("secretary")
    data = {"item": item.pk, "side": "self", "points": "4.5", "comment": "材料齐全"}
    assert secretary.post(url, data).status_code == 302
    assert Score.objects.get(inspection=inspection, side=Side.SELF).comment == "材料齐全"
    # The secretary cannot score for the inspector, nor the inspector for the branch.
    assert secretary.post(url, {**data, "side": "inspector"}).status_code == 403
    inspector = persona_tree.client("inspector")
    assert inspector.post(url, data).status_code == 403
    assert inspector.post(url, {**data, "side": "inspector", "points": "4"}).status_code == 302
    page = inspector.get(reverse("standards:inspection", kwargs={"pk": inspection.pk}))
    assert page.status_code == 200 and "Live evidence" in page.content.decode()
    assert (
        persona_tree.client("outsider")
        .get(reverse("standards:inspection", kwargs={"pk": inspection.pk}))
        .status_code
        == 404
    )


def test_the_roll_up_export_is_a_workbook(persona_tree):
    open_round(persona_tree.orgs["organs"], [persona_tree.branch], LAST_YEAR)
    response = persona_tree.client("inspector").get(
        reverse("standards:rollup_export"),
        {"org": persona_tree.orgs["organs"].code, "year": LAST_YEAR, "sort": "score"},
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_latest_result_for_the_dashboard(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    users = persona_tree.users
    assert (
        selectors.latest_result(user=users["secretary"], organization=persona_tree.branch) is None
    )
    score_all(inspection)
    services.inspection_sign_off(
        actor=TEST_ACTOR,
        inspection=inspection,
        result=Result.DEMONSTRATION,
        result_on=dt.date(LAST_YEAR, 6, 30),
    )
    latest = selectors.latest_result(user=users["secretary"], organization=persona_tree.branch)
    assert latest.result == Result.DEMONSTRATION
    assert selectors.latest_result(user=users["member"], organization=persona_tree.branch) is None
