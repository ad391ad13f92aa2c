"""The two privacy resources the request path needs, built once per process and passed together.

Loaded by the API's lifespan (`api.resources.load_resources`); tests build one per session. Nothing here
imports Presidio or spaCy at module import, so code that only needs the cipher stays light.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from models.privacy.crypto import FieldCipher, FieldCryptoError, load_field_cipher

if TYPE_CHECKING:
    from models.privacy.scrub import Scrubber


class PrivacyUnavailableError(RuntimeError):
    """The scrubber or the field keys could not be loaded: the service must not start without them."""


@dataclass(frozen=True)
class PrivacyTools:
    scrubber: "Scrubber"  # free text is scrubbed of personal data before it is stored or embedded
    cipher: FieldCipher  # sensitive fields are encrypted before they reach the database


def load_privacy_tools(*, home: Path, env: str, place_names_file: Path | None = None) -> PrivacyTools:
    """Scrubber (~4.6 s cold) and field cipher; raises PrivacyUnavailableError with the fix in the message.

    There is no degraded mode: storing unscrubbed or unencrypted text is worse than not starting.
    """
    try:
        cipher = load_field_cipher(home=home, env=env)
    except FieldCryptoError as exc:
        raise PrivacyUnavailableError(f"Refusing to start: field encryption is not available. {exc}") from None
    from models.privacy.scrub import ScrubberUnavailableError, load_scrubber

    try:
        scrubber = load_scrubber(place_names_file)
    except (ScrubberUnavailableError, OSError, ImportError) as exc:
        raise PrivacyUnavailableError(
            f"Refusing to start: the personal-data scrubber could not load ({type(exc).__name__}: {exc}). "
            "Free text would otherwise be stored unscrubbed."
        ) from None
    return PrivacyTools(scrubber=scrubber, cipher=cipher)
