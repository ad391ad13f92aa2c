"""A phrase rule: a regex over posting text, named for the caseworker, with its negation policy."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from re import _constants as _sre  # type: ignore[attr-defined]  # the parser's opcodes (CPython's own re)
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

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
    # The pattern behind a look-ahead for the characters a match can start with (see `first_characters`): the
    # same matches, but the regex engine rejects most positions with one character test instead of trying every
    # alternative there (about a quarter of the screening time of a posting).
    scan: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scan", with_first_character_check(self.pattern))

    def find(
        self, field_name: str, text: str, lowered: str, index: SentenceIndex, whole: str = ""
    ) -> Iterator[RuleHit]:
        """Hits in `text`; `lowered` is its same-length lower-case form the patterns run on,
        `whole` the lower-cased title and description the context pattern is read in."""
        if self.also and not self.also & index.words:
            return
        context_seen: bool | None = None
        for span_start, span_end in index.spans_with(self.anchors):
            for match in self.scan.finditer(lowered, span_start, span_end):
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


def _first_of_sequence(items: Any) -> tuple[set[str] | None, bool]:
    """(characters a match of this parsed sequence can start with, whether it can match empty); None: any."""
    out: set[str] = set()
    for op, av in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero-width: \b, ^, look-arounds
        chars, nullable = _first_of_item(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    if op is _sre.LITERAL:
        return {chr(av)}, False
    if op is _sre.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is _sre.LITERAL:
                chars.add(chr(item_av))
            elif item_op is _sre.RANGE and item_av[1] - item_av[0] <= 256:
                chars.update(map(chr, range(item_av[0], item_av[1] + 1)))
            else:
                return None, False  # a negated set or a category (\w, \s, \d): too many to list
        return chars, False
    if op is _sre.SUBPATTERN:
        return _first_of_sequence(av[-1])
    if op is _sre.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op is _sre.BRANCH:
        out: set[str] = set()
        any_empty = False
        for alternative in av[1]:
            starts, nullable = _first_of_sequence(alternative)
            if starts is None:
                return None, False
            out |= starts
            any_empty = any_empty or nullable
        return out, any_empty
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        low, _, item = av
        starts, nullable = _first_of_sequence(item)
        return (None, False) if starts is None else (starts, nullable or low == 0)
    return None, False  # any character, a back-reference, ...: no short list


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of `pattern` can start with, or None when that is not a short list (or a match
    can be empty, or case is ignored)."""
    if pattern.flags & re.IGNORECASE:
        return None
    chars, nullable = _first_of_sequence(_sre_parse.parse(pattern.pattern, pattern.flags))
    return None if chars is None or nullable else frozenset(chars)


def with_first_character_check(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` behind a look-ahead for its first characters: matches exactly where `pattern` does, since a
    match starts with one of them. The pattern itself when they cannot be listed."""
    chars = first_characters(pattern)
    if chars is None:
        return pattern
    head = "".join(re.escape(c) for c in sorted(chars))
    # A line break before ")": in VERBOSE mode a trailing "# comment" in the pattern would swallow it.
    return re.compile(f"(?=[{head}])(?:{pattern.pattern}\n)", pattern.flags)
