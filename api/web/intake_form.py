"""The intake form <-> `ProfileIn`: lists typed as comma-separated text, check boxes, repeatable rows, and
one plain-language error per form field.

`form_from_profile` fills the same form from a stored profile, for editing.

The schema stays the single judge of what is valid (coarse location included); this module only reshapes
form fields and turns its errors into messages a caseworker can act on ("Enter the state as two letters,
for example WA", never "String should match pattern ..."). Every message names what to do, and the key is
the id of the field it belongs to, so the error summary can link to it.

Repeatable rows (past jobs, education and training, languages, fixed hours) have no cap but the schema's:
"Add another" and "Remove" are submit buttons (`add_row`, `remove_row`), so they work without JavaScript;
the route shows the form again with the row added or removed and saves nothing.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.datastructures import FormData

from api.schemas.profiles import MAX_EDUCATION, MAX_WORK_HISTORY, NOTHING_TO_MATCH, ProfileIn
from api.services.free_text import is_placeholder_only
from api.web.i18n import N_
from matcher.personal_limits import SPOKEN_LANGUAGES
from models.enums import EducationLevel, EmploymentType, Shift
from models.profile import ProfileRecord

LIST_FIELDS = ("skills", "interests", "goals", "zip3s", "excluded_employers", "excluded_industries", "excluded_zip3s")
CHECKBOX_LISTS = ("days", "shifts", "employment_types", "transport")
NUMBER_FIELDS = ("max_hours_per_week", "pay_floor_hourly", "travel_limit")
TAG_FIELDS = ("skills", "interests", "goals")

# Repeatable rows: name -> (the form field suffixes of one row, the most rows parsing reads).
ROWS: dict[str, tuple[tuple[str, ...], int]] = {
    "work": (("title", "activities"), MAX_WORK_HISTORY),
    "education": (("kind", "subject", "status"), MAX_EDUCATION),
    "language": (("code", "level"), 20),
    "fixed": (("day", "start", "end"), 21),
}
_ROW_FIELD = re.compile(r"^(work|education|language|fixed)_[a-z]+_(\d{1,2})$")
_REMOVE = re.compile(r"^(work|education|language|fixed)_(\d{1,2})$")

# Labels are message ids (the form translates them where it shows them).
DAYS = [
    ("mon", N_("Mon")),
    ("tue", N_("Tue")),
    ("wed", N_("Wed")),
    ("thu", N_("Thu")),
    ("fri", N_("Fri")),
    ("sat", N_("Sat")),
    ("sun", N_("Sun")),
]
SHIFT_LABELS = {
    Shift.DAY: N_("Day"),
    Shift.EVENING: N_("Evening"),
    Shift.NIGHT: N_("Night"),
    Shift.WEEKEND: N_("Weekend"),
    Shift.FLEXIBLE: N_("Flexible"),
}
EMPLOYMENT_TYPE_LABELS = {
    EmploymentType.FULL_TIME: N_("full time"),
    EmploymentType.PART_TIME: N_("part time"),
    EmploymentType.CONTRACTOR: N_("contractor"),
    EmploymentType.TEMPORARY: N_("temporary"),
    EmploymentType.INTERN: N_("intern"),
    EmploymentType.VOLUNTEER: N_("volunteer"),
    EmploymentType.PER_DIEM: N_("per diem"),
    EmploymentType.OTHER: N_("other"),
}
EDUCATION_LABELS = {
    EducationLevel.NONE: N_("none"),
    EducationLevel.PRIMARY: N_("primary"),
    EducationLevel.SECONDARY_PARTIAL: N_("secondary partial"),
    EducationLevel.HIGH_SCHOOL: N_("high school"),
    EducationLevel.POSTSECONDARY_CERTIFICATE: N_("postsecondary certificate"),
    EducationLevel.SOME_COLLEGE: N_("some college"),
    EducationLevel.ASSOCIATE: N_("associate"),
    EducationLevel.BACHELOR: N_("bachelor"),
    EducationLevel.GRADUATE: N_("graduate"),
}
LANGUAGE_LABELS = {
    "en": N_("English"),
    "es": N_("Spanish"),
    "zh": N_("Chinese"),
    "vi": N_("Vietnamese"),
    "tl": N_("Tagalog"),
    "ht": N_("Haitian Creole"),
    "fr": N_("French"),
    "pt": N_("Portuguese"),
    "ar": N_("Arabic"),
    "ru": N_("Russian"),
    "uk": N_("Ukrainian"),
    "ko": N_("Korean"),
    "th": N_("Thai"),
    "hi": N_("Hindi"),
    "ne": N_("Nepali"),
    "sw": N_("Swahili"),
    "am": N_("Amharic"),
    "so": N_("Somali"),
}
LEVEL_LABELS = [
    ("none", N_("none")),
    ("basic", N_("basic")),
    ("conversational", N_("conversational")),
    ("fluent", N_("fluent")),
]
TRANSPORT_LABELS = [
    ("car", N_("car")),
    ("transit", N_("public transit")),
    ("foot", N_("on foot")),
    ("bike", N_("bike")),
]
EDUCATION_KIND_LABELS = [
    ("school", N_("school")),
    ("certificate", N_("certificate")),
    ("course", N_("course")),
    ("language_class", N_("language class")),
    ("apprenticeship", N_("apprenticeship")),
    ("degree", N_("degree")),
]
EDUCATION_STATUS_LABELS = [
    ("completed", N_("completed")),
    ("in_progress", N_("in progress")),
    ("not_finished", N_("not finished")),
]
CHOICES: dict[str, list[tuple[str, str]]] = {
    "days": DAYS,
    "shifts": [(s.value, SHIFT_LABELS[s]) for s in Shift],
    "employment_types": [(e.value, EMPLOYMENT_TYPE_LABELS[e]) for e in EmploymentType],
    "education_level": [(e.value, EDUCATION_LABELS[e]) for e in EducationLevel],
    "transport": TRANSPORT_LABELS,
    "languages": [(code, LANGUAGE_LABELS[code]) for code in SPOKEN_LANGUAGES],
    "levels": LEVEL_LABELS,
    "education_kind": EDUCATION_KIND_LABELS,
    "education_status": EDUCATION_STATUS_LABELS,
    "travel_units": [("minutes", N_("minutes")), ("miles", N_("miles"))],
}

# One plain message per form field and kind of problem. Keys: the field's form name, or its row prefix.
_MESSAGES: dict[str, str] = {
    "region": N_("Enter the state as two letters, for example WA."),
    "max_hours_per_week": N_("Enter the most hours a week as a number from 0 to 100, for example 30."),
    "pay_floor_hourly": N_("Enter the lowest hourly pay as a number from 0 to 500, for example 17.50."),
    "travel_limit": N_("Enter how far they can travel as a number above 0 and up to 600, for example 45."),
    "travel_limit_unit": N_("Say whether the travel limit is in minutes or miles."),
    "case_number": N_(
        "Enter the case number with letters, digits and . _ / # - only, starting with a letter or digit, "
        "up to 40 characters."
    ),
    "skills": N_("Keep each skill to 100 characters or fewer, at most 100 skills, separated by commas."),
    "interests": N_("Keep each interest to 100 characters or fewer, at most 30, separated by commas."),
    "goals": N_("Keep each goal to 100 characters or fewer, at most 30, separated by commas."),
    "excluded_employers": N_("Keep each employer to 100 characters or fewer, at most 50, separated by commas."),
    "excluded_industries": N_("Keep each industry to 100 characters or fewer, at most 50, separated by commas."),
    "work_title": N_("Keep the job title to 200 characters or fewer."),
    "work_activities": N_("Keep what the work involved to 2,000 characters or fewer."),
    "work_history": N_("Enter at most 50 past jobs."),
    "education_kind": N_("Choose what kind of education or training it was."),
    "education_subject": N_("Keep the subject to 100 characters or fewer (no school names)."),
    "education_status": N_("Choose whether it was completed, is in progress or was not finished."),
    "language_code": N_("Choose a language from the list, once each."),
    "language_level": N_("Choose how well they speak it: none, basic, conversational or fluent."),
    "fixed_day": N_("Choose the day of the fixed hours."),
    "fixed_start": N_("Enter the start time as hours and minutes, for example 15:00."),
    "fixed_end": N_("Enter an end time after the start time, for example 18:00."),
    "days": N_("Choose days from the list."),
    "shifts": N_("Choose shifts from the list."),
    "employment_types": N_("Choose kinds of work from the list."),
    "transport": N_("Choose ways to travel from the list."),
    "education_level": N_("Choose the highest education from the list."),
}
# Errors the schema words for people already (coarse location, control characters): shown as they are.
_OWN_WORDS = frozenset({"coarse_location", "control_character"})
# Order of the fields on the page, so the error summary lists them top to bottom.
_PAGE_ORDER = [
    "skills",
    "interests",
    "goals",
    "education_level",
    "work",
    "education",
    "language",
    "days",
    "shifts",
    "employment_types",
    "max_hours_per_week",
    "pay_floor_hourly",
    "fixed",
    "work_authorized",
    "region",
    "zip3s",
    "remote_ok",
    "transport",
    "travel_limit",
    "travel_limit_unit",
    "excluded_employers",
    "excluded_industries",
    "excluded_zip3s",
    "case_number",
]


@dataclass
class IntakeForm:
    """What the form shows: the values as typed, one error message per field id, and notes."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    profile: ProfileIn | None = None
    # Values a past save left as nothing but a scrubber placeholder ("[NAME]"): not offered back.
    dropped_placeholders: int = 0

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) in the order the fields appear on the page."""

        def rank(name: str) -> tuple[int, str]:
            base = _ROW_FIELD.match(name)
            key = base.group(1) if base else name
            return (_PAGE_ORDER.index(key) if key in _PAGE_ORDER else len(_PAGE_ORDER), name)

        return sorted(self.errors.items(), key=lambda item: rank(item[0]))

    def anchor(self, name: str) -> str:
        """The id of the element an error links to (check-box groups: their first box)."""
        if name in ("days", "shifts", "employment_types", "transport"):
            return f"{name}-{CHOICES[name][0][0]}"
        return name


_FIELD_LABELS: dict[str, str] = {
    "skills": N_("Skills"),
    "interests": N_("Fields of interest"),
    "goals": N_("Goals"),
    "work_title": N_("Job title %(number)d"),
    "work_activities": N_("What the work involved %(number)d"),
    "education_subject": N_("Subject %(number)d"),
}


def field_label(field_id: str) -> tuple[str, int]:
    """(message id, row number from 1, or 0) naming a field the scrubber preview points at."""
    row = _ROW_FIELD.match(field_id)
    if row:
        return _FIELD_LABELS.get(field_id.rsplit("_", 1)[0], field_id), int(row.group(2)) + 1
    return _FIELD_LABELS.get(field_id, field_id), 0


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _number(text: str) -> float | str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text  # the schema reports it as not a number


def _blank_row(kind: str) -> dict[str, str]:
    row = dict.fromkeys(ROWS[kind][0], "")
    if kind == "education":
        row["status"] = "completed"
    return row


def empty_form() -> IntakeForm:
    values: dict[str, Any] = {name: "" for name in (*LIST_FIELDS, *NUMBER_FIELDS, "region", "case_number")}
    values.update({name: [] for name in CHECKBOX_LISTS})
    values.update({"education_level": "", "work_authorized": "", "remote_ok": True, "travel_limit_unit": ""})
    for kind in ROWS:
        values[kind] = [_blank_row(kind)]
    return IntakeForm(values=values)


def _number_text(value: float | None) -> str:
    return "" if value is None else format(value, "g")  # 17.0 -> "17", 17.25 -> "17.25"


def form_from_profile(profile: ProfileRecord) -> IntakeForm:
    """The intake form as the stored profile fills it (safety exclusions and case number in clear).

    A tag or job title that an earlier save reduced to a placeholder ("[NAME]") is left out: offering
    "[NAME]" back as a skill would save it again as one. The page says how many were left out."""
    dropped = 0
    values: dict[str, Any] = {}
    for name in LIST_FIELDS:
        kept = [v for v in getattr(profile, name) if not (name in TAG_FIELDS and is_placeholder_only(v))]
        dropped += len(getattr(profile, name)) - len(kept)
        values[name] = ", ".join(kept)
    values.update({name: list(getattr(profile, name)) for name in CHECKBOX_LISTS})
    values.update({name: _number_text(getattr(profile, name)) for name in NUMBER_FIELDS})
    values.update(
        {
            "region": profile.region or "",
            "case_number": profile.case_number or "",
            "education_level": profile.education_level or "",
            "remote_ok": profile.remote_ok,
            "travel_limit_unit": profile.travel_limit_unit or "",
            "work_authorized": "" if profile.work_authorized is None else ("yes" if profile.work_authorized else "no"),
        }
    )
    work = []
    for w in profile.work_history:
        title = w.get("title") or ""
        if title and is_placeholder_only(title):
            dropped, title = dropped + 1, ""
        work.append({"title": title, "activities": w.get("activities") or ""})
    values["work"] = work or [_blank_row("work")]
    values["education"] = [
        {"kind": e.get("kind", ""), "subject": e.get("subject", ""), "status": e.get("status", "")}
        for e in profile.education
    ] or [_blank_row("education")]
    values["language"] = [{"code": x["code"], "level": x["level"]} for x in profile.languages] or [
        _blank_row("language")
    ]
    values["fixed"] = [{"day": x["day"], "start": x["start"], "end": x["end"]} for x in profile.fixed_hours] or [
        _blank_row("fixed")
    ]
    return IntakeForm(values=values, dropped_placeholders=dropped)


def _row_count(form: FormData, kind: str) -> int:
    indexes = [int(m.group(2)) for key in form if (m := _ROW_FIELD.match(key)) and m.group(1) == kind]
    return min(max([1, *(i + 1 for i in indexes)]), ROWS[kind][1])


def _rows(form: FormData, kind: str) -> list[dict[str, str]]:
    fields = ROWS[kind][0]
    return [{f: str(form.get(f"{kind}_{f}_{i}", "")).strip() for f in fields} for i in range(_row_count(form, kind))]


def row_action(form: FormData, values: dict[str, Any]) -> bool:
    """Apply an "Add another" or "Remove" button to the typed rows; True if one was pressed."""
    add, remove = str(form.get("add_row", "")), str(form.get("remove_row", ""))
    if add in ROWS:
        if len(values[add]) < ROWS[add][1]:
            values[add].append(_blank_row(add))
        return True
    if m := _REMOVE.match(remove):
        kind, index = m.group(1), int(m.group(2))
        if index < len(values[kind]):
            del values[kind][index]
        if not values[kind]:
            values[kind].append(_blank_row(kind))
        return True
    return False


def _filled(row: dict[str, str], *ignore: str) -> bool:
    return any(v for k, v in row.items() if k not in ignore)


def read_values(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what the form shows back, the body for `ProfileIn`)."""
    values: dict[str, Any] = {}
    body: dict[str, Any] = {}
    for name in LIST_FIELDS:
        values[name] = str(form.get(name, ""))
        body[name] = _split(values[name])
    for name in CHECKBOX_LISTS:
        values[name] = [str(v) for v in form.getlist(name)]
        body[name] = values[name]
    for name in NUMBER_FIELDS:
        values[name] = str(form.get(name, ""))
        body[name] = _number(values[name])
    for name in ("region", "case_number", "education_level", "travel_limit_unit"):
        values[name] = str(form.get(name, "")).strip()
        body[name] = values[name] or None
    values["remote_ok"] = form.get("remote_ok") == "yes"
    body["remote_ok"] = values["remote_ok"]
    values["work_authorized"] = str(form.get("work_authorized", ""))
    body["work_authorized"] = {"yes": True, "no": False}.get(values["work_authorized"])
    for kind in ROWS:
        values[kind] = _rows(form, kind)
    # Blank rows are left out; the row's index in the form is kept so an error finds its field.
    body["work_history"] = [
        {"title": r["title"] or None, "activities": r["activities"]} for r in values["work"] if _filled(r)
    ]
    body["education"] = [
        {"kind": r["kind"] or None, "subject": r["subject"], "status": r["status"] or "completed"}
        for r in values["education"]
        if _filled(r, "status")
    ]
    body["languages"] = [
        {"code": r["code"] or None, "level": r["level"] or None} for r in values["language"] if _filled(r)
    ]
    body["fixed_hours"] = [r for r in values["fixed"] if _filled(r)]
    return values, body


