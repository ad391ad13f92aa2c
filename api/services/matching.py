"""Profile -> ranked, explained jobs or programs: the call the review workflow makes."""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlmodel import Session
from threadpoolctl import ThreadpoolController

from api.resources import Resources
from api.services.database_retrieval import DatabaseRetrieval
from api.services.free_text import clean_preview
from api.services.principal import Principal
from matcher.catalog_index import CatalogRow, LiveIndex
from matcher.encoder import Encoder
from matcher.model_store import current_model
from matcher.pathway_finder import ProgramLookup, find_pathways
from matcher.pathways import Pathway
from matcher.profile_vectors import FloatArray, ProfileVectorCache, condensed, segment_texts, vectors_key
from matcher.reranker import DecisionReranker, DefaultWeighting
from matcher.taxonomy import Taxonomy, load_taxonomy
from matcher.types import ProfileQuery, RankedMatch
from matcher.wages import WageTable, load_wages
from models.enums import ItemKind, Role
from models.profile import ProfileRecord
from models.repositories import candidates as candidate_repo
from models.repositories import pgvector_support
from models.repositories import profile_vectors as vectors_repo
from models.repositories import retrieval as retrieval_repo
from models.settings import MEMORY_INDEX_MAX

log = logging.getLogger("wayfinder.matching")


def check_database_retrieval(conn: Connection, retrieval: str) -> bool:
    """Whether this server can serve the database path; a clear error when it is forced and cannot."""
    return pgvector_support.check_database_retrieval(conn, retrieval)


@dataclass
class ProposedMatch:
    kind: ItemKind
    item_id: int
    rank: int
    score: float
    model_version: str
    features: dict[str, float] = field(default_factory=dict)
    explanation: dict[str, Any] = field(default_factory=dict)


