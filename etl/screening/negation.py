"""Decide whether a phrase match is negated or reassured away within its clause.

"We never hold documents" and "uniform provided at no cost" contain the same words as
the red flags they deny, so each match is checked against the clause around it.
"""

import re

# Clause ends: sentence punctuation, semicolons, line breaks, bullets, and " - " dashes.
_CLAUSE_END = re.compile(r"[.;!?\n\u2022|]|\s[-\u2013\u2014]\s|\bbut\b", re.IGNORECASE)

# Only the words just before a match can negate it; further back they belong to
# something else ("No experience needed, earn ...").
PREFIX_WINDOW = 45
SUFFIX_WINDOW = 60

NEGATION_CUES = re.compile(
    r"\b(?:no|not|never|without|zero|nothing|none|neither|nor|don't|do\s+not|doesn't|"
    r"does\s+not|won't|will\s+not|cannot|can't|isn't|aren't|is\s+not|are\s+not)\b",
    re.IGNORECASE,
)


def clause_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The clause text before and after text[start:end], clipped to the windows."""
    prefix_from = max(0, start - PREFIX_WINDOW)
    prefix = text[prefix_from:start]
    ends = [match.end() for match in _CLAUSE_END.finditer(prefix)]
    if ends:
        prefix = prefix[ends[-1] :]
    suffix = text[end : end + SUFFIX_WINDOW]
    stop = _CLAUSE_END.search(suffix)
    if stop is not None:
        suffix = suffix[: stop.start()]
    return prefix, suffix


def is_denied(text: str, start: int, end: int, *, negatable: bool, reassurance: re.Pattern[str] | None) -> bool:
    """True when the clause negates the match or reassures that the worker is not at risk.

    Negation is read before and inside the match; reassurance anywhere in the clause, since it
    often straddles the match ("families pay our fee", "you keep your own documents").
    """
    prefix, suffix = clause_around(text, start, end)
    # The match itself may hold the denial too: "flights are not provided".
    if negatable and NEGATION_CUES.search(prefix + text[start:end]):
        return True
    if reassurance is None:
        return False
    return bool(reassurance.search(prefix + text[start:end] + suffix))
