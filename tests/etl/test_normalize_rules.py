"""Normalization rules: pay, suppression, codes, HTML, schedules, places, dates."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.contact import contact_sentences, requires_citizenship
from etl.normalize.dates import to_date, to_deadline
from etl.normalize.location import place_from_address, region_code, split_city_state, zip3_of
from etl.normalize.pay import make_pay
from etl.normalize.program_fields import delivery_of, parse_iso_duration, rate
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import _parsed_markup_to_text, html_to_text
from etl.normalize.values import text_of, to_float
from etl.normalize.vocab import education_level, employment_types
from models.enums import PayUnit


@pytest.mark.parametrize(
    ("low", "high", "unit", "expected_unit", "hourly"),
    [
        (20, 24, "HOUR", PayUnit.HOUR, (20.0, 24.0)),
        (160, 200, "DAY", PayUnit.DAY, (20.0, 25.0)),
        (800, 1000, "WEEK", PayUnit.WEEK, (20.0, 25.0)),
        (3640, 4160, "MONTH", PayUnit.MONTH, (21.0, 24.0)),
        (41600, 52000, "YEAR", PayUnit.YEAR, (20.0, 25.0)),
        (41560, 54028, "PA", PayUnit.YEAR, (19.98, 25.98)),
        (21.9, 25.55, "PH", PayUnit.HOUR, (21.9, 25.55)),
        (41560, 54028, "Per Year", PayUnit.YEAR, (19.98, 25.98)),
        (21.9, 25.55, "Per Hour", PayUnit.HOUR, (21.9, 25.55)),
        ("1,600", "2,000", "BW", PayUnit.WEEK, (20.0, 25.0)),  # bi-weekly: per week at half
    ],
)
def test_pay_keeps_unit_and_converts_to_hourly(
    low: object, high: object, unit: str, expected_unit: PayUnit, hourly: tuple[float, float]
) -> None:
    pay = make_pay(low, high, unit, "usd", "pay")
    assert pay is not None
    assert pay.unit is expected_unit
    assert (pay.min_hourly, pay.max_hourly) == hourly
    assert pay.currency == "USD"


def test_pay_single_value_and_missing() -> None:
    pay = make_pay(45, 45, "HOUR", "USD", "pay")
    assert pay is not None and pay.minimum == pay.maximum == 45
    assert make_pay(None, None, "HOUR", "USD", "pay") is None
    assert make_pay("", "", None, None, "pay") is None
    assert make_pay(0, 0, "HOUR", "USD", "pay") is None  # 0 means "not stated"


@pytest.mark.parametrize(
    ("low", "high", "unit", "reason"),
    [
        ("lots", None, "HOUR", "expected a number"),
        (30, 20, "HOUR", "above maximum"),
        (-5, 20, "HOUR", "negative"),
        (20, 25, "FORTNIGHT", "unknown pay unit"),
        (20, 25, None, "no unit"),
    ],
)
def test_bad_pay_is_a_field_error(low: object, high: object, unit: str | None, reason: str) -> None:
    with pytest.raises(FieldError) as info:
        make_pay(low, high, unit, "USD", "baseSalary")
    assert info.value.field == "baseSalary"
    assert reason in info.value.reason


@pytest.mark.parametrize("value", [None, "", "PrivacySuppressed", "privacysuppressed", "NULL", "n/a"])
def test_suppressed_values_become_none_not_zero(value: object) -> None:
    assert to_float(value, "f") is None


def test_minus_one_is_suppressed_only_where_asked() -> None:
    assert to_float("-1", "f", minus_one_suppressed=True) is None
    assert to_float("-1", "f") == -1.0
    assert rate("-1", "r") is None
    assert rate("72.5", "r") == 0.725
    assert rate("0.5", "r") == 0.5
    assert to_float("$1,250.50", "f") == 1250.5


@pytest.mark.parametrize(
    ("raw", "soc"),
    [
        ("29-1141.00", "29-1141"),
        ("29-1141", "29-1141"),
        ("291141", "29-1141"),
        ("23-1011.00 Lawyers", "23-1011"),
        ("Healthcare", None),
        (None, None),
        ("", None),
    ],
)
def test_soc_normalization(raw: str | None, soc: str | None) -> None:
    assert normalize_soc(raw, "occupationalCategory") == soc


@pytest.mark.parametrize("raw", ["29-11", "2911411", "00-1234", "29-114x"])
def test_malformed_soc_is_rejected_with_field_message(raw: str) -> None:
    with pytest.raises(FieldError) as info:
        normalize_soc(raw, "occupationalCategory")
    assert info.value.field == "occupationalCategory"
    assert "malformed SOC code" in info.value.reason


@pytest.mark.parametrize(
    ("raw", "cip"),
    [
        ("1.0101", "01.0101"),
        ("01.0101", "01.0101"),
        ("010101", "01.0101"),
        ("10101", "01.0101"),
        ("51.39", "51.39"),
        ("5139", "51.39"),
        ("101", "01.01"),
        (51.3902, "51.3902"),
        ("51.390", "51.3900"),
    ],
)
def test_cip_zero_padding(raw: str | float, cip: str) -> None:
    assert normalize_cip(raw, "cip") == cip


@pytest.mark.parametrize("raw", ["abc", "5", "00.0101", "51-3902"])
def test_malformed_cip_is_rejected(raw: str) -> None:
    with pytest.raises(FieldError, match="CIP"):
        normalize_cip(raw, "cip")


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=9999))
def test_cip6_round_trips_through_spreadsheet_mangling(series: int, detail: int) -> None:
    canonical = f"{series:02d}.{detail:04d}"
    assert normalize_cip(canonical, "cip") == canonical
    assert normalize_cip(canonical.replace(".", "").lstrip("0"), "cip") == canonical


def test_html_to_text_keeps_structure_and_drops_markup() -> None:
    html = "<h3>Duties</h3><ul><li>Load <b>trucks</b></li><li>Scan &amp; sort</li></ul><p>Pay:\n   $20/hr</p><br/>"
    assert html_to_text(html) == "Duties\n- Load trucks\n- Scan & sort\nPay: $20/hr"


def test_html_to_text_falls_back_to_parser_for_unusual_markup() -> None:
    html = "<P>Hello<!-- hidden --></P><script>alert(1)</script><style>p{}</style><custom>World</custom>"
    assert html_to_text(html) == "Hello\nWorld"
    assert html_to_text("&lt;p&gt;Double &amp;amp; escaped&lt;/p&gt;") == "Double & escaped"
    assert html_to_text("plain\n\n  text   here") == "plain\ntext here"
    assert html_to_text(None) == ""


@given(st.lists(st.sampled_from(["Lift boxes", "Clean & stock", "Drive", "Café work"]), min_size=1, max_size=6))
def test_fast_html_path_agrees_with_selectolax(items: list[str]) -> None:
    html = (
        "<p>Intro <strong>text</strong></p><ul>"
        + "".join(f"<li>{i.replace('&', '&amp;')}</li>" for i in items)
        + "</ul>"
    )
    assert html_to_text(html) == _parsed_markup_to_text(html)


@pytest.mark.parametrize(
    ("text", "shifts", "days", "hours"),
    [
        ("Mon-Fri 7am-3:30pm", ["day"], ["mon", "tue", "wed", "thu", "fri"], None),
        ("Swing shift, Tue-Sat 3pm-11:30pm", ["evening", "weekend"], ["tue", "wed", "thu", "fri", "sat"], None),
        ("Night shift, Sun-Thu 10pm-6:30am", ["night", "weekend"], ["mon", "tue", "wed", "thu", "sun"], None),
        ("Weekends 10am-6pm", ["day", "weekend"], ["sat", "sun"], None),
        ("Flexible hours, 20-29 hours per week", ["flexible"], [], 29.0),
        ("12 hours a day, 6 days a week", [], [], 72.0),
        ("70 hours per week", [], [], 70.0),
    ],
)
def test_schedule_from_work_hours(text: str, shifts: list[str], days: list[str], hours: float | None) -> None:
    schedule = parse_schedule(text)
    assert schedule.shifts == shifts
    assert schedule.days == days
    assert schedule.hours_per_week == hours


def test_coarse_location_only() -> None:
    place = place_from_address(
        {
            "streetAddress": "123 Main St",
            "addressLocality": "Kent",
            "addressRegion": "Washington",
            "postalCode": "98032-1234",
            "addressCountry": "USA",
        }
    )
    assert (place.city, place.region, place.zip3, place.country) == ("Kent", "WA", "980", "US")
    assert zip3_of("K1A 0B1") is None
    assert region_code("wa") == "WA"
    assert split_city_state("Seattle, Washington") == ("Seattle", "WA")


def test_dates_and_deadlines() -> None:
    assert to_date("2026-10-01T08:00:00Z", "d") == date(2026, 10, 1)
    assert to_date("12/31/2027", "d") == date(2027, 12, 31)
    assert to_deadline("2027-12-31", "v") == datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert to_deadline("2027-12-31T23:59:59.9970", "v") == datetime(2027, 12, 31, 23, 59, 59, 997000, tzinfo=UTC)
    expired = to_deadline("2025-03-31", "v")
    assert expired is not None and expired.year == 2025  # kept: the loader marks it expired
    with pytest.raises(FieldError, match="not an ISO 8601 date"):
        to_deadline("next week", "validThrough")


def test_vocabularies() -> None:
    assert employment_types(["Full-time", "PART_TIME", "contract", "Seasonal", "gig"]) == [
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "OTHER",
    ]
    assert employment_types("FULL_TIME;TEMPORARY") == ["FULL_TIME", "TEMPORARY"]
    assert education_level({"credentialCategory": "high school"}) == "high_school"
    assert education_level("no requirements") == "none"
    assert text_of({"en-US": "Welding", "es": "Soldadura"}) == "Welding"
    assert text_of({"es": "Soldadura"}) == "Soldadura"
    assert text_of({"@id": "_:b0"}) is None


def test_contact_and_citizenship() -> None:
    text = "Great pay. Text or WhatsApp only: 206-555-0190. Start today!\nApply in person at our Kent shop."
    assert contact_sentences(text) == ["Text or WhatsApp only: 206-555-0190.", "Apply in person at our Kent shop."]
    assert requires_citizenship("U.S. citizenship is required for this role.")
    assert not requires_citizenship("Open to all applicants with the right to work.")


def test_program_fields() -> None:
    assert parse_iso_duration("P6M", "d").weeks == 26.0
    assert parse_iso_duration("P16W", "d").weeks == 16.0
    assert parse_iso_duration("PT600H", "d").hours == 600.0
    assert delivery_of(["deliveryType", "OnlineOnly"][-1]) == "online"
    assert delivery_of("BlendedDelivery") == "hybrid"
    assert delivery_of("Classroom") == "in_person"
    assert delivery_of(None) is None
