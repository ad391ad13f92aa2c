"""Explainable posting screener: phrase and field rules for trafficking and scam indicators.

`screen(posting, wages)` returns every rule hit with the words that fired and the source of its
wording, `hold` when a strong indicator (or weak signals of two families) is present, and a review
`priority` for staff. Families: the ILO's eleven forced-labour indicators, the commercial-sex,
sales-crew and overseas-recruitment markers, and the scam signals of red-flags.md (docs/screening.md).
"""

from etl.screening.result import Family, RuleHit, ScreeningResult
from etl.screening.screener import screen
from etl.screening.wages import WageLookup, WageStats

__all__ = ["Family", "RuleHit", "ScreeningResult", "WageLookup", "WageStats", "screen"]
