"""The rules library's pure rules: version moves, which meetings adopt, the acknowledgment
rate, the sanitizer and the differences between versions."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.regulations import rules
from branchwork.regulations.rules import State


def test_a_draft_is_adopted_and_an_adopted_version_superseded_and_nothing_else():
    assert rules.can_move(State.DRAFT, State.ADOPTED)
    assert rules.can_move(State.ADOPTED, State.SUPERSEDED)
    assert not rules.can_move(State.DRAFT, State.SUPERSEDED)
    assert not rules.can_move(State.ADOPTED, State.DRAFT)
    assert not any(rules.can_move(State.SUPERSEDED, s) for s in State.values)


@pytest.mark.parametrize(
    ("kind", "also", "state", "expected"),
    [
        ("general_meeting", "", "held", True),
        ("committee_meeting", "", "held", True),
        ("party_day", "general_meeting", "held", True),
        ("general_meeting", "", "planned", False),
        ("group_meeting", "", "held", False),
        ("lecture", "", "held", False),
    ],
)
def test_only_a_held_general_or_committee_meeting_adopts(kind, also, state, expected):
    assert rules.meeting_may_adopt(kind=kind, also_counts_as=also, state=state) is expected


def test_the_rate_is_done_over_due_rounded_half_up_to_one_decimal():
    assert rules.ack_rate(23, 20) == Decimal("87.0")
    assert rules.ack_rate(3, 2) == Decimal("66.7")
    assert rules.ack_rate(8, 1) == Decimal("12.5")
    assert rules.ack_rate(16, 1) == Decimal("6.3")  # 6.25 rounds half up
    assert rules.ack_rate(5, 5) == Decimal("100.0")


def test_nothing_due_is_no_rate_not_zero():
    assert rules.ack_rate(0, 0) is None
    assert rules.AckRate(0, 0, 0).rate is None


@pytest.mark.parametrize(("due", "done"), [(-1, 0), (3, -1), (3, 4)])
def test_impossible_counts_are_refused(due, done):
    with pytest.raises(ValueError):
        rules.ack_rate(due, done)


@given(st.integers(1, 10_000), st.data())
def test_the_rate_lies_between_0_and_100_and_grows_with_done(due, data):
    done = data.draw(st.integers(0, due))
    rate = rules.ack_rate(due, done)
    assert Decimal(0) <= rate <= Decimal(100)
    if done < due:
        assert rate <= rules.ack_rate(due, done + 1)


def test_scripts_links_and_attributes_are_removed_and_formatting_kept():
    safe = rules.sanitize_html(
        '<h2 style="color:red">总则</h2><p onclick="x()">第一条 <strong>党员</strong></p>'
        '<script>alert(1)</script><a href="javascript:alert(1)">链接</a><img src=x onerror=y>'
        "<ul><li>一</li></ul>"
    )
    assert safe == "<h2>总则</h2><p>第一条 <strong>党员</strong></p>链接<ul><li>一</li></ul>"


def test_plain_text_becomes_escaped_paragraphs():
    assert rules.sanitize_html("第一条 a<b\r\n\r\n第二条 & 其他\n") == (
        "<p>第一条 a&lt;b</p><p>第二条 &amp; 其他</p>"
    )
    assert rules.sanitize_html("   ") == ""


def test_the_plain_text_has_one_line_per_paragraph_and_list_item():
    safe = rules.sanitize_html(
        "<h2>总则</h2><p>第一条 &amp; 党员</p><ul><li>一</li><li>二</li></ul>"
    )
    assert rules.html_to_plain(safe) == "总则\n第一条 & 党员\n一\n二"


@given(st.text(max_size=200))
def test_sanitized_text_never_keeps_a_script(text):
    safe = rules.sanitize_html(text + "<script>alert(1)</script>")
    assert "<script" not in safe.lower()


def test_a_changed_paragraph_marks_the_changed_characters():
    lines = rules.diff_lines(
        "第一条 党员每月交纳党费。\n第二条 不变",
        "第一条 党员每季度交纳党费。\n第二条 不变\n第三条 新增",
    )
    assert [line.kind for line in lines] == ["removed", "added", "same", "added"]
    assert [text for changed, text in lines[0].parts if changed] == ["月"]
    assert [text for changed, text in lines[1].parts if changed] == ["季度"]
    assert lines[3].text == "第三条 新增"
    assert rules.diff_counts(lines) == (2, 1)


def test_a_first_version_is_all_added():
    lines = rules.diff_lines("", "第一条\n第二条")
    assert [line.kind for line in lines] == ["added", "added"]


@given(
    st.lists(st.text(alphabet="党费第一二条。abc", min_size=1, max_size=8), max_size=6),
    st.lists(st.text(alphabet="党费第一二条。abc", min_size=1, max_size=8), max_size=6),
)
def test_the_differences_rebuild_both_versions(old, new):
    lines = rules.diff_lines("\n".join(old), "\n".join(new))
    assert [x.text for x in lines if x.kind != "added"] == old
    assert [x.text for x in lines if x.kind != "removed"] == new


def test_plain_paragraphs_are_edited_as_lines_and_formatted_text_as_html():
    assert rules.editable_text(rules.sanitize_html("第一条 a&b\n第二条")) == "第一条 a&b\n第二条"
    formatted = rules.sanitize_html("<p>第一条 <b>党员</b></p>")
    assert rules.editable_text(formatted) == formatted
