"""The skill taxonomy (ESCO skills with curated job-text terms) and a fast phrase extractor.

Extraction is a token n-gram dictionary lookup: the text is tokenized once, each token gets a
light plural-stripping normal form, and at each position the longest known term wins.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from matcher.occupations import normalize_soc

__all__ = [
    "SkillMatch",
    "Taxonomy",
    "is_matchable",
    "load_taxonomy",
    "normalize_term",
    "normalize_token",
]

DATA_DIR = Path(__file__).parent / "data"
SKILLS_FILE = DATA_DIR / "skills.csv.gz"
OCCUPATION_SKILLS_FILE = DATA_DIR / "occupation_skills.csv.gz"

# Punctuation becomes a space (one char for one, so offsets into the text stay valid); "+" and
# "#" stay so that "c++" and "c#" survive. An apostrophe splits "driver's" into "driver s", and
# the lone "s" is dropped so that "driver's license" and "drivers license" normalize alike.
# Sentence and list punctuation becomes a barrier token that no term crosses ("orders; perform").
_BARRIER = "\x00"  # not whitespace to str.split(), unlike \x1c-\x1f
_BREAKS = '.,;:!?()[]{}<>|"\u2022\u00b7\u2026'  # and bullet, middle dot, ellipsis
_TYPOGRAPHIC = "\u2019\u2018\u201c\u201d\u2013\u2014\u00ae\u2122\u00b0"  # curly quotes, dashes, (R) TM deg
_PUNCTUATION = "".join(c for c in string.punctuation + _TYPOGRAPHIC if c not in _BREAKS and c not in "+#")
_SPACES = str.maketrans({**dict.fromkeys(_PUNCTUATION, " "), **dict.fromkeys(_BREAKS, _BARRIER)})
# The same mapping for ASCII text as a byte table (bytes.translate is a plain table lookup, ~5x faster than
# str.translate with a dict; extraction runs on every imported posting). Only ASCII text takes this path.
_SPACES_BYTES = bytes(
    32 if chr(c) in _PUNCTUATION else ord(_BARRIER) if chr(c) in _BREAKS else c for c in range(128)
) + bytes(range(128, 256))
_DROPPED = frozenset({"s", ""})

# Words that never make a term on their own (a term made only of these is dropped).
STOPWORDS = frozenset(
    "a an and are as at be by for from in into is it of on or our the to with you your "  # noqa: SIM905
    "we will can may must all any other etc per via".split()
)

# Longest term in tokens that the extractor tries; longer labels never occur verbatim in ads.
MAX_TERM_TOKENS = 6


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """One skill found in a text; evidence is exactly text[start:end]."""

    skill_id: str
    label: str
    evidence: str
    start: int
    end: int


@lru_cache(maxsize=65536)
def normalize_token(token: str) -> str:
    """Strip a regular English plural from a lower-case token."""
    tok = token
    if len(tok) <= 3 or not tok.endswith("s"):
        return tok
    if tok.endswith("ies") and len(tok) > 4:
        return tok[:-3] + "y"
    if tok.endswith(("sses", "shes", "ches", "xes", "zes")):
        return tok[:-2]
    if tok.endswith(("ss", "us", "is")):
        return tok
    return tok[:-1]


class _NormalForms(dict[str, str]):
    """Plain-dict cache of normalize_token for the hot loop (an lru_cache call costs more): a lookup is one
    C-level dict access, and only a word not seen before calls Python."""

    def __missing__(self, word: str) -> str:
        norm = normalize_token(word)
        if len(self) < 200_000:  # bounded: free text has an open vocabulary
            self[word] = norm
        return norm


_NORMALIZED = _NormalForms()


def _clean(text: str) -> str:
    """Lower-case text with punctuation blanked, the same length as text."""
    low = text.lower()
    if low.isascii():
        return low.encode("ascii").translate(_SPACES_BYTES).decode("ascii")
    if len(low) != len(text):  # a few characters lower-case to two; keep offsets aligned
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_SPACES)


def _raw_words(clean: str) -> list[str]:
    """Words of a cleaned text, barriers standing alone as words of their own."""
    if _BARRIER in clean:
        clean = clean.replace(_BARRIER, f" {_BARRIER} ")
    words = clean.split()  # never an empty word
    # The lone "s" of "driver's" is dropped; `in` on the list is one C-speed pass, so most texts (none) pay
    # no Python loop for it.
    return [w for w in words if w not in _DROPPED] if "s" in words else words


def _words(clean: str) -> list[str]:
    return [*map(_NORMALIZED.__getitem__, _raw_words(clean))]


def normalize_term(term: str) -> str:
    """The dictionary key of a term: its normalized tokens joined by spaces."""
    return " ".join(w for w in _words(_clean(term)) if w != _BARRIER)


def is_matchable(key: str) -> bool:
    """Whether a normalized term is specific enough to look for in free text."""
    tokens = key.split()
    if not tokens or len(tokens) > MAX_TERM_TOKENS:
        return False
    content = [t for t in tokens if t not in STOPWORDS]
    return bool(content) and any(len(t) >= 3 for t in content)


class Taxonomy:
    """Skills by id, their labels and terms, and occupation → skills."""

    def __init__(
        self,
        labels: dict[str, str],
        terms: Iterable[tuple[str, str]],
        occupation_skills: dict[str, list[str]] | None = None,
    ) -> None:
        self._labels = labels
        self._occupation_skills = occupation_skills or {}
        self._term_skill: dict[str, str] = {}
        # A word trie: the scan follows it word by word and stops where no term continues.
        # A node's skill id sits under the key "" (never a word).
        self._trie: dict[str, Any] = {}
        for term, skill_id in terms:
            key = normalize_term(term)
            if not is_matchable(key) or key in self._term_skill:
                continue  # the first source listed wins a shared term
            self._term_skill[key] = skill_id
            node = self._trie
            for word in key.split():
                node = node.setdefault(word, {})
            node[""] = skill_id
        self._label_key: dict[str, str] = {}
        for skill_id, label in labels.items():
            self._label_key.setdefault(normalize_term(label), skill_id)
        self._sorted_labels = sorted((label.lower(), sid) for sid, label in labels.items())

    def __len__(self) -> int:
        return len(self._labels)

    @property
    def term_count(self) -> int:
        """How many distinct matchable terms the extractor knows."""
        return len(self._term_skill)

    def extract(self, text: str) -> list[SkillMatch]:
        """Skills named in text, one per skill, in order of first mention."""
        found: dict[str, SkillMatch] = {}
        for skill_id, start, end in self._scan(text):
            if skill_id not in found:
                found[skill_id] = SkillMatch(skill_id, self._labels[skill_id], text[start:end], start, end)
        return list(found.values())

    def skill_ids(self, text: str) -> list[str]:
        """The ids of `extract(text)`, in the same order, without working out evidence and offsets (an import
        stores only the ids, for every posting it reads)."""
        return list(dict.fromkeys(skill_id for skill_id, _, _ in self._term_hits(_words(_clean(text)))))

    def _term_hits(self, words: list[str]) -> list[tuple[str, int, int]]:
        """Longest-match-first, non-overlapping terms in normalized words as (skill_id, first word, last word)."""
        trie = self._trie
        n = len(words)
        hits: list[tuple[str, int, int]] = []
        free = 0  # the first word not inside the last hit
        # Only words that begin a term can start one: picked in one comprehension rather than a Python loop
        # step for every word of the text (about half the words of a posting begin none).
        for i in [i for i, word in enumerate(words) if word in trie]:
            if i < free:
                continue
            node = trie[words[i]]
            hit, hit_end, j = node.get(""), i, i + 1
            # Follow the trie as far as the words go; the longest complete term wins.
            while j < n:
                node = node.get(words[j])
                if node is None:
                    break
                if "" in node:
                    hit, hit_end = node[""], j
                j += 1
            if hit is not None:
                hits.append((hit, i, hit_end))
                free = hit_end + 1
        return hits

    def _scan(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Longest-match-first, non-overlapping term hits as (skill_id, start, end)."""
        clean = _clean(text)
        raw = _raw_words(clean)
        # Character offsets are found only for hits, walking forward from the last one.
        cursor_word, cursor_pos = 0, 0

        def offset(index: int) -> int:
            nonlocal cursor_word, cursor_pos
            while cursor_word < index:
                cursor_pos = clean.find(raw[cursor_word], cursor_pos) + len(raw[cursor_word])
                cursor_word += 1
            return clean.find(raw[index], cursor_pos)

        for hit, first_word, last_word in self._term_hits([*map(_NORMALIZED.__getitem__, raw)]):
            start = offset(first_word)
            end = offset(last_word) + len(raw[last_word])
            yield hit, start, end

    def label(self, skill_id: str) -> str:
        """The preferred label of a skill; a typed skill that is not an id is its own label."""
        return self._labels.get(skill_id, skill_id)

    def resolve(self, typed: str) -> str | None:
        """The skill id for a caseworker's typed skill: label match first, then a known term."""
        if typed in self._labels:
            return typed
        key = normalize_term(typed)
        if not key:
            return None
        hit = self._label_key.get(key) or self._term_skill.get(key)
        if hit is not None:
            return hit
        # "Forklift driving": fall back to the longest term found inside the typed phrase.
        matches = self.extract(typed)
        if not matches:
            return None
        return max(matches, key=lambda m: (m.end - m.start, -m.start)).skill_id

    def skills_for_occupation(self, soc: str) -> list[str]:
        """Skill ids found in an occupation's O*NET tasks and work activities, most frequent first."""
        code = normalize_soc(soc)
        return list(self._occupation_skills.get(code, [])) if code else []

    def search(self, prefix: str, limit: int = 10) -> list[tuple[str, str]]:
        """(skill_id, label) for an autocomplete: labels starting with prefix, then word starts."""
        needle = prefix.strip().lower()
        if not needle or limit <= 0:
            return []
        labels = self._sorted_labels
        found: list[tuple[str, str]] = []
        at = bisect.bisect_left(labels, (needle, ""))
        while at < len(labels) and labels[at][0].startswith(needle) and len(found) < limit:
            found.append((labels[at][1], self._labels[labels[at][1]]))
            at += 1
        if len(found) < limit:
            # Then a later word of the label ("forklift" finds "operate forklift").
            inner = f" {needle}"
            for label, skill_id in labels:
                if inner in label:
                    found.append((skill_id, self._labels[skill_id]))
                    if len(found) >= limit:
                        break
        return found


def _read_gzip_csv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def read_skill_rows(path: Path = SKILLS_FILE) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Labels by skill id and (term, skill_id) pairs in priority order from a skills file."""
    labels: dict[str, str] = {}
    by_priority: dict[str, list[tuple[str, str]]] = {}
    for row in _read_gzip_csv(path):
        labels[row["skill_id"]] = row["label"]
        for entry in row["terms"].split("|"):
            # Each term carries its priority ("1:forklift"): curated terms beat ESCO labels.
            priority, _, term = entry.partition(":")
            if term:
                by_priority.setdefault(priority, []).append((term, row["skill_id"]))
    terms = [pair for key in sorted(by_priority) for pair in by_priority[key]]
    return labels, terms


@cache
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, loaded once per process."""
    labels, terms = read_skill_rows()
    occupation_skills: dict[str, list[str]] = {}
    if OCCUPATION_SKILLS_FILE.exists():
        for row in _read_gzip_csv(OCCUPATION_SKILLS_FILE):
            occupation_skills[row["soc"]] = row["skill_ids"].split()
    return Taxonomy(labels, terms, occupation_skills)
