"""Pay ranges: keep the published unit, add an hourly equivalent (2080 h/yr, 40 h/wk, 8 h/day)."""

from dataclasses import dataclass
from typing import Any

from etl.errors import FieldError
from etl.normalize.values import to_float
from models.enums import PayUnit

HOURS_PER_UNIT: dict[PayUnit, float] = {
    PayUnit.HOUR: 1.0,
    PayUnit.DAY: 8.0,
    PayUnit.WEEK: 40.0,
    PayUnit.MONTH: 2080.0 / 12,
    PayUnit.YEAR: 2080.0,
}

# Spellings seen in schema.org unitText, USAJOBS RateIntervalCode / its descriptions, and CSVs.
_UNIT_SPELLINGS: dict[str, PayUnit] = {
    **{s: PayUnit.HOUR for s in ("hour", "hourly", "hr", "ph", "per hour", "/hr", "h")},
    **{s: PayUnit.DAY for s in ("day", "daily", "pd", "per day")},
    **{s: PayUnit.WEEK for s in ("week", "weekly", "wk", "pw", "per week")},
    **{s: PayUnit.MONTH for s in ("month", "monthly", "mo", "pm", "per month")},
    **{s: PayUnit.YEAR for s in ("year", "yearly", "annual", "annually", "yr", "pa", "per year", "per annum")},
}
# Bi-weekly has no PayUnit of its own: it is stored per week at half the amount.
_BIWEEKLY = frozenset({"bw", "bi-weekly", "biweekly", "per two weeks"})
_UNPAID = frozenset({"wc", "without compensation"})


@dataclass(frozen=True, slots=True)
class Pay:
    """A normalized pay range in its published unit and per hour."""

    minimum: float | None
    maximum: float | None
    unit: PayUnit
    currency: str | None
    min_hourly: float | None
    max_hourly: float | None


def parse_unit(text: Any, field: str) -> tuple[PayUnit, float] | None:
    """(unit, multiplier) for a unit spelling; None for unpaid; FieldError when unknown."""
    if not isinstance(text, str) or not text.strip():
        raise FieldError(field, "pay has no unit (expected HOUR, DAY, WEEK, MONTH or YEAR)")
    key = text.strip().lower()
    if key in _UNPAID:
        return None
    if key in _BIWEEKLY:
        return PayUnit.WEEK, 0.5
    unit = _UNIT_SPELLINGS.get(key) or _UNIT_SPELLINGS.get(key.rstrip("s"))
    if unit is None:
        raise FieldError(field, f"unknown pay unit {text!r} (expected HOUR, DAY, WEEK, MONTH or YEAR)")
    return unit, 1.0


def hourly(amount: float | None, unit: PayUnit) -> float | None:
    """Amount per unit -> amount per hour, rounded to cents."""
    return None if amount is None else round(amount / HOURS_PER_UNIT[unit], 2)


def make_pay(low: Any, high: Any, unit_text: Any, currency: Any, field: str) -> Pay | None:
    """Validate and convert one published pay range; None when no pay is given."""
    minimum = to_float(low, field)
    maximum = to_float(high, field)
    if minimum is None and maximum is None:
        return None
    if not minimum and not maximum:
        return None  # 0 / 0 means "not stated", never a real wage
    unit_and_factor = parse_unit(unit_text, field)
    if unit_and_factor is None:
        return None
    unit, factor = unit_and_factor
    if (minimum is not None and minimum < 0) or (maximum is not None and maximum < 0):
        raise FieldError(field, f"negative pay: {low!r}..{high!r}")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise FieldError(field, f"minimum pay {minimum:g} is above maximum {maximum:g}")
    if factor != 1.0:
        minimum = None if minimum is None else round(minimum * factor, 2)
        maximum = None if maximum is None else round(maximum * factor, 2)
    code = currency.strip().upper() if isinstance(currency, str) and currency.strip() else None
    if code is not None and len(code) != 3:
        raise FieldError(field, f"currency {currency!r} is not an ISO 4217 code")
    return Pay(minimum, maximum, unit, code, hourly(minimum, unit), hourly(maximum, unit))


def pay_fields(pay: Pay | None) -> dict[str, Any]:
    """The JobPostingIn pay fields of a parsed pay (all None when no pay is published)."""
    return {
        "pay_min": pay.minimum if pay else None,
        "pay_max": pay.maximum if pay else None,
        "pay_unit": pay.unit if pay else None,
        "pay_currency": pay.currency if pay else None,
        "pay_min_hourly": pay.min_hourly if pay else None,
        "pay_max_hourly": pay.max_hourly if pay else None,
    }
