"""The text each catalog item is embedded from, and the hash that decides whether to re-embed it."""

import hashlib

# all-MiniLM-L6-v2 reads at most 256 word pieces; characters past this never reach the model,
# so they must not change the hash either.
MAX_CHARS = 1500


def item_text(title: str, description: str | None) -> str:
    """Title first (it carries the most signal), then the description, cut where the model stops reading."""
    text = title.strip()
    if description:
        text = f"{text}. {description.strip()}"
    return text[:MAX_CHARS]


def text_hash(text: str, model_name: str) -> str:
    """Changes when the text or the model changes: either one means a new embedding."""
    return hashlib.sha256(f"{model_name}\x00{text}".encode()).hexdigest()
