"""Stored profiles: flattening, revision into a new version, validation, choice per year."""

import pytest
from django.core.exceptions import ValidationError

from branchwork.maintenance import profiles, selectors, services
from branchwork.maintenance.models import ConditionProfile
from branchwork.maintenance.profiles import JTG_5210_2018
from tests.conftest import TEST_ACTOR


def test_every_coefficient_has_a_path_value_and_status():
    rows = profiles.coefficients(JTG_5210_2018)
    paths = [p for p, _v, _s in rows]
    assert len(paths) == len(set(paths))
    assert ("pci.asphalt.a0", 15.0, "CORROBORATED") in rows
    assert ("rqi.low.a0", 0.0185, "UNVERIFIED") in rows
    assert ("grades.good", 80.0, "CORROBORATED") in rows
    assert ("damage.asphalt.types.bleeding.weight", 0.2, "UNVERIFIED") in rows
    assert ("damage.asphalt.widths.longitudinal", 0.2, "CORROBORATED") in rows
    assert ("mqi_weights.pqi", 0.70, "CORROBORATED") in rows


def test_the_shipped_profile_has_no_problems():
    assert profiles.problems(JTG_5210_2018) == []


def test_revised_changes_only_what_is_named():
    changed = profiles.revised(
        JTG_5210_2018, {"pci.asphalt.a0": 16.0}, {"pci.asphalt.a0": "VERIFIED"}
    )
    assert changed["pci"]["asphalt"]["a0"] == {"value": 16.0, "status": "VERIFIED"}
    assert changed["pci"]["concrete"] == JTG_5210_2018["pci"]["concrete"]
    assert JTG_5210_2018["pci"]["asphalt"]["a0"]["value"] == 15.0  # the original is untouched
    with pytest.raises(KeyError):
        profiles.revised(JTG_5210_2018, {"pci.tarmac.a0": 1.0})


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"grades.good": 95.0}, "thresholds must fall"),
        ({"mqi_weights.pqi": 0.8}, "add up to 1.100"),
        ({"damage.asphalt.types.alligator.heavy": 1.5}, "at most 1"),
        ({"pci.asphalt.a1": 0.0}, "must be above 0"),
        ({"grades.excellent": 101.0}, "at most 100"),
        ({"rdi.rda": 50.0}, "rdi.rda: must be below rdi.rdb"),
        ({"rqi.high.a0": 0.0}, "rqi.high.a0: must be above 0"),
        ({"pci.asphalt.a0": float("inf")}, "must be a finite number"),
        ({"pci.asphalt.a0": float("nan")}, "must be a finite number"),
    ],
)
def test_problems_name_the_coefficient(values, fragment):
    found = profiles.problems(profiles.revised(JTG_5210_2018, values))
    assert any(fragment in p for p in found), found


@pytest.mark.django_db
def test_a_revision_is_a_new_version_and_the_old_one_stays():
    base = selectors.profile_named("JTG 5210-2018")
    assert base.version == 1
    new = services.profile_revise(
        actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 15.5}, note="test"
    )
    assert (new.name, new.version) == ("JTG 5210-2018", 2)
    base.refresh_from_db()
    assert base.data["pci"]["asphalt"]["a0"]["value"] == 15.0
    assert selectors.profile_named("JTG 5210-2018") == new
    assert selectors.profile_named("JTG 5210-2018 v1") == base
    with pytest.raises(ValidationError):
        selectors.profile_named("JTG H20-2007")


@pytest.mark.django_db
def test_a_revision_needs_a_reason_a_change_and_sane_values():
    base = selectors.profile_named("JTG 5210-2018")
    with pytest.raises(ValidationError, match="what changed"):
        services.profile_revise(
            actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 15.5}, note=" "
        )
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.profile_revise(actor=TEST_ACTOR, base=base, values={}, note="x")
    with pytest.raises(ValidationError, match="add up to"):
        services.profile_revise(
            actor=TEST_ACTOR, base=base, values={"mqi_weights.sci": 0.5}, note="x"
        )
    assert ConditionProfile.objects.filter(name=base.name).count() == 1


