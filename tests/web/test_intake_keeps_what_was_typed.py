"""Issue 15, the intake without a browser: nothing the scrubber would remove is saved unseen, taxonomy terms
are kept, errors are plain and linked from a summary, a blank intake and an empty profile's "Find matches"
are refused with a plain message, and the new fields (languages, travel, fixed hours, education, any number
of past jobs) are stored and shown."""

import re
from html import unescape

import pytest
from fastapi import FastAPI
from sqlmodel import Session, select
from starlette.datastructures import FormData

from api.services.free_text import clean_tags
from api.web.intake_form import form_from_profile, parse_intake
from models.enums import Role
from models.organization import User
from models.privacy.tools import PrivacyTools
from models.profile import ProfileRecord, SurvivorProfile
from models.repositories import profiles as profile_repo
from tests.api.clients import signed_in
from tests.factories import make_profile, make_user, profile_fields
from tests.privacy import seeded
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DIGEST = re.compile(r'name="confirm_removals" value="([0-9a-f]{32})"')


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session, role=Role.CASEWORKER)


def profiles_of(session: Session, caseworker: User) -> list[SurvivorProfile]:
    session.expire_all()
    return list(session.exec(select(SurvivorProfile).where(SurvivorProfile.org_id == caseworker.org_id)).all())


def record(session: Session, privacy: PrivacyTools, row: SurvivorProfile) -> ProfileRecord:
    return profile_repo.record(session, row, cipher=privacy.cipher)


def test_a_removal_is_previewed_and_nothing_saved_until_confirmed(
    app: FastAPI, session: Session, privacy: PrivacyTools, caseworker: User
) -> None:
    client = page_client(app, caseworker)
    form = {
        "csrf_token": csrf(client),
        "skills": "kitchen sanitation, forklift",
        "work_title_0": "Cook",
        "work_activities_0": f"Prepped vegetables. Call {seeded.PHONE} for shifts.",
    }
    preview = client.post("/cw/profiles", data=form)
    assert preview.status_code == 200
    assert profiles_of(session, caseworker) == []  # nothing saved yet
    html = unescape(preview.text)
    assert f"<mark>{seeded.PHONE}</mark>" in html
    assert "becomes [PHONE]" in html
    assert 'id="work_activities_0-removal"' in html and 'aria-describedby="work_activities_0-removal"' in html
    assert "kitchen sanitation" not in re.sub(r'value="[^"]*"', "", html.split('id="skills"')[0])  # not flagged
    assert f"Call {seeded.PHONE} for shifts." in html  # the field still holds what was typed

    digest = DIGEST.search(preview.text)
    assert digest is not None
    # Text changed after the preview: its new removals have not been seen, so it is previewed again.
    changed = {**form, "work_activities_0": f"Prepped vegetables. Write {seeded.EMAIL}.", "confirm_removals": digest[1]}
    again = client.post("/cw/profiles", data=changed)
    assert again.status_code == 200 and f"<mark>{seeded.EMAIL}</mark>" in unescape(again.text)
    assert profiles_of(session, caseworker) == []

    saved = client.post("/cw/profiles", data={**form, "confirm_removals": digest[1]})
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=created")
    (row,) = profiles_of(session, caseworker)
    stored = record(session, privacy, row)
    assert stored.skills == ["kitchen sanitation", "forklift"]
    assert stored.work_history == [{"title": "Cook", "activities": "Prepped vegetables. Call [PHONE] for shifts."}]
    page = client.get(saved.headers["location"])
    assert '<p class="notice" role="status" id="saved-status">Profile created and saved.</p>' in page.text


def test_an_intake_with_nothing_to_remove_saves_at_once(app: FastAPI, session: Session, caseworker: User) -> None:
    client = page_client(app, caseworker)
    response = client.post("/cw/profiles", data={"csrf_token": csrf(client), "skills": "kitchen sanitation"})
    assert response.status_code == 303
    assert profiles_of(session, caseworker)[0].skills == ["kitchen sanitation"]


