"""Which messages must be translated, and keeping the `.po` files in step with the code.

The person's page (/me, its handout) ships in every language of `i18n.SHIPPED`: each of its messages
needs a translation in each catalog (tests/web/test_languages.py fails otherwise). Staff pages
(caseworker, employer, partner) go through the same catalogs but ship in English only for now.

    python -m api.web.i18n_catalog      # add new person's-page messages to every .po (empty, to translate)

Every message of every page (staff pages included) is in the template api/web/locale/messages.pot, made with
Babel's own extractor from babel.cfg (docs/languages.md):

    .venv/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output -w 120 -o api/web/locale/messages.pot .
"""

from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from api.web import i18n

WEB_DIR = Path(__file__).resolve().parent
# Everything the person can be shown: their pages' templates and the Python that phrases their messages.
PERSON_SOURCES: tuple[Path, ...] = (
    *sorted((WEB_DIR / "templates" / "me").glob("*.html")),
    WEB_DIR / "routes_survivor.py",
    WEB_DIR / "me_view.py",
)
# Every page's sources: what babel.cfg extracts into messages.pot.
ALL_SOURCES: tuple[Path, ...] = (*sorted(WEB_DIR.glob("*.py")), *sorted((WEB_DIR / "templates").rglob("*.html")))
TEMPLATE_PATH = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
_JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}


def _extract(path: Path) -> Iterable[tuple[str, ...]]:
    method = "jinja2" if path.suffix == ".html" else "python"
    options = _JINJA_OPTIONS if method == "jinja2" else {}
    for _, message, _, _ in extract_from_file(method, str(path), options=options):
        yield (message,) if isinstance(message, str) else tuple(message)


def person_messages() -> set[str]:
    """Every msgid the person's page can show (plural forms by their singular)."""
    return {parts[0] for path in PERSON_SOURCES for parts in _extract(path) if parts and parts[0]}


def all_messages() -> set[str]:
    """Every msgid of every page (plural forms by their singular)."""
    return {parts[0] for path in ALL_SOURCES for parts in _extract(path) if parts and parts[0]}


def template_messages() -> set[str]:
    """The msgids of the checked-in messages.pot."""
    with TEMPLATE_PATH.open("rb") as pot:
        return {str(m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(pot) if m.id}


def catalog_path(code: str) -> Path:
    return i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    with catalog_path(code).open("rb") as po:
        return read_po(po, locale=i18n.BY_CODE[code].babel)


def update_catalogs() -> dict[str, int]:
    """Add each new person's-page message to every translated catalog; returns how many were added."""
    added: dict[str, int] = {}
    wanted = sorted(person_messages())
    for lang in i18n.SHIPPED:
        if lang.code == i18n.DEFAULT:
            continue
        catalog = read_catalog(lang.code)
        new = [m for m in wanted if m not in catalog]
        for message in new:
            catalog.add(message, "")
        with catalog_path(lang.code).open("wb") as po:
            write_po(po, catalog, width=120, sort_output=True)
        added[lang.code] = len(new)
    return added


if __name__ == "__main__":
    for code, count in update_catalogs().items():
        print(f"{code}: {count} new message(s) to translate")
