"""Rules on structured fields and on the posting as a whole (contact route, identity, pay, hours)."""

import re

from etl.screening.result import Family, RuleHit
from etl.screening.wages import WageLookup
from models.job_posting import JobPostingIn

# Pay more than this many times the local median, or this many times the 90th
# percentile, is the "too good to be true" lure of red-flags.md item 5.
MEDIAN_MULTIPLE = 2.0
P90_MULTIPLE = 1.5
MAX_WEEKLY_HOURS = 60

# Occupations (SOC 2018) in the high-risk sectors of red-flags.md item 12.
HIGH_RISK_SOC = {
    "37-2012": "maids and housekeeping cleaners",
    "39-9011": "childcare workers",
    "39-9021": "home health and personal care aides",
    "31-9011": "massage therapists",
    "41-9012": "models",
    "41-9091": "door-to-door sales workers",
    "35-9031": "hosts and hostesses",
}
HIGH_RISK_SOC_PREFIX = {"45-": "farming, fishing and forestry"}
_HIGH_RISK_INDUSTRY = re.compile(
    r"\b(?:household|agricultur\w*|farm\w*|fishing|spa|modell?ing|entertainment|"
    r"door[- ]to[- ]door|home\s+care|childcare)\b",
    re.IGNORECASE,
)

_PLACEHOLDER_EMPLOYER = re.compile(
    r"^\s*(?:(?:private|confidential|anonymous|undisclosed)\b.*|n/?a|none|unknown|employer|"
    r"company|hiring\s+company|the\s+company|private|-+)?\s*$",
    re.IGNORECASE,
)
_MESSAGING_APP = re.compile(
    r"\b(?:whats\s?app|telegram|signal|wechat|viber|snapchat|kik|instagram|"
    r"facebook\s+messenger|messenger|hangouts|dm\s+us|text\s+only)\b",
    re.IGNORECASE,
)
# Substrings checked before the full pattern: an unanchored case-insensitive regex over a
# long description costs ~100 µs, a few `in` tests well under one.
_APP_HINTS = (
    "whats",
    "telegram",
    "signal",
    "wechat",
    "viber",
    "snapchat",
    "kik",
    "instagram",
    "messenger",
    "hangouts",
    "dm ",
    "text",
)
_TEXT_ONLY = re.compile(r"^\s*text\b", re.IGNORECASE)
_PERSONAL_EMAIL = re.compile(
    r"\b[\w.+-]+@(?:gmail|yahoo|hotmail|outlook|aol|icloud|proton(?:mail)?|live|mail)\.\w+\b",
    re.IGNORECASE,
)
_OFFICIAL_ROUTE = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:org|com|gov|edu)/|\bcall\b|\bapply\s+(?:at|online|in\s+person)\b",
    re.IGNORECASE,
)


def _hit(
    rule_id: str, family: Family, indicator: str, field: str, text: str, span: tuple[int, int] | None = None
) -> RuleHit:
    start, end = span if span is not None else (0, len(text))
    return RuleHit(rule_id, family, indicator, field, text[start:end], start, end)


def employer_identity_hits(posting: JobPostingIn) -> list[RuleHit]:
    name = posting.employer_name or ""
    if _PLACEHOLDER_EMPLOYER.match(name):
        return [
            _hit(
                "identity.placeholder_employer",
                Family.EMPLOYER_IDENTITY,
                "No legal employer name",
                "employer_name",
                name,
            )
        ]
    # Without a website or any place, nobody can check who the employer is.
    if not posting.url and not posting.city and not posting.region and not posting.zip3:
        return [
            _hit(
                "identity.no_url_or_address",
                Family.EMPLOYER_IDENTITY,
                "No employer website or address",
                "employer_name",
                name,
            )
        ]
    return []


def contact_hits(posting: JobPostingIn) -> list[RuleHit]:
    """Messaging-app or personal e-mail contact, when it is the only way to reach the employer."""
    hits: list[RuleHit] = []
    contact = posting.contact_text or ""
    has_official = bool(posting.url) or bool(_OFFICIAL_ROUTE.search(contact))
    for field_name, text in (("contact_text", contact), ("description", posting.description)):
        lowered = text.lower()
        app = _MESSAGING_APP.search(text) if any(hint in lowered for hint in _APP_HINTS) else None
        only = app is not None and "only" in text[app.start() : app.end() + 12].lower()
        if app and (only or not has_official):
            hits.append(
                _hit(
                    "contact.messaging_app_only",
                    Family.MESSAGING_CONTACT,
                    "Contact only through a messaging app",
                    field_name,
                    text,
                    app.span(),
                )
            )
        email = _PERSONAL_EMAIL.search(text) if "@" in text else None
        if email and not posting.url:
            hits.append(
                _hit(
                    "contact.personal_email_only",
                    Family.MESSAGING_CONTACT,
                    "Only contact is a personal e-mail address",
                    field_name,
                    text,
                    email.span(),
                )
            )
    text_only = _TEXT_ONLY.match(contact)
    if text_only and not posting.url and not any(h.rule_id == "contact.messaging_app_only" for h in hits):
        hits.append(
            _hit(
                "contact.text_message_only",
                Family.MESSAGING_CONTACT,
                "Contact only by text message",
                "contact_text",
                contact,
                text_only.span(),
            )
        )
    return hits


def hours_field_hits(posting: JobPostingIn) -> list[RuleHit]:
    hours = posting.hours_per_week
    if hours is None or hours <= MAX_WEEKLY_HOURS:
        return []
    return [
        _hit("hours.over_60_field", Family.HOURS_MOVEMENT, "More than 60 hours a week", "hours_per_week", f"{hours:g}")
    ]


def pay_vs_wage_hits(posting: JobPostingIn, wages: WageLookup | None) -> list[RuleHit]:
    """Offered minimum pay far above the local wage for the occupation."""
    pay = posting.pay_min_hourly
    if wages is None or pay is None or not posting.occupation_code:
        return []
    stats = wages.lookup(posting.occupation_code, posting.region)
    if stats is None:
        return []
    median, p90 = stats.median_hourly, stats.p90_hourly
    too_high = (median is not None and pay > MEDIAN_MULTIPLE * median) or (p90 is not None and pay > P90_MULTIPLE * p90)
    if not too_high:
        return []
    return [
        _hit(
            "pay.above_local_wage",
            Family.PAY_ABOVE_MARKET,
            f"Pay far above the local wage (median {median}, p90 {p90} per hour)",
            "pay_min_hourly",
            f"{pay:g}",
        )
    ]


def sector_field_hits(posting: JobPostingIn) -> list[RuleHit]:
    soc = posting.occupation_code or ""
    sector = HIGH_RISK_SOC.get(soc) or next(
        (name for prefix, name in HIGH_RISK_SOC_PREFIX.items() if soc.startswith(prefix)), None
    )
    if sector:
        return [
            _hit("sector.high_risk_soc", Family.HIGH_RISK_SECTOR, f"High-risk sector: {sector}", "occupation_code", soc)
        ]
    industry = posting.industry or ""
    found = _HIGH_RISK_INDUSTRY.search(industry)
    if found:
        return [
            _hit(
                "sector.high_risk_industry",
                Family.HIGH_RISK_SECTOR,
                "High-risk sector",
                "industry",
                industry,
                found.span(),
            )
        ]
    return []
