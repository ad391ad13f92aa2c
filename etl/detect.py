"""Guess an input file's format from its extension and first few kilobytes (`--format auto`)."""

from pathlib import Path

from etl.errors import FileFormatError
from etl.sources.base import SNIFF_BYTES, check_text_file
from etl.sources.csv_rows import canonical_column
from etl.sources.formats import JOB_FORMATS, PROGRAM_FORMATS

JSON_SUFFIXES = {".json", ".jsonld", ".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv", ".txt"}


def _peek(path: Path) -> str:
    check_text_file(path)
    with path.open("rb") as fh:
        return fh.read(SNIFF_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")


def _csv_header(text: str) -> set[str]:
    return {canonical_column(c.strip('"')) for c in text.split("\n", 1)[0].split(",")}


def _shaped_like_job_posting(text: str) -> bool:
    """JobPosting fields without the @type (skills-ml / Open Skills postings): a title and a posting-only key."""
    return '"title"' in text and any(
        f'"{key}"' in text for key in ("hiringOrganization", "datePosted", "jobDescription")
    )


def _cannot_tell(path: Path, kind: str, why: str) -> FileFormatError:
    formats = JOB_FORMATS if kind == "jobs" else PROGRAM_FORMATS
    return FileFormatError(
        f"{path.name}: cannot tell the {kind} format ({why}); pass --format with one of: {', '.join(formats)}."
    )


def detect_format(path: Path | str, kind: str) -> str:
    """'jsonld' | 'usajobs' | 'csv' for kind='jobs'; 'ctdl' | 'schema' | 'etpl' | 'scorecard' for 'programs'."""
    if kind not in {"jobs", "programs"}:
        raise ValueError(f"kind must be 'jobs' or 'programs', not {kind!r}")
    path = Path(path)
    text = _peek(path)
    suffix = path.suffix.lower()
    looks_json = suffix in JSON_SUFFIXES or text.lstrip()[:1] in {"{", "["}
    if looks_json:
        if kind == "jobs":
            if "SearchResultItems" in text or "MatchedObjectDescriptor" in text:
                return "usajobs"
            if "JobPosting" in text or _shaped_like_job_posting(text):
                return "jsonld"
            raise _cannot_tell(path, kind, "JSON without JobPosting or USAJOBS SearchResult")
        if "ceterms:" in text or "credreg.net" in text:
            return "ctdl"
        if "EducationalOccupationalProgram" in text or '"Course"' in text or "schema.org" in text:
            return "schemaorg"
        raise _cannot_tell(path, kind, "JSON without CTDL or schema.org program types")
    if suffix in CSV_SUFFIXES or "," in text.split("\n", 1)[0]:
        header = _csv_header(text)
        if kind == "jobs":
            if {"id", "title"} <= header or {"source_id", "title"} <= header:
                return "csv"
            raise _cannot_tell(path, kind, "CSV header lacks id and title")
        if {"unitid", "cipcode"} <= header:
            return "scorecard"
        if any("program" in h for h in header) and any("provider" in h for h in header):
            return "etpl"
        raise _cannot_tell(path, kind, "CSV header is neither ETPL nor Scorecard")
    raise _cannot_tell(path, kind, f"unrecognized extension {suffix or '(none)'} and content")
