"""Rules on structured fields and on the posting as a whole (contact route, identity, pay, hours)."""

import re

from etl.screening.result import IC3, ILO, Family, RuleHit, red_flag
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
    r"\b(?:household|agricultur\w*|farm\w*|fishing|spa|modell?ing\s+agenc\w*|fashion\s+modell?ing|adult\s+entertainment|"
    r"door[- ]to[- ]door|home\s+care|childcare)\b",
    re.IGNORECASE,
)

_PLACEHOLDER_EMPLOYER = re.compile(
    r"^\s*(?:(?:private|confidential|anonymous|undisclosed)\b.*|n/?a|none|unknown|employer|"
    r"company|hiring\s+company|the\s+company|private|-+)?\s*$",
    re.IGNORECASE,
)
# "Signal" is also an ordinary word ("signal processing", "a strong signal"): only the app.
_MESSAGING_APP = re.compile(
    r"\b(?:whats\s?app|telegram|wechat|viber|snapchat|kik|"
    r"facebook\s+messenger|messenger|hangouts|dm\s+us|dm\s+me|text\s+only|"
    r"(?:on|via|through|by|in)\s+signal\b(?!\s+(?:processing|strength|quality|integrity|analysis|lights?))|"
    r"signal\s*(?:app|messenger|:\s*\+?\d|at\s+\+?\d|\+\d))",
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


def _mentions_app(lowered: str) -> bool:
    """Whether any of _APP_HINTS is in `lowered`: the same tests, in the same order, written out: a generator
    over the hints cost ~1 µs a field, for every field of every imported posting."""
    return (
        "whats" in lowered
        or "telegram" in lowered
        or "signal" in lowered
        or "wechat" in lowered
        or "viber" in lowered
        or "snapchat" in lowered
        or "kik" in lowered
        or "instagram" in lowered
        or "messenger" in lowered
        or "hangouts" in lowered
        or "dm " in lowered
        or "text" in lowered
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
    rule_id: str,
    family: Family,
    indicator: str,
    field: str,
    text: str,
    span: tuple[int, int] | None = None,
    *,
    source: str,
    weak: bool = False,
) -> RuleHit:
    start, end = span if span is not None else (0, len(text))
    return RuleHit(rule_id, family, indicator, field, text[start:end], start, end, source=source, weak=weak)


def has_website(posting: JobPostingIn) -> bool:
    """A website for the posting or its employer: the posting's url, or the organization's
    url / sameAs (JSON-LD hiringOrganization, whether inline or a node of the graph)."""
    return bool(posting.url or posting.employer_url)


def has_address(posting: JobPostingIn) -> bool:
    """Somewhere the employer can be found: the job's place or the organization's address."""
    return bool(posting.city or posting.region or posting.zip3 or posting.employer_address)


def employer_identity_hits(posting: JobPostingIn, *, employer_verified: bool = False) -> list[RuleHit]:
    """No legal name, or nothing at all (website, address, tax id, staff verification) to check it by."""
    if employer_verified:
        return []  # staff checked legal name, address and tax id
    name = posting.employer_name or ""
    if _PLACEHOLDER_EMPLOYER.match(name):
        return [
            _hit(
                "identity.placeholder_employer",
                Family.EMPLOYER_IDENTITY,
                "No legal employer name",
                "employer_name",
                name,
                source=f"{red_flag(7)}; {IC3}",
                # A staffing agency's "Confidential client" with its own website and tax id can be checked.
                weak=has_website(posting) and bool(posting.employer_tax_id),
            )
        ]
    # Without a website, any place or a tax id, nobody can check who the employer is.
    if not has_website(posting) and not has_address(posting) and not posting.employer_tax_id:
        return [
            _hit(
                "identity.no_url_or_address",
                Family.EMPLOYER_IDENTITY,
                "No employer website, address or tax id",
                "employer_name",
                name,
                source=f"{red_flag(7)}; {IC3}",
                # Feeds drop fields, and a small lawful employer may publish a name and a country only:
                # a hold needs another signal as well.
                weak=True,
            )
        ]
    return []


def contact_hits(posting: JobPostingIn) -> list[RuleHit]:
    """Messaging-app or personal e-mail contact, when it is the only way to reach the employer."""
    hits: list[RuleHit] = []
    contact = posting.contact_text or ""
    has_official = has_website(posting) or bool(_OFFICIAL_ROUTE.search(contact))
    for field_name, text in (("contact_text", contact), ("description", posting.description)):
        lowered = text.lower()
        app = _MESSAGING_APP.search(text) if _mentions_app(lowered) else None
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
                    source=f"{red_flag(8)}; {IC3}",
                )
            )
        email = _PERSONAL_EMAIL.search(text) if "@" in text else None
        if email and not has_website(posting):
            hits.append(
                _hit(
                    "contact.personal_email_only",
                    Family.MESSAGING_CONTACT,
                    "Only contact is a personal e-mail address",
                    field_name,
                    text,
                    email.span(),
                    source=f"{red_flag(8)}; {IC3}",
                    weak=True,  # small lawful employers use free mail too
                )
            )
    text_only = _TEXT_ONLY.match(contact)
    if text_only and not has_website(posting) and not any(h.rule_id == "contact.messaging_app_only" for h in hits):
        hits.append(
            _hit(
                "contact.text_message_only",
                Family.MESSAGING_CONTACT,
                "Contact only by text message",
                "contact_text",
                contact,
                text_only.span(),
                source=red_flag(8),
                weak=True,
            )
        )
    return hits


def hours_field_hits(posting: JobPostingIn) -> list[RuleHit]:
    hours = posting.hours_per_week
    if hours is None or hours <= MAX_WEEKLY_HOURS:
        return []
    return [
        _hit(
            "overtime.over_60_field",
            Family.EXCESSIVE_OVERTIME,
            "More than 60 hours a week",
            "hours_per_week",
            f"{hours:g}",
            source=f"{ILO}: excessive overtime; {red_flag(11)}",
        )
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
            "deception.above_local_wage",
            Family.DECEPTION,
            f"Pay far above the local wage (median {median}, p90 {p90} per hour)",
            "pay_min_hourly",
            f"{pay:g}",
            source=f"{ILO}: deception; {red_flag(5)}",
            # The occupation is often guessed from the title, and senior titles pay more: a lure only
            # beside another signal.
            weak=True,
        )
    ]


def sector_field_hits(posting: JobPostingIn) -> list[RuleHit]:
    soc = posting.occupation_code or ""
    sector = HIGH_RISK_SOC.get(soc) or next(
        (name for prefix, name in HIGH_RISK_SOC_PREFIX.items() if soc.startswith(prefix)), None
    )
    if sector:
        return [
            _hit(
                "sector.high_risk_soc",
                Family.HIGH_RISK_SECTOR,
                f"High-risk sector: {sector}",
                "occupation_code",
                soc,
                source=red_flag(12),
            )
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
                source=red_flag(12),
            )
        ]
    return []
