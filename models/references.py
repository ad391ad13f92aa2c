"""A profile's short friendly reference, for profiles with no case number and no label: `P-7KQM-2D4X`.

The first 40 bits of the pseudonym in Crockford's base32 (no I, L, O or U; read aloud or typed back
without confusion), so it needs no column and can be typed into the dashboard's search box. Crockford's
digits are in ASCII order, so references sort as their pseudonyms do. 40 bits: among 5,000 profiles of
one organization two share a reference with a chance of about 1 in 90,000 (a search then lists both).
"""

import re

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "P"
BITS = 40
HEX_DIGITS = BITS // 4
CHARS = BITS // 5
_DECODE = {c: i for i, c in enumerate(CROCKFORD)} | {"I": 1, "L": 1, "O": 0}
_TYPED = re.compile(r"[\s\-_.]+")


def friendly_reference(pseudonym: str) -> str:
    value = int(pseudonym[:HEX_DIGITS], 16)
    chars = "".join(CROCKFORD[(value >> (5 * i)) & 31] for i in reversed(range(CHARS)))
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def pseudonym_prefix(typed: str) -> str | None:
    """The pseudonym prefix a typed reference stands for ("p-7kqm 2d4x" too), or None if it is not one."""
    plain = _TYPED.sub("", typed).upper()
    if len(plain) == CHARS + 1 and plain.startswith(PREFIX):
        plain = plain[1:]
    if len(plain) != CHARS or any(c not in _DECODE for c in plain):
        return None
    value = 0
    for c in plain:
        value = (value << 5) | _DECODE[c]
    return f"{value:0{HEX_DIGITS}x}"
