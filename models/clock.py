"""The time services read: the system clock in the app, a frozen one that tests move by hand.

Follow-ups fall due and profiles go quiet by the calendar; tests need to say "eight days later" without
waiting or patching `datetime`. Services that decide by the date take a `Clock` (api.deps.ClockDep).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from models.columns import utcnow


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return utcnow()


@dataclass
class FrozenClock:
    """Stands still at `at` (timezone-aware) until moved with `advance`."""

    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        """`clock.advance(days=8)`: move forward (keywords of `timedelta`); returns the new time."""
        self.at += timedelta(**delta)
        return self.at


SYSTEM_CLOCK = SystemClock()
