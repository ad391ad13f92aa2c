"""One posted intake (new or edited): a row added or removed, errors, the scrubber's preview, or a save.

Nothing is saved while the scrubber would remove something the caseworker has not seen: the form comes
back with every removal highlighted and a "Save with these removed" button that carries a fingerprint of
exactly those removals. A confirmation counts only if the text still gives the same removals; text
changed after the preview is previewed again.
"""

from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData

from api.schemas.profiles import ProfileIn
from api.services.free_text import Removal, planned_removals, removals_digest
from api.web.intake_form import CHOICES, IntakeForm, field_label, read_values, row_action, validate
from models.privacy.tools import PrivacyTools


@dataclass
class IntakeStep:
    """Either a profile to save (`profile`), or the form to show again (`context`, `status_code`)."""

    profile: ProfileIn | None = None
    context: dict[str, Any] = field(default_factory=dict)
    status_code: int = 200


def form_context(form: IntakeForm, removals: list[Removal] | None = None, digest: str = "") -> dict[str, Any]:
    """What the intake templates need: the form, the choices, and any removals awaiting confirmation."""
    removals = removals or []
    return {
        "form": form,
        "choices": CHOICES,
        "removals": removals,
        "removals_by_field": {r.field: r for r in removals},
        "removals_digest": digest,
        "removal_labels": {r.field: field_label(r.field) for r in removals},
    }


def posted_intake(form: FormData, privacy: PrivacyTools) -> IntakeStep:
    values, body = read_values(form)
    if row_action(form, values):
        return IntakeStep(context=form_context(IntakeForm(values=values)))
    intake = validate(values, body)
    if intake.profile is None:
        return IntakeStep(context=form_context(intake), status_code=400)
    removals = planned_removals(intake.profile, privacy.scrubber)
    digest = removals_digest(removals)
    if removals and form.get("confirm_removals") != digest:
        return IntakeStep(context=form_context(intake, removals, digest))
    return IntakeStep(profile=intake.profile)