class Matcher:
    """Per-process matching state: reference data, the current re-ranker, one index per kind.

    Every request first reads the change counters (one small query, `sync`): a promoted ranker is reloaded,
    and an index whose kind changed applies only the rows written since its watermark (the change log).
    Caches are bounded: two indexes (the live catalog), one program lookup, and the profile-vector LRU."""

    # A change touching more than this share of an index rebuilds it outright (a large import).
    REBUILD_SHARE = 0.5
    # How often `auto` counts a kind it serves from the database (a count over a million rows is not free).
    RECOUNT_S = 60.0

    def __init__(
        self,
        encoder: Encoder,
        rankers_dir: Any,
        *,
        retrieval: str = "memory",
        memory_index_max: int = MEMORY_INDEX_MAX,
    ) -> None:
        self.encoder = encoder
        self.taxonomy: Taxonomy = load_taxonomy()
        self.wages: WageTable = load_wages()
        self.rankers_dir = rankers_dir
        self.model: DefaultWeighting | DecisionReranker = current_model(rankers_dir)
        self._model_stamp: int | None = None
        self._indexes: dict[str, LiveIndex] = {}
        self._lock = threading.Lock()
        # OpenBLAS threads spin after each matrix product and starve torch's threads in the next
        # profile embedding (measured: p95 146 ms -> 83 ms over 100k postings with one BLAS thread).
        self._threads = ThreadpoolController()
        self._program_lookup: tuple[object, ProgramLookup] | None = None
        self.profile_vectors = ProfileVectorCache(encoder)
        self.clock: Callable[[], float] = time.time  # decides which end dates have passed (tests move it)
        self.full_builds: dict[str, int] = {}  # kind -> indexes built from every row (tests and benches read it)
        # Where each kind's candidates come from (docs/retrieval.md): 'memory' (this process's LiveIndex),
        # 'database' (PostgreSQL, models/repositories/retrieval.py), or 'auto': memory up to
        # `memory_index_max` held items, the database above.
        self.retrieval = retrieval
        self.memory_index_max = memory_index_max
        self.database: dict[str, DatabaseRetrieval] = {}
        self._chosen: dict[str, tuple[str, int, float]] = {}  # kind -> (choice, version, monotonic time)
        self._iterative_scans: bool | None = None

    def program_lookup(self, conn: Connection) -> ProgramLookup:
        """Programs by skill and occupation, rebuilt when the program index moves. From the in-memory program
        index whatever the programs' retrieval: programs are few (about 10k), and pathways need them all."""
        index = self.index(conn, "program")
        if self._program_lookup is None or self._program_lookup[0] != index.version:
            self._program_lookup = (index.version, ProgramLookup.build(index.live_candidates(self.clock())))
        return self._program_lookup[1]

    def pathways(
        self, conn: Connection, query: ProfileQuery, matches: list[RankedMatch]
    ) -> dict[int | str, list[Pathway]]:
        """Training that closes each matched job's skill gap."""
        jobs = [m.candidate for m in matches if m.candidate.kind == "job"]
        return find_pathways(query, jobs, self.program_lookup(conn), self.taxonomy) if jobs else {}

    def reload_model(self) -> None:
        self.model = current_model(self.rankers_dir)

    def sync(self, conn: Connection) -> dict[str, tuple[int, int]]:
        """Read the change counters; reload the ranker if another process promoted one since."""
        states = candidate_repo.catalog_states(conn)
        stamp = states.get("ranker", (0, 0))[0]
        if self._model_stamp != stamp:
            with self._lock:
                if self._model_stamp != stamp:
                    # Also at the first request: the model read at start-up may predate a promotion.
                    self.reload_model()
                    self._model_stamp = stamp
        return states

    def index(self, conn: Connection, kind: str, states: dict[str, tuple[int, int]] | None = None) -> LiveIndex:
        """The in-memory index of one kind, brought up to date with the rows written since it was."""
        version, floor = (states or candidate_repo.catalog_states(conn))[kind]
        cached = self._indexes.get(kind)
        if cached is not None and cached.version == version:
            return cached
        with self._lock:
            cached = self._indexes.get(kind)
            if cached is not None and cached.version >= floor:
                latest, changed = candidate_repo.changes_since(conn, kind, cached.version)
                if len(changed) <= max(1000, self.REBUILD_SHARE * cached.size):
                    if latest != cached.version:
                        cached.apply(latest, changed, self._rows(conn, kind, changed))
                    return cached
            # Rows read after `version` may already hold later changes: applying those again later is harmless.
            rebuilt = LiveIndex.build(kind, self._rows(conn, kind), version)
            self.full_builds[kind] = self.full_builds.get(kind, 0) + 1
            self._indexes[kind] = rebuilt
            return rebuilt

    def _rows(self, conn: Connection, kind: str, ids: list[int] | None = None) -> list[CatalogRow]:
        """Only rows embedded by this process's encoder: while a re-embed for a new model is under way, rows
        still holding the other model's vectors are left out rather than compared with this model's."""
        return candidate_repo.load_rows(conn, kind, ids, model_name=self.encoder.model_name)

    def _database_usable(self, conn: Connection) -> bool:
        if self._iterative_scans is None:
            self._iterative_scans = check_database_retrieval(conn, self.retrieval)
            if not self._iterative_scans and self.retrieval == "auto":
                log.warning(
                    "pgvector older than 0.8 (no iterative index scans): every catalog is ranked in memory "
                    "whatever its size (WAYFINDER_RETRIEVAL=auto)"
                )
        return self._iterative_scans

    def retrieval_for(self, conn: Connection, kind: str, states: dict[str, tuple[int, int]]) -> str:
        """'memory' or 'database' for this kind now (see `retrieval`)."""
        if self.retrieval == "memory" or not self._database_usable(conn):
            return "memory"
        if self.retrieval == "database":
            return "database"
        version = states[kind][0]
        chosen = self._chosen.get(kind)
        if chosen is not None and (
            chosen[1] == version or (chosen[0] == "database" and time.monotonic() - chosen[2] < self.RECOUNT_S)
        ):
            return chosen[0]
        # An index already held knows its size once brought up to date (a few rows); otherwise count.
        held = self.index(conn, kind, states).size if kind in self._indexes else retrieval_repo.held_count(conn, kind)
        choice = "memory" if held <= self.memory_index_max else "database"
        if choice == "database":
            self._indexes.pop(kind, None)  # the memory it held is what the database path saves
        self._chosen[kind] = (choice, version, time.monotonic())
        return choice

    def retrieval_state(self) -> dict[str, str]:
        """What /healthz reports: each kind's candidate source as last chosen."""
        out = {}
        for kind in ("job", "program"):
            chosen = self._chosen.get(kind)
            if self.retrieval != "auto":
                out[kind] = self.retrieval if self._iterative_scans is not False else "memory (pgvector < 0.8)"
            elif self._iterative_scans is False:
                out[kind] = "memory (pgvector < 0.8)"
            else:
                out[kind] = chosen[0] if chosen else "auto (chosen at the first match)"
        return out

    def warm_up(self, conn: Connection) -> None:
        """Ready each kind's source before the first request: the in-memory index, or the reference sample
        (never a whole-catalog index of a kind the database serves)."""
        states = self.sync(conn)
        for kind in ("job", "program"):
            if self.retrieval_for(conn, kind, states) == "memory":
                self.index(conn, kind, states)
            else:
                self.database_retrieval(kind).current_sample(conn, *states[kind])

    def database_retrieval(self, kind: str) -> DatabaseRetrieval:
        found = self.database.get(kind)
        if found is None:
            with self._lock:
                found = self.database.setdefault(kind, DatabaseRetrieval(kind, self.encoder.model_name))
        return found

    def rank(
        self, conn: Connection, query: ProfileQuery, kind: str, top_k: int, profile_vec: FloatArray | None = None
    ) -> list[RankedMatch]:
        """Ranked matches, re-checked against the database so a stale index never returns a closed item.

        `profile_vec`: the profile's stored vectors; without them its texts are embedded (or taken from
        this process's cache)."""
        states = self.sync(conn)
        source = self.retrieval_for(conn, kind, states)
        index = self.index(conn, kind, states) if source == "memory" else None
        with self._threads.limit(limits=1, user_api="blas"):
            vec = profile_vec if profile_vec is not None else self.profile_vectors.vectors(query, self.taxonomy)
            # Ask for a few extra in case some items left the live set since the index was built.
            # The same ranking inputs whichever source hands in the candidates.
            inputs: dict[str, Any] = {
                "profile_vec": vec,
                "taxonomy": self.taxonomy,
                "wages": self.wages,
                "model": self.model,
                "top_k": top_k + 10,
                "now": self.clock(),
            }
            if index is not None:
                ranked = index.rank(query, **inputs)
            else:
                version, floor = states[kind]
                ranked = self.database_retrieval(kind).rank(conn, query, **inputs, version=version, floor=floor)
        live = candidate_repo.still_live(conn, kind, [int(m.candidate.item_id) for m in ranked])
        return [m for m in ranked if int(m.candidate.item_id) in live][:top_k]


