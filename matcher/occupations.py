"""O*NET/SOC occupations: titles, task statements, work activities, and a cheap title → SOC guess."""

from __future__ import annotations

import csv
import gzip
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

__all__ = ["Occupations", "load_occupations", "normalize_soc", "title_to_soc"]

DATA_DIR = Path(__file__).parent / "data"
OCCUPATIONS_FILE = DATA_DIR / "occupations.csv.gz"
TASKS_FILE = DATA_DIR / "onet_tasks.csv.gz"
TITLE_ALIASES_FILE = DATA_DIR / "title_aliases.csv"  # hand-maintained

_SOC = re.compile(r"^\s*(\d{2})-?(\d{4})(?:\.\d{2})?\s*$")
_WORD = re.compile(r"[a-z0-9]+")
# Title words that say nothing about the occupation.
_TITLE_NOISE = frozenset(
    "a an and or of the in for to at with i ii iii iv senior sr junior jr lead entry "  # noqa: SIM905
    "level part full time ft pt temp temporary seasonal remote hiring now immediate "
    "start urgent needed wanted shift day night weekend hour hourly pay bonus new "
    "position job apprentice trainee intern".split()
)


def normalize_soc(code: str | None) -> str | None:
    """'29-1141.00', '291141' or '29-1141' → '29-1141'; anything else → None."""
    if not code:
        return None
    m = _SOC.match(code)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def _title_words(title: str) -> list[str]:
    words = []
    for w in _WORD.findall(title.lower()):
        if w in _TITLE_NOISE:
            continue
        # Plural and singular titles alike ("Cashiers" / "Cashier").
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-3] + "y" if w.endswith("ies") else w[:-1]
        words.append(w)
    return words


@dataclass
class Occupations:
    """SOC titles, O*NET task statements and detailed work activities per SOC."""

    titles: dict[str, str]
    tasks: dict[str, list[str]] = field(default_factory=dict)
    activities: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    onet_titles: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _index: dict[str, list[tuple[str, int]]] = field(default_factory=dict, repr=False)
    _idf: dict[str, float] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Each SOC is indexed by its SOC title and its O*NET titles (several per SOC).
        index: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._names: list[tuple[str, int]] = []
        for soc, names in self._names_by_soc().items():
            # Titles name detailed occupations; OEWS's broad groups ("41-2000") are too vague.
            if soc.endswith("0") and soc not in self.onet_titles:
                continue
            for name in names:
                words = set(_title_words(name))
                if not words:
                    continue
                slot = len(self._names)
                self._names.append((soc, len(words)))
                for w in words:
                    index[w].append((soc, slot))
        # Longest first, so "home health aide" wins over a shorter alias inside it.
        self._multiword_aliases = sorted(
            ((frozenset(a.split()), soc) for a, soc in self.aliases.items() if " " in a),
            key=lambda pair: -len(pair[0]),
        )
        count = max(len(self._names), 1)
        self._idf = {w: math.log(1 + count / len(hits)) for w, hits in index.items()}
        self._index = dict(index)

    def _names_by_soc(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = defaultdict(list)
        for soc, title in self.titles.items():
            names[soc].append(title)
        for soc, onet_names in self.onet_titles.items():
            names[soc].extend(onet_names)
        return names

    def title(self, soc: str) -> str | None:
        """The SOC 2018 title of a code in any common spelling."""
        code = normalize_soc(soc)
        return self.titles.get(code) if code else None

    def title_to_soc(self, title: str) -> str | None:
        """Best-effort SOC for a job title: curated alias or IDF-weighted word overlap."""
        words = _title_words(title)
        if not words:
            return None
        exact = self.aliases.get(" ".join(words))
        if exact:
            return exact
        best, coverage = self._best_title(words)
        # An O*NET title naming every word beats a curated alias found inside the title
        # ("sewing machine operator" is not the generic "machine operator").
        if best is not None and coverage >= 0.999:
            return best
        return self._alias_inside(words) or (best if coverage >= 0.5 else None)

    def _alias_inside(self, words: list[str]) -> str | None:
        """The longest multi-word curated alias whose words all appear in the title."""
        present = set(words)
        for alias_words, soc in self._multiword_aliases:
            if alias_words <= present:
                return soc
        return None

    def _best_title(self, words: list[str]) -> tuple[str | None, float]:
        """The SOC whose title covers most of the words' weight, and that share."""
        scores: dict[int, float] = defaultdict(float)
        for w in set(words):
            if w in self._idf:
                for _, slot in self._index[w]:
                    scores[slot] += self._idf[w]
        if not scores:
            return None, 0.0
        # A word no title uses counts as a rare one: "SQL" in "SQL Server Administrator"
        # must not leave "server" alone to pick Food Servers.
        unknown = max(self._idf.values(), default=1.0)
        query_weight = sum(self._idf.get(w, unknown) for w in set(words)) or 1.0
        # Lightly prefer names with few extra words.
        best = max(scores, key=lambda slot: scores[slot] - 0.05 * self._names[slot][1])
        return self._names[best][0], scores[best] / query_weight


def _read_gzip_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@cache
def load_occupations() -> Occupations:
    """The packaged occupations, loaded once per process."""
    titles: dict[str, str] = {}
    onet_titles: dict[str, list[str]] = {}
    for row in _read_gzip_csv(OCCUPATIONS_FILE):
        titles[row["soc"]] = row["title"]
        if row["onet_titles"]:
            onet_titles[row["soc"]] = row["onet_titles"].split("|")
    tasks: dict[str, list[str]] = defaultdict(list)
    activities: dict[str, list[str]] = defaultdict(list)
    for row in _read_gzip_csv(TASKS_FILE):
        (tasks if row["kind"] == "task" else activities)[row["soc"]].append(row["text"])
    with TITLE_ALIASES_FILE.open(encoding="utf-8", newline="") as fh:
        aliases = {" ".join(_title_words(row["title"])): row["soc"] for row in csv.DictReader(fh)}
    return Occupations(titles, dict(tasks), dict(activities), aliases, onet_titles=onet_titles)


def title_to_soc(title: str) -> str | None:
    """Best-effort SOC 2018 code for a posting title with no occupation code."""
    return load_occupations().title_to_soc(title)
