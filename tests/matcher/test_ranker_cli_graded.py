"""`wayfinder ranker retrain` reads graded labels from the database and says how many of each it trained on."""

from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.services import review
from matcher.encoder import Encoder
from models.db import session_scope
from models.enums import ReasonCode
from models.privacy.tools import PrivacyTools
from models.repositories import recommendations as rec_repo
from models.settings import Settings
from tests.catalog_factories import add_job
from tests.factories import make_outcome, make_profile, make_recommendation, make_user, principal_for


def test_ranker_retrain_counts_each_grade_from_the_database(
    committing_engine: Engine,
    settings: Settings,
    encoder: Encoder,
    privacy: PrivacyTools,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with session_scope(committing_engine) as s:
        user = make_user(s)
        who = principal_for(user)
        profile = make_profile(s, org_id=user.org_id)
        recs = [
            make_recommendation(s, profile=profile, actor=user, job_posting_id=add_job(s, encoder).id) for _ in range(5)
        ]
        plans: list[tuple[str, ...]] = [
            ("reject",),
            ("approve",),
            ("approve", "share"),
            ("approve", "share"),
            ("approve", "share"),
        ]
        for rec, actions in zip(recs, plans, strict=True):
            for action in actions:
                reason = ReasonCode.NOT_A_FIT if action == "reject" else None
                review.decide(s, who, rec.id or 0, review.Decision(action, reason), privacy)  # type: ignore[arg-type]
        rec_repo.add_decision(
            s.connection(),
            recommendation_id=recs[2].id or 0,
            from_status="shared",
            to_status="interested",
            actor_id=None,
        )
        rec_repo.set_response(s.connection(), recommendation_id=recs[2].id or 0, response="interested")
        make_outcome(s, recommendation=recs[3], stage="interview")
        make_outcome(s, recommendation=recs[4], stage="hired")
    monkeypatch.setattr("models.db.make_engine", lambda _settings: committing_engine)
    monkeypatch.setattr("models.migrate.upgrade", lambda _engine: None)
    monkeypatch.setattr("api.cli_ranker.get_settings", lambda: settings.model_copy(update={"rankers_dir": tmp_path}))

    result = CliRunner().invoke(cli_app, ["ranker", "retrain"])

    assert result.exit_code == 0, result.output
    assert "5 decisions (1 hired, 1 applied, 1 interested, 1 approved, 1 rejected); 5 usable decisions; need 50" in (
        " ".join(result.output.split())
    )