_matcher_lock = threading.Lock()


def get_matcher(resources: Resources) -> Matcher:
    """The process's matcher, created on first use (reference data loads in about a second)."""
    with _matcher_lock:  # the start-up warm-up and a first request may ask at once
        if resources.matcher is None:
            assert resources.encoder is not None, "the embedding model is not loaded"
            settings = resources.settings
            resources.matcher = Matcher(
                resources.encoder,
                settings.rankers_dir,
                retrieval=settings.retrieval,
                memory_index_max=settings.memory_index_max,
            )
    matcher: Matcher = resources.matcher
    return matcher


def pathway_summary(found: list[Pathway]) -> list[dict[str, Any]]:
    """What a caseworker needs to weigh a training pathway."""
    return [
        {
            "program_id": int(pw.program.item_id),
            "name": pw.program.title,
            "provider": pw.program.org_name,
            "closes_share": round(pw.gap_closed, 2),
            "targets_this_occupation": pw.soc_link,
            "cost_total": pw.program.cost_total,
            "duration_weeks": pw.program.duration_weeks,
        }
        for pw in found
    ]


def to_proposed(
    kind: ItemKind,
    position: int,
    match: RankedMatch,
    model_version: str,
    verification: str,
    found: list[Pathway] | None = None,
) -> ProposedMatch:
    explanation: dict[str, Any] = asdict(match.explanation) if match.explanation else {}
    if found:
        explanation["pathways"] = pathway_summary(found)
    if kind == ItemKind.JOB:
        explanation["employer_verified"] = verification == "verified"
        if verification != "verified":
            explanation["lines"] = [*explanation.get("lines", ()), "Employer not yet verified by staff."]
    return ProposedMatch(
        kind=kind,
        item_id=int(match.candidate.item_id),
        rank=position,
        score=match.score,
        model_version=model_version,
        features=match.features,
        explanation=explanation,
    )


