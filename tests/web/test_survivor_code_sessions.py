"""The in-memory store behind /me: a reference opens a code until it has been idle too long."""

from api.web.code_sessions import CodeSessions


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_each_use_pushes_the_idle_deadline_back_and_an_idle_page_is_forgotten() -> None:
    clock = Clock()
    store = CodeSessions(clock=clock)
    ref = store.open("ABCD-EFGH")
    clock.now += 50
    page = store.touch(ref, idle_seconds=60)
    assert page is not None and page.code == "ABCD-EFGH"
    clock.now += 50  # 100 s since opening, 50 since the last use
    assert store.touch(ref, idle_seconds=60) is not None
    clock.now += 61
    assert store.touch(ref, idle_seconds=60) is None
    assert len(store) == 0


def test_references_are_random_and_closing_one_leaves_the_others() -> None:
    store = CodeSessions()
    first, second = store.open("A"), store.open("A")
    assert first != second and len(first) >= 40
    store.close(first)
    assert store.touch(first, idle_seconds=60) is None
    assert store.touch(second, idle_seconds=60) is not None
    assert store.touch(None, idle_seconds=60) is None and store.touch("made-up", idle_seconds=60) is None
