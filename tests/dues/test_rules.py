"""Dues rules at every bracket edge (party-rules.md §1.2, §1.5)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branchwork.dues import rules

VECTORS = [  # party-rules.md §1.5
    ("employed", "3000", "15.00"),
    ("employed", "3000.01", "30.00"),
    ("employed", "10000", "150.00"),
    ("employed", "10001", "200.02"),
    ("retired", "5000", "25.00"),
    ("retired", "5001", "50.01"),
    ("employed", "5000.00", "50.00"),
    ("employed", "5000.01", "75.00"),
]


@pytest.mark.parametrize(("category", "base", "fee"), VECTORS)
def test_spec_vectors(category, base, fee):
    assert rules.quote(category, Decimal(base)).monthly_fee == Decimal(fee)


def reference(category: str, base: Decimal) -> Decimal:
    """The spec's reference algorithm, written independently of the table."""
    if category == "employed":
        rate = (
            "0.005"
            if base <= 3000
            else "0.01"
            if base <= 5000
            else "0.015"
            if base <= 10000
            else "0.02"
        )
    else:
        rate = "0.005" if base <= 5000 else "0.01"
    return (base * Decimal(rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)


money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
EDGES = [Decimal(x) for x in ("3000", "5000", "10000")]


@given(base=money, category=st.sampled_from(["employed", "retired"]))
def test_matches_the_reference_algorithm(base, category):
    assert rules.quote(category, base).monthly_fee == reference(category, base)


@given(
    edge=st.sampled_from(EDGES),
    offset=st.decimals(min_value=Decimal("-1.00"), max_value=Decimal("1.00"), places=2),
)
def test_around_every_employed_edge(edge, offset):
    base = edge + offset
    quote = rules.quote("employed", base)
    assert quote.monthly_fee == reference("employed", base)
    # Upper bounds are inclusive: exactly on the edge pays the lower rate.
    if offset <= 0:
        assert (
            quote.rate
            == dict((u, r) for u, r in rules.EMPLOYED_BRACKETS if u)[
                min(u for u, _r in rules.EMPLOYED_BRACKETS if u and u >= base)
            ]
        )


@given(a=money, b=money, category=st.sampled_from(["employed", "retired"]))
def test_more_pay_never_pays_less(a, b, category):
    low, high = sorted([a, b])
    assert rules.quote(category, low).monthly_fee <= rules.quote(category, high).monthly_fee


def test_rule_sentence_names_band_rate_and_source():
    quote = rules.quote("employed", Decimal("5000.01"))
    assert quote.rule == (
        "Employed (after-tax regular pay), base 5000.01 yuan (above 5000 and up to 10000 yuan): "
        "1.5 % of the whole base = 75.00 yuan a month (党费规定 (中组发〔2008〕3号) Art. 2; "
        "rounded half-up to 0.01)."
    )


@pytest.mark.parametrize("category", ["student", "unemployed", "relief", "minimum_allowance"])
def test_fixed_fees(category):
    quote = rules.quote(category, None)
    assert (quote.monthly_fee, quote.rate) == (Decimal("0.20"), None)
    assert "Art. 6" in quote.rule


@pytest.mark.parametrize(
    ("fee", "ok"), [("0.19", False), ("0.20", True), ("1.00", True), ("1.01", False)]
)
def test_farmer_fee_is_between_020_and_100(fee, ok):
    if ok:
        assert rules.quote("farmer", None, Decimal(fee)).monthly_fee == Decimal(fee)
    else:
        with pytest.raises(rules.DuesError):
            rules.quote("farmer", None, Decimal(fee))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-1", "cannot be negative"),
        ("abc", "is not a number"),
        ("1.234", "two decimals"),
        ("NaN", "is not a number"),
    ],
)
def test_bad_amounts(raw, message):
    with pytest.raises(rules.DuesError, match=message):
        rules.parse_amount(raw, "base")


def test_unknown_category_and_missing_base():
    with pytest.raises(rules.DuesError, match="Unknown category 'x'"):
        rules.quote("x", Decimal("1"))
    with pytest.raises(rules.DuesError, match="needs the monthly base"):
        rules.quote("employed", None)


@pytest.mark.parametrize(("n", "ok"), [(1, True), (6, True), (7, False)])
def test_six_months_at_once(n, ok):
    import datetime as dt

    months = [rules.add_months(dt.date(2019, 1, 1), i) for i in range(n)]
    if ok:
        rules.check_months_at_once(months, 6)
    else:
        with pytest.raises(rules.DuesError, match="7 months at once"):
            rules.check_months_at_once(months, 6)


@pytest.mark.parametrize(
    ("months", "level"),
    [(0, None), (2, None), (3, "warning"), (5, "warning"), (6, "case"), (9, "case")],
)
def test_arrears_levels(months, level):
    assert rules.arrears_level(months) == level


def test_months_in_a_row_is_the_longest_run_wherever_it_lies():
    import datetime as dt

    unpaid = {dt.date(2019, 3, 1), dt.date(2019, 11, 1), dt.date(2019, 12, 1)}
    assert rules.longest_run(unpaid) == 2
    assert rules.longest_run(set()) == 0
    # Issue 11: paid Sep-Nov but not Jan-Aug: 8 in a row (a case), not 0.
    jan_to_aug = {dt.date(2026, m, 1) for m in range(1, 9)}
    assert rules.longest_run(jan_to_aug) == 8
    assert rules.arrears_level(rules.longest_run(jan_to_aug)) == "case"
    # Runs across the turn of the year.
    assert rules.longest_run({dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)}) == 3
    assert rules.month_span(dt.date(2019, 11, 15), dt.date(2020, 2, 1)) == [
        dt.date(2019, 11, 1),
        dt.date(2019, 12, 1),
        dt.date(2020, 1, 1),
        dt.date(2020, 2, 1),
    ]


def test_basis_sentence_reads_in_the_active_language():
    """Issue 11 §4: a basis stored with an English sentence explains itself in Chinese on a
    Chinese page (recomputed from its category and base), with the article in Chinese."""
    from django.utils import translation

    from branchwork.dues.models import FeeBasis

    basis = FeeBasis(
        category="employed",
        base=Decimal("9688.00"),
        monthly_fee=Decimal("145.32"),
        rule="Employed (after-tax regular pay), base 9688.00 yuan ...",
    )
    with translation.override("zh-hans"):
        text = basis.rule_text
    assert "145.32" in text and "第二条" in text and "yuan" not in text
    basis.monthly_fee = Decimal("1.00")  # no longer what the rules give: the stored sentence
    assert basis.rule_text == basis.rule
