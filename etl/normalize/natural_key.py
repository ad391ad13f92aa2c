"""A stable key for a record its publisher gave no identifier (no CTID, @id, url or program id).

Re-imports must stay idempotent, so the key is built from what identifies the opening or program to a person:
who offers it, what it is called and where. Case, spacing and punctuation are ignored, so a re-published file
with "ACME  Inc." instead of "Acme Inc" lands on the same row; anything else that changes (pay, dates, text) is
an update to that row, caught by the content hash, not a new record.
"""

import hashlib
import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _fold(value: str | None) -> str:
    """Lower case, accents and punctuation dropped, runs of space made one."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def natural_key(provider: str | None, name: str | None, place: str | None = None) -> str:
    """`nk:` and 24 hex digits of SHA-256 over the folded provider, name and place (place may be empty)."""
    parts = "\x1f".join(_fold(part) for part in (provider, name, place))
    return "nk:" + hashlib.sha256(parts.encode("utf-8")).hexdigest()[:24]
