"""Derive models/privacy/work_terms.txt from the O*NET task statements in matcher/data (issue 15).

Run: .venv/bin/python scripts/make_work_terms.py   (needs the dev dependency Faker for its name lists)

What it writes (see models/privacy/work_terms.py for how the scrubber reads it):
- every acronym or dotted abbreviation used inside a task statement ("LEED", "U.S.");
- every other capitalised run inside a task statement ("Braille", "Geiger", "United Way"), each with the
  words beside it there, up to and including the nearest content word on either side ("[Geiger] counters",
  "plaster of [Paris]"): a capitalised word is only ever allowed in such a phrase, never alone;
- every verb that opens a task statement, marked N when it is also a first name or surname in Faker's
  name lists (Latin-script locales), so "Mark called me" is still read as a name.
The first word of a statement is never taken as a term: that is where the verb stands.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.taxonomy import DATA_DIR  # noqa: E402
from models.privacy.work_terms import STOPWORDS, WORK_TERMS_FILE, is_acronym, runs, tokens  # noqa: E402

# Latin-script name lists: the languages survivors and their contacts' names most often come from.
NAME_LOCALES = "en_US en_GB en_IN en_NG en_PH es_ES es_MX es_CO es_AR pt_BR pt_PT fr_FR it_IT de_DE pl_PL ro_RO tl_PH fil_PH id_ID vi_VN tr_TR sw yo_NG ig_NG ha_NG zu_ZA nl_NL".split()  # noqa: SIM905, E501
CONTEXT_TOKENS = 4  # at most this many words of context on a side (stop words plus one content word)
HEADER = """\
# Capitalised work terms and task-opening verbs, derived by scripts/make_work_terms.py: do not edit.
# Read by models/privacy/work_terms.py (the line kinds are described there).
# Source: O*NET task statements (matcher/data/onet_tasks.csv.gz). This product includes information
# from the O*NET Database by the U.S. Department of Labor, Employment and Training Administration
# (USDOL/ETA), used under the CC BY 4.0 license; see matcher/data/ATTRIBUTION.md. Wayfinder has modified
# it (words extracted from the task statements). USDOL/ETA has not approved, endorsed, or tested these
# modifications. Name lists used to mark verbs that are also names: Faker (MIT), not shipped.
"""


def name_list() -> frozenset[str]:
    import importlib

    names: set[str] = set()
    for locale in NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ModuleNotFoundError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "last_names"):
            value = getattr(provider, attr, ())
            names.update(n.lower() for n in (value.keys() if isinstance(value, dict) else value))
    return frozenset(names)


def task_statements() -> list[str]:
    with gzip.open(DATA_DIR / "onet_tasks.csv.gz", "rt", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f) if row["kind"] == "task"]


def _content(word: str) -> bool:
    return word.lower() not in STOPWORDS


def derive(statements: list[str], names: frozenset[str]) -> list[str]:
    acronyms: set[str] = set()
    phrases: set[str] = set()
    verbs: dict[str, bool] = {}
    for text in statements:
        toks = tokens(text)
        if not toks:
            continue
        first = toks[0].text
        if first.isalpha():
            verbs[first.lower()] = first.lower() in names
        for i, j in runs(toks, text):
            if i == 0:
                continue
            words = [t.text for t in toks[i:j]]
            if all(is_acronym(w) for w in words):
                acronyms.update(words)
                continue
            run_start, run_end = toks[i].start, toks[j - 1].end
            term = " ".join(words)
            # Nearest content word on the left, then on the right (a phrase with one side only each).
            for k in range(i - 1, max(-1, i - 1 - CONTEXT_TOKENS), -1):
                if _content(toks[k].text):
                    phrases.add(f"{' '.join(text[toks[k].start : run_start].split())} [{term}]")
                    break
            for k in range(j, min(len(toks), j + CONTEXT_TOKENS)):
                if _content(toks[k].text):
                    after = text[run_end : toks[k].end]
                    phrases.add(f"[{term}]{' ' if after[:1].isspace() else ''}{' '.join(after.split())}")
                    break
    lines = [f"A {a}" for a in sorted(acronyms)]
    lines += [f"P {p}" for p in sorted(p for p in phrases if p.count("[") == 1 and "#" not in p)]
    lines += [f"{'N' if is_name else 'V'} {v}" for v, is_name in sorted(verbs.items())]
    return lines


def main() -> int:
    names = name_list()
    if not names:
        print("Faker is not installed (pip install faker): its name lists mark verbs that are names.")
        return 1
    lines = derive(task_statements(), names)
    WORK_TERMS_FILE.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    kinds = {k: sum(1 for line in lines if line.startswith(k + " ")) for k in "APVN"}
    print(f"wrote {WORK_TERMS_FILE.relative_to(ROOT)}: {kinds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
