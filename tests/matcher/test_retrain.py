"""Retraining from decisions stored in the database: promote only on held-out improvement."""

import random
from pathlib import Path

from sqlmodel import Session

from matcher.features import FEATURE_NAMES
from matcher.model_store import current_model
from matcher.retrain import retrain
from models.organization import Organization
from models.profile import SurvivorProfile
from models.recommendation import Recommendation, ReviewDecision
from models.repositories.decisions import latest_verdicts
from tests.catalog_factories import add_job
from tests.factories import make_user


def _store_decisions(session: Session, encoder, n_profiles: int, signal: bool) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(1)
    org = Organization(name="Agency", kind="agency")
    session.add(org)
    session.flush()
    jobs = [add_job(session, encoder, title=f"Job {i}") for i in range(4)]
    caseworker = make_user(session, org=org, role="caseworker")
    for _ in range(n_profiles):
        profile = SurvivorProfile(org_id=org.id)
        session.add(profile)
        session.flush()
        for rank, job in enumerate(jobs, start=1):
            feats = {name: rng.gauss(0, 1) for name in FEATURE_NAMES}
            # Caseworkers here approve items whose skill coverage is high (when there is a signal).
            approved = feats["skill_coverage"] > 0 if signal else rng.random() < 0.5
            rec = Recommendation(
                profile_pseudonym=profile.pseudonym,
                org_id=org.id,
                item_kind="job",
                job_posting_id=job.id,
                rank=rank,
                score=0.0,
                features=feats,
                model_version="default",
                status="proposed",
                status_by=caseworker.id,
            )
            session.add(rec)
            session.flush()
            # Through the gate as the workflow does it: log each decision, then change the status.
            # A first rejection is changed on second thought: only the latest verdict counts.
            steps = [("proposed", "rejected"), ("rejected", "proposed")]
            steps.append(("proposed", "approved" if approved else "rejected"))
            for before, after in steps:
                reason = None if after != "rejected" else "not_a_fit"
                session.add(
                    ReviewDecision(
                        recommendation_id=rec.id,
                        from_status=before,
                        to_status=after,
                        actor_user_id=caseworker.id,
                        reason_code=reason,
                    )
                )
                session.flush()
                rec.status, rec.status_by = after, caseworker.id
                session.add(rec)
                session.flush()
    session.flush()


def test_latest_verdict_per_item_is_the_label(session: Session, encoder) -> None:  # type: ignore[no-untyped-def]
    _store_decisions(session, encoder, n_profiles=3, signal=True)
    verdicts = latest_verdicts(session.connection())
    assert len(verdicts) == 12
    assert all((feats["skill_coverage"] > 0) == approved for _, feats, approved, _ in verdicts)


def test_a_learnable_signal_is_promoted_and_versioned(session: Session, encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert "skill_coverage" in FEATURE_NAMES
    _store_decisions(session, encoder, n_profiles=60, signal=True)
    report = retrain(latest_verdicts(session.connection()), tmp_path)
    assert report.promoted, report.reason
    assert (tmp_path / "CURRENT").read_text() == report.candidate_version
    assert current_model(tmp_path).version == report.candidate_version
    assert report.candidate["auc"] > 0.9


def test_too_few_decisions_keep_the_default(session: Session, encoder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store_decisions(session, encoder, n_profiles=5, signal=True)
    report = retrain(latest_verdicts(session.connection()), tmp_path)
    assert not report.promoted and "need 50" in report.reason
    assert not (tmp_path / "CURRENT").exists()
