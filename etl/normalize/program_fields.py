"""Program fields several formats share: durations, delivery mode, rates, class schedules."""

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import isodate

from etl.errors import FieldError
from etl.normalize.values import to_float
from models.enums import Delivery

WEEKS_PER_MONTH = 52.0 / 12
WEEKS_PER_YEAR = 52.0
_ONLINE = re.compile(r"\b(?:online|distance|remote|virtual|web[- ]based)\b", re.I)
_BLENDED = re.compile(r"\b(?:hybrid|blended)\b", re.I)
# Status words a list uses for a program that may not enrol anyone now. Such a program is still on the list,
# so it is imported (faithfully, with the word kept) and stored closed: never ranked, visible to staff.
_NOT_OFFERED = re.compile(r"^(?:suspend(?:ed)?|inactive|closed|withdrawn|denied|removed|expired|revoked)$", re.I)
_IN_PERSON = re.compile(r"\b(?:in[- ]person|on[- ]?site|onsite|classroom|campus|face[- ]to[- ]face)\b", re.I)


@dataclass(frozen=True, slots=True)
class Length:
    """A program length: calendar weeks and/or clock hours."""

    weeks: float | None = None
    hours: float | None = None


def parse_iso_duration(value: str, field: str) -> Length:
    """'P6M' -> 26 weeks; 'PT600H' (time only) -> 600 clock hours; 'P16W' -> 16 weeks."""
    try:
        duration = isodate.parse_duration(value.strip())
    except (isodate.ISO8601Error, ValueError):
        raise FieldError(field, f"not an ISO 8601 duration: {value!r}") from None
    if isinstance(duration, timedelta):
        if "T" in value and value.strip().upper().startswith("PT"):
            return Length(hours=round(duration.total_seconds() / 3600, 2))
        return Length(weeks=round(duration.days / 7, 2))
    weeks = float(duration.years) * WEEKS_PER_YEAR + float(duration.months) * WEEKS_PER_MONTH + duration.tdelta.days / 7
    return Length(weeks=round(weeks, 2))


def delivery_of(*texts: str | None) -> str | None:
    """in_person, online or hybrid from delivery words ('Online', 'BlendedDelivery', 'Classroom')."""
    text = " ".join(t for t in texts if t)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # 'OnlineOnly' -> 'Online Only'
    if not text:
        return None
    online, in_person = bool(_ONLINE.search(text)), bool(_IN_PERSON.search(text))
    if _BLENDED.search(text) or (online and in_person):
        return Delivery.HYBRID.value
    if online:
        return Delivery.ONLINE.value
    if in_person:
        return Delivery.IN_PERSON.value
    return None


def rate(value: Any, field: str) -> float | None:
    """A share in 0..1 from '0.72', '72', '72%' or -1 (suppressed -> None)."""
    number = to_float(value, field, minus_one_suppressed=True)
    if number is None:
        return None
    if number > 1:
        number /= 100
    if not 0 <= number <= 1:
        raise FieldError(field, f"rate {value!r} is outside 0..100%")
    return round(number, 4)


def not_offered(listed_status: str | None) -> bool:
    """True when the list's own status word says the program does not enrol now ('Suspend', 'Inactive')."""
    return bool(listed_status and _NOT_OFFERED.match(listed_status.strip()))
