"""Growing delays instead of locks, counted in PostgreSQL so every worker process sees the same counts.

A key (a hash of an account, an address, or both) that has failed more than its free allowance within
the window must wait 2^k seconds after its latest failure, k being the failures beyond the allowance,
up to a cap. An attempt made during the wait is refused *without being checked* (so waiting is the only
way to get another guess) and is not itself counted (so the wait never grows for someone who simply
comes back later). The rules built from this, and their arithmetic, are in docs/guess-limits.md.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from models.repositories import credentials as cred_repo

MAX_EXPONENT = 40  # 2^40 s is far past any cap; keeps the arithmetic small


def key(*parts: str) -> str:
    """The hash stored for a throttled thing: never the e-mail or address itself."""
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class BackOff:
    free: int  # failures within the window that cost nothing
    cap: timedelta  # the longest wait
    window: timedelta  # failures older than this are forgotten

    def delay(self, failures: int) -> timedelta:
        """The wait after the latest failure once `failures` have been counted in the window."""
        if failures < self.free:
            return timedelta(0)
        seconds = 2 ** min(failures - self.free, MAX_EXPONENT)
        return min(timedelta(seconds=seconds), self.cap)

    def wait(self, failures: int, latest: datetime | None, now: datetime) -> timedelta:
        """How long until the next attempt may be checked (zero: now)."""
        if latest is None:
            return timedelta(0)
        return max(latest + self.delay(failures) - now, timedelta(0))


def count(session: Session, key_hash: str, window: timedelta, now: datetime) -> tuple[int, datetime | None]:
    return cred_repo.failures_since(session, key_hash, now - window)


def wait_for(session: Session, key_hash: str, rule: BackOff, now: datetime) -> timedelta:
    failures, latest = count(session, key_hash, rule.window, now)
    return rule.wait(failures, latest, now)


def record(session: Session, *key_hashes: str, now: datetime) -> None:
    for key_hash in key_hashes:
        cred_repo.record_failure(session, key_hash, now)


def seen_within(session: Session, key_hash: str, within: timedelta, now: datetime) -> bool:
    return cred_repo.failures_since(session, key_hash, now - within)[0] > 0


def remember(session: Session, key_hash: str, now: datetime, *, once_per: timedelta = timedelta(days=1)) -> None:
    """Record a success marker (a known-good context), at most once per `once_per`, so rows stay few."""
    if not seen_within(session, key_hash, once_per, now):
        cred_repo.record_failure(session, key_hash, now)


def in_words(wait: timedelta) -> str:
    """'4 seconds', '15 minutes': rounded up, so waiting as told is always long enough."""
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 600:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def serialize_on(session: Session, key_hash: str) -> None:
    """Parallel attempts under one key wait for each other (see credentials.serialize_on)."""
    cred_repo.serialize_on(session, key_hash)


# The longest anything here looks back: known contexts (30 days), plus a day's margin.
KEEP = timedelta(days=31)


def forget_old(session: Session, now: datetime) -> int:
    """Delete attempts and markers no rule reads any more (run by the daily `wayfinder purge`)."""
    return cred_repo.prune_attempts(session, now - KEEP)
