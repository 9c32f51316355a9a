"""Quantities in the language of economic reporting: value in base units, unit, approximator."""

import pytest

from nqpf.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("a total investment of 489.6 billion yuan", 489.6e9, "CNY", None),
        ("reached 1.8 trillion yuan ($245.6 billion) in 2024", 1.8e12, "CNY", None),
        ("worth RMB 30 billion", 30e9, "CNY", None),
        ("with an investment of over 30 billion yuan", 30e9, "CNY", "over"),
        ("some 150 billion yuan this year", 150e9, "CNY", "about"),
        ("about 68.9 billion U.S. dollars", 68.9e9, "USD", "about"),
        ("US$1.2 million in funding", 1.2e6, "USD", None),
        ("55 percent of the total", 55, "%", None),
        ("grew 4.5 per cent", 4.5, "%", None),
        ("a 5.2% rise", 5.2, "%", None),
        ("7.3 percentage points faster", 7.3, "pp", None),
        ("support five future industries", 5, "count", None),
        ("3.38 million 5G stations", 3.38e6, "count", None),
        ("868,000 units", 868000, "count", None),
        ("nearly 200 mature clusters", 200, "count", "about"),
        ("fewer than 40 firms", 40, "count", "under"),
        ("an area of 347 mu", 347 * 666.67, "m2", None),
        ("about 23.1 hectares", 231000, "m2", "about"),
        ("1.7 billion square meters of separators", 1.7e9, "m2", None),
        ("12 square kilometres of land", 12e6, "m2", None),
        ("产量达到86.8万辆", 868000, "count", None),
        ("投资4896亿元", 489.6e9, "CNY", None),
        ("增长60.5%", 60.5, "%", None),
    ],
)
def test_quantities_value_unit_approx(text, value, unit, approx):
    found = find_quantities(text)
    assert found, f"no quantity in {text!r}"
    q = found[0]
    assert q.value == pytest.approx(value, rel=1e-6)
    assert (q.unit, q.approx) == (unit, approx)


@pytest.mark.parametrize(
    ("text", "value", "change"),
    [
        ("NEV output reached 868,000 units, up 60.5 percent year on year", 60.5, "up"),
        ("exports fell 3.2 percent", -3.2, "down"),
        ("an increase of 8.1 per cent over the previous year", 8.1, "up"),
    ],
)
def test_quantities_growth(text, value, change):
    q = [q for q in find_quantities(text) if q.unit == "%"][0]
    assert (q.value, q.change) == (value, change)


@pytest.mark.parametrize(
    "text",
    [
        "In 2023, the economy grew.",  # a year
        "on May 29 and Oct 18",  # dates
        "published on 18 November 2024",
        "10:27, January 16, 2025",
        "the 14th Five-Year Plan period",  # ordinal
        "6G and 5G networks",  # numbers inside names
        "chairman of 48 Group Club",
        "the Two Sessions",
        "high-value invention patents per 10,000 people",  # a denominator
        "over the next few months and 30 days",  # durations
        "the municipality's three leading industries",  # a reference, not a statement
    ],
)
def test_quantities_not_figures(text):
    assert [q.text for q in find_quantities(text) if q.unit != "years"] == []


def test_quantities_duration_is_years():
    q = find_quantities("over the next five to 10 years")[0]
    assert (q.value, q.value_max, q.unit) == (5, 10, "years")


def test_quantities_range():
    q = find_quantities("growth of 5-10% is expected")[0]
    assert (q.value, q.value_max, q.unit) == (5, 10, "%")