def test_a_skill_saved_as_a_placeholder_is_not_offered_back_on_the_edit_form(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    row = make_profile(session, org_id=caseworker.org_id, skills=["[NAME]", "forklift"], interests=["[NAME]"])
    html = page_client(app, caseworker).get(f"/cw/profiles/{row.pseudonym}/edit").text
    assert 'id="skills" name="skills" type="text" value="forklift"' in html
    assert 'id="interests" name="interests" type="text" value=""' in html
    assert "An earlier save replaced 2 skill, interest or job title with a placeholder" in html


def test_a_blank_intake_is_refused_with_a_plain_message_linked_from_the_summary(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    client = page_client(app, caseworker)
    response = client.post("/cw/profiles", data={"csrf_token": csrf(client), "region": "WA", "goals": "work"})
    assert response.status_code == 400
    assert profiles_of(session, caseworker) == []
    message = "Add at least one skill, past job or interest: with none, there is nothing to match the person on."
    assert f'<li><a href="#skills">{message}</a></li>' in response.text
    assert f'<small class="field-error" id="skills-error">{message}</small>' in response.text
    assert 'role="alert" tabindex="-1" autofocus' in response.text


def test_the_api_refuses_a_blank_profile_and_matching_an_empty_one(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    client = signed_in(app, caseworker)
    blank = client.post("/profiles", json={"region": "WA"})
    assert blank.status_code == 422
    assert blank.json()["error"] == (
        "Add at least one skill, past job or interest: with none, there is nothing to match the person on."
    )
    empty = make_profile(session, org_id=caseworker.org_id, skills=[], interests=[], work_history=[])
    matches = client.post(f"/profiles/{empty.pseudonym}/matches", json={"kind": "job"})
    assert matches.status_code == 422
    assert matches.json()["error"].startswith("This profile has no skills, past jobs or interests yet")


def test_find_matches_on_an_empty_profile_explains_instead_of_ranking(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    empty = make_profile(session, org_id=caseworker.org_id, skills=["[NAME]"], interests=[], work_history=[])
    client = page_client(app, caseworker)
    page = client.get(f"/cw/profiles/{empty.pseudonym}")
    assert 'id="nothing-to-match"' in page.text and 'id="find-matches"' not in page.text
    refused = client.post(f"/cw/profiles/{empty.pseudonym}/matches", data={"csrf_token": csrf(client), "kind": "job"})
    assert refused.status_code == 422
    assert "nothing to match on" in refused.text


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"region": "Washington"}, "region", "Enter the state as two letters, for example WA."),
        (
            {"max_hours_per_week": "150"},
            "max_hours_per_week",
            "Enter the most hours a week as a number from 0 to 100, for example 30.",
        ),
        (
            {"pay_floor_hourly": "lots"},
            "pay_floor_hourly",
            "Enter the lowest hourly pay as a number from 0 to 500, for example 17.50.",
        ),
        (
            {"case_number": "#12"},
            "case_number",
            "Enter the case number with letters, digits and . _ / # - only, starting with a letter or digit, "
            "up to 40 characters.",
        ),
        (
            {"fixed_day_0": "mon", "fixed_start_0": "3pm", "fixed_end_0": "18:00"},
            "fixed_start_0",
            "Enter the start time as hours and minutes, for example 15:00.",
        ),
        (
            {"fixed_day_0": "mon", "fixed_start_0": "18:00", "fixed_end_0": "15:00"},
            "fixed_end_0",
            "Enter an end time after the start time, for example 18:00.",
        ),
        ({"travel_limit": "30"}, "travel_limit_unit", "Say whether the travel limit is in minutes or miles."),
        ({"language_level_0": "fluent"}, "language_code_0", "Choose a language from the list, once each."),
    ],
)
def test_errors_are_plain_words_on_the_field_they_belong_to(typed: dict[str, str], field: str, message: str) -> None:
    form = parse_intake(FormData({"skills": "forklift", **typed}))
    assert form.profile is None
    assert form.errors == {field: message}
    assert "should" not in message and "pattern" not in message


def test_a_later_row_error_points_at_the_row_typed_not_the_row_sent() -> None:
    form = parse_intake(
        FormData({"skills": "forklift", "work_title_3": "x" * 201, "work_activities_1": "stocked shelves"})
    )
    assert form.errors == {"work_title_3": "Keep the job title to 200 characters or fewer."}


def test_rows_are_added_and_removed_without_saving(app: FastAPI, session: Session, caseworker: User) -> None:
    client = page_client(app, caseworker)
    rows = {f"work_title_{i}": f"job {i}" for i in range(4)}
    typed = {"education_subject_0": "welding", "language_code_0": "ht", "fixed_start_0": "15:00"}
    added = client.post("/cw/profiles", data={"csrf_token": csrf(client), **rows, **typed, "add_row": "work"})
    assert added.status_code == 200 and 'id="work_title_4"' in added.text and 'value="job 3"' in added.text
    # Every other row keeps what was typed across the re-shown form.
    assert 'name="education_subject_0" type="text" value="welding"' in added.text
    assert (
        '<option value="ht" selected>' in added.text
        and 'name="fixed_start_0" type="text" inputmode="numeric" value="15:00"' in added.text
    )
    removed = client.post("/cw/profiles", data={"csrf_token": csrf(client), **rows, "remove_row": "work_1"})
    assert (
        'value="job 1"' not in removed.text
        and 'id="work_title_2" name="work_title_2" type="text" value="job 3"' in removed.text
    )
    assert profiles_of(session, caseworker) == []


