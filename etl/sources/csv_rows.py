"""Delimited files (CSV, TSV, pipe, semicolon) as rows keyed by our field names, each with its line number.

Real partner files differ in three ways this reader absorbs, and reports, so nothing is silently garbled:
- the delimiter (comma, tab, pipe or semicolon), taken from the header row;
- the encoding: UTF-8 with or without a BOM, else Windows-1252 (what Excel on Windows saves); a file that is
  neither is refused;
- the column names: matched ignoring case, spaces and punctuation ("Program Name" = "PROGRAM_NAME" =
  "programname"), through a format's aliases, an alias profile recognised from the header (a state's ETPL
  export, a job board's dump), or a mapping the user gives (`--columns`).
"""

import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import FileFormatError, RecordError
from etl.sources.base import RawRecord, check_text_file

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Our field name -> the file's header(s) that hold it (`--columns`).
ColumnMapping = Mapping[str, Sequence[str]]
DELIMITERS = {",": "comma", "\t": "tab", "|": "pipe", ";": "semicolon"}
SNIFF_CHARS = 65536  # enough for a header row with long quoted, multi-line names
# Bytes Windows-1252 leaves undefined: a file holding them is neither UTF-8 nor Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_SCAN_BLOCK = 1 << 20
# Long descriptions in real exports (USAJOBS, state lists) pass the csv module's 128 KiB default.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def canonical_column(name: str) -> str:
    """'Program CIP Code ' -> 'program_cip_code'; 'UNITID' -> 'unitid'."""
    return _NON_ALNUM.sub("_", name.strip().lower()).strip("_")


def header_key(name: str) -> str:
    """What column matching compares: lower case, letters and digits only ('Program #' -> 'program')."""
    return _NON_ALNUM.sub("", name.lower())


@dataclass(frozen=True, slots=True)
class Profile:
    """A known layout: recognised when every `signature` key is in the header; its aliases win over the
    format's generic ones; `constants` fill fields the layout implies but does not carry (a city's own jobs
    file names no city)."""

    name: str
    signature: frozenset[str]
    aliases: Mapping[str, str]  # header key -> our field
    constants: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, name: str, signature: Sequence[str], aliases: Mapping[str, str], constants: Mapping[str, str] | None = None
    ) -> "Profile":
        return cls(
            name,
            frozenset(header_key(s) for s in signature),
            {header_key(k): v for k, v in aliases.items()},
            dict(constants or {}),
        )


@dataclass(frozen=True, slots=True)
class CsvSpec:
    """What one delimited format reads: our field names, which are required, and how headers map to them."""

    format_name: str
    fields: tuple[str, ...]
    required: frozenset[str]
    aliases: Mapping[str, str]  # header key -> our field
    profiles: tuple[Profile, ...] = ()
    # Fields several columns may feed, joined with this separator (distinct values, in column order);
    # any other field takes its first non-empty column.
    joined: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        format_name: str,
        fields: Sequence[str],
        required: Sequence[str],
        aliases: Mapping[str, str],
        profiles: Sequence[Profile] = (),
        joined: Mapping[str, str] | None = None,
    ) -> "CsvSpec":
        keys = {header_key(k): v for k, v in aliases.items()}
        return cls(format_name, tuple(fields), frozenset(required), keys, tuple(profiles), dict(joined or {}))


@dataclass(frozen=True, slots=True)
class Dialect:
    delimiter: str
    encoding: str  # the codec used
    encoding_label: str  # what the import reports

    def describe(self) -> str:
        return f"{DELIMITERS[self.delimiter]}-delimited, {self.encoding_label}"


@dataclass(frozen=True, slots=True)
class Layout:
    """Which columns feed which field, after aliases, profile and the user's mapping."""

    columns: Mapping[str, tuple[int, ...]]  # our field -> column positions
    profile: str | None
    constants: Mapping[str, str]
    width: int
    headers: tuple[str, ...] = ()  # as the file names them (line breaks in a quoted name collapsed)

    def used(self) -> list[tuple[str, str]]:
        """(header as the file spells it, our field it fed), in the file's column order: what a report shows."""
        field_at = {at: name for name, cols in self.columns.items() for at in cols}
        return [
            (self.headers[at] if at < len(self.headers) else f"column {at + 1}", field_at[at])
            for at in sorted(field_at)
        ]

    def unused(self) -> list[str]:
        """The file's headers no field reads (the report lists them, so a partner sees what was left out)."""
        taken = {at for cols in self.columns.values() for at in cols}
        return [h for at, h in enumerate(self.headers) if at not in taken and h]


