"""The enrichment components an import uses, loaded once per process."""

from functools import partial

from etl.enrich import Enricher
from etl.screening import screen
from matcher.occupations import load_occupations
from matcher.taxonomy import load_taxonomy
from matcher.wages import load_wages


def default_enricher(model_name: str) -> Enricher:
    """Skills from the taxonomy, occupation from the title, and safety screening with local wages."""
    return Enricher(
        model_name=model_name,
        skills=load_taxonomy(),
        titles=load_occupations(),
        screener=partial(screen, wages=load_wages()),
    )
