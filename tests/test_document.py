"""Msgid text: escaping round trips, tag checks, and rendering translations safely."""

from __future__ import annotations

from pathlib import PurePosixPath

import html5lib
import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize_post.document import (
    Hole,
    InlineMarkupError,
    InlineTag,
    check_inline_markup,
    escape_text,
    longest_translation,
    publishing_problem,
    render_inline,
    unescape_text,
)
from localize_post.render import Localized, PostTranslator
from localize_post.sources.markdown import parse_markdown

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


@pytest.mark.parametrize(
    ("source", "longest"), [("", 500), ("News", 504), ("a" * 55, 555), ("a" * 56, 560)]
)
def test_a_translation_may_be_ten_times_its_source_or_500_characters_more(
    source: str, longest: int
) -> None:
    assert longest_translation(source) == longest
    assert publishing_problem(source, "x" * longest) is None
    too_long = publishing_problem(source, "x" * (longest + 1))
    assert too_long == (
        f"the translation has {longest + 1} characters: a source of {len(source)} may have at"
        f" most {longest}"
    )


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        (
            "evil \u202etxt.exe",
            "U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control, which reorders the text shown",
        ),
        (
            "\u202aembedded\u202c",
            "U+202A LEFT-TO-RIGHT EMBEDDING, a bidi control, which reorders the text shown",
        ),
        (
            "\u2067isolated\u2069",
            "U+2067 RIGHT-TO-LEFT ISOLATE, a bidi control, which reorders the text shown",
        ),
        ("NUL \x00", "U+0000, a character XML forbids"),
        ("escape \x1b[31m", "U+001B, a character XML forbids"),
        ("form feed \x0c", "U+000C, a character XML forbids"),
        ("not a character \uffff", "U+FFFF, a character XML forbids"),
        ("DEL \x7f", "U+007F, a control character or noncharacter HTML forbids"),
        ("C1 \x9b", "U+009B, a control character or noncharacter HTML forbids"),
        ("\U0010fffe", "U+10FFFE, a control character or noncharacter HTML forbids"),
    ],
)
def test_characters_that_reorder_text_or_break_a_feed_are_not_published(
    translation: str, problem: str
) -> None:
    assert publishing_problem("Text", translation) == f"the translation holds {problem}"


@pytest.mark.parametrize(
    "translation",
    [
        "tab\tline\nreturn\r",
        "line and paragraph separators \u2028\u2029",
        "marks \u200e\u200f\u061c and joiners \u200d\u200c",
        "ناشر \u2067Medsquare\u2069 once, as its source has it",
    ],
)
def test_whitespace_marks_and_the_sources_own_isolates_are_published(translation: str) -> None:
    assert publishing_problem("Published by \u2067Medsquare\u2069", translation) is None


def test_a_translation_adding_an_isolate_its_source_has_once_is_not_published() -> None:
    source = "Published by \u2067Medsquare\u2069"
    problem = publishing_problem(source, "\u2067\u2067Medsquare\u2069\u2069")
    assert problem is not None and "U+2067" in problem


def test_a_post_shows_the_english_for_what_cannot_be_published() -> None:
    document = parse_markdown(
        "---\ntitle: Radiology day\n---\nFirst paragraph.\n\nSecond paragraph.\n",
        PurePosixPath("source/day.md"),
        "day",
        ["title"],
    )
    catalog = polib.POFile()
    for msgid, msgstr in [
        ("Radiology day", "Journée\u202e de la radiologie"),
        ("First paragraph.", "Premier " * 100),
        ("Second paragraph.", "Second paragraphe."),
    ]:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    translator = PostTranslator(document, catalog)
    assert translator.body() == '<p lang="en">First paragraph.</p>\n<p>Second paragraphe.</p>\n'
    assert translator.field("title") == Localized("Radiology day", fallback=True)
    assert translator.fallback_segments == {0, 1}
