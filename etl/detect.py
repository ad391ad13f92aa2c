"""Guess an input file's format from its extension and first few kilobytes (`--format auto`)."""

from pathlib import Path

from etl.errors import FileFormatError
from etl.sources.base import SNIFF_BYTES, check_text_file
from etl.sources.csv_rows import ColumnMapping, CsvInfo, CsvSpec, inspect_csv
from etl.sources.formats import JOB_FORMATS, PROGRAM_FORMATS

JSON_SUFFIXES = {".json", ".jsonld", ".jsonl", ".ndjson"}
# An HTML page is read for its JSON-LD blocks (etl.sources.jsonld.read_html_jsonld).
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".psv"}


def _peek(path: Path) -> str:
    check_text_file(path)
    with path.open("rb") as fh:
        return fh.read(SNIFF_BYTES).decode("utf-8", errors="replace").lstrip("\ufeff")


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


# Delimited formats -> the module whose SPEC reads them.
CSV_SPECS = {"csv": "jobs_csv", "etpl": "programs_etpl", "scorecard": "programs_scorecard"}


def inspect_delimited(path: Path, fmt: str, columns: ColumnMapping | None = None) -> CsvInfo | None:
    """How a file of a delimited format is read (delimiter, encoding, columns); None for the JSON formats."""
    import importlib

    if fmt not in CSV_SPECS:
        return None
    spec: CsvSpec = importlib.import_module(f"etl.normalize.{CSV_SPECS[fmt]}").SPEC
    return inspect_csv(path, spec, columns)


def _reads_as(path: Path, spec: CsvSpec) -> bool:
    try:
        inspect_csv(path, spec)
    except FileFormatError:
        return False
    return True


def detect_format(path: Path | str, kind: str) -> str:
    """'jsonld' | 'usajobs' | 'csv' for kind='jobs'; 'ctdl' | 'schema' | 'etpl' | 'scorecard' for 'programs'."""
    from etl.normalize import jobs_csv, programs_etpl, programs_scorecard

    if kind not in {"jobs", "programs"}:
        raise ValueError(f"kind must be 'jobs' or 'programs', not {kind!r}")
    path = Path(path)
    text = _peek(path)
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES or text.lstrip()[:1] == "<":
        # A page's JSON-LD is often far down, after its styles and scripts: look at all of it.
        text = path.read_bytes().decode("utf-8", errors="replace")
    looks_json = suffix in JSON_SUFFIXES | HTML_SUFFIXES or text.lstrip()[:1] in {"{", "[", "<"}
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
    first_line = text.split("\n", 1)[0]
    if suffix in CSV_SUFFIXES or any(d in first_line for d in (",", "\t", "|", ";")):
        if kind == "jobs":
            if _reads_as(path, jobs_csv.SPEC):
                return "csv"
            raise _cannot_tell(path, kind, "the header has no title and employer columns")
        if _reads_as(path, programs_scorecard.SPEC):
            return "scorecard"
        if _reads_as(path, programs_etpl.SPEC):
            return "etpl"
        raise _cannot_tell(path, kind, "the header is neither ETPL nor Scorecard")
    raise _cannot_tell(path, kind, f"unrecognized extension {suffix or '(none)'} and content")
