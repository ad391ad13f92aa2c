"""Links kept from imported records: only absolute http(s) web addresses; anything else is dropped with a note.

A `javascript:`, `data:` or `vbscript:` link runs code when clicked, and a relative one points into
Wayfinder itself, so neither may reach a person's page. The record is still imported without the link,
and the drop is reported in the import's error report for that field (see `collecting_notes`).
"""

from contextvars import ContextVar

from models.text_input import is_web_link

# Notes of the record being normalized: (field, reason). A context variable rather than a parameter so
# every normalizer reports drops the same way without each one threading a list through its helpers.
_notes: ContextVar[list[tuple[str, str]] | None] = ContextVar("normalize_notes", default=None)


class collecting_notes:  # lower case: used as the function it replaced, `with collecting_notes() as notes:`
    """Collect the notes of whatever is normalized inside the block (see etl.normalize.pipeline).

    A class rather than a @contextmanager generator: it is entered once for every imported record, and the
    generator machinery cost about a microsecond each time."""

    __slots__ = ("_notes", "_token")

    def __init__(self) -> None:
        self._notes: list[tuple[str, str]] = []

    def __enter__(self) -> list[tuple[str, str]]:
        self._token = _notes.set(self._notes)
        return self._notes

    def __exit__(self, *exc_info: object) -> None:
        _notes.reset(self._token)  # whatever happened inside; an exception goes on to the caller


def note(field: str, reason: str) -> None:
    """Record that a value of `field` was dropped; outside `collecting_notes` nobody asked, so it is not kept."""
    notes = _notes.get()
    if notes is not None:
        notes.append((field, reason))


def web_link(value: str | None, field: str = "url") -> str | None:
    """The value when it is an absolute http(s) address with a host; otherwise None, noted for `field`."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if is_web_link(value):
        return value
    scheme = value.split(":", 1)[0].lower() if ":" in value[:20] else ""
    kind = f"a {scheme}: link" if scheme.isalpha() else "not an absolute web address"
    note(field, f"link dropped ({kind}); only http:// and https:// links are kept, the record was imported without it")
    return None
