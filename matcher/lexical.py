"""Lexical relevance over candidate texts: BM25 (bm25s) and TF-IDF (scikit-learn).

The API path ranks with PostgreSQL full-text search and hands those scores to
`ranking.rank`; these in-memory indexes serve the batch command and the benchmark.
"""

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Bm25Index", "TfidfIndex", "tokenize"]

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
