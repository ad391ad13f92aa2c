"""Recognizers for the personal data Presidio's defaults miss in caseworker notes and work histories.

Measured with en_core_web_sm 3.8: spaCy reads "42 Elm Street" as a date, "Hope House" as an organisation
and an A-number as an organisation, and Presidio has no rule for passports issued outside the US, I-94s
or dates of birth. These rules cover them. Identity numbers are matched only next to their label
("passport", "I-94", "DL", ...) unless their shape is distinctive on its own (A-numbers, dashed SSNs),
so durations and counts ("3 years", "40 boxes an hour") are left alone.
"""

import csv
import gzip
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import tldextract
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from models.privacy import work_terms as wt

# Entity names added by this module (Presidio's own names are reused where they exist).
STREET_ADDRESS = "STREET_ADDRESS"
SHELTER = "SHELTER"
A_NUMBER = "A_NUMBER"
PASSPORT = "PASSPORT"
I94_NUMBER = "I94_NUMBER"
ID_NUMBER = "ID_NUMBER"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
SSN = "US_SSN"
DRIVER_LICENSE = "US_DRIVER_LICENSE"
PERSON = "PERSON"
IMMIGRATION_STATUS = "IMMIGRATION_STATUS"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
SOCIAL_HANDLE = "SOCIAL_HANDLE"

RULE_SCORE = 0.9  # above spaCy's 0.85, so an equally long rule finding names the merged span


@dataclass(frozen=True)
class Rule:
    """One regular expression; `group` names the part to redact (the label around it stays)."""

    entity: str
    pattern: re.Pattern[str]
    group: str | None = None
    reject: Callable[[re.Match[str]], bool] | None = None  # True drops the match


def _result(recognizer: EntityRecognizer, entity: str, start: int, end: int) -> RecognizerResult:
    # The metadata lets Presidio's context enhancer and our own filters tell which recognizer fired.
    metadata = {
        RecognizerResult.RECOGNIZER_NAME_KEY: getattr(recognizer, "name", ""),
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
    }
    return RecognizerResult(entity, start, end, RULE_SCORE, recognition_metadata=metadata)


class RuleRecognizer(EntityRecognizer):
    """Runs plain `re` rules. Presidio's PatternRecognizer applies IGNORECASE to every pattern, and the
    address, shelter and name rules depend on capitalisation, so they need their own flags."""

    def __init__(self, name: str, rules: list[Rule]) -> None:
        self.rules = rules
        super().__init__(supported_entities=sorted({r.entity for r in rules}), name=name, supported_language="en")

    def load(self) -> None:  # nothing to load: the patterns are compiled at import
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for rule in self.rules:
            if rule.entity not in entities:
                continue
            for match in rule.pattern.finditer(text):
                start, end = match.span(rule.group or 0)
                if start == end or (rule.reject is not None and rule.reject(match)):
                    continue
                results.append(_result(self, rule.entity, start, end))
        return results


