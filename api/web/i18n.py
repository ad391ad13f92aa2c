"""Languages of the pages: gettext message catalogs (Babel), chosen per request, and locale formatting.

The catalogs are the `.po` files under api/web/locale/<language>/LC_MESSAGES/messages.po. They are
compiled in memory the first time a language is used (babel.messages.mofile), so a fresh checkout needs
no build step and a compiled file can never go stale beside its source.

Templates use Jinja2's i18n extension (`{% trans %}`, `_()`); the gettext callables read the language
of the request being rendered from a context variable that `use_language` sets around each render.
Message ids are the English text, so English needs no translations and any missing one falls back to it.
"""

import gettext as gettext_module
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str  # the page's `lang` attribute (BCP 47) and the catalog's folder name
    native_name: str  # how the switch names it: in its own language, so a reader can find it
    babel: str  # the CLDR locale that formats numbers, money and dates


# The person's page ships in these. Their translations await review by native speakers (docs/languages.md).
SHIPPED: tuple[Language, ...] = (
    Language("en", "English", "en_US"),
    Language("es", "Español", "es_US"),
    Language("zh-Hans", "简体中文", "zh_Hans_CN"),
    Language("vi", "Tiếng Việt", "vi_VN"),
    Language("tl", "Tagalog", "fil_PH"),
    Language("ht", "Kreyòl ayisyen", "ht_HT"),
)
BY_CODE = {lang.code: lang for lang in SHIPPED}
# What browsers send that means one of ours (matched on the lower-cased primary tag, then the full tag).
_ALIASES = {"zh": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh-hans": "zh-Hans", "fil": "tl"}
_current: ContextVar[str] = ContextVar("page_language", default=DEFAULT)


def language(code: str | None) -> Language | None:
    """The shipped language a tag names (`es-MX` -> es, `zh-CN` -> zh-Hans, `fil` -> tl), if any."""
    if not code:
        return None
    tag = code.strip().replace("_", "-").lower()
    if tag in _ALIASES:
        return BY_CODE[_ALIASES[tag]]
    for lang in SHIPPED:
        if lang.code.lower() == tag:
            return lang
    primary, _, rest = tag.partition("-")
    if primary == "zh":
        # Traditional Chinese readers are not served well by Simplified: they get the default instead.
        return BY_CODE["zh-Hans"] if rest.split("-")[0] in ("hans", "cn", "sg", "my") else None
    return BY_CODE.get(_ALIASES.get(primary, primary))


def from_accept_language(header: str | None) -> Language | None:
    """The first shipped language in an Accept-Language header, by its q weights (ties keep their order)."""
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and tag != "*" and weight > 0:
            weighted.append((-weight, position, tag))
    for _, _, tag in sorted(weighted):
        found = language(tag)
        if found is not None:
            return found
    return None


def choose(*candidates: str | None, accept_language: str | None = None) -> Language:
    """The first candidate that names a shipped language, else the browser's preference, else English."""
    for candidate in candidates:
        found = language(candidate)
        if found is not None:
            return found
    return from_accept_language(accept_language) or BY_CODE[DEFAULT]


def _catalog_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> gettext_module.NullTranslations:
    """The compiled catalog of a shipped language (English, and any language without one: the msgids)."""
    path = _catalog_path(code)
    if code == DEFAULT or not path.exists():
        return gettext_module.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=BY_CODE[code].babel)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)  # a fuzzy entry is a guess: English rather than that
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def current() -> Language:
    return BY_CODE[_current.get()]


@contextmanager
def use_language(lang: Language) -> Iterator[None]:
    """Render (or format) in `lang` inside the block."""
    token = _current.set(lang.code)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


def direction(lang: Language) -> str:
    """`rtl` or `ltr` for the page's `dir` attribute, from CLDR (all six shipped today are left to right)."""
    return "rtl" if Locale.parse(lang.babel).character_order == "right-to-left" else "ltr"


def _locale() -> Locale:
    return Locale.parse(current().babel)


def money(amount: float | Decimal, currency: str = "USD") -> str:
    """`$19.50` in English. Small whole amounts keep their cents so a range reads evenly ($19.50 to
    $21.00); from 1,000 up (yearly pay, course costs) whole amounts drop them ($44,500)."""
    value = Decimal(str(amount))
    locale = _locale()
    if value >= 1000 and value == value.to_integral_value():
        pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
        return format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)
    return format_currency(value, currency, locale=locale)


def number(value: float) -> str:
    return format_decimal(value, locale=_locale())


def duration(value: timedelta) -> str:
    """'45 seconds', '1 minute' in the page's language, rounded up to whole seconds so waiting as told is enough."""
    seconds = max(1, math.ceil(value.total_seconds()))
    return format_timedelta(timedelta(seconds=seconds), threshold=1.0, locale=_locale())


def long_date(value: date) -> str:
    return format_date(value, "long", locale=_locale())
