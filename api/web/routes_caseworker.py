"""Caseworker pages: dashboard, intake, ranked matches with explanations, decisions, sharing, audit trail.

Thin: each route reads the form, calls one service of `api/services/` (which checks role and
organization), and renders. Writes answer a plain form POST with a 303 redirect, and an htmx request
with the updated fragment, so every action works without JavaScript too.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import Form, Query, Request
from fastapi.responses import Response

from api.deps import ClockDep, ResourcesDep, SessionDep
from api.services import access, audit, dashboard, follow_ups, matching, outcomes, profiles, review
from api.web import i18n
from api.web.handout import render_handout
from api.web.i18n import N_
from api.web.intake_form import CHOICES, empty_form, form_from_profile
from api.web.intake_page import form_context, posted_intake
from api.web.security import PagePrincipalDep, PostedFormDep
from api.web.shown_once import IssuedResult, SharedItem, forget, hand_over, result_path, take_over
from api.web.templating import is_htmx, page_router, redirect, render
from models.columns import utcnow
from models.enums import (
    ItemKind,
    LeftReason,
    OutcomeStage,
    PostingStatus,
    ReasonCode,
    RecommendationStatus,
    Role,
    SurvivorResponse,
)
from models.errors import ValidationFailed
from models.repositories.dashboard import DEFAULT_DIRECTION, Filter, Sort

router = page_router(prefix="/cw", tags=["pages"])
# Why a match is rejected or withdrawn, as the forms offer it (labels are message ids).
REASON_LABELS = {
    ReasonCode.NOT_A_FIT: N_("not a fit"),
    ReasonCode.SAFETY_CONCERN: N_("safety concern"),
    ReasonCode.PAY_TOO_LOW: N_("pay too low"),
    ReasonCode.SCHEDULE: N_("schedule"),
    ReasonCode.LOCATION: N_("location"),
    ReasonCode.ALREADY_APPLIED: N_("already applied"),
    ReasonCode.NEEDS_TRAINING_FIRST: N_("needs training first"),
    ReasonCode.OTHER: N_("other"),
    ReasonCode.COST_TOO_HIGH: N_("cost too high"),
    ReasonCode.PREREQUISITES_NOT_MET: N_("prerequisites not met"),
    ReasonCode.ALREADY_ENROLLED: N_("already enrolled"),
}
# Each kind of item offers only its own reasons (the service refuses the others too).
REASONS_BY_KIND = {
    kind: [(r.value, REASON_LABELS[r]) for r in reasons] for kind, reasons in review.REASONS_BY_KIND.items()
}
# What a match card needs to name statuses, reasons and the person's answer in the page's language.
CARD_LABELS = {
    "reasons_by_kind": REASONS_BY_KIND,
    "reason_labels": {r.value: label for r, label in REASON_LABELS.items()}
    | {ReasonCode.GOOD_FIT.value: N_("good fit")},
    "status_names": {
        RecommendationStatus.PROPOSED.value: N_("proposed"),
        RecommendationStatus.APPROVED.value: N_("approved"),
        RecommendationStatus.REJECTED.value: N_("rejected"),
        RecommendationStatus.SHARED.value: N_("shared"),
        RecommendationStatus.WITHDRAWN.value: N_("withdrawn"),
        PostingStatus.ACTIVE.value: N_("active"),
        PostingStatus.HELD.value: N_("held"),
        PostingStatus.CLOSED.value: N_("closed"),
        PostingStatus.EXPIRED.value: N_("expired"),
    },
    "answer_labels": {
        SurvivorResponse.INTERESTED.value: N_("interested"),
        SurvivorResponse.NOT_FOR_ME.value: N_("not for me"),
    },
}
# The dashboard's filters and sorts as its form offers them (labels are message ids).
FILTER_LABELS = {
    Filter.NEEDS_REVIEW: N_("Needs review"),
    Filter.SHARED: N_("Shared"),
    Filter.INTERESTED: N_("Answered “Interested”"),
    Filter.FOLLOW_UP_DUE: N_("Follow-up due"),
    Filter.INACTIVE: N_("No activity for 30 days"),
}
SORT_LABELS = {
    Sort.ACTIVITY: N_("Last activity"),
    Sort.CREATED: N_("Created"),
    Sort.LABEL: N_("Label"),
    Sort.REVIEW: N_("Items awaiting review"),
}
FOLLOW_UP_RESULTS = {
    follow_ups.FollowUpResult.REACHED: N_("reached the person"),
    follow_ups.FollowUpResult.APPLIED: N_("the person applied"),
    follow_ups.FollowUpResult.NOT_INTERESTED: N_("no longer interested"),
    follow_ups.FollowUpResult.NO_ANSWER: N_("no answer"),
    follow_ups.FollowUpResult.LEFT_MESSAGE: N_("left a message"),
    follow_ups.FollowUpResult.OTHER: N_("other"),
}
# A retention check after a hire also offers these two (they record the outcome stage too).
HIRE_CHECK_RESULTS = {
    follow_ups.FollowUpResult.STILL_EMPLOYED: N_("still employed"),
    follow_ups.FollowUpResult.LEFT_JOB: N_("left the job"),
}
# Shown on a call the hire closed (never offered in the form).
CLOSED_RESULTS = {follow_ups.FollowUpResult.HIRED: N_("closed by the hire; the checks after the start follow")}
# Outcome stages and reasons for leaving as the profile page names them (message ids).
STAGE_LABELS = {
    OutcomeStage.APPLIED: N_("applied"),
    OutcomeStage.INTERVIEW: N_("interview"),
    OutcomeStage.OFFER: N_("job offer"),
    OutcomeStage.HIRED: N_("hired (start date)"),
    OutcomeStage.EMPLOYED_30: N_("still employed at 30 days"),
    OutcomeStage.EMPLOYED_90: N_("still employed at 90 days"),
    OutcomeStage.EMPLOYED_180: N_("still employed at 180 days"),
    OutcomeStage.LEFT: N_("left the job"),
    OutcomeStage.ENROLLED: N_("enrolled"),
    OutcomeStage.COMPLETED: N_("completed"),
    OutcomeStage.CREDENTIAL: N_("credential earned"),
}
LEFT_REASON_LABELS = {
    LeftReason.LAID_OFF: N_("laid off"),
    LeftReason.QUIT_FOUND_BETTER: N_("left for a better job"),
    LeftReason.QUIT_CONDITIONS: N_("left over pay, hours or treatment"),
    LeftReason.QUIT_PERSONAL: N_("left for personal reasons (health, family, transport)"),
    LeftReason.FIRED: N_("let go by the employer"),
    LeftReason.CONTRACT_ENDED: N_("temporary or seasonal job ended"),
    LeftReason.UNSAFE: N_("the workplace was not safe"),
    LeftReason.OTHER: N_("other"),
}
# The outcome form's fields in page order, for the error summary (labels are message ids).
OUTCOME_FIELDS = {
    "stage": N_("What happened"),
    "occurred_on": N_("Date"),
    "pay_min": N_("Lowest hourly pay"),
    "pay_max": N_("Highest hourly pay"),
    "hours_per_week": N_("Hours a week"),
    "reason_code": N_("Why the person left"),
}


def _person_language(code: str) -> str | None:
    """A shipped language the caseworker picked for the person's page (none: their browser decides)."""
    lang = i18n.language(code)
    return lang.code if lang else None


