"""Markdown segmentation: fixture cases pinning the msgids a translator sees, and the skeleton
property (filling every hole with its source gives markdown-it's own page)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.document import Segment
from localize_post.errors import LocalizePostError
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


# Posts built from the pieces real Hugo posts are made of, with the characters that tempt a
# parser (``<``, ``&``, brackets, backslashes, braces) inside the words.


def _joined(parts: list[str], separators: list[str]) -> str:
    """Parts joined by separators taken in turn, so line breaks fall between pieces."""
    joined = parts[0]
    for position, part in enumerate(parts[1:]):
        joined += separators[position % len(separators)] + part
    return joined


def _quoted(text: str, marker: str) -> str:
    return "\n".join(f"{marker}{line}" if line else marker.rstrip() for line in text.split("\n"))


def _alert(kind: str, sign: str, title: str, line_end: str, body: str) -> str:
    return _quoted(f"[!{kind}]{sign}{title}{line_end}{body}", "> ")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def _fenced(fence: str, code: str, closed: bool) -> str:
    return f"{fence}\n{code}" + (f"\n{fence[:3]}" if closed else "")


WORDS = st.sampled_from(
    "Radiology day the scan & of 5 < 6 a<b &amp; &lt;em> café 日本語 \\* \\[x] {.c} {#i} | "
    '"q" x_y_z 1. [!NOTE] ]: {{ %} >}}'.split(" ")
)
INLINE_PIECES = st.sampled_from(
    [
        "`code <b> & x`",
        "``a ` b``",
        "{{< x >}}",
        '{{% y "z" %}}',
        '{{< figure src="a.png" caption="Cap" >}}',
        "[^1]",
        "[^note]",
        "<https://e.x/>",
        "<!-- comment -->",
        '<img src="a.png" alt="An image">',
        "</em>",
        "<b>",
        '<span class="k">',
        "[undefined]",
    ]
)
INLINE_TEXT = st.recursive(
    st.lists(WORDS, min_size=1, max_size=4).map(" ".join),
    lambda inner: st.one_of(
        st.builds(
            lambda mark, text: f"{mark}{text}{mark}", st.sampled_from(["*", "**", "_", "~~"]), inner
        ),
        st.builds(
            lambda text, title: f"[{text}](https://e.x/a?b=1&c=2{title})",
            inner,
            st.sampled_from(["", ' "A title"', " 'x & y'"]),
        ),
        inner.map(lambda text: f"[{text}][ref]"),
        inner.map(lambda text: f'<span class="k">{text}</span>'),
        inner.map(lambda text: f"![{text}](i.png)"),
        st.lists(inner, min_size=2, max_size=3).map(
            lambda parts: _joined(parts, [" ", "\n", "  \n", "\\\n", " <br> "])
        ),
        INLINE_PIECES.map(lambda piece: f"{piece} word"),
    ),
    max_leaves=6,
)
ALERT = st.builds(
    _alert,
    st.sampled_from(["NOTE", "tip", "Warning", "IMPORTANT", "CAUTION"]),
    st.sampled_from(["", "+", "-"]),
    st.one_of(st.just(""), INLINE_TEXT.map(lambda title: " " + title)),
    st.sampled_from(["\n", "\n\n", "  \n"]),
    st.one_of(st.just(""), INLINE_TEXT),
)
SIMPLE_BLOCK = st.one_of(
    INLINE_TEXT,
    st.builds(
        lambda level, text, attributes: f"{'#' * level} {text}{attributes}",
        st.integers(1, 6),
        INLINE_TEXT,
        st.sampled_from(["", " {#an-id}", " {.c #i}", " #"]),
    ),
    st.builds(
        lambda marker, items, separator: separator.join(marker + item for item in items),
        st.sampled_from(["- ", "* ", "1. ", "3) "]),
        st.lists(INLINE_TEXT, min_size=1, max_size=3),
        st.sampled_from(["\n", "\n\n"]),
    ),
    st.builds(
        _table,
        st.lists(INLINE_TEXT, min_size=1, max_size=3),
        st.lists(st.lists(INLINE_TEXT, min_size=1, max_size=3), max_size=2),
    ),
    ALERT,
    INLINE_TEXT.map(lambda text: _quoted(text, "> ")),
    st.builds(
        _fenced,
        st.sampled_from(["```", "~~~", "```python", "```go {linenos=true}"]),
        st.sampled_from(["print('<b>')", "a & b\n\n  c", ""]),
        st.booleans(),
    ),
    INLINE_TEXT.map(lambda text: "    " + text),
    INLINE_TEXT.map(lambda text: f'<div class="box">\n\n{text}\n\n</div>'),
    INLINE_TEXT.map(lambda text: f"<details>\n<summary>{text}</summary>\n\n{text}\n</details>"),
    INLINE_TEXT.map(lambda text: f"<p>{text}</p>"),
    INLINE_TEXT.map(lambda text: f"<table><tr><td>{text}</td></tr></table>"),
    INLINE_TEXT.map(lambda text: f"{text}\n{{.c}}"),
    st.builds(
        lambda label, text: f"[^{label}]: {text}", st.sampled_from(["1", "note"]), INLINE_TEXT
    ),
    st.sampled_from(["https://e.x/r", "<https://e.x/r> 'T'", '/r "Ref title"']).map(
        lambda target: f"[ref]: {target}"
    ),
    INLINE_TEXT.map(lambda text: f"{{{{% notice %}}}}\n{text}\n{{{{% /notice %}}}}"),
    st.sampled_from(
        [
            "<!-- a comment -->",
            "<hr>",
            "---",
            "***",
            "{.after}",
            "{{< youtube abc >}}",
            '{{< figure src="a.png" alt="Alt words" >}}',
            "<!-- localize-post: skip -->",
            "<!-- localize-post: off -->",
            "<!-- localize-post: on -->",
            '<!-- localize-post: context="menu" note="Short" -->',
            "<!-- localize-post: bogus -->",
        ]
    ),
)
POST_BLOCK = st.recursive(
    SIMPLE_BLOCK,
    lambda inner: st.one_of(
        inner.map(lambda block: _quoted(block, "> ")),
        inner.map(lambda block: _quoted(block, "  ").replace("  ", "- ", 1)),
        st.builds(lambda alert, block: f"{alert}\n>\n{_quoted(block, '> ')}", ALERT, inner),
    ),
    max_leaves=3,
)
GOOD_FRONT_MATTER = [
    "",
    "---\ntitle: A <b> & title\ndescription: Words\n---\n",
    '+++\ntitle = "TOML title"\n+++\n',
]
BAD_FRONT_MATTER = [
    "---\ntitle: [unclosed\n---\n",
    "---\ntitle: never closed\n",
    '+++\ntitle = "\n+++\n',
    "---\n- a list\n---\n",
]
FRONT_MATTER = st.sampled_from(GOOD_FRONT_MATTER * 4 + BAD_FRONT_MATTER)  # a bad one now and then
POSTS = st.builds(
    lambda front, blocks, between, line_end: (front + between.join(blocks) + "\n").replace(
        "\n", line_end
    ),
    FRONT_MATTER,
    st.lists(POST_BLOCK, min_size=1, max_size=6),
    st.sampled_from(["\n\n", "\n"]),
    st.sampled_from(["\n", "\r\n"]),
)


@settings(max_examples=400, deadline=None)
@given(POSTS)
def test_any_post_renders_back_or_fails_with_a_location(source: str) -> None:
    """Whatever an author writes, the parser gives a Document that fills back to markdown-it's
    page, or a LocalizePostError naming the line; never any other exception."""
    path = PurePosixPath("post.md")
    try:
        document = parse_markdown(source, path, "post", ("title", "description"))
    except LocalizePostError as error:
        assert error.path == "post.md" and error.line is not None, str(error)
        return
    body = split_front_matter(source, path).body
    expected = markdown_parser().render(body)
    # inside a raw HTML block a marker is a comment that stays: comments are not the subject
    rendered = PostTranslator(document, None).body()
    assert dom_tree(_without_markers(rendered)) == dom_tree(_without_markers(expected))


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
