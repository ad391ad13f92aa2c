"""Credential Engine CTDL (ceterms:LearningOpportunityProfile, LearningProgram, Course, credentials) -> ProgramIn.

Organizations, cost, duration, condition and outcome profiles may be inline or separate nodes of the same
`@graph` referred to by `@id` (or by a bare URL string, as the Credential Registry's graph envelopes do);
both are followed. Text may be a plain string or a language map ({"en-US": ...}).
"""

import re
from collections.abc import Mapping
from typing import Any

from etl.errors import FieldError
from etl.normalize.codes import normalize_cip, normalize_soc
from etl.normalize.links import web_link
from etl.normalize.location import Place, place_from_address
from etl.normalize.program_fields import Length, delivery_of, parse_iso_duration
from etl.normalize.schedule import parse_schedule
from etl.normalize.text import html_to_text
from etl.normalize.values import LANGUAGE_PREFERENCE, as_list, clip, resolve, text_of, to_float
from etl.sources.jsonld import local_type_names
from models.program import ProgramIn

Refs = Mapping[str, dict[str, Any]]
NOT_CREDENTIALS = {"LearningProgram", "Course", "LearningOpportunityProfile"}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def ct(node: Mapping[str, Any], key: str) -> Any:
    """A ceterms property, with or without its prefix."""
    return node.get(f"ceterms:{key}", node.get(key))


def texts_of(value: Any) -> list[str]:
    """Every text of a string, a list, or a language map whose entries may be lists
    ({"en-US": ["High-school mathematics", "Basic computer use"]}); English first, duplicates dropped."""
    out: list[str] = []

    def add(item: Any) -> None:
        if isinstance(item, list):
            for part in item:
                add(part)
        elif isinstance(item, dict):
            if "@value" in item:
                add(item["@value"])
                return
            english = [k for k in LANGUAGE_PREFERENCE if k in item]
            for key in english or list(item):
                if not key.startswith("@"):
                    add(item[key])
        elif isinstance(item, str) and item.strip() and item.strip() not in out:
            out.append(item.strip())

    add(value)
    return out


def concept_names(values: Any) -> list[str]:
    """Labels of CredentialAlignmentObjects ('deliveryType:OnlineOnly' -> 'OnlineOnly')."""
    names = []
    for value in as_list(values):
        if isinstance(value, dict):
            label = text_of(ct(value, "targetNodeName")) or text_of(ct(value, "targetNode"))
        else:
            label = text_of(value)
        if label:
            names.append(label.rsplit(":", 1)[-1])
    return names


def coded_notations(values: Any, refs: Refs) -> list[str]:
    """codedNotation of each alignment (e.g. CIP or SOC codes)."""
    out = []
    for value in as_list(values):
        value = resolve(value, refs)
        code = text_of(ct(value, "codedNotation")) if isinstance(value, dict) else text_of(value)
        if code:
            out.append(code)
    return out


def provider_of(node: Mapping[str, Any], refs: Refs) -> tuple[str, str | None, Place]:
    """Name and type of offeredBy (else ownedBy), and the first address either organization holds: a
    credential's owner often carries the address while the offering organization names only itself."""
    orgs: list[dict[str, Any]] = []
    unresolved: list[str] = []
    for key in ("offeredBy", "ownedBy"):
        for ref in as_list(ct(node, key)):
            org = resolve(ref, refs)
            if isinstance(org, dict) and text_of(ct(org, "name")):
                orgs.append(org)
            elif isinstance(org, str) or (isinstance(org, dict) and isinstance(org.get("@id"), str)):
                unresolved.append(org if isinstance(org, str) else org["@id"])
    if not orgs:
        if unresolved:
            raise FieldError(
                "ceterms:ownedBy",
                f"the organization {unresolved[0]} is not in this file; publish its node (with its name) in the "
                "same @graph",
            )
        raise FieldError("ceterms:ownedBy", "missing: no offeredBy/ownedBy organization with a name in the file")
    name = text_of(ct(orgs[0], "name")) or ""
    kinds = concept_names(ct(orgs[0], "agentType"))
    place = Place()
    for org in orgs:
        for address in as_list(ct(org, "address")):
            candidate = place_from_address(resolve(address, refs))
            if candidate.city or candidate.region:
                place = candidate
                break
        if place.city or place.region:
            break
    return name, kinds[0] if kinds else None, place


def naics_of(node: Mapping[str, Any], refs: Refs) -> list[str]:
    """NAICS codes: ceterms:naics (plain codes) and industryType alignments' codedNotation."""
    codes = [c for c in texts_of(ct(node, "naics")) if c.isdigit()]
    codes += [c for c in coded_notations(ct(node, "industryType"), refs) if c.isdigit()]
    return list(dict.fromkeys(c[:6] for c in codes))


