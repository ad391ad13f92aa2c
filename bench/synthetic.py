"""Deterministic synthetic job postings (schema.org JobPosting JSON Lines) for benchmarks."""

import json
import random
from pathlib import Path

TITLES = [
    "Warehouse Associate", "Forklift Operator", "Line Cook", "Prep Cook", "Dishwasher", "Housekeeper",
    "Home Health Aide", "Certified Nursing Assistant", "Retail Sales Associate", "Cashier",
    "Customer Service Representative", "Janitor", "Landscaping Laborer", "Construction Helper",
    "Delivery Driver", "Administrative Assistant", "Assembler", "Dental Assistant", "Help Desk Technician",
    "Childcare Worker", "Security Officer", "Bookkeeping Clerk", "Medical Assistant", "Barista",
]
DUTIES = [
    "load and unload trucks", "operate a pallet jack", "pick and pack customer orders", "count inventory",
    "prepare ingredients", "follow food safety rules", "clean guest rooms", "restock supplies",
    "assist patients with daily living", "take vital signs", "run a cash register", "answer customer calls",
    "resolve billing questions", "mow and edge lawns", "carry materials on site", "drive a delivery route",
    "schedule appointments", "enter data in spreadsheets", "assemble parts to specification",
    "sterilize instruments", "reset passwords and troubleshoot laptops", "supervise children at play",
    "patrol the building", "reconcile invoices", "greet customers", "keep work areas clean and safe",
]
CITIES = [("Seattle", "981"), ("Tacoma", "984"), ("Kent", "980"), ("Renton", "980"), ("Everett", "982"),
          ("Bellevue", "980"), ("Auburn", "980"), ("Federal Way", "980"), ("Lakewood", "983")]
EMPLOYERS = [f"{a} {b}" for a in ("Cascade", "Rainier", "Puget", "Evergreen", "Summit", "Harbor", "Olympic")
             for b in ("Logistics", "Foods", "Health", "Services", "Retail", "Builders", "Hospitality")]


def posting(i: int, rng: random.Random) -> dict[str, object]:
    title = rng.choice(TITLES)
    city, zip3 = rng.choice(CITIES)
    duties = rng.sample(DUTIES, 4)
    low = round(rng.uniform(17, 30), 2)
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "bench", "value": f"B{i:07d}"},
        "title": title,
        "description": f"<p>{title} #{i}. You will " + ", ".join(duties) + ".</p><ul><li>Paid training</li></ul>",
        "hiringOrganization": {"@type": "Organization", "name": rng.choice(EMPLOYERS)},
        "employmentType": rng.choice(["FULL_TIME", "PART_TIME", "TEMPORARY"]),
        "datePosted": "2026-11-01",
        "validThrough": "2027-12-31",
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": city,
                                                      "addressRegion": "WA", "postalCode": f"{zip3}01"}},
        "baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                       "value": {"@type": "QuantitativeValue", "minValue": low, "maxValue": low + 3,
                                 "unitText": "HOUR"}},
    }


def write_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(posting(i, rng)) + "\n")
    return path
