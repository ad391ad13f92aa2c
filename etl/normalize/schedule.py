"""Shifts, working days and weekly hours from free-text schedules like 'Mon-Fri 7am-3:30pm'."""

import re
from dataclasses import dataclass, field

from models.enums import Shift

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = (
    r"(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|weds|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)"
)
_DAY_RANGE = re.compile(rf"\b{_DAY}s?\s*(?:-|\u2013|to|through|thru)\s*{_DAY}s?\b")
_DAY_SINGLE = re.compile(rf"\b{_DAY}s?\b")
_TIME = r"(\d{1,2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"
_TIME_RANGE = re.compile(rf"\b{_TIME}\s*(?:-|\u2013|to|until)\s*{_TIME}(?![\d:])")
_WEEKLY_HOURS = re.compile(
    r"(\d{1,3}(?:\.\d+)?)(?:\s*(?:-|\u2013|to)\s*(\d{1,3}(?:\.\d+)?))?[\s-]*(?:hours?|hrs?)\b"
    r"\s*(?:/|per|a|each|every)?\s*(?:week|wk)",
)
_DAILY_HOURS = re.compile(r"(\d{1,2}(?:\.\d+)?)[\s-]*(?:hours?|hrs?)\s*(?:/|per|a|each|every)\s*day")
_DAYS_PER_WEEK = re.compile(r"\b([1-7])\s*days?\s*(?:/|per|a|each|every)\s*week")
_KEYWORD_SHIFTS: tuple[tuple[re.Pattern[str], Shift], ...] = (
    # "days" alone is a shift, but not in "6 days a week".
    (
        re.compile(
            r"\b(?:day shift|daytime|first shift|1st shift|morning)"
            r"|(?<![\d ])\s*\bdays\b(?!\s*(?:a|per|/|each|every)\s*week)"
        ),
        Shift.DAY,
    ),
    (re.compile(r"\b(?:evening|swing|second shift|2nd shift|afternoon)"), Shift.EVENING),
    (re.compile(r"\b(?:night|overnight|graveyard|third shift|3rd shift)"), Shift.NIGHT),
    (re.compile(r"\bweekends?\b"), Shift.WEEKEND),
    (re.compile(r"\b(?:flexible|flex\b|you choose|varies|variable|rotating|on[- ]call)"), Shift.FLEXIBLE),
)
_WEEKDAYS_WORD = re.compile(r"\bweekdays\b")
_EVERY_DAY = re.compile(r"\b(?:7 days a week|seven days a week|every day)\b")


@dataclass(slots=True)
class Schedule:
    """What a schedule text tells us: shifts, days (mon..sun) and hours per week."""

    shifts: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    hours_per_week: float | None = None


def day_code(name: str) -> str:
    """'Thursday', 'thurs', 'Thu' -> 'thu'."""
    return name[:3].lower()


def parse_days(text: str) -> list[str]:
    """Days named in ranges ('Sun-Thu' wraps the week) or singly, in week order."""
    text = text.lower()
    found: set[str] = set()
    for match in _DAY_RANGE.finditer(text):
        start, end = WEEK.index(day_code(match.group(1))), WEEK.index(day_code(match.group(2)))
        span = (end - start) % 7
        found.update(WEEK[(start + i) % 7] for i in range(span + 1))
    for match in _DAY_SINGLE.finditer(_DAY_RANGE.sub(" ", text)):
        found.add(day_code(match.group(1)))
    if _WEEKDAYS_WORD.search(text):
        found.update(WEEK[:5])
    if re.search(r"\bweekends?\b", text):
        found.update(("sat", "sun"))
    if _EVERY_DAY.search(text):
        found.update(WEEK)
    return [d for d in WEEK if d in found]


def to_24h(hour: str, minute: str | None, meridiem: str | None, other_meridiem: str | None) -> float:
    """Clock time as hours since midnight; a bare '7-3:30' borrows the other end's am/pm."""
    h = int(hour) % 24 + (int(minute) / 60 if minute else 0)
    ampm = (meridiem or other_meridiem or "").lower().replace(".", "")
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h >= 12:
        h -= 12
    return h


def shift_for(start: float, end: float) -> Shift:
    """Which shift a start/end time belongs to (end may be past midnight)."""
    if start < 4 or start >= 19:
        return Shift.NIGHT
    if start < 12:
        return Shift.DAY
    if start < 15 and (end <= 19 and end > start):
        return Shift.DAY
    return Shift.EVENING


def parse_hours_per_week(text: str) -> float | None:
    """'32-40 hours per week' -> 40; '12 hours a day, 6 days a week' -> 72."""
    weekly = _WEEKLY_HOURS.search(text)
    if weekly:
        return float(weekly.group(2) or weekly.group(1))
    daily, per_week = _DAILY_HOURS.search(text), _DAYS_PER_WEEK.search(text)
    if daily and per_week:
        return float(daily.group(1)) * int(per_week.group(1))
    return None


def parse_schedule(text: str | None) -> Schedule:
    """Everything a workHours text says about when the job is worked."""
    if not text:
        return Schedule()
    # Patterns here are lower-case: lower-casing once beats re.IGNORECASE on every search.
    text = text.lower()
    shifts: list[Shift] = [shift for pattern, shift in _KEYWORD_SHIFTS if pattern.search(text)]
    has_digit = any(c.isdigit() for c in text)
    for match in _TIME_RANGE.finditer(text) if has_digit else ():
        if not (match.group(3) or match.group(6) or match.group(2) or match.group(5)):
            continue  # '3-5' alone is more likely a count than a time
        start = to_24h(match.group(1), match.group(2), match.group(3), match.group(6))
        end = to_24h(match.group(4), match.group(5), match.group(6), match.group(3))
        shifts.append(shift_for(start, end))
    days = parse_days(text)
    if "sat" in days or "sun" in days:
        shifts.append(Shift.WEEKEND)
    ordered = [s.value for s in Shift if s in shifts]
    return Schedule(ordered, days, parse_hours_per_week(text) if has_digit else None)


def normalize_shifts(values: list[str]) -> list[str]:
    """Shift names from a CSV column ('Day; evening', 'nights') in canonical order."""
    wanted = set()
    for value in values:
        key = value.strip().lower().rstrip("s")
        for shift in Shift:
            if (
                key == shift.value
                or (shift is Shift.NIGHT and key in {"overnight", "graveyard"})
                or (shift is Shift.EVENING and key == "swing")
            ):
                wanted.add(shift)
    return [s.value for s in Shift if s in wanted]
