"""Member rules at every boundary: ID numbers (GB 11643-1999), probation, standing, bands."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.members import rules
from tests.members.helpers import CHECK, check_char

TODAY = dt.date(2026, 11, 26)


SPEC_VECTORS = [
    "11010519491231002X",
    "440524188001010014",
    "370101190102039973",
    "34052419800101001X",
]


@pytest.mark.parametrize("number", SPEC_VECTORS)
def test_spec_vectors_have_the_right_check_character(number):
    assert rules.id_check_character(number[:17]) == check_char(number[:17]) == number[17]


@pytest.mark.parametrize("number", [n for n in SPEC_VECTORS if n[6:8] != "18"])
def test_spec_vectors_are_valid(number):
    assert rules.parse_id_number(number, TODAY).number == number


def test_a_birth_year_before_1900_is_refused_even_with_a_right_check_character():
    # The spec's vector 440524188001010014 checks the checksum; §5 also says births before
    # 1900 are refused, and that rule wins for a living member's record.
    with pytest.raises(rules.IdNumberError, match="1880-01-01"):
        rules.parse_id_number("440524188001010014", TODAY)


def test_lower_case_x_is_stored_upper_case():
    assert rules.parse_id_number("11010519491231002x", TODAY).number == "11010519491231002X"


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    county=st.sampled_from(["520602", "520603", "520628", "110105", "999999"]),
    sequence=st.integers(min_value=0, max_value=999),
)
def test_the_right_check_character_is_accepted_and_every_other_refused(birth, county, sequence):
    body = f"{county}{birth:%Y%m%d}{sequence:03d}"
    good = check_char(body)
    info = rules.parse_id_number(body + good, TODAY)
    assert info.birth_date == birth
    assert info.gender == ("male" if sequence % 2 else "female")
    for wrong in set(CHECK) - {good}:
        with pytest.raises(rules.IdNumberError, match="check character"):
            rules.parse_id_number(body + wrong, TODAY)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("52060219900101123", "17 digits followed by"),
        ("5206021990010112345", "17 digits followed by"),
        ("52060219900101123A", "17 digits followed by"),
        ("", "17 digits followed by"),
    ],
)
def test_malformed_numbers_say_why(number, reason):
    with pytest.raises(rules.IdNumberError, match=reason):
        rules.parse_id_number(number, TODAY)


def test_impossible_birth_dates_are_refused():
    body = "52060219900230001"  # 30 February
    with pytest.raises(rules.IdNumberError, match="not a real date"):
        rules.parse_id_number(body + check_char(body), TODAY)
    body = "52060220301201001"  # in the future
    with pytest.raises(rules.IdNumberError, match="not possible"):
        rules.parse_id_number(body + check_char(body), TODAY)
    body = "52060218991231001"  # before 1900
    with pytest.raises(rules.IdNumberError, match="not possible"):
        rules.parse_id_number(body + check_char(body), TODAY)


def test_masks():
    assert rules.mask_id_number("520201199001011234") == "520201********1234"
    assert rules.mask_phone("13812345678") == "138****5678"
    assert rules.mask_phone("08565221234") == "085****1234"
    assert rules.mask_phone("1234567") == "*******"
    assert rules.mask_phone("") == ""


@pytest.mark.parametrize(
    ("admitted", "extension", "end"),
    [
        (dt.date(2025, 12, 21), 0, dt.date(2026, 12, 21)),
        (dt.date(2024, 2, 29), 0, dt.date(2025, 2, 28)),
        (dt.date(2025, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2025, 1, 15), 12, dt.date(2027, 1, 15)),
    ],
)
def test_probation_end(admitted, extension, end):
    assert rules.probation_end(admitted, extension) == end


@pytest.mark.parametrize("months", [1, 5, 13, 24])
def test_probation_is_extended_by_six_to_twelve_months_only(months):
    with pytest.raises(ValueError):
        rules.probation_end(dt.date(2025, 1, 1), months)


def test_party_standing_counts_from_conversion():
    assert rules.party_standing_years(None, TODAY) is None
    assert rules.party_standing_years(dt.date(2016, 11, 26), TODAY) == 10
    assert rules.party_standing_years(dt.date(2016, 11, 27), TODAY) == 9


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (18, "≤30"),
        (30, "≤30"),
        (31, "31–35"),
        (60, "56–60"),
        (61, "61–70"),
        (80, "71–80"),
        (81, "≥81"),
    ],
)
def test_age_band_edges(age, band):
    assert rules.band_of(age, rules.AGE_BANDS) == band


@given(birth=st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2008, 11, 26)))
def test_birth_range_of_a_band_holds_exactly_its_ages(birth):
    age = rules.whole_years(birth, TODAY)
    for label, _upper in rules.AGE_BANDS:
        after, before = rules.birth_range_for_age_band(label, TODAY)
        inside = birth <= before and (after is None or birth >= after)
        assert inside == (rules.band_of(age, rules.AGE_BANDS) == label)


def test_there_are_56_ethnic_groups_plus_two():
    codes = [code for code, _zh, _en in rules.ETHNIC_GROUPS]
    assert codes[:56] == [f"{i:02d}" for i in range(1, 57)]
    assert codes[56:] == ["97", "98"]
    assert rules.ETHNICITY_BY_NAME["土家族"] == "15"
    assert rules.ETHNICITY_BY_NAME["苗"] == "06"
    assert rules.ETHNICITY_BY_NAME["tujia"] == "15"


# --- Admission, conversion and probation findings (the checks MemberForm.clean applies) -----

DAY = dt.date(2026, 6, 1)


def _fields(findings) -> list[str]:
    return [f.field for f in findings if f.is_error]


@pytest.mark.parametrize(
    "birth, admitted, ok",
    [
        (dt.date(1990, 5, 10), dt.date(2008, 5, 9), False),  # the day before the 18th birthday
        (dt.date(1990, 5, 10), dt.date(2008, 5, 10), True),  # the birthday itself
        (dt.date(1990, 5, 10), dt.date(2008, 5, 11), True),  # the day after
        (dt.date(1992, 2, 29), dt.date(2010, 2, 28), False),  # born on 29 February:
        (dt.date(1992, 2, 29), dt.date(2010, 3, 1), True),  # of age on 1 March
    ],
)
def test_admission_at_eighteen_or_older(birth, admitted, ok):
    findings = rules.check_admission(birth_date=birth, admitted_on=admitted, today=DAY)
    assert _fields(findings) == ([] if ok else ["admitted_on"])
    if not ok:
        assert findings[0].source == rules.SRC_ADMISSION_AGE
        assert "18 or older" in findings[0].message


@pytest.mark.parametrize(
    "admitted, ok",
    [(DAY - dt.timedelta(days=1), True), (DAY, True), (DAY + dt.timedelta(days=1), False)],
)
def test_admission_cannot_be_in_the_future(admitted, ok):
    findings = rules.check_admission(birth_date=None, admitted_on=admitted, today=DAY)
    assert _fields(findings) == ([] if ok else ["admitted_on"])


def test_admission_without_dates_gives_no_verdict():
    assert rules.check_admission(birth_date=None, admitted_on=None, today=DAY) == []


@pytest.mark.parametrize(
    "converted, extension, ok",
    [
        (dt.date(2021, 6, 30), 0, False),  # the day before the probation year is over
        (dt.date(2021, 7, 1), 0, True),  # the day it is over
        (dt.date(2021, 7, 2), 0, True),  # the day after
        (dt.date(2021, 12, 31), 6, False),  # a six-month extension: the day before
        (dt.date(2022, 1, 1), 6, True),  # the day the extension ends
        (dt.date(2022, 1, 2), 6, True),
    ],
)
def test_conversion_comes_when_the_probation_is_over(converted, extension, ok):
    findings = rules.check_conversion(
        category="full",
        admitted_on=dt.date(2020, 7, 1),
        converted_on=converted,
        extension_months=extension,
        today=DAY,
    )
    assert _fields(findings) == ([] if ok else ["converted_on"])
    if not ok:
        assert findings[0].source == rules.SRC_PROBATION


@pytest.mark.parametrize(
    "converted, ok",
    [(DAY - dt.timedelta(days=1), True), (DAY, True), (DAY + dt.timedelta(days=1), False)],
)
def test_conversion_cannot_be_in_the_future(converted, ok):
    findings = rules.check_conversion(
        category="full",
        admitted_on=dt.date(2020, 1, 1),
        converted_on=converted,
        extension_months=0,
        today=DAY,
    )
    assert _fields(findings) == ([] if ok else ["converted_on"])


@pytest.mark.parametrize(
    "category, converted, message",
    [
        ("full", None, "A full member needs the date of conversion."),
        ("probationary", dt.date(2021, 7, 1), "A probationary member has no conversion date yet."),
    ],
)
def test_conversion_date_follows_the_category(category, converted, message):
    findings = rules.check_conversion(
        category=category,
        admitted_on=dt.date(2020, 7, 1),
        converted_on=converted,
        extension_months=0,
        today=DAY,
    )
    assert [f.message for f in findings] == [message]


def test_conversion_before_admission_is_refused_once():
    findings = rules.check_conversion(
        category="full",
        admitted_on=dt.date(2020, 7, 1),
        converted_on=dt.date(2020, 6, 30),
        extension_months=0,
        today=DAY,
    )
    assert [f.message for f in findings] == ["Conversion cannot come before admission."]


@pytest.mark.parametrize(
    "months, ok", [(0, True), (5, False), (6, True), (7, True), (11, True), (12, True), (13, False)]
)
def test_probation_extension_is_six_to_twelve_months(months, ok):
    findings = rules.check_probation_extension(months)
    assert _fields(findings) == ([] if ok else ["probation_extension_months"])


@pytest.mark.parametrize(
    "days_left, due",
    [
        (rules.PROBATION_WARNING_DAYS + 1, False),  # the day before the warning starts
        (rules.PROBATION_WARNING_DAYS, True),  # the day it starts
        (rules.PROBATION_WARNING_DAYS - 1, True),  # the day after
        (0, True),
        (-1, True),  # overdue
    ],
)
def test_probation_warning_days(days_left, due):
    ends = dt.date(2026, 7, 1)
    assert rules.probation_due(ends, ends - dt.timedelta(days=days_left)) is due
