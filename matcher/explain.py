"""Plain-words explanations a caseworker can check against the posting and the profile.

Wording rule: nothing here may use words that reveal why the person is receiving
services (see SENSITIVE_WORDS); `explain` checks its own output.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.constraints import best_hourly_pay
from matcher.features import ProfileContext
from matcher.personal_limits import SPOKEN_LANGUAGES, blocked_shifts, language_gaps, language_requirements
from matcher.types import (
    Candidate,
    Explanation,
    ProfileQuery,
    SkillEvidence,
    TaxonomyLike,
    WagesLike,
)

__all__ = ["SENSITIVE_WORDS", "explain", "has_sensitive_words"]

SENSITIVE_WORDS = ("trafficking", "trafficked", "victim", "survivor", "exploitation")
_SENSITIVE = re.compile("|".join(SENSITIVE_WORDS), re.IGNORECASE)
MAX_MISSING = 5
MAX_EVIDENCE_CHARS = 120


def has_sensitive_words(text: str) -> bool:
    """True if the text contains a word that must never reach the person."""
    return bool(_SENSITIVE.search(text))


def _snippet(text: str, start: int, end: int) -> str:
    """The sentence-ish window around a match, trimmed for display."""
    # Sentence ends and line breaks (a title line has no full stop) bound the window.
    lo = max(text.rfind(".", 0, start) + 1, text.rfind("\n", 0, start) + 1, start - MAX_EVIDENCE_CHARS // 2)
    ends = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    hi = min([*ends, len(text), end + MAX_EVIDENCE_CHARS // 2])
    return " ".join(text[lo:hi].split())


def _money(x: float) -> str:
    return f"${x:,.2f}/hour"


def _pay_line(profile: ProfileQuery, item: Candidate, wages: WagesLike | None) -> str:
    if item.kind != "job":
        if item.cost_total is None:
            return "Cost not published."
        return "Free to attend." if item.cost_total <= 0 else f"Total cost ${item.cost_total:,.0f}."
    pay = best_hourly_pay(item)
    if pay is None:
        return "Pay not published: ask the employer before sharing."
    lo = item.pay_min_hourly
    shown = f"{_money(lo)} to {_money(pay)}" if lo is not None and lo < pay else _money(pay)
    parts = [f"Pays {shown}"]
    floor = profile.constraints.pay_floor_hourly
    if floor is not None:
        parts.append(f"above the wanted {_money(floor)}" if pay >= floor else "below the floor")
    if wages is not None and item.soc:
        stats = wages.lookup(item.soc, item.region)
        if stats is not None and stats.median_hourly:
            ratio = pay / stats.median_hourly
            where = stats.area_name or "this area"
            parts.append(f"{ratio:.0%} of the typical {_money(stats.median_hourly)} for this work in {where}")
    return "; ".join(parts) + "."


def _schedule_line(profile: ProfileQuery, item: Candidate) -> str:
    c = profile.constraints
    bits = []
    if item.shifts:
        bits.append("shifts: " + ", ".join(item.shifts))
    if item.days:
        bits.append("days: " + ", ".join(item.days))
    if item.hours_per_week is not None:
        bits.append(f"{item.hours_per_week:g} hours/week")
    if not bits:
        return "Schedule not published: check it fits before sharing." + _fixed_hours_note(profile, item)
    wanted = c.shifts or c.days or c.max_hours_per_week is not None
    tail = " (fits the stated availability)" if wanted else ""
    return "Schedule " + "; ".join(bits) + tail + "." + _fixed_hours_note(profile, item)


def _fixed_hours_note(profile: ProfileQuery, item: Candidate) -> str:
    fixed = profile.constraints.fixed_hours
    if not fixed:
        return ""
    blocked = blocked_shifts(tuple(s.lower() for s in item.shifts), item.days, fixed)
    if blocked:
        return f" Fixed hours overlap the {', '.join(blocked)} shift; another listed shift fits."
    if not item.shifts:
        return " The person has fixed hours: check the shift times."
    return " Clear of the person's fixed hours."


def _language_line(profile: ProfileQuery, item: Candidate) -> str:
    """What the posting asks in languages, against the intake's record (the caseworker checks the rest)."""
    if item.kind != "job":
        return ""
    requirements = language_requirements(item.text)
    if not requirements:
        return ""
    spoken = dict(profile.constraints.languages)
    _, unknown = language_gaps(spoken, requirements)
    bits = []
    for req in requirements:
        name = SPOKEN_LANGUAGES[req.code]
        if req in unknown:
            bits.append(f'asks for {req.level} {name} ("{req.evidence}"); level not recorded, check it')
        else:
            bits.append(f'asks for {req.level} {name} ("{req.evidence}"); recorded: {spoken[req.code]}')
    text = "Language: " + "; ".join(bits)
    return text + "."


