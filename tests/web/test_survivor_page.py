"""The access-code page (/me) in a real Chromium: exactly the shared items, answers, quick exit, idle close.

Everything is seeded through the services (not the caseworker pages): two items approved and shared,
one approved but not shared, one only proposed, and one shared with another person. The safety tests
(quick exit, idle close, no-store) run in every shipped language, chosen by the browser's language.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, Route, expect
from sqlalchemy import text
from sqlmodel import Session

from api.services import access, review
from api.services.matching import ProposedMatch
from api.services.principal import Principal
from api.services.review import Decision
from api.web import i18n
from matcher.encoder import Encoder
from models.enums import ItemKind, Role
from models.privacy.tools import PrivacyTools
from models.settings import Settings
from tests.catalog_factories import add_job, add_program
from tests.factories import make_profile, principal_for
from tests.web.conftest import LiveServer

NEUTRAL = "https://www.google.com/search?q=weather"
FORBIDDEN = re.compile(r"traffick|survivor|victim", re.IGNORECASE)
LANGUAGES = [lang.code for lang in i18n.SHIPPED]


def t(lang: str, message: str) -> str:
    """`message` as the page shows it in `lang` (the catalogs' own translation)."""
    return i18n.translations(lang).gettext(message)


@dataclass
class Seeded:
    code: str
    shared: dict[int, str]  # recommendation id -> title
    not_shown: list[str]


def _propose(session: Session, principal: Principal, pseudonym: str, items: list[tuple[ItemKind, int]]) -> list[int]:
    matches = [
        ProposedMatch(kind=k, item_id=i, rank=n, score=0.5, model_version="test") for n, (k, i) in enumerate(items, 1)
    ]
    return review.store_proposals(session, principal, pseudonym, matches)


def seed(live_server: LiveServer, encoder: Encoder, privacy: PrivacyTools) -> Seeded:
    caseworker = live_server.user(role=Role.CASEWORKER)
    with live_server.session() as s:
        cw = principal_for(caseworker)
        me = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
        other = make_profile(s, org_id=caseworker.org_id, created_by=caseworker.id)
        forklift = add_job(
            s,
            encoder,
            title="Forklift Operator",
            employer_name="Cascade Logistics Inc.",
            url="https://careers.example.org/forklift-0042",
            contact_text="Apply online or in person.",
        )
        nursing = add_program(
            s,
            encoder,
            name="Nursing Assistant Course",
            provider_name="Green River College",
            url="https://college.example.edu/nursing-assistant",
        )
        approved_only = add_job(s, encoder, title="Night Stocker", employer_name="Northsound Grocery")
        proposed_only = add_job(s, encoder, title="Parcel Sorter", employer_name="Valley Parcel")
        others = add_job(s, encoder, title="Line Cook", employer_name="Harbor Cafe")
        mine = _propose(
            s,
            cw,
            me.pseudonym,
            [
                (ItemKind.JOB, forklift.id or 0),
                (ItemKind.PROGRAM, nursing.id or 0),
                (ItemKind.JOB, approved_only.id or 0),
                (ItemKind.JOB, proposed_only.id or 0),
            ],
        )
        theirs = _propose(s, cw, other.pseudonym, [(ItemKind.JOB, others.id or 0)])
        for rec_id in (*mine[:3], *theirs):
            review.decide(s, cw, rec_id, Decision("approve"), privacy)
        for rec_id in (*mine[:2], *theirs):
            review.decide(s, cw, rec_id, Decision("share"), privacy)
        _, code = access.issue_code(s, cw, me.pseudonym, days=7)
    return Seeded(
        code=code,
        shared={mine[0]: "Forklift Operator", mine[1]: "Nursing Assistant Course"},
        not_shown=["Night Stocker", "Parcel Sorter", "Line Cook"],
    )


@pytest.fixture
def seeded(live_server: LiveServer, encoder: Encoder, privacy: PrivacyTools) -> Seeded:
    return seed(live_server, encoder, privacy)


def open_list(page: Page, live_server: LiveServer, code: str, lang: str = "en") -> None:
    page.goto(f"{live_server.url}/me")
    page.get_by_label(t(lang, "Access code")).fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name=t(lang, "Show my list")).click()


