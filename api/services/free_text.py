"""The one seam every caseworker-typed free text passes through before it is stored (and so embedded).

Names, contact details, addresses, ID numbers and shelter names are replaced by placeholders
("[NAME]", "[PHONE]", ...) by the Presidio scrubber loaded once in the lifespan (`Resources.privacy`).
There is no path without the scrubber: a caller that has none cannot store free text.
"""

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.privacy.scrub import Scrubber

# Taxonomy skill ids are UUIDs: not personal data, and scrubbing could only damage them.
_TAXONOMY_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def clean_free_text(value: str, scrubber: "Scrubber") -> str:
    """Trimmed and scrubbed of personal data, ready to store."""
    return scrubber.scrub(value.strip()).text.strip()


# An organization's own name ("Cascade Logistics") reads to spaCy as a person or a place; for a
# recipient organization those findings are noise, while phones, e-mails, addresses and ID numbers
# are still removed.
_ORGANIZATION_NAME_KEEPS = frozenset({"PERSON", "LOCATION"})


def clean_organization_name(value: str, scrubber: "Scrubber") -> str:
    """An organization's name (a consent's recipient): trimmed, contact details and IDs scrubbed."""
    return scrubber.scrub(value.strip(), keep=_ORGANIZATION_NAME_KEEPS).text.strip()


def clean_tags(values: list[str], scrubber: "Scrubber") -> list[str]:
    """Short typed tags (skills, interests, goals) scrubbed one by one; taxonomy ids pass as they are."""
    return [v if _TAXONOMY_ID.match(v) else clean_free_text(v, scrubber) for v in values]


def clean_preview(profile: dict[str, Any], scrubber: "Scrubber") -> dict[str, Any]:
    """A `/matches/preview` body, scrubbed like a stored intake: nothing is stored, but it is embedded."""
    cleaned = dict(profile)
    cleaned["work_history"] = [
        {
            **w,
            "title": clean_free_text(w["title"], scrubber) if w.get("title") else None,
            "activities": clean_free_text(w.get("activities") or "", scrubber),
        }
        for w in profile.get("work_history") or ()
    ]
    for name in ("skills", "interests"):
        cleaned[name] = clean_tags(list(profile.get(name) or ()), scrubber)
    return cleaned
