"""Deterministic synthetic job postings (schema.org JobPosting JSON Lines) for benchmarks."""

import json
import random
from pathlib import Path

TITLES = [
    "Warehouse Associate",
    "Forklift Operator",
    "Line Cook",
    "Prep Cook",
    "Dishwasher",
    "Housekeeper",
    "Home Health Aide",
    "Certified Nursing Assistant",
    "Retail Sales Associate",
    "Cashier",
    "Customer Service Representative",
    "Janitor",
    "Landscaping Laborer",
    "Construction Helper",
    "Delivery Driver",
    "Administrative Assistant",
    "Assembler",
    "Dental Assistant",
    "Help Desk Technician",
    "Childcare Worker",
    "Security Officer",
    "Bookkeeping Clerk",
    "Medical Assistant",
    "Barista",
]
DUTIES = [
    "load and unload trucks",
    "operate a pallet jack",
    "pick and pack customer orders",
    "count inventory",
    "prepare ingredients",
    "follow food safety rules",
    "clean guest rooms",
    "restock supplies",
    "assist patients with daily living",
    "take vital signs",
    "run a cash register",
    "answer customer calls",
    "resolve billing questions",
    "mow and edge lawns",
    "carry materials on site",
    "drive a delivery route",
    "schedule appointments",
    "enter data in spreadsheets",
    "assemble parts to specification",
    "sterilize instruments",
    "reset passwords and troubleshoot laptops",
    "supervise children at play",
    "patrol the building",
    "reconcile invoices",
    "greet customers",
    "keep work areas clean and safe",
]
CITIES = [
    ("Seattle", "981"),
    ("Tacoma", "984"),
    ("Kent", "980"),
    ("Renton", "980"),
    ("Everett", "982"),
    ("Bellevue", "980"),
    ("Auburn", "980"),
    ("Federal Way", "980"),
    ("Lakewood", "983"),
]
EMPLOYERS = [
    f"{a} {b}"
    for a in ("Cascade", "Rainier", "Puget", "Evergreen", "Summit", "Harbor", "Olympic")
    for b in ("Logistics", "Foods", "Health", "Services", "Retail", "Builders", "Hospitality")
]


def posting(i: int, rng: random.Random, distinct_texts: int | None = None) -> dict[str, object]:
    """One posting; with `distinct_texts`, title+description repeat from that many variants."""
    text_rng = random.Random(rng.randrange(distinct_texts)) if distinct_texts else rng
    title = text_rng.choice(TITLES)
    duties = text_rng.sample(DUTIES, 4)
    number = "" if distinct_texts else f" #{i}"
    city, zip3 = rng.choice(CITIES)
    low = round(rng.uniform(17, 30), 2)
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "bench", "value": f"B{i:07d}"},
        "title": title,
        "description": f"<p>{title}{number}. You will " + ", ".join(duties) + ".</p><ul><li>Paid training</li></ul>",
        "hiringOrganization": {"@type": "Organization", "name": rng.choice(EMPLOYERS)},
        "employmentType": rng.choice(["FULL_TIME", "PART_TIME", "TEMPORARY"]),
        "datePosted": "2026-11-01",
        "validThrough": "2027-12-31",
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": city,
                "addressRegion": "WA",
                "postalCode": f"{zip3}01",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"@type": "QuantitativeValue", "minValue": low, "maxValue": low + 3, "unitText": "HOUR"},
        },
    }


def write_jsonl(path: Path, n: int, seed: int = 7, distinct_texts: int | None = None) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(posting(i, rng, distinct_texts)) + "\n")
    return path


PROGRAM_NAMES = [
    "Certified Nursing Assistant",
    "Commercial Driver License",
    "Welding Technology",
    "Culinary Arts",
    "Medical Assistant",
    "Bookkeeping Certificate",
    "IT Support Specialist",
    "Forklift Certification",
    "Early Childhood Education",
    "Dental Assistant",
    "Pharmacy Technician",
    "HVAC Technician",
    "Electrical Pre-Apprenticeship",
    "Phlebotomy",
    "English for Work",
    "GED Preparation",
]
PROVIDERS = [
    "Green River College",
    "Renton Technical College",
    "Seattle Central College",
    "Bates Technical College",
    "Clover Park Technical College",
    "South Seattle College",
    "Lake Washington Institute of Technology",
]


def program_fields(i: int, rng: random.Random, distinct_texts: int = 500) -> dict[str, object]:
    """Keyword arguments for a models.ProgramIn."""
    text_rng = random.Random(rng.randrange(distinct_texts))
    name = text_rng.choice(PROGRAM_NAMES)
    city, zip3 = rng.choice(CITIES)
    return {
        "source": "bench",
        "source_id": f"P{i:06d}",
        "name": name,
        "description": f"{name}: learn to " + ", ".join(text_rng.sample(DUTIES, 3)) + ". Hands-on labs.",
        "provider_name": rng.choice(PROVIDERS),
        "cost_total": round(rng.uniform(0, 6000)),
        "duration_weeks": rng.choice([6, 10, 12, 24, 36]),
        "delivery": rng.choice(["in_person", "online", "hybrid"]),
        "shifts": [rng.choice(["day", "evening", "weekend"])],
        "city": city,
        "region": "WA",
        "zip3": zip3,
        "employment_rate_q2": round(rng.uniform(0.4, 0.9), 2),
    }
