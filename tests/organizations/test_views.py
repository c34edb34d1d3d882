import pytest

from branchwork.organizations.models import Committee, Organization
from tests.conftest import TEST_ACTOR

pytestmark = pytest.mark.django_db


def test_secretary_adds_a_party_group_from_the_page(as_persona):
    client = as_persona("secretary")
    response = client.post(
        "/orgs/tr-highway/new-child/",
        {"code": "tr-highway-g4", "name": "第四党小组", "org_type": "party_group"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/orgs/tr-highway-g4/"
    page = client.get("/orgs/tr-highway-g4/")
    assert "第四党小组" in page.text


def test_form_offers_only_the_types_allowed_under_the_parent(as_persona):
    client = as_persona("secretary")
    form = client.get("/orgs/tr-highway/new-child/").context["form"]
    assert [v for v, _l in form.fields["org_type"].choices] == ["party_group"]
    response = client.post(
        "/orgs/tr-highway/new-child/",
        {"code": "tr-highway-x", "name": "x", "org_type": "committee"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Organization.objects.filter(code="tr-highway-x").exists()


def test_form_names_a_missing_field(as_persona):
    response = as_persona("secretary").post("/orgs/tr-highway/new-child/", {"code": "a"})
    assert response.status_code == 200
    assert response.text.count("This field is required.") == 2  # name and type


def test_edit_saves_and_redirects(as_persona):
    response = as_persona("secretary").post(
        "/orgs/tr-highway/edit/", {"name": "中共铜仁市公路管理局支部委员会", "short_name": "公路局"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="tr-highway").short_name == "公路局"


def test_recording_an_election_shows_warnings_and_saves(as_persona):
    client = as_persona("secretary")
    response = client.post(
        "/orgs/tr-highway/committees/new/",
        {"term_start": "2026-11-01", "secretary": "张伟", "organization_member": "赵磊"},
        follow=True,
    )
    assert response.status_code == 200
    committee = Committee.objects.filter(organization__code="tr-highway").latest("term_start")
    assert str(committee.term_end) == "2029-10-31"
    assert "A committee has at least 3 members; this one has 2." in response.text


def test_list_searches_by_name_and_filters_by_type(as_persona):
    client = as_persona("inspector")
    text = client.get("/orgs/", {"q": "交通"}).text
    assert "中共铜仁市交通运输局机关支部委员会" in text
    assert "中共铜仁市公路管理局支部委员会" not in text
    text = client.get("/orgs/", {"org_type": "party_group"}).text
    assert "第一党小组" in text and "交通运输局" not in text


def test_list_answers_htmx_with_rows_only(as_persona):
    response = as_persona("inspector").get("/orgs/", {"q": "公路"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert "中共铜仁市公路管理局支部委员会" in response.text


def test_list_queries_do_not_grow_with_the_tree(as_persona, django_assert_max_num_queries):
    from branchwork.organizations import services

    client = as_persona("inspector")
    client.get("/orgs/")  # warm the session
    parent = Organization.objects.get(code="tr-organs")
    for i in range(30):
        services.organization_create(
            actor=TEST_ACTOR, parent=parent, code=f"b{i}", name=f"branch {i}", org_type="branch"
        )
    with django_assert_max_num_queries(8):
        assert client.get("/orgs/").status_code == 200


def test_organization_dates_are_checked(as_persona):
    client = as_persona("secretary")
    response = client.post(
        "/orgs/tr-highway/edit/",
        {"name": "x", "founded_on": "2030-01-01", "demonstration_since": ""},
    )
    assert "The founding date cannot be in the future." in response.text
    response = client.post(
        "/orgs/tr-highway/edit/",
        {"name": "x", "founded_on": "1985-07-01", "demonstration_since": "1980-01-01"},
    )
    assert "after it is founded (1985-07-01)" in response.text


def test_a_new_election_closes_the_previous_term(as_persona):
    import datetime as dt

    client = as_persona("secretary")
    response = client.post(
        "/orgs/tr-highway/committees/new/",
        {
            "term_start": "2026-11-01",
            "secretary": "张伟",
            "organization_member": "赵磊",
            "propaganda_member": "刘洋",
        },
        follow=True,
    )
    assert "The previous term now ends on 2026-10-31" in response.text
    terms = list(Committee.objects.filter(organization__code="tr-highway").order_by("term_start"))
    assert terms[-2].term_end == dt.date(2026, 10, 31)
    response = client.post(
        "/orgs/tr-highway/committees/new/", {"term_start": "2026-11-01", "secretary": "张伟"}
    )
    assert "is already recorded; edit that one" in response.text
