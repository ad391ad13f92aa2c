"""A model change re-embeds the catalog and the stored profiles: automatically at start-up, and resumably.

What the service does meanwhile (docs/model-change.md): it serves. Every ranking compares vectors of the
process's own model only (`Matcher._rows` keeps the rows whose embedding key is that model's embedding of
their present text; a stored profile's key names its model too), so an item whose new vector is not stored
yet is left out of the ranked list until its batch is, never scored with the other model's vector.

Steps, each committed batch by batch so a kill loses at most one batch and the next run carries on:
1. record the model in `embedding_model` (finished_at NULL: under way);
2. re-hash: each job and program gets the text hash of the new model (rows already right are skipped);
3. embed every pending text (etl.load.embed_pending: each distinct text once);
4. stored profiles whose key is not the new model's are embedded again (in batches, per organization);
5. record the re-embed as finished.
One process at a time: a PostgreSQL advisory lock. Other workers starting meanwhile skip it (and serve as
above); `wayfinder reembed` waits for it, then finds nothing left to do.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session

from api.resources import Resources
from api.services.matching import Matcher, get_matcher
from etl.load import embed_pending
from matcher.embedding_text import item_text, text_hash
from matcher.encoder import Encoder
from matcher.profile_vectors import condensed, segment_texts, vectors_key
from matcher.types import ProfileQuery
from models.columns import EMBEDDING_DIM
from models.errors import WayfinderError
from models.privacy.crypto import FieldCipher
from models.repositories import catalog
from models.repositories import embedding_model as model_repo
from models.repositories import profile_vectors as vectors_repo
from models.repositories.profiles import to_record
from models.repositories.tenancy import bind_org, enter_app_role, organization_ids

log = logging.getLogger("wayfinder.reembed")

TABLES: tuple[catalog.CatalogTable, ...] = ("job_posting", "training_program")
REHASH_BATCH = 5000
PROFILE_BATCH = 200
LOG_EVERY_S = 10.0

# (phase, done, total): phases "rehash job_posting", "embed training_program", "profiles", ...
ProgressFn = Callable[[str, int, int], None]


class ModelDimensionError(WayfinderError):
    """The configured model's vectors do not fit the database's vector columns."""


@dataclass
class ReembedReport:
    model_name: str
    previous: str | None  # the model recorded before this run (None: nothing recorded yet)
    ran: bool = False  # False: nothing to do, or another process holds the lock (`busy`)
    busy: bool = False
    rehashed: dict[str, int] = field(default_factory=dict)  # table -> rows given the new model's text hash
    embedded: dict[str, int] = field(default_factory=dict)  # table -> distinct texts embedded
    reused: dict[str, int] = field(default_factory=dict)  # table -> rows given an embedding already made
    profiles: int = 0  # stored profiles embedded again
    seconds: float = 0.0


def check_dimension(encoder: Encoder) -> None:
    if encoder.dimension != EMBEDDING_DIM:
        raise ModelDimensionError(
            f"The model {encoder.model_name} makes {encoder.dimension}-dimension vectors; the database stores "
            f"{EMBEDDING_DIM}. Use a model with {EMBEDDING_DIM} dimensions (a fine-tuned all-MiniLM-L6-v2 keeps "
            "them), or set WAYFINDER_MODEL_PATH back."
        )


def is_current(engine: Engine, model_name: str) -> bool:
    """True when the stored vectors are all `model_name`'s (recorded and finished): nothing to re-embed."""
    with engine.connect() as conn:
        found = model_repo.recorded(conn)
    return found is not None and found.model_name == model_name and found.finished


def embeddings_state(engine: Engine, model_name: str) -> str:
    """For /healthz: 'current' (every stored vector is this model's), 're-embedding' (under way or stopped
    half-way: rows not done yet are left out of rankings), 'another model' or 'not recorded' (a start-up
    re-embed has not begun yet)."""
    with engine.connect() as conn:
        found = model_repo.recorded(conn)
    if found is None:
        return "not recorded"
    if found.model_name != model_name:
        return "another model"
    return "current" if found.finished else "re-embedding"


def rehash(engine: Engine, table: catalog.CatalogTable, model_name: str, progress: ProgressFn | None = None) -> int:
    """Give every row the text hash of `model_name`; returns the rows changed (they are now pending)."""
    with engine.connect() as conn:
        total = catalog.count_rows(conn, table)
    after, seen, changed = 0, 0, 0
    while True:
        with engine.connect() as conn:
            rows = catalog.texts_after(conn, table, after, REHASH_BATCH)
        if not rows:
            break
        new = [(i, h) for i, title, desc, old in rows if (h := text_hash(item_text(title, desc), model_name)) != old]
        if new:
            with engine.begin() as conn:
                changed += catalog.set_text_hashes(conn, table, [i for i, _ in new], [h for _, h in new])
        after, seen = rows[-1][0], seen + len(rows)
        if progress:
            progress(f"rehash {table}", seen, max(total, seen))
    return changed


