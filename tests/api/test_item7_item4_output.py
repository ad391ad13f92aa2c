"""Issue 12, item 7 (upload errors, access log, form attributes) and item 4 (how links are rendered)."""

import logging
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlmodel import Session

from api.access_log import ACCESS_LOGGER, DropQueryString
from api.web.templating import WEB_DIR, templates
from models.enums import Role
from tests.api.clients import signed_in
from tests.factories import make_user
from tests.web.page_clients import page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("programs.csv", b"name,other\nWelding,x\n"),  # not an ETPL file: a whole-file error
        ("programs.json", b"[" * 100_000 + b"]" * 100_000),  # nested too deep
        ("programs.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),  # binary
    ],
)
def test_item7_upload_errors_do_not_reveal_the_temporary_path(
    app: FastAPI, session: Session, filename: str, content: bytes
) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    response = signed_in(app, partner).post(
        "/partner/programs/upload", files={"file": (filename, content)}, data={"format": "auto"}
    )
    assert 400 <= response.status_code < 500, response.text
    message = response.json()["error"]
    assert message.startswith("programs."), message
    assert "/tmp" not in message and "wf-upload" not in message and "/" not in message.split(":", 1)[0]


def test_item7_upload_page_error_does_not_reveal_the_temporary_path(app: FastAPI, session: Session) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    client = page_client(app, partner)
    response = client.post(
        "/partner/upload",
        files={"file": ("mine.csv", b"name,other\nWelding,x\n")},
        data={"format": "etpl", "csrf_token": str(client.cookies.get("wf_csrf"))},
    )
    assert response.status_code == 422, response.text
    assert "not a ETPL program CSV" in response.text
    assert "wf-upload" not in response.text and "/tmp/" not in response.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def served(app: FastAPI) -> Iterator[str]:
    """The app under a real uvicorn with its default logging configuration (as `wayfinder serve` runs it)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=_free_port(), lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_item7_access_log_has_no_query_strings(served: str) -> None:
    lines = _Lines()
    access = logging.getLogger(ACCESS_LOGGER)
    access.addHandler(lines)
    try:
        httpx.get(f"{served}/healthz?email=maria%40example.org&code=ABCD-EFGH", timeout=10)
        httpx.get(f"{served}/login?next=/cw/profiles/abc", timeout=10)
    finally:
        access.removeHandler(lines)
    assert any(' "GET /healthz HTTP/1.1" ' in line for line in lines.lines), lines.lines
    assert any(' "GET /login HTTP/1.1" ' in line for line in lines.lines), lines.lines
    assert not [line for line in lines.lines if "?" in line or "maria" in line or "ABCD" in line]


def test_access_log_filter_keeps_records_without_a_query_unchanged() -> None:
    record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', None, None)
    record.args = ("127.0.0.1:5000", "GET", "/cw", "1.1", 200)
    assert DropQueryString().filter(record) is True
    assert record.getMessage() == '127.0.0.1:5000 - "GET /cw HTTP/1.1" 200'


def test_item7_employer_form_attributes_are_attributes_not_text(app: FastAPI, session: Session) -> None:
    client = page_client(app, make_user(session, role=Role.EMPLOYER))
    html = client.get("/employer/openings/new").text
    title = re.search(r'<input id="f-title"[^>]*>', html)
    assert title, html
    assert ' maxlength="500"' in title.group(0) and ' autocomplete="off"' in title.group(0)
    postal = re.search(r'<input id="f-postal_code"[^>]*>', html)
    assert postal and ' inputmode="numeric"' in postal.group(0)
    assert "&#34;" not in html and "&quot;" not in html  # no attribute escaped into visible text


def test_item7_form_macro_writes_extra_attributes_as_attributes() -> None:
    """The partner's program form uses the same macro (name with maxlength)."""
    html = templates.env.get_template("employer/_fields.html").module.input(  # type: ignore[attr-defined]
        "name", "Program name", {}, {}, "/check", required=True, attrs={"maxlength": "500"}
    )
    assert re.search(r'<input id="f-name"[^>]*required maxlength="500"', str(html)), html


# --- item 4: links on pages -------------------------------------------------------------------------------


def _item(link: str | None) -> dict[str, object]:
    return {"id": 1, "kind": "job", "title": "Cook", "organization": "Diner", "link": link, "your_answer": None}


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>x</script>", "/me", "vbscript:x"])
def test_item4_me_page_never_renders_a_non_web_link(link: str) -> None:
    """Rows stored before the importer dropped such links are still not turned into links."""
    html = templates.env.get_template("me/_item.html").render(item=_item(link), form_token="t")
    assert "<a " not in html and "More details" not in html


def test_me_page_renders_web_links_with_noopener_noreferrer() -> None:
    html = templates.env.get_template("me/_item.html").render(item=_item("https://jobs.example.org/1"), form_token="t")
    assert '<a href="https://jobs.example.org/1" rel="noopener noreferrer">' in html


def test_every_link_to_data_in_a_template_has_rel_noopener_noreferrer() -> None:
    """Any <a> whose address comes from data (not a path of this site) must carry rel="noopener noreferrer":
    the person's page and the caseworker pages today, and whatever template adds such a link later."""
    offenders = []
    templates_dir = Path(WEB_DIR) / "templates"
    for path in sorted(templates_dir.rglob("*.html")):
        for tag in re.findall(r"<a\b[^>]*>", path.read_text(encoding="utf-8")):
            href = re.search(r'href="([^"]*)"', tag)
            if href is None:
                continue
            address = href.group(1)
            if address.startswith(("/", "#", "{{ href }}", "?")):
                continue  # this site's own pages
            if 'rel="noopener noreferrer"' not in tag:
                offenders.append(f"{path.relative_to(templates_dir)}: {tag}")
    assert offenders == []
