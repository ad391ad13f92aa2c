"""Dedupe keeps the live copy: among copies of one opening, a live one is ranked (issue 14)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from etl.enrich import Enricher
from etl.load import run_import
from matcher.encoder import Encoder
from models.job_posting import JobPostingIn
from models.repositories import catalog, owned_catalog, screening
from models.repositories.candidates import load_candidates
from tests.factories import job_in


def _import(engine: Engine, tmp_path: Path, source: str, job: JobPostingIn, encoder: Encoder) -> None:
    src = tmp_path / "input.json"
    src.write_text("[]")
    run_import(
        engine,
        kind="jobs",
        path=src,
        fmt="test",
        source=source,
        parsed=iter([job]),
        enricher=Enricher(model_name="m"),
        encoder=encoder,
        reports_dir=tmp_path / "reports",
    )


def _ranked_sources(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        candidates, _ = load_candidates(conn, "job")
        ids = [c.item_id for c in candidates]
        rows = conn.execute(text("SELECT source FROM job_posting WHERE id = ANY(:ids)"), {"ids": ids}).scalars()
        return sorted(rows)


def test_when_the_first_copy_expires_the_second_source_copy_is_ranked(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    soon = datetime.now(UTC) + timedelta(days=30)
    first = job_in(source="feed-a", source_id="1", valid_through=soon)
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    second = first.model_copy(update={"source": "feed-b", "source_id": "zz"})
    _import(committing_engine, tmp_path, "feed-b", second, encoder)
    assert _ranked_sources(committing_engine) == ["feed-a"]  # one opening, ranked once

    with committing_engine.begin() as conn:
        conn.execute(text("UPDATE job_posting SET valid_through = now() - interval '1 day' WHERE source = 'feed-a'"))
        assert catalog.expire_past(conn) == 1
    assert _ranked_sources(committing_engine) == ["feed-b"]
    with committing_engine.connect() as conn:
        dup = conn.execute(
            text("SELECT p.source, d.source FROM job_posting p JOIN job_posting d ON p.duplicate_of_id = d.id")
        ).one()
    assert tuple(dup) == ("feed-a", "feed-b")


def test_an_import_after_the_first_copy_died_marks_the_live_copy_canonical(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    first = job_in(source="feed-a", source_id="1", valid_through=datetime.now(UTC) - timedelta(days=1))
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    second = first.model_copy(update={"source": "feed-b", "source_id": "zz", "valid_through": None})
    _import(committing_engine, tmp_path, "feed-b", second, encoder)
    assert _ranked_sources(committing_engine) == ["feed-b"]


def test_closing_the_canonical_copy_hands_over_and_reopening_takes_it_back(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    first = job_in(source="employer:acme", source_id="1")
    _import(committing_engine, tmp_path, "employer:acme", first, encoder)
    _import(committing_engine, tmp_path, "feed-b", first.model_copy(update={"source": "feed-b"}), encoder)
    with committing_engine.begin() as conn:
        first_id = conn.execute(text("SELECT id FROM job_posting WHERE source = 'employer:acme'")).scalar_one()
        assert owned_catalog.close_posting(conn, posting_id=first_id, source="employer:acme")
    assert _ranked_sources(committing_engine) == ["feed-b"]
    with committing_engine.begin() as conn:
        assert owned_catalog.reopen_posting(conn, posting_id=first_id, source="employer:acme")
    assert _ranked_sources(committing_engine) == ["employer:acme"]


def test_a_canonical_copy_that_died_by_the_clock_does_not_hide_the_live_copy_before_the_next_expiry(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    first = job_in(source="feed-a", source_id="1", valid_through=datetime.now(UTC) + timedelta(days=30))
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    _import(committing_engine, tmp_path, "feed-b", first.model_copy(update={"source": "feed-b"}), encoder)
    with committing_engine.begin() as conn:  # the date passes; no import or expiry has run since
        conn.execute(text("UPDATE job_posting SET valid_through = now() - interval '1 hour' WHERE source = 'feed-a'"))
    assert _ranked_sources(committing_engine) == ["feed-b"]


def test_staff_rejecting_the_canonical_copy_hands_over_to_the_live_copy(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    first = job_in(source="feed-a", source_id="1")
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    _import(committing_engine, tmp_path, "feed-b", first.model_copy(update={"source": "feed-b"}), encoder)
    with committing_engine.begin() as conn:
        first_id = conn.execute(text("SELECT id FROM job_posting WHERE source = 'feed-a'")).scalar_one()
        assert screening.set_status(conn, first_id, from_status="active", to_status="rejected")
        dup_of = conn.execute(
            text(
                "SELECT p.source, d.source FROM job_posting p LEFT JOIN job_posting d ON p.duplicate_of_id = d.id "
                "ORDER BY p.source"
            )
        ).all()
    assert [tuple(r) for r in dup_of] == [("feed-a", "feed-b"), ("feed-b", None)]
    assert _ranked_sources(committing_engine) == ["feed-b"]


def test_an_import_re_marks_only_the_openings_it_touches(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    """Duplicate marking after an import looks at the openings of the changed rows, not the whole catalog:
    a pointer in an opening the file never mentions is left as it is (issue 14, import speed)."""
    other = job_in(source="feed-a", source_id="o1", title="Night Baker")
    _import(committing_engine, tmp_path, "feed-a", other, encoder)
    copy = other.model_copy(update={"source": "feed-b", "source_id": "o2"})
    _import(committing_engine, tmp_path, "feed-b", copy, encoder)
    with committing_engine.begin() as conn:  # stand-in for work a full pass would redo: clear the pointer
        conn.execute(text("UPDATE job_posting SET duplicate_of_id = NULL WHERE source = 'feed-b'"))

    first = job_in(source="feed-a", source_id="1", title="Line Cook")
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    _import(
        committing_engine, tmp_path, "feed-b", first.model_copy(update={"source": "feed-b", "source_id": "2"}), encoder
    )
    with committing_engine.connect() as conn:
        pointers = dict(
            conn.execute(
                text(
                    "SELECT p.source_id, d.source_id FROM job_posting p "
                    "LEFT JOIN job_posting d ON p.duplicate_of_id = d.id"
                )
            ).all()
        )
    assert pointers == {"o1": None, "o2": None, "1": None, "2": "1"}


def test_a_posting_moved_to_another_opening_hands_its_old_one_to_the_remaining_copy(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    """An update that changes a canonical copy's title leaves its old opening: the other copy stops pointing
    at it (the old opening is re-marked too, not only the new one)."""
    first = job_in(source="feed-a", source_id="1", title="Line Cook")
    _import(committing_engine, tmp_path, "feed-a", first, encoder)
    _import(
        committing_engine, tmp_path, "feed-b", first.model_copy(update={"source": "feed-b", "source_id": "2"}), encoder
    )
    _import(committing_engine, tmp_path, "feed-a", first.model_copy(update={"title": "Head Chef"}), encoder)
    with committing_engine.connect() as conn:
        pointers = dict(conn.execute(text("SELECT source_id, duplicate_of_id FROM job_posting")).all())
    assert pointers == {"1": None, "2": None}
