"""The one seam every caseworker-typed free text passes through before it is stored.

Issue 6 replaces the body with the Presidio scrubber (`models.privacy.scrub`); callers stay as they are.
"""


def clean_free_text(value: str) -> str:
    """Trimmed text, ready to store (PII scrubbing plugs in here)."""
    return value.strip()
