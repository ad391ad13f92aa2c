"""Issue 12, item 2: strings from every code-point class, over every write route and every importer format.

Zero 500s and zero tracebacks. The routes are read from the OpenAPI schema, so a route added later is
fuzzed without anyone listing it; each request starts from a valid body (tests/security/operations.py, or
an empty one for a route not listed there) and replaces a few of its text fields (found in the request
schema, nested ones included) with generated text. Characters come from `st.characters` with no category
excluded, lone surrogates included where the transport can carry them (JSON escapes; not URLs or form
fields), plus a handful that broke things before (NUL, ESC, U+D800, BOM, U+FFFF).

Every text field of every route and format first holds NUL, ESC and a lone surrogate in turn (a
deterministic sweep: random text alone rarely puts a NUL exactly where PostgreSQL meets it), then random
cases follow. Every importer format gets files of one to three records whose text fields are generated the same way,
imported for real (COPY into PostgreSQL included); only a whole-file WayfinderError may come out, and every
record is either imported or listed in the report. Derandomized, so CI runs the same cases every time; the
number of cases run is printed.
"""

import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy
from sqlalchemy import Engine
from sqlmodel import Session

from api.deps import get_session
from etl.components import default_enricher
from etl.enrich import Enricher
from etl.load import run_import
from etl.normalize.pipeline import parse_jobs, parse_programs
from matcher.encoder import Encoder
from models.errors import WayfinderError
from models.organization import User
from models.settings import Settings
from tests.etl.format_files import FORMATS
from tests.factories import DEFAULT_PASSWORD
from tests.security.conftest import AttackWorld
from tests.security.operations import FILE_BODIES, JSON_BODIES, Operation, api_operations

EXAMPLES = 12  # per write route
SLOW_EXAMPLES = 4  # routes that run the embedding model or the ranker per call
SLOW = {"POST /profiles", "PUT /profiles/{pseudonym}", "POST /profiles/{pseudonym}/matches", "POST /matches/preview"}
SLOW |= {"POST /partner/programs/upload"}
IMPORT_EXAMPLES = 15  # per importer format
# Ends the role's own session, which the other cases need; it takes no input (no body, no parameters).
NOT_FUZZED = {"POST /auth/logout": "no input to fuzz; it would sign the fuzzing client out"}
ROLE_ORDER = ("caseworker", "admin", "employer", "education_partner", "survivor")

# What broke before, always in the mix.
SPECIALS = ["\x00", "\x1b", "\x7f", "\x85", "\ud800", "\udfff", "\ufeff", "\uffff", "\u202e", "\U0010ffff", "\r", "\n"]
SPECIALS_NO_SURROGATE = [c for c in SPECIALS if not 0xD800 <= ord(c) <= 0xDFFF]
# Swept deterministically into every text field of every route and format, before the random cases: random
# text alone rarely puts a NUL exactly where PostgreSQL meets it (a title that passes every other check).
SWEEP = ["\x00", "\x1b", "\ud800"]
ANY_CHAR = st.characters(exclude_categories=())  # every category, surrogates (Cs) included
NO_SURROGATE = st.characters()  # Hypothesis leaves out only Cs by default


def _text(chars: SearchStrategy[str], specials: list[str], min_size: int = 0) -> SearchStrategy[str]:
    """Random text from `chars`, or random text with one of `specials` planted in it."""
    short = st.text(chars, max_size=10)
    planted = st.builds(lambda a, s, b: a + s + b, short, st.sampled_from(specials), short)
    return st.one_of(st.text(chars, min_size=min_size, max_size=24), planted)


JSON_TEXT = _text(ANY_CHAR, SPECIALS)
URL_TEXT = _text(NO_SURROGATE, SPECIALS_NO_SURROGATE, min_size=1)
FORM_TEXT = _text(NO_SURROGATE, SPECIALS_NO_SURROGATE)

FUZZ_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


