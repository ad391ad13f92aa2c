"""ISO 8601 dates and times, plus the US m/d/Y form CSV exports use."""

from datetime import UTC, date, datetime, time

from etl.errors import FieldError

END_OF_DAY = time(23, 59, 59)


def _parse(value: str, field: str) -> datetime | date:
    text = value.strip()
    if "/" in text:  # 12/31/2027 from spreadsheets
        try:
            return datetime.strptime(text.split(" ")[0], "%m/%d/%Y").date()
        except ValueError:
            raise FieldError(field, f"not a date: {value!r} (use YYYY-MM-DD)") from None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"not an ISO 8601 date: {value!r}") from None


def to_date(value: object, field: str) -> date | None:
    """The calendar date of a date or datetime string; None when absent."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(field, f"expected a date string, got {type(value).__name__}")
    parsed = _parse(value, field)
    return parsed.date() if isinstance(parsed, datetime) else parsed


def to_deadline(value: object, field: str) -> datetime | None:
    """A timezone-aware deadline: a bare date means the end of that day, naive times are UTC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldError(field, f"expected a date string, got {type(value).__name__}")
    parsed = _parse(value, field)
    if not isinstance(parsed, datetime):
        parsed = datetime.combine(parsed, END_OF_DAY)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
