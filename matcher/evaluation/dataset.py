"""Past tense of O*NET task statements: people describe past work in the past tense.

(The single self-graded development benchmark that lived here was replaced by the suite in
matcher/evaluation: onet_tasks_set, esco_sets, caseworker_set; see docs/evaluation.md.)
"""

from __future__ import annotations

import re

__all__ = ["past_tense"]

_IRREGULAR = {
    "build": "built",
    "buy": "bought",
    "catch": "caught",
    "choose": "chose",
    "cut": "cut",
    "dig": "dug",
    "draw": "drew",
    "drive": "drove",
    "feed": "fed",
    "find": "found",
    "give": "gave",
    "grind": "ground",
    "hang": "hung",
    "hold": "held",
    "keep": "kept",
    "lay": "laid",
    "lead": "led",
    "leave": "left",
    "lend": "lent",
    "make": "made",
    "meet": "met",
    "pay": "paid",
    "put": "put",
    "read": "read",
    "ride": "rode",
    "run": "ran",
    "say": "said",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shut": "shut",
    "sit": "sat",
    "speak": "spoke",
    "spend": "spent",
    "split": "split",
    "spread": "spread",
    "stand": "stood",
    "sweep": "swept",
    "take": "took",
    "teach": "taught",
    "tell": "told",
    "think": "thought",
    "throw": "threw",
    "wear": "wore",
    "weave": "wove",
    "write": "wrote",
    "shoot": "shot",
    "sew": "sewed",
    "bring": "brought",
    "get": "got",
    "go": "went",
    "do": "did",
    "be": "was",
    "have": "had",
    "wind": "wound",
    "bind": "bound",
    "sling": "slung",
}
_VOWELS = set("aeiou")


def _past(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR:
        out = _IRREGULAR[low]
    elif low.endswith("e"):
        out = low + "d"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        out = low[:-1] + "ied"
    elif (
        len(low) >= 3
        and low[-1] not in _VOWELS | {"w", "x", "y"}
        and low[-2] in _VOWELS
        and low[-3] not in _VOWELS
        and len(low) <= 4
    ):
        out = low + low[-1] + "ed"  # stop -> stopped; short verbs only
    else:
        out = low + "ed"
    return out.capitalize() if verb[:1].isupper() else out


def past_tense(statement: str) -> str:
    """'Clean rooms, or operate mixers.' -> 'Cleaned rooms, or operated mixers' (leading verbs)."""
    text = statement.strip().rstrip(".")

    def repl(m: re.Match[str]) -> str:
        return m.group(1) + _past(m.group(2))

    # The first word, and verbs right after "or"/"and" joining imperative clauses.
    text = re.sub(r"^()([A-Za-z]+)", repl, text)
    return re.sub(r"(, (?:or|and) |; )([a-z]+)(?= )", repl, text)