# --- strategies from the OpenAPI request schemas -----------------------------------------------------------


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def text_strategy(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> SearchStrategy[Any] | None:
    """Generated text wherever the schema takes text (strings, enums, lists and objects of them)."""
    schema = _resolve(schema, components)
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        found = text_strategy(option, components, depth)
        if found is not None:
            return found
    kind = schema.get("type")
    if kind == "string" or "enum" in schema:
        return JSON_TEXT
    if kind == "array" and "items" in schema:
        inner = text_strategy(schema["items"], components, depth + 1)
        return st.lists(inner, min_size=1, max_size=2) if inner is not None else None
    if kind == "object" and depth < 3:
        fields = {
            name: s
            for name, prop in schema.get("properties", {}).items()
            if (s := text_strategy(prop, components, depth + 1)) is not None
        }
        return st.fixed_dictionaries({}, optional=fields) if fields else None
    return None


def _or_text(strategy: SearchStrategy[Any] | None) -> SearchStrategy[Any]:
    return JSON_TEXT if strategy is None else strategy


def _properties(app: FastAPI, op: Operation) -> tuple[dict[str, Any], dict[str, Any]]:
    """The JSON body's properties and the schema components they refer to."""
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    body_schema = spec["paths"][op.path][op.method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    return _resolve(body_schema, components).get("properties", {}), components


def _base_body(op: Operation) -> dict[str, Any]:
    base = JSON_BODIES.get(op.label, {})
    return dict(base() if callable(base) else base)


def sweep_bodies(app: FastAPI, op: Operation) -> list[dict[str, Any]]:
    """The valid body with each text field (or list of text) in turn holding each SWEEP character."""
    properties, components = _properties(app, op)
    bodies = []
    for name, prop in properties.items():
        schema = _resolve(prop, components)
        options = [_resolve(o, components) for o in schema.get("anyOf", [schema])]
        is_text = any(o.get("type") == "string" and "enum" not in o for o in options)
        is_text_list = any(
            o.get("type") == "array" and _resolve(o.get("items", {}), components).get("type") == "string"
            for o in options
        )
        for char in SWEEP if is_text or is_text_list else []:
            value = f"Cook{char}Line"
            bodies.append({**_base_body(op), name: [value] if is_text_list and not is_text else value})
    return bodies


def json_body_strategy(app: FastAPI, op: Operation) -> SearchStrategy[dict[str, Any]]:
    """A valid body with one to three of its fields replaced by generated text (or lists and objects of it)."""
    properties, components = _properties(app, op)
    # A field that takes no text (a number, a date as an integer) gets text anyway: the wrong type is input too.
    fields = {name: _or_text(text_strategy(p, components)) for name, p in properties.items()}
    assert fields, f"{op.label}: its body has no field to fuzz"

    @st.composite
    def body(draw: st.DrawFn) -> dict[str, Any]:
        start = _base_body(op)
        chosen = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3, unique=True))
        return {**start, **{name: draw(fields[name]) for name in chosen}}

    return body()


# --- the clients ------------------------------------------------------------------------------------------


def _login(app: FastAPI, user: User) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def _clients(app: FastAPI, attack_world: AttackWorld) -> dict[str, TestClient]:
    w = attack_world.a
    survivor = TestClient(app, raise_server_exceptions=False)
    survivor.headers["X-Access-Code"] = w.code
    return {
        "anonymous": TestClient(app, raise_server_exceptions=False),
        "caseworker": _login(app, w.caseworker),
        "admin": _login(app, w.admin),
        "employer": _login(app, w.employer),
        "education_partner": _login(app, w.partner),
        "survivor": survivor,
    }


def _client_for(op: Operation, clients: dict[str, TestClient]) -> TestClient:
    if op.public:
        return clients["anonymous"]
    allowed = op.allowed_roles()
    return clients[next(role for role in ROLE_ORDER if role in allowed)]


def _rolled_back_per_request(app: FastAPI, session: Session) -> None:
    """Each request in its own savepoint, always rolled back: every case meets the same world (a fuzzed
    DELETE or deactivation cannot starve the cases after it), and a refused write poisons nothing."""

    def per_request() -> Iterator[Session]:
        nested = session.begin_nested()
        try:
            yield session
        finally:
            if nested.is_active:
                nested.rollback()

    app.dependency_overrides[get_session] = per_request