def test_new_fields_are_stored_and_shown_and_past_jobs_have_no_cap_of_three(
    app: FastAPI, session: Session, privacy: PrivacyTools, caseworker: User
) -> None:
    client = page_client(app, caseworker)
    jobs = {f"work_title_{i}": t for i, t in enumerate(["cook", "dishwasher", "housekeeper", "cashier", "stocker"])}
    form = {
        "csrf_token": csrf(client),
        **jobs,
        "education_kind_0": "language_class",
        "education_subject_0": "English",
        "education_status_0": "in_progress",
        "education_kind_1": "certificate",
        "education_subject_1": "food handler",
        "education_status_1": "completed",
        "language_code_0": "es",
        "language_level_0": "fluent",
        "language_code_1": "en",
        "language_level_1": "basic",
        "transport": ["transit", "foot"],
        "travel_limit": "45",
        "travel_limit_unit": "minutes",
        "fixed_day_0": "mon",
        "fixed_start_0": "15:00",
        "fixed_end_0": "18:00",
    }
    response = client.post("/cw/profiles", data=form)
    assert response.status_code == 303, response.text
    stored = record(session, privacy, profiles_of(session, caseworker)[0])
    assert [w["title"] for w in stored.work_history] == ["cook", "dishwasher", "housekeeper", "cashier", "stocker"]
    assert stored.education == [
        {"kind": "language_class", "subject": "English", "status": "in_progress"},
        {"kind": "certificate", "subject": "food handler", "status": "completed"},
    ]
    assert stored.languages == [{"code": "es", "level": "fluent"}, {"code": "en", "level": "basic"}]
    assert (stored.transport, stored.travel_limit, stored.travel_limit_unit) == (["transit", "foot"], 45.0, "minutes")
    assert stored.fixed_hours == [{"day": "mon", "start": "15:00", "end": "18:00"}]
    page = client.get(response.headers["location"]).text
    assert '<dd id="profile-languages">Spanish: fluent; English: basic</dd>' in page
    assert "language class: English (in progress); certificate: food handler (completed)" in page
    assert "public transit, on foot; at most 45 minutes" in page
    assert '<dd id="profile-fixed-hours">Mon 15:00\u201318:00</dd>' in page
    # And the edit form is filled from them.
    edit = form_from_profile(stored)
    assert edit.values["language"] == [{"code": "es", "level": "fluent"}, {"code": "en", "level": "basic"}]
    assert len(edit.values["work"]) == 5


def test_the_api_takes_and_returns_the_new_fields(app: FastAPI, caseworker: User) -> None:
    client = signed_in(app, caseworker)
    body = profile_fields(
        languages=[{"code": "en", "level": "conversational"}],
        fixed_hours=[{"day": "fri", "start": "07:30", "end": "09:00"}],
        education=[{"kind": "course", "subject": "forklift safety", "status": "completed"}],
        transport=["bike"],
        travel_limit=5,
        travel_limit_unit="miles",
        work_history=[{"title": f"job {i}", "activities": ""} for i in range(30)],
    )
    created = client.post("/profiles", json=body)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["languages"] == [{"code": "en", "level": "conversational"}]
    assert out["fixed_hours"] == [{"day": "fri", "start": "07:30", "end": "09:00"}]
    assert (out["transport"], out["travel_limit"], out["travel_limit_unit"]) == (["bike"], 5.0, "miles")
    assert len(out["work_history"]) == 30
    assert (
        client.post("/profiles", json=profile_fields(languages=[{"code": "xx", "level": "fluent"}])).status_code == 422
    )


def test_clean_tags_keep_taxonomy_terms_typed_on_the_intake(privacy: PrivacyTools) -> None:
    assert clean_tags(["Judicial Law Clerks", "Disc Jockeys, Except Radio"], privacy.scrubber) == [
        "Judicial Law Clerks",
        "Disc Jockeys, Except Radio",
    ]
