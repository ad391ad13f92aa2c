"""Issue 12, item 3: guess limits that do not lock out the people they protect.

Access codes: a valid code opens the person's page even from an address where others typed wrong codes;
guessing is slowed per address and capped everywhere (docs/guess-limits.md has the arithmetic). Sign-in:
growing delays per account and per address instead of a lock; a correct password from a place the owner
signed in from before is not slowed by an attacker's failures elsewhere; admins are told of bursts.
One module decides the client address, and believes forwarding headers only from configured proxies.
Time-dependent rules run on a frozen clock: the services take `now`.
"""

import ipaddress
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import Engine, text
from sqlmodel import Session

from api.client_address import _trusted, limit_key, parse_address, parse_trusted_proxies, resolve
from api.services import access, accounts, guess_limits
from api.services.principal import TooManyAttemptsError
from models.columns import utcnow
from models.enums import Role
from models.organization import Organization, User
from models.settings import Settings
from tests.api.clients import signed_in
from tests.factories import DEFAULT_PASSWORD, make_profile, make_user, principal_for

SHELTER = "198.51.100.7"  # one connection shared by everyone staying there
ELSEWHERE = "203.0.113.50"
NEVER_ISSUED = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH"


def _code(session: Session) -> str:
    caseworker = make_user(session)
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    return access.issue_code(session, principal_for(caseworker), profile.pseudonym, days=7)[1]


def _wrong_code(n: int) -> str:
    """A code of the right shape that was never issued."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    tail = "".join(letters[(n >> (5 * i)) % 32] for i in range(4))
    return f"ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-{tail}"


def _guess(session: Session, code: str, client: str, at: Any) -> str:
    """'opened', 'wrong' or 'wait' (refused before the code was looked at). Like the routes, a wrong
    code's refusal is caught, not rolled back, so the failure stays counted."""
    try:
        access.opportunities(session, code, client=client, now=at)
    except access.CodeRefused:
        return "wrong"
    except TooManyAttemptsError:
        return "wait"
    return "opened"


def _guess_wrong(session: Session, n: int, client: str, at: Any) -> str:
    return _guess(session, _wrong_code(n), client, at)


# --- access codes -------------------------------------------------------------------------------------


def test_item3_valid_code_opens_after_others_guessed_wrong_from_same_address(
    client: TestClient, session: Session
) -> None:
    """The issue's case: ten wrong codes from one address used to block every code from it for 15 minutes."""
    code = _code(session)
    shelter = TestClient(client.app, client=(SHELTER, 40000))
    for n in range(10):
        wrong = shelter.get("/my/opportunities", headers={"X-Access-Code": _wrong_code(n)})
        assert wrong.status_code == 404
    opened = shelter.get("/my/opportunities", headers={"X-Access-Code": code})
    assert opened.status_code == 200, opened.text
    assert opened.json()["items"] == []


def test_item3_valid_code_opens_within_a_minute_even_while_someone_keeps_guessing_there(session: Session) -> None:
    code, now = _code(session), utcnow()
    for n in range(access.PER_ADDRESS.free + 10):  # far past the free allowance, each try when allowed
        now += access.guess_wait(session, SHELTER, now)
        assert _guess_wrong(session, n, SHELTER, now) == "wrong"
    wait = access.guess_wait(session, SHELTER, now)
    assert timedelta(0) < wait <= timedelta(minutes=1)
    assert _guess(session, code, SHELTER, now) == "wait"  # not checked during the wait, valid or not
    assert _guess(session, code, SHELTER, now + wait) == "opened"
    # Another address is not slowed by the shelter's failures at all.
    assert _guess(session, code, ELSEWHERE, now) == "opened"


