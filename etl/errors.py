"""ETL errors: per-record problems are yielded as values; whole-file problems are raised.

WayfinderError (models.errors)
├── FileFormatError   the file cannot be read as the format asked for (422)
├── FetchError        a remote source answered with an error (502)
└── ModelMismatchError the catalog's vectors belong to another model than this process's (409)
FieldError            internal: raised by a normalizer, turned into a RecordError
RecordError           one bad record (a value, not an exception): file, location, field, reason; with
                      imported=True, a value dropped from a record that was still imported (a non-web link)
"""

from dataclasses import dataclass

from models.errors import WayfinderError


class FileFormatError(WayfinderError):
    """The whole file is unreadable, binary, truncated or in another format."""

    status_code = 422


class FetchError(WayfinderError):
    """A remote API refused or failed a request."""

    status_code = 502


class ModelMismatchError(WayfinderError):
    """This process embeds with another model than the one the catalog is recorded with (issue 13)."""

    status_code = 409


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
    imported: bool = False  # True: only this field's value was dropped; the record itself was imported

    def __str__(self) -> str:
        return f"{self.file} {self.location}: {self.field}: {self.reason}"


# A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets (OWASP
# "CSV injection"); tab and carriage return too, since some spreadsheets skip them before the check.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """The value, with a leading apostrophe when a spreadsheet would otherwise run it as a formula.

    Error reports quote file names and values from the imported file, which anyone can choose
    (`=HYPERLINK(...)` as a file name). The apostrophe makes the cell plain text; it is visible, which
    is the point: nothing is silently changed.
    """
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def plain_cell(value: str) -> str:
    """A report cell as the importer wrote it, without the apostrophe `spreadsheet_cell` added."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS) else value
