"""The blocks of a Markdown body: where each one's text is, and which of the Document's holes
it fills.

markdown-it gives each block its lines (``token.map``) and its content, the lines without the
prefixes its containers strip (``> ``, list indentation, ``[^1]: ``). The content's first line
is found in its source line, the others end theirs; what lies before them are the prefixes a
rewritten block writes again. The Document (``extract``'s parse) names the holes in the same
order as the tokens; a block's hole is the next one on its line with the same letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from ..document import Document, Hole, SegmentKind
from ..render import plain_text
from .escaping import Place
from .inline import Piece, PieceKind, ScanError, scan_inline


@dataclass(slots=True)
class Block:
    """One inline token of the body, located."""

    token: Token
    place: Place
    line: int  # 1-based line of the file, as the Document's locations count
    content: str
    start: int  # body offset of the content's first character
    end: int  # body offset just past its last
    prefixes: tuple[str, ...]  # what precedes each content line after the first
    width: int  # the longest of its source lines
    wraps: bool  # its lines are joined by soft breaks, so a translation is rewrapped
    line_start: int  # body offset of its first line
    pieces: list[Piece] = field(default_factory=list)
    scanned_to: int = 0  # where the pieces end: the rest of the content stays as written
    hole: Hole | None = None
    # an image alone in a paragraph has no hole, but its alt text and title do
    attribute_holes: list[tuple[Hole, tuple[int, int]]] = field(default_factory=list)

    @property
    def first_column(self) -> int:
        return self.start - self.line_start


@dataclass(slots=True)
class BodyLayout:
    blocks: list[Block]
    unplaced: set[int]  # segments no block could be found or read for: they stay English


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalpha())


def _token_letters(children: Sequence[Token]) -> str:
    letters: list[str] = []
    skip_until_close = False
    for child in children:
        if child.type == "link_open" and child.markup == "autolink":
            skip_until_close = True
        elif child.type == "link_close" and skip_until_close:
            skip_until_close = False
        elif skip_until_close or child.type == "image":
            continue
        elif child.type in ("text", "code_inline"):
            letters.append(_letters(child.content))
    return "".join(letters)


def _place(containers: Sequence[Token]) -> Place:
    if not containers:
        return Place.PARAGRAPH
    container = containers[-1]
    if container.type == "heading_open" and container.markup.startswith("#"):
        return Place.HEADING
    if container.type in ("th_open", "td_open"):
        return Place.TABLE_CELL
    return Place.PARAGRAPH


class _Locator:
    """Finds each block's content in the body's lines, in document order."""

    def __init__(self, body: str) -> None:
        self.lines = body.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.cursor = (0, 0)

    def locate(self, token: Token) -> tuple[int, int, tuple[str, ...], int, int] | None:
        """(start, end, prefixes, width, line start) of the token's content, or None."""
        if not token.map or not token.content:
            return None
        first, last = token.map
        if not first <= self.cursor[0] < last:
            # a footnote's text comes after the whole body, wherever it is written
            self.cursor = (first, 0)
        content_lines = token.content.split("\n")
        for line in range(self.cursor[0], last):
            found = self._at(line, content_lines)
            if found is not None:
                return found
        return None

    def _at(
        self, line: int, content_lines: list[str]
    ) -> tuple[int, int, tuple[str, ...], int, int] | None:
        count = len(content_lines)
        if line + count > len(self.lines):
            return None
        from_column = self.cursor[1] if line == self.cursor[0] else 0
        if count == 1:
            column = self.lines[line].find(content_lines[0], from_column)
            if column < 0:
                return None
            start = self.starts[line] + column
            end = start + len(content_lines[0])
            self.cursor = (line, column + len(content_lines[0]))
            return start, end, (), len(self.lines[line]), self.starts[line]
        first_text = self.lines[line]
        if not first_text.endswith(content_lines[0]):
            return None
        column = len(first_text) - len(content_lines[0])
        if column < from_column:
            return None
        prefixes: list[str] = []
        for offset, text in enumerate(content_lines[1:], start=1):
            source = self.lines[line + offset]
            last = offset == count - 1
            trimmed = source.rstrip() if last and not source.endswith(text) else source
            if not trimmed.endswith(text):
                return None
            prefixes.append(trimmed[: len(trimmed) - len(text)])
        end_line = line + count - 1
        end_column = len(prefixes[-1]) + len(content_lines[-1])
        self.cursor = (end_line, end_column)
        width = max(len(self.lines[number]) for number in range(line, end_line + 1))
        start = self.starts[line] + column
        return start, self.starts[end_line] + end_column, tuple(prefixes), width, self.starts[line]


