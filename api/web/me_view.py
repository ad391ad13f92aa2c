"""One shared item in the person's language: pay, dates and days formatted per locale (Babel).

Reads the same view row as `access.present` (no scores, explanations, notes or staff identities) but
phrases it in the language of the page being rendered. What the employer or school wrote (title,
organization, how to apply, their own words about hours) stays exactly as published; the page says so.
"""

from datetime import date, datetime
from typing import Any

from babel.dates import get_day_names

from api.web import i18n
from api.web.i18n import N_, gettext

_PER = {
    "HOUR": N_("{amount} an hour"),
    "DAY": N_("{amount} a day"),
    "WEEK": N_("{amount} a week"),
    "MONTH": N_("{amount} a month"),
    "YEAR": N_("{amount} a year"),
}
_SHIFTS = {
    "day": N_("day"),
    "evening": N_("evening"),
    "night": N_("night"),
    "weekend": N_("weekend"),
    "flexible": N_("flexible"),
}
_DELIVERY = {"in_person": N_("in person"), "online": N_("online"), "hybrid": N_("in person and online")}
EN_DASH = "\u2013"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ANSWER_WORDS = {"interested": N_("Interested"), "not_for_me": N_("Not for me")}


def money_range(low: float | None, high: float | None, currency: str | None) -> str | None:
    """`$19.50-$21.00` (with an en dash between the amounts), or one amount when only one is known or both match."""
    cur = currency or "USD"
    amounts = [i18n.money(v, cur) for v in (low, high) if v is not None]
    if not amounts:
        return None
    return amounts[0] if len(amounts) == 1 or low == high else f"{amounts[0]}{EN_DASH}{amounts[1]}"


def pay_text(low: float | None, high: float | None, unit: str | None, currency: str | None) -> str | None:
    """`$19.50-$21.00 an hour` (en dash) in the current language; None without a unit or an amount."""
    span = money_range(low, high, currency)
    if span is None or unit is None:
        return None
    return gettext(_PER[unit]).format(amount=span) if unit in _PER else span


def _cost(item: dict[str, Any]) -> str | None:
    cost = item.get("cost_total")
    if cost is None:
        return None
    return gettext("Free") if cost == 0 else gettext("{amount} in all").format(amount=i18n.money(cost))


def _place(item: dict[str, Any]) -> str | None:
    if item.get("is_remote"):
        return gettext("Online") if item["item_kind"] == "program" else gettext("From home")
    parts = [p for p in (item.get("city"), item.get("region")) if p]
    return ", ".join(parts) or None


def _days(codes: list[str]) -> str:
    names = get_day_names("abbreviated", locale=i18n.current().babel)
    return ", ".join(names[_WEEKDAYS.index(d)] if d in _WEEKDAYS else d for d in codes)


def _schedule(item: dict[str, Any]) -> list[str]:
    """Plain parts, each already in the current language (the employer's own words on hours stay theirs)."""
    parts: list[str] = []
    if item["item_kind"] == "program":
        if item.get("duration_weeks"):
            parts.append(gettext("{weeks} weeks").format(weeks=i18n.number(item["duration_weeks"])))
        if item.get("delivery") in _DELIVERY:
            delivery = _DELIVERY[item["delivery"]]
            parts.append(gettext(delivery))
    if item.get("shifts"):
        shifts = ", ".join(gettext(_SHIFTS[s]) if s in _SHIFTS else s for s in item["shifts"])
        template = gettext("Shifts: {shifts}") if item["item_kind"] == "job" else gettext("Classes: {shifts}")
        parts.append(template.format(shifts=shifts))
    if item.get("days"):
        parts.append(_days(list(item["days"])))
    if item.get("hours_per_week"):
        parts.append(gettext("About {hours} hours a week").format(hours=i18n.number(item["hours_per_week"])))
    return parts


def localized(item: dict[str, Any]) -> dict[str, Any]:
    """A row of `survivor_visible_recommendation` as the person's page shows it, in the current language."""
    is_program = item["item_kind"] == "program"
    approved: datetime | None = item.get("approved_at")
    checked: date | None = approved.date() if approved else None
    answer = item.get("survivor_response")
    return {
        "id": item["id"],
        "kind": "training" if is_program else "job",
        "title": item["title"],
        "organization": item["organization"],
        "pay": _cost(item)
        if is_program
        else pay_text(item.get("pay_min"), item.get("pay_max"), item.get("pay_unit"), item.get("pay_currency")),
        "place": _place(item),
        "schedule": _schedule(item),
        "employer_hours": None if item.get("hours_per_week") else item.get("work_hours_text"),
        "how_to_apply": item.get("contact_text"),
        "link": item.get("url"),
        "checked_on": checked,
        "checked_on_text": i18n.long_date(checked) if checked else None,
        "your_answer": answer if answer in ANSWER_WORDS else None,
    }