@dataclass(frozen=True, slots=True)
class CsvInfo:
    dialect: Dialect
    layout: Layout

    def describe(self) -> str:
        names = f"column profile: {self.layout.profile}" if self.layout.profile else "columns matched by name"
        return f"{self.dialect.describe()}, {names}"

    def as_record(self) -> dict[str, object]:
        """What was sniffed, as an import run keeps it (import_run.read_as) to show in the upload's report:
        delimiter and encoding found, the column profile recognised, and which header fed each field."""
        return {
            "delimiter": DELIMITERS[self.dialect.delimiter],
            "encoding": self.dialect.encoding_label,
            "profile": self.layout.profile,
            "columns": [list(pair) for pair in self.layout.used()],
            "constants": dict(self.layout.constants),
            "not_read": self.layout.unused(),
        }


def sniff_encoding(path: Path) -> tuple[str, str]:
    """(codec, label): UTF-8 with or without a BOM if the whole file decodes, else Windows-1252.

    The whole file is checked (about a second per GB): a stray Windows-1252 byte on line 90,000 must not
    stop an import half-way or be read as something else.
    """
    with path.open("rb") as fh:
        bom = fh.read(3) == codecs.BOM_UTF8
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        undefined = False
        utf8 = True
        for block in iter(lambda: fh.read(_SCAN_BLOCK), b""):
            undefined = undefined or not _CP1252_UNDEFINED.isdisjoint(block)
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            if not utf8 and undefined:
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return ("utf-8-sig", "UTF-8 with BOM") if bom else ("utf-8", "UTF-8")
    if undefined:
        raise FileFormatError(
            f"{path.name}: not UTF-8 or Windows-1252 text (it has bytes neither uses); save it as UTF-8 CSV."
        )
    return "cp1252", "Windows-1252"


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the header row into the most columns (quoted names may hold the others)."""
    best, width = ",", 1
    for delimiter in DELIMITERS:
        try:
            header = next(csv.reader(io.StringIO(sample), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(header) > width:
            best, width = delimiter, len(header)
    return best


def _known_field_error(spec: CsvSpec, unknown: Sequence[str]) -> FileFormatError:
    return FileFormatError(
        f"--columns names field(s) a {spec.format_name} file does not have: {', '.join(unknown)} "
        f"(fields: {', '.join(spec.fields)})."
    )


def resolve_layout(header_row: Sequence[str], spec: CsvSpec, file: str, mapping: ColumnMapping | None = None) -> Layout:
    """Map each header to our field: the user's mapping first, then a recognised profile, our own names,
    then the format's aliases. Raises FileFormatError naming unknown fields, absent headers or missing
    required fields."""
    keys = [header_key(h) for h in header_row]
    present = set(keys)
    profile = next((p for p in spec.profiles if p.signature <= present), None)
    columns: dict[str, list[int]] = {}
    taken: set[int] = set()
    if mapping:
        unknown = sorted(set(mapping) - set(spec.fields))
        if unknown:
            raise _known_field_error(spec, unknown)
        absent = [h for headers in mapping.values() for h in headers if header_key(h) not in present]
        if absent:
            raise FileFormatError(
                f"--columns names header(s) not in {file}: {', '.join(repr(h) for h in absent)} "
                f"(the file's headers: {', '.join(h.strip() for h in header_row if h.strip())})."
            )
        for name, headers in mapping.items():
            for header in headers:
                at = keys.index(header_key(header))
                columns.setdefault(name, []).append(at)
                taken.add(at)
    own = {header_key(f): f for f in spec.fields}
    for source in ((profile.aliases if profile else {}), own, spec.aliases):
        for at, key in enumerate(keys):
            target = source.get(key)
            if target is None or at in taken or (mapping and target in mapping):
                continue
            columns.setdefault(target, []).append(at)
            taken.add(at)
    constants = dict(profile.constants) if profile else {}
    missing = sorted(spec.required - set(columns) - set(constants))
    if missing:
        raise FileFormatError(
            f"{file}: not a {spec.format_name} CSV: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(h.strip() for h in header_row if h.strip())}). "
            "Name the columns with --columns (see docs/formats/columns.md)."
        )
    return Layout(
        {k: tuple(v) for k, v in columns.items()},
        profile.name if profile else None,
        constants,
        len(keys),
        tuple(" ".join(h.split()) for h in header_row),
    )


def _open(path: Path, encoding: str) -> io.TextIOWrapper:
    return path.open(encoding=encoding, newline="")


def inspect_csv(path: Path, spec: CsvSpec, mapping: ColumnMapping | None = None) -> CsvInfo:
    """The file's delimiter, encoding and column layout, or a FileFormatError saying what is wrong."""
    check_text_file(path)
    encoding, label = sniff_encoding(path)
    with _open(path, encoding) as fh:
        sample = fh.read(SNIFF_CHARS)
    delimiter = sniff_delimiter(sample)
    try:
        header_row = next(csv.reader(io.StringIO(sample), delimiter=delimiter), None)
    except csv.Error as exc:
        raise FileFormatError(f"{path.name}: unreadable CSV header: {exc}.") from exc
    if not header_row:
        raise FileFormatError(f"{path.name}: the CSV file has no header row.")
    return CsvInfo(Dialect(delimiter, encoding, label), resolve_layout(header_row, spec, path.name, mapping))