def lay_out(tokens: Sequence[Token], body: str, line_offset: int, document: Document) -> BodyLayout:
    """Every inline block of the body, located, read and given its holes."""
    locator = _Locator(body)
    tops = [part for part in document.skeleton if isinstance(part, Hole)]
    position = 0
    blocks: list[Block] = []
    unplaced: set[int] = set()
    containers: list[Token] = []

    def line_of(hole: Hole) -> int:
        return document.segments[hole.segment].location.line

    def leave_english(until_line: int, attributes_only: bool = False) -> None:
        nonlocal position
        while position < len(tops) and line_of(tops[position]) <= until_line:
            if attributes_only and not tops[position].in_attribute:
                return
            unplaced.update(_segments_of(tops[position]))
            position += 1

    for token in tokens:
        if token.nesting == 1:
            containers.append(token)
        elif token.nesting == -1 and containers:
            containers.pop()
        if token.type == "html_block" and token.map:
            leave_english(line_offset + token.map[1])  # raw HTML: see the report
            continue
        if token.type != "inline" or not token.map:
            continue
        line = line_offset + token.map[0] + 1
        leave_english(line - 1)  # holes no block claimed: a construct not read here
        block = _block(token, _place(containers), line, locator)
        own = tops[position] if position < len(tops) else None
        if (
            own is not None
            and not own.in_attribute
            and line_of(own) == line
            and _letters(plain_text(document.segments[own.segment].text))
            == _token_letters(token.children or [])
        ):
            position += 1
            if block is None:
                unplaced.update(_segments_of(own))
            else:
                block.hole = own
        elif block is not None:
            position = _top_attribute_holes(block, tops, position, document)
        leave_english(line, attributes_only=True)
        if block is not None:
            blocks.append(block)
    for hole in tops[position:]:
        unplaced.update(_segments_of(hole))
    return BodyLayout(blocks, unplaced)


def _segments_of(hole: Hole) -> set[int]:
    found = {hole.segment}
    for tag in hole.tags.values():
        for part in tag.opening:
            if isinstance(part, Hole):
                found |= _segments_of(part)
    return found


def _block(token: Token, place: Place, line: int, locator: _Locator) -> Block | None:
    located = locator.locate(token)
    if located is None:
        return None
    start, end, prefixes, width, line_start = located
    wraps = any(child.type == "softbreak" for child in token.children or []) and (
        place is Place.PARAGRAPH and token.content.count("\n") > 0
    )
    block = Block(token, place, line, token.content, start, end, prefixes, width, wraps, line_start)
    try:
        block.pieces, block.scanned_to = scan_inline(token.content, token.children or [])
    except ScanError:
        return None
    return block


_ATTRIBUTE_KINDS = {SegmentKind.IMAGE_ALT: "alt", SegmentKind.IMAGE_TITLE: "title"}


def _top_attribute_holes(block: Block, tops: list[Hole], position: int, document: Document) -> int:
    """An image alone in its paragraph has no hole of its own, but its alt text and title do,
    among the skeleton's holes: give each to its image."""
    images = [
        piece for piece in block.pieces if piece.kind is PieceKind.ATOM and piece.tag == "img"
    ]
    for piece in images:
        for kind, attribute in _ATTRIBUTE_KINDS.items():
            span = piece.alt if attribute == "alt" else piece.title
            if span is None or position >= len(tops):
                continue
            hole = tops[position]
            segment = document.segments[hole.segment]
            if not hole.in_attribute or segment.location.line != block.line or segment.kind != kind:
                continue
            source_text = block.content[span[0] : span[1]]
            if _letters(segment.text) and not _letters(source_text):
                continue
            block.attribute_holes.append((hole, span))
            position += 1
    return position