# One tldextract instance with no suffix-list URLs and no disk cache: it answers from the snapshot
# bundled in the wheel and never opens a socket. Presidio's EmailRecognizer calls the module-level
# `tldextract.extract`, which fetches the public-suffix list on first use and logs a traceback offline.
_OFFLINE_TLD = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail rule, validated against the bundled public-suffix snapshot only."""

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_TLD(pattern_text).fqdn != ""


def warm_offline_tld() -> None:
    """Parse the bundled suffix list now, so the first scrub is not the slow one."""
    _OFFLINE_TLD("warm.example.com")


# --- street addresses -------------------------------------------------------------------------
_STREET_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl|Terrace|Ter"
    r"|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Square|Sq|Plaza|Alley|Loop|Pike|Crescent)"
)
_UNIT = r"(?:,?\s*(?:Apt|Apartment|Unit|Suite|Ste|Rm|Room|Floor|Fl|Bldg|Lot|\#)\.?\s*\#?\s*[A-Za-z0-9-]{1,6}\b)"
_STREET = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?\s+(?P<words>(?:[A-Za-z0-9][\w'.-]*\s+){{1,3}}?){_STREET_TYPE}\b(?:\.?{_UNIT})?",
    re.IGNORECASE,
)
# Words that show the number is a count or a duration ("2 trucks on the Road", "40 hours drive").
_NOT_STREET_WORDS = frozenset(
    "a an the on in at of for to from by with and or per each every his her my their our your this that "  # noqa: SIM905
    "hour hours hr hrs year years yr yrs month months week weeks day days night nights minute minutes "
    "mile miles time times shift shifts people rooms room boxes cars trucks".split()
)


def _not_a_street(match: re.Match[str]) -> bool:
    words = {w.strip(".,").lower() for w in match.group("words").split()}
    return bool(words & _NOT_STREET_WORDS)


_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND"
    "|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_STATE_ZIP = re.compile(rf"\b(?:{_STATES}),?\s+\d{{5}}(?:-\d{{4}})?\b")
_ZIP_LABELLED = re.compile(r"(?i:\bzip(?:\s*code)?)[:\s#]*(?P<v>\d{5}(?:-\d{4})?)\b")
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*Box\s+\d+\b", re.IGNORECASE)

# --- identity numbers ---------------------------------------------------------------------------
_NUMBER_LABEL = r"(?:\s+(?:number|num|no\.?|\#))?"
_A_NUMBER = re.compile(r"\bA\s?[-#]?\s?\d{3}[-\s]?\d{3}[-\s]?\d{2,3}\b")
_A_NUMBER_LABELLED = re.compile(
    r"(?i:\bA-?(?:number|no\.?|\#)|\balien(?:\s+registration)?" + _NUMBER_LABEL + r"|\bUSCIS" + _NUMBER_LABEL + r")"
    r"[:\s#]*(?P<v>A?-?\d{3}-?\d{3}-?\d{2,3})\b"
)
_SSN_DASHED = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_SSN_LABELLED = re.compile(
    r"(?i:\bSSN|\bSS\#|\bsocial\s+security" + _NUMBER_LABEL + r")[:\s#]*(?P<v>\d{3}[-\s]?\d{2}[-\s]?\d{4})\b"
)
# Any passport, not just US ones: a code of 6-12 letters and digits (at least one digit) shortly after
# the word. Uppercase only, so "passport was kept for 3 years" has nothing to match.
_PASSPORT = re.compile(r"(?i:\bpassport)" + _NUMBER_LABEL + r"[^.\n]{0,30}?\b(?P<v>(?=[A-Z0-9]*\d)[A-Z0-9]{6,12})\b")
_I94 = re.compile(r"(?i:\bI-?94)(?:\s+record)?" + _NUMBER_LABEL + r"[:\s#]*(?P<v>\d{9}[A-Z0-9]\d|\d{11})\b")
_DRIVER_LICENSE = re.compile(
    r"(?i:\bdriver'?s?\s+licen[cs]e|\bdriving\s+licen[cs]e|\bC?DL\b|\blicen[cs]e)"
    + _NUMBER_LABEL
    + r"[:\s#]*(?P<v>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,16})\b"
)
# Agency case numbers and similar: the profile keeps them encrypted and apart, never in free text.
_OTHER_ID = re.compile(
    r"(?i:\b(?:case|client|file|record|member|employee|badge|alien|visa|green\s+card|EAD|permit)"
    r"\s*(?:number|num|no\.?|\#|ID))[:\s#]*(?P<v>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,20})\b"
)

# Immigration status is a forbidden profile field, and a T visa or Continued Presence names the person as
# a trafficking victim outright. Work authorisation ("has an EAD", "can work") is kept: jobs ask for it.
_IMMIGRATION = re.compile(
    r"(?i:\b[TU][- ]?(?:visas?|nonimmigrant\s+status)\b|\b[TU]-[1-6]\b|\bcontinued\s+presence\b"
    r"|\b(?:HHS\s+)?(?:certification|eligibility)\s+letter\b|\basylum(?:\s+(?:seeker|case|claim|application))?\b"
    r"|\basylee\b|\bundocumented\b|\bDACA\b|\bTPS\b|\b(?:removal|deportation)\s+proceedings\b"
    r"|\bimmigration\s+status\b)"
)

# --- dates of birth -------------------------------------------------------------------------------
_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}|(?:19|20)\d{{2}})"
)
# Only labelled dates: other dates ("last evening", "for 3 years") carry the work history the matcher reads.
_DOB = re.compile(
    r"(?i:\bDOB|\bD\.O\.B\.?|\bdate\s+of\s+birth|\bbirth\s*date|\bbirthday|\bborn(?:\s+on|\s+in)?)"
    rf"[:\s,]*(?P<v>{_DATE})\b"
)

# --- shelters and safe houses ---------------------------------------------------------------------
_NAME_WORD = r"[A-Z][\w'\u2019-]*"
_CONNECTOR = r"(?:(?:of|de|del|la|the|for)\s+)?"
_SHELTER_KEYWORD = (
    r"(?i:shelters?|safe\s*houses?|refuges?|transitional\s+(?:housing|homes?|houses?)|group\s+homes?"
    r"|women'?s\s+(?:center|centre|home)|crisis\s+(?:center|centre))"
)
_SHELTER_NAMED = re.compile(rf"\b(?P<v>(?:{_NAME_WORD}\s+{_CONNECTOR}){{1,4}}{_SHELTER_KEYWORD})\b")
_RESIDENCE_VERB = (
    r"(?i:stay(?:s|ed|ing)?|liv(?:e|es|ed|ing)|resid(?:e|es|ed|ing)|placed|housed|moved|sleep(?:s|ing)?|slept"
    r"|referred|admitted|returned)"
)
_HOME_NOUN = r"(?:House|Home|Haven|Harbor|Harbour|Refuge|Shelter|Place|Center|Centre|Lodge|Villa|Residence|Sanctuary)"
_SHELTER_AFTER_VERB = re.compile(
    rf"\b{_RESIDENCE_VERB}\b[^.\n]{{0,30}}?\b(?:at|in|into|to|with)\s+(?:the\s+)?"
    rf"(?P<v>(?:{_NAME_WORD}\s+{_CONNECTOR}){{1,3}}{_HOME_NOUN})\b"
)
# "met her at Hope House", "referred from Safe Haven": a named house, home or haven after a place word, with
# no shelter or residence word nearby. Business names seldom end in these nouns ("Waffle House" does,
# and is scrubbed too: losing an employer's name costs the matcher little, a shelter's name could cost
# the person their safety). Place, Center and Lodge are left out here: too many employers use them.
_SHELTER_AT = re.compile(
    rf"\b(?i:at|in|from|to|near|outside)\s+(?:the\s+)?"
    rf"(?P<v>(?:{_NAME_WORD}\s+{_CONNECTOR}){{1,3}}(?:House|Home|Haven|Harbor|Harbour|Refuge|Sanctuary))\b"
)
_CASA = re.compile(r"\b(?P<v>Casa\s+(?:(?:de|del|de\s+la)\s+)?[A-Z][\w'\u2019-]+)")
_GENERIC_SHELTER_WORDS = frozenset(
    "the a an this that our her his their my its local emergency new old same another county city state "  # noqa: SIM905
    "she he they we".split()
)


def _generic_shelter(match: re.Match[str]) -> bool:
    """'The shelter' at the start of a sentence is not a name."""
    words = [w.lower() for w in match.group("v").split()[:-1]]
    keyword_words = {"safe", "transitional", "group", "women's", "womens", "crisis"}
    return all(w in _GENERIC_SHELTER_WORDS or w in keyword_words for w in words)


# --- e-mail addresses spelled out, and social-media handles ----------------------------------------------
# "maria dot g at gmail dot com", "maria_g (at) yahoo (dot) com", "ana.m @ hotmail . com": written so that
# filters miss them, and just as identifying. Presidio's rule needs the literal "@" and ".".
_SPELLED_AT = r"(?:\s+at\s+|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s*@\s*)"
_SPELLED_DOT = r"(?:\s+dot\s+|\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s*\.\s*)"
_LOCAL_JOIN = r"(?:\s+(?:dot|underscore|dash|hyphen)\s+|\s*[(\[{<]\s*(?:dot|underscore)\s*[)\]}>]\s*|[._+-])"
_TLD = r"(?:com|org|net|edu|gov|info|biz|io|co|us|ca|mx|uk|me|ph|in|ng|br|de|fr|es|it|ru|cn|vn|th|gt|hn|sv)"
_SPELLED_EMAIL = re.compile(
    rf"(?i)\b(?P<local>[a-z0-9][a-z0-9]*(?:{_LOCAL_JOIN}[a-z0-9]+){{0,4}}){_SPELLED_AT}"
    rf"(?P<domain>[a-z0-9][a-z0-9-]*(?:{_SPELLED_DOT}[a-z0-9][a-z0-9-]*){{0,2}}){_SPELLED_DOT}{_TLD}\b"
)
# Free mail services: "maria at gmail dot com" is an address however plain its first part.
_MAIL_SERVICES = frozenset(
    "gmail googlemail yahoo ymail hotmail outlook live msn icloud me mac aol proton protonmail pm gmx mail "  # noqa: SIM905
    "zoho yandex qq 163 126".split()
)
_SPELLED_SEPARATOR = re.compile(r"(?i)[\d._+-]|\b(?:dot|underscore|dash|hyphen)\b|[(\[{<]")


def _not_an_email(match: re.Match[str]) -> bool:
    """ "worked at Amazon dot com" is a place of work: keep it unless the first part looks like a mailbox
    (digits, dots, underscores) or the domain is a mail service."""
    domain_first = re.split(r"(?i)\s+dot\s+|[\s.(\[{<]", match.group("domain").strip())[0].lower()
    return domain_first not in _MAIL_SERVICES and not _SPELLED_SEPARATOR.search(match.group("local"))


# "@maria_g_1990": an at sign that does not follow a word character (an e-mail's does).
_HANDLE = re.compile(r"(?<![\w@./])@(?P<v>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
# A platform's name (or "username") before the handle: "IG: mariag", "instagram maria.g.90",
# "facebook.com/maria.g", "username is mg_1990". ("handle" alone is left out: "can handle 100 boxes".)
_HANDLE_LABELLED = re.compile(
    r"(?i:\b(?:instagram|insta|ig|facebook|fb|tiktok|snapchat|snap|twitter|telegram|whatsapp|kik"
    r"|username|user\s+name|screen\s+name))(?:\s+(?:is|handle|name|account|id)\b)?"
    r"(?P<sep>\.com/|\s*[:=]\s*|\s+)@?(?P<v>[A-Za-z0-9_.]{3,30}[A-Za-z0-9_])\b"
)


def _not_a_handle(match: re.Match[str]) -> bool:
    """After a bare label ("on Instagram every day") only a handle-shaped value counts: letters with a
    digit, an underscore or a dot; after "IG:" or "facebook.com/" any value does. Work words and plain
    numbers ("TikTok 1000 followers") are never handles."""
    value = match.group("v")
    if is_work_word(value) or value.lower() in _NOT_NAMES or not re.search(r"[A-Za-z]", value):
        return True
    marked = any(mark in match.group("sep") for mark in ":=/")
    return not marked and not re.search(r"[\d_.]", value)


def _handle_too_plain(match: re.Match[str]) -> bool:
    return is_work_word(match.group("v"))


# --- shelter and program names from a list ------------------------------------------------------------
# A starter list ships beside this module; an agency adds its own local names with a file of the same
# format (WAYFINDER_PLACE_NAMES_FILE). One name per line, `#` starts a comment. A line beginning with
# "* " matches the name as capitalised there, with up to three capitalised words before it ("* Rescue
# Mission" catches "Bowery Rescue Mission"). All-capital names (acronyms) match only in capitals; other
# names in any case.
PLACE_NAMES_FILE = Path(__file__).with_name("place_names.txt")
_LEADING_NAME_WORDS = rf"(?:{_NAME_WORD}\s+{_CONNECTOR}){{0,3}}"


def read_place_names(path: Path) -> list[str]:
    """The names in one list file (OSError if it cannot be read: the scrubber must not start without it)."""
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append(name)
    return names


def _name_pattern(name: str) -> str:
    if name.startswith("* "):
        # Capitalised as written, so "the rescue mission took three hours" is not a name.
        return _LEADING_NAME_WORDS + r"\s+".join(re.escape(w) for w in name[2:].split())
    body = r"\s+".join(re.escape(w) for w in name.split())
    return body if name.isupper() else f"(?i:{body})"


def place_name_rules(names: Iterable[str]) -> list[Rule]:
    """One rule for every listed name, longest names tried first so a longer name wins."""
    unique = sorted({n for n in names if n.strip("* ")}, key=len, reverse=True)
    if not unique:
        return []
    pattern = re.compile(rf"\b(?P<v>{'|'.join(_name_pattern(n) for n in unique)})(?!\w)")
    return [Rule(SHELTER, pattern, group="v")]


# --- names the model misses -------------------------------------------------------------------------
_PERSON_VALUE = r"(?P<v>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+){0,2})"
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sr|Sra|Srta)\.?\s+" + _PERSON_VALUE)
_PERSON_LABELLED = re.compile(
    r"(?i:\b(?:name|client|caseworker|case\s+manager|contact|mother|father|sister|brother|cousin|aunt|uncle"
    r"|husband|wife|partner|boyfriend|girlfriend|son|daughter|trafficker|recruiter|boss|supervisor|friend"
    r"|known\s+as|goes\s+by|named|called|aka|a\.k\.a\.))[:\s]+[\"\u201c']?" + _PERSON_VALUE
)
_NOT_NAMES = frozenset("he she they it we i you the a an his her their and but on in at is was".split())  # noqa: SIM905


def _not_a_name(match: re.Match[str]) -> bool:
    return match.group("v").split()[0].lower() in _NOT_NAMES


# --- work words the model mistakes for names and places ------------------------------------------------
# Measured: spaCy tags a fragment-initial "Housekeeper" or "Cook" as a PERSON and "Dishwasher" as a place.
# Job titles and skill terms the matcher already ships are the vocabulary that must survive scrubbing.
_VOCAB_WORD = re.compile(r"[a-z]{3,}")
_EXTRA_WORK_WORDS = "nanny housekeeping babysitter janitor landscaper roofer laborer labourer mechanic"


@cache
def work_vocabulary() -> frozenset[str]:
    from matcher.occupations import OCCUPATIONS_FILE, TITLE_ALIASES_FILE
    from matcher.taxonomy import DATA_DIR

    text = [_EXTRA_WORK_WORDS]
    with gzip.open(OCCUPATIONS_FILE, "rt", encoding="utf-8") as f:
        text += [f"{row['title']} {row['onet_titles']}" for row in csv.DictReader(f)]
    with open(TITLE_ALIASES_FILE, encoding="utf-8") as f:
        text += [row["title"] for row in csv.DictReader(f)]
    with open(DATA_DIR / "curated_skill_terms.csv", encoding="utf-8") as f:
        text += [f"{row['target']} {row['terms']}" for row in csv.DictReader(f)]
    words = set(_VOCAB_WORD.findall(" ".join(text).lower()))
    # Titles are plural ("Bakers"); notes say "baker".
    words |= {w[:-1] for w in words if w.endswith("s") and not w.endswith("ss")}
    return frozenset(words)


def is_work_word(span_text: str) -> bool:
    """One word that names a job or skill. Single words only: "Rose Baker" stays a name."""
    word = span_text.strip().lower()
    return " " not in word and word in work_vocabulary()


# --- job-duty text the model misreads ---------------------------------------------------------------------
# Measured on O*NET task statements: spaCy tags a sentence-initial imperative ("Bolt or weld ...", "Engrave
# designs ...", "Mark reference points ...") and lower-case skill phrases ("kitchen sanitation", "immunologic
# disorders") as a PERSON. The wider duty vocabulary (every word of the skill taxonomy and of the task
# statements) is used only for these two shapes, never for a capitalised name in running text: "Mark" or
# "Rose" on their own stay names (see is_work_word).
_TASKS_FILE = "onet_tasks.csv.gz"
# A name at the start of a sentence is followed by a verb ("Mark called"); a duty verb by its object.
_NAME_FOLLOWER_TEXT = (
    "is was has had have will would can could said says told lives lived works worked wants wanted needs "
    "needed does did went goes came comes got gets left knows knew asked asks helped helps stayed stays"
)
_NAME_FOLLOWERS = frozenset(_NAME_FOLLOWER_TEXT.split())
_SENTENCE_START = re.compile(r"(?:^\s*|[.;:!?\n]\s*|^\s*[-*\u2022]\s*)$")
_NEXT_WORD = re.compile(r"[\s,]+([a-z][a-z'-]*)")


@cache
def duty_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(every word of the taxonomy and of the task statements, the verbs that open a task statement)."""
    from matcher.taxonomy import DATA_DIR, SKILLS_FILE

    words = set(work_vocabulary())
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words.update(_VOCAB_WORD.findall(f"{row['label']} {row['terms']}".lower()))
    with gzip.open(DATA_DIR / _TASKS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words.update(_VOCAB_WORD.findall(row["text"].lower()))
    terms = wt.work_terms()
    return frozenset(words), terms.verbs | terms.name_verbs


def is_duty_text_misread(text: str, start: int, end: int) -> bool:
    """A PERSON/LOCATION finding that is job-duty wording: an all-lower-case run of taxonomy words, or a
    sentence-opening duty verb ("Draft detailed drawings", "Record meter readings").

    A verb that is also a name in the generated list (work_terms.txt, kind N: "Mark", "Bill", "Grant")
    must stand alone and be followed by its object, not by a verb ("Mark reference points", not "Mark
    called"). Other task-opening verbs ("Draft", "Insert", "Soak") are not names, so any lower-case words
    after them are duty wording; a capitalised word in the span ("Draft Maria") keeps it a finding."""
    span = text[start:end]
    words = re.findall(r"[A-Za-z]+", span)
    if not words:
        return False
    vocabulary, _ = duty_vocabulary()
    if span == span.lower():
        return all(w in vocabulary or len(w) < 3 for w in words)
    first = words[0]
    if not first.istitle() or not _SENTENCE_START.search(text[:start]):
        return False
    terms = wt.work_terms()
    if first.lower() in terms.verbs:
        return all(w == w.lower() for w in words[1:])
    if len(words) != 1 or first.lower() not in terms.name_verbs:
        return False
    follower = _NEXT_WORD.match(text, end)
    if follower is None:
        return False
    nxt = follower.group(1)
    return nxt not in _NAME_FOLLOWERS and not nxt.endswith("ed") and (nxt in vocabulary or len(nxt) < 4)


class PersonExtender(EntityRecognizer):
    """Widens spaCy's PERSON spans over adjacent capitalised proper nouns.

    The small model often tags only the surname ("Ana [Morales]"), which would leave the first name in
    the text. Work words are not swallowed ("Cook Maria" keeps "Cook").
    """

    def __init__(self) -> None:
        super().__init__(supported_entities=[PERSON], name="WayfinderPersonExtender", supported_language="en")

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        if PERSON not in entities or nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc = nlp_artifacts.tokens
        results: list[RecognizerResult] = []
        for ent in nlp_artifacts.entities:
            if ent.label_ not in ("PERSON", "PER") or is_work_word(ent.text):
                continue
            start, end = ent.start, ent.end
            while start > 0 and _name_like(doc[start - 1]):
                start -= 1
            while end < len(doc) and _name_like(doc[end]):
                end += 1
            if (start, end) != (ent.start, ent.end):
                span = doc[start:end]
                results.append(_result(self, PERSON, span.start_char, span.end_char))
        return results


def _name_like(token: Any) -> bool:
    return bool(token.is_title and token.pos_ == "PROPN" and not is_work_word(token.text))


def custom_recognizers(place_names: Iterable[str] = ()) -> list[EntityRecognizer]:
    """Our recognizers; `place_names`: shelter and program names to scrub (the starter list and the
    agency's own, see read_place_names)."""
    return [
        PersonExtender(),
        RuleRecognizer(
            "WayfinderContactRecognizer",
            [
                Rule(EMAIL_ADDRESS, _SPELLED_EMAIL, reject=_not_an_email),
                Rule(SOCIAL_HANDLE, _HANDLE, reject=_handle_too_plain),
                Rule(SOCIAL_HANDLE, _HANDLE_LABELLED, group="v", reject=_not_a_handle),
            ],
        ),
        RuleRecognizer(
            "WayfinderAddressRecognizer",
            [
                Rule(STREET_ADDRESS, _STREET, reject=_not_a_street),
                Rule(STREET_ADDRESS, _STATE_ZIP),
                Rule(STREET_ADDRESS, _ZIP_LABELLED, group="v"),
                Rule(STREET_ADDRESS, _PO_BOX),
            ],
        ),
        RuleRecognizer(
            "WayfinderIdRecognizer",
            [
                Rule(A_NUMBER, _A_NUMBER),
                Rule(A_NUMBER, _A_NUMBER_LABELLED, group="v"),
                Rule(SSN, _SSN_DASHED),
                Rule(SSN, _SSN_LABELLED, group="v"),
                Rule(PASSPORT, _PASSPORT, group="v"),
                Rule(I94_NUMBER, _I94, group="v"),
                Rule(DRIVER_LICENSE, _DRIVER_LICENSE, group="v"),
                Rule(ID_NUMBER, _OTHER_ID, group="v"),
                Rule(IMMIGRATION_STATUS, _IMMIGRATION),
            ],
        ),
        RuleRecognizer("WayfinderBirthDateRecognizer", [Rule(DATE_OF_BIRTH, _DOB, group="v")]),
        RuleRecognizer(
            "WayfinderShelterRecognizer",
            [
                Rule(SHELTER, _SHELTER_NAMED, group="v", reject=_generic_shelter),
                Rule(SHELTER, _SHELTER_AFTER_VERB, group="v", reject=_generic_shelter),
                Rule(SHELTER, _SHELTER_AT, group="v", reject=_generic_shelter),
                Rule(SHELTER, _CASA, group="v"),
            ],
        ),
        RuleRecognizer(
            "WayfinderPersonRecognizer",
            [
                Rule(PERSON, _HONORIFIC, group="v"),
                Rule(PERSON, _PERSON_LABELLED, group="v", reject=_not_a_name),
            ],
        ),
        *([RuleRecognizer("WayfinderPlaceNameRecognizer", rules)] if (rules := place_name_rules(place_names)) else []),
    ]
