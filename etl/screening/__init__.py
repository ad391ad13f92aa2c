"""Explainable posting screener: phrase and field rules for trafficking and scam indicators.

`screen(posting, wages)` returns every rule hit with the words that fired, `hold` when
any non-sector indicator is present, and a review `priority` for staff.
"""

from etl.screening.result import Family, RuleHit, ScreeningResult
from etl.screening.screener import screen
from etl.screening.wages import WageLookup, WageStats

__all__ = ["Family", "RuleHit", "ScreeningResult", "WageLookup", "WageStats", "screen"]