def _location_line(item: Candidate) -> str:
    if item.is_remote:
        return "Remote." if item.kind == "job" else "Online."
    place = ", ".join(x for x in (item.region, item.zip3 and f"ZIP {item.zip3}xx") if x)
    return f"Location: {place}." if place else "Location not published."


def _eligibility_line(item: Candidate) -> str:
    """What the posting asks of applicants that the profile cannot answer: the caseworker checks it."""
    if item.kind != "job":
        return ""
    bits = []
    if item.requires_citizenship:
        bits.append("U.S. citizenship required")
    if item.security_clearance:
        bits.append(f"security clearance required ({item.security_clearance})")
    if item.telework_eligible and not item.is_remote:
        bits.append("telework possible, but not remote: the person must live near the site")
    if not bits:
        return ""
    text = "; ".join(bits)
    return text[0].upper() + text[1:] + "."


def explain(
    profile: ProfileQuery,
    ctx: ProfileContext,
    item: Candidate,
    skills: Sequence[str],
    *,
    taxonomy: TaxonomyLike | None = None,
    wages: WagesLike | None = None,
) -> Explanation:
    """Matched skills with evidence on both sides, missing skills, pay, schedule, place."""
    item_evidence: dict[str, str] = {}
    if taxonomy is not None:
        for m in taxonomy.extract(item.text):
            item_evidence.setdefault(m.skill_id, _snippet(item.text, m.start, m.end))

    def label(sid: str) -> str:
        return (taxonomy.label(sid) if taxonomy is not None else None) or sid

    matched = tuple(
        SkillEvidence(sid, label(sid), item_evidence.get(sid), ctx.skill_evidence.get(sid))
        for sid in dict.fromkeys(skills)
        if sid in ctx.skill_ids
    )
    missing = tuple(label(s) for s in dict.fromkeys(skills) if s not in ctx.skill_ids)
    lines = []
    for ev in matched:
        line = f"Shows '{ev.label}'"
        if ev.profile_evidence and ev.profile_evidence.lower() != ev.label.lower():
            line += f' (their words: "{ev.profile_evidence}")'
        if ev.item_evidence:
            line += f'; the posting asks: "{ev.item_evidence}"'
        lines.append(line + ".")
    if missing:
        more = f" and {len(missing) - MAX_MISSING} more" if len(missing) > MAX_MISSING else ""
        lines.append("Not yet shown: " + ", ".join(missing[:MAX_MISSING]) + more + ".")
    if not skills:
        lines.append("The posting lists no recognized skills; matched on the described work.")
    pay, schedule = _pay_line(profile, item, wages), _schedule_line(profile, item)
    location, eligibility = _location_line(item), _eligibility_line(item)
    language = _language_line(profile, item)
    lines += [x for x in (pay, schedule, location, eligibility, language) if x]
    lines = [_SENSITIVE.sub("[removed]", x) for x in lines]
    return Explanation(
        matched_skills=matched,
        missing_skills=missing,
        pay=pay,
        schedule=schedule,
        location=location,
        lines=tuple(lines),
        eligibility=_SENSITIVE.sub("[removed]", eligibility),
    )
