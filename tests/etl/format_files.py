"""Files in every importer format, built from plain records, so one test can run over all of them.

A record is a dict with any of: id, title, description, url, organization, city (all strings). Each format
puts them where its real files do (JSON-LD `title`, USAJOBS `PositionTitle`, ETPL `PROGRAM_NAME`, ...).
JSON is written with `ensure_ascii`, so any code point, a lone surrogate included, reaches the parser as an
escape, as a hostile file would carry it; CSV is written as UTF-8.
"""

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Record = Mapping[str, str]


def _jsonld(records: list[Record]) -> str:
    graph = [
        {
            "@type": "JobPosting",
            "identifier": r.get("id", f"job-{i}"),
            "title": r.get("title", "Line Cook"),
            "description": r.get("description", "Prep and cook."),
            "url": r.get("url", "https://jobs.example.org/1"),
            "hiringOrganization": {"@type": "Organization", "name": r.get("organization", "Harbor Diner")},
            "jobLocation": {"@type": "Place", "address": {"addressLocality": r.get("city", "Tacoma")}},
        }
        for i, r in enumerate(records)
    ]
    return json.dumps({"@context": "https://schema.org", "@graph": graph})


def _usajobs(records: list[Record]) -> str:
    items = [
        {
            "MatchedObjectId": str(i),
            "MatchedObjectDescriptor": {
                "PositionID": r.get("id", f"usa-{i}"),
                "PositionTitle": r.get("title", "Housekeeping Aid"),
                "PositionURI": r.get("url", "https://www.usajobs.gov/job/1"),
                "OrganizationName": r.get("organization", "Veterans Health Administration"),
                "PositionLocation": [{"CityName": r.get("city", "Seattle, Washington")}],
                "UserArea": {"Details": {"JobSummary": r.get("description", "Keep wards clean.")}},
            },
        }
        for i, r in enumerate(records)
    ]
    return json.dumps({"SearchResult": {"SearchResultItems": items}})


def _ctdl(records: list[Record]) -> str:
    graph: list[dict[str, Any]] = [
        {
            "@id": "https://example.org/org",
            "@type": "ceterms:CredentialOrganization",
            "ceterms:name": {"en-US": "Green River College"},
        }
    ]
    for i, r in enumerate(records):
        graph.append(
            {
                "@id": f"https://example.org/p{i}",
                "@type": "ceterms:Certificate",
                "ceterms:ctid": r.get("id", f"ce-{i}"),
                "ceterms:name": {"en-US": r.get("title", "Welding Certificate")},
                "ceterms:description": {"en-US": r.get("description", "Learn to weld.")},
                "ceterms:subjectWebpage": r.get("url", "https://www.example.edu/weld"),
                "ceterms:ownedBy": (
                    [{"@id": "https://example.org/org"}]
                    if "organization" not in r
                    else [{"@type": "ceterms:CredentialOrganization", "ceterms:name": r["organization"]}]
                ),
                "ceterms:availableAt": [{"ceterms:addressLocality": r.get("city", "Auburn")}],
            }
        )
    return json.dumps({"@context": "https://credreg.net/ctdl/schema/context/json", "@graph": graph})


def _schemaorg(records: list[Record]) -> str:
    return json.dumps(
        [
            {
                "@context": "https://schema.org",
                "@type": "EducationalOccupationalProgram",
                "@id": r.get("id", f"https://www.example.edu/programs/{i}"),
                "name": r.get("title", "Early Childhood Education"),
                "description": r.get("description", "Child development."),
                "url": r.get("url", "https://www.example.edu/ece"),
                "provider": {
                    "@type": "CollegeOrUniversity",
                    "name": r.get("organization", "Highline College"),
                    "address": {"addressLocality": r.get("city", "Des Moines")},
                },
            }
            for i, r in enumerate(records)
        ]
    )


def _csv(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _jobs_csv(records: list[Record]) -> str:
    return _csv(
        ["id", "title", "employer", "description", "url", "city", "state"],
        [
            [
                r.get("id", f"csv-{i}"),
                r.get("title", "Dishwasher"),
                r.get("organization", "Harbor Diner"),
                r.get("description", "Wash dishes."),
                r.get("url", "https://jobs.example.org/2"),
                r.get("city", "Tacoma"),
                "WA",
            ]
            for i, r in enumerate(records)
        ],
    )


def _etpl(records: list[Record]) -> str:
    return _csv(
        ["PROGRAM_ID", "PROVIDER_NAME", "PROVIDER_CITY", "PROGRAM_NAME", "PROGRAM_DESCRIPTION", "PROGRAM_URL"],
        [
            [
                r.get("id", f"WA-ETPL-{i}"),
                r.get("organization", "Renton Technical College"),
                r.get("city", "Renton"),
                r.get("title", "Nursing Assistant"),
                r.get("description", "NAC training."),
                r.get("url", "https://www.example.edu/etpl/1"),
            ]
            for i, r in enumerate(records)
        ],
    )


def _scorecard(records: list[Record]) -> str:
    return _csv(
        ["UNITID", "INSTNM", "CIPCODE", "CIPDESC", "CREDLEV", "CITY", "STABBR"],
        [
            [
                r.get("id", str(236000 + i)),
                r.get("organization", "Renton Technical College"),
                "5139",
                r.get("title", "Practical Nursing"),
                "1",
                r.get("city", "Renton"),
                "WA",
            ]
            for i, r in enumerate(records)
        ],
    )


@dataclass(frozen=True)
class Format:
    name: str
    kind: str  # "jobs" or "programs"
    suffix: str
    build: Callable[[list[Record]], str]
    fields: tuple[str, ...]  # the record keys this format carries
    json: bool

    def write(self, folder: Path, records: list[Record], stem: str = "records") -> Path:
        path = folder / f"{stem}{self.suffix}"
        path.write_text(self.build(records), encoding="utf-8")
        return path


_ALL = ("id", "title", "description", "url", "organization", "city")
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("jsonld", "jobs", ".jsonld", _jsonld, _ALL, True),
        Format("usajobs", "jobs", ".json", _usajobs, _ALL, True),
        Format("csv", "jobs", ".csv", _jobs_csv, _ALL, False),
        Format("ctdl", "programs", ".jsonld", _ctdl, _ALL, True),
        Format("schemaorg", "programs", ".jsonld", _schemaorg, _ALL, True),
        Format("etpl", "programs", ".csv", _etpl, _ALL, False),
        Format("scorecard", "programs", ".csv", _scorecard, ("id", "title", "organization", "city"), False),
    )
}
