"""Lexical relevance over candidate texts: BM25 (bm25s) and TF-IDF (scikit-learn).

The API path ranks with PostgreSQL full-text search and hands those scores to
`ranking.rank`; these in-memory indexes serve the batch command and the benchmark.
"""

import math
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = ["Bm25Index", "IncrementalBm25", "TfidfIndex", "tokenize"]

FloatArray = npt.NDArray[np.float32]

_WORD = re.compile(r"[a-z0-9]+")
# Short English stop list: function words only, so "work", "care", "set" stay searchable.
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "other",
        "such",
        "that",
        "the",
        "their",
        "them",
        "these",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "who",
        "whom",
        "which",
        "while",
        "using",
        "use",
        "used",
        "as",
        "per",
        "via",
        "etc",
    ]
)


def _stem(word: str) -> str:
    """Light suffix stripping (plural, -ing, -ed) so 'cleaning' meets 'cleans'."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes")):
                return word[:-1]
            return word[: -len(suffix)] + keep
    return word


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stop words, lightly stemmed."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]


class Bm25Index:
    """BM25 (Lucene variant) over a fixed list of texts."""

    def __init__(self, texts: Sequence[str], *, k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self.size = len(texts)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        # An all-empty corpus would make bm25s fail; a placeholder token keeps it valid.
        corpus = [tokenize(t) or ["__empty__"] for t in texts]
        if self.size:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query: str) -> FloatArray:
        """BM25 score of every indexed text for the query (0 where no term matches)."""
        tokens = tokenize(query)
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)


class TfidfIndex:
    """Cosine similarity of sublinear TF-IDF vectors over a fixed list of texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.size = len(texts)
        self._vectorizer = TfidfVectorizer(tokenizer=tokenize, lowercase=False, sublinear_tf=True, token_pattern=None)
        self._matrix = self._vectorizer.fit_transform(list(texts) or [""])

    def scores(self, query: str) -> FloatArray:
        """Cosine similarity of every indexed text to the query."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        q = self._vectorizer.transform([query])
        return np.asarray((self._matrix @ q.T).toarray().ravel(), dtype=np.float32)


@lru_cache(maxsize=4096)
def _term_counts(text: str) -> Counter[str]:
    """Token counts of an item text, cached: the database path scores the same popular items query after
    query, and tokenizing a posting is the costly part of scoring it. Callers must not change the result."""
    return Counter(tokenize(text) or ["__empty__"])  # as `add`: an empty text still counts as a document


class IncrementalBm25:
    """BM25 (the Lucene variant `Bm25Index` uses, same tokens) over numbered slots that come and go.

    Why not bm25s: its index is built once over a fixed corpus, so one changed posting meant re-tokenizing
    the whole catalog. Here a slot is added or removed in time proportional to its own text; document
    frequencies, the live count and the mean length follow each change, so the scores equal a fresh
    `Bm25Index` over the live texts (tests/matcher/test_live_index.py). Postings of removed slots stay until
    `compact` (they score nothing meanwhile).
    """

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self._post_slots: list[array[int]] = []  # term id -> slots holding it (removed ones included)
        self._post_tfs: list[array[float]] = []
        self._df: list[int] = []  # term id -> live slots holding it
        self._doc_terms: dict[int, tuple[list[int], list[float]]] = {}
        self._len = np.ones(1024, dtype=np.float64)  # slot -> token count
        self._alive = np.zeros(1024, dtype=bool)
        self._total_len = 0
        self._dead_postings = 0
        self._live_postings = 0

    @property
    def size(self) -> int:
        return len(self._doc_terms)

    def _room(self, slot: int) -> None:
        if slot >= len(self._alive):
            grow = max(slot + 1, 2 * len(self._alive))
            self._len = np.concatenate([self._len, np.ones(grow - len(self._len))])
            self._alive = np.concatenate([self._alive, np.zeros(grow - len(self._alive), dtype=bool)])

    def add(self, slot: int, text: str) -> None:
        tokens = tokenize(text) or ["__empty__"]  # as Bm25Index: an empty text still counts as a document
        counts = Counter(tokens)
        ids: list[int] = []
        for token, tf in counts.items():
            term = self.vocab.get(token)
            if term is None:
                term = self.vocab[token] = len(self._df)
                self._post_slots.append(array("q"))
                self._post_tfs.append(array("f"))
                self._df.append(0)
            self._post_slots[term].append(slot)
            self._post_tfs[term].append(float(tf))
            self._df[term] += 1
            ids.append(term)
        self._room(slot)
        self._doc_terms[slot] = (ids, [float(tf) for tf in counts.values()])
        self._len[slot] = len(tokens)
        self._alive[slot] = True
        self._total_len += len(tokens)
        self._live_postings += len(ids)

    def remove(self, slot: int) -> None:
        ids, _ = self._doc_terms.pop(slot)
        for term in ids:
            self._df[term] -= 1
        self._alive[slot] = False
        self._total_len -= int(self._len[slot])
        self._dead_postings += len(ids)
        self._live_postings -= len(ids)

    def needs_compaction(self) -> bool:
        return self._dead_postings > max(10_000, self._live_postings // 2)

    def compact(self, remap: npt.NDArray[np.int64]) -> None:
        """Drop removed slots' postings and renumber the live ones (`remap[old]` = new slot, -1 if removed)."""
        for term in range(len(self._df)):
            slots = np.array(self._post_slots[term], dtype=np.int64)
            tfs = np.array(self._post_tfs[term], dtype=np.float32)
            keep = self._alive[slots]
            self._post_slots[term] = array("q", remap[slots[keep]].tobytes())
            self._post_tfs[term] = array("f", tfs[keep].tobytes())
        live = np.flatnonzero(self._alive)
        new_len = np.ones(len(self._len), dtype=np.float64)
        new_alive = np.zeros(len(self._alive), dtype=bool)
        new_len[remap[live]] = self._len[live]
        new_alive[remap[live]] = True
        self._len, self._alive = new_len, new_alive
        self._doc_terms = {int(remap[slot]): terms for slot, terms in self._doc_terms.items()}
        self._dead_postings = 0

    def scores(self, query: str, n_slots: int) -> FloatArray:
        """BM25 score of every slot below `n_slots` for the query (0 for removed slots and unmatched ones)."""
        out = np.zeros(n_slots, dtype=np.float64)
        n_docs = len(self._doc_terms)
        if not n_docs:
            return out.astype(np.float32)
        avg_len = self._total_len / n_docs
        for token in tokenize(query):  # repeated query words count again, as in bm25s
            term = self.vocab.get(token)
            if term is None or self._df[term] == 0:
                continue
            df = self._df[term]
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            slots = np.array(self._post_slots[term], dtype=np.int64)
            tfs = np.array(self._post_tfs[term], dtype=np.float64)
            keep = self._alive[slots] & (slots < n_slots)
            slots, tfs = slots[keep], tfs[keep]
            norm = self.k1 * ((1 - self.b) + self.b * self._len[slots] / avg_len)
            out[slots] += idf * tfs / (tfs + norm)
        return out.astype(np.float32)

    def rarest_words(self, query: str, n: int) -> list[str]:
        """Up to `n` distinct words of the query, rarest first by document frequency here (a word no held text
        has counts as rarest); stop words and one-letter words left out, as `tokenize` does."""
        words = list(dict.fromkeys(w for w in _WORD.findall(query.lower()) if w not in _STOP and len(w) > 1))

        def frequency(word: str) -> int:
            term = self.vocab.get(_stem(word))
            return 0 if term is None else self._df[term]

        return sorted(words, key=frequency)[:n]  # stable: equally rare words keep the query's order

    def score_texts(self, query: str, texts: Sequence[str]) -> FloatArray:
        """BM25 score of outside texts for the query, under this index's statistics (document count, document
        frequencies, mean length): what each text would score as one more held document that leaves the
        statistics unchanged. A text the index holds scores exactly what `scores` gives its slot (same tokens,
        same arithmetic in the same order), which the database path's equality with the in-memory path
        rests on (tests/retrieval/test_retrieval_equality.py)."""
        out = np.zeros(len(texts), dtype=np.float64)
        n_docs = len(self._doc_terms)
        if not n_docs or not texts:
            return out.astype(np.float32)
        avg_len = self._total_len / n_docs
        docs = [_term_counts(t) for t in texts]
        lengths = np.asarray([sum(d.values()) for d in docs], dtype=np.float64)
        norm = self.k1 * ((1 - self.b) + self.b * lengths / avg_len)
        for token in tokenize(query):
            term = self.vocab.get(token)
            if term is None or self._df[term] == 0:
                continue
            df = self._df[term]
            idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            tfs = np.asarray([d.get(token, 0) for d in docs], dtype=np.float64)
            hit = tfs > 0
            out[hit] += idf * tfs[hit] / (tfs[hit] + norm[hit])
        return out.astype(np.float32)
