"""ETL errors: per-record problems are yielded as values; whole-file problems are raised.

WayfinderError (models.errors)
├── FileFormatError   the file cannot be read as the format asked for (422)
└── FetchError        a remote source answered with an error (502)
FieldError            internal: raised by a normalizer, turned into a RecordError
RecordError           one bad record (a value, not an exception): file, location, field, reason
"""

from dataclasses import dataclass

from models.errors import WayfinderError


class FileFormatError(WayfinderError):
    """The whole file is unreadable, binary, truncated or in another format."""

    status_code = 422


class FetchError(WayfinderError):
    """A remote API refused or failed a request."""

    status_code = 502


class FieldError(ValueError):
    """One field of one record is wrong; the pipeline turns it into a RecordError."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be normalized, with where it is and what to fix."""

    file: str
    location: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file} {self.location}: {self.field}: {self.reason}"