def test_item3_an_open_list_stays_open_while_others_guess_at_the_same_address(app: FastAPI, session: Session) -> None:
    """The page's later views re-read a code this server already checked: not a guess, never slowed."""
    code = _code(session)
    person = TestClient(app, client=(SHELTER, 40001), follow_redirects=False)
    assert person.post("/me", data={"code": code}).status_code == 303
    neighbour = TestClient(app, client=(SHELTER, 40002))
    for n in range(access.PER_ADDRESS.free + 5):
        neighbour.post("/me", data={"code": _wrong_code(n)})
    assert "Too many codes" in neighbour.post("/me", data={"code": code}).text  # typed codes do wait
    still_open = person.get("/me")
    assert still_open.status_code == 200 and "Too many codes" not in still_open.text
    assert "Close my list" in still_open.text and 'action="/me"' not in still_open.text  # the list, not the form


def test_item3_code_guessing_from_one_address_is_slowed_to_about_one_a_minute(session: Session) -> None:
    """An attacker who tries again the moment each wait ends gets few checks an hour, all counted."""
    start = now = utcnow()
    checked = 0
    while now < start + access.GUESS_WINDOW:
        now += access.guess_wait(session, SHELTER, now)
        assert _guess_wrong(session, checked, SHELTER, now) == "wrong"
        checked += 1
    # 20 free, then 1+2+4+8+16+32 s, then one a minute: 20 + 6 + (3600 - 63) / 60 < 85.
    assert access.PER_ADDRESS.free < checked <= 85
    failures, _ = guess_limits.count(session, access.GLOBAL_KEY, access.GUESS_WINDOW, start + timedelta(minutes=59))
    assert failures == checked


def test_item3_under_a_global_guessing_surge_places_that_opened_a_list_before_still_get_in(session: Session) -> None:
    code, now = _code(session), utcnow()
    assert _guess(session, code, SHELTER, now) == "opened"  # the shelter is now a known place
    session.connection().execute(  # the ceiling's worth of wrong codes from everywhere, a minute ago
        text("INSERT INTO login_attempt (key_hash, at) SELECT :k, :at FROM generate_series(1, :n)"),
        {"k": access.GLOBAL_KEY, "at": now - timedelta(minutes=1), "n": access.GLOBAL_CEILING},
    )
    assert _guess(session, code, SHELTER, now) == "opened"
    with pytest.raises(TooManyAttemptsError, match="checked only from places where a list was opened before"):
        access.opportunities(session, code, client=ELSEWHERE, now=now)
    # The surge ages out of the window and everyone is checked again.
    assert _guess(session, code, ELSEWHERE, now + access.GUESS_WINDOW) == "opened"


def test_item3_revoked_or_expired_codes_are_not_counted_as_guesses(session: Session) -> None:
    caseworker = make_user(session)
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    row, code = access.issue_code(session, principal_for(caseworker), profile.pseudonym, days=7)
    access.revoke_code(session, principal_for(caseworker), row.id or 0)
    now = utcnow()
    for _ in range(access.PER_ADDRESS.free + 5):
        with pytest.raises(access.NotFoundError):
            access.opportunities(session, code, client=SHELTER, now=now)
    assert access.guess_wait(session, SHELTER, now) == timedelta(0)


def test_item3_guess_counts_live_in_postgresql_and_parallel_guesses_wait_their_turn(committing_engine: Engine) -> None:
    """Several workers: 30 wrong codes at once from one address, each in its own connection (as separate
    processes would be). The advisory lock makes them count one after another: exactly the free allowance
    is checked, the rest are told to wait; a fresh connection sees the same count."""
    now = utcnow()

    def attempt(n: int) -> str:
        with Session(committing_engine) as s:
            outcome = _guess_wrong(s, n, SHELTER, now)
            s.commit()
            return outcome

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(attempt, range(30)))
    assert outcomes.count("wrong") == access.PER_ADDRESS.free
    assert outcomes.count("wait") == 30 - access.PER_ADDRESS.free
    with Session(committing_engine) as fresh:
        assert access.guess_wait(fresh, SHELTER, now) == timedelta(seconds=1)


# --- the client address -----------------------------------------------------------------------------


