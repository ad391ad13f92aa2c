"""Sentence spans of a field and the words in it, built once per field.

Each rule names words at least one of which any of its matches contains. A rule
whose words are absent is skipped; otherwise its regex runs only on the sentences
holding them. Running ~25 regexes over every character of a long posting costs
about a millisecond; this keeps the screener within budget on every import.
"""

from bisect import bisect_right

# Rule patterns never match across sentence ends: ". ; ! ?" followed by whitespace (or the end of the text),
# and every line break. (Formerly the regex [.;!?](?=\s|$)|\n; str.find per character is ~10x faster on a
# long description, and a regex's \s is exactly str.isspace.)
_SENTENCE_PUNCTUATION = ".;!?"
# Everything but lower-case ASCII letters and "$" becomes a space, so split() yields the words:
# ~30% faster than re.findall(r"[a-z]+|\$"). Typographic punctuation is mapped too, so
# "passport\u2019s" (curly apostrophe) still yields "passport"; other non-ASCII letters stay inside their word.
_NON_WORD_KEPT = frozenset(b"abcdefghijklmnopqrstuvwxyz$")
_NON_WORD = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not ("a" <= chr(c) <= "z" or chr(c) == "$")},
        **dict.fromkeys("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b7\u00a0", " "),
    }
)
# The same mapping for ASCII text as a byte table: bytes.translate is a plain table lookup, ~5x faster than
# str.translate with a dict on the short fields (titles, descriptions) most postings have.
# (Only ASCII text takes this path; bytes.translate wants all 256 entries.)
_NON_WORD_BYTES = bytes(c if c in _NON_WORD_KEPT else 32 for c in range(128)) + bytes(range(128, 256))


def lower_same_length(text: str) -> str:
    """Lower-case text keeping every offset (a few non-ASCII letters lower to two characters)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def field_words(lowered: str) -> frozenset[str]:
    """The words of a lower-cased field: runs of letters, and every "$" as a word of its own."""
    if lowered.isascii():
        spaced = lowered.encode("ascii").translate(_NON_WORD_BYTES).decode("ascii")
    else:
        spaced = lowered.translate(_NON_WORD)
    if "$" in spaced:
        spaced = spaced.replace("$", " $ ")
    return frozenset(spaced.split())


def sentence_ends(lowered: str) -> list[int]:
    """End offset of each sentence, ascending; the last is len(lowered)."""
    size = len(lowered)
    ends: list[int] = []
    for mark in _SENTENCE_PUNCTUATION:
        pos = lowered.find(mark)
        while pos != -1:
            after = pos + 1
            if after == size or lowered[after].isspace():
                ends.append(after)
            pos = lowered.find(mark, after)
    pos = lowered.find("\n")
    while pos != -1:
        ends.append(pos + 1)
        pos = lowered.find("\n", pos + 1)
    ends.sort()
    if not ends or ends[-1] != size:
        ends.append(size)
    return ends


class SentenceIndex:
    """A field's words, and its sentence ends worked out only when a rule needs them (most fields wake no rule:
    a title, a short contact line)."""

    __slots__ = ("_ends", "_sentences", "lowered", "words")

    def __init__(self, lowered: str, words: frozenset[str], ends: list[int] | None = None) -> None:
        self.lowered = lowered
        self.words = words
        self._ends = ends
        # word -> the sentences it occurs in (as a substring), found once however many rules it wakes.
        self._sentences: dict[str, set[int]] = {}

    @classmethod
    def build(cls, lowered: str) -> "SentenceIndex":
        return cls(lowered, field_words(lowered))

    @property
    def ends(self) -> list[int]:
        """End offset of each sentence, ascending; the last is len(lowered)."""
        if self._ends is None:
            self._ends = sentence_ends(self.lowered)
        return self._ends

    def spans_with(self, anchors: frozenset[str]) -> list[tuple[int, int]]:
        """Sentences that may contain one of `anchors` (a superset: substring search), in order."""
        present = anchors & self.words
        if not present:
            return []
        ends = self.ends
        if len(ends) == 1:  # one sentence (a title, a short line): it holds every word of the field
            return [(0, ends[0])]
        sentences: set[int] = set()
        for word in present:
            sentences |= self._sentences_of(word)
        return [(ends[i - 1] if i else 0, ends[i]) for i in sorted(sentences)]

    def _sentences_of(self, word: str) -> set[int]:
        found = self._sentences.get(word)
        if found is None:
            lowered, ends = self.lowered, self.ends
            found = set()
            pos = lowered.find(word)
            while pos != -1:
                found.add(bisect_right(ends, pos))
                pos = lowered.find(word, pos + 1)
            self._sentences[word] = found
        return found
