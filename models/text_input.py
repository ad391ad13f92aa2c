"""Text a person or a file gives us: which characters are refused at the edge, and the message that says so.

PostgreSQL cannot store NUL in text, a lone surrogate (JSON can carry "\\ud800") cannot be encoded as UTF-8,
and other control characters (escape sequences, backspace, bell, C1 codes) have no business in a job title
or a note: they garble pages, logs and exported spreadsheets. So every input schema refuses them with a
message that names the field and the code point, never the value (it may be personal data). Tab, line
feed and carriage return are allowed only in fields meant to hold several lines (a description, a note).

Usage in a pydantic or SQLModel class body:

    MULTILINE_FIELDS: ClassVar[frozenset[str]] = frozenset({"description"})
    _clean_text = refuse_control_characters()
"""

import re
import threading
from collections.abc import Iterable
from datetime import date
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError, SchemaValidator

# An absolute http(s) address with a host; nothing else is stored as a link (javascript:, data:, relative, ...).
_WEB_LINK = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)

# Whitespace controls a multi-line field (textarea) legitimately holds; browsers send "\r\n".
MULTILINE_CONTROLS = frozenset("\t\n\r")


def describe(char: str) -> str:
    """'U+0000 NUL' / 'U+001B' / 'U+D800 (unpaired surrogate)': names the character without echoing input."""
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"{code} (an unpaired surrogate)"
    names = {0: "NUL", 7: "BEL", 8: "backspace", 9: "tab", 10: "line break", 13: "carriage return", 27: "ESC"}
    return f"{code} {names[ord(char)]}" if ord(char) in names else code


# Unicode Cc (C0 controls, DEL, C1 controls) and Cs (surrogates): the refused characters, as one C-speed search.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_REFUSED_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab, LF, CR allowed


def refused_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first refused character as (position, description), or None when the text is acceptable.

    Refused: Unicode category Cc (C0 controls, DEL, C1 controls) and Cs (surrogates, which only a JSON
    escape can produce). Format characters (Cf: zero-width joiners in emoji, soft hyphens) are allowed.
    """
    if value.isprintable():  # the common case in one C-speed pass: no Cc, Cs or other non-printables
        return None
    # A regex, not a loop over characters: a multi-line description always fails isprintable() (its line
    # breaks), and looping over its characters in Python cost a tenth of an import.
    found = (_REFUSED_MULTILINE if multiline else _REFUSED).search(value)
    return None if found is None else (found.start(), describe(found.group()))


def _strings(value: Any) -> Iterable[str]:
    """Every string inside a field's value (lists, tuples, sets and dict keys and values), without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())


def check_field_text(field: str, value: Any, *, multiline: bool) -> None:
    """Raise a pydantic error naming `field` when any string in `value` holds a refused character."""
    for text in (value,) if isinstance(value, str) else _strings(value):
        # Line breaks and tabs at either end are trimmed by the schema (or the normalizer) afterwards.
        found = refused_character(text if multiline else text.strip(" \t\n\r"), multiline=multiline)
        if found is not None:
            position, char = found
            where = "a line break or tab" if char.split(" ", 1)[0] in ("U+0009", "U+000A", "U+000D") else None
            reason = (
                f"{field} must be on one line: remove {where} ({char}) at character {position + 1}"
                if where
                else f"{field} contains a control character ({char}) at character {position + 1}; remove it"
            )
            raise PydanticCustomError("control_character", reason)


# Values that hold no text: nothing to check (most of a record's 35 fields on every import).
_NOT_TEXT = (int, float, date, type(None))


def _validate(cls: type, value: Any, info: ValidationInfo) -> Any:
    # Fast paths, checked first because this runs for every field of every imported record, most common value
    # first: None and a number hold no text; a printable string (no Cc, Cs or other non-printable character,
    # so no tab or line break either) is acceptable whether the field is multi-line or not.
    if value is None:
        return value
    if isinstance(value, str):
        if value.isprintable():
            return value
    elif isinstance(value, _NOT_TEXT) or (  # a number or a date; a list of printable strings (or none)
        isinstance(value, list) and (not value or all(isinstance(v, str) and v.isprintable() for v in value))
    ):
        return value
    field = info.field_name or "value"
    multiline = field in getattr(cls, "MULTILINE_FIELDS", frozenset())
    if multiline and isinstance(value, str) and _REFUSED_MULTILINE.search(value) is None:
        # A description with line breaks (nearly every one): what check_field_text would find, in one search.
        return value
    check_field_text(field, value, multiline=multiline)
    return value


