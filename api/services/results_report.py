"""The results report for an agency and its funders (issue 19): funnel, time to placement, wage at placement,
retention, programs, WIOA primary indicators (proxies where Wayfinder keeps enough, and why not where it
does not), fairness monitors (Fairlearn's MetricFrame) and exposure of employers and providers.

One organization: the signed-in user's (row-level security shows no other); a network-wide view is for later.
Counts of 1..4 are withheld (api.services.reports), and so is every rate or median computed from a withheld
count. A rate is a two-cell breakdown (yes / no) through `suppress_breakdown`, so a rate whose complement is
1..4 (e.g. 3 of 40 not retained) is withheld too: the total minus the shown count would give it away.

Period: UTC days `day_from`..`day_to`, both included; the default is the 365 days ending today by the clock.
Which timestamp puts an item in the period is said in models.repositories.results_report.
"""

import csv
import io
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from api.services import audit
from api.services.catalog_owners import MIN_REPORTED_COUNT
from api.services.principal import Principal
from api.services.reports import suppress_breakdown, suppressed
from etl.errors import spreadsheet_cell
from matcher.wages import WageTable, load_wages
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import Role
from models.errors import ValidationFailed
from models.repositories import results_report as repo

READERS = (Role.ADMIN, Role.CASEWORKER)
DEFAULT_DAYS = 365
MAX_DAYS = 366 * 5  # a longer period is refused: it would mix years of changed practice
JOB_FUNNEL = ("proposed", "approved", "shared", "interested", "applied", "hired")
PROGRAM_FUNNEL = ("proposed", "approved", "shared", "interested", "enrolled", "completed", "credential")
RETENTION_DAYS = (90, 180)
WEEKS_PER_QUARTER = 13
# Fairness monitors: a group is shown from this many people, and flagged only when it and the best group
# both have at least FLAG_MIN_PEOPLE (a ratio between two groups of 6 says little).
MIN_GROUP_PEOPLE = MIN_REPORTED_COUNT
FLAG_MIN_PEOPLE = 30
FLAG_RATIO = 0.8  # the "four-fifths" rule of thumb
EXPOSURE_TOP = 10
SCOPE_NOTE = (
    "One agency: your organization. Row-level security shows no other, so a network-wide view "
    "(several agencies, or the agency grouping of the fairness monitors) is not built yet."
)
FAIRNESS_CAUTION = (
    "These are monitors, not proof of bias. Groups are small, a person can belong to several groups (two "
    "languages, several ZIP areas), and differences can come from what people want, where they live or which "
    "openings exist, not from how they were treated. Wayfinder stores no sensitive traits (race, sex, age, "
    "immigration status) on purpose, so it cannot compare those groups at all. A flag is a reason to look "
    "closer at the cases, with the people who know them."
)
MONITORS = {
    "approval": ("Approval rate", "approved of the items reviewed (approved or rejected) in the period"),
    "interest": ("Interest rate", "answered “interested” in the period, of the items shared in the period"),
    "hire": ("Hire rate", "hired (start date by the period's end) of the jobs shared in the period"),
    "retention_90": (
        "90-day retention",
        "still employed 90 days after the start, of hires that started in the period at least 90 days before its end",
    ),
}
GROUPINGS = {
    "language": "Language spoken",
    "region": "Region (state)",
    "zip3": "3-digit ZIP area",
    "education": "Education level",
    "caseworker": "Caseworker (who made the intake)",
}


@dataclass(frozen=True)
class Period:
    day_from: date
    day_to: date

    @classmethod
    def parse(cls, day_from: str = "", day_to: str = "", *, clock: Clock = SYSTEM_CLOCK) -> "Period":
        """From the page's or API's query string; blank means the 365 days ending today (UTC)."""
        end = _day(day_to, "To") or clock.now().astimezone(UTC).date()
        start = _day(day_from, "From") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise ValidationFailed("The 'From' date is after the 'To' date; swap them or change one.")
        if (end - start).days + 1 > MAX_DAYS:
            raise ValidationFailed(f"A report covers at most {MAX_DAYS} days; choose a shorter period.")
        return cls(start, end)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.day_from, time(), UTC)

    @property
    def before(self) -> datetime:
        return datetime.combine(self.day_to + timedelta(days=1), time(), UTC)

    def query(self) -> dict[str, Any]:
        return {"day_from": self.day_from, "day_to": self.day_to, "since": self.since, "before": self.before}


