"""JSON-LD node reader: one document, a list, `@graph`, JSON Lines of any of these, or the
`<script type="application/ld+json">` blocks of an HTML page (how employers publish postings for search engines)."""

import json
import re
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
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# The type attribute quoted or not, in any case, among other attributes; the block ends at the first </script>
# (the HTML parser's rule too: a JSON string holding "</script>" must be written "<\/script>").
_LD_SCRIPT = re.compile(
    r"<script\b[^>]*?\btype\s*=\s*[\"']?\s*application/ld\+json\s*[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
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


class LineShard:
    """Which lines of a JSON Lines file one import worker parses (etl.parallel): the others are skipped before
    their JSON is parsed, which is most of the cost of reading them. `unit` is the number of the non-blank
    line being read, so the worker can tell which chunk the records it yields belong to."""

    def __init__(self, worker: int, workers: int, chunk: int) -> None:
        self.worker, self.workers, self.chunk = worker, workers, chunk
        self.applied = False  # set once a reader took lines through this shard
        self.unit = -1

    def take(self, unit: int) -> bool:
        self.applied, self.unit = True, unit
        return (unit // self.chunk) % self.workers == self.worker


# Set only inside an import worker process (etl.parallel), never in the parent.
line_shard: LineShard | None = None


def read_json_lines(path: Path, types: set[str], accept: Accept | None = None) -> Iterator[RawRecord | RecordError]:
    """One JSON value per line; a bad line is a RecordError and the rest still come out."""
    check_text_file(path)
    file = path.name  # never the directory: an upload's is the server's temporary folder
    try:
        shard = line_shard
        unit = -1
        with path.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                unit += 1
                if shard is not None and not shard.take(unit):
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


def looks_like_html(path: Path, text: str) -> bool:
    """An HTML page (or fragment) rather than JSON: its name says so, or it starts with a tag or comment."""
    return path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:1] == "<"


def json_ld_blocks(text: str) -> list[tuple[int, str]]:
    """(line, text) of each `<script type="application/ld+json">` block of an HTML page, in page order.

    Blocks inside HTML comments are skipped, as browsers and search engines skip them (a page that commented
    its markup out does not publish it); the comments are blanked, not removed, so line numbers stay right.
    """
    visible = _HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return [(visible.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in _LD_SCRIPT.finditer(visible)]


def read_html_jsonld(
    path: Path, text: str, types: set[str], accept: Accept | None = None
) -> Iterator[RawRecord | RecordError]:
    """The wanted nodes of every JSON-LD block of an HTML page; a block that is not JSON is reported by its
    line and the other blocks still import. Nodes may refer to nodes of another block on the same page."""
    file = path.name
    blocks = json_ld_blocks(text)
    if not blocks:
        raise FileFormatError(
            f'{path.name}: an HTML page without a <script type="application/ld+json"> block (markup inside an '
            "HTML comment is not read); save the page that shows the posting, or its JSON-LD as a .json file."
        )
    docs: list[tuple[str, Any]] = []
    problems: list[RecordError] = []
    for n, (line, block) in enumerate(blocks):
        where = f"script[{n}]"
        try:
            docs.append((where, loads_bounded(block)))
        except NestingTooDeep as exc:
            problems.append(RecordError(file, f"{where} (line {line})", "(json)", str(exc)))
        except json.JSONDecodeError as exc:
            at = line + exc.lineno - 1
            problems.append(RecordError(file, f"{where} (line {at})", "(json)", f"invalid JSON: {exc.msg}"))
    refs = index_by_id(node for where, doc in docs for node in walk_document(doc, where))
    records: list[RawRecord] = []
    seen: set[str] = set()
    for where, doc in docs:
        found, names = records_from_document(doc, types, where, accept)
        seen.update(names)
        records += [RawRecord(r.data, r.location, refs) for r in found]
    if not records and not problems:
        found_types = ", ".join(sorted(seen)) or "none"
        raise FileFormatError(
            f"{path.name}: no {' or '.join(sorted(types))} nodes in the page's JSON-LD (types found: {found_types})."
        )
    yield from problems
    yield from records


def read_jsonld(path: Path, types: set[str], accept: Accept | None = None) -> Iterator[RawRecord | RecordError]:
    """Nodes of the given @type names (or that `accept` takes) from a JSON-LD file, a JSON Lines file or the
    JSON-LD blocks of an HTML page."""
    if path.suffix.lower() in JSON_LINES_SUFFIXES:
        yield from read_json_lines(path, types, accept)
        return
    text = read_text(path)
    if looks_like_html(path, text):
        yield from read_html_jsonld(path, text, types, accept)
        return
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