@pytest.mark.django_db
def test_a_year_uses_its_chosen_profile_else_the_newest_default():
    base = selectors.profile_named("JTG 5210-2018")
    v2 = services.profile_revise(
        actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 15.5}, note="x"
    )
    assert selectors.profile_for_year(2021) == v2
    services.profile_assign(actor=TEST_ACTOR, year=2021, profile=base)
    assert selectors.profile_for_year(2021) == base
    assert selectors.profile_for_year(2022) == v2
    with pytest.raises(ValidationError):
        services.profile_assign(actor=TEST_ACTOR, year=1999, profile=base)


def test_admin_revises_a_profile_in_the_browser_form(as_persona):
    client = as_persona("admin")
    base = ConditionProfile.objects.get(name="JTG 5210-2018", version=1)
    page = client.get(f"/maintenance/profiles/{base.pk}/revise/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["c__pci.asphalt.a0"] = "15.2"
    data["s__pci.asphalt.a0"] = "VERIFIED"
    data["note"] = "Checked against the printed standard"
    response = client.post(f"/maintenance/profiles/{base.pk}/revise/", data)
    assert response.status_code == 302
    new = ConditionProfile.objects.get(name="JTG 5210-2018", version=2)
    assert new.data["pci"]["asphalt"]["a0"] == {"value": 15.2, "status": "VERIFIED"}
    assert new.created_by.username == "admin"
    data["c__mqi_weights.pqi"] = "0.9"
    page = client.post(f"/maintenance/profiles/{new.pk}/revise/", data)
    assert page.status_code == 200
    assert "mqi_weights: the weights add up to 1.200, not 1" in page.content.decode()


def _reversed(node):
    if isinstance(node, dict):
        return {k: _reversed(node[k]) for k in reversed(list(node))}
    return node


def test_key_order_of_stored_json_does_not_change_columns_or_coefficients():
    # PostgreSQL's jsonb does not keep key order; the canonical order restores it.
    from branchwork.maintenance.imports import template_columns

    shuffled = _reversed(JTG_5210_2018)
    assert profiles.coefficients(shuffled) != profiles.coefficients(JTG_5210_2018)
    restored = profiles.in_canonical_order(shuffled)
    assert profiles.coefficients(restored) == profiles.coefficients(JTG_5210_2018)
    assert template_columns(restored) == template_columns(JTG_5210_2018)


@pytest.mark.django_db
def test_a_stored_profile_reads_back_in_canonical_order():
    stored = ConditionProfile.objects.get(name="JTG 5210-2018", version=1)
    stored.refresh_from_db()
    assert profiles.coefficients(stored.table) == profiles.coefficients(JTG_5210_2018)


@pytest.mark.django_db
def test_only_the_newest_version_is_revised_and_statuses_must_name_real_leaves():
    base = selectors.profile_named("JTG 5210-2018")
    services.profile_revise(actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 15.5}, note="v2")
    with pytest.raises(ValidationError, match="Revise the newest version, JTG 5210-2018 v2"):
        services.profile_revise(
            actor=TEST_ACTOR, base=base, values={"pci.asphalt.a0": 16.0}, note="x"
        )
    newest = selectors.profile_named("JTG 5210-2018")
    with pytest.raises(ValidationError, match=r"Unknown coefficients: pci\.tarmac"):
        services.profile_revise(
            actor=TEST_ACTOR, base=newest, values={}, statuses={"pci.tarmac": "VERIFIED"}, note="x"
        )


def test_coefficients_have_readable_names_in_both_languages():
    from django.utils import translation

    path = "damage.asphalt.types.alligator.light"
    assert (
        profiles.describe(path) == "damage · asphalt pavement · weight · alligator cracking · light"
    )
    with translation.override("zh-hans"):
        assert profiles.describe(path) == "损坏 · 沥青路面 · 权重 · 龟裂 · 轻"
        assert profiles.status_label("UNVERIFIED") == "未核实"
    assert profiles.describe("damage.asphalt.types.bleeding.weight").endswith("bleeding")
    unnamed = [
        p for p, _v, _s in profiles.coefficients(JTG_5210_2018) if "_" in profiles.describe(p)
    ]
    assert unnamed == []  # every part of every path has a name
