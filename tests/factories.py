"""Factories with keyword overrides: valid by default, any field can be set by the test."""

import itertools
from typing import Any

from models.job_posting import JobPostingIn
from models.program import ProgramIn

_seq = itertools.count(1)


def job_in(**overrides: Any) -> JobPostingIn:
    n = next(_seq)
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": f"job-{n}",
        "title": "Warehouse Associate",
        "description": "Pick and pack orders, load trucks, operate a pallet jack. Day shift.",
        "employer_name": "Cascade Logistics Inc.",
        "employment_types": ["FULL_TIME"],
        "pay_min": 19.5,
        "pay_max": 22.0,
        "pay_unit": "HOUR",
        "pay_currency": "USD",
        "pay_min_hourly": 19.5,
        "pay_max_hourly": 22.0,
        "city": "Kent",
        "region": "WA",
        "zip3": "980",
        "country": "US",
        "shifts": ["day"],
        "occupation_code": "53-7065",
    }
    fields.update(overrides)
    return JobPostingIn(**fields)


def program_in(**overrides: Any) -> ProgramIn:
    n = next(_seq)
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": f"prog-{n}",
        "name": "Certified Nursing Assistant",
        "description": "Patient care skills, vital signs, infection control. Prepares for the state exam.",
        "provider_name": "Green River College",
        "provider_type": "community college",
        "cip_code": "51.3902",
        "target_soc_codes": ["31-1131"],
        "cost_total": 1800.0,
        "duration_weeks": 10.0,
        "delivery": "in_person",
        "shifts": ["evening"],
        "city": "Auburn",
        "region": "WA",
        "zip3": "980",
    }
    fields.update(overrides)
    return ProgramIn(**fields)
