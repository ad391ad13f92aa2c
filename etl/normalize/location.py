"""Coarse place only: city, state/region code, first three ZIP digits, country. Never a street."""

import re
from dataclasses import dataclass
from typing import Any

from etl.normalize.values import first, text_of

US_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "puerto rico": "PR",
    "guam": "GU",
    "virgin islands": "VI",
}
_COUNTRY_ALIASES = {"usa": "US", "united states": "US", "united states of america": "US", "u.s.": "US"}
_ZIP = re.compile(r"^\s*(\d{3})\d{2}(?:-\d{4})?\s*$")


@dataclass(frozen=True, slots=True)
class Place:
    """A coarse location."""

    city: str | None = None
    region: str | None = None
    zip3: str | None = None
    country: str | None = None


def region_code(value: str | None) -> str | None:
    """'Washington' or 'wa' -> 'WA'; other regions are kept as published (max 60 chars)."""
    if not value:
        return None
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return US_STATES.get(text.lower(), text[:60] or None)


def country_code(value: Any) -> str | None:
    """'USA', 'United States' or {"name": "US"} -> 'US'; unknown long names -> None."""
    text = text_of(value)
    if not text:
        return None
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return _COUNTRY_ALIASES.get(text.lower())


def zip3_of(postal_code: Any) -> str | None:
    """First three digits of a US ZIP or ZIP+4; anything else -> None."""
    text = text_of(postal_code)
    if not text:
        return None
    match = _ZIP.match(text)
    return match.group(1) if match else None


def spreadsheet_zip(value: str | None) -> str | None:
    """A ZIP a spreadsheet read as a number: '8360' (leading zero lost) -> '08360'; others unchanged."""
    if value and len(value.strip()) == 4 and value.strip().isdigit():
        return value.strip().zfill(5)
    return value


def place_from_address(address: Any) -> Place:
    """A Place from a schema.org PostalAddress (or CTDL Place); a bare string becomes the city."""
    address = first(address)
    if isinstance(address, str):
        return Place(city=address.strip()[:120] or None)
    if not isinstance(address, dict):
        return Place()

    def get(key: str) -> Any:
        return address.get(key, address.get(f"ceterms:{key}"))

    # `locality` / `region`: the Open Skills job-bank address layout (skills-ml), otherwise schema.org's.
    city = text_of(get("addressLocality")) or text_of(get("locality"))
    return Place(
        city=city[:120] if city else None,
        region=region_code(text_of(get("addressRegion")) or text_of(get("region"))),
        zip3=zip3_of(get("postalCode")),
        country=country_code(get("addressCountry")),
    )


def split_city_state(value: str | None) -> tuple[str | None, str | None]:
    """'Seattle, Washington' -> ('Seattle', 'WA')."""
    if not value:
        return None, None
    city, _, state = value.rpartition(",")
    if not city:
        return value.strip() or None, None
    return city.strip() or None, region_code(state.strip())
