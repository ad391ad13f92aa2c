"""parse_jobs / parse_programs: read a file in a format, normalize each record, yield errors inline."""

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from etl.errors import FieldError, FileFormatError, RecordError
from etl.normalize import jobs_csv, programs_etpl, programs_scorecard
from etl.normalize.jobs_jsonld import job_from_jsonld
from etl.normalize.jobs_usajobs import job_from_usajobs
from etl.normalize.links import collecting_notes
from etl.normalize.programs_ctdl import program_from_ctdl
from etl.normalize.programs_schema import program_from_schema
from etl.sources.base import RawRecord, check_text_file
from etl.sources.csv_rows import ColumnMapping, read_csv_rows
from etl.sources.formats import (
    CTDL_TYPES,
    JOB_FORMATS,
    JOB_TYPES,
    PROGRAM_FORMATS,
    SCHEMA_PROGRAM_TYPES,
    is_ctdl_resource,
    looks_like_job_posting,
)
from etl.sources.jsonld import read_jsonld
from etl.sources.usajobs import FETCH_FILE, read_usajobs
from models.job_posting import JobPostingIn
from models.program import ProgramIn

T = TypeVar("T")
Normalizer = Callable[[RawRecord], T]


def normalize_one(record: RawRecord, normalize: Normalizer[T], file: str) -> list[T | RecordError]:
    """One record normalized: its notes (values left out of it, imported all the same) first, then the record
    itself or the RecordError that says why it was refused."""
    # Notes are collected around the call only: a context variable set across a `yield` would leak
    # into whatever the consumer runs in between.
    with collecting_notes() as notes:
        try:
            normalized: T | RecordError = normalize(record)
        except FieldError as exc:
            normalized = RecordError(file, record.location, exc.field, exc.reason)
        except ValidationError as exc:
            problem = exc.errors()[0]
            field = ".".join(str(part) for part in problem["loc"]) or "(record)"
            normalized = RecordError(file, record.location, field, problem["msg"])
    if isinstance(normalized, RecordError) or not (notes or record.notes):  # no notes: most records
        return [normalized]
    noted = [*record.notes, *notes]
    return [*(RecordError(file, record.location, f, reason, imported=True) for f, reason in noted), normalized]


def normalize_records(
    records: Iterable[RawRecord | RecordError], normalize: Normalizer[T], file: str
) -> Iterator[T | RecordError]:
    """Apply a normalizer to each record; a bad record becomes a RecordError, the rest go on."""
    for record in records:
        if isinstance(record, RecordError):
            yield record
        else:
            yield from normalize_one(record, normalize, file)


def normalize_usajobs_records(
    records: Iterable[RawRecord | RecordError], source: str
) -> Iterator[JobPostingIn | RecordError]:
    """Normalize what fetch_usajobs yields (the live API rather than a saved file)."""
    return normalize_records(records, lambda r: job_from_usajobs(r.data, source), FETCH_FILE)


def _no_columns(fmt: str, columns: ColumnMapping | None) -> None:
    if columns:
        raise FileFormatError(f"--columns applies to delimited (CSV) formats only, not {fmt}.")


def parse_jobs(
    path: Path | str, fmt: str, source: str, *, columns: ColumnMapping | None = None
) -> Iterator[JobPostingIn | RecordError]:
    """Job postings from a file: JobPostingIn per good record, RecordError per bad one.

    `columns` maps our field names to the file's headers, for a delimited layout we do not know.
    Raises FileFormatError when the file itself cannot be read as `fmt`.
    """
    return normalize_records(*open_jobs(path, fmt, source, columns=columns))


def open_jobs(
    path: Path | str, fmt: str, source: str, *, columns: ColumnMapping | None = None
) -> tuple[Iterable[RawRecord | RecordError], Normalizer[JobPostingIn], str]:
    """A jobs file's raw records, the normalizer for them and the file's name (for parse_jobs and the
    import's worker processes, etl.parallel)."""
    path = Path(path)
    file = path.name  # never the directory: an upload's is the server's temporary folder
    check_text_file(path)  # missing, empty and binary files fail here, before any record
    records: Iterable[RawRecord | RecordError]
    normalize: Normalizer[JobPostingIn]
    if fmt != "csv":
        _no_columns(fmt, columns)
    if fmt == "jsonld":
        records = read_jsonld(path, JOB_TYPES, looks_like_job_posting)
        normalize = lambda r: job_from_jsonld(r.data, r.refs, source)  # noqa: E731
    elif fmt == "usajobs":
        records = read_usajobs(path)
        normalize = lambda r: job_from_usajobs(r.data, source)  # noqa: E731
    elif fmt == "csv":
        records = read_csv_rows(path, jobs_csv.SPEC, columns)
        normalize = lambda r: jobs_csv.job_from_csv_row(r.data, source)  # noqa: E731
    else:
        raise FileFormatError(f"unknown jobs format {fmt!r}; use one of: {', '.join(JOB_FORMATS)}.")
    return records, normalize, file


def parse_programs(
    path: Path | str, fmt: str, source: str, *, columns: ColumnMapping | None = None
) -> Iterator[ProgramIn | RecordError]:
    """Training programs from a file: ProgramIn per good record, RecordError per bad one.

    Raises FileFormatError when the file itself cannot be read as `fmt`.
    """
    return normalize_records(*open_programs(path, fmt, source, columns=columns))


def open_programs(
    path: Path | str, fmt: str, source: str, *, columns: ColumnMapping | None = None
) -> tuple[Iterable[RawRecord | RecordError], Normalizer[ProgramIn], str]:
    """A programs file's raw records, the normalizer for them and the file's name (see open_jobs)."""
    path = Path(path)
    file = path.name  # never the directory: an upload's is the server's temporary folder
    check_text_file(path)
    records: Iterable[RawRecord | RecordError]
    normalize: Normalizer[ProgramIn]
    if fmt not in {"etpl", "scorecard"}:
        _no_columns(fmt, columns)
    if fmt == "ctdl":
        records = read_jsonld(path, CTDL_TYPES, is_ctdl_resource)
        normalize = lambda r: program_from_ctdl(r.data, r.refs, source)  # noqa: E731
    elif fmt == "schemaorg":
        records = read_jsonld(path, SCHEMA_PROGRAM_TYPES)
        normalize = lambda r: program_from_schema(r.data, r.refs, source)  # noqa: E731
    elif fmt == "etpl":
        records = read_csv_rows(path, programs_etpl.SPEC, columns)
        normalize = lambda r: programs_etpl.program_from_etpl_row(r.data, source)  # noqa: E731
    elif fmt == "scorecard":
        records = read_csv_rows(path, programs_scorecard.SPEC, columns)
        normalize = lambda r: programs_scorecard.program_from_scorecard_row(r.data, source)  # noqa: E731
    else:
        raise FileFormatError(f"unknown programs format {fmt!r}; use one of: {', '.join(PROGRAM_FORMATS)}.")
    return records, normalize, file
