"""Upgrade projects (tasks, photos with thumbnails), checklist editing through the pages, and
the API's rounds, inspections and scores."""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from branchwork.standards.models import ChecklistItem, ChecklistTemplate, UpgradeProject
from branchwork.standards.rules import Side
from tests.standards.factories import default_template, items_of, open_round

LAST_YEAR = dt.date.today().year - 1


def _png(size=(1200, 800)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile("wall.png", out.getvalue(), content_type="image/png")


def test_the_secretary_runs_an_upgrade_project_with_tasks_and_photos(persona_tree):
    secretary = persona_tree.client("secretary")
    response = secretary.post(
        f"{reverse('standards:project_new')}?org={persona_tree.branch.code}",
        {"title": "活动室改造", "year": LAST_YEAR, "status": "under_way"},
    )
    project = UpgradeProject.objects.get(organization=persona_tree.branch)
    assert response.status_code == 302
    url = reverse("standards:task", kwargs={"pk": project.pk})
    secretary.post(url, {"title": "八上墙", "owner": "刘洋", "deadline": "2025-05-31"})
    task = project.tasks.get()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    secretary.post(
        url,
        {
            "task": task.pk,
            "title": "八上墙",
            "owner": "刘洋",
            "deadline": "2025-05-31",
            "done_on": tomorrow.isoformat(),
        },
    )
    task.refresh_from_db()
    assert task.done_on is None  # a done date in the future is refused
    secretary.post(
        reverse("standards:project_photo", kwargs={"pk": project.pk}),
        {"phase": "after", "caption": "上墙后", "file": _png()},
    )
    photo = project.photos.get()
    thumb = Image.open(photo.thumbnail.open("rb"))
    assert max(thumb.size) <= 320 and thumb.format == "JPEG"
    page = secretary.get(reverse("standards:project", kwargs={"pk": project.pk}))
    assert "?size=thumb" in page.content.decode()
    # A file that only pretends to be a photo is refused.
    fake = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    secretary.post(
        reverse("standards:project_photo", kwargs={"pk": project.pk}),
        {"phase": "before", "file": fake},
    )
    assert project.photos.count() == 1
    secretary.post(
        reverse("standards:project_status", kwargs={"pk": project.pk}), {"status": "done"}
    )
    project.refresh_from_db()
    assert project.status == "done"
    # The organization committee member reads but does not change; the outsider sees nothing.
    assert persona_tree.client("organizer").post(url, {}).status_code == 403
    assert (
        persona_tree.client("outsider")
        .get(reverse("standards:project", kwargs={"pk": project.pk}))
        .status_code
        == 404
    )


def test_the_administrator_copies_and_edits_a_checklist_through_the_pages(persona_tree):
    template = default_template(persona_tree.orgs["organs"])
    open_round(persona_tree.orgs["organs"], [persona_tree.branch], LAST_YEAR, template=template)
    admin = persona_tree.client("admin")
    edit = reverse("standards:template_edit", kwargs={"pk": template.pk})
    admin.post(
        edit,
        {"pass_mark": "70", "demonstration_mark": "85", "verification": "verified", "marks": "1"},
    )
    template.refresh_from_db()
    assert template.pass_mark == Decimal("80")  # locked: used by a round
    admin.post(reverse("standards:template_copy", kwargs={"pk": template.pk}), {"name": ""})
    copy = ChecklistTemplate.objects.get(based_on=template)
    edit = reverse("standards:template_edit", kwargs={"pk": copy.pk})
    admin.post(
        edit,
        {
            "pass_mark": "70",
            "demonstration_mark": "85",
            "verification": "verified",
            "verification_note": "与工委2026年考评表核对",
            "marks": "1",
        },
    )
    admin.post(
        edit,
        {
            "category": "党建引领",
            "key": "lead.service",
            "title": "服务中心工作",
            "points": "5",
            "evidence_needed": "工作总结",
            "evidence_key": "",
        },
    )
    copy.refresh_from_db()
    assert (copy.pass_mark, copy.verification) == (Decimal("70"), "verified")
    added = ChecklistItem.objects.get(category__template=copy, key="lead.service")
    admin.post(edit, {"delete": added.pk})
    assert not ChecklistItem.objects.filter(pk=added.pk).exists()
    # The inspector scores but does not edit checklists.
    assert persona_tree.client("inspector").post(edit, {"marks": "1"}).status_code == 403


def test_the_api_lists_rounds_inspections_and_scores_in_scope(persona_tree):
    inspection, _ = open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    from branchwork.standards import services
    from tests.conftest import TEST_ACTOR

    item = items_of(inspection)[0]
    services.score_record(
        actor=TEST_ACTOR,
        inspection=inspection,
        item_id=item.pk,
        side=Side.SELF,
        points=Decimal("4.5"),
        comment="自评",
    )
    inspector = persona_tree.client("inspector")
    rounds = inspector.get("/api/standards/rounds", {"org": persona_tree.orgs["organs"].code})
    assert rounds.json()["count"] == 1
    listed = inspector.get(
        "/api/standards/inspections",
        {"org": persona_tree.orgs["organs"].code, "year": LAST_YEAR, "result": "open"},
    ).json()
    assert listed["count"] == 2
    secretary = persona_tree.client("secretary")
    mine = secretary.get("/api/standards/inspections", {"org": persona_tree.branch.code}).json()
    assert [i["branch"] for i in mine["items"]] == [persona_tree.branch.code]
    scores = secretary.get(f"/api/standards/inspections/{inspection.pk}/scores").json()
    first = next(s for s in scores if s["item"] == item.key)
    assert (first["self_points"], first["self_comment"]) == ("4.5", "自评")
    assert (
        inspector.get(
            "/api/standards/inspections", {"org": persona_tree.orgs["organs"].code, "result": "x"}
        ).status_code
        == 422
    )
    assert (
        persona_tree.client("outsider")
        .get(f"/api/standards/inspections/{inspection.pk}/scores")
        .status_code
        == 404
    )


def test_the_home_page_shows_the_self_assessment_and_the_inspectors_queue(persona_tree):
    open_round(
        persona_tree.orgs["organs"], [persona_tree.branch, persona_tree.orgs["other"]], LAST_YEAR
    )
    home = persona_tree.client("secretary").get("/").content.decode()
    assert f"Inspection {LAST_YEAR}: self-assessment 0 of 16 items" in home
    inspector = persona_tree.client("inspector").get("/").content.decode()
    assert "2 branch inspections wait for sign-off" in inspector
    assert (
        'data-testid="standards-home"'
        not in persona_tree.client("member").get("/").content.decode()
    )