def test_item3_forwarded_for_ignored_from_untrusted_peer(client: TestClient, session: Session) -> None:
    """A client rotating X-Forwarded-For no longer gets a fresh allowance with each value."""
    code = _code(session)
    for n in range(access.PER_ADDRESS.free):
        spoofed = {"X-Access-Code": _wrong_code(n), "X-Forwarded-For": f"192.0.2.{n + 1}"}
        assert client.get("/my/opportunities", headers=spoofed).status_code == 404
    refused = client.get("/my/opportunities", headers={"X-Access-Code": code, "X-Forwarded-For": "192.0.2.200"})
    assert refused.status_code == 429 and "wait 1 second" in refused.json()["error"]
    assert resolve("127.0.0.1", ["192.0.2.9"], trusted=()) == "127.0.0.1"


def test_item3_forwarded_for_honoured_only_as_far_as_trusted_proxies_vouch() -> None:
    proxies = parse_trusted_proxies("10.0.0.0/8, 2001:db8::1")
    # The proxy appended the real peer; the client's own claim (leftmost) is not believed.
    assert resolve("10.0.0.2", ["6.6.6.6, 198.51.100.7"], trusted=proxies) == "198.51.100.7"
    # Two trusted hops are walked through.
    assert resolve("10.0.0.2", ["198.51.100.7, 10.1.2.3"], trusted=proxies) == "198.51.100.7"
    # Several header lines read as one list; ports and brackets are removed.
    assert resolve("2001:db8::1", ["6.6.6.6", "[2001:db8:cafe::17]:4711"], trusted=proxies) == "2001:db8:cafe::17"
    # Garbage where the proxy's entry should be: the last address we can believe is the proxy itself.
    assert resolve("10.0.0.2", ["not-an-address"], trusted=proxies) == "10.0.0.2"
    assert resolve("10.0.0.2", [], trusted=proxies) == "10.0.0.2"
    # RFC 7239 Forwarded, when that is the header configured.
    forwarded = ['for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https']
    assert resolve("10.0.0.2", forwarded, trusted=proxies, header_name="forwarded") == "2001:db8:cafe::17"


def test_item3_forwarded_for_from_a_configured_proxy_separates_its_clients(
    app: FastAPI, session: Session, settings: Settings
) -> None:
    app.state.resources.settings = settings.model_copy(update={"trusted_proxies": "10.0.0.2"})
    code = _code(session)
    proxy = TestClient(app, client=("10.0.0.2", 40000))
    for n in range(access.PER_ADDRESS.free):
        wrong = proxy.get("/my/opportunities", headers={"X-Access-Code": _wrong_code(n), "X-Forwarded-For": SHELTER})
        assert wrong.status_code == 404
    slowed = proxy.get("/my/opportunities", headers={"X-Access-Code": code, "X-Forwarded-For": SHELTER})
    assert slowed.status_code == 429
    # Another person behind the same proxy is counted apart from the shelter.
    opened = proxy.get("/my/opportunities", headers={"X-Access-Code": code, "X-Forwarded-For": ELSEWHERE})
    assert opened.status_code == 200


addresses = st.one_of(
    st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(str), st.sampled_from(["junk", "", "unknown"])
)


