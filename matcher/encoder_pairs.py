"""Training pairs for the domain-adapted encoder (issue 13), built within the split rule.

Every pair keeps its provenance: the taxonomy ("onet" or "esco") and the occupation code it was
built from, so a test can prove that no pair comes from a reserved occupation
(`matcher.split_rule`) and no pair comes from the validation slice used to choose settings.

The validation slice is itself on the training side, fixed by the codes like the split rule:
- O*NET: a training SOC whose SHA-256 digest begins with 0 or 1 (about 1 in 8, spread over
  every major group; the brief's "SOC ending in 0" holds no occupation with task statements);
- ESCO: an occupation whose UUID begins with 7.
Reserved occupations are never read: `training_occupations` drops them before any text is used.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from matcher.embedding_text import item_text
from matcher.evaluation.dataset import _past
from matcher.split_rule import SplitRuleError, is_training_esco, is_training_soc

__all__ = [
    "EscoOccupation",
    "OnetOccupation",
    "Pair",
    "PairLimits",
    "assert_training_only",
    "build_esco_pairs",
    "build_onet_pairs",
    "casual_phrase",
    "is_validation_esco",
    "is_validation_soc",
    "make_batches",
    "onet_occupations",
    "read_esco_occupations",
    "task_verbs",
    "training_pairs",
]

NEUTRAL_TITLE = "Job opening"  # how eval set 2 hides titles; descriptions are trained under it too
ESCO_FILE = Path(__file__).parent / "data" / "esco_occupations.csv.gz"
# Pairs kept per kind (sampled with the seed): sized so one epoch fits ~20 minutes on 2 cores.
DEFAULT_LIMITS: dict[str, int | None] = {
    "title-task": 3000,
    "title-dwa": 2000,
    "task-task": 2500,
    "casual-title": 2500,
    "casual-posting": 1500,
    "pref-alt": 3500,
    "alt-alt": 2500,
    "label-description": 2500,
}


@dataclass(frozen=True, slots=True)
class Pair:
    """One (anchor, positive) example; `negative` is an optional hard negative text."""

    anchor: str
    positive: str
    kind: str  # e.g. "title-task"; see the builders
    source: str  # "onet" | "esco"
    code: str  # SOC code or ESCO UUID of the occupation both texts come from
    negative: str | None = None
    negative_code: str | None = None


@dataclass(frozen=True, slots=True)
class OnetOccupation:
    soc: str
    title: str
    onet_titles: tuple[str, ...] = ()
    tasks: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EscoOccupation:
    uuid: str
    preferred_label: str
    alt_labels: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class PairLimits:
    """How many pairs of each kind to keep at most (sampled with the seed); None keeps all."""

    per_kind: Mapping[str, int | None] = field(default_factory=dict)

    def cap(self, kind: str) -> int | None:
        return self.per_kind.get(kind)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def is_validation_soc(soc: str) -> bool:
    """A training-side SOC held out of training to choose settings (never a reserved one)."""
    return is_training_soc(soc) and _digest(soc)[0] in "01"


def is_validation_esco(uuid: str) -> bool:
    """A training-side ESCO occupation held out of training to choose settings (UUID begins 7)."""
    return is_training_esco(uuid) and uuid.strip().lower().rsplit("/", 1)[-1].startswith("7")


def _is_training_code(source: str, code: str) -> bool:
    return is_training_soc(code) if source == "onet" else is_training_esco(code)


def onet_occupations(
    titles: Mapping[str, str],
    tasks: Mapping[str, Sequence[str]],
    activities: Mapping[str, Sequence[str]],
    onet_titles: Mapping[str, Sequence[str]] | None = None,
) -> list[OnetOccupation]:
    """Training-side O*NET occupations with text (reserved ones are dropped before any text is read)."""
    out = []
    for soc in sorted(titles):
        if not is_training_soc(soc) or not (tasks.get(soc) or activities.get(soc)):
            continue
        out.append(
            OnetOccupation(
                soc=soc,
                title=titles[soc],
                onet_titles=tuple((onet_titles or {}).get(soc, ())),
                tasks=tuple(tasks.get(soc, ())),
                activities=tuple(activities.get(soc, ())),
            )
        )
    return out


def read_esco_occupations(path: Path) -> list[EscoOccupation]:
    """Training-side ESCO occupations from esco_occupations.csv.gz (uuid, preferred_label,
    alt_labels "|"-joined, description); reserved rows are skipped before their text is kept."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                if not is_training_esco(row["uuid"]):
                    continue
            except SplitRuleError:
                continue  # a code the rule cannot place is never trained on
            alts = tuple(a.strip() for a in (row.get("alt_labels") or "").split("|") if a.strip())
            out.append(
                EscoOccupation(
                    uuid=row["uuid"].strip(),
                    preferred_label=row["preferred_label"].strip(),
                    alt_labels=alts,
                    description=(row.get("description") or "").strip(),
                )
            )
    return out


