"""The person's page in their language: complete catalogs, how a language is chosen, locale formatting.

Catalog and formatting checks run without a browser or database; the route checks use the app over the
test's rolled-back transaction (TestClient), with one item shared through the services.
"""

import re
from datetime import date

import pytest
from babel.messages.catalog import Catalog
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import access, review
from api.services.matching import ProposedMatch
from api.services.review import Decision
from api.web import i18n, routes_survivor
from api.web.i18n_catalog import person_messages, read_catalog
from api.web.me_view import pay_text
from matcher.encoder import Encoder
from models.enums import ItemKind, Role
from models.privacy.tools import PrivacyTools
from tests.catalog_factories import add_job
from tests.factories import make_org, make_profile, make_user, principal_for

TRANSLATED = [lang.code for lang in i18n.SHIPPED if lang.code != i18n.DEFAULT]
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s|<kbd>|</kbd>")


def _catalog(code: str) -> Catalog:
    return read_catalog(code)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_of_the_persons_page_is_translated_in_every_shipped_language(code: str) -> None:
    catalog = _catalog(code)
    wanted = person_messages()
    assert len(wanted) > 50  # the extraction found the page's messages (templates and Python)
    untranslated = sorted(m for m in wanted if m not in catalog or not catalog[m].string or catalog[m].fuzzy)
    assert untranslated == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_every_placeholder_and_tag(code: str) -> None:
    catalog = _catalog(code)
    broken = {
        m.id: m.string
        for m in catalog
        if m.id
        and isinstance(m.id, str)
        and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(str(m.string)))
    }
    assert broken == {}


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogs_compile_and_translate_at_run_time(code: str) -> None:
    assert i18n.translations(code).gettext("Quick exit") == _catalog(code)["Quick exit"].string
    assert i18n.translations(code).gettext("Quick exit") != "Quick exit"


def test_the_messages_the_services_show_the_person_are_in_the_catalogs() -> None:
    """The page translates service errors by their English text: it must match the services' word for word."""
    assert access.INVALID_CODE in routes_survivor.SERVICE_MESSAGES
    assert access.TOO_MANY_GUESSES in routes_survivor.SERVICE_MESSAGES
    assert access.BUSY in routes_survivor.SERVICE_MESSAGES
    assert set(routes_survivor.SERVICE_MESSAGES) <= person_messages()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-Hans-CN", "zh-Hans"),
        ("zh-TW,en;q=0.5", "en"),  # Traditional Chinese readers are not given Simplified
        ("fil-PH", "tl"),
        ("tl", "tl"),
        ("ht-HT,fr;q=0.8", "ht"),
        ("vi-VN", "vi"),
        ("de-DE,ht;q=0.3", "ht"),
        ("en;q=0.2,vi;q=0.9", "vi"),
        ("fr-FR", "en"),
        ("", "en"),
        ("es;q=0", "en"),
    ],
)
def test_the_language_is_chosen_from_accept_language(header: str, expected: str) -> None:
    assert i18n.choose(None, accept_language=header).code == expected


def test_an_explicit_choice_beats_the_browser() -> None:
    assert i18n.choose("ht", accept_language="es").code == "ht"
    assert i18n.choose("xx", None, accept_language="vi").code == "vi"


@given(st.text(max_size=80), st.text(max_size=20))
def test_any_header_or_cookie_gives_a_shipped_language(header: str, cookie: str) -> None:
    assert i18n.choose(cookie, accept_language=header) in i18n.SHIPPED


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "$19.50\u2013$21.00 an hour"),
        ("es", "$19.50\u2013$21.00 por hora"),
        ("zh-Hans", "每小时 US$19.50\u2013US$21.00"),
        ("vi", "19,50\xa0US$\u201321,00\xa0US$ mỗi giờ"),
        ("tl", "$19.50\u2013$21.00 bawat oras"),
        ("ht", "19,50\xa0$US\u201321,00\xa0$US pa èdtan"),
    ],
)
def test_pay_is_formatted_per_locale(code: str, expected: str) -> None:
    with i18n.use_language(i18n.BY_CODE[code]):
        assert pay_text(19.5, 21, "HOUR", "USD") == expected


def test_dates_and_large_amounts_are_formatted_per_locale() -> None:
    with i18n.use_language(i18n.BY_CODE["es"]):
        assert i18n.long_date(date(2026, 12, 7)) == "7 de diciembre de 2026"
        assert pay_text(44500, 56000, "YEAR", "USD") == "$44,500\u2013$56,000 al año"
    with i18n.use_language(i18n.BY_CODE["vi"]):
        assert i18n.long_date(date(2026, 12, 7)) == "7 tháng 12, 2026"


def test_every_shipped_language_reads_left_to_right_and_dir_follows_cldr() -> None:
    assert {i18n.direction(lang) for lang in i18n.SHIPPED} == {"ltr"}
    assert i18n.direction(i18n.Language("ar", "العربية", "ar")) == "rtl"


