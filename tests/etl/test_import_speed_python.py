"""Issue 14, second pass on the Python stages (h14-py): every cut gives exactly what the code it replaced gave.

The replaced code is kept here as the reference (as tests/etl/test_import_speed.py does for the first pass) and
compared with the new code on the conformance corpus, the labelled screening sets, the bench's synthetic
postings and generated input: the same screening hits (rule ids, fields, evidence, spans, order), the same
skills in the same order, the same content hashes and the same control-character errors."""

import hashlib
import importlib.util
import json
import random
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from etl.enrich import content_hash
from etl.errors import RecordError
from etl.normalize.jobs_jsonld import job_from_jsonld
from etl.normalize.pipeline import parse_jobs, parse_programs
from etl.screening.field_rules import _APP_HINTS, _mentions_app
from etl.screening.phrase_rule import PhraseRule, first_characters, rx, with_first_character_check
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.program_rules import PROGRAM_RULES, PROGRAM_TEXT_FIELDS, screen_program
from etl.screening.result import RuleHit
from etl.screening.screener import TEXT_FIELDS, phrase_hits, screen
from etl.screening.text_index import SentenceIndex, field_words, lower_same_length, sentence_ends
from matcher.taxonomy import _BARRIER, _DROPPED, _SPACES, Taxonomy, load_taxonomy, normalize_token
from models.job_posting import JobPostingIn, build_job_posting
from models.program import ProgramIn
from models.text_input import _validate, check_field_text
from tests.factories import job_in

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "conformance"
# The bench's generator (bench/ is scripts, not a package): loaded from its file.
_SPEC = importlib.util.spec_from_file_location("bench_synthetic", ROOT / "bench" / "synthetic.py")
assert _SPEC is not None and _SPEC.loader is not None
_SYNTHETIC = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_SYNTHETIC)
SCREENING_SETS = (
    ROOT / "bench" / "data" / "screening_labelled.jsonl",
    ROOT / "bench" / "data" / "screening_v2" / "holdout.jsonl",
)


# --- the references: the code as it was before this pass --------------------------------------------------


_OLD_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
_OLD_NON_WORD = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not ("a" <= chr(c) <= "z" or chr(c) == "$")},
        **dict.fromkeys("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00a0", " "),
    }
)


@dataclass(frozen=True)
class OldSentenceIndex:
    lowered: str
    words: frozenset[str]
    ends: list[int]

    @classmethod
    def build(cls, lowered: str) -> "OldSentenceIndex":
        ends = [m.end() for m in _OLD_SENTENCE_END.finditer(lowered)]
        if not ends or ends[-1] != len(lowered):
            ends.append(len(lowered))
        return cls(lowered, frozenset(lowered.translate(_OLD_NON_WORD).replace("$", " $ ").split()), ends)

    def spans_with(self, anchors: frozenset[str]) -> list[tuple[int, int]]:
        present = anchors & self.words
        if not present:
            return []
        sentences: set[int] = set()
        for word in present:
            pos = self.lowered.find(word)
            while pos != -1:
                sentences.add(bisect_right(self.ends, pos))
                pos = self.lowered.find(word, pos + 1)
        return [(self.ends[i - 1] if i else 0, self.ends[i]) for i in sorted(sentences)]


def old_find(
    rule: PhraseRule, field_name: str, text: str, lowered: str, index: OldSentenceIndex, whole: str = ""
) -> Iterator[RuleHit]:
    """PhraseRule.find (unchanged by this pass) over the old index."""
    from etl.screening.negation import is_denied

    if rule.also and not rule.also & index.words:
        return
    context_seen: bool | None = None
    for span_start, span_end in index.spans_with(rule.anchors):
        for match in rule.pattern.finditer(lowered, span_start, span_end):
            start, end = match.span()
            if is_denied(lowered, start, end, negatable=rule.negatable, reassurance=rule.reassurance):
                continue
            if rule.context is not None:
                if context_seen is None:
                    context_seen = rule.context.search(whole) is not None
                if not context_seen:
                    return
            yield RuleHit(
                rule.rule_id,
                rule.family,
                rule.indicator,
                field_name,
                text[start:end],
                start,
                end,
                rule.source,
                rule.weak,
            )


