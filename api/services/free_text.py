"""The one seam every caseworker-typed free text passes through before it is stored (and so embedded).

Names, contact details, addresses, ID numbers and shelter names are replaced by placeholders
("[NAME]", "[PHONE]", ...) by the Presidio scrubber loaded once in the lifespan (`Resources.privacy`).
There is no path without the scrubber: a caller that has none cannot store free text.

Work vocabulary is never scrubbed: a skill, interest or job title that is a term of the taxonomy (an ESCO
skill label or term, an occupation or O*NET title, a title alias, a curated term) is kept exactly as typed,
because the scrubber's name finder misreads such phrases ("kitchen sanitation" as a person) and a person's
name is never a taxonomy term. `planned_removals` lists what the scrubber would take out of the rest, so
the intake can show it to the caseworker before anything is saved.
"""

import csv
import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from matcher.occupations import OCCUPATIONS_FILE, TITLE_ALIASES_FILE
from matcher.taxonomy import DATA_DIR, SKILLS_FILE, normalize_term

if TYPE_CHECKING:
    from api.schemas.profiles import ProfileIn
    from models.privacy.scrub import Scrubber

# Taxonomy skill ids are UUIDs: not personal data, and scrubbing could only damage them.
_TAXONOMY_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@cache
def _placeholders() -> dict[str, str]:
    # Imported here: models.privacy.scrub imports Presidio, which code needing only the cipher must not load.
    from models.privacy.scrub import PLACEHOLDERS

    return PLACEHOLDERS


@cache
def _placeholder_only() -> re.Pattern[str]:
    alternatives = "|".join(sorted(re.escape(p) for p in set(_placeholders().values())))
    return re.compile(r"^(?:\s*(?:" + alternatives + r")\s*)+$")


@cache
def work_terms() -> frozenset[str]:
    """Normalized taxonomy and curated terms: skill labels and terms, occupation and O*NET titles, aliases."""
    raw: list[str] = []
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            raw.append(row["label"])
            # terms look like "1:manage musical staff|2:..." (a weight, a colon, the term)
            raw += [t.split(":", 1)[-1] for t in row["terms"].split("|") if t]
    with gzip.open(OCCUPATIONS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            raw += [row["title"], *row["onet_titles"].split("|")]
    with open(TITLE_ALIASES_FILE, encoding="utf-8") as f:
        raw += [row["title"] for row in csv.DictReader(f)]
    with open(DATA_DIR / "curated_skill_terms.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            raw += [row["target"], *row["terms"].split("|")]
    return frozenset(key for term in raw if term.strip() and (key := normalize_term(term)))


def is_work_term(value: str) -> bool:
    """A taxonomy or curated term, in any case or plural ("Kitchen Helpers" = "kitchen helper")."""
    key = normalize_term(value)
    return bool(key) and key in work_terms()


def is_placeholder_only(value: str) -> bool:
    """A stored value that is nothing but scrubber placeholders ("[NAME]"): never offered back as a skill."""
    return bool(_placeholder_only().match(value))


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


def clean_tag(value: str, scrubber: "Scrubber") -> str:
    """One short typed tag or title: taxonomy ids and work terms as they are, anything else scrubbed."""
    if _TAXONOMY_ID.match(value) or is_work_term(value):
        return value.strip()
    return clean_free_text(value, scrubber)


def clean_tags(values: list[str], scrubber: "Scrubber") -> list[str]:
    """Short typed tags (skills, interests, goals) cleaned one by one (see `clean_tag`)."""
    return [clean_tag(v, scrubber) for v in values]


@dataclass(frozen=True)
class Removal:
    """What the scrubber would take out of one typed value: shown to the caseworker before saving."""

    field: str  # the form field's id: "skills", "work_activities_2", "education_subject_0", ...
    text: str  # the value as typed (trimmed)
    spans: tuple[tuple[int, int, str], ...]  # (start, end, placeholder) in `text`

    def segments(self) -> list[tuple[str, str | None]]:
        """The text in pieces: (kept text, None) and (removed text, its placeholder)."""
        out: list[tuple[str, str | None]] = []
        pos = 0
        for start, end, placeholder in self.spans:
            if start > pos:
                out.append((self.text[pos:start], None))
            out.append((self.text[start:end], placeholder))
            pos = end
        if pos < len(self.text):
            out.append((self.text[pos:], None))
        return out


def _removal(field: str, value: str, scrubber: "Scrubber", *, tag: bool) -> Removal | None:
    text = value.strip()
    if not text or (tag and (_TAXONOMY_ID.match(text) or is_work_term(text))):
        return None
    found = scrubber.scrub(text).found
    if not found:
        return None
    return Removal(field, text, tuple((start, end, _placeholders()[entity]) for entity, start, end in found))


def planned_removals(body: "ProfileIn", scrubber: "Scrubber") -> list[Removal]:
    """Every removal the scrubber would make when `body` is saved, keyed by the intake form's field ids."""
    out: list[Removal | None] = []
    for name in ("skills", "interests", "goals"):
        out += [_removal(name, v, scrubber, tag=True) for v in getattr(body, name)]
    for i, w in enumerate(body.work_history):
        out.append(_removal(f"work_title_{i}", w.title or "", scrubber, tag=True))
        out.append(_removal(f"work_activities_{i}", w.activities, scrubber, tag=False))
    for i, e in enumerate(body.education):
        out.append(_removal(f"education_subject_{i}", e.subject, scrubber, tag=True))
    return [r for r in out if r is not None]


def removals_digest(removals: list[Removal]) -> str:
    """A short fingerprint of a preview: a confirmation counts only for the removals that were shown."""
    text = "\x1f".join(f"{r.field}\x1e{r.text}\x1e{r.spans}" for r in removals)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def clean_preview(profile: dict[str, Any], scrubber: "Scrubber") -> dict[str, Any]:
    """A `/matches/preview` body, scrubbed like a stored intake: nothing is stored, but it is embedded."""
    cleaned = dict(profile)
    cleaned["work_history"] = [
        {
            **w,
            "title": clean_tag(w["title"], scrubber) if w.get("title") else None,
            "activities": clean_free_text(w.get("activities") or "", scrubber),
        }
        for w in profile.get("work_history") or ()
    ]
    for name in ("skills", "interests"):
        cleaned[name] = clean_tags(list(profile.get(name) or ()), scrubber)
    return cleaned