def reembed_profiles(engine: Engine, matcher: Matcher, cipher: FieldCipher, progress: ProgressFn | None = None) -> int:
    """Embed again every stored profile whose vectors are not the matcher's model's; returns how many.

    Profiles are read per organization under row-level security (as the app role, like every request)."""
    encoder = matcher.encoder
    with Session(engine) as session:
        orgs = organization_ids(session.connection())
    done = 0
    for org_id in orgs:
        after = ""
        while True:
            with Session(engine) as session:
                enter_app_role(session)
                bind_org(session, org_id)
                rows = vectors_repo.embedded_in_org(session, org_id, after=after, limit=PROFILE_BATCH)
                if not rows:
                    break
                after = rows[-1].pseudonym
                stale: list[tuple[str, str, list[str]]] = []
                for row in rows:
                    query = ProfileQuery.from_profile(to_record(cipher, row, None), profile_id=row.pseudonym)
                    texts = segment_texts(query, matcher.taxonomy)
                    key = vectors_key(encoder.model_name, texts)
                    if row.embedding_hash != key:
                        stale.append((row.pseudonym, key, texts))
                if stale:
                    # One model call for the whole batch: the model sorts the texts by length across it.
                    flat = encoder.encode([t for _, _, texts in stale for t in texts])
                    start = 0
                    for pseudonym, key, texts in stale:
                        vectors = np.asarray(flat[start : start + len(texts)], dtype=np.float32)
                        start += len(texts)
                        vectors_repo.store(session, pseudonym, key=key, vectors=condensed(vectors))
                    session.commit()
                    done += len(stale)
            if progress:
                progress("profiles", done, done)
    return done


def reembed(
    engine: Engine,
    matcher: Matcher,
    *,
    cipher: FieldCipher | None,
    wait: bool,
    progress: ProgressFn | None = None,
) -> ReembedReport:
    """Bring every stored vector to the matcher's model (see the module docstring); a no-op when current.

    `wait`: when another process is re-embedding, wait for it (the command) or return at once with `busy`
    (a serving worker's start-up). `cipher`: None leaves stored profiles to be embedded again at their
    next ranking (their key names the model, so a stale one is never used)."""
    encoder = matcher.encoder
    check_dimension(encoder)
    started = time.perf_counter()
    lock = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            before = model_repo.recorded(conn)
        report = ReembedReport(model_name=encoder.model_name, previous=before.model_name if before else None)
        if not model_repo.try_lock(lock):
            if not wait:
                report.busy = True
                return report
            log.info("another process is re-embedding; waiting for it")
            model_repo.lock(lock)
        try:
            if is_current(engine, encoder.model_name):
                return report
            report.ran = True
            with engine.begin() as conn:
                model_repo.begin(conn, encoder.model_name)
            for table in TABLES:
                report.rehashed[table] = rehash(engine, table, encoder.model_name, progress)
            for table in TABLES:

                def embed_progress(_phase: str, done: int, total: int | None, table: str = table) -> None:
                    if progress:
                        progress(f"embed {table}", done, total or done)

                report.embedded[table], report.reused[table] = embed_pending(
                    engine, table, encoder, progress=embed_progress
                )
            if cipher is not None:
                report.profiles = reembed_profiles(engine, matcher, cipher, progress)
            with engine.begin() as conn:
                model_repo.finish(conn, encoder.model_name)
        finally:
            model_repo.unlock(lock)
    finally:
        lock.close()
    report.seconds = time.perf_counter() - started
    return report


class _LogProgress:
    """Progress lines in the log, one per phase change and at most one every LOG_EVERY_S seconds."""

    def __init__(self) -> None:
        self.phase, self.last = "", 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase != self.phase or now - self.last >= LOG_EVERY_S or done >= total:
            log.info("re-embed: %s %d of %d", phase, done, total)
            self.phase, self.last = phase, now


def reembed_at_start(resources: Resources) -> ReembedReport | None:
    """The start-up re-embed (one worker does it; the others find the lock taken and go on serving)."""
    matcher = get_matcher(resources)
    state = embeddings_state(resources.engine, matcher.encoder.model_name)
    if state == "current":
        return None
    if state == "not recorded":  # a new database, or one from before the record: usually nothing to redo
        log.info("checking that the stored vectors are %s's (no model recorded yet)", matcher.encoder.model_name)
    else:
        log.info("stored vectors are not all %s's: re-embedding while serving", matcher.encoder.model_name)
    cipher = resources.privacy_tools.cipher if resources.privacy_tools is not None else None
    report = reembed(resources.engine, matcher, cipher=cipher, wait=False, progress=_LogProgress())
    if report.busy:
        log.info("another worker is re-embedding; this one ranks the rows of %s only", report.model_name)
    elif report.ran:
        log.info(
            "re-embed for %s finished in %.0f s: %s texts embedded, %d profiles",
            report.model_name,
            report.seconds,
            sum(report.embedded.values()),
            report.profiles,
        )
    return report


def reembed_in_background(resources: Resources) -> threading.Thread:
    """Start the start-up re-embed without holding up start-up (/healthz answers meanwhile)."""

    def run() -> None:
        try:
            reembed_at_start(resources)
        except WayfinderError as exc:
            log.error("re-embed not done: %s", exc.message)
        except Exception as exc:  # the next start carries on; the type only (a message can quote a row)
            log.warning("re-embed stopped (%s); the next start or `wayfinder reembed` carries on", type(exc).__name__)

    thread = threading.Thread(target=run, name="wayfinder-reembed", daemon=True)
    thread.start()
    return thread
