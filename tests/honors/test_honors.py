import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from branchwork.honors import rules, selectors, services
from tests.conftest import TEST_ACTOR
from tests.honors.factories import make_honor


def test_counts_by_level_and_year_list_highest_level_and_newest_year_first():
    years, table = rules.counts_by_level_and_year(
        [("municipal", 2019), ("provincial", 2019), ("provincial", 2008), ("national", None)]
    )
    assert years == [2019, 2008, None]
    assert table == [
        ("national", [0, 0, 1], 1),
        ("provincial", [1, 1, 0], 2),
        ("municipal", [1, 0, 0], 1),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(rules.Level.values), st.one_of(st.none(), st.integers(1949, 2100))
        )
    )
)
def test_counts_add_up_to_the_honors_given(pairs):
    years, table = rules.counts_by_level_and_year(pairs)
    assert sum(total for _level, _per, total in table) == len(pairs)
    assert all(sum(per) == total for _level, per, total in table)
    assert len(set(years)) == len(years)


def test_a_members_honor_belongs_to_the_members_organization(persona_tree):
    member = persona_tree.members["member"]
    honor = make_honor(
        persona_tree.orgs["root"],
        recipient="member",
        member=member,
        level="internal",
        year=None,
        awarded_on=dt.date(2025, 7, 1),
        person_name="ignored",
    )
    assert honor.organization == member.organization
    assert honor.year == 2025 and honor.person_name == ""
    assert honor.recipient_name == "周党员"


def test_the_recipient_must_be_named_and_in_the_organization(persona_tree):
    branch = persona_tree.branch
    with pytest.raises(ValidationError) as exc:
        make_honor(branch, recipient="member")
    assert "member" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_honor(branch, recipient="member", member=persona_tree.members["other"])
    assert "member" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_honor(branch, recipient="person")
    assert "person_name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_honor(branch, year=2018, awarded_on=dt.date(2019, 6, 30))
    assert "year" in exc.value.message_dict
    staff = make_honor(branch, recipient="person", person_name="蒲建华", level="county")
    assert staff.recipient_name == "蒲建华"


def test_certificate_scans_are_photos_or_pdf_and_served_in_scope(persona_tree):
    honor = make_honor(persona_tree.branch)
    scan = services.certificate_add(
        actor=TEST_ACTOR, honor=honor, upload=SimpleUploadedFile("证书.pdf", b"%PDF-1.4 scan")
    )
    with pytest.raises(ValidationError):
        services.certificate_add(
            actor=TEST_ACTOR, honor=honor, upload=SimpleUploadedFile("a.docx", b"PK\x03\x04")
        )
    assert persona_tree.client("member").get(f"/honors/certificates/{scan.pk}/").status_code == 200
    assert (
        persona_tree.client("outsider").get(f"/honors/certificates/{scan.pk}/").status_code == 404
    )


def test_timelines_on_the_organization_page_and_the_members_record(persona_tree):
    branch = persona_tree.branch
    make_honor(branch, title="全市先进基层党组织")
    make_honor(
        branch,
        title="优秀共产党员",
        recipient="member",
        member=persona_tree.members["member"],
        level="internal",
    )
    org_page = persona_tree.client("engineer").get(f"/orgs/{branch.code}/").content.decode()
    assert 'data-testid="org-honors"' in org_page and "全市先进基层党组织" in org_page
    assert "优秀共产党员" not in org_page  # members' honors are on their records
    member = persona_tree.members["member"]
    record = persona_tree.client("secretary").get(f"/members/{member.pk}/").content.decode()
    assert 'data-testid="member-honors"' in record and "优秀共产党员" in record
    mine = selectors.member_timeline(user=persona_tree.users["member"], member=member)
    assert [h.title for h in mine] == ["优秀共产党员"]
    outsider = selectors.organization_timeline(
        user=persona_tree.users["outsider"], organization=branch
    )
    assert outsider is None


def test_honor_list_counts_and_api(persona_tree):
    branch = persona_tree.branch
    make_honor(branch, level="national", year=None, title="全国先进集体")
    make_honor(branch, level="provincial", year=2018)
    make_honor(branch, level="provincial", year=2019)
    client = persona_tree.client("member")
    page = client.get(f"/honors/?org={branch.code}&level=provincial").content.decode()
    assert (
        'data-testid="honor-counts"' in page and "全国先进集体" not in page.split("honor-list")[1]
    )
    counts = client.get(f"/api/honors/counts?org={branch.code}").json()
    assert {"level": "national", "year": None, "count": 1} in counts
    assert sum(c["count"] for c in counts) == 3
    listed = client.get(f"/api/honors?org={branch.code}&level=national").json()["items"]
    assert [h["title"] for h in listed] == ["全国先进集体"]
    assert client.get(f"/api/honors?org={branch.code}&level=galactic").status_code == 422
    assert persona_tree.client("outsider").get(f"/api/honors?org={branch.code}").status_code == 404


def test_the_secretary_records_an_honor_from_the_form(persona_tree):
    client = persona_tree.client("secretary")
    response = client.post(
        f"/honors/new/?org={persona_tree.branch.code}",
        {
            "title": "工人先锋号",
            "level": "provincial",
            "awarding_body": "贵州省总工会",
            "recipient": "unit",
            "year": "2018",
        },
    )
    assert response.status_code == 302
    assert (
        persona_tree.client("member")
        .get(f"/honors/new/?org={persona_tree.branch.code}")
        .status_code
        == 403
    )
