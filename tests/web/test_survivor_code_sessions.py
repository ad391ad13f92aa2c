"""The store behind /me, in PostgreSQL: a reference opens a code until it has been idle too long."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session

from api.web.code_sessions import CodeSessions
from models.privacy.crypto import FieldCipher


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def test_each_use_pushes_the_idle_deadline_back_and_an_idle_page_is_forgotten(
    session: Session, field_cipher: FieldCipher
) -> None:
    clock = Clock()
    store = CodeSessions(session, field_cipher, idle_seconds=60, clock=clock)
    ref = store.open("ABCD-EFGH")
    clock.now += timedelta(seconds=50)
    page = store.touch(ref)
    assert page is not None and page.code == "ABCD-EFGH"
    clock.now += timedelta(seconds=50)  # 100 s since opening, 50 since the last use
    assert store.touch(ref) is not None
    clock.now += timedelta(seconds=61)
    assert store.touch(ref) is None
    assert len(store) == 0  # the expired row was deleted as it was read


def test_references_are_random_and_closing_one_leaves_the_others(session: Session, field_cipher: FieldCipher) -> None:
    store = CodeSessions(session, field_cipher, idle_seconds=60)
    first, second = store.open("A"), store.open("A")
    assert first != second and len(first) >= 40
    store.close(first)
    assert store.touch(first) is None
    assert store.touch(second) is not None
    assert store.touch(None) is None and store.touch("made-up") is None


def test_an_open_page_keeps_its_code_encrypted_and_expired_pages_are_swept_on_write(
    session: Session, field_cipher: FieldCipher
) -> None:
    clock = Clock()
    store = CodeSessions(session, field_cipher, idle_seconds=60, clock=clock)
    old = store.open("WXYZ-2345-ABCD")
    payloads = session.connection().execute(text("SELECT payload FROM page_ref")).scalars().all()
    assert len(payloads) == 1 and "WXYZ" not in payloads[0]
    clock.now += timedelta(seconds=61)
    store.open("QRST-6789-EFGH")  # a write sweeps every expired row, read or not
    assert len(store) == 1
    assert store.touch(old) is None


def test_an_open_page_is_seen_by_another_worker_with_the_same_key(session: Session, field_cipher: FieldCipher) -> None:
    """Another process builds its own store over the same database and key: the page is still open."""
    ref = CodeSessions(session, field_cipher, idle_seconds=60).open("ABCD-EFGH")
    other_worker = CodeSessions(session, field_cipher, idle_seconds=60)
    page = other_worker.touch(ref)
    assert page is not None and page.code == "ABCD-EFGH"
