"""Markdown segmentation: fixture cases pinning the msgids a translator sees, and the skeleton
property (filling every hole with its source gives markdown-it's own page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize_post.document import Segment
from localize_post.render import PostTranslator
from localize_post.sources.frontmatter import split_front_matter
from localize_post.sources.markdown import markdown_parser, parse_markdown

from conftest import CASES, dom_tree


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    expected: list[str]


def read_cases(path: Path) -> list[Case]:
    """markdown-it-py's fixture format: name, '.', input, '.', expected, '.'.

    Where a case name is expected, blank lines and lines starting with ``#`` (the format notes at
    the top of a file) are skipped."""
    cases = []
    lines = path.read_text(encoding="utf-8").splitlines()
    position = 0
    while position < len(lines):
        if not lines[position].strip() or lines[position].startswith("#"):
            position += 1
            continue
        name = lines[position]
        sections: list[list[str]] = []
        position += 2  # the name, then the first "."
        for _ in range(2):
            section: list[str] = []
            while lines[position] != ".":
                section.append(lines[position])
                position += 1
            sections.append(section)
            position += 1
        cases.append(Case(name, "\n".join(sections[0]) + "\n", sections[1]))
    return cases


def segment_line(segment: Segment) -> str:
    """A segment as a fixture's expected line: ``kind [ctx=…] [note=…]: msgid``."""
    line = str(segment.kind)
    if segment.context is not None:
        line += f" [ctx={segment.context}]"
    if segment.comment:
        line += " [note=" + segment.comment.replace("\n", "\\n") + "]"
    return f"{line}: {segment.text}"


MARKDOWN_CASES = read_cases(CASES / "markdown-segments.txt")


@pytest.mark.parametrize("case", MARKDOWN_CASES, ids=[case.name for case in MARKDOWN_CASES])
def test_markdown_segments(case: Case) -> None:
    document = parse_markdown(
        case.source, PurePosixPath("post.md"), "post", ("title", "description")
    )
    assert [segment_line(segment) for segment in document.segments] == case.expected


_MARKER_BLOCK = re.compile(r"^<!--\s*localize-post:.*?-->[ \t]*\n", re.DOTALL | re.MULTILINE)


def _without_markers(html: str) -> str:
    """markdown-it's page minus author markers: a marker block steers extraction and renders
    nothing (markers inside a paragraph are ordinary inline HTML and stay)."""
    return _MARKER_BLOCK.sub("", html)


@pytest.mark.parametrize("case", MARKDOWN_CASES, ids=[case.name for case in MARKDOWN_CASES])
def test_source_fills_back_to_markdown_its_page(case: Case) -> None:
    document = parse_markdown(case.source, PurePosixPath("post.md"), "post", ())
    body = split_front_matter(case.source, PurePosixPath("post.md")).body
    expected = _without_markers(markdown_parser().render(body))
    rendered = PostTranslator(document, None).body()
    assert dom_tree(rendered) == dom_tree(expected)


BLOCKS = st.lists(
    st.one_of(
        st.from_regex(r"[A-Za-z][a-z ]{0,20}[a-z]\.", fullmatch=True),
        st.from_regex(r"#{1,3} [A-Z][a-z]{1,10}", fullmatch=True),
        st.from_regex(r"- [a-z]{1,8}( \*[a-z]{1,5}\*)?", fullmatch=True),
        st.from_regex(
            r"[A-Z][a-z]{1,6} \[[a-z]{1,6}\]\(https://e\.x/[a-z]{0,4}\) [a-z]{1,5}\.",
            fullmatch=True,
        ),
        st.from_regex(r"> [A-Z][a-z]{1,10} `[a-z<>&]{1,6}`", fullmatch=True),
    ),
    min_size=1,
    max_size=6,
)


@given(BLOCKS)
def test_skeleton_round_trip(blocks: list[str]) -> None:
    source = "\n\n".join(blocks) + "\n"
    document = parse_markdown(source, PurePosixPath("post.md"), "post", ())
    expected = markdown_parser().render(source)
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(expected)


def test_sentence_mode_segments_sentences_and_keeps_tags_whole() -> None:
    source = (
        "Dr. Smith came. See <em>this. And that</em> too! Visit [the site](https://x.example/).\n"
    )
    document = parse_markdown(source, PurePosixPath("post.md"), "post", (), sentence_language="en")
    assert [segment.text for segment in document.segments] == [
        "Dr. Smith came.",
        "See <em>this. And that</em> too!",
        "Visit <a1>the site</a1>.",
    ]
    assert dom_tree(PostTranslator(document, None).body()) == dom_tree(
        markdown_parser().render(source)
    )


def test_sentence_mode_falls_back_per_sentence() -> None:
    document = parse_markdown(
        "One sentence. Two sentences.\n",
        PurePosixPath("post.md"),
        "post",
        (),
        sentence_language="en",
    )
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="One sentence.", msgstr="Une phrase."))
    body = PostTranslator(document, catalog).body()
    assert body == '<p>Une phrase. <span lang="en">Two sentences.</span></p>\n'
