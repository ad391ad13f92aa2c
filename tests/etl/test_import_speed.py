"""Issue 14 speed work: the faster staging rows and JSON decoding give exactly what the plain code gave.

Each cut in the per-record path is checked against the code it replaced (kept here as the reference), on the
conformance corpus and on generated input; none of them may change a stored value or an error message."""

import gc
import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from psycopg.types.json import Jsonb
from sqlmodel import SQLModel

from etl.components import default_enricher
from etl.errors import RecordError
from etl.normalize.pipeline import parse_jobs, parse_programs
from etl.sources.base import _decode, loads_bounded
from etl.staging import JOB_SPEC, PROGRAM_SPEC, to_row
from models.enums import PayUnit
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.repositories.bulk_upsert import UpsertSpec
from tests.etl.test_parallel import CORPUS, FILES
from tests.factories import job_in


def reference_row(spec: UpsertSpec, record: SQLModel, derived: dict[str, Any]) -> tuple[Any, ...]:
    """etl.staging.to_row as it was before the speed work: column by column, a type test per column."""
    values = record.__dict__
    out = []
    for name, pg_type in spec.columns:
        v = derived[name] if name in derived else values[name]
        if pg_type == "jsonb":
            v = Jsonb(v)
        elif isinstance(v, Enum):
            v = v.value
        out.append(v)
    return tuple(out)


def plain(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Jsonb wrappers compare by identity: compare what they wrap, marked so a bare value never equals one."""
    return tuple(("jsonb", v.obj) if isinstance(v, Jsonb) else v for v in row)


@pytest.mark.parametrize(("kind", "name", "fmt"), FILES, ids=[f for _, f, _ in FILES])
def test_staging_rows_of_corpus_files_equal_the_column_by_column_rows(kind: str, name: str, fmt: str) -> None:
    enricher = default_enricher("m")
    path = CORPUS / name
    parsed = parse_jobs(path, fmt, "s") if kind == "jobs" else parse_programs(path, fmt, "s")
    records = [r for r in parsed if not isinstance(r, RecordError)]
    assert records
    for record in records:
        if isinstance(record, JobPostingIn):
            spec, derived = JOB_SPEC, enricher.job(record)
        else:
            assert isinstance(record, ProgramIn)
            spec, derived = PROGRAM_SPEC, enricher.program(record)
        row = to_row(spec, record, derived)
        assert plain(row) == plain(reference_row(spec, record, derived))
        names = [n for n, _ in spec.columns]
        assert row[names.index("content_hash")] == derived["content_hash"]
        assert row[names.index("source_id")] == record.source_id
        screening = row[names.index("screening")]
        assert isinstance(screening, Jsonb) and screening.obj == derived["screening"]


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(st.characters(categories=("L", "N", "Zs", "P")), min_size=1, max_size=40).filter(str.strip),
    unit=st.sampled_from([None, *PayUnit]),
    skills=st.lists(st.sampled_from(["s1", "s2", "s3"]), max_size=3),
    hits=st.lists(st.fixed_dictionaries({"rule_id": st.sampled_from(["a.b", "c.d"]), "start": st.integers(0, 9)})),
    override_title=st.none() | st.just("Derived title"),
)
def test_to_row_equals_the_column_by_column_row_for_any_record(
    title: str, unit: PayUnit | None, skills: list[str], hits: list[dict[str, Any]], override_title: str | None
) -> None:
    record = job_in(title=title, pay_unit=unit, skills=skills)
    derived: dict[str, Any] = {
        "org_name_key": "cascade logistics",
        "status": "active",
        "screening": hits,
        "review_priority": len(hits),
        "content_hash": "c" * 64,
        "dedup_key": "d" * 64,
        "text_hash": "t" * 64,
    }
    if override_title is not None:
        derived["title"] = override_title  # a derived value wins over the record's own, as before
    row = to_row(JOB_SPEC, record, derived)
    assert plain(row) == plain(reference_row(JOB_SPEC, record, derived))
    names = [n for n, _ in JOB_SPEC.columns]
    assert row[names.index("title")] == (override_title or record.title)
    assert row[names.index("pay_unit")] == (None if unit is None else unit.value)  # enum unwrapped for COPY


def test_to_row_plan_follows_each_spec_even_when_an_old_spec_is_gone() -> None:
    """The column plan is worked out once per spec; a new spec (even at a reused address) gets its own."""
    record = job_in(title="Line Cook", pay_unit="HOUR")
    for order in (["title", "pay_unit", "screening"], ["screening", "title", "pay_unit"], ["pay_unit", "title"]):
        types = {"title": "text", "pay_unit": "text", "screening": "jsonb"}
        spec = UpsertSpec(table="job_posting", columns=[(n, types[n]) for n in order], key=("source", "source_id"))
        assert plain(to_row(spec, record, {"screening": [{"rule_id": "x"}]})) == tuple(
            {"title": "Line Cook", "pay_unit": "HOUR", "screening": ("jsonb", [{"rule_id": "x"}])}[n] for n in order
        )
        del spec
        gc.collect()  # the next spec may be allocated where this one was


def _json_outcome(decode: Any, text: str) -> tuple[str, Any]:
    try:
        return ("value", decode(text))
    except json.JSONDecodeError as exc:
        return ("error", (exc.msg, exc.pos, exc.lineno, exc.colno))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=40),
        json_values.map(json.dumps),
        # raw control characters inside strings (accepted), a leading BOM (refused), cut-off documents
        json_values.map(lambda v: json.dumps(v).replace("\\n", "\n").replace("\\t", "\t")),
        json_values.map(lambda v: "\ufeff" + json.dumps(v)),
        json_values.map(lambda v: json.dumps(v)[:-1]),
    )
)
def test_shared_json_decoder_equals_json_loads_non_strict(text: str) -> None:
    assert _json_outcome(_decode, text) == _json_outcome(lambda t: json.loads(t, strict=False), text)


def test_json_line_with_a_leading_bom_is_refused_with_json_loads_message() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        loads_bounded('\ufeff{"title": "Cook"}')
    assert caught.value.msg == "Unexpected UTF-8 BOM (decode using utf-8-sig)"
    assert loads_bounded('{"title": "Line\nCook",}') == {"title": "Line\nCook"}  # raw break, trailing comma


def test_corpus_json_files_decode_as_json_loads_does() -> None:
    files = sorted(Path(CORPUS).rglob("*.json"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        assert _json_outcome(_decode, text) == _json_outcome(lambda t: json.loads(t, strict=False), text), path
