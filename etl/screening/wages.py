"""The wage-table shape the pay rule needs (matcher/wages.py provides one; we don't import it)."""

from typing import Protocol


class WageStats(Protocol):
    @property
    def median_hourly(self) -> float | None: ...

    @property
    def p90_hourly(self) -> float | None: ...


class WageLookup(Protocol):
    def lookup(self, soc: str, region: str | None = None) -> WageStats | None: ...
