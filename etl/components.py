"""The enrichment components an import uses, loaded once per process."""

from functools import partial

from etl.enrich import Enricher
from etl.screening import screen
from etl.screening.program_rules import screen_program
from matcher.occupations import load_occupations
from matcher.taxonomy import load_taxonomy
from matcher.wages import WageStats, WageTable, load_wages


class CachedWages:
    """Memoized wage lookups: an import asks about the same (occupation, region) pairs over and over."""

    def __init__(self, table: WageTable) -> None:
        self._table = table
        self._cache: dict[tuple[str, str | None], WageStats | None] = {}

    def lookup(self, soc: str, region: str | None = None) -> WageStats | None:
        key = (soc, region)
        if key not in self._cache:
            self._cache[key] = self._table.lookup(soc, region)
        return self._cache[key]


def default_enricher(model_name: str) -> Enricher:
    """Skills from the taxonomy, occupation from the title, and safety screening with local wages."""
    return Enricher(
        model_name=model_name,
        skills=load_taxonomy(),
        titles=load_occupations(),
        screener=partial(screen, wages=CachedWages(load_wages())),
        program_screener=screen_program,
    )