def _names(occ: OnetOccupation) -> list[str]:
    """The SOC title and the O*NET titles filed under it, without repeats."""
    seen: dict[str, None] = {occ.title: None}
    for name in occ.onet_titles:
        seen.setdefault(name, None)
    return list(seen)


_JOINED_VERB = re.compile(r"(, (?:or|and) |; )([a-z]+)(?= )")
_FIRST_WORD = re.compile(r"^([A-Za-z]+)")


def task_verbs(task_lists: Iterable[Sequence[str]]) -> frozenset[str]:
    """The words that open a task statement: the verbs a joined clause may start with."""
    return frozenset(t.split(" ", 1)[0].lower() for tasks in task_lists for t in tasks if t.strip())


def casual_phrase(task: str, verbs: frozenset[str]) -> str:
    """A task statement as a person says it about past work: 'Clean rooms, and sort linen.' ->
    'Cleaned rooms, and sorted linen'. Only known task verbs after 'and'/'or' change, so
    'and cleaning supplies' stays as it is (evaluation.dataset.past_tense makes 'cleaninged')."""
    text = _FIRST_WORD.sub(lambda m: _past(m.group(1)), task.strip().rstrip("."), count=1)

    def repl(m: re.Match[str]) -> str:
        return m.group(1) + (_past(m.group(2)) if m.group(2) in verbs else m.group(2))

    return _JOINED_VERB.sub(repl, text)


def _major(soc: str) -> str:
    return soc[:2]