_MOJIBAKE = ("\u00e2\u20ac", "\u00c3")  # 'â€' / 'Ã': UTF-8 read as Windows-1252 and saved again


def repair_mojibake(value: str) -> str:
    """Text encoded twice (UTF-8 bytes read as Windows-1252 and saved as UTF-8: 'New York' + U+00E2 U+20AC U+2122
    + 's' for New York's with a curly apostrophe), as in NYC Open Data's jobs export, decoded once more. Only text
    that round-trips exactly is changed."""
    if not any(mark in value for mark in _MOJIBAKE):
        return value
    try:
        return value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return value


class RowBuilder:
    """Turns a list of cells into {field: value} with the layout's column choices (precomputed: this runs
    once per row of files with 100,000 rows)."""

    def __init__(self, layout: Layout, joined: Mapping[str, str]) -> None:
        self.single = [(name, cols[0]) for name, cols in layout.columns.items() if len(cols) == 1]
        self.multi = [(name, cols, joined.get(name)) for name, cols in layout.columns.items() if len(cols) > 1]
        self.constants = layout.constants

    def __call__(self, row: list[str]) -> dict[str, str]:
        out = {name: repair_mojibake(row[at]) for name, at in self.single}
        for name, cols, separator in self.multi:
            values = [v for v in (repair_mojibake(row[at].strip()) for at in cols) if v]
            if separator is None:
                out[name] = values[0] if values else ""
            else:
                out[name] = separator.join(dict.fromkeys(values))
        for name, value in self.constants.items():
            if not (out.get(name) or "").strip():
                out[name] = value
        return out


def _last_cell_missing(layout: Layout, spec: CsvSpec) -> str | None:
    """When a row one cell short may be read with its last cell empty: the warning to give, else None.

    Exports that stop a row at its last value (NYC Open Data's jobs file has such a row) leave every cell
    present in its own column, so reading the row as published, with only the last cell empty, is faithful.
    A cell missing in the middle would shift the ones after it, and nothing in the row tells the two apart:
    so only one missing cell, never one a required field needs, and never silently (the import report
    names the row and the column). Two or more missing cells are a broken row, refused as before.
    """
    last = layout.width - 1
    if any(last in cols for name, cols in layout.columns.items() if name in spec.required):
        return None
    header = layout.headers[last] if layout.headers else f"column {layout.width}"
    return (
        f"row has {layout.width - 1} fields, header has {layout.width}: the last cell ({header}) is missing; "
        "the record was imported with it empty (check the row if a cell is missing elsewhere)"
    )


def read_csv_rows(path: Path, spec: CsvSpec, mapping: ColumnMapping | None = None) -> Iterator[RawRecord | RecordError]:
    """Rows keyed by our field names; ragged rows become RecordErrors naming the line (a row one cell short
    at its end is imported with that cell empty and a warning, see `_last_cell_missing`)."""
    info = inspect_csv(path, spec, mapping)
    file = path.name  # never the directory: an upload's is the server's temporary folder
    build = RowBuilder(info.layout, spec.joined)
    width = info.layout.width
    short_warning = _last_cell_missing(info.layout, spec)
    last_header = info.layout.headers[-1] if info.layout.headers else "(row)"
    try:
        with _open(path, info.dialect.encoding) as fh:
            reader = csv.reader(fh, delimiter=info.dialect.delimiter)
            next(reader, None)
            start = reader.line_num + 1
            for row in reader:
                location = f"line {start}"
                start = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) == width - 1 and short_warning is not None:
                    row.append("")
                    yield RawRecord(build(row), location, notes=((last_header, short_warning),))
                    continue
                if len(row) != width:
                    yield RecordError(
                        file,
                        location,
                        "(row)",
                        f"row has {len(row)} fields, header has {width}: a cell or delimiter is missing or extra",
                    )
                    continue
                yield RawRecord(build(row), location)
    except csv.Error as exc:
        raise FileFormatError(f"{path.name}: unreadable CSV: {exc}.") from exc


def load_column_mapping(path: Path) -> dict[str, list[str]]:
    """A `--columns` TOML file: `our_field = "Their Header"` (or a list of headers, first non-empty wins)."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise FileFormatError(f"{path.name}: cannot open the column mapping ({exc.strerror}).") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"{path.name}: the column mapping is not valid TOML ({exc}).") from exc
    mapping: dict[str, list[str]] = {}
    for name, value in data.items():
        headers = [value] if isinstance(value, str) else value
        if not isinstance(headers, list) or not headers or not all(isinstance(h, str) and h for h in headers):
            raise FileFormatError(
                f"{path.name}: {name!r} must name a header as a string (or a list of strings), "
                f'e.g. program_name = "Course Title".'
            )
        mapping[name] = headers
    if not mapping:
        raise FileFormatError(f"{path.name}: the column mapping names no fields.")
    return mapping
