"""HTML text -> a tree of nodes that keep their offsets into the source.

The tree is built from Python's tokenizer with the HTML5 rules for optional end tags that posts
actually rely on (``<li>A<li>B``, ``<p>`` closed by a block, table cells and rows, ``dt``/``dd``,
``option``), so blocks are the ones a browser sees. Every node keeps its source offsets, so the
segmenter can cut holes into the source text itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .html_elements import CLOSES_P, IMPLIED_END, VOID


@dataclass(slots=True, eq=False)  # nodes are equal only to themselves
class Node:
    """A text run, a comment or an element, with offsets into the source."""

    kind: str  # "text", "comment", "element", "other"
    start: int
    end: int
    tag: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    opening_end: int = 0  # just past the start tag
    closing_start: int = 0  # where the end tag (or what implied it) begins
    children: list[Node] = field(default_factory=list)
    explicit_end: bool = False
    self_closing: bool = False  # written <x/>: an element without content


# Deeper nesting is refused: no real post comes near it, and the tree walks are recursive.
# Browsers flatten nesting deeper than 512 elements anyway (Blink's HTML parser limit).
MAX_NESTING = 200


class HtmlNestingError(Exception):
    """Elements nested deeper than MAX_NESTING; ``line`` is where the limit was passed."""

    def __init__(self, line: int) -> None:
        super().__init__(f"elements nested more than {MAX_NESTING} deep")
        self.line = line


class TreeBuilder(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.root = Node("element", 0, len(text), tag="#root", closing_start=len(text))
        self._stack = [self.root]
        self._open_ended: Node | None = None

    def source_offset(self) -> int:
        """Where the construct being handled starts; it is also where the one before ended."""
        line, column = self.getpos()
        offset = self._line_starts[line - 1] + column
        if self._open_ended is not None:
            self._open_ended.end = offset
            self._open_ended = None
        return offset

    def line_of(self, offset: int) -> int:
        low, high = 0, len(self._line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1

    def _close_to(self, index: int, at: int) -> None:
        while len(self._stack) > index:
            node = self._stack.pop()
            node.closing_start = node.end = at

    def _open_index(self, tags: set[str], stop: set[str]) -> int | None:
        for index in range(len(self._stack) - 1, 0, -1):
            tag = self._stack[index].tag
            if tag in tags:
                return index
            if tag in stop:
                return None
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Browsers read ``<x/>`` as a start tag outside SVG and MathML, but authors (and the
        # XHTML some CMSs export) write it for an element without content, which is what it is
        # taken for here; the source's bytes stay as written either way.
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        start = self.source_offset()
        raw = self.get_starttag_text() or ""
        if tag in CLOSES_P:
            index = self._open_index({"p"}, {"button", "table", "td", "th", "caption"})
            if index is not None:
                self._close_to(index, start)
        if tag in IMPLIED_END:
            closes, stop = IMPLIED_END[tag]
            index = self._open_index(closes, stop)
            if index is not None:
                self._close_to(index, start)
        node = Node(
            "element",
            start,
            start + len(raw),
            tag=tag,
            attributes={name: value or "" for name, value in attrs},
            opening_end=start + len(raw),
            self_closing=self_closing,
        )
        self._stack[-1].children.append(node)
        if tag in VOID or self_closing:
            node.closing_start = node.end
            return
        self._stack.append(node)
        if len(self._stack) > MAX_NESTING:
            raise HtmlNestingError(self.line_of(start))

    def handle_endtag(self, tag: str) -> None:
        start = self.source_offset()
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                self._close_to(index + 1, start)
                node = self._stack.pop()
                node.closing_start = start
                node.end = self._text.index(">", start) + 1
                node.explicit_end = True
                return
        # A stray end tag: browsers ignore it, so it stays literal text of its parent.

    def _leaf(self, kind: str, length: int) -> None:
        start = self.source_offset()
        self._append(Node(kind, start, start + length))

    def _leaf_ending_at_next(self, kind: str) -> None:
        """A comment or declaration: the handler's data does not say how long its syntax was
        (``<!x>``, ``<!-- a -- >``, ``</ >`` are comments too), so it ends where the next
        construct starts."""
        start = self.source_offset()
        node = Node(kind, start, len(self._text))
        self._append(node)
        self._open_ended = node

    def _append(self, node: Node) -> None:
        """Add a child; the tokenizer hands out text in pieces (at entities, at a ``<`` that
        starts no tag), which are one text node to a browser and to us."""
        siblings = self._stack[-1].children
        if (
            node.kind == "text"
            and siblings
            and siblings[-1].kind == "text"
            and siblings[-1].end == node.start
        ):
            siblings[-1].end = node.end
            return
        siblings.append(node)

    def handle_data(self, data: str) -> None:
        self._leaf("text", len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference(len("&") + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(len("&#") + len(name))

    def _reference(self, length: int) -> None:
        """``&amp;`` or ``&#38;``: text; the semicolon is optional in HTML (``&copy 2020``)."""
        start = self.source_offset()
        end = start + length
        if self._text.startswith(";", end):
            end += 1
        self._append(Node("text", start, end))

    def handle_comment(self, data: str) -> None:
        self._leaf_ending_at_next("comment")

    def handle_decl(self, decl: str) -> None:
        self._leaf_ending_at_next("other")

    def handle_pi(self, data: str) -> None:
        self._leaf_ending_at_next("other")

    def unknown_decl(self, data: str) -> None:
        self._leaf_ending_at_next("other")

    def finish(self) -> Node:
        self.close()
        self._open_ended = None  # the last construct: it ends with the text
        self._close_to(1, len(self._text))
        return self.root


def parse_tree(text: str) -> tuple[Node, TreeBuilder]:
    builder = TreeBuilder(text)
    builder.feed(text)
    return builder.finish(), builder


def find(node: Node, predicate: Callable[[Node], bool]) -> Node | None:
    """The first element under ``node``, in document order, that ``predicate`` accepts."""
    for child in node.children:
        if child.kind != "element":
            continue
        if predicate(child):
            return child
        found = find(child, predicate)
        if found is not None:
            return found
    return None