def _old_rules_by_word() -> dict[str, tuple[int, ...]]:
    by_word: dict[str, list[int]] = {}
    for position, rule in enumerate(PHRASE_RULES):
        for word in rule.anchors:
            by_word.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in by_word.items()}


OLD_RULES_BY_WORD = _old_rules_by_word()
OLD_ANCHOR_WORDS = frozenset(OLD_RULES_BY_WORD)


def old_phrase_hits(posting: Any) -> list[RuleHit]:
    hits: list[RuleHit] = []
    whole = ""
    for field_name in TEXT_FIELDS:
        text = getattr(posting, field_name) or ""
        if not text:
            continue
        lowered = lower_same_length(text)
        index = OldSentenceIndex.build(lowered)
        woken: set[int] = set()
        for word in index.words & OLD_ANCHOR_WORDS:
            woken.update(OLD_RULES_BY_WORD[word])
        if woken and not whole:
            whole = lower_same_length(f"{posting.title}\n{posting.description}")
        for position in sorted(woken):
            hits.extend(old_find(PHRASE_RULES[position], field_name, text, lowered, index, whole))
    return hits


def old_program_phrase_hits(program: ProgramIn) -> list[RuleHit]:
    hits: list[RuleHit] = []
    for field_name in PROGRAM_TEXT_FIELDS:
        text = getattr(program, field_name) or ""
        if not text:
            continue
        lowered = lower_same_length(text)
        index = OldSentenceIndex.build(lowered)
        for rule in PROGRAM_RULES:
            hits.extend(old_find(rule, field_name, text, lowered, index))
    return hits


def old_to_dict(hit: RuleHit) -> dict[str, object]:
    data = asdict(hit)
    data["family"] = hit.family.value
    return data


