"""Inline HTML as authors write it, generated: custom elements, legacy and unknown tags, nested
and left open. Filled with its own text, an HTML source gives back its bytes and a Markdown post
markdown-it's page; translated, either keeps its structure."""

from __future__ import annotations

from pathlib import PurePosixPath

import polib
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.document import Document
from localize_post.engines.protect import protection_pattern
from localize_post.engines.pseudo import PseudoEngine
from localize_post.pretranslate import machine_translate
from localize_post.render import PostTranslator
from localize_post.sources.html import parse_html
from localize_post.sources.markdown import markdown_parser, parse_markdown

from conftest import dom_tree

# Text written as the page writes it back (entities for &, < and >; a msgid's white space is
# one space, and none at a block's ends), so the bytes can come back the same.
WORD = st.sampled_from(
    ["alpha", "Beta", "x &amp; y", "1 &lt; 2", "a &gt; b", "café", "日本語", "it's", "2024"]
)
PHRASE = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
ELEMENT_NAMES = st.sampled_from(
    [
        "em",
        "strong",
        "span",
        "b",
        "i",
        "small",
        "font",
        "tt",
        "big",
        "nobr",
        "acronym",
        "blink",
        "marquee",
        "foo",
        "x-y",
        "lite-youtube",
        "my-button",
        "sl-icon-button",
    ]
)
ATTRIBUTES = st.sampled_from(
    ["", ' class="k"', ' title="A &amp; B"', ' data-id="7"', ' color="red"', ' href="/u?a=1&amp;b"']
)
VOID = st.sampled_from(
    ["<br>", "<br/>", "<wbr>", '<img src="i.png" alt="An image">', '<x-icon name="star"/>']
)
EMBEDDED = st.sampled_from(
    [
        "<code>x &lt; y</code>",
        '<code><span class="k">def</span> f</code>',
        "<!-- a comment -->",
        '<svg viewBox="0 0 1 1"><path d="M0"/></svg>',
        '<span translate="no">Medsquare</span>',
    ]
)


def _element(name: str, attributes: str, content: str, closed: bool) -> str:
    return f"<{name}{attributes}>{content}" + (f"</{name}>" if closed else "")


def _inline(pieces: list[str]) -> str:
    return " ".join(pieces)


INLINE = st.recursive(
    st.one_of(PHRASE, VOID.map(lambda void: f"word {void} word"), EMBEDDED),
    lambda inner: st.one_of(
        st.builds(_element, ELEMENT_NAMES, ATTRIBUTES, inner, st.just(True)),
        st.lists(inner, min_size=2, max_size=3).map(_inline),
    ),
    max_leaves=6,
)
# An element left open runs to the end of what holds it, as browsers read it.
LEFT_OPEN = st.builds(_element, ELEMENT_NAMES, ATTRIBUTES, INLINE, st.just(False))
CONTENT = st.one_of(
    INLINE,
    st.builds(lambda text, open_element: f"{text} {open_element}", INLINE, LEFT_OPEN),
)
BLOCK = st.one_of(
    CONTENT.map(lambda text: f"<p>{text}</p>"),
    CONTENT.map(lambda text: f"<h2>{text}</h2>"),
    st.lists(CONTENT, min_size=1, max_size=3).map(
        lambda items: "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    ),
    st.tuples(CONTENT, CONTENT).map(lambda pair: f"<div>{pair[0]}<p>{pair[1]}</p></div>"),
    CONTENT.map(lambda text: f"<table><tr><td>{text}</td></tr></table>"),
)
FRAGMENT = st.lists(BLOCK, min_size=1, max_size=4).map("\n".join)


def _pseudo_translated(document: Document) -> tuple[str, PostTranslator]:
    engine = PseudoEngine(rtl=False)
    pattern = protection_pattern()
    catalog = polib.POFile()
    for segment in document.segments:
        translation = machine_translate(segment.text, engine.translate, pattern).msgstr
        catalog.append(polib.POEntry(msgid=segment.text, msgstr=translation))
    translator = PostTranslator(document, catalog)
    return translator.body(), translator


@settings(max_examples=300, deadline=None)
@given(FRAGMENT)
def test_html_source_fills_back_to_its_bytes(fragment: str) -> None:
    document = parse_html(fragment, PurePosixPath("p.html"), "p", None)
    assert PostTranslator(document, None).body() == fragment


@settings(max_examples=200, deadline=None)
@given(FRAGMENT)
def test_translated_html_source_keeps_its_structure(fragment: str) -> None:
    document = parse_html(fragment, PurePosixPath("p.html"), "p", None)
    page, translator = _pseudo_translated(document)
    assert translator.fallbacks == {}
    assert dom_tree(page, keep_text=False) == dom_tree(fragment, keep_text=False)


# In Markdown, the same inline HTML sits in paragraphs, list items and headings, and in raw
# HTML blocks, where an element left open runs on over the Markdown blocks after it.
MARKDOWN_BLOCK = st.one_of(
    CONTENT.map(lambda text: f"Some {text} here."),
    CONTENT.map(lambda text: f"- item {text}"),
    CONTENT.map(lambda text: f"## Heading {text}"),
    CONTENT.map(lambda text: f"> Quoted {text} *and* more"),
    CONTENT.map(lambda text: f"<div>\n{text}\n</div>"),
    LEFT_OPEN.map(lambda text: f"<div>\n{text}\n\nNext *paragraph*.\n\n</div>"),
    LEFT_OPEN.map(lambda text: f"{text}\n\nAfter it."),
)
MARKDOWN = st.lists(MARKDOWN_BLOCK, min_size=1, max_size=4).map(lambda blocks: "\n\n".join(blocks))


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_markdown_with_inline_html_fills_back_to_markdown_its_page(source: str) -> None:
    document = parse_markdown(source + "\n", PurePosixPath("p.md"), "p", ())
    expected = markdown_parser().render(source + "\n")
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(expected)
    page, translator = _pseudo_translated(document)
    assert translator.fallbacks == {}
    assert dom_tree(page, keep_text=False) == dom_tree(expected, keep_text=False)
