"""Conformance corpus: how much of each real public file arrives, beside issue 14's goal.

Usage: PYTHONPATH=. .venv/bin/python bench/conformance.py

Imports every file under tests/fixtures/conformance/ into a throwaway embedded database exactly as
`wayfinder import` does (format detected from the file, source = file name, no embedding), then prints per
file: records in, imported, refused, the fields expected.json asserts and how many of them arrived right; and
the overall share of importable records (a title or name, an organization and a way to identify them) that
imported, beside the goal of 95%. The numbers are the tests' assertions (tests/etl/test_conformance_*.py).
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import temporary_database  # noqa: E402

from models.errors import WayfinderError  # noqa: E402
from tests.etl.conformance_corpus import (  # noqa: E402
    FOLDERS,
    GOAL,
    check_file,
    enricher,
    fields_asserted,
    import_file,
    load_expected,
)


def main() -> int:
    expected = load_expected()
    importable = imported_importable = 0
    all_problems: list[str] = []
    header = f"{'folder/file':<72} {'in':>3} {'imported':>8} {'refused':>7} {'fields':>6} {'right':>5}"
    print(header)
    print("-" * len(header))
    with temporary_database("wf-bench-conformance-") as (_, engine), tempfile.TemporaryDirectory() as reports:
        for folder in FOLDERS:
            for name, spec in expected[folder].items():
                asserted = fields_asserted(folder, name)
                importable += spec["importable"]
                try:
                    result = import_file(engine, folder, name, Path(reports), enricher())
                except WayfinderError as exc:  # the whole file refused: every record in it is lost
                    all_problems.append(f"{folder}/{name}: file refused: {exc.message}")
                    print(f"{folder + '/' + name:<72} {spec['records_in']:>3} {0:>8} {'file':>7} {asserted:>6} {0:>5}")
                    continue
                problems = check_file(result)
                wrong = len([p for p in problems if not p.startswith(("read ", "detected "))])
                stored_importable = len([k for k in spec["rows"] if k in result.rows])
                imported_importable += stored_importable
                all_problems += [f"{folder}/{name}: {p}" for p in problems]
                print(
                    f"{folder + '/' + name:<72} {result.summary.read:>3} {result.imported:>8} "
                    f"{result.summary.errors:>7} {asserted:>6} {asserted - wrong:>5}"
                )
    share = imported_importable / importable if importable else 1.0
    print()
    print(
        f"importable records imported: {imported_importable}/{importable} = {share:.0%} "
        f"(goal >= {GOAL:.0%}: {'met' if share >= GOAL else 'NOT met'})"
    )
    if all_problems:
        print("\nfields or counts not as expected:")
        for problem in all_problems:
            print(f"  {problem}")
    return 0 if share >= GOAL and not all_problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