def stored_profile_vectors(session: Session, matcher: Matcher, query: ProfileQuery, pseudonym: str) -> FloatArray:
    """The stored profile's vectors; embedded and stored first if missing or stale (edited, model swapped)."""
    key = vectors_key(matcher.encoder.model_name, segment_texts(query, matcher.taxonomy))
    stored = vectors_repo.load(session, pseudonym)
    if stored is not None and stored.key == key:
        return stored.vectors
    vectors = condensed(matcher.profile_vectors.vectors(query, matcher.taxonomy))
    vectors_repo.store(session, pseudonym, key=key, vectors=vectors)
    return vectors


def embed_profile(session: Session, resources: Resources, profile: ProfileRecord) -> None:
    """Embed a profile when it is saved, so its first ranking does not wait for the model."""
    matcher = get_matcher(resources)
    stored_profile_vectors(
        session, matcher, ProfileQuery.from_profile(profile, profile_id=profile.pseudonym), profile.pseudonym
    )


def rank_profile(
    session: Session, resources: Resources, profile: ProfileRecord, kind: ItemKind, top_k: int = 20
) -> list[ProposedMatch]:
    """Ranked, explained items for one stored profile; only live items, every hard constraint met.

    Takes the decrypted record (not the table row), so the safety exclusions are applied."""
    matcher = get_matcher(resources)
    conn = session.connection()
    query = ProfileQuery.from_profile(profile, profile_id=profile.pseudonym)
    vectors = stored_profile_vectors(session, matcher, query, profile.pseudonym)
    matches = matcher.rank(conn, query, "job" if kind == ItemKind.JOB else "program", top_k, profile_vec=vectors)
    verification = (
        candidate_repo.employer_verification(conn, [int(m.candidate.item_id) for m in matches])
        if kind == ItemKind.JOB
        else {}
    )
    routes = matcher.pathways(conn, query, matches) if kind == ItemKind.JOB else {}
    return [
        to_proposed(
            kind,
            i + 1,
            m,
            matcher.model.version,
            verification.get(int(m.candidate.item_id), "unverified"),
            routes.get(m.candidate.item_id),
        )
        for i, m in enumerate(matches)
    ]


def preview_matches(
    session: Session, resources: Resources, principal: Principal, profile: dict[str, Any], kind: str, top_k: int
) -> list[dict[str, Any]]:
    """Ranked items for a profile that exists only in this request (its free text scrubbed before embedding).

    Caseworkers only: it stores nothing, but each call runs the embedding model, which an open endpoint
    would hand to anyone as a way to load the service."""
    principal.require(Role.CASEWORKER)
    matcher = get_matcher(resources)
    query = ProfileQuery.from_json({"id": "preview", **clean_preview(profile, resources.privacy.scrubber)})
    conn = session.connection()
    matches = matcher.rank(conn, query, kind, top_k)
    routes = matcher.pathways(conn, query, matches) if kind == "job" else {}
    return [
        {
            "item_id": int(m.candidate.item_id),
            "kind": kind,
            "source_id": m.candidate.source_id,
            "title": m.candidate.title,
            "organization": m.candidate.org_name,
            "rank": i + 1,
            "score": m.score,
            "explanation": {
                **(asdict(m.explanation) if m.explanation else {}),
                **({"pathways": pathway_summary(routes[m.candidate.item_id])} if m.candidate.item_id in routes else {}),
            },
        }
        for i, m in enumerate(matches)
    ]
