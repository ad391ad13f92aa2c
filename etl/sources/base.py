"""What every reader yields, and the file checks every reader shares."""

import codecs
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from etl.errors import FileFormatError

# Enough bytes to see a PNG/ZIP/PDF header or a stray NUL without reading a large file twice.
SNIFF_BYTES = 8192
# Deepest JSON nesting accepted. Real files need about 10 (a USAJOBS item's UserArea.Details lists, a CTDL
# node's nested profiles); a cap keeps a hostile file from exhausting the stack in the parser or in code
# that walks the document.
MAX_JSON_DEPTH = 64


class NestingTooDeep(ValueError):
    """A JSON value nested deeper than MAX_JSON_DEPTH."""

    def __init__(self) -> None:
        super().__init__(
            f"nested deeper than {MAX_JSON_DEPTH} levels of lists and objects; real postings and programs "
            "need far fewer, so check how the file was exported"
        )


def nesting_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when lists/objects inside `value` are nested more than `limit` deep (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def drop_trailing_commas(text: str) -> str:
    """The text without commas that directly precede a closing `}` or `]` (outside strings).

    Hand-written JSON-LD pasted from web pages often ends an object with `"workHours": "",` before the `}`
    (Google's own JobPosting example did); JavaScript accepts it, so publishers do not notice.
    """
    out: list[str] = []
    in_string = escaped = False
    pending = -1  # index in `out` of a comma that may turn out to be trailing
    for ch in text:
        if in_string:
            out.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch in "}]" and pending >= 0:
            out[pending] = ""
        if ch == ",":
            pending = len(out)
        elif not ch.isspace():
            pending = -1
        if ch == '"':
            in_string = True
        out.append(ch)
    return "".join(out)


# One decoder for every call: json.loads(text, strict=False) builds a new decoder and scanner each time
# (about 5 µs, a line of JSON Lines costs ~15 µs to parse). Same parser, same errors.
_TOLERANT = json.JSONDecoder(strict=False)


def _decode(text: str) -> Any:
    """json.loads(text, strict=False) with the shared decoder, down to its refusal of a leading BOM."""
    if text.startswith("\ufeff"):
        raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    return _TOLERANT.decode(text)


def _loads_tolerant(text: str) -> Any:
    """json.loads that accepts raw control characters (line breaks, tabs) inside strings, as browsers do
    for JSON-LD in a page, and, when the strict text fails, trailing commas before `}` / `]`."""
    try:
        return _decode(text)
    except json.JSONDecodeError as first_error:
        repaired = drop_trailing_commas(text)
        if repaired == text:
            raise
        try:
            return _decode(repaired)
        except json.JSONDecodeError:
            raise first_error from None  # report the position in the file as written


def loads_bounded(text: str) -> Any:
    """json.loads, refusing documents nested deeper than MAX_JSON_DEPTH with NestingTooDeep.

    Raw control characters inside strings and trailing commas are accepted (see `_loads_tolerant`).
    The C parser gives up with RecursionError near Python's recursion limit (about 1000 levels); that
    is reported the same way, instead of as a traceback.
    """
    try:
        value = _loads_tolerant(text)
    except RecursionError:
        raise NestingTooDeep() from None
    # Nesting deeper than the cap needs more than that many opening brackets; counting them runs at C speed,
    # so the walk is skipped for ordinary records (it cost a fifth of parsing a JSON Lines posting).
    if text.count("{") + text.count("[") > MAX_JSON_DEPTH and nesting_exceeds(value):
        raise NestingTooDeep()
    return value


@dataclass(slots=True)
class RawRecord:
    """One record as it appears in its source, with where it was found."""

    data: dict[str, Any]
    location: str  # "line 12", "@graph[3]", "[0]", "SearchResultItems[4]", ...
    # JSON-LD nodes by @id, so a normalizer can follow references such as ownedBy.
    refs: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    # (field, warning) the reader noted about how it read the record (a missing last cell): reported, like a
    # dropped link, only when the record is imported (etl.normalize.pipeline.normalize_one).
    notes: tuple[tuple[str, str], ...] = ()


def looks_binary(head: bytes) -> bool:
    """A file start with NUL bytes is binary (PNG, ZIP, PDF) or UTF-16 unless it is valid UTF-8 with only a
    stray NUL or two: that is a text export with a bad record, which the record checks report by line."""
    if head.count(b"\x00") * 100 > len(head):
        return True
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a cut-off last character is fine
    except UnicodeDecodeError:
        return True
    return False


def check_text_file(path: Path) -> None:
    """Raise FileFormatError if the file is missing, empty or binary."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        raise FileFormatError(f"{path.name}: cannot open the file ({exc.strerror}).") from exc
    if not head.strip():
        raise FileFormatError(f"{path.name}: the file is empty.")
    nul = head.find(b"\x00")
    if nul >= 0 and looks_binary(head):
        raise FileFormatError(
            f"{path.name}: this is a binary file, not text (NUL byte at offset {nul}); export it as UTF-8 JSON or CSV."
        )


def read_text(path: Path) -> str:
    """The file's text as UTF-8 (a BOM is dropped), or a FileFormatError saying why not."""
    check_text_file(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{path.name}: not UTF-8 text (bad byte at offset {exc.start}); save the file as UTF-8."
        ) from exc


def load_json_document(path: Path, text: str | None = None) -> Any:
    """Parse a whole-file JSON document; a truncated or invalid file names line and column."""
    text = read_text(path) if text is None else text
    try:
        return loads_bounded(text)
    except NestingTooDeep as exc:
        raise FileFormatError(f"{path.name}: the JSON is {exc}.") from None
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) - 1 else ""
        raise FileFormatError(
            f"{path.name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}."
        ) from exc