@pytest.fixture(params=LANGUAGES)
def lang(request: pytest.FixtureRequest) -> str:
    """Each shipped language, as the browser's own (Accept-Language)."""
    return str(request.param)


@pytest.fixture
def lang_page(new_page: Callable[..., Page], lang: str) -> Page:
    return new_page(locale=lang)


def lang_nojs_page(new_page: Callable[..., Page], lang: str) -> Page:
    return new_page(locale=lang, java_script_enabled=False)


def answers(live_server: LiveServer, rec_ids: list[int]) -> dict[int, str | None]:
    with live_server.session() as s:
        rows = s.connection().execute(
            text("SELECT id, survivor_response FROM recommendation WHERE id = ANY(:ids)"), {"ids": rec_ids}
        )
        return {int(r[0]): r[1] for r in rows}


def stub_neutral_site(page: Page) -> None:
    """The quick exit's destination, answered locally: the test never reaches the network."""

    def fulfil(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>")

    page.route("https://www.google.com/**", fulfil)


def test_the_list_shows_exactly_the_shared_items_and_records_answers(
    live_server: LiveServer, page: Page, seeded: Seeded, screenshot: Callable[[Page, str], Path]
) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    open_list(page, live_server, seeded.code)

    assert page.url == f"{live_server.url}/me"
    cards = page.locator("article.opportunity")
    expect(cards).to_have_count(2)
    titles = {t.strip() for t in page.locator("article.opportunity h2").all_inner_texts()}
    assert titles == set(seeded.shared.values())
    body = page.content()
    assert not [t for t in seeded.not_shown if t in body]
    forklift = page.locator("article.opportunity", has_text="Forklift Operator")
    expect(forklift).to_contain_text("Cascade Logistics Inc.")
    expect(forklift).to_contain_text("$19.50\u2013$22.00 an hour")
    expect(forklift).to_contain_text("Shifts: day")
    expect(page.locator("article.opportunity", has_text="Nursing Assistant Course")).to_contain_text("$1,800 in all")
    screenshot(page, "me-list")
    page.set_viewport_size({"width": 375, "height": 740})  # a small phone
    expect(page.locator("#quick-exit")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scrolling
    screenshot(page, "me-list-phone")

    forklift_id, course_id = list(seeded.shared)
    forklift.get_by_role("button", name="Interested").click()
    expect(page.locator(f"#item-{forklift_id} .your-answer p").first).to_have_text("Your answer: Interested")
    course = page.locator(f"#item-{course_id}")
    course.get_by_role("button", name="Not for me").click()
    expect(page.locator(f"#item-{course_id} .your-answer p").first).to_have_text("Your answer: Not for me")
    expect(page.locator(f"#no-{course_id}")).to_have_attribute("aria-pressed", "true")
    assert page.url == f"{live_server.url}/me"  # answered in place (htmx), no page change
    screenshot(page, "me-answered")

    assert answers(live_server, [forklift_id, course_id]) == {forklift_id: "interested", course_id: "not_for_me"}
    code_chars = seeded.code.replace("-", "")
    assert not [u for u in requested if code_chars in u.upper().replace("-", "")]  # never in a URL


def test_answers_work_without_javascript(
    live_server: LiveServer, new_page: Callable[..., Page], seeded: Seeded
) -> None:
    page = new_page(java_script_enabled=False)
    open_list(page, live_server, seeded.code)
    forklift_id = next(iter(seeded.shared))
    with page.expect_navigation():
        page.locator(f"#item-{forklift_id}").get_by_role("button", name="Not for me").click()
    assert page.url == f"{live_server.url}/me"
    expect(page.locator(f"#item-{forklift_id} .your-answer p").first).to_have_text("Your answer: Not for me")
    assert answers(live_server, [forklift_id]) == {forklift_id: "not_for_me"}


def test_a_wrong_code_is_refused_in_plain_words(live_server: LiveServer, page: Page, seeded: Seeded) -> None:
    open_list(page, live_server, "AAAA-BBBB-CCCC")
    expect(page.locator("#code-error")).to_contain_text("This code does not work")
    expect(page.locator("article.opportunity")).to_have_count(0)
    expect(page.get_by_label("Access code")).to_have_attribute("aria-invalid", "true")


def test_the_quick_exit_is_the_first_stop_on_the_keyboard_and_leaves_for_good(
    live_server: LiveServer, lang_page: Page, lang: str, seeded: Seeded, screenshot: Callable[[Page, str], Path]
) -> None:
    page = lang_page
    stub_neutral_site(page)
    open_list(page, live_server, seeded.code, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("article.opportunity")).to_have_count(2)
    exit_button = page.locator("#quick-exit")
    expect(exit_button).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    expect(page.locator("#quick-exit")).to_have_text(t(lang, "Quick exit"))
    screenshot(page, f"me-quick-exit-focused-{lang}")

    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL)
    expect(page.locator("p")).to_have_text("Sunny")

    page.go_back()
    assert page.url != NEUTRAL or page.locator("article.opportunity").count() == 0
    expect(page.locator("article.opportunity")).to_have_count(0)
    # The list was closed on the server too: opening /me again asks for the code.
    page.goto(f"{live_server.url}/me")
    expect(page.get_by_label(t(lang, "Access code"))).to_be_visible()
    expect(page.locator("article.opportunity")).to_have_count(0)


def test_the_escape_key_is_a_quick_exit(live_server: LiveServer, lang_page: Page, lang: str, seeded: Seeded) -> None:
    page = lang_page
    stub_neutral_site(page)
    open_list(page, live_server, seeded.code, lang)
    page.locator("article.opportunity h2").first.click()  # focus somewhere in the page, not on the button
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    expect(page.locator("article.opportunity")).to_have_count(0)


def test_the_quick_exit_works_without_javascript(
    live_server: LiveServer, new_page: Callable[..., Page], lang: str, seeded: Seeded
) -> None:
    page = lang_nojs_page(new_page, lang)
    stub_neutral_site(page)
    open_list(page, live_server, seeded.code, lang)
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)
    page.goto(f"{live_server.url}/me")
    expect(page.locator("article.opportunity")).to_have_count(0)


