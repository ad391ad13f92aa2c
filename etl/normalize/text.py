"""HTML descriptions to plain text that keeps paragraphs and list items on their own lines."""

import html
import re

from selectolax.lexbor import LexborHTMLParser

# Stands in for a line break while whitespace from the HTML source is collapsed.
_BREAK = "\x1e"
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "thead",
        "tbody",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "dd",
        "dt",
        "dl",
        "pre",
        "hr",
    }
)
_INLINE_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "span",
        "a",
        "small",
        "sup",
        "sub",
        "font",
        "abbr",
        "code",
        "mark",
        "s",
        "strike",
        "td",
        "th",
    }
)
_TAG_NAMES = r"\b[^<>]*>"
# Lower-case only, for speed: upper-case tags are left over and go to the real parser.
_LI_OPEN = re.compile(r"<li" + _TAG_NAMES)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")" + _TAG_NAMES)
_INLINE_TAG = re.compile(r"</?(?:" + "|".join(sorted(_INLINE_TAGS)) + r")" + _TAG_NAMES)
_BLOCK_OPEN = re.compile(r"<(/?)(" + "|".join(sorted(_BLOCK_TAGS)) + r")\b", re.IGNORECASE)
_LEFTOVER_MARKUP = re.compile(r"<[a-zA-Z/!?]")
_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_PLAIN_SPACES = re.compile(r"[ \t\f\v\xa0]+")


def _tidy(text: str) -> str:
    """Collapse source whitespace, then turn break markers into single newlines."""
    lines = (line.strip() for line in _SPACES.sub(" ", text).split(_BREAK))
    return "\n".join(line for line in lines if line and line != "-")


def _simple_markup_to_text(markup: str) -> str | None:
    """Fast path for the p/ul/li/b markup most postings use (~10x cheaper than parsing).

    Constant replacements keep the work in the regex engine; anything left that looks like
    markup (unknown tags, comments, scripts) sends the text to the real parser instead.
    """
    stripped = _INLINE_TAG.sub("", _BLOCK_TAG.sub(_BREAK, _LI_OPEN.sub(_BREAK + "- ", markup)))
    if "<" in stripped and _LEFTOVER_MARKUP.search(stripped):
        return None
    return _tidy(html.unescape(stripped) if "&" in stripped else stripped)


def _parsed_markup_to_text(markup: str) -> str:
    """Full HTML5 parse with selectolax for anything the fast path will not vouch for."""
    marked = _BLOCK_OPEN.sub(
        lambda m: (_BREAK + "- " if m.group(2).lower() == "li" and not m.group(1) else _BREAK) + m.group(0),
        markup,
    )
    tree = LexborHTMLParser(marked)
    tree.strip_tags(["script", "style", "noscript", "template", "head"])
    root = tree.body or tree.root
    return _tidy(root.text(separator="") if root is not None else "")


def html_to_text(value: str | None) -> str:
    """Plain text from an HTML (or already plain) description; '' for None."""
    if not value:
        return ""
    if "<" not in value:
        if "&lt;" in value:  # HTML escaped twice by the publisher
            value = html.unescape(value)
        else:
            plain = html.unescape(value) if "&" in value else value
            lines = (_PLAIN_SPACES.sub(" ", line).strip() for line in plain.splitlines())
            return "\n".join(line for line in lines if line)
    fast = _simple_markup_to_text(value)
    return fast if fast is not None else _parsed_markup_to_text(value)
