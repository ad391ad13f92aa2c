"""Plain records the ranking core works on: candidates, profile queries, ranked matches.

The repository layer builds these from rows; nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from matcher.personal_limits import FixedHours, minutes

__all__ = [
    "Candidate",
    "Constraints",
    "Explanation",
    "ProfileQuery",
    "RankedMatch",
    "SkillEvidence",
    "SkillMatchLike",
    "TaxonomyLike",
    "WageStatsLike",
    "WagesLike",
    "WorkItem",
]

Kind = Literal["job", "program"]
FloatArray = npt.NDArray[np.float32]


# --- Interfaces of the reference-data modules (matcher/taxonomy.py, matcher/wages.py) ---


class SkillMatchLike(Protocol):
    """One skill found in a text, with the words that show it."""

    @property
    def skill_id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class TaxonomyLike(Protocol):
    """What the ranking core needs from the skills taxonomy."""

    def extract(self, text: str) -> Sequence[SkillMatchLike]: ...
    def label(self, skill_id: str) -> str | None: ...
    def resolve(self, typed: str) -> str | None: ...


class WageStatsLike(Protocol):
    """OEWS hourly wage percentiles for one occupation in one area."""

    @property
    def median_hourly(self) -> float | None: ...
    @property
    def area_name(self) -> str: ...


class WagesLike(Protocol):
    """Lookup of local wages by SOC code and optional region."""

    def lookup(self, soc: str, region: str | None = None) -> WageStatsLike | None: ...


# --- Catalog items ---


def _tuple(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(v for v in (values or ()) if v)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A job posting or training program as the ranking core sees it."""

    item_id: int | str
    kind: Kind
    source_id: str
    title: str
    text: str = ""
    org_name: str = ""  # employer for jobs, provider for programs
    industry: str | None = None
    skills: tuple[str, ...] = ()
    soc: str | None = None  # job occupation (SOC 2018, 'xx-xxxx')
    target_socs: tuple[str, ...] = ()  # programs: occupations they prepare for
    cip: str | None = None
    pay_min_hourly: float | None = None
    pay_max_hourly: float | None = None
    shifts: tuple[str, ...] = ()
    days: tuple[str, ...] = ()
    hours_per_week: float | None = None
    employment_types: tuple[str, ...] = ()
    region: str | None = None
    zip3: str | None = None
    is_remote: bool = False  # telecommute job or online program
    status: str = "active"
    requires_work_authorization: bool = False
    # Who may apply (jobs): False for postings open only to current federal employees or other closed
    # groups; such an item never reaches a person's list (constraints `_eligibility`).
    open_to_public: bool = True
    telework_eligible: bool = False  # some days from home; not remote
    requires_citizenship: bool = False  # a requirement of the posting; nothing about the person
    security_clearance: str | None = None
    cost_total: float | None = None
    duration_weeks: float | None = None
    employment_rate: float | None = None  # share employed after exit, 0..1
    median_earnings: float | None = None  # annual, after completion
    credential_rate: float | None = None
    embedding: FloatArray | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_job(cls, row: Any, *, item_id: int | str | None = None) -> Candidate:
        """Build from a JobPosting / JobPostingIn-like object."""
        emb = getattr(row, "embedding", None)
        return cls(
            item_id=item_id if item_id is not None else getattr(row, "id", None) or row.source_id,
            kind="job",
            source_id=row.source_id,
            title=row.title,
            text=job_text(row.title, row.description, getattr(row, "qualifications", None)),
            org_name=row.employer_name,
            industry=row.industry,
            skills=_tuple(row.skills),
            soc=row.occupation_code,
            pay_min_hourly=row.pay_min_hourly,
            pay_max_hourly=row.pay_max_hourly,
            shifts=_tuple(row.shifts),
            days=_tuple(row.days),
            hours_per_week=row.hours_per_week,
            employment_types=_tuple(row.employment_types),
            region=row.region,
            zip3=row.zip3,
            is_remote=bool(row.is_remote),
            status=str(getattr(row, "status", "active")),
            requires_work_authorization=bool(row.requires_work_authorization),
            open_to_public=bool(getattr(row, "open_to_public", True)),
            telework_eligible=bool(getattr(row, "telework_eligible", False)),
            requires_citizenship=bool(getattr(row, "requires_citizenship", False)),
            security_clearance=getattr(row, "security_clearance", None),
            embedding=None if emb is None else np.asarray(emb, dtype=np.float32),
        )

    @classmethod
    def from_program(cls, row: Any, *, item_id: int | str | None = None) -> Candidate:
        """Build from a TrainingProgram / ProgramIn-like object."""
        emb = getattr(row, "embedding", None)
        return cls(
            item_id=item_id if item_id is not None else getattr(row, "id", None) or row.source_id,
            kind="program",
            source_id=row.source_id,
            title=row.name,
            text=job_text(row.name, row.description, getattr(row, "prerequisites", None)),
            org_name=row.provider_name,
            skills=_tuple(row.skills),
            target_socs=_tuple(row.target_soc_codes),
            cip=row.cip_code,
            shifts=_tuple(row.shifts),
            days=_tuple(row.days),
            region=row.region,
            zip3=row.zip3,
            is_remote=bool(row.is_online) or row.delivery == "online",
            status=str(getattr(row, "status", "active")),
            cost_total=row.cost_total,
            duration_weeks=row.duration_weeks,
            employment_rate=row.employment_rate_q2,
            median_earnings=row.median_earnings,
            credential_rate=row.credential_rate,
            embedding=None if emb is None else np.asarray(emb, dtype=np.float32),
        )