@pytest.fixture
def short_idle(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> int:
    """The live server reads the idle time from these settings on every request."""
    monkeypatch.setattr(settings, "survivor_idle_seconds", 2)
    return 2


def test_the_browser_closes_the_list_after_the_idle_time(
    live_server: LiveServer, lang_page: Page, lang: str, seeded: Seeded, short_idle: int
) -> None:
    page = lang_page
    open_list(page, live_server, seeded.code, lang)
    expect(page.locator("article.opportunity")).to_have_count(2)
    page.wait_for_url(f"{live_server.url}/me/leave", timeout=(short_idle + 5) * 1000)
    expect(page.locator("article.opportunity")).to_have_count(0)
    expect(page.get_by_role("status")).to_have_text(t(lang, "Your list was closed. Enter your code again to see it."))
    page.go_back()
    expect(page.locator("article.opportunity")).to_have_count(0)


def test_the_list_is_gone_after_the_idle_time_without_javascript(
    live_server: LiveServer, new_page: Callable[..., Page], lang: str, seeded: Seeded, short_idle: int
) -> None:
    page = lang_nojs_page(new_page, lang)
    open_list(page, live_server, seeded.code, lang)
    expect(page.locator("article.opportunity")).to_have_count(2)
    time.sleep(short_idle + 0.5)
    page.reload()
    expect(page.locator("article.opportunity")).to_have_count(0)
    expect(page.get_by_label(t(lang, "Access code"))).to_be_visible()


def test_the_server_forgets_an_idle_list_even_if_the_cookie_is_kept(
    live_server: LiveServer, lang: str, seeded: Seeded, short_idle: int
) -> None:
    headers = {"Accept-Language": lang}
    with httpx.Client(base_url=live_server.url, follow_redirects=False, headers=headers) as client:
        opened = client.post("/me", data={"code": seeded.code})
        ref = opened.cookies["wf_page"]
        assert "Forklift Operator" in client.get("/me").text
        time.sleep(short_idle + 0.5)
        late = client.get("/me", headers={"Cookie": f"wf_page={ref}"})  # as if the browser had kept it
    assert late.status_code == 200
    assert late.headers["content-language"] == lang
    closed = t(lang, "Your list was closed. Enter your code again to see it.")
    assert "Forklift Operator" not in late.text and closed in late.text


def test_no_page_or_file_the_person_loads_names_the_service_purpose(
    live_server: LiveServer, page: Page, seeded: Seeded
) -> None:
    loaded: set[str] = set()
    page.on("request", lambda r: loaded.add(r.url) if r.url.startswith(live_server.url) else None)
    pages: dict[str, str] = {}

    def keep(name: str) -> None:
        pages[name] = page.content()

    page.goto(f"{live_server.url}/me")
    keep("code form")
    open_list(page, live_server, "not-a-code")
    keep("refused code")
    open_list(page, live_server, seeded.code)
    keep("list")
    page.locator("article.opportunity").first.get_by_role("button", name="Interested").click()
    expect(page.locator(".your-answer").first).to_contain_text("Interested")
    keep("answered")
    page.goto(f"{live_server.url}/me/leave")
    keep("closed")

    assert all("<title>Your opportunities</title>" in html for html in pages.values())
    files = {u for u in loaded if "/static/" in u}
    assert {"/static/quick_exit.js", "/static/app.css", "/static/vendor/htmx.min.js"} <= {
        u.removeprefix(live_server.url) for u in files
    }
    with httpx.Client() as client:
        pages.update({url: client.get(url).text for url in files})
    assert {name: FORBIDDEN.findall(body) for name, body in pages.items() if FORBIDDEN.search(body)} == {}


def test_every_me_response_is_no_store_and_the_cookie_is_strict(
    live_server: LiveServer, lang: str, seeded: Seeded
) -> None:
    headers = {"Accept-Language": lang}
    with httpx.Client(base_url=live_server.url, follow_redirects=False, headers=headers) as client:
        responses = [client.get("/me"), client.post("/me", data={"code": "wrong"})]
        opened = client.post("/me", data={"code": seeded.code})
        responses += [opened, client.get("/me")]
        token = re.search(r'name="form_token" value="([^"]+)"', responses[-1].text)
        assert token
        item = next(iter(seeded.shared))
        form = {"item": str(item), "answer": "interested", "form_token": token.group(1)}
        responses += [client.post("/me/answer", data=form), client.get("/me/exit"), client.get("/me/leave")]
        responses.append(client.post("/me/language", data={"lang": lang}))

    assert [r.status_code for r in responses] == [200, 404, 303, 200, 303, 303, 200, 303]
    assert f'<html lang="{lang}"' in responses[0].text and f'<html lang="{lang}"' in responses[3].text
    assert {r.headers.get("cache-control") for r in responses} == {"no-store"}
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/me" in cookie
    assert seeded.code.lower() not in cookie
    assert responses[-3].headers["location"] == NEUTRAL


def test_an_answer_from_another_site_is_ignored(live_server: LiveServer, seeded: Seeded) -> None:
    with httpx.Client(base_url=live_server.url, follow_redirects=False) as client:
        client.post("/me", data={"code": seeded.code})
        token = re.search(r'name="form_token" value="([^"]+)"', client.get("/me").text)
        assert token
        item = next(iter(seeded.shared))
        form = {"item": str(item), "answer": "interested", "form_token": token.group(1)}
        forged = client.post("/me/answer", data=form, headers={"Origin": "https://elsewhere.example"})
        wrong_token = client.post("/me/answer", data={**form, "form_token": "guess"})
    assert forged.status_code == wrong_token.status_code == 303
    assert answers(live_server, [item]) == {item: None}
