"""An engineer records a group-road project from plan to acceptance, with a progress photo,
and sees the dashboard move (by county and by month), in English and in Chinese."""

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_project_from_plan_to_acceptance(browser, demo_server, artifacts, tmp_path):
    from branchwork.organizations.models import Organization
    from branchwork.roads.models import Division, VillageGroup

    county = Division.objects.get(code="520628")
    village = Division.objects.filter(code__startswith="520628", level="village").first()
    VillageGroup.objects.create(
        organization=Organization.objects.get(code="tr-highway"),
        village=village,
        county=county,
        name="e2e组",
        households=40,
    )
    page = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 900})
    page.goto(f"{demo_server.url}/accounts/login/")
    page.fill("input[name=username]", "engineer")
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")
    page.goto(f"{demo_server.url}/roads/")
    assert page.inner_text("[data-testid=km-built]") == "12103"
    assert page.inner_text("[data-testid=groups-connected]") == "5982"

    page.goto(f"{demo_server.url}/roads/projects/new/")
    page.fill("#id_name", "松桃县e2e组组通")
    page.select_option("#id_county", label=str(county))
    page.fill("#id_route_code", "C950520628")
    page.fill("#id_start_stake", "K0+000")
    page.fill("#id_end_stake", "K3+400")
    page.fill("#id_year", "2026")
    page.fill("#id_length_km", "3.000")
    page.select_option("#id_pavement_type", "concrete")
    page.fill("#id_pavement_width_m", "3.50")
    page.fill("#id_investment_central", "150")
    page.fill("#id_investment_local", "70")
    page.click("form[data-testid=project-form] button[type=submit]")
    page.wait_for_selector("[data-testid=project-name]")
    assert page.inner_text("[data-testid=investment-total]") == "220.00"
    assert "The stakes give 3.400 km" in page.inner_text("[data-testid=profile-warnings]")
    page.fill("#group-search", "e2e组")
    assert page.locator("#group-choices [data-filter-item]:visible").count() == 1
    page.check(f"#group-choices label:has-text('{village.name}e2e组')")
    page.click("form[action$='/groups/'] button[type=submit]")
    page.wait_for_selector("text=1 group connected to the project.")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=project-status]:has-text('Approved')")
    page.fill("#id_on", "2026-09-01")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=project-status]:has-text('Under construction')")
    photo = tmp_path / "路面.png"
    photo.write_bytes(PNG)
    page.fill("#id_month", "2026-10")
    page.fill("#id_km_paved", "2.000")
    page.fill("#id_spent", "150")
    page.set_input_files("#id_photos", [str(photo)])
    page.click("form[data-testid=progress-form] button[type=submit]")
    page.wait_for_selector("[data-testid=progress-photo]")
    page.fill("#id_on", "2026-11-10")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=project-status]:has-text('Completed')")
    page.fill("#id_on", "2026-11-20")
    page.fill("#id_inspector", "杨帆")
    page.click("[data-testid=advance-form] button")
    page.wait_for_selector("[data-testid=project-status]:has-text('Accepted')")

    page.goto(f"{demo_server.url}/roads/?year=2026")
    assert page.inner_text("[data-testid=km-built]") == "12106"
    assert page.inner_text("[data-testid=groups-connected]") == "5983"
    november = page.locator("[data-testid=month-table] tbody tr").nth(10)
    assert "2026-11" in november.inner_text() and "3.0" in november.inner_text()
    page.wait_for_selector("#chart-months svg")
    page.wait_for_selector("#chart-km svg")
    page.click("[data-testid=language-switcher] button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    assert "公里已建成" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "roads-dashboard-zh-hans.png"), full_page=True)
    page.close()


def test_the_pickers_work_on_a_phone(browser, demo_server, artifacts):
    """At 390 px: the township list follows the chosen county, and the village-group picker
    filters hundreds of groups as one types and ticks one with a thumb."""
    from branchwork.roads.models import Division, RoadProject

    county = Division.objects.get(code="520628")
    townships = set(
        Division.objects.filter(parent=county, level="township").values_list("name", flat=True)
    )
    page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 844})
    page.goto(f"{demo_server.url}/accounts/login/")
    page.fill("input[name=username]", "engineer")
    page.fill("input[name=password]", "branchwork-demo")
    page.click("form[data-testid=login-form] button[type=submit]")

    page.goto(f"{demo_server.url}/roads/projects/new/")
    with page.expect_response(lambda r: "/roads/townships/" in r.url):
        page.select_option("#id_county", label=str(county))
    page.wait_for_function("document.querySelectorAll('#id_township optgroup').length === 0")
    shown = set(page.locator("#id_township option").all_inner_texts()) - {"---------"}
    assert shown == townships
    page.locator("#id_township").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "roads-township-390.png"))

    project = (
        RoadProject.objects.filter(county=county).order_by("pk").first()
        or RoadProject.objects.order_by("pk").first()
    )
    page.goto(f"{demo_server.url}/roads/projects/{project.pk}/")
    items = page.locator("#group-choices [data-filter-item]")
    total = items.count()
    assert total > 50  # hundreds of eligible groups in the demo's counties
    first = items.first.inner_text()
    village_word = first.split("·")[-1].strip()[:3]
    page.fill("#group-search", village_word)
    visible = page.locator("#group-choices [data-filter-item]:visible")
    assert 0 < visible.count() < total
    assert all(village_word in t for t in visible.all_inner_texts())
    box = visible.first.locator("input").bounding_box()
    assert box is not None and box["height"] >= 18  # big enough for a thumb
    visible.first.locator("input").check()
    picker = page.locator("#group-choices").bounding_box()
    assert picker is not None and picker["x"] + picker["width"] <= 390  # no sideways scroll
    page.fill("#group-search", "没有这个组")
    assert page.locator("#group-choices [data-filter-item]:visible").count() == 1  # the ticked one
    page.fill("#group-search", village_word)
    page.locator("#group-search").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "roads-group-picker-390.png"))