def refuse_control_characters() -> Any:
    """A field validator for every field of the class it is assigned in (and its subclasses).

    It runs before the field's own parsing, so a lone surrogate gets this message too (pydantic's own
    says only that the value is not a valid string); values that are not text pass through untouched.
    """
    return field_validator("*", mode="before")(_validate)


def is_web_link(value: str) -> bool:
    """True for 'https://example.org/x' and 'http://host'; False for javascript:, data:, //host, /path, ..."""
    return _WEB_LINK.fullmatch(value) is not None


def web_link_only(cls: type, value: str | None) -> str | None:
    """Field validator for stored links: refuse anything but an absolute http(s) address."""
    if value is not None and not is_web_link(value):
        raise PydanticCustomError("web_link", "url must be a web address starting with http:// or https://")
    return value


def refuse_non_web_links(*fields: str) -> Any:
    """A field validator that refuses non-http(s) values of the given link fields."""
    return field_validator(*fields, mode="after")(web_link_only)


M = TypeVar("M", bound=BaseModel)


class TextCheckedBuilder(Generic[M]):
    """Builds records of a model whose fields refuse control characters (`refuse_control_characters`), for the
    import's hot path: the same record, or the same ValidationError, as `model(**values)`.

    That validator is a Python call for every given field, ~7 µs of a posting's ~16 µs in pydantic. One pass
    over the values here tells whether any of those calls could refuse anything; when none could, the record is
    validated by the model's own schema with those calls taken out (every other check, and the link validator,
    stay). Otherwise, and for anything unusual, the model itself builds it, with its messages.
    """

    def __init__(self, model: type[M]) -> None:
        self._model = model
        self._fields = frozenset(model.model_fields)
        self._multiline: frozenset[str] = getattr(model, "MULTILINE_FIELDS", frozenset())
        self._unchecked: SchemaValidator | None = None
        self._lock = threading.Lock()

    def __call__(self, **values: Any) -> M:
        if self._all_acceptable(values):
            return cast(M, self._validator().validate_python(values))
        return self._model(**values)

    def _all_acceptable(self, values: dict[str, Any]) -> bool:
        """True only when `_validate` would let every value through (False sends the record the long way)."""
        fields, multiline = self._fields, self._multiline
        for name, value in values.items():
            if value is None or name not in fields:  # not a field: the model decides what that means
                if value is None:
                    continue
                return False
            if isinstance(value, str):
                if value.isprintable() or (name in multiline and _REFUSED_MULTILINE.search(value) is None):
                    continue
                return False
            if isinstance(value, _NOT_TEXT):
                continue
            if isinstance(value, list) and all(isinstance(v, str) and v.isprintable() for v in value):
                continue
            return False
        return True

    def _validator(self) -> SchemaValidator:
        if self._unchecked is not None:
            return self._unchecked
        # Built once, under a lock: server uploads run in threads, and the class flag below must not be seen
        # flipped by a second builder.
        with self._lock:
            if self._unchecked is None:
                schema = _without_text_check(self._model.__pydantic_core_schema__)
                # The model's own __init__ would validate again with the checks in; pydantic-core makes the instance.
                schema["custom_init"] = False
                # pydantic-core reuses a complete model class's own validator for its schema; this one must be built
                # from the schema given, so the class reads as incomplete for the moment it is built.
                type.__setattr__(self._model, "__pydantic_complete__", False)
                try:
                    self._unchecked = SchemaValidator(schema, schema.get("config"))
                finally:
                    type.__setattr__(self._model, "__pydantic_complete__", True)
        return self._unchecked


def _without_text_check(node: Any) -> Any:
    """A copy of a core schema with every `refuse_control_characters` before-validator replaced by what it wraps."""
    if isinstance(node, dict):
        function = node.get("function")
        if (
            node.get("type") == "function-before"
            and isinstance(function, dict)
            and getattr(function.get("function"), "__func__", None) is _validate
        ):
            return _without_text_check(node["schema"])
        return {key: _without_text_check(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_text_check(item) for item in node]
    return node
