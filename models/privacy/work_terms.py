"""Capitalised work terms and duty verbs that spaCy misreads as names or places (issue 15).

Read from `work_terms.txt`, which `scripts/make_work_terms.py` derives from the O*NET task statements in
matcher/data (never edit it by hand). Three kinds of line:

- `A LEED`: an acronym or dotted abbreviation ("LEED", "U.S.") used in work text. Names are not written
  this way, so these are allowed on their own.
- `P materials into [Braille]`, `P [Geiger] counters`: a capitalised term with the words that stand next to
  it in a task statement. A capitalised word could always be someone's name ("Geiger", "Paris", "Holter"),
  so it is allowed only inside such a phrase, never alone: "Geiger counters" is kept, "Geiger called" is not.
- `V draft` / `N mark`: verbs that open a task statement; `N` marks those that are also first names or
  surnames in the name lists the script reads, which keep the stricter test in recognizers.py.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WORK_TERMS_FILE = Path(__file__).with_name("work_terms.txt")

# One word: letters and digits joined by . ' & - ("U.S.", "O'Brien", "AT&T"); a trailing period is kept
# only when the word has another (an abbreviation), not when it ends a sentence.
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.'&-][A-Za-z0-9]+)*\.?")
_CAPITALISED = re.compile(r"[A-Z]")
STOPWORDS = frozenset(
    "a an the of and or in into on onto at to for from by with such as including like e.g. i.e. other "  # noqa: SIM905
    "their its his her".split()
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, end = m.group(), m.end()
        if word.endswith(".") and word.count(".") == 1:
            word, end = word[:-1], end - 1
        out.append(Token(word, m.start(), end))
    return out


def is_capitalised(word: str) -> bool:
    return bool(_CAPITALISED.match(word))


def is_acronym(word: str) -> bool:
    """All capitals ("LEED", "HVAC") or dotted ("U.S."): a shape names do not take."""
    letters = word.replace(".", "")
    return len(letters) >= 2 and (letters.isupper() or "." in word) and letters.isalnum()


def runs(toks: list[Token], text: str) -> list[tuple[int, int]]:
    """Index ranges [i, j) of consecutive capitalised tokens separated by spaces only."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not is_capitalised(toks[i].text):
            i += 1
            continue
        j = i + 1
        while j < len(toks) and is_capitalised(toks[j].text) and text[toks[j - 1].end : toks[j].start].isspace():
            j += 1
        out.append((i, j))
        i = j
    return out


@dataclass(frozen=True)
class WorkTerms:
    acronyms: frozenset[str]
    phrases: dict[str, tuple[tuple[str, str], ...]]  # run text -> (text before, text after), lower case
    verbs: frozenset[str]  # open a task statement, not a name
    name_verbs: frozenset[str]  # open a task statement, and are names too


def parse(lines: list[str]) -> WorkTerms:
    acronyms: set[str] = set()
    phrases: dict[str, set[tuple[str, str]]] = {}
    verbs: set[str] = set()
    name_verbs: set[str] = set()
    for line in lines:
        line = line.split("#", 1)[0].rstrip() if line.startswith("#") else line.rstrip("\n")
        if not line:
            continue
        kind, _, value = line.partition(" ")
        if kind == "A":
            acronyms.add(value)
        elif kind == "V":
            verbs.add(value)
        elif kind == "N":
            name_verbs.add(value)
        elif kind == "P":
            before, _, rest = value.partition("[")
            term, _, after = rest.partition("]")
            phrases.setdefault(term, set()).add((before.lower(), after.lower()))
        else:
            raise ValueError(f"{WORK_TERMS_FILE.name}: unknown line kind {kind!r}")
    return WorkTerms(
        frozenset(acronyms), {k: tuple(sorted(v)) for k, v in phrases.items()}, frozenset(verbs), frozenset(name_verbs)
    )


@cache
def work_terms() -> WorkTerms:
    return parse(WORK_TERMS_FILE.read_text(encoding="utf-8").splitlines())


def is_capitalised_work_term(text: str, start: int, end: int) -> bool:
    """Every capitalised word of the span [start, end) is a listed acronym, or sits in a capitalised run
    that the text shows inside one of its listed phrases ("24-hour [Holter] and event monitors")."""
    terms = work_terms()
    toks = tokens(text)
    inside = [k for k, t in enumerate(toks) if t.start < end and t.end > start]
    # Lower-case words in the span are judged by the other rules: this one only clears capitalised ones.
    if not inside or not all(is_capitalised(toks[k].text) for k in inside):
        return False
    for i, j in runs(toks, text):
        if not any(i <= k < j for k in inside):
            continue
        words = [t.text for t in toks[i:j]]
        if all(w in terms.acronyms for w in words):
            continue
        run_start, run_end = toks[i].start, toks[j - 1].end
        before = _collapse(text[max(0, run_start - 60) : run_start]).lower()
        after = _collapse(text[run_end : run_end + 60]).lower()
        contexts = terms.phrases.get(" ".join(words), ())
        if not any(before.endswith(b) and after.startswith(a) for b, a in contexts):
            return False
    return True


def _collapse(s: str) -> str:
    return re.sub(r"\s+", " ", s)
