"""Hard constraints: an item that breaks any of them never reaches a ranked list.

Decisions on missing data (documented because they change what a caseworker sees):
- Pay floor: a job that publishes no pay passes; the explanation says "pay not published"
  so the caseworker asks. Failing them would drop most JSON-LD postings, which often omit
  pay. A job whose best published hourly rate is below the floor fails.
- Area: an item with no published region/ZIP passes the area check (nothing to compare)
  and the explanation says the place is unknown. Remote jobs / online programs pass the
  area check only when the profile accepts remote work.
- Work authorization: only an explicit `work_authorized=False` fails an item that
  requires it; unknown (None) passes and the caseworker checks.
- Safety exclusions are matched loosely on purpose (normalized names, whole-word
  containment): wrongly hiding a posting costs little, showing an excluded employer costs a lot.
- Status: only ACTIVE passes; held, rejected, closed and expired never do.
- Who may apply: a job not open to the public (USAJOBS hiring paths without "public", or wording such as
  "current federal employees only") never passes, whatever the profile says: the person cannot apply.
  Citizenship and clearance requirements are not constraints (nothing about the person's citizenship is
  stored); the explanation shows them and the caseworker decides.
- Languages: a job whose own words ask for a language at a level the person's recorded level falls short
  of ("fluent English required", person's English: basic) never passes; a language the intake does not
  record passes and the explanation asks the caseworker to check (matcher/personal_limits.py).
- Fixed hours (childcare and the like): a job whose every listed shift overlaps a window the person
  cannot work never passes; a job that lists no shift passes and the explanation names the fixed hours.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from matcher.personal_limits import blocked_shifts, language_gaps, language_requirements
from matcher.types import Candidate, Constraints, ProfileQuery

__all__ = ["best_hourly_pay", "normalize_name", "passes", "violations"]

ACTIVE = "active"
ANY_SHIFT = "flexible"

# Legal-form words that differ between a posting and a caseworker's note of the same employer.
_LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "llc",
        "l",
        "l",
        "c",
        "ltd",
        "limited",
        "co",
        "corp",
        "corporation",
        "company",
        "pllc",
        "lp",
        "llp",
        "plc",
        "the",
    ]
)


@lru_cache(maxsize=65_536)
def normalize_name(name: str) -> str:
    """Lower-case, accent-free, punctuation-free name without legal-form words."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in _LEGAL_SUFFIXES]
    return " ".join(words)


def _contains_words(haystack: str, needle: str) -> bool:
    """Whole-word containment of normalized names ('acme' is in 'acme cleaning services')."""
    if not needle:
        return False
    return f" {needle} " in f" {haystack} "


def _lower(values: Iterable[str]) -> set[str]:
    return {v.strip().lower() for v in values if v and v.strip()}


def _area(c: Constraints, item: Candidate) -> list[str]:
    if item.is_remote:
        return [] if c.remote_ok else ["area:remote_not_wanted"]
    out = []
    if c.region and item.region and c.region.strip().upper() != item.region.strip().upper():
        out.append("area:region")
    if c.zip3s and item.zip3 and item.zip3 not in set(c.zip3s):
        out.append("area:zip3")
    return out


def _schedule(c: Constraints, item: Candidate) -> list[str]:
    out = []
    wanted_days, item_days = _lower(c.days), _lower(item.days)
    if wanted_days and item_days and not item_days <= wanted_days:
        out.append("schedule:days")
    wanted_shifts, item_shifts = _lower(c.shifts), _lower(item.shifts)
    # A job listing several shifts offers a choice; one the person can work is enough.
    if (
        wanted_shifts
        and item_shifts
        and ANY_SHIFT not in item_shifts
        and ANY_SHIFT not in wanted_shifts
        and not item_shifts & wanted_shifts
    ):
        out.append("schedule:shifts")
    if (
        c.max_hours_per_week is not None
        and item.hours_per_week is not None
        and item.hours_per_week > c.max_hours_per_week
    ):
        out.append("schedule:hours")
    return out


def best_hourly_pay(item: Candidate) -> float | None:
    """Highest published hourly rate (max bound, else min bound), or None."""
    values = [v for v in (item.pay_max_hourly, item.pay_min_hourly) if v is not None]
    return max(values) if values else None


def _fixed_hours(c: Constraints, item: Candidate) -> list[str]:
    shifts = tuple(s for s in _lower(item.shifts) if s != ANY_SHIFT)
    if not c.fixed_hours or not shifts or ANY_SHIFT in _lower(item.shifts):
        return []
    return ["schedule:fixed_hours"] if len(blocked_shifts(shifts, item.days, c.fixed_hours)) == len(shifts) else []


def _language(c: Constraints, item: Candidate) -> list[str]:
    if item.kind != "job" or not c.languages:
        return []
    short, _ = language_gaps(dict(c.languages), language_requirements(item.text))
    return [f"language:{req.code}" for req in short]


def _pay(c: Constraints, item: Candidate) -> list[str]:
    if item.kind != "job" or c.pay_floor_hourly is None:
        return []
    best = best_hourly_pay(item)
    return ["pay:below_floor"] if best is not None and best < c.pay_floor_hourly else []


def _employment_type(c: Constraints, item: Candidate) -> list[str]:
    if item.kind != "job":
        return []
    wanted, offered = _lower(c.employment_types), _lower(item.employment_types)
    return ["employment_type"] if wanted and offered and not wanted & offered else []


def _authorization(c: Constraints, item: Candidate) -> list[str]:
    if item.requires_work_authorization and c.work_authorized is False:
        return ["work_authorization"]
    return []


def _eligibility(c: Constraints, item: Candidate) -> list[str]:
    return [] if item.kind != "job" or item.open_to_public else ["eligibility:not_open_to_public"]


def _safety(c: Constraints, item: Candidate) -> list[str]:
    out = []
    employer = normalize_name(item.org_name)
    if any(_contains_words(employer, normalize_name(x)) for x in c.excluded_employers):
        out.append("safety:employer")
    industry = normalize_name(item.industry or "")
    if industry and any(_contains_words(industry, normalize_name(x)) for x in c.excluded_industries):
        out.append("safety:industry")
    if item.zip3 and item.zip3 in set(c.excluded_zip3s):
        out.append("safety:zip3")
    return out


def violations(profile: ProfileQuery, item: Candidate) -> list[str]:
    """Codes of every hard constraint the item breaks for this profile; empty = allowed."""
    c = profile.constraints
    out = [] if item.status.lower() == ACTIVE else [f"status:{item.status.lower()}"]
    checks = (_safety, _area, _schedule, _fixed_hours, _language, _pay, _employment_type, _authorization, _eligibility)
    for check in checks:
        out.extend(check(c, item))
    return out


def passes(profile: ProfileQuery, items: Sequence[Candidate]) -> list[int]:
    """Indexes of the items that break no constraint, in input order."""
    return [i for i, item in enumerate(items) if not violations(profile, item)]
