"""BLS OEWS (May 2025) hourly wage percentiles by SOC code and area, with area fallbacks.

Areas are national, states and metropolitan/nonmetropolitan areas. OEWS carries no ZIP codes,
so a 3-digit ZIP cannot pick a metro here: callers pass a state code or a metro name.
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matcher.occupations import normalize_soc

__all__ = ["WageStats", "WageTable", "load_wages"]

DATA_DIR = Path(__file__).parent / "data"
WAGES_FILE = DATA_DIR / "wages.csv.gz"
AREAS_FILE = DATA_DIR / "wage_areas.csv.gz"
NATIONAL = "0000000"
_PERCENTILES = ("p10", "p25", "median", "p75", "p90")


@dataclass(frozen=True, slots=True)
class WageStats:
    """OEWS hourly wage percentiles for one occupation in one area."""

    median_hourly: float | None
    p10_hourly: float | None
    p25_hourly: float | None
    p75_hourly: float | None
    p90_hourly: float | None
    area_name: str
    area_level: str  # national | state | metro | nonmetro
    soc: str  # the code the figures are for (a broader group when the detailed one is missing)
    area_code: str = NATIONAL
    employment: int | None = None
    # Published only as annual pay (teachers, pilots): hourly = annual / 2,080 (BLS convention).
    from_annual: bool = False
    # At least one percentile hit the $115/h top code; it is stored as 115.0, a lower bound.
    top_coded: bool = False


@dataclass(frozen=True, slots=True)
class Area:
    """An OEWS area."""

    code: str
    level: str
    states: tuple[str, ...]
    name: str


def broader_socs(soc: str) -> list[str]:
    """'53-7051' → ['53-7051', '53-7050', '53-7000']: detailed, broad and minor group."""
    major, rest = soc.split("-")
    candidates = [soc, f"{major}-{rest[:3]}0", f"{major}-{rest[:2]}00", f"{major}-{rest[:1]}000"]
    # Keep order, drop repeats ("53-7000" is its own minor and broad group); majors are too wide.
    return [c for i, c in enumerate(candidates) if c not in candidates[:i] and (c == soc or not c.endswith("0000"))]


class WageTable:
    """Wage percentiles for every (area, SOC) cell that OEWS publishes."""

    def __init__(self, areas: list[Area], rows: Iterator[dict[str, str]]) -> None:
        self.areas = {a.code: a for a in areas}
        self._states = {a.states[0]: a for a in areas if a.level == "state"}
        self._state_names = {a.name.lower(): a for a in areas if a.level == "state"}
        # Compact storage (about 234,000 cells): one float32 array, a per-area index into it.
        self._values = array("f")
        self._index: dict[str, dict[str, int]] = {}
        self._meta: list[tuple[int, str]] = []
        self._region_cache: dict[str, list[str]] = {}
        # Ranking asks for the same (SOC, region) hundreds of times a query; WageStats is immutable.
        self._lookup_cache: dict[tuple[str, str | None, str | None], WageStats | None] = {}
        nan = float("nan")
        for row in rows:
            slot = len(self._meta)
            soc = sys.intern(row["soc"])
            self._index.setdefault(row["area_code"], {})[soc] = slot
            self._values.extend(float(row[k]) if row[k] else nan for k in _PERCENTILES)
            employment = int(row["employment"]) if row["employment"] else -1
            self._meta.append((employment, sys.intern(row["basis"])))

    def areas_for(self, region: str | None) -> list[str]:
        """Area codes a region names, most specific first (metro, then its state)."""
        if not region or not region.strip():
            return []
        cached = self._region_cache.get(region)
        if cached is None:
            cached = self._resolve_region(region.strip())
            if len(self._region_cache) < 10_000:  # regions are few; stay bounded anyway
                self._region_cache[region] = cached
        return list(cached)

    def _resolve_region(self, text: str) -> list[str]:
        state = self._states.get(text.upper()) or self._state_names.get(text.lower())
        if state is not None:
            return [state.code]
        # "Seattle, WA" or "Seattle-Tacoma-Bellevue, WA" or "Seattle".
        city, _, state_code = text.rpartition(",")
        if not city:
            city, state_code = text, ""
        state_code = state_code.strip().upper()
        city_words = set(re.findall(r"[a-z]+", city.lower()))
        for area in self.areas.values():
            if area.level not in ("metro", "nonmetro") or not city_words:
                continue
            if state_code and state_code not in area.states:
                continue
            head = area.name.rpartition(",")[0].lower() or area.name.lower()
            if city_words <= set(re.findall(r"[a-z]+", head)):
                state_area = self._states.get(state_code or area.states[0])
                return [area.code] + ([state_area.code] if state_area else [])
        fallback = self._states.get(state_code)
        return [fallback.code] if fallback else []

    def lookup(self, soc: str, region: str | None = None, area_code: str | None = None) -> WageStats | None:
        """Wages for a SOC in the most specific area that has them, else state, else national."""
        key = (soc, region, area_code)
        if key in self._lookup_cache:
            return self._lookup_cache[key]
        found = self._lookup(soc, region, area_code)
        if len(self._lookup_cache) < 200_000:  # bounded: SOCs x regions seen in a catalog
            self._lookup_cache[key] = found
        return found

    def _lookup(self, soc: str, region: str | None, area_code: str | None) -> WageStats | None:
        code = normalize_soc(soc)
        if code is None:
            return None
        areas = [a for a in [area_code, *self.areas_for(region)] if a]
        # A metro's figures are worth more than its state's; its state's more than the nation's.
        if area_code and area_code in self.areas and area_code != NATIONAL:
            state = self._states.get(self.areas[area_code].states[0])
            if state:
                areas.append(state.code)
        areas.append(NATIONAL)
        for candidate in broader_socs(code):
            for area in dict.fromkeys(areas):
                slot = self._index.get(area, {}).get(candidate)
                if slot is not None:
                    return self._stats(area, candidate, slot)
        return None

    def _stats(self, area_code: str, soc: str, slot: int) -> WageStats:
        p10, p25, median, p75, p90 = (None if v != v else round(v, 2) for v in self._values[slot * 5 : slot * 5 + 5])
        employment, basis = self._meta[slot]
        area = self.areas[area_code]
        return WageStats(
            median_hourly=median,
            p10_hourly=p10,
            p25_hourly=p25,
            p75_hourly=p75,
            p90_hourly=p90,
            area_name=area.name,
            area_level=area.level,
            soc=soc,
            area_code=area_code,
            employment=employment if employment >= 0 else None,
            from_annual=basis.startswith("a"),
            top_coded=basis.endswith("+"),
        )


def _read_gzip_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@cache
def load_wages() -> WageTable:
    """The packaged OEWS wage table, loaded once per process."""
    areas = [
        Area(r["area_code"], r["level"], tuple(r["states"].split()), r["name"]) for r in _read_gzip_csv(AREAS_FILE)
    ]
    return WageTable(areas, _read_gzip_csv(WAGES_FILE))
