"""Which passwords are refused: too short, common or breached, or trivially guessable (NIST SP 800-63B 3.1.1.2,
OWASP ASVS 2.1.7). No composition rules (no "one digit and one symbol"): they make passwords worse.

The list of common and breached passwords is the one the `zxcvbn` package ships (MIT; 30,000 passwords
ranked by frequency from Mark Burnett's corpus of 10 million passwords published in breaches, as used by
Dropbox's zxcvbn): it is read from the installed package, never fetched, so the check works offline.
zxcvbn's estimator then refuses what a guesser tries early even when it is not on the list: repeats
("aaaaaaaaaaaa"), sequences ("123456789012"), keyboard rows, dates, dictionary words with common
substitutions, and words from the user's own e-mail or organization name.
"""

import re
from collections.abc import Iterable
from functools import cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from models.errors import ValidationFailed

MIN_LENGTH = 12
# zxcvbn's score 3: "safely unguessable", at least 10^8 guesses. Passwords are stored as Argon2id (about
# 50 ms a guess), and sign-in is slowed by growing delays, so this is far out of an online guesser's reach.
MIN_SCORE = 3
# zxcvbn's run time grows with length; past this many characters the rest only adds strength.
ESTIMATE_CHARS = 64
MIN_DISTINCT = 5
ADVICE = "Choose a phrase of four or more unrelated words, or let a password manager make one."
_EDGE_NOISE = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_WORDS = re.compile(r"[a-z0-9]{3,}")


class WeakPasswordError(ValidationFailed):
    """A password the rules above refuse; the message says why and what to do instead."""


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def problem(password: str, *, context: Iterable[str] = ()) -> str | None:
    """Why `password` is refused, in plain words; None if it is acceptable. `context`: the e-mail, the
    organization's name and the like, which a guesser targeting this account would try first."""
    if len(password) < MIN_LENGTH:
        return f"The password is too short: use at least {MIN_LENGTH} characters."
    lowered = password.strip().lower()
    if lowered in common_passwords() or lowered.replace(" ", "") in common_passwords():
        return f"This password is on a list of common or breached passwords. {ADVICE}"
    stem = _EDGE_NOISE.sub("", lowered)
    if len(stem) >= 4 and stem in common_passwords():
        return f"This password is a common or breached password with numbers or symbols added. {ADVICE}"
    if len(set(lowered)) < MIN_DISTINCT:
        return f"This password repeats too few different characters. {ADVICE}"
    hints = sorted({w for item in context for w in _WORDS.findall(item.lower())})
    estimate = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=hints)
    if estimate["score"] < MIN_SCORE:
        warning = str(estimate["feedback"].get("warning") or "").rstrip(".")
        reason = f" ({warning.lower()})" if warning else ""
        return f"This password is too easy to guess{reason}. {ADVICE}"
    return None


def check(password: str, *, context: Iterable[str] = ()) -> None:
    """Raise WeakPasswordError (422) with the reason when `password` is refused."""
    reason = problem(password, context=context)
    if reason is not None:
        raise WeakPasswordError(reason)