def old_skill_matches(taxonomy: Taxonomy, text: str) -> list[tuple[str, str, int, int]]:
    """Taxonomy.extract as it was: (skill id, evidence, start, end), one per skill, in order of first mention."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    clean = low.translate(_SPACES)
    raw = [w for w in clean.replace(_BARRIER, f" {_BARRIER} ").split() if w not in _DROPPED]
    words = [normalize_token(w) for w in raw]
    cursor_word, cursor_pos = 0, 0

    def offset(index: int) -> int:
        nonlocal cursor_word, cursor_pos
        while cursor_word < index:
            cursor_pos = clean.find(raw[cursor_word], cursor_pos) + len(raw[cursor_word])
            cursor_word += 1
        return clean.find(raw[index], cursor_pos)

    trie = taxonomy._trie
    found: dict[str, tuple[str, str, int, int]] = {}
    i, n = 0, len(words)
    while i < n:
        node = trie.get(words[i])
        if node is None:
            i += 1
            continue
        hit, hit_end, j = node.get(""), i, i + 1
        while j < n:
            node = node.get(words[j])
            if node is None:
                break
            if "" in node:
                hit, hit_end = node[""], j
            j += 1
        if hit is None:
            i += 1
            continue
        start = offset(i)
        end = offset(hit_end) + len(raw[hit_end])
        found.setdefault(hit, (hit, text[start:end], start, end))
        i = hit_end + 1
    return list(found.values())


def old_content_hash(record: JobPostingIn | ProgramIn) -> str:
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


_OLD_NOT_TEXT = (int, float, date, type(None))


def old_validate(cls: type, value: Any, field: str) -> Any:
    if isinstance(value, _OLD_NOT_TEXT) or (isinstance(value, str) and value.isprintable()):
        return value
    if isinstance(value, list) and all(isinstance(v, str) and v.isprintable() for v in value):
        return value
    check_field_text(field, value, multiline=field in getattr(cls, "MULTILINE_FIELDS", frozenset()))
    return value


# --- the inputs --------------------------------------------------------------------------------------------


def _corpus(kind: str) -> list[Any]:
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    records: list[Any] = []
    for folder, files in expected.items():
        if folder.startswith("_"):
            continue
        for name, spec in files.items():
            if spec["kind"] != kind:
                continue
            path = CORPUS / folder / name
            parsed = (
                parse_jobs(path, spec["format"], "s") if kind == "jobs" else parse_programs(path, spec["format"], "s")
            )
            records.extend(r for r in parsed if not isinstance(r, RecordError))
    return records


def _screening_sets() -> list[JobPostingIn]:
    lines = [line for path in SCREENING_SETS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [JobPostingIn.model_validate(json.loads(line)["posting"]) for line in lines]


def _synthetic(n: int = 300) -> list[JobPostingIn]:
    rng = random.Random(7)
    return [job_from_jsonld(_SYNTHETIC.posting(i, rng), {}, "bench") for i in range(n)]


@pytest.fixture(scope="module")
def postings() -> list[JobPostingIn]:
    jobs = [*_corpus("jobs"), *_screening_sets(), *_synthetic()]
    assert len(jobs) > 900
    return jobs


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def _hit_view(hits: list[RuleHit]) -> list[dict[str, object]]:
    return [old_to_dict(h) for h in hits]


# Words and pieces of real red flags (from the labelled sets and the rules' anchors), punctuation that ends a
# sentence or not, whitespace of every kind str.split and \s know, and letters that lower-case to two.
_ANCHORS = sorted({w for rule in PHRASE_RULES for w in rule.anchors | rule.also})
_PHRASES = [
    "we keep your passport",
    "pay a $500 placement fee",
    "paid in cash",
    "no papers needed",
    "housing provided",
    "you will owe us for the ticket",
    "not required",
    "at no cost",
    "free of charge",
    "work 7 days a week",
    "whatsapp only",
    "no license needed",
    "electrician",
    "deducted from your first paycheck",
    "live-in",
    "travel to europe",
    "we never hold documents",
    "send $200",
]
_SEPARATORS = [
    " ",
    " ",
    " ",
    ", ",
    ". ",
    ".",
    ".\n",
    "\n",
    "; ",
    "! ",
    "? ",
    "?",
    " - ",
    "\t",
    "\u2003",
    "\x1c",
    "\u2019s ",
]
_ODD = ["İstanbul", "$", "1.5", "e.g.", "i-9", "Passport\u2019s", "CASH", "Fee", "\u00a0", "caf\u00e9", "\u2022 "]
tokens = st.sampled_from(_ANCHORS) | st.sampled_from(_PHRASES) | st.sampled_from(_ODD) | st.text(max_size=6)
texts = st.lists(st.tuples(tokens, st.sampled_from(_SEPARATORS)), max_size=25).map(
    lambda parts: "".join(t + s for t, s in parts)
)


# --- screening ----------------------------------------------------------------------------------------------


def test_phrase_hits_equal_the_old_index_on_corpus_labelled_and_synthetic_postings(
    postings: list[JobPostingIn],
) -> None:
    fired = 0
    for posting in postings:
        new, old = phrase_hits(posting), old_phrase_hits(posting)
        assert _hit_view(new) == _hit_view(old), posting.source_id
        fired += len(new)
    assert fired > 200  # the comparison covers postings that fire, not only quiet ones


def test_screen_results_and_stored_hit_dicts_equal_the_old_ones(postings: list[JobPostingIn]) -> None:
    for posting in postings:
        result = screen(posting)
        assert [h.to_dict() for h in result.hits] == [old_to_dict(h) for h in result.hits]
        assert [h.to_dict() for h in result.hits[: len(old_phrase_hits(posting))]] == _hit_view(
            old_phrase_hits(posting)
        )


@settings(max_examples=400, deadline=None)
@given(title=texts, description=texts, contact=texts, hours=texts, qualifications=texts)
def test_phrase_hits_equal_the_old_index_for_any_text(
    title: str, description: str, contact: str, hours: str, qualifications: str
) -> None:
    # model_construct: screening reads whatever text a record holds (even a control character the schema
    # would refuse), so the comparison is not limited to what validation lets through.
    posting = JobPostingIn.model_construct(
        title=title, description=description, contact_text=contact, work_hours_text=hours, qualifications=qualifications
    )
    assert _hit_view(phrase_hits(posting)) == _hit_view(old_phrase_hits(posting))


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_sentence_index_equals_the_regex_index_for_any_text(text: str) -> None:
    lowered = lower_same_length(text)
    new, old = SentenceIndex.build(lowered), OldSentenceIndex.build(lowered)
    assert sentence_ends(lowered) == new.ends == old.ends
    assert field_words(lowered) == new.words == old.words
    for rule in PHRASE_RULES[::3]:
        assert new.spans_with(rule.anchors) == old.spans_with(rule.anchors)


def test_program_phrase_hits_equal_the_old_index_on_corpus_programs() -> None:
    programs = _corpus("programs")
    assert len(programs) > 20
    phrase_ids = {rule.rule_id for rule in PROGRAM_RULES}
    for program in programs:
        new = [h for h in screen_program(program).hits if h.rule_id in phrase_ids]
        assert _hit_view(new) == _hit_view(old_program_phrase_hits(program))


@settings(max_examples=300, deadline=None)
@given(text=texts | st.text(max_size=30))
def test_messaging_app_hints_equal_the_any_over_hints(text: str) -> None:
    lowered = text.lower()
    assert _mentions_app(lowered) == any(hint in lowered for hint in _APP_HINTS)
    for hint in _APP_HINTS:
        assert _mentions_app(f"x{hint}x")


def test_first_characters_lists_where_a_match_can_start() -> None:
    assert first_characters(rx(r"\b(?:you|hires?)\s+pay\b | (?<!we\s)\bpay\s+a | \$\s?\d")) == {"y", "h", "p", "$"}
    assert first_characters(rx(r"(?:no\s+)?papers")) == {"n", "p"}  # an optional head: what follows counts too
    assert first_characters(rx(r"[a-c]x|7")) == {"a", "b", "c", "7"}
    assert first_characters(rx(r"\w+\s+fee")) is None  # a category: not a short list
    assert first_characters(rx(r"[^.]{0,5}fee")) is None  # a negated set
    assert first_characters(rx(r"a?")) is None  # can match empty, so anywhere
    assert first_characters(re.compile("pay", re.IGNORECASE)) is None
    plain = rx(r"\w+")
    assert with_first_character_check(plain) is plain
    commented = rx("pay  # a trailing comment")
    assert with_first_character_check(commented).pattern.startswith("(?=[p])")
    assert [m.span() for m in with_first_character_check(commented).finditer("we pay you")] == [(3, 6)]


_ALL_RULES = [*PHRASE_RULES, *PROGRAM_RULES]


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_every_rule_scan_matches_exactly_where_its_pattern_does(text: str) -> None:
    lowered = lower_same_length(text)
    for rule in _ALL_RULES:
        for start, end in ((0, len(lowered)), (len(lowered) // 3, len(lowered))):
            assert [m.span() for m in rule.scan.finditer(lowered, start, end)] == [
                m.span() for m in rule.pattern.finditer(lowered, start, end)
            ], rule.rule_id


def test_every_rule_scan_matches_exactly_where_its_pattern_does_on_labelled_postings() -> None:
    assert sum(rule.scan is not rule.pattern for rule in PHRASE_RULES) >= 40  # nearly every rule is sped up
    matched = 0
    for posting in _screening_sets():
        for field_name in TEXT_FIELDS:
            lowered = lower_same_length(getattr(posting, field_name) or "")
            for rule in _ALL_RULES:
                spans = [m.span() for m in rule.pattern.finditer(lowered)]
                assert [m.span() for m in rule.scan.finditer(lowered)] == spans, rule.rule_id
                matched += len(spans)
    assert matched > 300


# --- skills ---------------------------------------------------------------------------------------------------


def test_skill_ids_and_extract_equal_the_old_scan_on_real_and_synthetic_texts(
    taxonomy: Taxonomy, postings: list[JobPostingIn]
) -> None:
    found = 0
    for posting in postings:
        text = f"{posting.title}\n{posting.description}\n{posting.qualifications or ''}"
        old = old_skill_matches(taxonomy, text)
        assert [(m.skill_id, m.evidence, m.start, m.end) for m in taxonomy.extract(text)] == old
        assert taxonomy.skill_ids(text) == [skill_id for skill_id, _, _, _ in old]
        found += len(old)
    assert found > 500


_TERMS = ["customer service", "forklift", "pallet jack", "food safety", "cash register", "driver's license", "c++"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(
        st.tuples(
            st.sampled_from(_TERMS) | st.sampled_from(_ANCHORS) | st.sampled_from(_ODD) | st.text(max_size=8),
            st.sampled_from([*_SEPARATORS, "'s ", "s "]),
        ),
        max_size=30,
    )
)
def test_skill_ids_and_extract_equal_the_old_scan_for_any_text(
    taxonomy: Taxonomy, parts: list[tuple[str, str]]
) -> None:
    text = "".join(t + s for t, s in parts)
    old = old_skill_matches(taxonomy, text)
    assert [(m.skill_id, m.evidence, m.start, m.end) for m in taxonomy.extract(text)] == old
    assert taxonomy.skill_ids(text) == [skill_id for skill_id, _, _, _ in old]


# --- content hash ---------------------------------------------------------------------------------------------


def test_content_hash_equals_the_model_dump_json_hash_on_corpus_records(postings: list[JobPostingIn]) -> None:
    records = [*postings, *_corpus("programs")]
    for record in records:
        assert content_hash(record) == old_content_hash(record)
    # A stored hash from before this change still says "unchanged": pinned for one record.
    assert content_hash(job_in(title="Line Cook", source_id="pin-1")) == old_content_hash(
        job_in(title="Line Cook", source_id="pin-1")
    )


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30).filter(str.strip),
    description=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60),
    pay=st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False),
    shifts=st.lists(st.sampled_from(["day", "night", "weekend"]), max_size=3),
)
def test_content_hash_equals_the_model_dump_json_hash_for_any_record(
    title: str, description: str, pay: float | None, shifts: list[str]
) -> None:
    try:
        record = job_in(title=title, description=description, pay_min=pay, pay_max=pay, shifts=shifts)
    except ValueError:
        return  # refused by the schema (a control character): nothing to hash
    assert content_hash(record) == old_content_hash(record)


# --- the control-character validator ---------------------------------------------------------------------------


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        return ("value", call())
    except PydanticCustomError as exc:
        return ("error", (exc.type, exc.message()))


class _Info:
    def __init__(self, field_name: str) -> None:
        self.field_name = field_name


_text_values = st.text(
    st.sampled_from(["a", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x85", "\u00e9", "\ud800", "\u200d"])
)
values = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    _text_values,
    st.lists(_text_values, max_size=3),
    st.tuples(_text_values),
    st.dictionaries(_text_values, _text_values, max_size=2),
    st.frozensets(_text_values, max_size=2),
)


@settings(max_examples=500, deadline=None)
@given(value=values, field=st.sampled_from(["title", "description", "contact_text", "skills", "pay_min", "days"]))
def test_text_validator_accepts_and_refuses_exactly_what_the_old_one_did(value: Any, field: str) -> None:
    new = _outcome(lambda: _validate(JobPostingIn, value, _Info(field)))  # type: ignore[arg-type]
    old = _outcome(lambda: old_validate(JobPostingIn, value, field))
    assert new == old
    if new[0] == "value":
        assert new[1] is value  # returned untouched


def test_records_with_a_control_character_are_refused_with_the_same_message() -> None:
    with pytest.raises(ValueError, match=r"description contains a control character \(U\+001B ESC\) at character 6"):
        job_in(description="Cook\n\x1b[31m")
    with pytest.raises(
        ValueError, match=r"title must be on one line: remove a line break or tab \(U\+000A line break\)"
    ):
        job_in(title="Line\nCook")
    assert job_in(description="Line cook.\n\tDay shift.\r\n").description == "Line cook.\n\tDay shift.\r\n"
    assert job_in(employment_types=[], shifts=["day"]).shifts == ["day"]


def test_synthetic_postings_take_the_paths_the_bench_measures(taxonomy: Taxonomy) -> None:
    """The bench's postings (bench/etl_stages.py) go through the new code: a description with a line break (the
    multi-line fast path), a phrase rule woken ("paid") but not firing, a several-sentence field, skills found."""
    posting = _synthetic(1)[0]
    assert "\n" in posting.description and "Paid training" in posting.description
    lowered = lower_same_length(posting.description)
    assert SentenceIndex.build(lowered).ends == [35, 157, 158, len(lowered)] and "paid" in field_words(lowered)
    assert phrase_hits(posting) == [] and screen(posting).hits == []
    text = f"{posting.title}\n{posting.description}\n"
    assert [label for _, label in sorted((m.start, m.label) for m in taxonomy.extract(text))] == [
        taxonomy.label(skill_id) for skill_id in taxonomy.skill_ids(text)
    ]
    assert len(taxonomy.skill_ids(text)) == 2


# --- building JobPostingIn without the per-field text-validator calls -------------------------------------------


def _built(build: Any, values: dict[str, Any]) -> tuple[str, Any]:
    """What building gives, in comparable form: the record's type and state, or the whole ValidationError."""
    try:
        record = build(**values)
    except ValidationError as exc:
        return ("error", (exc.title, exc.errors(include_url=True), str(exc)))
    state = (record.__dict__, record.__pydantic_fields_set__, record.__pydantic_extra__, record.__pydantic_private__)
    return ("record", (type(record), state, content_hash(record)))


