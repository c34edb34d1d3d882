"""Drafting, review, scheduled publishing and withdrawal through the services and the pages,
with the branch's personas (persona tree)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from branchwork.core.models import AuditEvent
from branchwork.core.roles import Role
from branchwork.publicity import services
from branchwork.publicity.models import Item
from tests.publicity.factories import channel, draft, published


def test_secretary_approves_what_the_propaganda_member_drafted(persona_tree):
    branch = persona_tree.branch
    item = draft(branch, actor=persona_tree.users["propaganda"])
    services.item_submit(actor=persona_tree.users["propaganda"], item=item)
    services.item_approve(actor=persona_tree.users["secretary"], item=item)
    item.refresh_from_db()
    assert item.state == "published"
    assert item.drafted_by == persona_tree.users["propaganda"]
    assert item.reviewed_by == persona_tree.users["secretary"]
    assert item.publish_at <= timezone.now()


def test_drafter_cannot_approve_own_item_while_another_reviewer_exists(persona_tree):
    secretary = persona_tree.users["secretary"]
    item = draft(persona_tree.branch, actor=secretary)
    services.item_submit(actor=secretary, item=item)
    with pytest.raises(PermissionDenied):
        services.item_approve(actor=secretary, item=item)


def test_a_lone_reviewer_may_approve_their_own_draft_and_the_log_says_so(
    persona_tree, make_persona
):
    from tests.factories import OrganizationFactory

    branch = OrganizationFactory.create(
        code="pt-lone", name="独立支部", parent=persona_tree.orgs["organs"]
    )
    secretary = make_persona(Role.SECRETARY, branch)
    item = draft(branch, actor=secretary)
    services.item_submit(actor=secretary, item=item)
    services.item_approve(actor=secretary, item=item)
    line = AuditEvent.objects.filter(model="publicity.item", object_id=str(item.pk)).latest("id")
    assert "approved by its drafter" in line.note


def test_only_a_draft_can_be_changed(persona_tree):
    item = published(persona_tree.branch)
    with pytest.raises(ValidationError):
        services.item_save(
            actor=persona_tree.users["secretary"],
            organization=persona_tree.branch,
            data={"title": "改"},
            item=item,
        )


def test_send_back_returns_a_draft_with_the_note(persona_tree):
    item = draft(persona_tree.branch)
    services.item_submit(actor=persona_tree.users["propaganda"], item=item)
    services.item_send_back(actor=persona_tree.users["secretary"], item=item, note="补充来源")
    item.refresh_from_db()
    assert (item.state, item.review_note) == ("draft", "补充来源")


def test_withdrawal_keeps_the_record_with_its_reason(persona_tree):
    item = published(persona_tree.branch)
    services.item_withdraw(actor=persona_tree.users["secretary"], item=item, reason="数字有误")
    item = Item.objects.get(pk=item.pk)
    assert item.state == "withdrawn" and item.withdrawal_reason == "数字有误"
    assert item.withdrawn_at is not None and item.body
    with pytest.raises(ValidationError):
        services.item_withdraw(actor=persona_tree.users["secretary"], item=item, reason="再撤")


def test_withdrawal_needs_a_reason(persona_tree):
    item = published(persona_tree.branch)
    with pytest.raises(ValidationError):
        services.item_withdraw(actor=persona_tree.users["secretary"], item=item, reason=" ")


def test_bodies_are_sanitized(persona_tree):
    item = draft(
        persona_tree.branch,
        body='<p onclick="x()">好<script>alert(1)</script><a href="javascript:x">链</a></p>',
    )
    assert "script" not in item.body and "onclick" not in item.body
    assert "javascript" not in item.body and "好" in item.body


def test_plain_text_becomes_escaped_paragraphs(persona_tree):
    item = draft(persona_tree.branch, body="第一段 & 第二句\n\n第二段")
    assert item.body == "<p>第一段 &amp; 第二句</p><p>第二段</p>"


def test_openness_item_names_its_rule_and_year(persona_tree):
    with pytest.raises(ValidationError) as error:
        draft(persona_tree.branch, kind="openness")
    assert "openness_rule" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        draft(persona_tree.branch, kind="openness", openness_rule="dues")
    assert "period_year" in error.value.message_dict


def test_related_items_come_from_the_same_branch(persona_tree):
    mine = draft(persona_tree.branch)
    theirs = draft(persona_tree.orgs["other"])
    with pytest.raises(ValidationError):
        services.item_save(
            actor=persona_tree.users["secretary"],
            organization=persona_tree.branch,
            data={"title": "新"},
            item=mine,
            related=[theirs],
        )


def test_pages_walk_the_workflow(persona_tree):
    channel(persona_tree.branch)
    propaganda = persona_tree.client("propaganda")
    response = propaganda.post(
        f"/publicity/new/?org={persona_tree.branch.code}",
        {"kind": "news", "audience": "public", "title": "页面新闻", "body": "正文"},
    )
    assert response.status_code == 302, response.content
    item = Item.objects.get(title="页面新闻")
    assert propaganda.post(f"/publicity/{item.pk}/submit/").status_code == 302
    secretary = persona_tree.client("secretary")
    page = secretary.get(f"/publicity/{item.pk}/")
    assert b'data-testid="approve-form"' in page.content
    assert secretary.post(f"/publicity/{item.pk}/approve/", {"publish_at": ""}).status_code == 302
    item.refresh_from_db()
    assert item.state == "published"
    assert b'data-testid="public-link"' in secretary.get(f"/publicity/{item.pk}/").content


def test_member_cannot_reach_drafts(persona_tree):
    item = draft(persona_tree.branch)
    assert persona_tree.client("member").get(f"/publicity/{item.pk}/").status_code == 404
    assert persona_tree.client("outsider").get(f"/publicity/{item.pk}/").status_code == 404
    assert persona_tree.client("deputy").post(f"/publicity/{item.pk}/approve/").status_code == 403


def test_openness_overdue_shows_on_the_secretary_home(persona_tree):
    today = timezone.localdate()
    published(
        persona_tree.branch,
        kind="openness",
        audience="party",
        openness_rule="dues",
        period_year=today.year - 2,
    )
    home = persona_tree.client("secretary").get("/").content.decode()
    assert 'data-testid="publicity-home"' in home
    assert f"Party dues collected and used in the year {today.year - 3}" in home
    assert f"Party dues collected and used in the year {today.year - 2}" not in home
    assert (
        'data-testid="publicity-home"'
        not in persona_tree.client("member").get("/").content.decode()
    )


def test_members_read_the_openness_list(persona_tree):
    published(
        persona_tree.branch,
        kind="openness",
        audience="party",
        openness_rule="appraisal",
        period_year=2025,
        title="2025年度民主评议结果",
    )
    page = persona_tree.client("member").get(f"/publicity/openness/?org={persona_tree.branch.code}")
    assert page.status_code == 200
    assert "2025年度民主评议结果" in page.content.decode()


def test_scheduled_item_is_not_live_before_its_time(persona_tree):
    later = timezone.now() + dt.timedelta(hours=2)
    item = published(persona_tree.branch, publish_at=later)
    assert not Item.objects.filter(pk=item.pk).live(timezone.now()).exists()
    assert Item.objects.filter(pk=item.pk).live(later).exists()
