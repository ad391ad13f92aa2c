"""Issue 18: two real `wayfinder serve` processes over one database serve one caseworker and one person, the
requests alternating between them: nothing a later request needs lives in one process. Then both restart and
the person's open page is still open; a ranker promoted meanwhile reaches both without a restart."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest
from sqlalchemy import Engine, text

from matcher.encoder import Encoder
from matcher.features import FEATURE_NAMES
from matcher.model_store import promote
from matcher.reranker import DecisionReranker
from models.db import session_scope
from models.privacy.crypto import ENV_KEYS, new_key_entry
from models.repositories import candidates as candidate_repo
from tests.catalog_factories import add_job
from tests.factories import DEFAULT_PASSWORD, make_profile, make_user

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 240  # two processes load the model and the scrubber at once on a shared machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Worker:
    def __init__(self, home: Path, database_url: str, keys: str, name: str) -> None:
        self.home, self.database_url, self.keys, self.name = home, database_url, keys, name
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("WAYFINDER_")}
        environ.update(
            PYTHONPATH=str(REPO),
            WAYFINDER_HOME=str(self.home),
            DATABASE_URL=self.database_url,
            **{ENV_KEYS: self.keys},
        )
        log = (self.home / f"{self.name}.log").open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api", "serve", "--port", str(self.port)],
            cwd=self.home,  # no developer .env
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(
                    f"{self.name} never became healthy:\n{(self.home / f'{self.name}.log').read_text()[-3000:]}"
                )
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture
def workers(committing_engine: Engine) -> Iterator[tuple[Worker, Worker]]:
    home = Path(tempfile.mkdtemp(prefix="wf-two-"))
    url = committing_engine.url.render_as_string(hide_password=False)
    keys = new_key_entry("two-workers")
    pair = (Worker(home, url, keys, "a"), Worker(home, url, keys, "b"))
    try:
        for w in pair:
            w.start()
        for w in pair:
            w.wait_healthy()
        yield pair
    finally:
        for w in pair:
            w.stop()
        shutil.rmtree(home, ignore_errors=True)


def _sign_in(base: str, email: str) -> httpx.Client:
    client = httpx.Client(follow_redirects=False, timeout=120)
    response = client.post(f"{base}/login", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 303, response.text
    return client


def test_two_workers_serve_one_caseworker_and_one_person_alternately_and_a_restart_keeps_the_page_open(
    workers: tuple[Worker, Worker], committing_engine: Engine, encoder: Encoder
) -> None:
    a, b = workers
    with session_scope(committing_engine) as s:
        caseworker = make_user(s)
        email, org_id, user_id = caseworker.email, caseworker.org_id, caseworker.id
        pseudonym = make_profile(s, org_id=org_id, created_by=user_id).pseudonym
        job = add_job(
            s, encoder, title="Forklift Operator", description="Drive a forklift and load trucks.", region="WA"
        )
        job_id = job.id

    # Sign in on A, act on B: the session is in PostgreSQL.
    cw = _sign_in(a.url, email)
    csrf = {"csrf_token": str(cw.cookies.get("wf_csrf"))}
    base = f"/cw/profiles/{pseudonym}"
    assert cw.post(f"{b.url}{base}/matches", data={**csrf, "kind": "job"}).status_code == 303
    with committing_engine.connect() as conn:
        rec_id = conn.execute(
            text("SELECT id FROM recommendation WHERE profile_pseudonym = :p AND job_posting_id = :j"),
            {"p": pseudonym, "j": job_id},
        ).scalar_one()
    decision = {**csrf, "action": "approve"}
    assert cw.post(f"{a.url}{base}/recommendations/{rec_id}/decision", data=decision).status_code == 303

    # Issue a code on B (shared with it); the shown-once result page opens on A, once.
    issued = cw.post(f"{b.url}{base}/share", data={**csrf, "issue_code": "yes", "days": "14"})
    assert issued.status_code == 303
    shown = cw.get(f"{a.url}{base}/shared")
    found = re.search(r'id="access-code">([^<]+)<', shown.text)
    assert found, shown.text[:2000]
    code = found.group(1).strip()
    assert 'id="access-code"' not in cw.get(f"{b.url}{base}/shared").text  # shown once, whichever worker
    with committing_engine.connect() as conn:
        stored = " ".join(conn.execute(text("SELECT payload FROM page_ref")).scalars())
    assert code.replace("-", "")[:6] not in stored.replace("-", "")  # never in clear at rest

    # The person opens the code on A and reads the list on B; answers on A.
    person = httpx.Client(follow_redirects=False, timeout=120)
    assert person.post(f"{a.url}/me", data={"code": code}).status_code == 303
    listing = person.get(f"{b.url}/me")
    assert "Forklift Operator" in listing.text
    token = re.search(r'name="form_token" value="([^"]+)"', listing.text)
    item = re.search(r'name="item" value="([0-9]+)"', listing.text)
    assert token and item
    answered = person.post(
        f"{a.url}/me/answer", data={"item": item.group(1), "answer": "interested", "form_token": token.group(1)}
    )
    assert answered.status_code == 303 and answered.headers["location"].endswith("/me")

    # A ranker promoted by another process (`wayfinder ranker retrain`) reaches both workers, no restart.
    features = np.random.default_rng(0).normal(size=(80, len(FEATURE_NAMES)))
    promoted = promote(DecisionReranker().fit(features, (features[:, 0] > 0).astype(int)), a.home / "rankers")
    with committing_engine.begin() as conn:
        candidate_repo.bump_ranker(conn)
    with session_scope(committing_engine) as s:  # a second posting, proposed by the next matching run
        add_job(s, encoder, title="Forklift Driver", description="Forklift work.", region="WA")
    for worker in (b, a):
        assert cw.post(f"{worker.url}{base}/matches", data={**csrf, "kind": "job"}).status_code == 303
        with committing_engine.connect() as conn:
            versions = conn.execute(
                text("SELECT DISTINCT model_version FROM recommendation WHERE status = 'proposed'")
            ).scalars()
            assert list(versions) == [promoted[:40]]
        with committing_engine.begin() as conn:
            conn.execute(text("UPDATE recommendation SET model_version = 'before' WHERE status = 'proposed'"))

    # Both restart: the person's page is still open, the caseworker still signed in.
    for w in (a, b):
        w.stop()
    for w in (a, b):
        w.start()
    for w in (a, b):
        w.wait_healthy()
    again = person.get(f"{b.url}/me")
    assert "Forklift Operator" in again.text
    assert cw.get(f"{a.url}/cw").status_code == 200
