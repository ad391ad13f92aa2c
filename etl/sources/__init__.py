"""Readers: each yields RawRecords (or RecordErrors for unreadable records) with their location."""

from etl.sources.base import RawRecord
from etl.sources.csv_rows import read_csv_rows
from etl.sources.jsonld import read_jsonld
from etl.sources.usajobs import fetch_usajobs, read_usajobs

__all__ = ["RawRecord", "fetch_usajobs", "read_csv_rows", "read_jsonld", "read_usajobs"]