def _day(value: str, label: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(f"'{label}' must be a date like 2026-12-07.") from None


# --- suppression-aware figures ---------------------------------------------------------------------------


def count_cell(n: int) -> dict[str, Any]:
    return {"count": None if suppressed(n) else n, "suppressed": suppressed(n)}


def rate_cell(numerator: int, denominator: int) -> dict[str, Any]:
    """numerator / denominator, withheld when either count, or what the other leaves (their difference), is
    1..4. No denominator: no value, nothing withheld."""
    cells = suppress_breakdown({"yes": numerator, "no": abs(denominator - numerator)})
    hidden = suppressed(denominator) or any(c["suppressed"] for c in cells["cells"].values())
    value = None if hidden or denominator == 0 else round(numerator / denominator, 4)
    return {
        "value": value,
        "numerator": None if hidden else numerator,
        "denominator": None if suppressed(denominator) else denominator,
        "suppressed": hidden,
    }


def median_cell(values: list[float], *, digits: int = 2) -> dict[str, Any]:
    """The median of `values`, withheld (with its n) when 1..4 values went into it."""
    n = len(values)
    hidden = suppressed(n)
    value = None if hidden or n == 0 else round(float(statistics.median(values)), digits)
    return {"value": value, "n": None if hidden else n, "suppressed": hidden}


def hourly_midpoint(pay_min: Decimal | float | None, pay_max: Decimal | float | None) -> float | None:
    """The middle of the published hourly range; one end when only one was recorded."""
    low, high = repo.to_float(pay_min), repo.to_float(pay_max)
    if low is not None and high is not None:
        return (low + high) / 2
    return low if low is not None else high


# --- sections ---------------------------------------------------------------------------------------------


def _funnel(counts: dict[tuple[str, str], int], kind: str, stages: tuple[str, ...]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    previous: int | None = None
    for stage in stages:
        n = counts.get((kind, stage), 0)
        row: dict[str, Any] = {"stage": stage, **count_cell(n)}
        row["conversion"] = rate_cell(n, previous) if previous is not None else None
        rows.append(row)
        previous = n
    return rows


def _placement(hires: list[dict[str, Any]], wages: WageTable) -> dict[str, Any]:
    # Time to placement: per person, their first hire that started in the period, from their first share.
    first_start: dict[str, tuple[date, datetime | None]] = {}
    for h in hires:
        p = h["profile_pseudonym"]
        if p not in first_start or h["start_on"] < first_start[p][0]:
            first_start[p] = (h["start_on"], h["first_shared_at"])
    days = [
        float((start - shared.astimezone(UTC).date()).days)
        for start, shared in first_start.values()
        if shared is not None and start >= shared.astimezone(UTC).date()
    ]
    pay = [(h, w) for h in hires if (w := hourly_midpoint(h["pay_min"], h["pay_max"])) is not None]
    floors = [(w, float(h["pay_floor_hourly"])) for h, w in pay if h["pay_floor_hourly"] is not None]
    local: list[tuple[float, float]] = []
    for h, w in pay:
        stats = wages.lookup(h["occupation_code"], h["wage_region"]) if h["occupation_code"] else None
        if stats is not None and stats.median_hourly:
            local.append((w, stats.median_hourly))
    return {
        "hires": count_cell(len(hires)),
        "people_placed": count_cell(len(first_start)),
        "time_to_placement_days": median_cell(days, digits=1),
        "median_hourly_wage": median_cell([w for _, w in pay]),
        "pay_floor": {
            "median_difference": median_cell([w - f for w, f in floors]),
            "at_or_above": rate_cell(sum(1 for w, f in floors if w >= f), len(floors)),
        },
        "local_wage": {
            "median_ratio": median_cell([w / m for w, m in local], digits=3),
            "at_or_above": rate_cell(sum(1 for w, m in local if w >= m), len(local)),
        },
    }


def _retention(hires: list[dict[str, Any]], day_to: date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in RETENTION_DAYS:
        eligible = [h for h in hires if h["start_on"] + timedelta(days=n) <= day_to]
        employed = sum(1 for h in eligible if h[f"employed_{n}_on"] is not None)
        left = sum(1 for h in eligible if h["left_on"] is not None and h["left_on"] < h["start_on"] + timedelta(days=n))
        out[str(n)] = {"eligible": count_cell(len(eligible)), "employed": rate_cell(employed, len(eligible))}
        out[str(n)]["left"] = rate_cell(left, len(eligible))
    return out


def _programs(counts: dict[tuple[str, str], int], cohort: dict[str, int]) -> dict[str, Any]:
    return {
        "enrolled": count_cell(counts.get(("program", "enrolled"), 0)),
        "completed": count_cell(counts.get(("program", "completed"), 0)),
        "credential": count_cell(counts.get(("program", "credential"), 0)),
        "cohort_enrolled": count_cell(cohort["enrolled"]),
        "cohort_completed": rate_cell(cohort["completed"], cohort["enrolled"]),
        "cohort_credential": rate_cell(cohort["credential"], cohort["enrolled"]),
    }


def _wioa(hires: list[dict[str, Any]], day_to: date, cohort: dict[str, int]) -> list[dict[str, Any]]:
    old_enough = [h for h in hires if h["start_on"] + timedelta(days=180) <= day_to]
    kept = [h for h in old_enough if h["employed_180_on"] is not None]
    earnings = [
        w * h["hours_per_week"] * WEEKS_PER_QUARTER
        for h in kept
        if h["hours_per_week"] and (w := hourly_midpoint(h["pay_min"], h["pay_max"])) is not None
    ]
    q2 = rate_cell(len(kept), len(old_enough))
    return [
        {
            "indicator": "employment_q2",
            "name": "Employment rate, 2nd quarter after exit",
            "computable": "proxy",
            "value": q2,
            "how": "Still employed 180 days after the start of a job found through Wayfinder, of hires that "
            "started in the period at least 180 days before its end.",
            "missing": "WIOA counts every participant employed in the 2nd quarter after exit, from state "
            "unemployment-insurance wage records matched by SSN. Wayfinder keeps no exit dates, no SSNs and no "
            "wage records, and counts only jobs it recorded.",
        },
        {
            "indicator": "employment_q4",
            "name": "Employment rate, 4th quarter after exit",
            "computable": "no",
            "value": None,
            "how": "",
            "missing": "Needs employment about a year after exit; Wayfinder's last check is 180 days after a "
            "start, and it keeps no UI wage records, SSNs or exit dates.",
        },
        {
            "indicator": "median_earnings_q2",
            "name": "Median earnings, 2nd quarter after exit",
            "computable": "proxy",
            "value": median_cell(earnings),
            "how": "Median of hourly pay (middle of the published range) times hours per week times 13 weeks, "
            "for hires still employed at 180 days with pay and hours recorded.",
            "missing": "WIOA uses actual quarterly earnings from UI wage records; published pay and hours are "
            "what was offered, not what was paid.",
        },
        {
            "indicator": "credential_attainment",
            "name": "Credential attainment rate",
            "computable": "proxy",
            "value": rate_cell(cohort["credential"], cohort["enrolled"]),
            "how": "Credentials recorded by the period's end, of program enrolments that began in the period.",
            "missing": "WIOA counts credentials within a year after exit for participants in education or "
            "training, with exit dates and (for secondary diplomas) employment or further education; "
            "Wayfinder keeps neither exit dates nor diplomas.",
        },
        {
            "indicator": "measurable_skill_gains",
            "name": "Measurable skill gains",
            "computable": "no",
            "value": None,
            "how": "",
            "missing": "Needs skill test results, transcripts or training milestones; Wayfinder stores none "
            "(program completions are shown under Programs, which is not the same measure).",
        },
        {
            "indicator": "effectiveness_serving_employers",
            "name": "Effectiveness in serving employers (retention with the same employer)",
            "computable": "proxy",
            "value": q2,
            "how": "Retention with the same employer in the 2nd quarter: a hire is one employer's opening, so "
            "this is the 180-day retention above.",
            "missing": "The other two approved measures (repeat business customers, employer penetration rate) "
            "need employer service records and statewide establishment counts that Wayfinder does not keep.",
        },
    ]


def _groups_of(row: dict[str, Any]) -> dict[str, list[str]]:
    """The groups a person is in, per grouping ('' = not recorded). Two languages or two ZIP areas: both."""
    return {
        "language": sorted({c for c in row["languages"] or [] if c}) or [""],
        "region": [(row["region"] or "").upper()],
        "zip3": sorted(set(row["zip3s"] or [])) or [""],
        "education": [row["education_level"] or ""],
        "caseworker": [str(row["created_by"]) if row["created_by"] is not None else ""],
    }


def _retention_rates(hires: list[dict[str, Any]], day_to: date) -> dict[str, list[dict[str, Any]]]:
    """{grouping: [{grp, items, positives, people}]} for the 90-day retention monitor, from the period's hires
    (a few thousand at most, already read for the other sections)."""
    sums: dict[tuple[str, str], list[Any]] = {}
    for h in hires:
        if h["start_on"] + timedelta(days=90) > day_to:
            continue
        for grouping, keys in _groups_of(h).items():
            for key in keys:
                acc = sums.setdefault((grouping, key), [0, 0, set()])
                acc[0] += 1
                acc[1] += h["employed_90_on"] is not None
                acc[2].add(h["profile_pseudonym"])
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (grouping, key), (n, y, who) in sums.items():
        out[grouping].append({"grp": key, "items": n, "positives": y, "people": len(who)})
    return out


def _shown_groups(rows: list[dict[str, Any]], grouping: str, names: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    """Groups large enough to show (MIN_GROUP_PEOPLE people, and a rate not built on a count of 1..4), and how
    many were withheld (their names are not shown either: a rare language could point at a person)."""
    shown: list[dict[str, Any]] = []
    withheld = 0
    for r in sorted(rows, key=lambda r: r["grp"]):
        if r["people"] < MIN_GROUP_PEOPLE or rate_cell(r["positives"], r["items"])["suppressed"]:
            withheld += 1
            continue
        label = names.get(r["grp"], r["grp"]) if grouping == "caseworker" else r["grp"]
        shown.append({**r, "label": label or "not recorded"})
    return shown, withheld


def _monitors(
    rates: dict[str, dict[str, list[dict[str, Any]]]], names: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """{rate: [one result per grouping]}: per group rate and n, Fairlearn's ratio() and difference() between
    the groups shown, and the 0.8 flag.

    One MetricFrame per grouping with every rate as one of its metrics (each with its own sample weights):
    a frame costs about the same with one metric or four, and twenty frames were most of the report's time."""
    out: dict[str, list[dict[str, Any]]] = {rate: [] for rate in rates}
    for grouping, label in GROUPINGS.items():
        shown: dict[str, list[dict[str, Any]]] = {}
        for rate, by_grouping in rates.items():
            shown[rate], withheld = _shown_groups(by_grouping.get(grouping, []), grouping, names)
            result: dict[str, Any] = {
                "grouping": grouping,
                "label": label,
                "groups": [],
                "withheld_groups": withheld,
                "ratio": None,
                "difference": None,
                "flagged": [],
            }
            out[rate].append(result)
        present = [rate for rate in rates if shown[rate]]
        if present:
            _compare(grouping, {rate: (out[rate][-1], shown[rate]) for rate in present})
    return out


def _compare(grouping: str, parts: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    """Fill each rate's result of one grouping from one MetricFrame over the groups shown."""
    import numpy
    from fairlearn.metrics import MetricFrame, selection_rate  # pandas-heavy: imported when a report is made
    from pandas import Series

    # One row per (group, outcome); each rate weights it by its number of items, and a group not shown for a
    # rate weighs 0 there (Fairlearn then gives it no rate for that metric, and leaves it out of ratio and
    # difference). selection_rate with sample weights is the share of items with y = 1 in each group, computed
    # by Fairlearn, not by us.
    counts = {rate: {g["grp"]: g for g in shown} for rate, (_, shown) in parts.items()}
    keys = sorted({k for by_key in counts.values() for k in by_key})
    y: list[int] = []
    groups: list[str] = []
    weights: dict[str, list[int]] = {rate: [] for rate in parts}
    for key in keys:
        for value in (1, 0):
            y.append(value)
            groups.append(key)
            for rate, by_key in counts.items():
                g = by_key.get(key)
                weights[rate].append(0 if g is None else g["positives"] if value else g["items"] - g["positives"])
    with numpy.errstate(invalid="ignore", divide="ignore"):  # 0/0 for a group not shown for a rate: NaN
        frame = MetricFrame(
            metrics=dict.fromkeys(parts, selection_rate),
            y_true=y,
            y_pred=y,
            sensitive_features=Series(groups, name=grouping),
            sample_params={rate: {"sample_weight": w} for rate, w in weights.items()},
        )
        by_group = frame.by_group
        ratios = frame.ratio(method="between_groups")
        differences = frame.difference(method="between_groups")
    for rate, (result, shown) in parts.items():
        rate_of = {g["grp"]: float(by_group.loc[g["grp"], rate]) for g in shown}
        enough = {g["grp"] for g in shown if g["people"] >= FLAG_MIN_PEOPLE}
        best = max((rate_of[k] for k in enough), default=0.0)
        for g in shown:
            share = rate_of[g["grp"]]
            comparable = g["grp"] in enough and best > 0
            flag = comparable and share / best < FLAG_RATIO
            result["groups"].append(
                {
                    "group": g["grp"],
                    "label": g["label"],
                    "rate": round(share, 4),
                    "items": g["items"],
                    "people": g["people"],
                    "ratio_to_best": round(share / best, 4) if comparable else None,
                    "flagged": flag,
                }
            )
            if flag:
                result["flagged"].append(g["label"])
        # Every group at 0%: Fairlearn's ratio is 0/0 (NaN, which JSON cannot carry); nothing to compare.
        ratio = float(ratios[rate])
        result["ratio"] = None if math.isnan(ratio) else round(ratio, 4)
        result["difference"] = round(float(differences[rate]), 4)


def _exposure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, key in (("job", "employers"), ("program", "providers")):
        mine = sorted((r for r in rows if r["kind"] == kind), key=lambda r: (-r["slots"], r["name"]))
        total = sum(r["slots"] for r in mine)
        out[key] = {
            "slots": total,
            "listed": len(mine),
            "top": [
                {"name": r["name"] or "(no name published)", "slots": r["slots"], "share": round(r["slots"] / total, 4)}
                for r in mine[:EXPOSURE_TOP]
            ],
        }
    return out


def results(session: Session, principal: Principal, period: Period, *, output: str = "json") -> dict[str, Any]:
    """The results report of the principal's organization for `period` (admins and caseworkers); audited."""
    principal.require(*READERS)
    conn = session.connection()
    org = principal.org_id
    q = period.query()
    stages, rates = repo.grouped(conn, org_id=org, **q)
    counts = stages | repo.outcome_counts(conn, org_id=org, **q)
    hires = repo.hires(conn, org_id=org, **q)
    cohort = repo.program_cohort(conn, org_id=org, **q)
    names = repo.staff_names(conn, org_id=org)
    rates = {**rates, "retention_90": _retention_rates(hires, period.day_to)}
    monitors = _monitors({unit: rates[unit] for unit in MONITORS}, names)
    fairness = [
        {"rate": unit, "label": label, "how": how, "groupings": monitors[unit]}
        for unit, (label, how) in MONITORS.items()
    ]
    report: dict[str, Any] = {
        "scope": SCOPE_NOTE,
        "period": {"from": period.day_from.isoformat(), "to": period.day_to.isoformat()},
        "min_reported_count": MIN_REPORTED_COUNT,
        "funnel": {
            "jobs": _funnel(counts, "job", JOB_FUNNEL),
            "programs": _funnel(counts, "program", PROGRAM_FUNNEL),
        },
        "placement": _placement(hires, load_wages()),
        "retention": _retention(hires, period.day_to),
        "programs": _programs(counts, cohort),
        "wioa": _wioa(hires, period.day_to, cohort),
        "fairness": {
            "min_group_people": MIN_GROUP_PEOPLE,
            "flag_min_people": FLAG_MIN_PEOPLE,
            "flag_ratio": FLAG_RATIO,
            "caution": FAIRNESS_CAUTION,
            "monitors": fairness,
        },
        "exposure": _exposure(repo.exposure(conn, org_id=org, **q)),
    }
    detail = {"from": period.day_from.isoformat(), "to": period.day_to.isoformat(), "format": output}
    audit.log(session, principal, "report.results", pseudonym=None, purpose="aggregate reporting", detail=detail)
    return report


# --- CSV: one long table -----------------------------------------------------------------------------------

CSV_COLUMNS = ("section", "measure", "group", "value", "count", "suppressed")


def _rate_rows(section: str, measure: str, cell: dict[str, Any] | None, group: str = "") -> list[list[Any]]:
    if cell is None:
        return []
    return [[section, measure, group, cell["value"], cell["denominator"], cell["suppressed"]]]


def csv_rows(report: dict[str, Any]) -> list[list[Any]]:
    """The report as rows of (section, measure, group, value, count, suppressed): a count's value is the
    count; a rate's value is the share and its count the denominator; a median's count is its n."""
    rows: list[list[Any]] = []
    for kind, stages in report["funnel"].items():
        for s in stages:
            rows.append([f"funnel_{kind}", s["stage"], "", s["count"], s["count"], s["suppressed"]])
            rows += _rate_rows(f"funnel_{kind}", f"{s['stage']}_conversion", s["conversion"])
    pl = report["placement"]
    for key in ("hires", "people_placed"):
        rows.append(["placement", key, "", pl[key]["count"], pl[key]["count"], pl[key]["suppressed"]])
    for key in ("time_to_placement_days", "median_hourly_wage"):
        rows.append(["placement", key, "", pl[key]["value"], pl[key]["n"], pl[key]["suppressed"]])
    for part in ("pay_floor", "local_wage"):
        med = pl[part]["median_difference" if part == "pay_floor" else "median_ratio"]
        name = "median_difference" if part == "pay_floor" else "median_ratio"
        rows.append(["placement", f"{part}_{name}", "", med["value"], med["n"], med["suppressed"]])
        rows += _rate_rows("placement", f"{part}_at_or_above", pl[part]["at_or_above"])
    for days, r in report["retention"].items():
        rows.append(
            [
                "retention",
                f"eligible_{days}",
                "",
                r["eligible"]["count"],
                r["eligible"]["count"],
                r["eligible"]["suppressed"],
            ]
        )
        rows += _rate_rows("retention", f"employed_{days}", r["employed"])
        rows += _rate_rows("retention", f"left_before_{days}", r["left"])
    pr = report["programs"]
    for key in ("enrolled", "completed", "credential", "cohort_enrolled"):
        rows.append(["programs", key, "", pr[key]["count"], pr[key]["count"], pr[key]["suppressed"]])
    rows += _rate_rows("programs", "cohort_completed", pr["cohort_completed"])
    rows += _rate_rows("programs", "cohort_credential", pr["cohort_credential"])
    for ind in report["wioa"]:
        v = ind["value"]
        if v is None:
            rows.append(["wioa", ind["indicator"], "not computable", "", "", False])
        elif "denominator" in v:
            rows += _rate_rows("wioa", ind["indicator"], v, "proxy")
        else:
            rows.append(["wioa", ind["indicator"], "proxy", v["value"], v["n"], v["suppressed"]])
    for m in report["fairness"]["monitors"]:
        for g in m["groupings"]:
            section = f"fairness_{m['rate']}_{g['grouping']}"
            for grp in g["groups"]:
                rows.append([section, "rate", grp["label"], grp["rate"], grp["items"], False])
                if grp["flagged"]:
                    rows.append(
                        [section, "flag_below_0.8_of_best", grp["label"], grp["ratio_to_best"], grp["people"], False]
                    )
            if g["withheld_groups"]:
                rows.append([section, "groups_withheld", "", g["withheld_groups"], "", True])
            if g["groups"]:  # ratio empty when every group is at 0% (nothing to compare)
                rows.append([section, "ratio", "", g["ratio"], "", False])
                rows.append([section, "difference", "", g["difference"], "", False])
    for key, ex in report["exposure"].items():
        for item in ex["top"]:
            rows.append([f"exposure_{key}", "share_of_top10_slots", item["name"], item["share"], item["slots"], False])
    return rows


def to_csv(report: dict[str, Any]) -> str:
    """Formula-safe CSV (employer names and staff names are typed by people; the file opens in spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(report):
        writer.writerow([_csv_cell(c) for c in row])
    return out.getvalue()


def _csv_cell(value: object) -> str:
    # Numbers go out as numbers (a negative wage difference must stay a number); only text is guarded.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return spreadsheet_cell(str(value))
