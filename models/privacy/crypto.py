"""Field encryption: AES-256-GCM with the key outside the database and the field's identity bound in.

Token: ``v1.<kid>.<base64url(nonce || ciphertext+tag)>``, nonce 96 random bits. The associated data is
``wayfinder:v1:<kid>:<context>``; callers pass a context naming the field and the row
(``field_context("survivor_note", "body", pseudonym)``), so a ciphertext copied to another column or
another survivor's row fails to decrypt instead of showing up there.

Encryption is explicit at the repository boundary rather than a SQLAlchemy TypeDecorator: a
TypeDecorator sees the value but not the row, so it could bind the column but not the pseudonym.

Keys (never in the database): ``WAYFINDER_FIELD_KEYS="kid2:<b64 32 bytes>,kid1:<b64>"`` (first one
encrypts, all decrypt), else the key file ``WAYFINDER_FIELD_KEY_FILE`` or ``<WAYFINDER_HOME>/field-keys``
(same entries, one per line), created with mode 0600 on first use in development only.
See docs/key-rotation.md.
"""

import base64
import binascii
import contextlib
import json
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits, GCM's native nonce size
ENV_KEYS = "WAYFINDER_FIELD_KEYS"
ENV_KEY_FILE = "WAYFINDER_FIELD_KEY_FILE"
KEY_FILE_NAME = "field-keys"
_KID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")  # no "." or ":" so tokens and key entries parse unambiguously


class FieldCryptoError(Exception):
    """Base class; messages never contain plaintext or key material."""


class MissingKeyError(FieldCryptoError):
    pass


class UnknownKeyError(FieldCryptoError):
    pass


class DecryptionError(FieldCryptoError):
    pass


class Keyring:
    """Key id -> 32-byte key; the first id is the current (encrypting) key."""

    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        if not keys:
            raise MissingKeyError("The field-encryption keyring is empty.")
        self._keys: dict[str, bytes] = {}
        for kid, key in keys:
            if not _KID.match(kid):
                raise FieldCryptoError(f"Invalid key id {kid!r}: use 1-32 letters, digits, '_' or '-'.")
            if len(key) != KEY_BYTES:
                raise FieldCryptoError(f"Key {kid!r} is {len(key)} bytes; AES-256 needs {KEY_BYTES}.")
            if kid in self._keys:
                raise FieldCryptoError(f"Key id {kid!r} appears twice in the keyring.")
            self._keys[kid] = key
        self.current_kid = keys[0][0]

    @classmethod
    def parse(cls, spec: str) -> "Keyring":
        """``kid:base64key`` entries separated by commas or newlines; '#' starts a comment line."""
        entries: list[tuple[str, bytes]] = []
        for raw in re.split(r"[,\n]", spec):
            entry = raw.strip()
            if not entry or entry.startswith("#"):
                continue
            kid, sep, b64 = entry.partition(":")
            if not sep:
                raise FieldCryptoError("A key entry must look like 'kid:base64key'.")
            try:
                key = base64.b64decode(b64.strip(), validate=True)
            except (binascii.Error, ValueError):
                raise FieldCryptoError(f"Key {kid.strip()!r} is not valid base64.") from None
            entries.append((kid.strip(), key))
        return cls(entries)

    @property
    def kids(self) -> list[str]:
        return list(self._keys)

    def key(self, kid: str) -> bytes:
        try:
            return self._keys[kid]
        except KeyError:
            raise UnknownKeyError(
                f"Field-encryption key {kid!r} is not in the keyring (have: {', '.join(self._keys)}). "
                "Was it removed before every value was re-encrypted? See docs/key-rotation.md."
            ) from None

    def __repr__(self) -> str:  # never show key bytes
        return f"Keyring(current={self.current_kid!r}, kids={self.kids!r})"


def new_key_entry(kid: str | None = None) -> str:
    """A fresh ``kid:base64key`` entry; the default kid is the UTC date and a random suffix."""
    kid = kid or f"k{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(2)}"
    return f"{kid}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