def _form_indexes(values: dict[str, Any], kind: str, *ignore: str) -> list[int]:
    """Form row index of each row sent to the schema (blank rows were left out)."""
    return [i for i, r in enumerate(values[kind]) if _filled(r, *ignore)]


def parse_intake(form: FormData) -> IntakeForm:
    """Build a ProfileIn from the posted form; on failure, the typed values and plain messages."""
    values, body = read_values(form)
    return validate(values, body)


def validate(values: dict[str, Any], body: dict[str, Any]) -> IntakeForm:
    try:
        profile = ProfileIn.model_validate(body)
    except ValidationError as exc:
        return IntakeForm(values=values, errors=_field_errors(exc, values))
    if not profile.has_something_to_match():
        return IntakeForm(values=values, errors={"skills": NOTHING_TO_MATCH})
    return IntakeForm(values=values, profile=profile)


_ROW_KINDS = {"work_history": "work", "education": "education", "languages": "language", "fixed_hours": "fixed"}


def _field_id(loc: tuple[int | str, ...], values: dict[str, Any]) -> str:
    """The form field an error location points at."""
    if not loc:
        return "form"
    name = str(loc[0])
    if name in _ROW_KINDS and len(loc) > 1 and isinstance(loc[1], int):
        kind = _ROW_KINDS[name]
        indexes = _form_indexes(values, kind, "status") if kind == "education" else _form_indexes(values, kind)
        row = indexes[loc[1]] if loc[1] < len(indexes) else loc[1]
        part = str(loc[2]) if len(loc) > 2 else {"fixed": "end", "language": "code"}.get(kind, ROWS[kind][0][0])
        return f"{kind}_{part}_{row}"
    if name == "languages":
        return "language_code_0"
    return name


def _message(err: ErrorDetails, field_id: str) -> str:
    if err["type"] in _OWN_WORDS:
        return str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "travel_unit":
        return _MESSAGES["travel_limit_unit"]
    row = _ROW_FIELD.match(field_id)
    key = field_id.rsplit("_", 1)[0] if row else field_id
    return _MESSAGES.get(key) or N_("Check this value: it could not be saved as typed.")


def _field_errors(exc: ValidationError, values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        if err["type"] == "travel_unit":
            field_id = "travel_limit_unit"
        elif err["type"] == "coarse_location" and not loc:
            field_id = "region"
        else:
            field_id = _field_id(loc, values)
        errors.setdefault(field_id, _message(err, field_id))  # the first problem per field is enough to fix it
    return errors
