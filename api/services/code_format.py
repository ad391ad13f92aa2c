"""How access codes look: made, typed back and shown. (How many wrong tries are allowed is elsewhere.)

A code is 12 characters from 31 that cannot be mistaken for one another when read aloud, written by
hand or typed on a phone: the digits 2-9 and the letters without I, L and O (no 0/O, no 1/I/L).
31^12 = about 7.9e17 codes, about 59.5 bits (the arithmetic against the guess limits: docs/languages.md).
It is shown in three groups of four (`7KQM-W3TZ-PHCX`), and typed back in any case, with or without
spaces or dashes. Codes issued before this format (32 base32 characters) keep working until they expire.
"""

import math
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))
# Codes issued before this format: 160 random bits in base32, 32 characters.
_LEGACY_LENGTH = 32
_LEGACY_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# What people put between groups, or around a pasted code: spaces (any kind), dashes, dots, underscores.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")


def new_code() -> str:
    """A fresh random code, grouped for display."""
    return display("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalize(code: str) -> str:
    """The code as stored (hashed): capitals, nothing between the groups. Other characters are kept, so a
    mistyped code simply does not match rather than matching someone else's."""
    return _SEPARATORS.sub("", code).upper()


def display(code: str) -> str:
    """`7KQMW3TZPHCX` -> `7KQM-W3TZ-PHCX` (any normalized code, in groups of four)."""
    plain = normalize(code)
    return "-".join(plain[i : i + GROUP] for i in range(0, len(plain), GROUP))


def plausible(code: str) -> bool:
    """Whether `code` has the shape of an issued code (today's or the older, longer kind)."""
    plain = normalize(code)
    if len(plain) == LENGTH:
        return all(c in ALPHABET for c in plain)
    return len(plain) == _LEGACY_LENGTH and all(c in _LEGACY_ALPHABET for c in plain)
