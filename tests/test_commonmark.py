"""The CommonMark spec's 652 examples as posts (tests/cases/commonmark, see SOURCE.txt there): the
English article is markdown-it-py's own rendering of the example, and a translated page has the
same structure. Where an example is known to differ, the exact set is asserted, with the reason,
so a fix or a regression shows."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import TypedDict

import polib

from localize_post.document import Document
from localize_post.engines.protect import protection_pattern
from localize_post.engines.pseudo import PseudoEngine
from localize_post.errors import LocalizePostError
from localize_post.pretranslate import machine_translate
from localize_post.render import PostTranslator
from localize_post.sources.markdown import markdown_parser, parse_markdown

from conftest import CASES, dom_tree


class Example(TypedDict):
    example: int
    section: str
    markdown: str


EXAMPLES: list[Example] = json.loads(
    (CASES / "commonmark" / "spec-0.31.2-examples.json").read_text(encoding="utf-8")
)
PATH = PurePosixPath("example.md")
# A post's first line "---" or "+++" opens front matter, as in Hugo and Jekyll; after an empty
# one, the example is the whole body.
EMPTY_FRONT_MATTER = "---\n---\n"

# Examples whose English article is markdown-it's page byte for byte but for white space: a
# msgid collapses each run of white space to one space (a soft line break is a space, which
# HTML renders alike) and trims it at the ends of a block; code keeps its own.
WHITE_SPACE_COLLAPSED = frozenset(
    {
        13, 14, 25, 28, 37, 39, 40, 46, 49, 70, 81, 82, 87, 88, 93, 95, 104, 105, 106, 113,
        138, 145, 148, 149, 150, 160, 161, 162, 163, 164, 166, 187, 190, 196, 213, 216, 217,
        220, 222, 223, 224, 228, 229, 230, 232, 233, 238, 243, 247, 250, 251, 253, 254, 285,
        286, 287, 288, 290, 291, 292, 293, 304, 312, 334, 367, 384, 394, 405, 423, 432, 490,
        494, 505, 543, 552, 556, 587, 621, 648, 649, 652,
    }
)  # fmt: skip
# Examples that, as a whole file, open with front matter (see EMPTY_FRONT_MATTER): "+++" never
# closed, "---" around a line that is no mapping of keys, and "---" closed at once (an empty
# front matter, leaving nothing to render).
READ_AS_FRONT_MATTER = {
    44: "front matter opened with +++ is never closed",
    96: "front matter must be a mapping of keys to values",
    98: "empty front matter",
}


def _document(example: Example) -> Document:
    return parse_markdown(EMPTY_FRONT_MATTER + example["markdown"], PATH, "example", ())


def _markdown_it(example: Example) -> str:
    return str(markdown_parser().render(example["markdown"]))


def test_the_examples_are_the_whole_spec() -> None:
    assert [example["example"] for example in EXAMPLES] == list(range(1, 653))


def test_every_english_article_is_markdown_its_page() -> None:
    """The same DOM as markdown-it's rendering, for every example (conftest.dom_tree, the
    standard of the corpus test); and the same bytes but for white space."""
    differing = []
    bytes_differ = set()
    for example in EXAMPLES:
        english = PostTranslator(_document(example), None).body()
        expected = _markdown_it(example)
        if dom_tree(english) != dom_tree(expected):
            differing.append(example["example"])
        if english != expected:
            bytes_differ.add(example["example"])
            assert re.sub(r"\s+", "", english) == re.sub(r"\s+", "", expected), example
    assert differing == []
    assert bytes_differ == WHITE_SPACE_COLLAPSED
    assert len(EXAMPLES) - len(bytes_differ) == 571


def _pseudo_catalog(document: Document) -> polib.POFile:
    engine = PseudoEngine(rtl=False)
    pattern = protection_pattern()
    catalog = polib.POFile()
    for segment in document.segments:
        translation = machine_translate(segment.text, engine.translate, pattern).msgstr
        catalog.append(polib.POEntry(msgid=segment.text, msgstr=translation))
    return catalog


def test_every_pseudo_translated_article_keeps_the_structure() -> None:
    """Every entry filled by the pseudo engine: no entry falls back, and the page has the
    English page's elements, attributes and URLs."""
    differing = []
    for example in EXAMPLES:
        document = _document(example)
        translator = PostTranslator(document, _pseudo_catalog(document))
        page = translator.body()
        assert translator.fallbacks == {}, example
        expected = dom_tree(_markdown_it(example), keep_text=False)
        if dom_tree(page, keep_text=False) != expected:
            differing.append(example["example"])
    assert differing == []


def test_examples_that_open_with_front_matter_are_read_as_posts_are() -> None:
    """As a whole file, only the examples listed in READ_AS_FRONT_MATTER read otherwise."""
    read_otherwise = {}
    for example in EXAMPLES:
        try:
            document = parse_markdown(example["markdown"], PATH, "example", ())
        except LocalizePostError as error:
            read_otherwise[example["example"]] = error.message
            continue
        if dom_tree(PostTranslator(document, None).body()) != dom_tree(_markdown_it(example)):
            read_otherwise[example["example"]] = "empty front matter"
    assert read_otherwise == READ_AS_FRONT_MATTER
