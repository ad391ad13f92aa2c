"""Application and contact instructions, which the screener reads for red flags."""

import re
from typing import Any

from etl.normalize.values import as_list, clip, text_of

CONTACT_MAX = 500
# Sentences that tell a person how to apply or whom to contact (and by what channel).
_CONTACT_WORDS = re.compile(
    r"\b(?:apply|applications?|contact|call|text|e-?mail|whats\s?app|telegram|signal|wechat|"
    r"dm|message|send|reach out|walk[- ]in|visit us|interview)\b"
)  # matched against lower-cased text: much faster than re.IGNORECASE
_CITIZENSHIP = re.compile(
    r"\b(?:u\.?\s?s\.?|united states)\s+citizen(?:ship)?\s+(?:is\s+)?required|"
    r"must be an?\s+(?:u\.?\s?s\.?|united states)\s+citizen",
    re.IGNORECASE,
)


def contact_sentences(text: str) -> list[str]:
    """Sentences of a description that carry how-to-apply or contact instructions."""
    out: list[str] = []
    end = -1
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    # One pass over the text; each hit is widened to its sentence (or line).
    for match in _CONTACT_WORDS.finditer(lowered):
        if match.start() < end:
            continue  # same sentence as the previous hit
        start = max(text.rfind(c, 0, match.start()) for c in ".!?\n") + 1
        stops = [i for i in (text.find(c, match.end()) for c in (". ", "! ", "? ", "\n")) if i >= 0]
        end = min(stops) + 1 if stops else len(text)
        sentence = text[start:end].strip()
        if sentence:
            out.append(sentence)
    return out


def contact_point_text(value: Any) -> list[str]:
    """schema.org ContactPoint(s) as short phrases: name, e-mail, phone, URL, description."""
    parts: list[str] = []
    for point in as_list(value):
        if isinstance(point, str):
            parts.append(point.strip())
            continue
        if not isinstance(point, dict):
            continue
        for key in ("contactType", "name", "email", "telephone", "url", "description"):
            text = text_of(point.get(key))
            if text:
                parts.append(text)
    return parts


def build_contact_text(*pieces: str | list[str] | None) -> str | None:
    """Join contact fragments without repeats, cut to the column size."""
    seen: list[str] = []
    for piece in pieces:
        for part in as_list(piece):
            if part and part not in seen:
                seen.append(part)
    return clip(" | ".join(seen), CONTACT_MAX) if seen else None


def requires_citizenship(*texts: str | None) -> bool:
    """True when the text states that U.S. citizenship is required."""
    # The substring test skips the regex for the vast majority of texts.
    return any(t and ("itizen" in t or "ITIZEN" in t) and _CITIZENSHIP.search(t) for t in texts)
