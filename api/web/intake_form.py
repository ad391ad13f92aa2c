"""The intake form <-> `ProfileIn`: lists typed as comma-separated text, check boxes, and per-field errors.

`form_from_profile` fills the same form from a stored profile, for editing.

The schema stays the single judge of what is valid (coarse location included); this module only
reshapes form fields and turns its errors into one message per form field.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from api.schemas.profiles import ProfileIn
from api.web.i18n import N_
from models.enums import EducationLevel, EmploymentType, Shift
from models.profile import ProfileRecord

LIST_FIELDS = ("skills", "interests", "goals", "zip3s", "excluded_employers", "excluded_industries", "excluded_zip3s")
CHECKBOX_LISTS = ("days", "shifts", "employment_types")
NUMBER_FIELDS = ("max_hours_per_week", "pay_floor_hourly")
WORK_ROWS = 3
# An edited profile may hold more past jobs than the blank form shows (the API takes up to 20): the
# form then has a row for each, and parsing reads every row sent, up to this many.
MAX_WORK_ROWS = 25
_WORK_FIELD = re.compile(r"^work_(?:title|activities)_(\d{1,2})$")
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
CHOICES: dict[str, list[tuple[str, str]]] = {
    "days": DAYS,
    "shifts": [(s.value, SHIFT_LABELS[s]) for s in Shift],
    "employment_types": [(e.value, EMPLOYMENT_TYPE_LABELS[e]) for e in EmploymentType],
    "education_level": [(e.value, EDUCATION_LABELS[e]) for e in EducationLevel],
}


@dataclass
class IntakeForm:
    """What the form shows: the values as typed and one error message per field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    profile: ProfileIn | None = None


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


def empty_form() -> IntakeForm:
    values: dict[str, Any] = {name: "" for name in (*LIST_FIELDS, *NUMBER_FIELDS, "region", "case_number")}
    values.update({name: [] for name in CHECKBOX_LISTS})
    values.update({"education_level": "", "work_authorized": "", "remote_ok": True})
    values["work_history"] = [{"title": "", "activities": ""} for _ in range(WORK_ROWS)]
    return IntakeForm(values=values)


def _number_text(value: float | None) -> str:
    return "" if value is None else format(value, "g")  # 17.0 -> "17", 17.25 -> "17.25"


def form_from_profile(profile: ProfileRecord) -> IntakeForm:
    """The intake form as the stored profile fills it (safety exclusions and case number in clear)."""
    values: dict[str, Any] = {name: ", ".join(getattr(profile, name)) for name in LIST_FIELDS}
    values.update({name: list(getattr(profile, name)) for name in CHECKBOX_LISTS})
    values.update({name: _number_text(getattr(profile, name)) for name in NUMBER_FIELDS})
    values.update(
        {
            "region": profile.region or "",
            "case_number": profile.case_number or "",
            "education_level": profile.education_level or "",
            "remote_ok": profile.remote_ok,
            "work_authorized": "" if profile.work_authorized is None else ("yes" if profile.work_authorized else "no"),
        }
    )
    rows = [{"title": w.get("title") or "", "activities": w.get("activities") or ""} for w in profile.work_history]
    rows += [{"title": "", "activities": ""} for _ in range(WORK_ROWS - len(rows))]
    values["work_history"] = rows
    return IntakeForm(values=values)


def _work_row_count(form: FormData) -> int:
    indexes = [int(m.group(1)) for key in form if (m := _WORK_FIELD.match(key))]
    return min(max([WORK_ROWS, *(i + 1 for i in indexes)]), MAX_WORK_ROWS)


def parse_intake(form: FormData) -> IntakeForm:
    """Build a ProfileIn from the posted form; on failure, the typed values and the schema's messages."""
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
    for name in ("region", "case_number", "education_level"):
        values[name] = str(form.get(name, "")).strip()
        body[name] = values[name] or None
    values["remote_ok"] = form.get("remote_ok") == "yes"
    body["remote_ok"] = values["remote_ok"]
    values["work_authorized"] = str(form.get("work_authorized", ""))
    body["work_authorized"] = {"yes": True, "no": False}.get(values["work_authorized"])
    rows = [
        {"title": str(form.get(f"work_title_{i}", "")).strip(), "activities": str(form.get(f"work_activities_{i}", ""))}
        for i in range(_work_row_count(form))
    ]
    values["work_history"] = rows
    body["work_history"] = [
        {"title": r["title"] or None, "activities": r["activities"].strip()}
        for r in rows
        if r["title"] or r["activities"].strip()
    ]
    try:
        return IntakeForm(values=values, profile=ProfileIn.model_validate(body))
    except ValidationError as exc:
        return IntakeForm(values=values, errors=_field_errors(exc))


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        loc = err.get("loc", ())
        name = str(loc[0]) if loc else "form"
        if name == "work_history" and len(loc) > 2:
            name = f"work_{'title' if loc[2] == 'title' else 'activities'}_{loc[1]}"
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        errors.setdefault(name, message)  # the first problem per field is enough to fix it
    return errors
