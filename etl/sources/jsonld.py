"""JSON-LD node reader: one document, a list, `@graph`, or JSON Lines of any of these."""

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from etl.errors import FileFormatError, RecordError
from etl.sources.base import (
    NestingTooDeep,
    RawRecord,
    check_text_file,
    load_json_document,
    loads_bounded,
    read_text,
)

JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}
# Decides, for a node whose @type names none of the wanted types, whether it is one anyway: a CTDL credential
# subclass not in the list, or a JobPosting published without @type (Open Skills / skills-ml postings).
Accept = Callable[[dict[str, Any], list[str]], bool]


def local_type_names(node: dict[str, Any]) -> list[str]:
    """`@type` as bare names: 'schema:JobPosting' and 'https://schema.org/JobPosting' -> 'JobPosting'."""
    raw = node.get("@type") or node.get("type")
    names = raw if isinstance(raw, list) else [raw]
    out = []
    for name in names:
        if isinstance(name, str):
            out.append(name.rsplit("/", 1)[-1].rsplit("#", 1)[-1].rsplit(":", 1)[-1])
    return out


def walk_document(doc: Any, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every top-level node with its index path; `@graph` contents are flattened."""
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from walk_document(item, f"{prefix}[{i}]")
    elif isinstance(doc, dict):
        graph = doc.get("@graph")
        if isinstance(graph, list):
            for i, item in enumerate(graph):
                if isinstance(item, dict):
                    yield f"{prefix}@graph[{i}]", item
        else:
            yield prefix or "[0]", doc


def index_by_id(nodes: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Nodes that carry an `@id`, so references like {"@id": ...} can be followed."""
    return {node["@id"]: node for _, node in nodes if isinstance(node.get("@id"), str)}


def records_from_document(
    doc: Any, types: set[str], prefix: str = "", accept: Accept | None = None
) -> tuple[list[RawRecord], set[str]]:
    """The nodes of the wanted types (or that `accept` takes), and every type name seen (for error messages)."""
    nodes = list(walk_document(doc, prefix))
    refs = index_by_id(nodes)
    seen: set[str] = set()
    out = []
    for location, node in nodes:
        names = local_type_names(node)
        seen.update(names)
        if types.intersection(names) or (accept is not None and accept(node, names)):
            out.append(RawRecord(node, location.strip(), refs))
    return out, seen


def looks_like_json_lines(text: str) -> bool:
    """True when the text is several JSON values, one per line (json.loads says 'Extra data')."""
    try:
        loads_bounded(text)
    except NestingTooDeep:
        return False  # one document: load_json_document reports the depth
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            return False
        first = text.lstrip().split("\n", 1)[0]
        try:
            return isinstance(loads_bounded(first), dict)
        except (json.JSONDecodeError, NestingTooDeep):
            return False
    return False


def read_json_lines(path: Path, types: set[str], accept: Accept | None = None) -> Iterator[RawRecord | RecordError]:
    """One JSON value per line; a bad line is a RecordError and the rest still come out."""
    check_text_file(path)
    file = path.name  # never the directory: an upload's is the server's temporary folder
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                location = f"line {lineno}"
                try:
                    value = loads_bounded(line)
                except NestingTooDeep as exc:
                    yield RecordError(file, location, "(json)", str(exc))
                    continue
                except json.JSONDecodeError as exc:
                    yield RecordError(file, location, "(json)", f"invalid JSON at column {exc.colno}: {exc.msg}")
                    continue
                records, seen = records_from_document(value, types, f"line {lineno} ", accept)
                if not records:
                    found = ", ".join(sorted(seen)) or "no @type"
                    yield RecordError(file, location, "@type", f"expected {' or '.join(sorted(types))}, found {found}")
                # One node per line is the norm; keep the short location then.
                if len(records) == 1:
                    records[0].location = location
                yield from records
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"{path.name}: not UTF-8 text (bad byte at offset {exc.start}).") from exc


def read_jsonld(path: Path, types: set[str], accept: Accept | None = None) -> Iterator[RawRecord | RecordError]:
    """Nodes of the given @type names (or that `accept` takes) from a JSON-LD file or JSON Lines file."""
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        yield from read_json_lines(path, types, accept)
        return
    text = read_text(path)
    if looks_like_json_lines(text):
        yield from read_json_lines(path, types, accept)
        return
    doc = load_json_document(path, text)
    if not isinstance(doc, dict | list):
        raise FileFormatError(f"{path.name}: expected a JSON object or list, found {type(doc).__name__}.")
    records, seen = records_from_document(doc, types, accept=accept)
    if not records:
        found = ", ".join(sorted(seen)) or "none"
        raise FileFormatError(f"{path.name}: no {' or '.join(sorted(types))} nodes found (types in the file: {found}).")
    yield from records