class _Errors(logging.Handler):
    """Collects ERROR records: an unexpected exception is logged with its frames (a traceback)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()[:300]}")


@pytest.fixture
def logged_errors() -> Iterator[_Errors]:
    handler = _Errors()
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)


# --- every write route ------------------------------------------------------------------------------------


def _path(op: Operation, ids: dict[str, object], fuzzed: dict[str, str]) -> str:
    values = {p: quote(fuzzed[p], safe="") if p in fuzzed else ids[p] for p in op.path_params}
    return op.path.format(**values)


def _fuzz_operation(
    app: FastAPI, op: Operation, client: TestClient, ids: dict[str, object], statuses: Counter[int]
) -> tuple[int, list[str]]:
    """Run the operation's cases, counting answers by status; returns (cases run, failures)."""
    failures: list[str] = []
    calls = 0
    fuzz_path = st.fixed_dictionaries({}, optional=dict.fromkeys(op.path_params, URL_TEXT))
    if op.label in FILE_BODIES:
        formats = st.sampled_from(["auto", "etpl", "scorecard", "ctdl", "schemaorg", "x\x00"])
        names = st.sampled_from(["p.csv", "p.json", "p.jsonld", "=HYPERLINK(1).csv", "p"])
        request = st.fixed_dictionaries(
            {
                "files": st.builds(lambda n, c: {"file": (n, c)}, names, st.text(NO_SURROGATE).map(str.encode)),
                "data": st.builds(lambda f: {"format": f}, formats),
            }
        )
    elif op.has_body:
        request = st.builds(lambda b: {"content": json.dumps(b).encode()}, json_body_strategy(app, op))
    else:
        request = st.just({})
    examples = SLOW_EXAMPLES if op.label in SLOW else EXAMPLES

    def send(path_values: dict[str, str], kwargs: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        headers = {"Content-Type": "application/json"} if "content" in kwargs else {}
        response = client.request(op.method, _path(op, ids, path_values), headers=headers, **kwargs)
        statuses[response.status_code] += 1
        if response.status_code >= 500 or "Traceback" in response.text:
            failures.append(f"{op.label} -> {response.status_code}: path {path_values!r} {str(kwargs)[:300]}")

    if op.has_body and op.label not in FILE_BODIES:
        for body in sweep_bodies(app, op):
            send({}, {"content": json.dumps(body).encode()})
    for param in op.path_params:
        for char in SWEEP[:2]:  # a lone surrogate cannot be written in a URL
            send({param: f"x{char}y"}, {})

    @given(path_values=fuzz_path, kwargs=request)
    @settings(FUZZ_SETTINGS, max_examples=examples)
    def case(path_values: dict[str, str], kwargs: dict[str, Any]) -> None:
        send(path_values, kwargs)

    case()
    return calls, failures


@pytest.mark.slow
def test_item2_fuzz_every_write_route_with_every_code_point_class(
    app: FastAPI,
    session: Session,
    attack_world: AttackWorld,
    logged_errors: _Errors,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clients = _clients(app, attack_world)
    _rolled_back_per_request(app, session)
    operations = [op for op in api_operations(app) if op.method != "GET" and op.label not in NOT_FUZZED]
    started, cases, failures, statuses = time.perf_counter(), 0, [], Counter[int]()
    for op in operations:
        ran, failed = _fuzz_operation(app, op, _client_for(op, clients), attack_world.ids, statuses)
        cases += ran
        failures += failed
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nfuzz write routes: {len(operations)} operations, {cases} cases in {seconds:.1f} s; by status:")
        print("  " + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    assert len(operations) >= 24  # every write route of the schema today (POST /auth/logout aside)
    assert failures == []
    assert logged_errors.records == []
    assert sum(n for code, n in statuses.items() if code < 300) > 0  # some cases got past validation


# --- every importer format --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return default_enricher(Encoder.name_for(Settings(_env_file=None).resolved_model_path))  # type: ignore[call-arg]


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FORMATS))
def test_item2_fuzz_every_importer_format_with_every_code_point_class(
    committing_engine: Engine,
    enricher: Enricher,
    tmp_path: Path,
    name: str,
    logged_errors: _Errors,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fmt = FORMATS[name]
    text = JSON_TEXT if fmt.json else FORM_TEXT  # a CSV file is UTF-8 text: no lone surrogates
    record = st.fixed_dictionaries({}, optional=dict.fromkeys(fmt.fields, text))
    outcomes = {"imported": 0, "reported": 0, "file refused": 0}
    cases = 0

    def run(records: list[dict[str, str]]) -> int | None:
        """Import one file; the number of records stored, or None when the whole file was refused."""
        nonlocal cases
        cases += 1
        path = fmt.write(tmp_path, records, f"fuzz{cases}")
        parser = parse_jobs if fmt.kind == "jobs" else parse_programs
        try:
            summary = run_import(
                committing_engine,
                kind="jobs" if fmt.kind == "jobs" else "programs",
                path=path,
                fmt=name,
                source=f"fuzz-{name}",
                parsed=parser(path, name, f"fuzz-{name}"),
                enricher=enricher,
                encoder=None,
                reports_dir=tmp_path / "reports",
            )
        except WayfinderError:
            outcomes["file refused"] += 1  # printed by the CLI as one "error:" line, exit code 2
            return None
        # Every record read is either stored or listed in the report (a non-web link only noted).
        assert summary.inserted + summary.updated + summary.unchanged + summary.errors == summary.read
        stored = summary.inserted + summary.updated + summary.unchanged
        outcomes["imported"] += stored
        outcomes["reported"] += summary.errors
        return stored

    for field in fmt.fields:  # each field in turn holds each SWEEP character, beside a clean record
        for char in SWEEP if fmt.json else SWEEP[:2]:
            # One bad record never costs the file: the clean one beside it is stored.
            assert (run([{field: f"Cook{char}Line"}, {}]) or 0) >= 1, (field, char)

    @given(records=st.lists(record, min_size=1, max_size=3))
    @settings(FUZZ_SETTINGS, max_examples=IMPORT_EXAMPLES)
    def case(records: list[dict[str, str]]) -> None:
        run(records)  # any outcome but an unexpected exception (a traceback from the CLI)

    case()
    with capsys.disabled():
        print(f"\nfuzz import {name}: {cases} files, {outcomes}")
    assert cases >= IMPORT_EXAMPLES // 2
    assert outcomes["imported"] > 0 and outcomes["reported"] > 0  # both paths were exercised
    assert logged_errors.records == []
