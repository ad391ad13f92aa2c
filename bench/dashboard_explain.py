"""EXPLAIN ANALYZE of every statement one dashboard view runs, for each scenario of bench/dashboard.py.

Usage: .venv/bin/python bench/dashboard_explain.py [--profiles 5000] [--plans] [SCENARIO WORDS ...]

Seeds the same database as bench/dashboard.py, then runs each scenario once as a request does (app role,
row-level security, one organization bound), catching every statement and its parameters, and runs each
read again under EXPLAIN ANALYZE (in the same transaction, rolled back after). Prints each statement's
execution time; `--plans` prints the whole plans. Writes (the audit INSERT) are listed, not explained.
"""

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dashboard as bench
from common import temporary_database

from api.services import dashboard
from api.services.principal import Principal
from models.enums import Role
from models.privacy.crypto import FieldCipher, Keyring, new_key_entry
from models.privacy.tools import PrivacyTools
from models.repositories import tenancy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=5000)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("words", nargs="*", help="only scenarios whose name contains one of these")
    args = parser.parse_args()
    cipher = FieldCipher(Keyring.parse(new_key_entry("bench")))
    tools = PrivacyTools(scrubber=None, cipher=cipher)  # type: ignore[arg-type] - the dashboard scrubs nothing
    with temporary_database("wayfinder-bench-dashboard-explain-") as (_, engine):
        with engine.begin() as conn:
            orgs, user_id = bench.seed(conn, args.profiles)
        bench.add_case_numbers(engine, cipher, orgs[0])
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        who = Principal(user_id=user_id, org_id=orgs[0], role=Role.CASEWORKER)
        for name, request in bench.SCENARIOS.items():
            if args.words and not any(w in name for w in args.words):
                continue
            with Session(engine) as session:
                tenancy.enter_app_role(session)
                tenancy.bind_org(session, who.org_id)
                conn = session.connection()
                caught: list[tuple[str, Any]] = []

                def catch(
                    _c: Any, _cur: Any, statement: str, params: Any, *_rest: Any, into: list[tuple[str, Any]] = caught
                ) -> None:
                    into.append((statement, params))

                event.listen(conn, "before_cursor_execute", catch)
                start = time.perf_counter()
                dashboard.caseworker_dashboard(session, who, tools, request)
                elapsed = (time.perf_counter() - start) * 1000
                event.remove(conn, "before_cursor_execute", catch)
                print(f"\n## {name}: {elapsed:.1f} ms, {len(caught)} statements")
                for statement, params in caught:
                    head = " ".join(statement.split())[:110]
                    if not statement.lstrip().upper().startswith("SELECT") or "set_config" in statement:
                        print(f"   (not explained) {head}")
                        continue
                    plan = conn.exec_driver_sql("EXPLAIN ANALYZE " + statement, params).scalars().all()
                    took = next((line for line in plan if line.startswith("Execution Time")), "")
                    print(f"   {took:<26} {head}")
                    if args.plans:
                        print("\n".join("      " + line for line in plan))
                session.rollback()


if __name__ == "__main__":
    main()