# --- the routes ---


def _shared_code(session: Session, encoder: Encoder, privacy: PrivacyTools, language: str | None = None) -> str:
    org = make_org(session)
    caseworker = make_user(session, role=Role.CASEWORKER, org=org)
    cw = principal_for(caseworker)
    me = make_profile(session, org_id=org.id, created_by=caseworker.id)
    job = add_job(session, encoder, title="Forklift Operator", employer_name="Cascade Logistics Inc.")
    match = ProposedMatch(kind=ItemKind.JOB, item_id=job.id or 0, rank=1, score=0.5, model_version="test")
    (rec_id,) = review.store_proposals(session, cw, me.pseudonym, [match])
    review.decide(session, cw, rec_id, Decision("approve"), privacy)
    review.decide(session, cw, rec_id, Decision("share"), privacy)
    _, code = access.issue_code(session, cw, me.pseudonym, days=7, language=language)
    return code


def _html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)"', html)
    assert found, html[:200]
    return found.group(1)


def test_the_code_page_follows_accept_language(app: FastAPI) -> None:
    with TestClient(app) as client:
        page = client.get("/me", headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert _html_lang(page.text) == "es"
    assert page.headers["content-language"] == "es"
    assert "Ver mi lista" in page.text and "Show my list" not in page.text


def test_the_language_switch_is_kept_for_the_browser_session(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    code = _shared_code(session, encoder, privacy)
    with TestClient(app, follow_redirects=False) as client:
        client.post("/me", data={"code": code})
        switched = client.post("/me/language", data={"lang": "vi"})
        cookie = switched.headers["set-cookie"].lower()
        listing = client.get("/me", headers={"Accept-Language": "es"})  # the choice beats the browser
        closed = client.get("/me/leave")
    assert switched.status_code == 303 and switched.headers["location"] == "/me"
    assert "wf_lang=vi" in cookie and "max-age" not in cookie and "expires" not in cookie  # this session only
    assert _html_lang(listing.text) == "vi"
    assert "Forklift Operator" in listing.text and "Tôi quan tâm" in listing.text
    assert "Tên việc làm và cách nộp đơn là do chủ thuê viết." in listing.text  # the employer text note
    assert _html_lang(closed.text) == "vi"


def test_a_language_switch_from_another_site_is_ignored(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        forged = client.post("/me/language", data={"lang": "ht"}, headers={"Origin": "https://elsewhere.example"})
    assert forged.status_code == 303 and "wf_lang" not in forged.headers.get("set-cookie", "")


def test_the_caseworkers_language_for_the_code_opens_the_page_in_it(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    code = _shared_code(session, encoder, privacy, language="ht")
    with TestClient(app, follow_redirects=False) as client:
        opened = client.post("/me", data={"code": code}, headers={"Accept-Language": "en"})
        listing = client.get("/me", headers={"Accept-Language": "en"})
    assert "wf_lang=ht" in opened.headers["set-cookie"]
    assert _html_lang(listing.text) == "ht"
    assert "Mwen enterese" in listing.text
    assert "Se patwon an ki ekri non travay la ak kijan pou aplike." in listing.text  # the employer's-words note


def test_an_error_is_shown_in_the_persons_language(app: FastAPI) -> None:
    with TestClient(app) as client:
        refused = client.post("/me", data={"code": "AAAA-BBBB-CCCC"}, headers={"Accept-Language": "zh-CN"})
    assert refused.status_code == 404
    assert i18n.translations("zh-Hans").gettext(access.INVALID_CODE) in refused.text
    assert "可能已经过期了" in refused.text


def test_the_api_accepts_exactly_the_shipped_languages_for_a_code() -> None:
    from typing import get_args

    from api.schemas.review import AccessCodeIn

    annotation = AccessCodeIn.model_fields["language"].annotation
    literal = next(arg for arg in get_args(annotation) if get_args(arg))
    assert set(get_args(literal)) == {lang.code for lang in i18n.SHIPPED}


def test_a_guess_wait_is_worded_in_the_persons_language() -> None:
    """The growing delay (issue 12 item 3) reaches the person's page translated, its length worded by Babel."""
    from datetime import timedelta

    refusal = access.WaitBeforeGuessing(timedelta(seconds=29.2))
    assert refusal.message == "Too many codes that do not work were tried from here; wait 30 seconds and try again."
    with i18n.use_language(i18n.BY_CODE["es"]):
        assert routes_survivor._refusal(refusal) == (
            "Aquí se probaron demasiados códigos que no sirven. Espere 30 segundos y pruebe otra vez."
        )
    with i18n.use_language(i18n.BY_CODE["vi"]):
        assert routes_survivor._refusal(refusal) == "Đã thử quá nhiều mã sai từ đây. Hãy chờ 30 giây rồi thử lại."
