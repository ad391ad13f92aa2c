"""Sensitive fields are encrypted in the application with AES-GCM, key outside the database (requirement 5)."""

import base64
import os
import stat
from pathlib import Path

import pytest

from models.privacy.crypto import (
    ENV_KEY_FILE,
    ENV_KEYS,
    KEY_FILE_NAME,
    DecryptionError,
    FieldCipher,
    FieldCryptoError,
    Keyring,
    MissingKeyError,
    UnknownKeyError,
    field_context,
    load_keyring,
    new_key_entry,
)

CTX = field_context("survivor_note", "body", "3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b")


def cipher(*entries: str) -> FieldCipher:
    return FieldCipher(Keyring.parse(",".join(entries)))


K1 = new_key_entry("k1")
K2 = new_key_entry("k2")


def test_round_trip_and_token_format() -> None:
    c = cipher(K1)
    token = c.encrypt("Works nights; avoid the Elm Street area.", context=CTX)
    version, kid, data = token.split(".")
    assert (version, kid) == ("v1", "k1")
    plaintext_len = len(b"Works nights; avoid the Elm Street area.")
    assert len(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))) == 12 + plaintext_len + 16  # nonce, tag
    assert "Elm" not in token
    assert c.decrypt(token, context=CTX) == "Works nights; avoid the Elm Street area."


def test_nonce_is_fresh_each_time() -> None:
    c = cipher(K1)
    assert c.encrypt("same", context=CTX) != c.encrypt("same", context=CTX)


def test_unicode_and_empty_values() -> None:
    c = cipher(K1)
    for value in ("", "Dolores — São Paulo, 東京"):
        assert c.decrypt(c.encrypt(value, context=CTX), context=CTX) == value


def test_wrong_context_fails() -> None:
    c = cipher(K1)
    token = c.encrypt("secret", context=CTX)
    # Another row, another column: both must refuse.
    with pytest.raises(DecryptionError):
        c.decrypt(token, context=field_context("survivor_note", "body", "another-pseudonym"))
    with pytest.raises(DecryptionError):
        c.decrypt(token, context=field_context("survivor_note", "title", "3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"))


def test_tampered_token_fails() -> None:
    c = cipher(K1)
    token = c.encrypt("secret", context=CTX)
    prefix, data = token.rsplit(".", 1)
    raw = bytearray(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    raw[-1] ^= 1
    tampered = prefix + "." + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(DecryptionError):
        c.decrypt(tampered, context=CTX)
    for garbage in ("", "plaintext", "v2.k1.AAAA", "v1.k1.", "v1.k1.AAAA", "v1.k.1.AAAA"):
        with pytest.raises(DecryptionError):
            c.decrypt(garbage, context=CTX)


def test_wrong_key_under_same_kid_fails() -> None:
    token = cipher(K1).encrypt("secret", context=CTX)
    with pytest.raises(DecryptionError):
        cipher(new_key_entry("k1")).decrypt(token, context=CTX)


def test_rotate_reencrypts_with_current_key() -> None:
    old = cipher(K1)
    token = old.encrypt("secret", context=CTX)
    rotated_ring = cipher(K2, K1)  # new key first, old key kept for reading
    assert rotated_ring.needs_rotation(token)
    new_token = rotated_ring.rotate(token, context=CTX)
    assert rotated_ring.key_id(new_token) == "k2" and not rotated_ring.needs_rotation(new_token)
    assert rotated_ring.rotate(new_token, context=CTX) == new_token
    # Once every value is rotated, the old key can go.
    assert cipher(K2).decrypt(new_token, context=CTX) == "secret"
    with pytest.raises(UnknownKeyError, match="'k1' is not in the keyring"):
        cipher(K2).decrypt(token, context=CTX)


def test_json_list_helpers() -> None:
    c = cipher(K1)
    exclusions = ["no hotel work", "avoid Harris County"]
    token = c.encrypt_list(exclusions, context=CTX)
    assert c.decrypt_list(token, context=CTX) == exclusions
    assert c.decrypt_json(c.encrypt_json({"a": [1, 2]}, context=CTX), context=CTX) == {"a": [1, 2]}
    with pytest.raises(DecryptionError):
        c.decrypt_list(c.encrypt_json({"not": "a list"}, context=CTX), context=CTX)


def test_context_is_required() -> None:
    with pytest.raises(FieldCryptoError):
        cipher(K1).encrypt("x", context="")


def test_keyring_validation_and_repr() -> None:
    with pytest.raises(FieldCryptoError, match="32"):
        Keyring.parse("k1:" + base64.b64encode(b"short").decode())
    with pytest.raises(FieldCryptoError, match="twice"):
        Keyring.parse(f"{K1},{K1}")
    with pytest.raises(FieldCryptoError, match="base64"):
        Keyring.parse("k1:not*base64")
    with pytest.raises(FieldCryptoError, match="Invalid key id"):
        Keyring.parse("k.1:" + base64.b64encode(os.urandom(32)).decode())
    ring = Keyring.parse(f"{K2}\n# old key\n{K1}")
    assert ring.kids == ["k2", "k1"] and ring.current_kid == "k2"
    assert K1.split(":")[1] not in repr(ring)


def test_keys_from_environment_win(tmp_path: Path) -> None:
    ring = load_keyring(home=tmp_path, env="production", environ={ENV_KEYS: f"{K2},{K1}"})
    assert ring.current_kid == "k2"
    assert not (tmp_path / "field-keys").exists()


def test_missing_key_outside_development_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(MissingKeyError, match=ENV_KEYS):
        load_keyring(home=tmp_path, env="production", environ={})


def test_development_creates_a_private_key_file_once(tmp_path: Path) -> None:
    first = load_keyring(home=tmp_path / "home", env="development", environ={})
    path = tmp_path / "home" / "field-keys"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = load_keyring(home=tmp_path / "home", env="development", environ={})
    assert first.kids == second.kids
    token = FieldCipher(first).encrypt("x", context=CTX)
    assert FieldCipher(second).decrypt(token, context=CTX) == "x"


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys"
    path.write_text(K1 + "\n")
    path.chmod(0o644)
    with pytest.raises(FieldCryptoError, match="chmod 600"):
        load_keyring(home=tmp_path, env="production", environ={ENV_KEY_FILE: str(path)})
    path.chmod(0o600)
    assert load_keyring(home=tmp_path, env="production", environ={ENV_KEY_FILE: str(path)}).kids == ["k1"]


KEY_RACE_CHILD = """
import sys
from pathlib import Path
from models.privacy.crypto import load_keyring
print(load_keyring(home=Path(sys.argv[1]), environ={}).kids[0])
"""


def test_workers_starting_at_once_all_read_the_one_key_written_whole(tmp_path: Path) -> None:
    """`serve --workers N` on a fresh folder: every worker gets the same key, none an empty keyring."""
    import subprocess
    import sys

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", KEY_RACE_CHILD, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        )
        for _ in range(6)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [err for _out, err in results]
    kids = {out.strip() for out, _err in results}
    assert len(kids) == 1 and kids != {""}
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE_NAME]  # no temporary file left behind