def test_built_records_equal_the_models_on_corpus_labelled_and_synthetic_postings(postings: list[JobPostingIn]) -> None:
    fast = 0
    for posting in postings:
        values = {name: getattr(posting, name) for name in posting.model_fields_set}
        assert _built(build_job_posting, values) == _built(JobPostingIn, values)
        fast += build_job_posting._all_acceptable(values)
    assert fast == len(postings)  # every real record takes the short way
    assert JobPostingIn.__pydantic_complete__ is True  # the class is left as it was


_field_values = st.one_of(
    st.none(),
    _text_values,
    st.text(max_size=8),
    st.text(min_size=600, max_size=700, alphabet="ab "),  # too long for most columns
    st.lists(_text_values, max_size=3),
    st.integers(-3, 3),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(),
    st.just({"x": "y"}),
    st.sampled_from(["HOUR", "fortnight", "javascript:alert(1)", "https://example.org/job", "2026-11-01"]),
)
_FIELDS = [*JobPostingIn.model_fields, "not_a_field"]


@settings(max_examples=400, deadline=None)
@given(
    required=st.fixed_dictionaries({"source": st.just("s"), "source_id": st.text(max_size=5), "title": _text_values}),
    others=st.dictionaries(st.sampled_from(_FIELDS), _field_values, max_size=8),
    drop=st.sets(st.sampled_from(["source", "source_id", "title", "employer_name"]), max_size=2),
)
def test_built_record_or_error_equals_the_models_for_any_values(
    required: dict[str, Any], others: dict[str, Any], drop: set[str]
) -> None:
    values = {**required, "employer_name": "Cascade", **others}
    for name in drop:
        values.pop(name, None)
    assert _built(build_job_posting, values) == _built(JobPostingIn, values)


def test_a_control_character_takes_the_models_own_path_and_message() -> None:
    values = {"source": "s", "source_id": "1", "title": "Cook\x1b", "employer_name": "Cascade", "pay_min": "x"}
    assert not build_job_posting._all_acceptable(values)
    with pytest.raises(ValidationError) as caught:
        build_job_posting(**values)
    assert caught.value.title == "JobPostingIn"
    assert [(e["loc"], e["type"]) for e in caught.value.errors()] == [
        (("title",), "control_character"),
        (("pay_min",), "float_parsing"),
    ]
    assert "title contains a control character (U+001B ESC) at character 5" in str(caught.value)
