"""Edits never change what the user did not change: every edit form, opened and saved back
unchanged, leaves its record exactly as it was (issue 13 §1). A form whose ``initial``
overrode the stored values (the meeting form once showed today's date and "held") fails here.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.forms.models import model_to_dict

pytestmark = pytest.mark.usefixtures("demo_data")

SKIP_FIELDS = {"updated_at", "created_at", "version"}


class _FormValues(HTMLParser):
    """The values a browser would submit from each <form method=post> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.data: dict[str, Any] = {}
        self.in_form = False
        self.select: str | None = None
        self.select_multiple = False
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form, self.data = True, {}
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._put(name, a.get("value", "on"), multiple=kind == "checkbox")
                return
            self._put(name, a.get("value", ""))
        elif tag == "select" and name:
            self.select, self.select_multiple = name, "multiple" in a
        elif tag == "option" and self.select and "selected" in a:
            self._put(self.select, a.get("value", ""), multiple=self.select_multiple)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self._put(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.forms.append(self.data)
            self.in_form = False

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def _put(self, name: str, value: str, multiple: bool = False) -> None:
        if multiple:
            self.data.setdefault(name, []).append(value)
        else:
            self.data[name] = value


def form_values(html: str) -> dict[str, Any]:
    """The edit form's values: the post form of the page with the most fields (the navbar's
    organization switcher and the language switcher are forms too)."""
    parser = _FormValues()
    parser.feed(html)
    return max(parser.forms, key=len, default={})


def snapshot(obj) -> dict[str, Any]:
    obj.refresh_from_db()
    values = model_to_dict(obj)
    return {k: v for k, v in values.items() if k not in SKIP_FIELDS}


def _meeting(kind: str, state: str):
    from branchwork.meetings.models import Meeting

    return Meeting.objects.filter(organization__code="tr-highway", kind=kind, state=state).first()


def _planned_meeting():
    from branchwork.meetings import services
    from branchwork.organizations.models import Organization
    from tests.conftest import TEST_ACTOR

    services.plan_year(
        actor=TEST_ACTOR, organization=Organization.objects.get(code="tr-highway"), year=2027
    )
    return _meeting("lecture", "planned")


def _member():
    from branchwork.members.models import Member

    return Member.objects.filter(organization__code="tr-highway").order_by("pk").first()


def _organization():
    from branchwork.organizations.models import Organization

    return Organization.objects.get(code="tr-highway")


def _committee():
    from branchwork.organizations.models import Committee

    return Committee.objects.filter(organization__code="tr-highway").first()


def _project():
    from branchwork.roads.models import RoadProject

    return RoadProject.objects.filter(organization__code="tr-highway").order_by("pk").first()


def _target():
    from branchwork.roads.models import ProgramTarget

    return ProgramTarget.objects.filter(organization__code="tr-highway").first()


def _route():
    from branchwork.maintenance.models import Route

    return Route.objects.filter(organization__code="tr-highway").first()


def _fee_basis():
    """The basis in force of a highway member (its month's dues are already generated)."""
    from django.utils import timezone

    from branchwork.dues.selectors import basis_in_force

    member = _member()
    return basis_in_force(member, timezone.localdate())


EDIT_FORMS = [
    (
        "held general meeting",
        "secretary",
        lambda: _meeting("general_meeting", "held"),
        lambda o: f"/meetings/{o.pk}/edit/",
    ),
    ("planned meeting", "secretary", _planned_meeting, lambda o: f"/meetings/{o.pk}/edit/"),
    ("member", "secretary", _member, lambda o: f"/members/{o.pk}/edit/"),
    ("organization", "secretary", _organization, lambda o: f"/orgs/{o.code}/edit/"),
    (
        "committee",
        "secretary",
        _committee,
        lambda o: f"/orgs/{o.organization.code}/committees/{o.pk}/edit/",
    ),
    ("road project", "engineer", _project, lambda o: f"/roads/projects/{o.pk}/edit/"),
    ("program target", "engineer", _target, lambda o: f"/roads/targets/{o.pk}/edit/"),
    ("route", "engineer", _route, lambda o: f"/maintenance/routes/{o.pk}/edit/"),
    ("fee basis", "organizer", _fee_basis, lambda o: f"/dues/bases/{o.member_id}/"),
]


@pytest.mark.parametrize(
    ("what", "persona", "make", "url"), EDIT_FORMS, ids=[e[0] for e in EDIT_FORMS]
)
def test_saving_an_edit_form_unchanged_changes_nothing(as_persona, what, persona, make, url):
    obj = make()
    assert obj is not None, f"no {what} in the demo"
    before = snapshot(obj)
    client = as_persona(persona)
    page = client.get(url(obj))
    assert page.status_code == 200
    data = form_values(page.content.decode())
    assert data, f"no form found on the {what} edit page"
    response = client.post(url(obj), data)
    # The unchanged form is valid and saves (a redirect), and saving changed nothing.
    assert response.status_code == 302, _errors(response)
    assert snapshot(obj) == before


def _errors(response) -> str:
    import re

    text = response.content.decode()
    return "; ".join(re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', text))[:500]


# Two people open the same edit form; the first saves a change; the second saves the page they
# opened before it (issue 13 §1, lost updates). One text field per form is changed.
STALE_EDITS = [
    ("held general meeting", "topic"),
    ("member", "post"),
    ("organization", "notes"),
    ("road project", "name"),
    ("route", "name"),
    ("fee basis", "note"),
]


@pytest.mark.parametrize(("what", "field"), STALE_EDITS, ids=[e[0] for e in STALE_EDITS])
def test_a_form_saved_after_someone_else_changed_the_record_is_refused(as_persona, what, field):
    _, persona, make, url = next(e for e in EDIT_FORMS if e[0] == what)
    obj = make()
    first, second = as_persona(persona), as_persona(persona)
    mine = form_values(second.get(url(obj)).content.decode())
    theirs = form_values(first.get(url(obj)).content.decode())
    assert mine.get("version"), f"the {what} edit form does not carry the version"
    theirs[field] = "first person's change"
    assert first.post(url(obj), theirs).status_code == 302
    after_first = snapshot(obj)
    mine[field] = "second person's change"
    response = second.post(url(obj), mine)
    assert response.status_code == 200
    assert "Reload to see their change" in response.content.decode()
    assert snapshot(obj) == after_first
    assert after_first[field] == "first person's change"


def test_a_second_click_on_next_step_does_not_advance_a_work_order_twice(as_persona):
    """The page posts the version it showed; the second post of the same page is refused
    with the reason instead of moving the order one more step."""
    from branchwork.maintenance.models import WorkOrder

    order = WorkOrder.objects.filter(
        route__organization__code="tr-highway", status="raised"
    ).first()
    assert order is not None, "no raised work order in the demo"
    client = as_persona("engineer")
    url = f"/maintenance/work-orders/{order.pk}/"
    data = form_values(client.get(url).content.decode())
    assert data.get("version") == str(order.version)
    data["assignee"] = "养护一班"
    assert client.post(f"{url}advance/", data).status_code == 302
    again = client.post(f"{url}advance/", data, follow=True)
    assert "Reload to see their change" in again.content.decode()
    order.refresh_from_db()
    assert order.status == "assigned"


def test_a_stale_edit_no_view_caught_becomes_a_message_and_a_redirect(rf, db):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from branchwork.core.audit import StaleEdit
    from branchwork.core.middleware import StaleEditMiddleware
    from branchwork.organizations.models import Organization

    org = Organization.objects.get(code="tr-highway")
    request = rf.post("/members/1/status/", HTTP_REFERER="http://testserver/members/1/")
    request.session = {}
    request._messages = FallbackStorage(request)
    middleware = StaleEditMiddleware(lambda r: None)
    response = middleware.process_exception(request, StaleEdit(org))
    assert response.status_code == 302 and response["Location"] == "http://testserver/members/1/"
    assert "Reload to see their change" in next(str(m) for m in request._messages)
    outside = rf.post("/x/", HTTP_REFERER="https://evil.example/")
    outside.session = {}
    outside._messages = FallbackStorage(outside)
    assert middleware.process_exception(outside, StaleEdit(org))["Location"] == "/"
    assert middleware.process_exception(rf.post("/api/x"), StaleEdit(org)) is None