def _dashboard_request(
    q: str, filters: list[str], sort: str, direction: str, page: int, ipage: int
) -> dashboard.Request:
    """The query string as the dashboard's state; values it does not know fall back to the defaults, so an
    old or hand-edited bookmark still opens the page."""
    chosen = Sort(sort) if sort in Sort.__members__.values() else Sort.ACTIVITY
    direction = direction if direction in ("asc", "desc") else DEFAULT_DIRECTION[chosen]
    return dashboard.Request(
        q=q,
        filters=frozenset(Filter(f) for f in filters if f in Filter.__members__.values()),
        sort=chosen,
        descending=direction == "desc",
        page=page,
        queue_page=ipage,
    )


def _state_query(state: dashboard.Request, **changes: object) -> str:
    """The URL query for `state` with `changes` (e.g. page=3): every link keeps the search, filters and sort."""
    params: list[tuple[str, object]] = []
    if state.q:
        params.append(("q", state.q))
    params.extend(("filter", f.value) for f in sorted(state.filters))
    params.append(("sort", state.sort.value))
    params.append(("dir", "desc" if state.descending else "asc"))
    values = {"page": state.page, "ipage": state.queue_page} | changes
    params.extend((k, v) for k, v in values.items() if v != 1)
    return "?" + urlencode(params)