def job_text(title: str, description: str | None, extra: str | None = None) -> str:
    """Title, description and requirements joined: the text lexical search and evidence use."""
    return "\n".join(part for part in (title, description, extra) if part)


# --- Profiles ---


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One past job or activity, in the person's (scrubbed) words."""

    activities: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Constraints:
    """Hard limits from the profile; an empty list means 'any'."""

    region: str | None = None
    zip3s: tuple[str, ...] = ()
    remote_ok: bool = True
    pay_floor_hourly: float | None = None
    days: tuple[str, ...] = ()
    shifts: tuple[str, ...] = ()
    max_hours_per_week: float | None = None
    employment_types: tuple[str, ...] = ()
    work_authorized: bool | None = None
    excluded_employers: tuple[str, ...] = ()
    excluded_industries: tuple[str, ...] = ()
    excluded_zip3s: tuple[str, ...] = ()
    # (language code, level) pairs the intake records, and windows the person cannot work (childcare).
    languages: tuple[tuple[str, str], ...] = ()
    fixed_hours: tuple[FixedHours, ...] = ()

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> Constraints:
        """Read the `constraints` object of a `wayfinder rank` line (unknown keys ignored)."""

        def strs(key: str) -> tuple[str, ...]:
            value = raw.get(key) or ()
            return _tuple([value] if isinstance(value, str) else [str(v) for v in value])

        floor = raw.get("pay_floor_hourly")
        hours = raw.get("max_hours_per_week")
        authorized = raw.get("work_authorized")
        return cls(
            region=raw.get("region") or None,
            zip3s=strs("zip3s"),
            remote_ok=raw.get("remote_ok") is not False,  # absent or null = remote is fine
            pay_floor_hourly=None if floor is None else float(floor),
            days=strs("days"),
            shifts=strs("shifts"),
            max_hours_per_week=None if hours is None else float(hours),
            employment_types=strs("employment_types"),
            work_authorized=None if authorized is None else bool(authorized),
            excluded_employers=strs("excluded_employers"),
            excluded_industries=strs("excluded_industries"),
            excluded_zip3s=strs("excluded_zip3s"),
            languages=_languages(raw.get("languages")),
            fixed_hours=_fixed_hours(raw.get("fixed_hours")),
        )


