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
    # Where the wording comes from (ILO indicator, Polaris typology, red-flags.md item).
    source: str = ""
    # False when the pattern itself carries the negative word ("no interview").
    negatable: bool = True
    # Clause words that take the risk away ("at no cost", "we pay"), checked on the clause.
    reassurance: re.Pattern[str] | None = None
    # Words (see text_index) at least one of which every match contains: the regex runs
    # only on sentences holding one.
    anchors: frozenset[str] = frozenset()
    # An ambiguous signal ("housing provided", "in Europe"): holds only beside another family.
    weak: bool = False
    # Fires only when this also matches the posting's title or description ("no license needed"
    # counts only in a licensed occupation).
    context: re.Pattern[str] | None = None
    # Words at least one of which must also be in the field for any match (a cheap second gate for
    # rules whose anchors are common words: a deduction needs "deducted", "wages", ... as well).
    also: frozenset[str] = frozenset()

    def find(
        self, field_name: str, text: str, lowered: str, index: SentenceIndex, whole: str = ""
    ) -> Iterator[RuleHit]:
        """Hits in `text`; `lowered` is its same-length lower-case form the patterns run on,
        `whole` the lower-cased title and description the context pattern is read in."""
        if self.also and not self.also & index.words:
            return
        context_seen: bool | None = None
        for span_start, span_end in index.spans_with(self.anchors):
            for match in self.pattern.finditer(lowered, span_start, span_end):
                start, end = match.span()
                if is_denied(lowered, start, end, negatable=self.negatable, reassurance=self.reassurance):
                    continue
                if self.context is not None:
                    # Read once, and only after a match: most fields never get here.
                    if context_seen is None:
                        context_seen = self.context.search(whole) is not None
                    if not context_seen:
                        return
                yield RuleHit(
                    rule_id=self.rule_id,
                    family=self.family,
                    indicator=self.indicator,
                    field=field_name,
                    evidence=text[start:end],
                    start=start,
                    end=end,
                    source=self.source,
                    weak=self.weak,
                )


def rx(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern. Patterns are lower-case and run on lower-cased text
    (twice as fast as IGNORECASE); VERBOSE lets alternatives be laid out."""
    return re.compile(pattern, re.VERBOSE)


def words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())