@settings(max_examples=200, deadline=None)
@given(peer=addresses, hops=st.lists(addresses, max_size=6), trusted_peer=st.booleans())
def test_item3_the_client_is_never_left_of_an_untrusted_hop(peer: str, hops: list[str], trusted_peer: bool) -> None:
    """Property: the answer is the peer, or a hop with only trusted proxies between it and the peer."""
    proxies = parse_trusted_proxies("10.0.0.0/8")
    peer = "10.9.9.9" if trusted_peer else peer
    if not trusted_peer:
        # A generated peer can fall inside the trusted network itself; then it is a trusted peer.
        assume(not _trusted(parse_address(peer), proxies))
    answer = resolve(peer, [", ".join(hops)], trusted=proxies)
    if not trusted_peer:
        assert answer == (str(_norm(peer)) if _is_ip(peer) else peer or "unknown")
        return
    if answer == "10.9.9.9":
        return
    index = max(i for i, h in enumerate(hops) if _is_ip(h) and str(_norm(h)) == answer)
    assert all(_is_ip(h) and _norm(h) in ipaddress.ip_network("10.0.0.0/8") for h in hops[index + 1 :])


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _norm(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    address = ipaddress.ip_address(value)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def test_item3_ipv6_neighbours_share_one_limit() -> None:
    """One subscriber holds a /64: rotating through it must not buy fresh allowances."""
    assert limit_key("2001:db8:1:2::1") == limit_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert limit_key("2001:db8:1:3::1") != limit_key("2001:db8:1:2::1")
    assert limit_key("::ffff:198.51.100.7") == limit_key(SHELTER) == SHELTER


def test_item3_one_module_decides_the_client_address(repo_root: Path) -> None:
    readers = sorted(
        str(path.relative_to(repo_root))
        for path in (repo_root / "api").rglob("*.py")
        if re.search(r"request\.client\b", path.read_text())
    )
    assert readers == ["api/client_address.py"]


def test_item3_a_wrong_trusted_proxy_setting_stops_start_up() -> None:
    with pytest.raises(ValidationError, match=r"'proxy\.example' is not an IP address"):
        Settings(_env_file=None, trusted_proxies="10.0.0.1, proxy.example")  # type: ignore[call-arg]
    assert Settings(_env_file=None).trusted_proxies == ""  # type: ignore[call-arg]


def test_item3_serve_does_not_let_uvicorn_rewrite_the_peer(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's own proxy_headers would take X-Forwarded-For from any local client."""
    import uvicorn

    import models.db
    import models.migrate
    from api import cli

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(models.db, "make_engine", lambda _settings: type("E", (), {"dispose": lambda self: None})())
    monkeypatch.setattr(models.migrate, "upgrade", lambda _engine: None)
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    cli.serve(host="127.0.0.1", port=8999, workers=1)
    assert calls and calls[0]["proxy_headers"] is False


# --- sign-in -----------------------------------------------------------------------------------------


def _login(
    session: Session, user: User, password: str, client: str, at: Any
) -> accounts.SignedIn | accounts.LoginRefused:
    return accounts.login(session, email=user.email, password=password, client=client, now=at)


def _wait_of(refused: accounts.SignedIn | accounts.LoginRefused) -> timedelta:
    assert isinstance(refused, accounts.LoginRefused) and refused.status_code == 429, refused
    found = re.search(r"wait (\d+) (second|minute)", refused.message)
    assert found, refused.message
    return timedelta(**{found.group(2) + "s": int(found.group(1))})


def test_item3_failed_passwords_delay_but_do_not_lock_out_the_owner(session: Session) -> None:
    office, attacker, cafe = "192.0.2.10", "203.0.113.66", "198.51.100.99"
    user = make_user(session)
    now = utcnow()
    assert isinstance(_login(session, user, DEFAULT_PASSWORD, office, now), accounts.SignedIn)
    now += timedelta(minutes=5)
    # The attacker guesses every time a wait ends; the waits after the free three double: 1, 2, 4, ...
    waits = []
    for _ in range(12):
        result = _login(session, user, "not the password 1", attacker, now)
        if isinstance(result, accounts.LoginRefused) and result.status_code == 429:
            waits.append(_wait_of(result))
            now += waits[-1]
            result = _login(session, user, "not the password 1", attacker, now)
        assert isinstance(result, accounts.LoginRefused) and result.status_code == 401
    assert [int(w.total_seconds()) for w in waits] == [1, 2, 4, 8, 16, 32, 64, 128, 256]
    # The owner at the office, where they signed in before, is not slowed at all.
    assert isinstance(_login(session, user, DEFAULT_PASSWORD, office, now), accounts.SignedIn)
    # From a new place they wait out the account's delay (never more than 15 minutes), then get in.
    wait = _wait_of(_login(session, user, DEFAULT_PASSWORD, cafe, now))
    assert timedelta(0) < wait <= accounts.PER_ACCOUNT.cap
    assert isinstance(_login(session, user, DEFAULT_PASSWORD, cafe, now + wait), accounts.SignedIn)


def test_item3_sign_in_waits_stop_growing_at_the_cap(session: Session) -> None:
    user = make_user(session)
    now = utcnow() - timedelta(minutes=59)
    session.connection().execute(  # 40 failures for the account within the hour
        text("INSERT INTO login_attempt (key_hash, at) SELECT :k, :at FROM generate_series(1, 40)"),
        {"k": guess_limits.key("login-account", user.email.lower()), "at": now},
    )
    wait = _wait_of(_login(session, user, DEFAULT_PASSWORD, "192.0.2.10", now))
    assert wait == accounts.PER_ACCOUNT.cap == timedelta(minutes=15)


def test_item3_a_refused_attempt_does_not_make_the_wait_longer(session: Session) -> None:
    user, now = make_user(session), utcnow()
    for _ in range(accounts.PER_ACCOUNT.free + 2):
        now += timedelta(seconds=10)
        _login(session, user, "not the password 1", "203.0.113.66", now)
    first = _wait_of(_login(session, user, DEFAULT_PASSWORD, "192.0.2.10", now))
    for _ in range(20):  # hammering during the wait is refused without being counted
        _wait_of(_login(session, user, "not the password 1", "203.0.113.66", now))
    assert _wait_of(_login(session, user, DEFAULT_PASSWORD, "192.0.2.10", now)) == first
    assert isinstance(_login(session, user, DEFAULT_PASSWORD, "192.0.2.10", now + first), accounts.SignedIn)


@settings(max_examples=100, deadline=None)
@given(failures=st.integers(min_value=0, max_value=10_000), free=st.integers(min_value=0, max_value=30))
def test_item3_delays_double_and_are_capped(failures: int, free: int) -> None:
    rule = guess_limits.BackOff(free=free, cap=timedelta(minutes=15), window=timedelta(hours=1))
    delay = rule.delay(failures)
    assert timedelta(0) <= delay <= rule.cap
    assert rule.delay(failures + 1) >= delay
    if failures < free:
        assert delay == timedelta(0)
    elif 2 ** (failures - free) < rule.cap.total_seconds():
        assert delay == timedelta(seconds=2 ** (failures - free))


def test_item3_staff_are_alerted_on_a_burst_of_failed_sign_ins(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    org = session.get(Organization, admin.org_id)
    caseworker = make_user(session, org=org, email="targeted@agency.example")
    now = utcnow() - timedelta(hours=3)  # over before the sign-ins below, which run on the real clock
    for _ in range(accounts.BURST_FIRST):
        now += accounts.PER_ACCOUNT.cap  # never made to wait: the alert is about failures, not refusals
        _login(session, caseworker, "not the password 1", "203.0.113.66", now)
    events = (
        session.connection()
        .execute(text("SELECT org_id, detail FROM audit_event WHERE action = :a"), {"a": accounts.SIGN_IN_BURST})
        .all()
    )
    assert [(e.org_id, e.detail["user_id"], e.detail["failures"]) for e in events] == [
        (admin.org_id, caseworker.id, accounts.BURST_FIRST)
    ]
    page = signed_in(app, admin).get("/account")
    assert page.status_code == 200
    assert f"{accounts.BURST_FIRST} failed sign-ins for targeted@agency.example" in page.text
    # Only admins see it; another organization's admin does not.
    assert "Failed sign-ins" not in signed_in(app, caseworker).get("/account").text
    assert "targeted@agency.example" not in signed_in(app, make_user(session, role=Role.ADMIN)).get("/account").text


def test_item3_the_daily_purge_forgets_only_what_no_rule_reads(session: Session) -> None:
    now = utcnow()
    rows = {"failure an hour old": now - timedelta(hours=1), "known place 29 days old": now - timedelta(days=29)}
    rows["32 days old"] = now - timedelta(days=32)
    for name, at in rows.items():
        guess_limits.record(session, guess_limits.key("test", name), now=at)
    assert guess_limits.forget_old(session, now) >= 1
    left = {
        name
        for name in rows
        if guess_limits.seen_within(session, guess_limits.key("test", name), timedelta(days=60), now)
    }
    assert left == {"failure an hour old", "known place 29 days old"}