def _page_numbers(page: int, pages: int) -> list[int | None]:
    """Page links to show: first, last and two either side of the current one; None marks a gap."""
    keep = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    shown: list[int | None] = []
    for n in keep:
        if shown and isinstance(shown[-1], int) and n - shown[-1] > 1:
            shown.append(None)
        shown.append(n)
    return shown


@router.get("")
def home(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
    q: Annotated[str, Query(max_length=dashboard.MAX_SEARCH)] = "",
    filter: Annotated[list[str], Query()] = [],  # noqa: B006 - the query's own name; FastAPI copies it
    sort: str = Sort.ACTIVITY.value,
    dir: str = "",
    page: int = 1,
    ipage: int = 1,
) -> Response:
    """Search, filters, sort and pages, all in the query string; the queue of "Interested" answers beside."""
    state = _dashboard_request(q, filter, sort, dir, page, ipage)
    result = dashboard.caseworker_dashboard(session, principal, resources.privacy, state, clock=clock)
    context = {
        "result": result,
        "state": state,
        "filter_labels": FILTER_LABELS,
        "sort_labels": SORT_LABELS,
        "state_query": lambda **changes: _state_query(state, **changes),
        "page_numbers": _page_numbers(result.page, result.pages),
        "answer_kinds": {"job": N_("job"), "program": N_("training program")},
    }
    return render(request, "cw/dashboard.html", context, principal=principal)


