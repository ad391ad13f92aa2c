"""Raw source records -> JobPostingIn / ProgramIn, with a RecordError for each bad record.

Pure: no database, no network. The loader fills `skills` and decides expiry.
"""

from etl.normalize.pipeline import normalize_usajobs_records, parse_jobs, parse_programs

__all__ = ["normalize_usajobs_records", "parse_jobs", "parse_programs"]
