"""Employment types and education levels in the spellings sources use, mapped to our enums."""

import re
from typing import Any

from etl.normalize.values import as_list, text_of
from models.enums import EducationLevel, EmploymentType

_EMPLOYMENT_SPELLINGS: dict[str, EmploymentType] = {
    "full time": EmploymentType.FULL_TIME,
    "fulltime": EmploymentType.FULL_TIME,
    "permanent": EmploymentType.FULL_TIME,
    "part time": EmploymentType.PART_TIME,
    "parttime": EmploymentType.PART_TIME,
    "contractor": EmploymentType.CONTRACTOR,
    "contract": EmploymentType.CONTRACTOR,
    "temporary": EmploymentType.TEMPORARY,
    "temp": EmploymentType.TEMPORARY,
    "seasonal": EmploymentType.TEMPORARY,
    "term": EmploymentType.TEMPORARY,
    "intern": EmploymentType.INTERN,
    "internship": EmploymentType.INTERN,
    "volunteer": EmploymentType.VOLUNTEER,
    "per diem": EmploymentType.PER_DIEM,
    "intermittent": EmploymentType.PER_DIEM,
    "on call": EmploymentType.PER_DIEM,
    "other": EmploymentType.OTHER,
}
_SEPARATORS = re.compile(r"[_\-\s]+")

# schema.org EducationalOccupationalCredential.credentialCategory values and common phrasings.
_EDUCATION_SPELLINGS: dict[str, EducationLevel] = {
    "no requirements": EducationLevel.NONE,
    "none": EducationLevel.NONE,
    "high school": EducationLevel.HIGH_SCHOOL,
    "ged": EducationLevel.HIGH_SCHOOL,
    "high school diploma": EducationLevel.HIGH_SCHOOL,
    "professional certificate": EducationLevel.POSTSECONDARY_CERTIFICATE,
    "certificate": EducationLevel.POSTSECONDARY_CERTIFICATE,
    "some college": EducationLevel.SOME_COLLEGE,
    "associate degree": EducationLevel.ASSOCIATE,
    "associate": EducationLevel.ASSOCIATE,
    "bachelor degree": EducationLevel.BACHELOR,
    "bachelor": EducationLevel.BACHELOR,
    "bachelor's degree": EducationLevel.BACHELOR,
    "postgraduate degree": EducationLevel.GRADUATE,
    "graduate degree": EducationLevel.GRADUATE,
}


def employment_types(values: Any) -> list[str]:
    """['Full-time', 'TEMPORARY'] -> ['FULL_TIME', 'TEMPORARY']; unknown spellings -> OTHER."""
    out: list[str] = []
    for value in as_list(values):
        text = text_of(value)
        if not text:
            continue
        for part in re.split(r"[;,/|]", text):
            key = _SEPARATORS.sub(" ", part.strip().lower())
            if not key:
                continue
            kind = _EMPLOYMENT_SPELLINGS.get(key) or _EMPLOYMENT_SPELLINGS.get(key.replace(" ", ""))
            name = (kind or EmploymentType.OTHER).value
            if name not in out:
                out.append(name)
    return out


def education_level(value: Any) -> str | None:
    """An EducationLevel value from a credentialCategory or phrase; other text kept (max 100)."""
    if isinstance(value, dict):
        value = value.get("credentialCategory", value.get("name"))
    text = text_of(value)
    if not text:
        return None
    level = _EDUCATION_SPELLINGS.get(text.strip().lower())
    return level.value if level else text[:100]
