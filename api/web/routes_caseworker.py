"""Caseworker pages: dashboard, intake, ranked matches with explanations, decisions, sharing, audit trail.

Thin: each route reads the form, calls one service of `api/services/` (which checks role and
organization), and renders. Writes answer a plain form POST with a 303 redirect, and an htmx request
with the updated fragment, so every action works without JavaScript too.
"""

from typing import Annotated, Literal

from fastapi import Form, Request
from fastapi.responses import Response

from api.deps import ResourcesDep, SessionDep
from api.services import access, audit, dashboard, matching, profiles, review
from api.web import i18n
from api.web.handout import render_handout
from api.web.i18n import N_
from api.web.intake_form import CHOICES, empty_form, form_from_profile, parse_intake
from api.web.security import PagePrincipalDep, PostedFormDep
from api.web.shown_once import IssuedResult, SharedItem, forget, hand_over, result_path, take_over
from api.web.templating import is_htmx, page_router, redirect, render
from models.enums import ItemKind, PostingStatus, ReasonCode, RecommendationStatus, Role, SurvivorResponse

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
}
REASONS = [(r.value, REASON_LABELS[r]) for r in ReasonCode if r is not ReasonCode.GOOD_FIT]
# What a match card needs to name statuses, reasons and the person's answer in the page's language.
CARD_LABELS = {
    "reasons": REASONS,
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
PAGE_SIZE = 50


def _person_language(code: str) -> str | None:
    """A shipped language the caseworker picked for the person's page (none: their browser decides)."""
    lang = i18n.language(code)
    return lang.code if lang else None


@router.get("")
def home(
    request: Request, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep, offset: int = 0
) -> Response:
    rows, total = dashboard.caseworker_dashboard(
        session, principal, resources.privacy, limit=PAGE_SIZE, offset=max(offset, 0)
    )
    context = {"rows": rows, "total": total, "offset": offset, "page_size": PAGE_SIZE}
    return render(request, "cw/dashboard.html", context, principal=principal)


@router.get("/profiles/new")
def new_profile(request: Request, principal: PagePrincipalDep) -> Response:
    principal.require(Role.CASEWORKER)  # no service call to do it: the empty form reads nothing
    return render(request, "cw/intake.html", {"form": empty_form(), "choices": CHOICES}, principal=principal)


@router.post("/profiles")
def create_profile(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    resources: ResourcesDep,
    form: PostedFormDep,
) -> Response:
    """Create the profile, or show the form again with each field's problem beside it."""
    intake = parse_intake(form)
    if intake.profile is None:
        context = {"form": intake, "choices": CHOICES}
        return render(request, "cw/intake.html", context, principal=principal, status_code=400)
    profile = profiles.create_profile(session, principal, intake.profile, resources.privacy)
    matching.embed_profile(session, resources, profile)  # its first ranking then needs no model call
    return redirect(request, f"/cw/profiles/{profile.pseudonym}")


@router.get("/profiles/{pseudonym}")
def profile_page(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    rows, _ = review.list_recommendations(
        session, principal, pseudonym, resources.privacy, statuses=None, limit=200, offset=0
    )
    codes = access.list_codes(session, principal, pseudonym)
    context = {
        "profile": profile,
        "recommendations": rows,
        "codes": codes,
        "languages": i18n.SHIPPED,
        **CARD_LABELS,
    }
    return render(request, "cw/profile.html", context, principal=principal)


@router.get("/profiles/{pseudonym}/edit")
def edit_profile(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, resources: ResourcesDep
) -> Response:
    """The intake form filled from the stored profile; the only page that shows its safety exclusions."""
    profile = profiles.get_profile(session, principal, pseudonym, resources.privacy)
    context = {"form": form_from_profile(profile), "choices": CHOICES, "pseudonym": pseudonym}
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
    """Replace the intake and re-embed it, or show the form again with each field's problem beside it."""
    intake = parse_intake(form)
    if intake.profile is None:
        profiles.load_for_caseworker(session, principal, pseudonym)  # another org's profile: 404, not a form
        context = {"form": intake, "choices": CHOICES, "pseudonym": pseudonym}
        return render(request, "cw/edit_intake.html", context, principal=principal, status_code=400)
    profile = profiles.replace_profile(session, principal, pseudonym, intake.profile, resources.privacy)
    matching.embed_profile(session, resources, profile)
    return redirect(request, f"/cw/profiles/{pseudonym}")


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
    return redirect(request, f"/cw/profiles/{pseudonym}#review")


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
    row = review.decide(
        session,
        principal,
        recommendation_id,
        review.Decision(action, reason_code, note.strip() if note and note.strip() else None),
        resources.privacy,
    )
    if is_htmx(request):
        context = {"rec": row, "profile_pseudonym": pseudonym, **CARD_LABELS}
        return render(request, "cw/_recommendation.html", context, principal=principal)
    return redirect(request, f"/cw/profiles/{pseudonym}#rec-{recommendation_id}")


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


@router.get("/profiles/{pseudonym}/audit")
def audit_trail(
    request: Request, pseudonym: str, principal: PagePrincipalDep, session: SessionDep, offset: int = 0
) -> Response:
    rows, total = audit.profile_trail(session, principal, pseudonym, limit=200, offset=max(offset, 0))
    context = {"pseudonym": pseudonym, "events": rows, "total": total, "offset": offset}
    return render(request, "cw/audit.html", context, principal=principal)
