"""Small readers for JSON-LD / CSV values: single-or-list, language maps, numbers, suppression."""

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, overload

from etl.errors import FieldError

# Markers sources use for "withheld for privacy" or "not reported"; all become None, never 0.
SUPPRESSED = frozenset({"privacysuppressed", "suppressed", "n/a", "na", "null", "none", "-", ""})
LANGUAGE_PREFERENCE = ("en-US", "en-us", "en", "en-GB")
_LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")


def as_list(value: Any) -> list[Any]:
    """JSON-LD allows one value or a list; always get a list (None -> [])."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def first(value: Any) -> Any:
    """The first of one-or-many values, or None."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def text_of(value: Any) -> str | None:
    """A plain string from a string, language map, {"@value"}, {"name"} or list of those."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            text = text_of(item)
            if text:
                return text
        return None
    if isinstance(value, Mapping):
        for key in ("@value", "name", "Name", "ceterms:name", *LANGUAGE_PREFERENCE):
            if key in value:
                return text_of(value[key])
        # Any other language tag, e.g. {"es": ...}: better than nothing. Keys such as
        # "@id" or "url" are not language tags, so a bare reference yields None.
        for key, item in value.items():
            if _LANGUAGE_TAG.match(key) and isinstance(item, str | list):
                return text_of(item)
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def is_suppressed(value: Any) -> bool:
    """True for missing or privacy-suppressed values (None, '', 'PrivacySuppressed', ...)."""
    return value is None or (isinstance(value, str) and value.strip().lower() in SUPPRESSED)


def to_float(value: Any, field: str, *, minus_one_suppressed: bool = False) -> float | None:
    """A number from a number or numeric string ('$1,200.50'); suppressed -> None; junk -> FieldError."""
    if is_suppressed(value):
        return None
    if isinstance(value, bool):
        raise FieldError(field, f"expected a number, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("$", "").replace("%", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise FieldError(field, f"expected a number, got {value!r}") from None
    else:
        raise FieldError(field, f"expected a number, got {type(value).__name__}")
    if number != number or number in (float("inf"), float("-inf")):
        raise FieldError(field, f"expected a finite number, got {value!r}")
    if minus_one_suppressed and number == -1:
        return None
    return number


def to_int(value: Any, field: str) -> int | None:
    """An integer count; fractional or junk values are a FieldError."""
    number = to_float(value, field)
    if number is None:
        return None
    if not number.is_integer():
        raise FieldError(field, f"expected a whole number, got {value!r}")
    return int(number)


def to_bool(value: Any) -> bool | None:
    """Yes/no in the spellings sources use; None when unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in {"true", "yes", "y", "1", "t"}:
            return True
        if lowered in {"false", "no", "n", "0", "f"}:
            return False
    return None


@overload
def clip(text: str, limit: int) -> str: ...
@overload
def clip(text: None, limit: int) -> None: ...
@overload
def clip(text: str | None, limit: int) -> str | None: ...
def clip(text: str | None, limit: int) -> str | None:
    """Cut text to a column's max length on a word boundary, with an ellipsis."""
    if text is None or len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def resolve(value: Any, refs: Mapping[str, dict[str, Any]]) -> Any:
    """Follow a JSON-LD reference ({"@id": ...} or a bare id string) to its node if known."""
    if isinstance(value, Mapping) and set(value) <= {"@id"} and value.get("@id") in refs:
        return refs[value["@id"]]
    if isinstance(value, str) and value in refs:
        return refs[value]
    return value


def csv_getter(
    row: Mapping[str, str], required: Iterable[str], *, label: Callable[[str], str] = str
) -> Callable[[str], str | None]:
    """A stripped-value reader for one CSV row; raises FieldError for a missing required column."""

    def get(column: str) -> str | None:
        value = row.get(column)
        if value is None:
            return None
        value = value.strip()
        if len(value) > 1 and value[0] == value[-1] == '"':
            value = value[1:-1].strip()  # a cell quoted twice by a spreadsheet round-trip ('"High School"')
        return value or None

    for column in sorted(required):
        if not get(column):
            raise FieldError(label(column), "missing")
    return get
