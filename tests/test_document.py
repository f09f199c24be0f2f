"""Msgid text: escaping round trips, tag checks, and rendering translations safely."""

from __future__ import annotations

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize_post.document import (
    Hole,
    InlineMarkupError,
    InlineTag,
    check_inline_markup,
    escape_text,
    render_inline,
    unescape_text,
)

LINK = {"a1": InlineTag(('<a href="https://example.org/">',), "</a>")}
TAGS = {
    **LINK,
    "em": InlineTag(("<em>",), "</em>"),
    "code": InlineTag(("<code>",), "</code>"),
    "img1": InlineTag(('<img src="x.png" alt="">',), None),
}


def _no_hole(hole: Hole) -> str:
    raise AssertionError(f"unexpected hole {hole}")


@given(st.lists(st.sampled_from([*"<>&/;ltgamp a1em", "&lt;", "&amp;", "<em>"])).map("".join))
def test_escape_round_trip(text: str) -> None:
    assert unescape_text(escape_text(text)) == text


@given(st.text())
def test_escaped_text_has_no_tags(text: str) -> None:
    """Literal source text can never be read back as a tag."""
    rendered = render_inline(escape_text(text), {}, _no_hole)
    assert "<" not in rendered and ">" not in rendered


@pytest.mark.parametrize(
    ("translation", "error"),
    [
        ("Visitez le site", "missing <a1>"),
        ("Visitez <a1>le site</a1> <a1>deux</a1>", "unexpected <a1>"),
        ("Visitez <a1>le site", "<a1> is never closed"),
        ("Visitez <b>le site</b>", "unknown tag <b>"),
        ("Visitez <a2>le site</a2>", "unknown tag <a2>"),
        ("Visitez <script>alert(1)</script><a1>x</a1>", "unknown tag <script>"),
        ("Visitez <a1/>", "<a1> must be closed"),
    ],
)
def test_translations_must_keep_the_tags(translation: str, error: str) -> None:
    with pytest.raises(InlineMarkupError, match=error):
        check_inline_markup("Visit <a1>the site</a1>", translation, LINK)


def test_tags_must_nest() -> None:
    with pytest.raises(InlineMarkupError, match="</em> closes a tag that is not open"):
        check_inline_markup("<em>a <a1>b</a1></em>", "<em>le <a1>site</em></a1>", TAGS)
    with pytest.raises(InlineMarkupError, match="<img1/> is a self-closing tag"):
        check_inline_markup("See <img1/>", "Voir <img1>x</img1>", TAGS)


def test_tags_may_move() -> None:
    check_inline_markup(
        "Visit <a1>the site</a1> on <em>8 November</em>",
        "Le <em>8 novembre</em>, visitez <a1>le site</a1>",
        TAGS,
    )


def test_a_translation_may_add_emphasis_but_not_drop_the_sources() -> None:
    """Spanish and Portuguese set English loanwords in italics: <em> and <strong> may be added,
    bare, where the English has none or fewer; the source's own must all stay."""
    link = "Visit <a1>the site</a1>"
    check_inline_markup(link, "Visitez <a1>le <em>site</em></a1> <strong>ici</strong>", LINK)
    html = render_inline("Le <em>site</em> <a1>IDoR</a1>", LINK, _no_hole)
    assert html == 'Le <em>site</em> <a href="https://example.org/">IDoR</a>'
    emphasis = "Visit <a1>the site</a1> on <em>8 November</em>"
    check_inline_markup(emphasis, "Le <em>8 novembre</em>, <a1>le <em>site</em></a1>", TAGS)
    with pytest.raises(InlineMarkupError, match="missing <em>"):
        check_inline_markup(emphasis, "Le 8 novembre, <a1>le site</a1>.", TAGS)
    with pytest.raises(InlineMarkupError, match="</em> closes a tag that is not open"):
        check_inline_markup(link, "Visitez <em>le <a1>site</em></a1>", LINK)
    with pytest.raises(InlineMarkupError, match="unknown tag <i>"):
        check_inline_markup(link, "Visitez <i>le</i> <a1>site</a1>", LINK)


def test_code_spans_must_stay_unchanged() -> None:
    with pytest.raises(InlineMarkupError, match="code:"):
        check_inline_markup("Run <code>make</code> now", "Lancez <code>faire</code>", TAGS)
    check_inline_markup("Run <code>make</code> now", "Lancez <code>make</code> maintenant", TAGS)


def test_render_puts_back_the_attributes() -> None:
    html = render_inline("Le site <a1>IDoR</a1> & <em>plus</em>", TAGS, _no_hole)
    assert html == 'Le site <a href="https://example.org/">IDoR</a> &amp; <em>plus</em>'


HOSTILE = st.lists(
    st.sampled_from(
        ["<", ">", "/", '"', "'", "=", "&", " ", "a1", "em", "strong", "script", "onerror", "img1"]
    ),
    max_size=40,
).map("".join)


@given(HOSTILE)
def test_no_translation_can_add_an_element_or_attribute(translation: str) -> None:
    """Whatever a translator writes, the page gets only the source's elements and attributes."""
    try:
        html = render_inline(translation, TAGS, _no_hole)
    except InlineMarkupError:
        return
    fragment = html5lib.parseFragment(f"<p>{html}</p>", namespaceHTMLElements=False)
    for element in fragment.iter():
        assert element.tag in {"DOCUMENT_FRAGMENT", "p", "a", "em", "strong", "code", "img"}, html
        allowed = {"a": {"href"}, "img": {"src", "alt"}}.get(str(element.tag), set())
        assert set(element.attrib) <= allowed, html
