"""Translated Markdown sources: the source's bytes but for the translated text (writers/)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize_post.document import (
    TAG_PATTERN,
    Document,
    collapse_whitespace,
    escape_text,
)
from localize_post.engines.protect import protect, protection_pattern, restore
from localize_post.engines.pseudo import PseudoEngine
from localize_post.sources.markdown import parse_markdown
from localize_post.writers.churn import churn
from localize_post.writers.escaping import Flavor
from localize_post.writers.markdown import MarkdownContext, WrittenPost, write_markdown
from localize_post.writers.translations import Choices, choose, identity_choices
from localize_post.writers.verify import document_page

from conftest import CASES, REGENERATE, require_shared

FIELDS = ("title", "description")
Translate = Callable[[str], str]


def _corpus() -> list[tuple[PurePosixPath, str]]:
    root = require_shared("corpus/opentelemetry-blog/content/en/blog")
    return [
        (PurePosixPath(path.relative_to(root).as_posix()), path.read_bytes().decode("utf-8"))
        for path in sorted(root.rglob("*.md"))
    ]


POST = PurePosixPath("source/post.md")


def _parse(text: str, path: PurePosixPath = POST) -> Document:
    normalized = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return parse_markdown(normalized, path, path.stem, FIELDS)


def _context(
    document: Document,
    added: dict[str, str] | None = None,
    rewrite: Callable[[str], str | None] = lambda url: None,
) -> MarkdownContext:
    return MarkdownContext(document.path, document.slug, FIELDS, Flavor.HUGO, added or {}, rewrite)


def _catalog(document: Document, translate: Translate, fuzzy: bool = False) -> polib.POFile:
    catalog = polib.POFile()
    for segment in document.segments:
        entry = polib.POEntry(
            msgctxt=segment.context, msgid=segment.text, msgstr=translate(segment.text)
        )
        if fuzzy:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return catalog


def _write(text: str, translate: Translate, **context: object) -> tuple[Document, WrittenPost]:
    document = _parse(text)
    choices = choose(document, _catalog(document, translate))
    return document, write_markdown(text, document, choices, _context(document, **context))  # type: ignore[arg-type]


def upper(msgid: str) -> str:
    """A translation that changes every letter outside tags and code and nothing else."""
    pieces = re.split(r"(<code\d*>.*?</code\d*>|</?[a-z][a-z0-9]*/?>)", msgid)
    return "".join(
        piece if TAG_PATTERN.fullmatch(piece) or piece.startswith("<code") else piece.upper()
        for piece in pieces
    )


_PATTERN = protection_pattern()
_PSEUDO = PseudoEngine(rtl=False)


def pseudo(msgid: str) -> str:
    """The pseudo engine, as pretranslate runs it: tags and code hidden from it."""
    protected = protect(msgid, _PATTERN)
    return restore(_PSEUDO.translate(protected.text), protected)


# --- the whole corpus ---------------------------------------------------------------------------


def test_identity_catalogs_give_every_corpus_file_back_byte_for_byte() -> None:
    posts = _corpus()
    assert len(posts) == 264  # 256 posts and 8 section pages
    differing = []
    for path, text in posts:
        document = _parse(text, path)
        choices = choose(document, _catalog(document, lambda msgid: msgid))
        written = write_markdown(text, document, choices, _context(document))
        if written.text != text:
            differing.append(str(path))
    assert differing == []


def test_pseudo_translations_change_only_translated_lines_over_the_corpus() -> None:
    """Every segment is written translated (but the one in a raw HTML block), no line without
    text changes, and the written file extracts as exactly its translations."""
    left_english = 0
    for path, text in _corpus():
        document = _parse(text, path)
        choices = choose(document, _catalog(document, pseudo))
        written = write_markdown(text, document, choices, _context(document))
        left_english += len(written.english)
        assert churn(text, written.text, FIELDS).changed_outside_text == 0, path
        reparsed = _parse(written.text, path)
        assert document_page(reparsed) == _expected_page(document, choices, written), path
    assert left_english <= 1  # a <summary> inside raw HTML


def _expected_page(document: Document, choices: Choices, written: WrittenPost) -> str:
    from localize_post.writers.verify import page

    def text_of(index: int) -> str:
        return document.segments[index].text if index in written.english else choices.text(index)

    return page(document.skeleton, text_of)


# --- what a translated file keeps ---------------------------------------------------------------


def test_kitchen_sink_golden() -> None:
    source = (CASES / "writers" / "kitchen.md").read_text(encoding="utf-8")
    document, written = _write(
        source,
        upper,
        added={"translationKey": "kitchen"},
        rewrite=lambda url: "/fr" + url if url.startswith("/blog/") else None,
    )
    expected_path = CASES / "writers" / "kitchen.fr.md"
    if REGENERATE:
        expected_path.write_text(written.text, encoding="utf-8")
    assert written.text == expected_path.read_text(encoding="utf-8")
    english = {document.segments[index].text for index in written.english}
    # a reference definition's title and a raw HTML block are not rewritten: they stay English
    assert english == {"Collapsed title", "Raw HTML block"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1. one\n2. two\n", "1. ONE\n2. TWO\n"),
        ("3) three\n", "3) THREE\n"),
        ("- a\n  - nested _b_\n", "- A\n  - NESTED _B_\n"),
        ("> quoted\n> lines\n", "> QUOTED\n> LINES\n"),
        ("| a | b |\n| :- | -: |\n| c | d |\n", "| A | B |\n| :- | -: |\n| C | D |\n"),
        ("## Title ##\n", "## TITLE ##\n"),
        ("## Title {#keep-id}\n", "## TITLE {#keep-id}\n"),
        ("See [it][r].\n\n[r]: /x\n", "SEE [IT][r].\n\n[r]: /x\n"),
        ("A [b] c.\n\n[b]: /x\n", "A [B][b] C.\n\n[b]: /x\n"),
        ("Use {{< sc >}} here.\n", "USE {{< sc >}} HERE.\n"),
        ("Word `code` word\n", "WORD `code` WORD\n"),
        ("Note[^1].\n\n[^1]: Text.\n", "NOTE[^1].\n\n[^1]: TEXT.\n"),
        ("line\\\nbreak\n", "LINE\\\nBREAK\n"),
    ],
)
def test_syntax_around_the_text_is_kept(source: str, expected: str) -> None:
    _, written = _write(source, upper)
    assert written.text == expected
    assert written.english == frozenset()


def test_line_endings_and_byte_order_mark_are_kept() -> None:
    source = "\ufeff---\r\ntitle: Hello\r\n---\r\n\r\nSome text\r\nwrapped.\r\n"
    source += "\r\n```\r\ncode\r\n```\r\n"
    _, written = _write(source, lambda msgid: msgid)
    assert written.text == source
    _, written = _write(source, upper)
    assert written.text.startswith("\ufeff---\r\ntitle: HELLO\r\n---\r\n")
    assert "\n" not in written.text.replace("\r\n", "")


def test_a_wrapped_paragraph_is_rewrapped_to_the_source_width() -> None:
    source = "- " + " ".join(["word"] * 30)[:60] + "\n  " + " ".join(["more"] * 12) + "\n"
    _, written = _write(source, lambda msgid: msgid.replace("more", "longer words"))
    lines = written.text.splitlines()
    assert len(lines) > 2
    assert all(line.startswith("  ") for line in lines[1:])
    assert max(len(line) for line in lines) <= max(len(line) for line in source.splitlines())


def test_a_one_line_paragraph_stays_on_one_line() -> None:
    _, written = _write("Short line.\n", lambda msgid: "Une ligne " + "très " * 40 + "longue.")
    assert written.text.count("\n") == 1


def test_untranslated_fuzzy_and_refused_entries_keep_the_english() -> None:
    source = "Keep [me](/x).\n\nAnd me.\n"
    document = _parse(source)
    for catalog in (
        _catalog(document, lambda msgid: ""),
        _catalog(document, upper, fuzzy=True),
        _catalog(document, lambda msgid: "<b>Unknown tags</b>"),
    ):
        written = write_markdown(source, document, choose(document, catalog), _context(document))
        assert written.text == source


def test_links_keep_their_urls_and_titles_when_tags_move() -> None:
    source = 'Read [the docs](https://example.com/docs "Docs") and [the blog](/blog/).\n'
    _, written = _write(source, lambda msgid: "Lisez <a2>le blog</a2> et <a1>la doc</a1>.")
    assert written.text == 'Lisez [le blog](/blog/) et [la doc](https://example.com/docs "Docs").\n'


def test_added_emphasis_is_written_in_markdown() -> None:
    _, written = _write("A loanword here.\n", lambda msgid: "Un <em>loanword</em> ici.")
    assert written.text == "Un *loanword* ici.\n"


def test_emphasis_between_letters_without_spaces_falls_back_to_html() -> None:
    _, written = _write(
        "A **strong** word.\n", lambda msgid: "これは<strong>「強い」</strong>言葉です。"
    )
    assert written.text == "これは<strong>「強い」</strong>言葉です。\n"


# --- untrusted translations ---------------------------------------------------------------------

HOSTILE = [
    "](https://evil.example) [click](https://evil.example)",
    "<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{< evil >}} and {{% evil %}}",
    "{{ site.secret }} {% include evil.html %}",
    "# Heading",
    "* list item",
    "1. ordered",
    "> quote",
    "```\nfenced\n```",
    "---\ndraft: true\n---",
    "[x]: https://evil.example",
    "[^1]: a footnote",
    "<https://evil.example>",
    "https://evil.example www.evil.example mail@evil.example",
    "![img](https://evil.example/x.png)",
    "text\\",
    "a  \nb",
    "| a | b |",
    "{.class}",
    "\\*not emphasis\\*",
    "    indented code",
    "<!-- comment -->",
    "&amp; &copy; &#42;",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_translation_is_only_text(hostile: str) -> None:
    """Written, it is text: the file has the source's markup, links and blocks, and each
    segment says the translation, or, where the file could not say it (a heading ending in
    ``{.class}``, which Hugo reads as attributes), the English."""
    source = (
        "---\ntitle: A title\n---\n\n| Cell |\n| --- |\n| Plain cell |\n\n"
        "A paragraph.\n\n## A heading\n"
    )
    translation = escape_text(hostile)
    document, written = _write(source, lambda msgid: translation)
    reparsed = _parse(written.text)
    assert reparsed.skeleton == document.skeleton, written.text
    expected = collapse_whitespace(translation).strip()
    for before, after in zip(document.segments, reparsed.segments, strict=True):
        assert after.text in (expected, before.text), written.text
    assert reparsed.segments[3].text == expected
    assert set(reparsed.meta) == {"title"}


# --- properties ---------------------------------------------------------------------------------

_words = st.text(alphabet="abcdefghij éà", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        word = draw(_words)
        kind = draw(st.sampled_from(["text", "em", "strong", "link", "code", "ref", "image"]))
        pieces.append(
            {
                "text": word,
                "em": f"{draw(st.sampled_from(['*', '_']))}{word}{draw(st.just(''))}",
                "strong": f"**{word}**",
                "link": f'[{word}](https://x.example/{len(word)} "t {word}")',
                "code": f"`{word}`",
                "ref": f"[{word}][r]",
                "image": f"![{word}](i.png)",
            }[kind]
        )
        if kind == "em":
            pieces[-1] += pieces[-1][0]
    return " ".join(pieces)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_inline(), st.booleans())
def test_inline_syntax_round_trips(paragraph: str, wrapped: bool) -> None:
    source = paragraph.replace(" ", "\n", 1) if wrapped else paragraph
    source = f"{source}\n\n[r]: /ref\n"
    _, written = _write(source, lambda msgid: msgid)
    assert written.text == source
    _, written = _write(source, upper)
    assert written.english == frozenset()
    for delimiter in ("**", "_", "`", "](", "][r]"):
        assert written.text.count(delimiter) == source.count(delimiter)


_values = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
    ),
    min_size=1,
    max_size=30,
).filter(lambda value: value.strip() and any(char.isalpha() for char in value))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["plain", "single", "double", "folded", "toml-basic", "toml-literal"]),
    _values,
)
def test_front_matter_round_trips(style: str, translation: str) -> None:
    written_title = {
        "plain": "title: Old title",
        "single": "title: 'Old title'",
        "double": 'title: "Old title"',
        "folded": "title: >-\n  Old\n  title",
    }
    if style.startswith("toml"):
        quote = '"' if style == "toml-basic" else "'"
        source = (
            f"+++\n# comment\ntitle = {quote}Old title{quote}\ndate = 2020-01-01\n+++\n\nBody.\n"
        )
    else:
        source = f"---\n# comment\n{written_title[style]}\nkeep: 'as is' # note\n---\n\nBody.\n"
    msgid_translation = escape_text(translation)
    document, written = _write(
        source, lambda msgid: msgid_translation if msgid == "Old title" else msgid
    )
    reparsed = _parse(written.text)
    if "title" in written.text and document.fields:
        expected = collapse_whitespace(msgid_translation).strip()
        if 0 not in written.english:
            assert reparsed.segments[reparsed.fields["title"]].text == expected
    assert {key: value for key, value in reparsed.meta.items() if key != "title"} == {
        key: value for key, value in document.meta.items() if key != "title"
    }
    assert written.text.split("\n", 2)[1] == "# comment"
    assert written.text.endswith("\n\nBody.\n")


def test_the_corpus_case_folder_exists() -> None:
    assert Path(CASES / "writers" / "kitchen.md").is_file()
    assert identity_choices(_parse("Text.\n")).translated == frozenset()
