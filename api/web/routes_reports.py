"""The results report page for an agency's admins and caseworkers (issue 19), and its CSV download.

Thin: the period comes from the query string, api.services.results_report computes (and audits) the report,
and the template draws it, each chart followed by its table. The JSON form is GET /reports/results.json.
"""

from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.responses import Response

from api.deps import ClockDep, SessionDep
from api.services import results_report
from api.services.results_report_charts import funnel_chart, retention_chart
from api.web.intake_form import EDUCATION_LABELS, LANGUAGE_LABELS
from api.web.results_messages import LABELS
from api.web.security import PagePrincipalDep
from api.web.templating import page_router, render
from models.errors import ValidationFailed

router = page_router(prefix="/reports", tags=["pages"])


def page_context(report: dict[str, Any], *, query: str) -> dict[str, Any]:
    """What the template needs besides the page frame (bench/report.py renders the same)."""
    return {
        "typed": {"from": report["period"]["from"], "to": report["period"]["to"]},
        "filter_error": "",
        "report": report,
        "labels": LABELS,
        "scope_note": results_report.SCOPE_NOTE,
        "funnel_chart": funnel_chart(report["funnel"]["jobs"]),
        "retention_chart": retention_chart(report["retention"]),
        "query": query,
        # Group keys are stored codes ("es", "high_school"); the page names them in words (the CSV keeps codes).
        "group_names": {"language": LANGUAGE_LABELS, "education": EDUCATION_LABELS},
    }


@router.get("/results")
def results_page(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    """The report for the chosen period (default: the 365 days ending today); a bad date is shown beside the form."""
    typed = {"from": date_from, "to": date_to}
    try:
        period = results_report.Period.parse(date_from, date_to, clock=clock)
    except ValidationFailed as exc:
        principal.require(*results_report.READERS)
        refused: dict[str, Any] = {"typed": typed, "filter_error": exc.message, "report": None, "labels": LABELS}
        refused["scope_note"] = results_report.SCOPE_NOTE
        return render(request, "reports/results.html", refused, principal=principal, status_code=exc.status_code)
    report = results_report.results(session, principal, period, output="page")
    context = page_context(report, query=f"from={report['period']['from']}&to={report['period']['to']}")
    return render(request, "reports/results.html", context, principal=principal)


@router.get("/results.csv")
def results_csv(
    principal: PagePrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    """One long table (section, measure, group, value, count, suppressed); the download is audited."""
    period = results_report.Period.parse(date_from, date_to, clock=clock)
    body = results_report.to_csv(results_report.results(session, principal, period, output="csv"))
    filename = f"results-{period.day_from:%Y%m%d}-{period.day_to:%Y%m%d}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