def build_onet_pairs(
    occupations: Iterable[OnetOccupation],
    *,
    seed: int,
    limits: PairLimits | None = None,
    hard_negatives: bool = False,
    include_validation: bool = False,
) -> list[Pair]:
    """O*NET pairs from training occupations (validation slice left out unless asked):

    - title-task: an occupation title (SOC or O*NET title) -> one of its task statements;
    - title-dwa: a title -> one of its detailed work activities;
    - task-task: a task statement -> another task of the same occupation;
    - casual-title: a past-tense task ("Cleaned guest rooms") -> the title alone (title-only postings);
    - casual-posting: two past-tense tasks -> a posting made of the title and two other tasks.
    Hard negatives (optional): a task of another occupation in the same SOC major group.
    """
    rng = random.Random(seed)  # noqa: S311 -- reproducible sampling, not secrets
    occs = [o for o in occupations if is_training_soc(o.soc) and (include_validation or not is_validation_soc(o.soc))]
    verbs = task_verbs(o.tasks for o in occs)
    by_kind: dict[str, list[Pair]] = defaultdict(list)
    for occ in occs:
        names = _names(occ)
        tasks = list(occ.tasks)
        for i, task in enumerate(tasks):
            by_kind["title-task"].append(Pair(names[i % len(names)], task, "title-task", "onet", occ.soc))
            casual = casual_phrase(task, verbs)
            by_kind["casual-title"].append(Pair(casual, names[i % len(names)], "casual-title", "onet", occ.soc))
            if len(tasks) > 1:
                other = tasks[(i + 1 + rng.randrange(len(tasks) - 1)) % len(tasks)]
                by_kind["task-task"].append(Pair(task, other, "task-task", "onet", occ.soc))
        for i, dwa in enumerate(occ.activities):
            by_kind["title-dwa"].append(Pair(names[i % len(names)], dwa, "title-dwa", "onet", occ.soc))
        if len(tasks) >= 4:
            for _ in range(len(tasks) // 2):
                picked = rng.sample(tasks, 4)
                query = ". ".join(casual_phrase(t, verbs) for t in picked[:2]) + "."
                posting = item_text(rng.choice(names), " ".join(picked[2:]))
                by_kind["casual-posting"].append(Pair(query, posting, "casual-posting", "onet", occ.soc))
    pairs = _capped(by_kind, limits, rng)
    if hard_negatives:
        pairs = _with_onet_negatives(pairs, occs, rng)
    return pairs


def _with_onet_negatives(pairs: list[Pair], occs: Sequence[OnetOccupation], rng: random.Random) -> list[Pair]:
    """Give each pair a task of a different occupation in the same SOC major group (the
    confusable neighbour: 'Cooks, Restaurant' against 'Food Preparation Workers')."""
    tasks_by_major: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for occ in occs:
        tasks_by_major[_major(occ.soc)].extend((occ.soc, t) for t in occ.tasks)
    out = []
    for p in pairs:
        pool = tasks_by_major.get(_major(p.code), [])
        candidates = [c for c in rng.sample(pool, min(8, len(pool))) if c[0] != p.code]
        if candidates:
            soc, text = candidates[0]
            p = Pair(p.anchor, p.positive, p.kind, p.source, p.code, negative=text, negative_code=soc)
        out.append(p)
    return out


def build_esco_pairs(
    occupations: Iterable[EscoOccupation],
    *,
    seed: int,
    limits: PairLimits | None = None,
    include_validation: bool = False,
) -> list[Pair]:
    """ESCO pairs from training occupations (validation slice left out unless asked):

    - pref-alt: preferred label -> an alternative label (title <-> title);
    - alt-alt: an alternative label -> another of the same occupation;
    - label-description: a label (preferred or alternative) -> the description under the neutral
      title "Job opening", as eval set 2 shows it, so the title cannot carry the match.
    """
    rng = random.Random(seed + 1)  # noqa: S311 -- reproducible sampling, not secrets
    by_kind: dict[str, list[Pair]] = defaultdict(list)
    for occ in occupations:
        if not is_training_esco(occ.uuid) or (not include_validation and is_validation_esco(occ.uuid)):
            continue
        pref, alts = occ.preferred_label, [a for a in occ.alt_labels if a != occ.preferred_label]
        for alt in alts:
            by_kind["pref-alt"].append(Pair(pref, alt, "pref-alt", "esco", occ.uuid))
        if len(alts) > 1:
            for i, alt in enumerate(alts):
                other = alts[(i + 1 + rng.randrange(len(alts) - 1)) % len(alts)]
                by_kind["alt-alt"].append(Pair(alt, other, "alt-alt", "esco", occ.uuid))
        if occ.description:
            posting = item_text(NEUTRAL_TITLE, occ.description)
            labels = [pref, *alts]
            for label in rng.sample(labels, min(3, len(labels))):
                by_kind["label-description"].append(Pair(label, posting, "label-description", "esco", occ.uuid))
    return _capped(by_kind, limits, rng)


def _capped(by_kind: Mapping[str, list[Pair]], limits: PairLimits | None, rng: random.Random) -> list[Pair]:
    out: list[Pair] = []
    for kind in sorted(by_kind):
        pairs = by_kind[kind]
        cap = limits.cap(kind) if limits else None
        if cap is not None and len(pairs) > cap:
            pairs = rng.sample(pairs, cap)
        out.extend(pairs)
    return out


def assert_training_only(pairs: Iterable[Pair]) -> None:
    """Raise SplitRuleError if any pair (or its hard negative) comes from a reserved occupation."""
    for p in pairs:
        for code in (p.code, p.negative_code):
            if code is not None and not _is_training_code(p.source, code):
                raise SplitRuleError(f"Training pair from a reserved occupation {code} ({p.kind}): {p.anchor!r}")


def make_batches(pairs: Sequence[Pair], batch_size: int, *, seed: int, by_kind: bool = False) -> list[list[Pair]]:
    """Shuffled batches in which no occupation and no text appears twice.

    Why: the loss treats every other positive in a batch as a negative; two pairs of one
    occupation (or one title twice) would teach the model to push apart texts that belong
    together. A pair that would clash waits for a later batch; the tail that cannot fill a
    whole batch is dropped (its count is the difference from len(pairs)).
    With by_kind, each batch holds one kind of pair: a batch of short titles is then padded
    to a title's length, not a description's (about 3x fewer word pieces on a CPU), and the
    batches of all kinds are shuffled together.
    """
    rng = random.Random(seed)  # noqa: S311 -- reproducible order, not secrets
    if not by_kind:
        return list(_batches(pairs, batch_size, rng))
    batches: list[list[Pair]] = []
    for kind in sorted({p.kind for p in pairs}):
        batches += _batches([p for p in pairs if p.kind == kind], batch_size, rng)
    rng.shuffle(batches)
    return batches


def _batches(pairs: Sequence[Pair], batch_size: int, rng: random.Random) -> Iterator[list[Pair]]:
    pending = list(pairs)
    rng.shuffle(pending)
    while len(pending) >= batch_size:
        batch: list[Pair] = []
        codes: set[tuple[str, str]] = set()
        texts: set[str] = set()
        waiting: list[Pair] = []
        rest = iter(pending)
        for p in rest:
            own = {p.anchor, p.positive} | ({p.negative} if p.negative else set())
            if (p.source, p.code) in codes or own & texts:
                waiting.append(p)
                continue
            batch.append(p)
            codes.add((p.source, p.code))
            texts |= own
            if len(batch) == batch_size:
                break
        if len(batch) < batch_size:
            return
        pending = waiting + list(rest)
        yield batch


def training_pairs(
    esco_path: Path | None,
    *,
    seed: int,
    limits: PairLimits | None = None,
    hard_negatives: bool = False,
) -> tuple[list[Pair], list[OnetOccupation], list[EscoOccupation]]:
    """The exact pairs scripts/finetune_encoder.py trains on, with the training-side occupations
    they were drawn from (the validation sets are built from those). Checked against the split rule."""
    from matcher.occupations import load_occupations

    occ = load_occupations()
    onet = onet_occupations(occ.titles, occ.tasks, occ.activities, occ.onet_titles)
    esco = read_esco_occupations(esco_path) if esco_path else []
    limits = limits if limits is not None else PairLimits(DEFAULT_LIMITS)
    pairs = build_onet_pairs(onet, seed=seed, limits=limits, hard_negatives=hard_negatives)
    pairs += build_esco_pairs(esco, seed=seed, limits=limits)
    assert_training_only(pairs)
    return pairs, onet, esco
