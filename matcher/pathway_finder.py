"""Training programs that close a job's skill gap, for the jobs in one ranked list."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.constraints import violations
from matcher.features import build_profile_context, item_skills
from matcher.pathways import Pathway, pathways, skill_gaps
from matcher.types import Candidate, ProfileQuery, TaxonomyLike

PATHWAYS_PER_JOB = 3


@dataclass
class ProgramLookup:
    """Programs indexed by the skills they teach and the occupations they target."""

    programs: Sequence[Candidate]
    by_skill: dict[str, list[int]] = field(default_factory=dict)
    by_soc: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, programs: Sequence[Candidate]) -> "ProgramLookup":
        by_skill: dict[str, list[int]] = defaultdict(list)
        by_soc: dict[str, list[int]] = defaultdict(list)
        for i, p in enumerate(programs):
            for s in set(p.skills):
                by_skill[s].append(i)
            for soc in set(p.target_socs):
                by_soc[soc[:7]].append(i)
        return cls(programs, dict(by_skill), dict(by_soc))

    def relevant(self, gaps: Sequence[str], soc: str | None) -> list[Candidate]:
        """Programs teaching at least one missing skill, or aimed at the job's occupation."""
        ids: set[int] = set()
        for s in gaps:
            ids.update(self.by_skill.get(s, ()))
        if soc:
            ids.update(self.by_soc.get(soc[:7], ()))
        return [self.programs[i] for i in sorted(ids)]


def find_pathways(
    profile: ProfileQuery,
    jobs: Sequence[Candidate],
    lookup: ProgramLookup,
    taxonomy: TaxonomyLike | None,
    limit: int = PATHWAYS_PER_JOB,
) -> dict[int | str, list[Pathway]]:
    """Per job with a skill gap: programs the person can attend (same hard constraints) that close it."""
    have = build_profile_context(profile, taxonomy).skill_ids
    out: dict[int | str, list[Pathway]] = {}
    for job in jobs:
        gaps = skill_gaps(have, item_skills(job, taxonomy))
        if not gaps:
            continue
        options = [p for p in lookup.relevant(gaps, job.soc) if not violations(profile, p)]
        found = pathways(job, gaps, options, limit=limit)
        if found:
            out[job.item_id] = found
    return out
