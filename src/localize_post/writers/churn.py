"""How much a translated Markdown file changed beyond its text: the measure behind "zero churn".

A source line holds translatable text if a block with words (a paragraph, heading, list item,
table row, footnote) or a translatable front-matter value is written on it. Every other line
(code, blank lines, fences, shortcodes, HTML, link definitions, untranslated keys) should come
back as it was: ``lines_changed_outside_text`` counts the ones that did not, aligning the two
files as ``diff`` does.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from ..sources.frontmatter import split_front_matter
from ..sources.markdown import markdown_parser


@dataclass(frozen=True, slots=True)
class Churn:
    lines: int  # source lines
    changed: int  # source lines a diff shows as removed or changed
    changed_outside_text: int  # of those, lines that hold no translatable text


def text_lines(text: str, fields: Sequence[str]) -> set[int]:
    """The 0-based lines of ``text`` that hold translatable text."""
    front = split_front_matter(text, PurePosixPath("post.md"))
    offset = front.body_line - 1
    lines: set[int] = set()
    for token in markdown_parser().parse(front.body, {}):
        if token.type == "inline" and token.map and any(char.isalpha() for char in token.content):
            lines.update(range(offset + token.map[0], offset + token.map[1]))
    if front.body_line > 1:
        block = "".join(text.splitlines(keepends=True)[1 : front.body_line - 2])
        try:
            root = yaml.compose(block, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
        if isinstance(root, yaml.MappingNode):
            for key, value in root.value:
                if isinstance(key, yaml.ScalarNode) and key.value in fields:
                    lines.update(range(key.start_mark.line + 1, value.end_mark.line + 2))
    return lines


def churn(source: str, written: str, fields: Sequence[str]) -> Churn:
    """Lines a translated file changed, and how many of them were not text."""
    source_lines = source.splitlines()
    written_lines = written.splitlines()
    holding_text = text_lines(source.replace("\r\n", "\n"), fields)
    changed = outside = 0
    matcher = difflib.SequenceMatcher(None, source_lines, written_lines, autojunk=False)
    for operation, start, end, _, _ in matcher.get_opcodes():
        if operation in ("replace", "delete"):
            changed += end - start
            outside += sum(1 for line in range(start, end) if line not in holding_text)
    return Churn(len(source_lines), changed, outside)