def load_keyring(*, home: Path, env: str = "development", environ: Mapping[str, str] | None = None) -> Keyring:
    """Environment variable first, then the key file; create the file only in development."""
    environ = os.environ if environ is None else environ
    spec = environ.get(ENV_KEYS, "").strip()
    if spec:
        return Keyring.parse(spec)
    path = Path(environ.get(ENV_KEY_FILE) or Path(home) / KEY_FILE_NAME)
    if path.exists():
        return Keyring.parse(_read_private_file(path))
    if env != "development":
        raise MissingKeyError(
            f"No field-encryption key: set {ENV_KEYS}='<kid>:<base64 32 bytes>' or provide the key file {path} "
            "(mode 0600). Generate one with: python -c 'from models.privacy.crypto import new_key_entry; "
            "print(new_key_entry())'. Keys are created automatically only when WAYFINDER_ENV=development."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # The key is written whole to a private temporary file, then linked into place: link() fails if the
    # name exists, so when several workers start at once exactly one key wins, and no process ever reads
    # a half-written file (creating the file and writing it afterwards let a second worker read it empty).
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # 0600 from the first byte
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("# Wayfinder field-encryption keys (development). First line encrypts. Never commit.\n")
            f.write(new_key_entry() + "\n")
        with contextlib.suppress(FileExistsError):  # another process linked its key first: read that one
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return Keyring.parse(_read_private_file(path))


def _read_private_file(path: Path) -> str:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise FieldCryptoError(f"Key file {path} is readable by other users; run: chmod 600 {path}")
    return path.read_text(encoding="utf-8")


def field_context(table: str, column: str, row_key: str) -> str:
    """The associated data for one field of one row, e.g. ``survivor_note.body:<pseudonym>``."""
    return f"{table}.{column}:{row_key}"


class FieldCipher:
    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring

    def encrypt(self, plaintext: str, *, context: str) -> str:
        kid = self.keyring.current_kid
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self.keyring.key(kid)).encrypt(nonce, plaintext.encode("utf-8"), _aad(kid, context))
        return f"{VERSION}.{kid}.{base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"

    def decrypt(self, token: str, *, context: str) -> str:
        kid, blob = _split(token)
        key = self.keyring.key(kid)
        try:
            plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(kid, context))
        except InvalidTag:
            # One message for a wrong context, wrong key and tampering: the caller cannot tell them apart.
            raise DecryptionError("Encrypted field failed authentication (tampered, or wrong context).") from None
        return plain.decode("utf-8")

    def key_id(self, token: str) -> str:
        return _split(token)[0]

    def needs_rotation(self, token: str) -> bool:
        return self.key_id(token) != self.keyring.current_kid

    def rotate(self, token: str, *, context: str) -> str:
        """Re-encrypt under the current key; a token already on it is returned unchanged."""
        if not self.needs_rotation(token):
            return token
        return self.encrypt(self.decrypt(token, context=context), context=context)

    # Safety exclusions and similar are JSON lists; the JSON text is what gets encrypted.
    def encrypt_json(self, value: Any, *, context: str) -> str:
        return self.encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")), context=context)

    def decrypt_json(self, token: str, *, context: str) -> Any:
        return json.loads(self.decrypt(token, context=context))

    def encrypt_list(self, values: list[str], *, context: str) -> str:
        return self.encrypt_json(list(values), context=context)

    def decrypt_list(self, token: str, *, context: str) -> list[str]:
        value = self.decrypt_json(token, context=context)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DecryptionError("Encrypted field does not hold a list of strings.")
        return value


def _aad(kid: str, context: str) -> bytes:
    if not context:
        raise FieldCryptoError("An encryption context is required (see field_context).")
    return f"wayfinder:{VERSION}:{kid}:{context}".encode()


def _split(token: str) -> tuple[str, bytes]:
    version, _, rest = token.partition(".")
    kid, _, b64 = rest.partition(".")
    if version != VERSION or not _KID.match(kid) or not b64:
        raise DecryptionError("Not a Wayfinder encrypted field (expected 'v1.<kid>.<data>').")
    try:
        blob = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4))
    except (binascii.Error, ValueError):
        raise DecryptionError("Encrypted field is not valid base64.") from None
    if len(blob) < NONCE_BYTES + 16:  # nonce + GCM tag
        raise DecryptionError("Encrypted field is truncated.")
    return kid, blob


def load_field_cipher(*, home: Path, env: str = "development") -> FieldCipher:
    """What the API's lifespan calls: ``load_field_cipher(home=settings.home, env=settings.env)``."""
    return FieldCipher(load_keyring(home=home, env=env))
