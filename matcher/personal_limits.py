"""The person's languages and fixed hours against an item: pure functions, no database.

Languages: postings carry no language field, so a requirement is read from the posting's own words
("fluent English required", "must speak Spanish", "bilingual English/Spanish"). A requirement is a hard
constraint only when the person's recorded level in that language is below the level the posting asks
for; a language the intake does not record passes and the explanation tells the caseworker to check.

Fixed hours (e.g. childcare pick-up) are windows per day the person cannot work. A shift is blocked when
its usual window overlaps a fixed window on a day the job runs (the job's days, else every weekday). A
job whose every listed shift is blocked fails; a job that lists no shift passes and the explanation
names the fixed hours so the caseworker checks them.
"""

import re
from dataclasses import dataclass

__all__ = [
    "LEVELS",
    "SHIFT_WINDOWS",
    "SPOKEN_LANGUAGES",
    "FixedHours",
    "LanguageRequirement",
    "blocked_shifts",
    "language_gaps",
    "language_requirements",
    "minutes",
]

# Codes and English names; the intake offers these. The six languages the person's page ships in come
# first, then languages caseworkers at partner agencies most often record.
SPOKEN_LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "zh": "Chinese",
    "vi": "Vietnamese",
    "tl": "Tagalog",
    "ht": "Haitian Creole",
    "fr": "French",
    "pt": "Portuguese",
    "ar": "Arabic",
    "ru": "Russian",
    "uk": "Ukrainian",
    "ko": "Korean",
    "th": "Thai",
    "hi": "Hindi",
    "ne": "Nepali",
    "sw": "Swahili",
    "am": "Amharic",
    "so": "Somali",
}
# Ordered: a higher index is a higher level.
LEVELS: tuple[str, ...] = ("none", "basic", "conversational", "fluent")

# Usual hours of each shift, in minutes after midnight (an end past 1440 runs into the next day).
SHIFT_WINDOWS: dict[str, tuple[int, int]] = {
    "day": (8 * 60, 17 * 60),
    "evening": (16 * 60, 24 * 60),
    "night": (22 * 60, 30 * 60),
    "weekend": (8 * 60, 17 * 60),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
_NEXT_DAY = {"mon": "tue", "tue": "wed", "wed": "thu", "thu": "fri", "fri": "sat", "sat": "sun", "sun": "mon"}

_NAMES = "|".join(sorted((re.escape(n) for n in SPOKEN_LANGUAGES.values()), key=len, reverse=True))
_CODE_BY_NAME = {name.lower(): code for code, name in SPOKEN_LANGUAGES.items()}
# "fluent in English", "fluency in Spanish", "English fluency", "must speak English", "bilingual
# English/Spanish", "basic English", "conversational Spanish", "English required".
_FLUENT_BEFORE = re.compile(
    rf"\b(?:fluent|fluency|proficient|proficiency|native|excellent|strong|advanced)\s+(?:in\s+)?(?:both\s+)?"
    rf"(?P<langs>(?:{_NAMES})(?:\s*(?:/|and|&|or|,)\s*(?:{_NAMES}))*)\b",
    re.IGNORECASE,
)
_FLUENT_AFTER = re.compile(rf"\b(?P<langs>{_NAMES})\s+(?:fluency|proficiency)\b", re.IGNORECASE)
_BILINGUAL = re.compile(
    rf"\bbilingual\s*\(?\s*(?:in\s+)?(?P<langs>(?:{_NAMES})(?:\s*(?:/|and|&|-|,)\s*(?:{_NAMES}))*)", re.IGNORECASE
)
_CONVERSATIONAL = re.compile(
    rf"\b(?:must\s+speak|speaks?|conversational|working\s+knowledge\s+of)\s+(?P<langs>{_NAMES})\b"
    rf"|\b(?P<langs2>{_NAMES})\s+(?:is\s+)?(?:required|a\s+must)\b",
    re.IGNORECASE,
)
_BASIC = re.compile(rf"\b(?:basic|some)\s+(?P<langs>{_NAMES})\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LanguageRequirement:
    code: str
    level: str  # one of LEVELS
    evidence: str  # the posting's words


@dataclass(frozen=True, slots=True)
class FixedHours:
    """A window on one day the person cannot work, in minutes after midnight (end > start)."""

    day: str
    start: int
    end: int


def _codes(langs: str) -> list[str]:
    return [_CODE_BY_NAME[m.lower()] for m in re.findall(_NAMES, langs, re.IGNORECASE)]


def language_requirements(text: str) -> list[LanguageRequirement]:
    """Languages the posting's text asks for, each at the highest level it states."""
    found: dict[str, LanguageRequirement] = {}
    passes = (
        ("fluent", _FLUENT_BEFORE),
        ("fluent", _FLUENT_AFTER),
        ("fluent", _BILINGUAL),
        ("conversational", _CONVERSATIONAL),
        ("basic", _BASIC),
    )
    for level, pattern in passes:
        for match in pattern.finditer(text):
            langs = match.group("langs") if match.group("langs") else match.groupdict().get("langs2") or ""
            for code in _codes(langs):
                have = found.get(code)
                if have is None or LEVELS.index(level) > LEVELS.index(have.level):
                    found[code] = LanguageRequirement(code, level, match.group(0).strip())
    return [found[c] for c in sorted(found)]


def language_gaps(
    spoken: dict[str, str], requirements: list[LanguageRequirement]
) -> tuple[list[LanguageRequirement], list[LanguageRequirement]]:
    """(requirements the person's recorded level falls short of, requirements whose language is not recorded).

    With no languages recorded at all, nothing is known: every requirement is 'not recorded'."""
    short, unknown = [], []
    for req in requirements:
        level = spoken.get(req.code)
        if level is None or level not in LEVELS:
            unknown.append(req)
        elif LEVELS.index(level) < LEVELS.index(req.level):
            short.append(req)
    return short, unknown


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _shift_blocked(shift: str, days: tuple[str, ...], fixed: tuple[FixedHours, ...]) -> bool:
    window = SHIFT_WINDOWS.get(shift)
    if window is None:
        return False
    run_days = days or (("sat", "sun") if shift == "weekend" else WEEKDAYS)
    for day in run_days:
        for f in fixed:
            if f.day == day and _overlaps(window, (f.start, f.end)):
                return True
            # A night shift's early hours fall on the next day.
            early = (window[0] - 1440, window[1] - 1440)
            if window[1] > 1440 and f.day == _NEXT_DAY[day] and _overlaps(early, (f.start, f.end)):
                return True
    return False


def blocked_shifts(shifts: tuple[str, ...], days: tuple[str, ...], fixed: tuple[FixedHours, ...]) -> list[str]:
    """The item's shifts that overlap the person's fixed hours ("flexible" never does)."""
    if not fixed:
        return []
    return [s for s in shifts if _shift_blocked(s.lower(), tuple(d.lower() for d in days), fixed)]


def minutes(hhmm: str) -> int:
    """'07:30' -> 450; '24:00' -> 1440."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)