@router.get("/profiles/{pseudonym}/label")
def label_form(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    context = {"profile": profile, "value": profile.label or "", "refused": None}
    return render(request, "cw/label.html", context, principal=principal)


@router.post("/profiles/{pseudonym}/label")
def save_label(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Save the label, or show the form again with what the scrubber found in it (nothing is changed)."""
    try:
        dashboard.set_label(session, principal, pseudonym, label, resources.privacy)
    except dashboard.LabelRefused as refused:
        profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
        context = {"profile": profile, "value": label, "refused": refused}
        return render(request, "cw/label.html", context, principal=principal, status_code=400)
    return redirect(request, f"/cw/profiles/{pseudonym}?saved=label")


@router.post("/follow-ups/{follow_up_id}/record")
def record_follow_up(
    request: Request,
    follow_up_id: int,
    principal: PagePrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    pseudonym: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
    result: Annotated[follow_ups.FollowUpResult, Form()],
    left_reason: Annotated[LeftReason | None, Form()] = None,
) -> Response:
    """Record a follow-up's result; a check after a hire may say "still employed" or "left the job" (with why),
    which records that outcome stage as well."""
    follow_ups.record(session, principal, follow_up_id, result, left_reason=left_reason, clock=clock)
    return redirect(request, f"/cw/profiles/{pseudonym}?saved=follow_up#follow-ups")


@router.post("/follow-ups/{follow_up_id}/reschedule")
def reschedule_follow_up(
    request: Request,
    follow_up_id: int,
    principal: PagePrincipalDep,
    session: SessionDep,
    clock: ClockDep,
    pseudonym: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
    due_on: Annotated[date, Form()],
) -> Response:
    follow_ups.reschedule(session, principal, follow_up_id, due_on, clock=clock)
    return redirect(request, f"/cw/profiles/{pseudonym}?saved=follow_up#follow-ups")


@router.get("/profiles/new")
def new_profile(request: Request, principal: PagePrincipalDep) -> Response:
    principal.require(Role.CASEWORKER)  # no service call to do it: the empty form reads nothing
    return render(request, "cw/intake.html", form_context(empty_form()), principal=principal)


@router.post("/profiles")
def create_profile(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    form: PostedFormDep,
) -> Response:
    """Create the profile, or show the form again: a row added or removed, each field's problem beside it,
    or what the scrubber would remove, to confirm (api/web/intake_page.py)."""
    principal.require(Role.CASEWORKER)
    step = posted_intake(form, resources.privacy)
    if step.profile is None:
        return render(request, "cw/intake.html", step.context, principal=principal, status_code=step.status_code)
    profile = profiles.create_profile(session, principal, step.profile, resources.privacy)
    matching.embed_profile(session, resources, profile)  # its first ranking then needs no model call
    return redirect(request, f"/cw/profiles/{profile.pseudonym}?saved=created")


# What the profile page confirms after a redirect: the intake, the label, a follow-up, an outcome stage.
SavedWhat = Literal["created", "updated", "label", "follow_up", "outcome", ""]


def _profile_page(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
    kind: ItemKind,
    bulk: list[review.BulkResult] | None = None,
    bulk_action: str | None = None,
    saved: SavedWhat = "",
    outcome_form: "OutcomeForm | None" = None,
    status_code: int = 200,
) -> Response:
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    rows, _ = review.list_recommendations(
        session, principal, pseudonym, resources.privacy, statuses=None, limit=200, offset=0
    )
    codes = access.list_codes(session, principal, pseudonym)
    # Jobs and programs are reviewed on separate tabs; each tab names how many it holds and how many wait.
    by_kind = {k.value: [r for r in rows if r["item_kind"] == k.value] for k in ItemKind}
    counts = {
        k: {"all": len(items), "proposed": sum(r["status"] == "proposed" for r in items)}
        for k, items in by_kind.items()
    }
    context = {
        "profile": profile,
        "kind": kind.value,
        "recommendations": by_kind[kind.value],
        "counts": counts,
        "codes": codes,
        "languages": i18n.SHIPPED,
        "bulk": bulk,
        "bulk_action": bulk_action,
        "follow_ups": follow_ups.for_profile(session, principal, pseudonym, clock=clock),
        "follow_up_results": FOLLOW_UP_RESULTS,
        "hire_check_results": HIRE_CHECK_RESULTS,
        "closed_results": CLOSED_RESULTS,
        # Each shared item's outcome timeline and the form to record its next stage.
        "shared_items": [r for r in rows if r["status"] == RecommendationStatus.SHARED.value],
        "outcomes_by_item": outcomes.for_profile(session, principal, pseudonym),
        "stages_by_kind": outcomes.STAGES_BY_KIND,
        "stage_labels": STAGE_LABELS,
        "left_reason_labels": LEFT_REASON_LABELS,
        "outcome_form": outcome_form,
        "today": clock.now().date(),
        **CARD_LABELS,
        # The intake's confirmation ("Profile saved"), and whether there is anything to match on yet.
        "saved": saved,
        "can_match": profiles.has_something_to_match(profile),
        "choices": CHOICES,
    }
    return render(request, "cw/profile.html", context, principal=principal, status_code=status_code)


@router.get("/profiles/{pseudonym}")
def profile_page(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
    kind: ItemKind = ItemKind.JOB,
    saved: SavedWhat = "",
) -> Response:
    return _profile_page(request, pseudonym, principal, session, resources, clock, kind, saved=saved)


@router.get("/profiles/{pseudonym}/edit")
def edit_profile(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """The intake form filled from the stored profile; the only page that shows its safety exclusions."""
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    context = {**form_context(form_from_profile(profile)), "pseudonym": pseudonym}
    return render(request, "cw/edit_intake.html", context, principal=principal)


@router.post("/profiles/{pseudonym}/edit")
def save_profile(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    form: PostedFormDep,
) -> Response:
    """Replace the intake and re-embed it, or show the form again (as for a new intake)."""
    profiles.load_for_caseworker(session, principal, pseudonym)  # another org's profile: 404, not a form
    step = posted_intake(form, resources.privacy)
    if step.profile is None:
        context = {**step.context, "pseudonym": pseudonym}
        return render(request, "cw/edit_intake.html", context, principal=principal, status_code=step.status_code)
    profile = profiles.replace_profile(session, principal, pseudonym, step.profile, resources.privacy)
    matching.embed_profile(session, resources, profile)
    return redirect(request, f"/cw/profiles/{pseudonym}?saved=updated")


@router.post("/profiles/{pseudonym}/matches")
def find_matches(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    kind: Annotated[ItemKind, Form()] = ItemKind.JOB,
) -> Response:
    """Rank items; new ones are stored as proposed and appear in the profile's review list."""
    review.run_matching(session, resources, principal, pseudonym, kind=kind, top_k=20)
    return redirect(request, f"/cw/profiles/{pseudonym}?kind={kind.value}#review")


@router.post("/profiles/{pseudonym}/recommendations/{recommendation_id}/decision")
def decide(
    request: Request,
    pseudonym: str,
    recommendation_id: int,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    action: Annotated[Literal["approve", "reject", "withdraw", "repropose"], Form()],
    reason_code: Annotated[ReasonCode | None, Form()] = None,
    note: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    """One card's decision. Approve and reject share one form, so the reason picked for a rejection is
    dropped when the caseworker presses Approve instead (an approval's reason is always "good fit")."""
    row = review.decide(
        session,
        principal,
        recommendation_id,
        review.Decision(
            action,
            reason_code if action in ("reject", "withdraw") else None,
            note.strip() if note and note.strip() else None,
        ),
        resources.privacy,
    )
    if is_htmx(request):
        context = {"rec": row, "profile_pseudonym": pseudonym, "announce": action, **CARD_LABELS}
        return render(request, "cw/_recommendation.html", context, principal=principal)
    return redirect(request, f"/cw/profiles/{pseudonym}?kind={row['item_kind']}#rec-{recommendation_id}")


@router.post("/profiles/{pseudonym}/decisions")
def decide_selected(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
    bulk_action: Annotated[Literal["approve", "reject"], Form()],
    kind: Annotated[ItemKind, Form()] = ItemKind.JOB,
    ids: Annotated[list[int] | None, Form()] = None,
    bulk_reason: Annotated[ReasonCode | None, Form()] = None,
) -> Response:
    """Approve or reject the selected cards, each through the same checks, gate and audit as one decision.

    Answers with the profile page itself, its review tab showing each card's result (an htmx request swaps
    just that tab in), so a refused card is named with its reason next to the ones that went through."""
    decision = review.Decision(bulk_action, bulk_reason if bulk_action == "reject" else None)
    results = review.decide_many(session, principal, pseudonym, ids or [], decision, resources.privacy)
    return _profile_page(request, pseudonym, principal, session, resources, clock, kind, results, bulk_action)


@router.post("/profiles/{pseudonym}/share")
def share(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    issue_code: Annotated[str | None, Form()] = None,
    days: Annotated[int, Form(ge=1, le=access.MAX_DAYS)] = 14,
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Share every approved item; with `issue_code`, also a new access code, shown once on the result page."""
    shared = review.share_approved(session, principal, pseudonym, resources.privacy)
    lang = _person_language(language)
    row, code = (
        access.issue_code(session, principal, pseudonym, days=days, language=lang)
        if issue_code == "yes"
        else (None, None)
    )
    items = [SharedItem(title=rec["title"] or "", organization=rec["organization"] or "") for rec in shared]
    result = IssuedResult(principal.user_id, pseudonym, items, code, row.expires_at if row else None, lang)
    return hand_over(request, session, resources, redirect(request, result_path(pseudonym)), result)


@router.post("/profiles/{pseudonym}/access-codes")
def new_code(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    days: Annotated[int, Form(ge=1, le=access.MAX_DAYS)] = 14,
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    lang = _person_language(language)
    row, code = access.issue_code(session, principal, pseudonym, days=days, language=lang)
    result = IssuedResult(principal.user_id, pseudonym, None, code, row.expires_at, lang)
    return hand_over(request, session, resources, redirect(request, result_path(pseudonym)), result)


@router.get("/profiles/{pseudonym}/shared")
def shared_result(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """The share's result and any new code, once; a reload says it was shown and issues nothing."""
    profiles.load_for_caseworker(session, principal, pseudonym)  # another org's profile: 404 as everywhere
    result = take_over(request, session, resources, user_id=principal.user_id, pseudonym=pseudonym)
    handout = None
    if result is not None and result.code:
        lang = i18n.choose(result.language)
        handout = render_handout(request, result.code, result.code_expires_at, lang)
    context = {"pseudonym": pseudonym, "result": result, "handout": handout}
    return forget(render(request, "cw/shared.html", context, principal=principal), pseudonym)


@router.post("/access-codes/{code_id}/revoke")
def revoke_code(
    request: Request,
    code_id: int,
    principal: PagePrincipalDep,
    session: SessionDep,
    pseudonym: Annotated[str, Form(pattern=r"^[0-9a-f]{32}$")],
) -> Response:
    access.revoke_code(session, principal, code_id)
    return redirect(request, f"/cw/profiles/{pseudonym}#codes")


AUDIT_PAGE_SIZE = 50
# The role an event was made in, as the trail names it (message ids).
AUDIT_ROLE_NAMES = {
    Role.ADMIN.value: N_("admin"),
    Role.CASEWORKER.value: N_("caseworker"),
    audit.ACCESS_CODE_ROLE: N_("the person"),
}
AuditParam = Annotated[str, Query(max_length=60)]
AuditDate = Annotated[str, Query(max_length=10)]


@router.get("/profiles/{pseudonym}/audit")
def audit_trail(
    request: Request,
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    action: AuditParam = "",
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    """The profile's trail, newest first, filtered by action and dates; the filters live in the URL."""
    typed = {"action": action, "from": date_from, "to": date_to}
    try:
        query = audit.TrailQuery.parse(action, date_from, date_to)
    except ValidationFailed as exc:
        # The filter form again with the problem beside it; the trail's view is logged unfiltered.
        trail = audit.profile_trail(session, principal, pseudonym, limit=AUDIT_PAGE_SIZE, offset=0)
        context = {"pseudonym": pseudonym, "trail": trail, "typed": typed, "filter_error": exc.message}
        context["role_names"] = AUDIT_ROLE_NAMES
        context |= {"offset": 0, "page_size": AUDIT_PAGE_SIZE, "params": {}}
        return render(request, "cw/audit.html", context, principal=principal, status_code=exc.status_code)
    trail = audit.profile_trail(session, principal, pseudonym, limit=AUDIT_PAGE_SIZE, offset=offset, query=query)
    context = {"pseudonym": pseudonym, "trail": trail, "typed": typed, "filter_error": ""}
    context["role_names"] = AUDIT_ROLE_NAMES
    context |= {"offset": offset, "page_size": AUDIT_PAGE_SIZE, "params": query.params()}
    return render(request, "cw/audit.html", context, principal=principal)


@router.get("/profiles/{pseudonym}/audit.csv")
def audit_export(
    pseudonym: str,
    principal: PagePrincipalDep,
    session: SessionDep,
    action: AuditParam = "",
    date_from: Annotated[str, Query(alias="from", max_length=10)] = "",
    date_to: Annotated[str, Query(alias="to", max_length=10)] = "",
) -> Response:
    """The filtered trail as a CSV download (the export is audited too)."""
    query = audit.TrailQuery.parse(action, date_from, date_to)
    body = audit.export_trail(session, principal, pseudonym, query)
    filename = f"audit-{pseudonym[:8]}-{utcnow():%Y%m%d}.csv"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@dataclass
class OutcomeForm:
    """The outcome form of one item as posted, with each field's problem (shown again after a refusal)."""

    recommendation_id: int
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def error_summary(self) -> list[tuple[str, str]]:
        return [(name, self.errors[name]) for name in OUTCOME_FIELDS if name in self.errors]


def _posted_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@router.post("/profiles/{pseudonym}/recommendations/{recommendation_id}/outcomes")
def record_outcome(
    request: Request,
    pseudonym: str,
    recommendation_id: int,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    clock: ClockDep,
    stage: Annotated[str, Form(max_length=20)] = "",
    occurred_on: Annotated[str, Form(max_length=10)] = "",
    pay_min: Annotated[str, Form(max_length=12)] = "",
    pay_max: Annotated[str, Form(max_length=12)] = "",
    hours_per_week: Annotated[str, Form(max_length=4)] = "",
    reason_code: Annotated[str, Form(max_length=30)] = "",
) -> Response:
    """Record (or correct) one stage of a shared item; a refusal shows the profile page again with the typed
    values and the problem beside its field."""
    typed = {
        "stage": stage,
        "occurred_on": occurred_on,
        "pay_min": pay_min,
        "pay_max": pay_max,
        "hours_per_week": hours_per_week,
        "reason_code": reason_code,
    }
    form = OutcomeForm(recommendation_id, typed)
    day = _posted_date(occurred_on)
    if not stage:
        form.errors["stage"] = N_("Choose what happened.")
    if day is None:
        form.errors["occurred_on"] = N_("Enter the date it happened, e.g. 2026-03-31.")
    hours = int(hours_per_week) if hours_per_week.strip().isdigit() else None
    if hours_per_week.strip() and hours is None:
        form.errors["hours_per_week"] = N_("Hours a week must be a whole number from 1 to 100.")
    if not form.errors and day is not None:
        try:
            outcomes.record_stage(
                session,
                principal,
                recommendation_id,
                stage,
                day,
                pay_min=pay_min.strip() or None,
                pay_max=pay_max.strip() or None,
                hours_per_week=hours,
                reason_code=reason_code or None,
                clock=clock,
            )
        except outcomes.OutcomeRefused as refused:
            form.errors[refused.field] = refused.message
        else:
            return redirect(request, f"/cw/profiles/{pseudonym}?saved=outcome#outcomes-{recommendation_id}")
    return _profile_page(
        request,
        pseudonym,
        principal,
        session,
        resources,
        clock,
        ItemKind.JOB,
        outcome_form=form,
        status_code=422,
    )


@router.post("/profiles/{pseudonym}/recommendations/{recommendation_id}/outcomes/{stage}/remove")
def remove_outcome(
    request: Request,
    pseudonym: str,
    recommendation_id: int,
    stage: OutcomeStage,
    principal: PagePrincipalDep,
    session: SessionDep,
) -> Response:
    """Remove a stage recorded in error (audited)."""
    outcomes.remove_stage(session, principal, recommendation_id, stage)
    return redirect(request, f"/cw/profiles/{pseudonym}?saved=outcome#outcomes-{recommendation_id}")
