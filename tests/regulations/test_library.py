"""The rules library on the persona tree: version moves through the services, members'
acknowledgments and the rate, reminders, scoping of pages and API, search on this test run's
database (SQLite or PostgreSQL), and the Word booklet."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from docx import Document

from branchwork.core.models import AuditEvent
from branchwork.meetings.models import Meeting
from branchwork.regulations import selectors, services
from branchwork.regulations.exports import TOC_INSTRUCTION
from branchwork.regulations.models import Acknowledgment, Regulation, RegulationVersion, Reminder
from tests.conftest import TEST_ACTOR
from tests.factories import MeetingFactory
from tests.regulations.factories import RegulationFactory, adopted

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(persona_tree):
    return persona_tree


def _rule(tree, **kwargs):
    return RegulationFactory.create(organization=tree.branch, **kwargs)


# --- Versions ---------------------------------------------------------------------------------


def test_a_new_rule_starts_as_a_draft_and_a_held_general_meeting_adopts_it(tree):
    rule = _rule(tree, body="<p onclick='x'>第一条 党员按月交纳党费。</p><script>x</script>")
    draft = rule.versions.get()
    assert (draft.number, draft.state, draft.body) == (
        1,
        "draft",
        "<p>第一条 党员按月交纳党费。</p>",
    )
    version = adopted(rule, tree.meetings["general"])
    version.refresh_from_db()
    assert version.state == "adopted"
    assert version.adopted_by == tree.meetings["general"]
    assert version.adopted_on == version.effective_on == dt.date(2024, 3, 15)


def test_adopting_a_new_version_supersedes_the_one_in_force(tree):
    rule = _rule(tree)
    first = adopted(rule, tree.meetings["general"])
    draft = services.draft_save(
        actor=TEST_ACTOR, regulation=rule, body="第一条 新文本", change_note="改"
    )
    assert draft.number == 2
    later = MeetingFactory.create(
        organization=tree.branch, kind="committee_meeting", date=dt.date(2024, 6, 8)
    )
    services.version_adopt(
        actor=TEST_ACTOR, version=draft, meeting=later, effective_on=dt.date(2024, 7, 1)
    )
    first.refresh_from_db()
    draft.refresh_from_db()
    assert (first.state, first.superseded_on) == ("superseded", dt.date(2024, 6, 8))
    assert (draft.state, draft.effective_on) == ("adopted", dt.date(2024, 7, 1))
    rows = selectors.history(rule)
    assert [r.version.number for r in rows] == [2, 1]
    assert (rows[0].added, rows[0].removed) == (1, 2)


def test_saving_the_draft_twice_changes_the_one_open_draft(tree):
    rule = _rule(tree)
    services.draft_save(actor=TEST_ACTOR, regulation=rule, body="第一条 改一")
    services.draft_save(actor=TEST_ACTOR, regulation=rule, body="第一条 改二")
    assert list(rule.versions.values_list("number", "state", "plain_text")) == [
        (1, "draft", "第一条 改二")
    ]


@pytest.mark.parametrize(
    ("org_key", "kind", "state", "date"),
    [
        ("g1", "group_meeting", "held", dt.date(2024, 4, 12)),
        ("branch", "lecture", "held", dt.date(2024, 4, 10)),
        ("branch", "general_meeting", "planned", dt.date(2099, 5, 20)),
        ("other", "general_meeting", "held", dt.date(2024, 5, 20)),
    ],
)
def test_only_a_held_general_or_committee_meeting_of_the_branch_adopts(
    tree, org_key, kind, state, date
):
    rule = _rule(tree)
    meeting = MeetingFactory.create(
        organization=tree.orgs[org_key],
        kind=kind,
        state=state,
        date=date,
        **({"lecturer": "张书记", "lecture_title": "党课"} if kind == "lecture" else {}),
    )
    with pytest.raises(ValidationError) as exc:
        adopted(rule, meeting)
    assert "meeting" in exc.value.message_dict
    assert rule.versions.get().state == "draft"


def test_an_adopted_version_is_not_adopted_again_nor_discarded(tree):
    rule = _rule(tree)
    version = adopted(rule, tree.meetings["general"])
    with pytest.raises(ValidationError):
        services.version_adopt(actor=TEST_ACTOR, version=version, meeting=tree.meetings["general"])
    with pytest.raises(ValidationError):
        services.draft_discard(actor=TEST_ACTOR, version=version)


def test_a_meeting_before_the_version_in_force_cannot_adopt_the_next(tree):
    rule = _rule(tree)
    adopted(rule, tree.meetings["general"])
    earlier = MeetingFactory.create(
        organization=tree.branch, kind="committee_meeting", date=dt.date(2023, 12, 8)
    )
    services.draft_save(actor=TEST_ACTOR, regulation=rule, body="第一条 新")
    with pytest.raises(ValidationError, match="after this meeting"):
        adopted(rule, earlier)


def test_a_rule_cannot_come_into_force_before_its_meeting(tree):
    rule = _rule(tree)
    with pytest.raises(ValidationError) as exc:
        services.version_adopt(
            actor=TEST_ACTOR,
            version=rule.versions.get(),
            meeting=tree.meetings["general"],
            effective_on=dt.date(2024, 1, 1),
        )
    assert "effective_on" in exc.value.message_dict


def test_discarding_the_only_draft_removes_the_rule_and_logs_both(tree):
    rule = _rule(tree)
    services.draft_discard(actor=TEST_ACTOR, version=rule.versions.get())
    assert not Regulation.objects.filter(pk=rule.pk).exists()
    kinds = set(
        AuditEvent.objects.filter(model__startswith="regulations.", kind="delete").values_list(
            "model", flat=True
        )
    )
    assert kinds == {"regulations.regulation", "regulations.regulationversion"}


def test_an_empty_text_and_a_repeated_title_are_refused(tree):
    with pytest.raises(ValidationError) as exc:
        _rule(tree, body="<script>x</script>")
    assert "body" in exc.value.message_dict
    _rule(tree, title="党课制度")
    with pytest.raises(ValidationError) as exc:
        _rule(tree, title="党课制度")
    assert "title" in exc.value.message_dict


# --- Acknowledgments and the rate ----------------------------------------------------------


def test_a_member_acknowledges_once_and_a_second_tap_changes_nothing(tree):
    version = adopted(_rule(tree), tree.meetings["general"])
    member = tree.members["member"]
    first = services.acknowledge(actor=tree.users["member"], version=version, member=member)
    again = services.acknowledge(actor=tree.users["member"], version=version, member=member)
    assert first.pk == again.pk
    assert Acknowledgment.objects.filter(version=version).count() == 1


def test_drafts_superseded_versions_and_other_branches_are_not_acknowledged(tree):
    rule = _rule(tree)
    with pytest.raises(ValidationError):
        services.acknowledge(
            actor=TEST_ACTOR, version=rule.versions.get(), member=tree.members["member"]
        )
    first = adopted(rule, tree.meetings["general"])
    with pytest.raises(ValidationError, match="Only members"):
        services.acknowledge(actor=TEST_ACTOR, version=first, member=tree.members["other"])
    services.draft_save(actor=TEST_ACTOR, regulation=rule, body="第一条 新")
    adopted(rule, MeetingFactory.create(organization=tree.branch, date=dt.date(2024, 5, 20)))
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="in force"):
        services.acknowledge(actor=TEST_ACTOR, version=first, member=tree.members["member"])


def test_the_rate_counts_versions_adopted_in_the_year_times_members_on_the_roll(tree):
    one = adopted(_rule(tree), tree.meetings["general"])
    two = adopted(_rule(tree), tree.meetings["general"])
    m = tree.members
    services.acknowledge(actor=TEST_ACTOR, version=one, member=m["member"])
    services.acknowledge(actor=TEST_ACTOR, version=one, member=m["secretary"])
    services.acknowledgments_record_bulk(
        actor=TEST_ACTOR,
        version=two,
        members=[m["secretary"]],
        at=dt.datetime(2024, 3, 20, tzinfo=dt.UTC),
    )
    # Three members on the branch's roll (secretary, member, probationary) x two versions.
    result = selectors.acknowledgment_rate(
        user=tree.users["inspector"], organization=tree.orgs["organs"], year=2024
    )
    assert (result.adopted_versions, result.due, result.done) == (2, 6, 3)
    assert result.rate == Decimal("50.0")
    assert (
        selectors.acknowledgment_rate(
            user=tree.users["secretary"], organization=tree.branch, year=2024
        )
        == result
    )
    empty = selectors.acknowledgment_rate(
        user=tree.users["secretary"], organization=tree.branch, year=2023
    )
    assert (empty.adopted_versions, empty.due, empty.done, empty.rate) == (0, 0, 0, None)


def test_the_rate_is_refused_outside_the_readers_scope(tree):
    with pytest.raises(PermissionDenied):
        selectors.acknowledgment_rate(
            user=tree.users["outsider"], organization=tree.branch, year=2024
        )


def test_the_rate_takes_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    for _ in range(5):
        adopted(_rule(tree), tree.meetings["general"])
    with django_assert_max_num_queries(4):
        selectors.acknowledgment_rate(
            user=tree.users["secretary"], organization=tree.branch, year=2024
        )


def test_the_secretary_reminds_who_has_not_read_it_with_a_line_and_an_email(tree):
    from branchwork.accounts.models import User

    User.objects.filter(pk=tree.users["member"].pk).update(email="zhou@example.org")
    version = adopted(_rule(tree), tree.meetings["general"])
    services.acknowledge(actor=TEST_ACTOR, version=version, member=tree.members["secretary"])
    client = tree.client("secretary")
    response = client.post(f"/rules/versions/{version.pk}/remind/")
    assert response.status_code == 302
    reminded = set(Reminder.objects.filter(version=version).values_list("member__name", "emailed"))
    assert reminded == {("周党员", True), ("钱预备", False)}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhou@example.org"]
    assert f"/rules/{version.regulation_id}/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(model="regulations.reminder", kind="create").count() == 2
    page = client.get(f"/rules/versions/{version.pk}/readers/").content.decode()
    assert "1/3" in page and "reminded once" in page


# --- Pages, scoping and the API ----------------------------------------------------------------


def test_a_member_taps_once_on_the_list_and_the_secretarys_list_shows_it(tree):
    version = adopted(_rule(tree, title="党员大会制度"), tree.meetings["general"])
    member = tree.client("member")
    page = member.get("/rules/?org=pt-branch").content.decode()
    assert 'data-testid="acknowledge"' in page
    response = member.post(f"/rules/versions/{version.pk}/acknowledge/", HTTP_HX_REQUEST="true")
    assert 'data-testid="acknowledged"' in response.content.decode()
    readers = (
        tree.client("secretary").get(f"/rules/versions/{version.pk}/readers/").content.decode()
    )
    assert "1/3" in readers
    assert readers.index("周党员") > readers.index("钱预备")  # who has not read it comes first


def test_the_home_page_asks_the_member_to_read_the_new_version(tree):
    adopted(_rule(tree, title="主题党日制度"), tree.meetings["general"])
    page = tree.client("member").get("/").content.decode()
    assert 'data-testid="rules-to-read"' in page and "主题党日制度" in page


@pytest.mark.parametrize(
    ("persona", "detail", "draft", "readers"),
    [
        ("secretary", 200, 200, 200),
        ("member", 200, 403, 403),
        ("engineer", 200, 403, 403),
        ("inspector", 200, 403, 200),
        ("outsider", 404, 404, 404),
    ],
)
def test_pages_answer_each_persona_as_scoped(tree, persona, detail, draft, readers):
    rule = _rule(tree)
    version = adopted(rule, tree.meetings["general"])
    client = tree.client(persona)
    assert client.get(f"/rules/{rule.pk}/").status_code == detail
    assert client.get(f"/rules/{rule.pk}/draft/").status_code == draft
    assert client.get(f"/rules/versions/{version.pk}/readers/").status_code == readers


def test_the_api_lists_rules_versions_and_acknowledgments_in_scope(tree):
    rule = _rule(tree, title="党费收缴使用管理制度")
    version = adopted(rule, tree.meetings["general"])
    member = tree.client("member")
    response = member.post(f"/api/regulations/versions/{version.pk}/acknowledgment")
    assert response.status_code == 201 and response.json()["member_name"] == "周党员"
    listed = member.get("/api/regulations", {"org": "pt-branch", "q": "党费"}).json()["items"]
    assert [(r["title"], r["in_force"]) for r in listed] == [("党费收缴使用管理制度", version.pk)]
    assert member.get(f"/api/regulations/{rule.pk}/versions").json()[0]["state"] == "adopted"
    assert member.get(f"/api/regulations/versions/{version.pk}/acknowledgments").status_code == 403
    acks = tree.client("secretary").get(f"/api/regulations/versions/{version.pk}/acknowledgments")
    assert [a["member_name"] for a in acks.json()] == ["周党员"]
    rate = tree.client("secretary").get("/api/regulations/rate/pt-branch/2024").json()
    assert rate == {"adopted_versions": 1, "due": 3, "done": 1, "rate": "33.3"}
    outsider = tree.client("outsider")
    assert outsider.get(f"/api/regulations/{rule.pk}").status_code == 404
    assert outsider.get("/api/regulations", {"org": "pt-branch"}).status_code == 404


def test_the_adoption_form_offers_only_meetings_that_may_adopt(tree):
    rule = _rule(tree)
    client = tree.client("secretary")
    page = client.get(f"/rules/{rule.pk}/").content.decode()
    assert 'data-testid="adopt-form"' in page
    general = tree.meetings["general"]
    assert f'value="{general.pk}"' in page
    assert f'value="{tree.meetings["group"].pk}"' not in page
    draft = rule.versions.get()
    client.post(f"/rules/versions/{draft.pk}/adopt/", {"meeting": general.pk})
    draft.refresh_from_db()
    assert draft.state == "adopted"


def test_the_library_reads_in_chinese(tree):
    adopted(_rule(tree, title="党小组会制度"), tree.meetings["general"])
    client = tree.client("member")
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/rules/?org=pt-branch", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200 and "党小组会制度" in page.content.decode()


# --- Search ------------------------------------------------------------------------------------


@pytest.fixture
def library(tree):
    texts = {
        "党费收缴使用管理制度": "第一条 党员应按月交纳党费，组织委员负责收缴。",
        "党课制度": "第一条 支部书记每年至少讲一次党课。Party lecture.",
        "公务用车管理制度": "第一条 公务用车统一调度，严禁公车私用。",
        "财务管理制度": "第一条 大额资金使用须经集体研究决定，党费单独记账。",
    }
    for title, body in texts.items():
        _rule(tree, title=title, body=body)
    RegulationFactory.create(organization=tree.orgs["other"], title="另一支部党费制度")
    return tree


def _titles(tree, q, persona="secretary"):
    qs = selectors.regulation_list(user=tree.users[persona], organization=tree.branch)
    return [r.title for r in selectors.search(qs, q)]


def test_search_finds_chinese_in_titles_first_then_in_text(library):
    assert _titles(library, "党费") == ["党费收缴使用管理制度", "财务管理制度"]
    assert _titles(library, "收缴") == ["党费收缴使用管理制度"]
    assert _titles(library, "公车私用") == ["公务用车管理制度"]


def test_search_needs_every_word_and_ignores_latin_case(library):
    assert _titles(library, "党费 集体") == ["财务管理制度"]
    assert _titles(library, "party LECTURE") == ["党课制度"]
    assert _titles(library, "民主评议") == []
    assert len(_titles(library, "  ")) == 4


def test_search_stays_inside_the_readers_scope(library):
    qs = selectors.regulation_list(
        user=library.users["outsider"], organization=library.orgs["other"]
    )
    assert [r.title for r in selectors.search(qs, "党费")] == ["另一支部党费制度"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index is PostgreSQL's")
def test_on_postgresql_a_trigram_index_serves_chinese_substrings(library):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'regulation_search_trgm_idx'")
        assert cursor.fetchone() is not None
        cursor.execute("SET LOCAL enable_seqscan = off")
        qs = selectors.search(Regulation.objects.all(), "公车私用")
        plan = qs.explain()
    assert "regulation_search_trgm_idx" in plan
    # The session's demo data, when this worker loaded it, holds a rule of the same title.
    assert [r.title for r in qs.filter(organization=library.branch)] == ["公务用车管理制度"]


# --- The booklet -------------------------------------------------------------------------------


def _docx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return Document(io.BytesIO(response.content))


def test_the_booklet_has_a_table_of_contents_and_a_chapter_per_rule(library):
    adopted(
        Regulation.objects.get(title="党课制度", organization__code="pt-branch"),
        library.meetings["general"],
    )
    document = _docx(library.client("member").get("/rules/booklet.docx?org=pt-branch"))
    xml = document.element.xml
    assert TOC_INSTRUCTION in xml and 'w:fldCharType="begin"' in xml
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert sorted(chapters) == sorted(
        ["党课制度", "党费收缴使用管理制度", "财务管理制度", "公务用车管理制度"]
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "支部书记每年至少讲一次党课" in text
    assert "另一支部党费制度" not in text


def test_the_booklet_follows_the_search_and_one_rule_exports_alone(library):
    document = _docx(library.client("secretary").get("/rules/booklet.docx?org=pt-branch&q=公车"))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "公务用车管理制度"
    ]
    rule = Regulation.objects.get(title="党课制度", organization__code="pt-branch")
    document = _docx(library.client("engineer").get(f"/rules/{rule.pk}/rule.docx"))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["党课制度"]
    assert TOC_INSTRUCTION in document.element.xml


def test_the_version_page_shows_the_differences(tree):
    rule = _rule(tree, body="第一条 党员每月交纳党费。")
    adopted(rule, tree.meetings["general"])
    draft = services.draft_save(
        actor=TEST_ACTOR, regulation=rule, body="第一条 党员每季度交纳党费。"
    )
    page = tree.client("secretary").get(f"/rules/versions/{draft.pk}/").content.decode()
    assert "<ins>季度</ins>" in page and "<del>月</del>" in page


def test_meeting_and_version_models_link(tree):
    version = adopted(_rule(tree), tree.meetings["general"])
    assert Meeting.objects.get(pk=tree.meetings["general"].pk).adopted_regulations.get() == version
    assert (
        RegulationVersion.objects.visible_to(tree.users["outsider"]).filter(pk=version.pk).count()
        == 0
    )
