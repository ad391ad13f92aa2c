"""The split rule that keeps learning away from evaluation (issue 13).

Anything learned (encoder fine-tuning, fusion weights, the re-ranker's default weights) trains only
on *training* occupations; figures are reported on the *reserved* ones. The rule is fixed by the
codes themselves, so no run can move an occupation from one side to the other:

- O*NET / SOC: a 6-digit SOC code whose last digit is even is training; odd is reserved.
- ESCO: an occupation concept whose UUID begins with 0-7 is training; 8-f is reserved.
"""

from __future__ import annotations

import re

__all__ = ["SplitRuleError", "is_training_esco", "is_training_soc", "side_of_esco", "side_of_soc"]

_SOC = re.compile(r"^\s*(\d{2})-?(\d{4})(?:\.\d{2})?\s*$")
_ESCO = re.compile(r"(?:^|/)([0-9a-fA-F]{8})-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*$")


class SplitRuleError(ValueError):
    """A code the split rule cannot place (so it must not be used for training either)."""


def is_training_soc(code: str) -> bool:
    """True for a SOC code ending in an even digit ('29-1142', '291142', '29-1142.00')."""
    m = _SOC.match(code or "")
    if m is None:
        raise SplitRuleError(f"Not a 6-digit SOC code: {code!r}")
    return int(m.group(2)[-1]) % 2 == 0


def is_training_esco(uuid_or_uri: str) -> bool:
    """True for an ESCO occupation whose concept UUID begins with 0-7 (a bare UUID or its URI)."""
    m = _ESCO.search(uuid_or_uri or "")
    if m is None:
        raise SplitRuleError(f"Not an ESCO concept UUID: {uuid_or_uri!r}")
    return m.group(1)[0].lower() in "01234567"


def side_of_soc(code: str) -> str:
    return "training" if is_training_soc(code) else "reserved"


def side_of_esco(uuid_or_uri: str) -> str:
    return "training" if is_training_esco(uuid_or_uri) else "reserved"