def _languages(raw: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(x["code"]), str(x["level"])) for x in raw or () if isinstance(x, Mapping) and x.get("code"))


def _fixed_hours(raw: Any) -> tuple[FixedHours, ...]:
    out = []
    for x in raw or ():
        if isinstance(x, Mapping) and x.get("day") and x.get("start") and x.get("end"):
            out.append(FixedHours(str(x["day"]), minutes(str(x["start"])), minutes(str(x["end"]))))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ProfileQuery:
    """What the matcher knows about a person: skills, past work, interests and limits."""

    id: str
    skills: tuple[str, ...] = ()  # taxonomy ids or short typed skills
    work_history: tuple[WorkItem, ...] = ()
    education: str | None = None
    interests: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    constraints: Constraints = field(default_factory=Constraints)

    @classmethod
    def from_json(cls, line: Mapping[str, Any]) -> ProfileQuery:
        """Parse one `wayfinder rank --profiles` JSONL object."""
        history = tuple(
            WorkItem(activities=str(w.get("activities") or ""), title=w.get("title") or None)
            for w in line.get("work_history") or ()
            if isinstance(w, Mapping)
        )
        return cls(
            id=str(line["id"]),
            skills=_tuple([str(s) for s in line.get("skills") or ()]),
            work_history=history,
            education=line.get("education") or line.get("education_level") or None,
            interests=_tuple([str(s) for s in line.get("interests") or ()]),
            goals=_tuple([str(s) for s in line.get("goals") or ()]),
            constraints=Constraints.from_mapping(line.get("constraints") or {}),
        )

    @classmethod
    def from_profile(cls, profile: Any, *, profile_id: str | None = None) -> ProfileQuery:
        """Build from a ProfileFields-like object, e.g. a decrypted ProfileRecord. Not a SurvivorProfile row:
        its safety exclusions are sealed and it has no `excluded_*` attributes."""
        history = tuple(
            WorkItem(activities=str(w.get("activities") or ""), title=w.get("title") or None)
            for w in profile.work_history or ()
        )
        constraints = Constraints(
            region=profile.region,
            zip3s=_tuple(profile.zip3s),
            remote_ok=bool(profile.remote_ok),
            pay_floor_hourly=profile.pay_floor_hourly,
            days=_tuple(profile.days),
            shifts=_tuple(profile.shifts),
            max_hours_per_week=profile.max_hours_per_week,
            employment_types=_tuple(profile.employment_types),
            work_authorized=profile.work_authorized,
            excluded_employers=_tuple(profile.excluded_employers),
            excluded_industries=_tuple(profile.excluded_industries),
            excluded_zip3s=_tuple(profile.excluded_zip3s),
            languages=_languages(getattr(profile, "languages", None)),
            fixed_hours=_fixed_hours(getattr(profile, "fixed_hours", None)),
        )
        return cls(
            id=profile_id or str(getattr(profile, "pseudonym", "") or "profile"),
            skills=_tuple(profile.skills),
            work_history=history,
            education=profile.education_level,
            interests=_tuple(profile.interests),
            goals=_tuple(profile.goals),
            constraints=constraints,
        )


# --- Results ---


@dataclass(frozen=True, slots=True)
class SkillEvidence:
    """A skill the person shows that the item asks for, with the words on both sides."""

    skill_id: str
    label: str
    item_evidence: str | None
    profile_evidence: str | None


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an item was matched, in words a caseworker can check against the posting."""

    matched_skills: tuple[SkillEvidence, ...]
    missing_skills: tuple[str, ...]
    pay: str
    schedule: str
    location: str
    lines: tuple[str, ...]  # the above as short sentences, in display order
    eligibility: str = ""  # what the posting requires of applicants (citizenship, clearance), for the caseworker


@dataclass(frozen=True, slots=True)
class RankedMatch:
    """One ranked item with its score, its feature values and its explanation."""

    candidate: Candidate
    score: float
    features: dict[str, float]
    explanation: Explanation | None = None
