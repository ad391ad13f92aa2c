"""Training pathways: programs that close the skill gap between a person and a job."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.types import Candidate

__all__ = ["Pathway", "pathways", "skill_gaps"]

# A program aimed at the job's own occupation closes part of any gap even when its
# skills are not itemized; worth this share of the gap (CIP->SOC links are coarse).
SOC_LINK_CREDIT = 0.5
# Skills every kind of training touches on. A program that closes only these is no reason to train for a
# particular job (a dental-assisting course is not a pathway to forklift work because it builds
# "attention to detail"), unless it serves the job's occupational field anyway.
TRANSVERSAL_SKILLS = frozenset(
    {
        "wf:attention-to-detail",
        "wf:communication-skills",
        "wf:problem-solving",
        "wf:teamwork",
        "wf:time-management",
    }
)


@dataclass(frozen=True, slots=True)
class Pathway:
    """One program and how much of the job's skill gap it closes."""

    program: Candidate
    gap_closed: float  # 0..1 share of the missing skills (with SOC credit)
    closes: tuple[str, ...]  # missing skill ids the program teaches
    soc_link: bool  # the program targets the job's occupation


def skill_gaps(profile_skills: Iterable[str], job_skills: Sequence[str]) -> tuple[str, ...]:
    """The job's skills the person does not show, in the job's order."""
    have = set(profile_skills)
    return tuple(s for s in dict.fromkeys(job_skills) if s not in have)


def _soc_match(job_soc: str | None, targets: Sequence[str]) -> bool:
    """Same 6-digit SOC; O*NET suffixes ('29-1141.00') are ignored."""
    if not job_soc:
        return False
    soc = job_soc[:7]
    return any(t[:7] == soc for t in targets)


def _same_field(job_soc: str | None, targets: Sequence[str]) -> bool:
    """Same SOC major group ('53-' transportation and material moving, ...)."""
    if not job_soc:
        return False
    major = job_soc[:3]
    return any(t[:3] == major for t in targets)


def pathways(
    job: Candidate,
    gaps: Sequence[str],
    programs: Sequence[Candidate],
    *,
    limit: int = 5,
) -> list[Pathway]:
    """Programs ranked by gap closed, then lower cost, then shorter (unknowns last)."""
    gap_set = set(gaps)
    found = []
    for p in programs:
        if p.kind != "program":
            continue
        closes = tuple(s for s in gaps if s in set(p.skills))
        link = _soc_match(job.soc, p.target_socs)
        if closes and all(s in TRANSVERSAL_SKILLS for s in closes) and not _same_field(job.soc, p.target_socs):
            continue
        share = len(closes) / len(gap_set) if gap_set else 0.0
        if link:
            share = min(1.0, share + SOC_LINK_CREDIT * (1.0 - share))
        if share > 0:
            found.append(Pathway(p, share, closes, link))
    inf = float("inf")
    found.sort(
        key=lambda pw: (
            -round(pw.gap_closed, 6),
            pw.program.cost_total if pw.program.cost_total is not None else inf,
            pw.program.duration_weeks if pw.program.duration_weeks is not None else inf,
            str(pw.program.source_id),
        )
    )
    return found[:limit]
