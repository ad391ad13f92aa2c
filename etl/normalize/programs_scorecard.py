"""College Scorecard field-of-study CSV -> ProgramIn (one row per institution, CIP4 and level)."""

from collections.abc import Mapping

from etl.normalize.codes import normalize_cip
from etl.normalize.location import region_code, zip3_of
from etl.normalize.values import clip, csv_getter, to_float
from etl.sources.csv_rows import CsvSpec
from models.program import ProgramIn

REQUIRED_COLUMNS = {"unitid", "instnm", "cipcode", "credlev"}
# Newest earnings columns first; older files carry the _HI_ variants only.
EARNINGS_COLUMNS = ("earn_mdn_1yr", "earn_mdn_hi_1yr", "earn_mdn_hi_2yr", "earn_mdn_4yr")
FIELDS = (
    "unitid",
    "instnm",
    "cipcode",
    "cipdesc",
    "credlev",
    "creddesc",
    "control",
    "distance",
    *EARNINGS_COLUMNS,
    "city",
    "stabbr",
    "zip",
)
# The Scorecard's own names are matched ignoring case and punctuation; these are the spelled-out labels of
# its data dictionary, which some re-exports use as headers.
SPEC = CsvSpec.of(
    "College Scorecard field-of-study",
    FIELDS,
    sorted(REQUIRED_COLUMNS),
    {
        "unit_id": "unitid",
        "unit_id_for_institution": "unitid",
        "institution_name": "instnm",
        "cip_code": "cipcode",
        "cip_description": "cipdesc",
        "credential_level": "credlev",
        "credential_description": "creddesc",
        "control_of_institution": "control",
        "state_postcode": "stabbr",
    },
)
CONTROL = {"1": "public", "2": "private nonprofit", "3": "private for-profit"}
# DISTANCE flag: 1 = offered through distance education (per the field-of-study dictionary).
DISTANCE_ONLINE = "1"


# The Department's prior-year field-of-study files (FieldOfStudyData1415_1516_PP.csv ...) write privacy
# suppression as "PS", the most-recent file as "PrivacySuppressed"; both mean "not published", never 0.
PRIVACY_SUPPRESSED_SHORT = "PS"


def _unitid(value: str | None) -> str | None:
    """'238476.0' -> '238476': a re-export through a spreadsheet or pandas writes the integer id as a float,
    which must not make a second natural key for the same program."""
    if value and value.endswith(".0") and value[:-2].isdigit():
        return value[:-2]
    return value


def program_from_scorecard_row(row: Mapping[str, str], source: str) -> ProgramIn:
    """Normalize one row; 'PrivacySuppressed' values become None, never 0."""

    get = csv_getter(row, REQUIRED_COLUMNS, label=str.upper)
    cip = normalize_cip(get("cipcode"), "CIPCODE")
    earnings = None
    for column in EARNINGS_COLUMNS:
        value = get(column)
        earnings = None if value == PRIVACY_SUPPRESSED_SHORT else to_float(value, column.upper())
        if earnings is not None:
            break
    name = get("cipdesc") or f"CIP {cip}"
    online = get("distance") == DISTANCE_ONLINE
    return ProgramIn(
        source=source,
        source_id=f"{_unitid(get('unitid'))}-{(cip or '').replace('.', '')}-{get('credlev')}",
        name=clip(name.rstrip("."), 500) or "",
        provider_name=clip(get("instnm"), 300) or "",
        # Coded (1/2/3) in older files, words ("Private, nonprofit") in newer ones.
        provider_type=CONTROL.get(get("control") or "") or clip((get("control") or "").lower() or None, 100),
        cip_code=cip,
        credential_type=clip(get("creddesc"), 200),
        # Institution-file columns, when the caller joined them in (the FoS file has none).
        city=clip(get("city"), 120),
        region=region_code(get("stabbr")),
        zip3=zip3_of(get("zip")),
        delivery="online" if online else None,
        is_online=online,
        median_earnings=earnings,
    )
