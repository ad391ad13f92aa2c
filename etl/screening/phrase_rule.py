"""A phrase rule: a regex over posting text, named for the caseworker, with its negation policy."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from etl.screening.negation import is_denied
from etl.screening.result import Family, RuleHit
from etl.screening.text_index import SentenceIndex


@dataclass(frozen=True)
class PhraseRule:
    rule_id: str
    family: Family
    indicator: str
    pattern: re.Pattern[str]
    # False when the pattern itself carries the negative word ("no interview").
    negatable: bool = True
    # Clause words that take the risk away ("at no cost", "we pay"), checked on the clause.
    reassurance: re.Pattern[str] | None = None
    # Words (see text_index) at least one of which every match contains: the regex runs
    # only on sentences holding one.
    anchors: frozenset[str] = frozenset()

    def find(self, field_name: str, text: str, lowered: str, index: SentenceIndex) -> Iterator[RuleHit]:
        """Hits in `text`; `lowered` is its same-length lower-case form the patterns run on."""
        for span_start, span_end in index.spans_with(self.anchors):
            for match in self.pattern.finditer(lowered, span_start, span_end):
                start, end = match.span()
                if is_denied(lowered, start, end, negatable=self.negatable, reassurance=self.reassurance):
                    continue
                yield RuleHit(
                    rule_id=self.rule_id,
                    family=self.family,
                    indicator=self.indicator,
                    field=field_name,
                    evidence=text[start:end],
                    start=start,
                    end=end,
                )


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern. Patterns are lower-case and run on lower-cased text
    (twice as fast as IGNORECASE); VERBOSE lets alternatives be laid out."""
    return re.compile(pattern, re.VERBOSE)


def words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())
