"""Retention purge (`wayfinder purge`) at a small agency network's scale.

Usage: .venv/bin/python bench/purge.py [--profiles 20000]

Fills a fresh embedded database with 5 agencies, `--profiles` profiles (one in ten idle for 400 days,
past the default 365-day retention), 10 audit events each (all older than the cutoff, so they do not
count as activity), and consents for 80% of the profiles (half lapsed 100 days ago, past the 30-day
consent retention), then times a dry run and the real purge, and checks that both count the same.
"""

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import Connection, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import temporary_database

from api.services.retention import purge_expired
from models.columns import utcnow


def seed(conn: Connection, profiles: int) -> None:
    run = conn.execute
    run(
        text(
            "INSERT INTO organization (name, kind, created_at) "
            "SELECT 'Agency '||i, 'agency', now() FROM generate_series(1,5) i"
        )
    )
    orgs = list(run(text("SELECT id FROM organization ORDER BY id")).scalars())
    run(
        text(
            "INSERT INTO survivor_profile (pseudonym, org_id, work_history, remote_ok, created_at, updated_at, "
            "last_activity_at) SELECT md5(i::text)::varchar(32), (:orgs)[1 + i % 5], '[]', true, now(), now(), "
            "CASE WHEN i % 10 = 0 THEN now() - interval '400 days' ELSE now() - interval '10 days' END "
            "FROM generate_series(1, :n) i"
        ),
        {"orgs": orgs, "n": profiles},
    )
    run(
        text(
            "INSERT INTO audit_event (at, actor_role, org_id, pseudonym, action, purpose, detail) "
            "SELECT now() - interval '500 days', 'caseworker', p.org_id, p.pseudonym, 'profile.view', 'bench', '{}' "
            "FROM survivor_profile p, generate_series(1, 10)"
        )
    )
    run(
        text(
            "INSERT INTO consent (profile_pseudonym, org_id, recipient, purpose, scope, granted_at, expires_at) "
            "SELECT pseudonym, org_id, 'harbor clinic', 'referral', 'skills_summary', now() - interval '200 days', "
            "CASE WHEN left(pseudonym, 1) < '8' THEN now() - interval '100 days' ELSE now() + interval '100 days' END "
            "FROM survivor_profile WHERE right(pseudonym, 1) IN ('1','2','3','4','5','6','7','8','9','a','b','c','d')"
        )
    )
    run(text("ANALYZE"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", type=int, default=20_000)
    args = parser.parse_args()
    with temporary_database("wf-bench-purge-") as (settings, engine):
        with engine.begin() as conn:
            seed(conn, args.profiles)
        now = utcnow()
        counts = {}
        for dry_run in (True, False):
            with Session(engine) as session:
                t0 = time.perf_counter()
                report = purge_expired(session, now, settings, dry_run=dry_run)
                session.commit()
                elapsed = time.perf_counter() - t0
            counts[dry_run] = (report.profiles_erased, report.consents_deleted)
            print(
                f"{'dry run' if dry_run else 'purge  '}: {report.profiles_erased:,} profiles erased, "
                f"{report.consents_deleted:,} lapsed consents deleted, in {elapsed:.2f} s"
            )
        print(f"dry run counts what the purge removes: {counts[True] == counts[False]}")


if __name__ == "__main__":
    main()
