import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from branchwork.core.models import AuditEvent
from branchwork.organizations import selectors, services
from branchwork.organizations.models import Committee, Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def highway() -> Organization:
    return Organization.objects.get(code="tr-highway")


def test_a_new_organization_gets_its_path_and_depth(user_named):
    group = services.organization_create(
        actor=user_named("secretary"),
        parent=highway(),
        code="tr-highway-g4",
        name="第四党小组",
        org_type="party_group",
    )
    assert group.path == "/tr-cpc/tr-organs/tr-highway/tr-highway-g4/"
    assert group.depth == 3
    assert group.host_unit == highway().host_unit  # inherited when not given


def test_a_party_group_only_sits_under_a_branch(user_named):
    group = Organization.objects.get(code="tr-highway-g1")
    with pytest.raises(ValidationError) as err:
        services.organization_create(
            actor=user_named("secretary"), parent=group, code="x", name="x", org_type="party_group"
        )
    assert err.value.message_dict == {"org_type": ["Nothing can be added under a Party group."]}
    assert not Organization.objects.filter(code="x").exists()


def test_a_taken_code_is_refused_by_name(user_named):
    with pytest.raises(ValidationError) as err:
        services.organization_create(
            actor=user_named("secretary"),
            parent=highway(),
            code="tr-transport",
            name="x",
            org_type="party_group",
        )
    assert err.value.message_dict == {
        "code": ["The code tr-transport is not available; choose another."]
    }


def test_update_refuses_structural_fields(user_named):
    with pytest.raises(ValueError, match="code"):
        services.organization_update(
            actor=user_named("secretary"), organization=highway(), code="new"
        )


def test_update_is_audited_with_before_and_after(user_named):
    secretary = user_named("secretary")
    org = highway()
    old = org.short_name
    services.organization_update(actor=secretary, organization=org, short_name="公路局支部")
    event = AuditEvent.objects.filter(model="organizations.organization").latest("id")
    assert event.kind == "update"
    assert event.actor == secretary
    assert event.changes == {"short_name": [old, "公路局支部"]}
    assert event.org_path == org.path


def test_committee_term_defaults_to_three_years(user_named):
    committee, findings = services.committee_create(
        actor=user_named("secretary"),
        organization=Organization.objects.get(code="tr-transport"),
        term_start=dt.date(2026, 3, 1),
        posts=[
            ("secretary", "黄勇", None),
            ("organization", "甲", None),
            ("propaganda", "乙", None),
        ],
    )
    assert committee.term_end == dt.date(2029, 2, 28)
    assert findings == []
    assert [p.holder_name for p in committee.posts.all()] == ["黄勇", "甲", "乙"]


def test_a_party_group_has_no_committee(user_named):
    with pytest.raises(ValidationError, match="does not elect a committee"):
        services.committee_create(
            actor=user_named("secretary"),
            organization=Organization.objects.get(code="tr-highway-g1"),
            term_start=dt.date(2026, 1, 1),
        )


def test_two_secretaries_are_refused_and_nothing_is_written(user_named):
    before = Committee.objects.count()
    with pytest.raises(ValidationError, match="one Secretary"):
        services.committee_create(
            actor=user_named("secretary"),
            organization=highway(),
            term_start=dt.date(2026, 1, 1),
            posts=[("secretary", "甲", None), ("secretary", "乙", None)],
        )
    assert Committee.objects.count() == before


def test_committee_update_replaces_posts_and_audits_them(user_named):
    committee = selectors.committee_list(
        user=user_named("secretary"), organization=highway()
    ).first()
    services.committee_update(
        actor=user_named("secretary"),
        committee=committee,
        term_start=committee.term_start,
        term_end=None,
        elected_on=committee.elected_on,
        notes="",
        posts=[
            ("secretary", "张伟", None),
            ("organization", "王芳", None),
            ("other", "钱七", None),
        ],
    )
    assert [p.holder_name for p in committee.posts.all()] == ["张伟", "王芳", "钱七"]
    kinds = set(
        AuditEvent.objects.filter(model="organizations.committeepost").values_list(
            "kind", flat=True
        )
    )
    assert {"create", "delete"} <= kinds


def test_subtree_is_one_query(django_assert_num_queries, user_named):
    org = highway()
    secretary = user_named("secretary")
    selectors.subtree(user=secretary, organization=org)  # reads the grants once
    with django_assert_num_queries(1):
        codes = {o.code for o in selectors.subtree(user=secretary, organization=org)}
    assert codes == {"tr-highway", "tr-highway-g1", "tr-highway-g2", "tr-highway-g3"}


def test_overview_uses_three_queries_however_many_groups(django_assert_num_queries, user_named):
    org = highway()
    secretary = user_named("secretary")
    selectors.organization_overview(user=secretary, organization=org)  # reads the grants once
    with django_assert_num_queries(3):
        selectors.organization_overview(user=secretary, organization=org)
    for i in range(10):
        services.organization_create(
            actor=TEST_ACTOR, parent=org, code=f"extra-{i}", name=f"g{i}", org_type="party_group"
        )
    with django_assert_num_queries(3):
        overview = selectors.organization_overview(user=secretary, organization=org)
    assert len(overview.children) == 13
