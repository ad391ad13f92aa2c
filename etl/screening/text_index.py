"""Sentence spans of a field and the words in it, built once per field.

Each rule names words at least one of which any of its matches contains. A rule
whose words are absent is skipped; otherwise its regex runs only on the sentences
holding them. Running ~25 regexes over every character of a long posting costs
about a millisecond; this keeps the screener within budget on every import.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

# Rule patterns never match across these (their windows exclude . ; and newlines).
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|\n")
# Everything but lower-case ASCII letters and "$" becomes a space, so split() yields the words:
# ~30% faster than re.findall(r"[a-z]+|\$"). Typographic punctuation is mapped too, so
# "passport\u2019s" (curly apostrophe) still yields "passport"; other non-ASCII letters stay inside their word.
_NON_WORD = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not ("a" <= chr(c) <= "z" or chr(c) == "$")},
        **dict.fromkeys("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00a0", " "),
    }
)


def lower_same_length(text: str) -> str:
    """Lower-case text keeping every offset (a few non-ASCII letters lower to two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


@dataclass(frozen=True)
class SentenceIndex:
    lowered: str
    words: frozenset[str]
    ends: list[int]  # end offset of each sentence, ascending; the last is len(lowered)

    @classmethod
    def build(cls, lowered: str) -> "SentenceIndex":
        ends = [m.end() for m in _SENTENCE_END.finditer(lowered)]
        if not ends or ends[-1] != len(lowered):
            ends.append(len(lowered))
        return cls(lowered, frozenset(lowered.translate(_NON_WORD).replace("$", " $ ").split()), ends)

    def spans_with(self, anchors: frozenset[str]) -> list[tuple[int, int]]:
        """Sentences that may contain one of `anchors` (a superset: substring search), in order."""
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
