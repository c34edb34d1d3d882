"""Photos on monthly progress reports: several at once, photos only (checked by content), all
or nothing, shown on the project page and served only inside the project's scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from branchwork.organizations.models import Organization
from branchwork.roads import services
from branchwork.roads.models import Division, ProgressPhoto, ProgressReport

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"1" * 64


@pytest.fixture
def project(user_named):
    project, _ = services.project_save(
        actor=user_named("engineer"),
        organization=Organization.objects.get(code="tr-highway"),
        data={
            "name": "照片测试路",
            "county": Division.objects.get(code="520628"),
            "year": 2026,
            "length_km": Decimal("2.000"),
            "pavement_type": "concrete",
            "pavement_width_m": Decimal("3.50"),
        },
    )
    # Progress is reported once construction has started.
    type(project).objects.filter(pk=project.pk).update(
        status="under_construction", started_on=dt.date(2026, 1, 5)
    )
    project.refresh_from_db()
    return project


def report(engineer, project, photos, month=dt.date(2026, 9, 1), km="0.5"):
    return services.progress_report(
        actor=engineer,
        project=project,
        month=month,
        km_paved=Decimal(km),
        spent=Decimal("20"),
        photos=photos,
    )


def test_photos_are_stored_with_their_author_and_history(user_named, project):
    engineer = user_named("engineer")
    saved = report(
        engineer,
        project,
        [SimpleUploadedFile("路基.png", PNG), SimpleUploadedFile("路面.JPG", JPEG)],
    )
    photos = list(saved.photos.order_by("id"))
    assert [(p.name, p.content_type) for p in photos] == [
        ("路基.png", "image/png"),
        ("路面.JPG", "image/jpeg"),
    ]
    assert photos[0].uploaded_by == engineer and photos[0].size == len(PNG)
    assert photos[0].history.count() == 1 and photos[0].history.first().history_user == engineer
    # Reporting the month again corrects the figures and adds photos.
    again = report(engineer, project, [SimpleUploadedFile("完工.png", PNG)], km="0.8")
    assert again.pk == saved.pk and again.photos.count() == 3
    assert again.km_paved == Decimal("0.8")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.7 ...", r"report.pdf: Attach photos \(JPEG, PNG\) only"),
        ("virus.exe", b"MZ", r"virus.exe: Attach photos \(JPEG, PNG\) only"),
        ("fake.png", b"just some text", "does not match its name fake.png"),
    ],
)
def test_anything_but_a_photo_is_refused_and_nothing_is_kept(
    user_named, project, name, content, message
):
    engineer = user_named("engineer")
    with pytest.raises(ValidationError, match=message) as caught:
        report(
            engineer,
            project,
            [SimpleUploadedFile("ok.png", PNG), SimpleUploadedFile(name, content)],
        )
    assert "photos" in caught.value.message_dict
    assert not ProgressReport.objects.filter(project=project).exists()
    assert not ProgressPhoto.objects.filter(report__project=project).exists()


def test_at_most_ten_photos_at_once(user_named, project):
    uploads = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(11)]
    with pytest.raises(ValidationError, match="At most 10 photos"):
        report(user_named("engineer"), project, uploads)


def test_the_photo_limit_is_the_roads_max_photos_setting(user_named, project, settings):
    settings.ROADS_MAX_PHOTOS = 2
    uploads = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(3)]
    with pytest.raises(ValidationError, match="At most 2 photos"):
        report(user_named("engineer"), project, uploads)


def test_later_months_bound_an_earlier_correction(user_named, project):
    engineer = user_named("engineer")
    report(engineer, project, [], month=dt.date(2026, 10, 1), km="1.0")
    with pytest.raises(ValidationError, match=r"2026-10 already reported only 1\.000 km"):
        report(engineer, project, [], month=dt.date(2026, 9, 1), km="1.2")


def test_upload_from_the_page_thumbnails_and_scoped_download(as_persona, project):
    client = as_persona("engineer")
    response = client.post(
        f"/roads/projects/{project.pk}/progress/",
        {
            "month": "2026-09",
            "km_paved": "0.600",
            "spent": "25",
            "photos": [SimpleUploadedFile("一.png", PNG), SimpleUploadedFile("二.jpg", JPEG)],
        },
        follow=True,
    )
    assert "Progress recorded." in response.text
    assert response.text.count('data-testid="progress-photo"') == 2
    photo = ProgressPhoto.objects.filter(report__project=project).order_by("id").first()
    shown = as_persona("leader").get(f"/roads/photos/{photo.pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == PNG
    assert as_persona("inspector").get(f"/roads/photos/{photo.pk}/").status_code == 200
    assert as_persona("outsider").get(f"/roads/photos/{photo.pk}/").status_code == 404
    assert as_persona("member").get(f"/roads/photos/{photo.pk}/").status_code == 404
    refused = client.post(
        f"/roads/projects/{project.pk}/progress/",
        {
            "month": "2026-10",
            "km_paved": "0.900",
            "spent": "30",
            "photos": [SimpleUploadedFile("minutes.docx", b"PK\x03\x04zip")],
        },
        follow=True,
    )
    assert "minutes.docx: Attach photos (JPEG, PNG) only." in refused.text
    assert not project.reports.filter(month=dt.date(2026, 10, 1)).exists()


def test_api_lists_progress_with_photo_addresses(as_persona, user_named, project):
    report(user_named("engineer"), project, [SimpleUploadedFile("一.png", PNG)])
    body = as_persona("leader").get(f"/api/roads/projects/{project.pk}/progress").json()
    assert body[0]["month"] == "2026-09" and body[0]["km_paved"] == "0.500"
    photo = body[0]["photos"][0]
    assert photo["name"] == "一.png" and photo["url"] == f"/roads/photos/{photo['id']}/"
