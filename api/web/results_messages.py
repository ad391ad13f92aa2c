"""The results page's words (issue 19), marked for the message catalog.

The report's own sentences (WIOA notes, the fairness caution, the monitors' names) are written in
api.services.results_report, which the JSON API and the CSV give in English; they are marked here so the page
can show them translated. tests/web/test_results_report_page.py checks the two lists stay the same.
"""

from api.web.i18n import N_

# Names of stages, measures and chart bars, by the key the report uses.
LABELS: dict[str, str] = {
    "proposed": N_("Proposed"),
    "approved": N_("Approved"),
    "shared": N_("Shared"),
    "interested": N_("Interested"),
    "applied": N_("Applied"),
    "hired": N_("Hired"),
    "enrolled": N_("Enrolled"),
    "completed": N_("Completed"),
    "credential": N_("Credential earned"),
    "employed_90": N_("Still employed at 90 days"),
    "left_90": N_("Left before 90 days"),
    "employed_180": N_("Still employed at 180 days"),
    "left_180": N_("Left before 180 days"),
    "proxy": N_("proxy"),
    "no": N_("cannot be computed"),
}

# The service's sentences, as they are written there.
REPORT_TEXTS: tuple[str, ...] = (
    N_(
        "One agency: your organization. Row-level security shows no other, so a network-wide view (several "
        "agencies, or the agency grouping of the fairness monitors) is not built yet."
    ),
    N_(
        "These are monitors, not proof of bias. Groups are small, a person can belong to several groups (two "
        "languages, several ZIP areas), and differences can come from what people want, where they live or "
        "which openings exist, not from how they were treated. Wayfinder stores no sensitive traits (race, "
        "sex, age, immigration status) on purpose, so it cannot compare those groups at all. A flag is a "
        "reason to look closer at the cases, with the people who know them."
    ),
    N_("Approval rate"),
    N_("approved of the items reviewed (approved or rejected) in the period"),
    N_("Interest rate"),
    N_("answered “interested” in the period, of the items shared in the period"),
    N_("Hire rate"),
    N_("hired (start date by the period's end) of the jobs shared in the period"),
    N_("90-day retention"),
    N_("still employed 90 days after the start, of hires that started in the period at least 90 days before its end"),
    N_("Language spoken"),
    N_("Region (state)"),
    N_("3-digit ZIP area"),
    N_("Education level"),
    N_("Caseworker (who made the intake)"),
    N_("Employment rate, 2nd quarter after exit"),
    N_(
        "Still employed 180 days after the start of a job found through Wayfinder, of hires that started in "
        "the period at least 180 days before its end."
    ),
    N_(
        "WIOA counts every participant employed in the 2nd quarter after exit, from state unemployment-"
        "insurance wage records matched by SSN. Wayfinder keeps no exit dates, no SSNs and no wage records, "
        "and counts only jobs it recorded."
    ),
    N_("Employment rate, 4th quarter after exit"),
    N_(
        "Needs employment about a year after exit; Wayfinder's last check is 180 days after a start, and it "
        "keeps no UI wage records, SSNs or exit dates."
    ),
    N_("Median earnings, 2nd quarter after exit"),
    N_(
        "Median of hourly pay (middle of the published range) times hours per week times 13 weeks, for hires "
        "still employed at 180 days with pay and hours recorded."
    ),
    N_(
        "WIOA uses actual quarterly earnings from UI wage records; published pay and hours are what was "
        "offered, not what was paid."
    ),
    N_("Credential attainment rate"),
    N_("Credentials recorded by the period's end, of program enrolments that began in the period."),
    N_(
        "WIOA counts credentials within a year after exit for participants in education or training, with "
        "exit dates and (for secondary diplomas) employment or further education; Wayfinder keeps neither "
        "exit dates nor diplomas."
    ),
    N_("Measurable skill gains"),
    N_(
        "Needs skill test results, transcripts or training milestones; Wayfinder stores none (program "
        "completions are shown under Programs, which is not the same measure)."
    ),
    N_("Effectiveness in serving employers (retention with the same employer)"),
    N_(
        "Retention with the same employer in the 2nd quarter: a hire is one employer's opening, so this is "
        "the 180-day retention above."
    ),
    N_(
        "The other two approved measures (repeat business customers, employer penetration rate) need employer"
        " service records and statewide establishment counts that Wayfinder does not keep."
    ),
)