def median_earnings_of(node: Mapping[str, Any], refs: Refs) -> float | None:
    """ceterms:earnings EarningsProfile medianEarnings (the first one given), through the graph."""
    for profile in as_list(ct(node, "earnings")):
        profile = resolve(profile, refs)
        if isinstance(profile, dict):
            median = to_float(ct(profile, "medianEarnings"), "ceterms:earnings")
            if median is not None:
                return median
    return None


def costs_of(node: Mapping[str, Any], refs: Refs) -> tuple[float | None, float | None]:
    """(total, tuition) from estimatedCost profiles; an AggregateCost wins as total."""
    total = tuition = aggregate = None
    for profile in as_list(ct(node, "estimatedCost")):
        profile = resolve(profile, refs)
        if not isinstance(profile, dict):
            continue
        price = to_float(ct(profile, "price"), "ceterms:estimatedCost")
        if price is None:
            continue
        kinds = " ".join(concept_names(ct(profile, "directCostType"))).lower()
        total = (total or 0.0) + price
        if "tuition" in kinds:
            tuition = (tuition or 0.0) + price
        if "aggregate" in kinds:
            aggregate = price
    return (aggregate if aggregate is not None else total), tuition


def length_of(node: Mapping[str, Any], refs: Refs) -> Length:
    """estimatedDuration: exactDuration, else the maximum, else the minimum (ISO 8601)."""
    for profile in as_list(ct(node, "estimatedDuration")):
        profile = resolve(profile, refs)
        if not isinstance(profile, dict):
            continue
        for key in ("exactDuration", "maximumDuration", "minimumDuration"):
            value = text_of(ct(profile, key))
            if value:
                return parse_iso_duration(value, "ceterms:estimatedDuration")
    return Length()


def prerequisites_of(node: Mapping[str, Any], refs: Refs) -> str | None:
    """ConditionProfiles in `requires` and `entryCondition`: descriptions and every listed condition."""
    parts: list[str] = []
    for key in ("requires", "entryCondition"):
        for condition in as_list(ct(node, key)):
            condition = resolve(condition, refs)
            if isinstance(condition, dict):
                parts.append(html_to_text(text_of(ct(condition, "description"))))
                parts.extend(texts_of(ct(condition, "condition")))
    text = "\n".join(dict.fromkeys(p for p in parts if p))
    return text or None


def program_from_ctdl(node: dict[str, Any], refs: Refs, source: str) -> ProgramIn:
    """Normalize one CTDL resource; raises FieldError naming the bad property."""
    source_id = text_of(ct(node, "ctid")) or text_of(node.get("@id"))
    if not source_id:
        raise FieldError("ceterms:ctid", "missing")
    name = text_of(ct(node, "name"))
    if not name:
        raise FieldError("ceterms:name", "missing")
    provider_name, provider_type, provider_place = provider_of(node, refs)
    cips = [
        normalize_cip(c, "ceterms:instructionalProgramType")
        for c in coded_notations(ct(node, "instructionalProgramType"), refs)
    ]
    socs = [normalize_soc(c, "ceterms:occupationType") for c in coded_notations(ct(node, "occupationType"), refs)]
    places = [place_from_address(resolve(p, refs)) for p in as_list(ct(node, "availableAt"))]
    place = next((p for p in places if p.city or p.region), provider_place)
    online_at = as_list(ct(node, "availableOnlineAt"))
    # deliveryType is the older name of learningDeliveryType; the registry holds both.
    delivery = delivery_of(*concept_names(ct(node, "learningDeliveryType")), *concept_names(ct(node, "deliveryType")))
    if delivery is None and online_at:
        delivery = "hybrid" if places else "online"
    schedule = parse_schedule("; ".join(concept_names(ct(node, "scheduleTimingType"))))
    type_names = local_type_names(node)
    credential = next((t for t in type_names if t not in NOT_CREDENTIALS), None)
    total, tuition = costs_of(node, refs)
    length = length_of(node, refs)
    return ProgramIn(
        source=source,
        source_id=source_id[:200],
        name=clip(name, 500) or "",
        description=html_to_text(text_of(ct(node, "description"))),
        url=web_link(clip(text_of(ct(node, "subjectWebpage")), 1000)),
        provider_name=clip(provider_name, 300) or "",
        provider_type=clip(provider_type, 100),
        cip_code=next((c for c in cips if c), None),
        target_soc_codes=list(dict.fromkeys(s for s in socs if s)),
        credential_type=_CAMEL.sub(" ", credential) if credential else None,
        cost_total=total,
        cost_tuition=tuition,
        duration_weeks=length.weeks,
        duration_hours=length.hours,
        delivery=delivery,
        shifts=schedule.shifts,
        days=schedule.days,
        city=place.city,
        region=place.region,
        zip3=place.zip3,
        is_online=delivery == "online" or bool(online_at),
        prerequisites=prerequisites_of(node, refs),
        financial_aid=True if as_list(ct(node, "financialAssistance")) else None,
        median_earnings=median_earnings_of(node, refs),
        naics_codes=naics_of(node, refs),
        keywords=[clip(k, 200) or "" for k in texts_of(ct(node, "keyword"))][:50],
    )
