"""The proof that a written source says what was chosen, and nothing more.

A written file is parsed again, as ``extract`` would parse it; its page (the skeleton with each
hole filled by the written file's own msgid) must be the page of the source filled with the
chosen texts. Any markup, link, shortcode or code a translation smuggled in, or a block the
writer broke, changes that page; the writer then keeps the English instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from ..document import (
    Document,
    Hole,
    Markup,
    escape_html,
    render_inline,
    render_markup,
)

_HREF = re.compile(r'(\shref=")([^"]*)(")')

TextOf = Callable[[int], str]


def page(skeleton: Markup, text_of: TextOf) -> str:
    """A skeleton's HTML, every hole filled with ``text_of(segment)``."""

    def fill(hole: Hole) -> str:
        return hole.element + render_inline(text_of(hole.segment), hole.tags, fill)

    return render_markup(skeleton, fill)


def hole_html(hole: Hole, text: str, text_of: TextOf) -> str:
    """The HTML ``text`` puts in one hole (its element aside), the holes inside its tags filled
    with ``text_of``."""

    def fill(inner: Hole) -> str:
        return inner.element + render_inline(text_of(inner.segment), inner.tags, fill)

    return render_inline(text, hole.tags, fill)


def document_page(document: Document) -> str:
    """A parsed document's page, each hole with its own msgid."""
    return page(document.skeleton, lambda index: document.segments[index].text)


def relinked(page_html: str, links: Mapping[str, str]) -> str:
    """A page with each ``href`` the writer rewrote (``links``: source URL -> written URL)
    as it is written."""
    if not links:
        return page_html

    def replace(match: re.Match[str]) -> str:
        url = html.unescape(match.group(2))
        if url not in links:
            return match.group(0)
        return match.group(1) + escape_html(links[url]) + match.group(3)

    return _HREF.sub(replace, page_html)
