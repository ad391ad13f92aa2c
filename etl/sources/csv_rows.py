"""CSV rows as dicts keyed by canonical column names, each with its line number."""

import csv
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from etl.errors import FileFormatError, RecordError
from etl.sources.base import RawRecord, check_text_file

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def canonical_column(name: str) -> str:
    """'Program CIP Code ' -> 'program_cip_code'; 'UNITID' -> 'unitid'."""
    return _NON_ALNUM.sub("_", name.strip().lower()).strip("_")


def read_csv_rows(
    path: Path,
    *,
    required: set[str],
    aliases: Mapping[str, str] | None = None,
    format_name: str,
) -> Iterator[RawRecord | RecordError]:
    """Rows keyed by canonical names (aliases applied); ragged rows become RecordErrors."""
    check_text_file(path)
    aliases = aliases or {}
    file = path.name  # never the directory: an upload's is the server's temporary folder
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header_row = next(reader, None)
            if header_row is None:
                raise FileFormatError(f"{path.name}: the CSV file has no header row.")
            header = [aliases.get(c, c) for c in map(canonical_column, header_row)]
            missing = required.difference(header)
            if missing:
                raise FileFormatError(
                    f"{path.name}: not a {format_name} CSV: missing column(s) {', '.join(sorted(missing))} "
                    f"(found: {', '.join(h for h in header if h)})."
                )
            width = len(header)
            start = reader.line_num + 1
            for row in reader:
                location = f"line {start}"
                start = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != width:
                    yield RecordError(file, location, "(row)", f"row has {len(row)} fields, header has {width}")
                    continue
                yield RawRecord(dict(zip(header, row, strict=True)), location)
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"{path.name}: not UTF-8 text (bad byte at offset {exc.start}); save as UTF-8 CSV."
        ) from exc
    except csv.Error as exc:
        raise FileFormatError(f"{path.name}: unreadable CSV: {exc}.") from exc
