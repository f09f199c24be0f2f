"""Cuts holes into an HTML source: the blocks a browser sees become segments, and the skeleton is
the source text itself around them, so filling the holes with their source text gives back the
same page. Shared by HTML posts and Markdown's raw HTML blocks."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from urllib.parse import unquote

from ..document import (
    Hole,
    InlineTag,
    Location,
    Markup,
    SegmentKind,
    inline_markup,
    is_translatable,
)
from .collector import SegmentCollector
from .html_attributes import cut_attributes
from .html_elements import (
    CONTROLS,
    HEADINGS,
    KIND_GIVERS,
    LEAF_BLOCK_KINDS,
    OPAQUE,
    PERMALINK_CLASSES,
    is_inline,
)
from .html_inline import InlineConverter, excluded, excluded_by_author, left_open
from .html_tree import Node, TreeBuilder, find, parse_tree
from .markers import parse_marker

# The white space HTML collapses, which msgids trim; a no-break space is content.
_SPACE = " \t\n\r\f"


def start_tag_excludes(start_tag: str) -> bool:
    """Whether an element's start tag, as written, asks that its content not be translated."""
    root, _ = parse_tree(start_tag)
    element = next((node for node in root.children if node.kind == "element"), None)
    return element is not None and excluded_by_author(element)


def _translate_yes(node: Node) -> bool:
    return node.attributes.get("translate", "").lower() == "yes"


def has_block(node: Node) -> bool:
    """Whether an element holds a block, which makes it a container of blocks itself."""
    return any(
        child.kind == "element"
        and child.tag not in OPAQUE
        and (not is_inline(child.tag) or has_block(child))
        for child in node.children
    )


def _blank(text: str, node: Node) -> bool:
    return node.kind in ("text", "comment") and not text[node.start : node.end].strip()


def _visible_text(text: str, node: Node) -> str:
    """The text an element shows, embedded content aside."""
    if node.kind == "text":
        return html.unescape(text[node.start : node.end])
    if node.kind != "element" or node.tag in OPAQUE:
        return ""
    return "".join(_visible_text(text, child) for child in node.children)


def _is_permalink(text: str, node: Node, heading_id: str | None) -> bool:
    """Whether a node is the link a generator puts beside a heading to itself
    (``<a class="headerlink" href="#x">¶</a>``): a sign or an icon, no words, so nothing a
    translator should see. Known by its class, or, in a heading (whose id is ``heading_id``),
    by its link to the heading or to itself."""
    if node.kind != "element" or node.tag != "a":
        return False
    if any(unicodedata.category(char).startswith("L") for char in _visible_text(text, node)):
        return False
    if PERMALINK_CLASSES.intersection(node.attributes.get("class", "").split()):
        return True
    href = node.attributes.get("href", "")
    targets = {heading_id, node.attributes.get("id"), node.attributes.get("name")}
    return heading_id is not None and href.startswith("#") and unquote(href[1:]) in targets


def is_permalink(markup: str, heading_id: str | None) -> bool:
    """Whether HTML written in Markdown (``<a class="headerlink" href="#x">¶</a>``) is a
    permalink, as _is_permalink has it."""
    root, _ = parse_tree(markup)
    elements = [node for node in root.children if node.kind == "element"]
    return len(elements) == 1 and _is_permalink(markup, elements[0], heading_id)


def _holds_holes(tags: Mapping[str, InlineTag]) -> bool:
    return any(isinstance(part, Hole) for tag in tags.values() for part in tag.opening)


class HtmlSegmenter:
    """Cuts holes into an HTML source. Shared by HTML posts and Markdown's raw HTML blocks."""

    def __init__(
        self,
        text: str,
        builder: TreeBuilder,
        path: PurePosixPath,
        collector: SegmentCollector,
        first_line: int = 1,
    ) -> None:
        self._text = text
        self._builder = builder
        self._path = path
        self._collector = collector
        self._first_line = first_line

    def location(self, offset: int) -> Location:
        return Location(self._path, self._first_line + self._builder.line_of(offset) - 1)

    def inner(self, node: Node) -> Markup:
        """The content of ``node`` (between its tags) with holes."""
        parts: list[str | Hole] = []
        self._children(node, parts, SegmentKind.PARAGRAPH)
        return tuple(parts)

    def _children(self, node: Node, parts: list[str | Hole], kind: SegmentKind) -> None:
        """A container's content: its blocks, and runs of loose inline content of ``kind``."""
        position = node.opening_end
        run: list[Node] = []
        for child in node.children:
            if self._is_inline(child):
                run.append(child)
                continue
            position = self._flush_run(run, position, parts, kind)
            run = []
            parts.append(self._text[position : child.start])
            self._block(child, parts, kind)
            position = child.end
        position = self._flush_run(run, position, parts, kind)
        parts.append(self._text[position : node.closing_start])

    def _is_inline(self, node: Node) -> bool:
        if node.kind == "text":
            return True
        if node.kind == "comment":
            comment = self._text[node.start : node.end]
            return parse_marker(comment, self._path, self.location(node.start).line) is None
        if node.kind != "element" or node.tag in CONTROLS:
            return False
        return node.tag in OPAQUE or (is_inline(node.tag) and not has_block(node))

    def _flush_run(
        self, run: list[Node], position: int, parts: list[str | Hole], kind: SegmentKind
    ) -> int:
        """A run of inline nodes directly in a container: a hole if it has words."""
        if not run:
            return position
        first = next((node for node in run if not _blank(self._text, node)), None)
        if first is None:
            return position
        last = next(node for node in reversed(run) if not _blank(self._text, node))
        content = run[run.index(first) : run.index(last) + 1]
        parts.append(self._text[position : first.start])
        parts.extend(self._hole(content, kind, (), start=first.start))
        return last.end

    def _block(self, node: Node, parts: list[str | Hole], inherited: SegmentKind) -> None:
        if node.kind == "comment":
            self._marker(node)
            parts.append(self._text[node.start : node.end])
            return
        if node.kind != "element":
            parts.append(self._text[node.start : node.end])
            return
        if self._skipping(node):
            if find(node, _translate_yes) is None or self._collector.excluded:
                parts.extend(self._opening(node))
                parts.append(self._text[node.opening_end : node.end])
            else:
                self._reopened(node, parts, inherited)
            self._done_with(node)
            return
        kind = LEAF_BLOCK_KINDS.get(node.tag)
        if node.tag == "p":
            kind = inherited
        opening = self._opening(node)
        leaf = kind is not None and not has_block(node)
        if leaf and any(not _blank(self._text, child) for child in node.children):
            assert kind is not None
            heading_id = node.attributes.get("id", "") if node.tag in HEADINGS else None
            parts.extend(self._hole(node.children, kind, opening, node.start, heading_id))
        elif leaf:
            parts.extend([*opening, self._text[node.opening_end : node.closing_start]])
        else:
            passed = LEAF_BLOCK_KINDS[node.tag] if node.tag in KIND_GIVERS else inherited
            parts.extend(opening)
            self._children(node, parts, passed)
        parts.append(self._text[node.closing_start : node.end])
        self._done_with(node)

    def _reopened(self, node: Node, parts: list[str | Hole], inherited: SegmentKind) -> None:
        """An untranslated element that holds ``translate="yes"`` descendants: those are
        translated, everything else stays as written."""
        position = node.start
        for child in node.children:
            reaches_yes = _translate_yes(child) or find(child, _translate_yes) is not None
            if child.kind != "element" or not reaches_yes:
                continue
            parts.append(self._text[position : child.start])
            if _translate_yes(child):
                self._block(child, parts, inherited)
            else:
                self._reopened(child, parts, inherited)
            position = child.end
        parts.append(self._text[position : node.end])

    def _skipping(self, node: Node) -> bool:
        """Whether a block stays as it is; a waiting marker applies to this block."""
        self._collector.begin(node)
        return self._collector.excluded or excluded(node)

    def _done_with(self, node: Node) -> None:
        self._collector.end(node)

    def _marker(self, node: Node) -> None:
        marker = parse_marker(
            self._text[node.start : node.end], self._path, self.location(node.start).line
        )
        if marker is not None:
            self._collector.take(marker)

    def _opening(self, node: Node) -> Markup:
        """The start tag, its translatable attributes cut out as holes: code, a text area's
        content or an SVG drawing stay as written, but their tooltip, placeholder or accessible
        name are words people read."""
        raw = self._text[node.start : node.opening_end]
        if excluded_by_author(node):
            return (raw,)
        return cut_attributes(raw, self._collector, self.location(node.start))

    def _as_written(self, nodes: Sequence[Node], start: int, end: int) -> Markup:
        """The source from ``start`` to ``end``, which holds ``nodes``, kept in the skeleton
        with their start tags' translatable attributes cut out."""
        parts: list[str | Hole] = []
        position = start
        for node in nodes:
            if node.kind == "element":
                parts.extend([self._text[position : node.start], *self._opening(node)])
                position = node.opening_end
        parts.append(self._text[position:end])
        return tuple(parts)

    def _content_range(self, nodes: Sequence[Node], heading_id: str | None) -> tuple[int, int]:
        """The slice of ``nodes`` a msgid covers: without the permalinks at either edge."""
        start, end = 0, len(nodes)
        edges = [index for index, node in enumerate(nodes) if not _blank(self._text, node)]
        if edges and _is_permalink(self._text, nodes[edges[-1]], heading_id):
            end = edges.pop()
        if edges and _is_permalink(self._text, nodes[edges[0]], heading_id):
            start = edges[0] + 1
        return start, end

    def _hole(
        self,
        nodes: Sequence[Node],
        kind: SegmentKind,
        opening: Markup,
        start: int,
        heading_id: str | None = None,
    ) -> Markup:
        """Inline nodes -> a hole; the same source back when there is nothing to translate.

        ``opening`` is the start tag of the block the nodes fill, empty for a run of inline
        nodes inside a container. A permalink at either edge stays in the skeleton, and so does
        the white space the msgid trims: at the end, and at the start too where no start tag
        has to be right before the text (a fallback to English marks the element itself).
        """
        reserved = self._collector.reserve()
        first, last = self._content_range(nodes, heading_id)
        content = nodes[first:last]
        if not content:
            return (*opening, *self._as_written(nodes, nodes[0].start, nodes[-1].end))
        content_start, content_end = content[0].start, content[-1].end
        before = self._as_written(nodes[:first], nodes[0].start, content_start)
        inline = InlineConverter(self._text, self._opening)
        for node in content:
            inline.convert(node)
        msgid = inline.msgid()
        after = self._as_written(nodes[last:], content_end, nodes[-1].end)
        if self._collector.excluded or not is_translatable(msgid):
            if _holds_holes(inline.tags):  # an image alone: its alt text is still translated
                return (*opening, *before, *inline_markup(msgid, inline.tags), *after)
            return (*opening, *before, self._text[content_start:content_end], *after)
        leading, trailing = _edge_space(content[0], content[-1], self._text)
        prefix: Markup
        block_opening: Markup
        if first or not opening:
            # the text does not follow a start tag: the hole cannot mark one as English
            prefix, block_opening = (*opening, *before, leading), ()
        else:
            prefix, block_opening = (), opening
        hole = self._collector.block(
            reserved, msgid, inline.tags, kind, self.location(start), inline.notes, block_opening
        )
        return (*prefix, *hole, trailing, *after)


def _edge_space(first: Node, last: Node, text: str) -> tuple[str, str]:
    """The white space a msgid trims from its first and last nodes' text; the last text may
    be that of an element left open, whose content ends the msgid."""
    leading = trailing = ""
    if first.kind == "text":
        own = text[first.start : first.end]
        leading = own[: len(own) - len(own.lstrip(_SPACE))]
    while left_open(last) and last.children:
        last = last.children[-1]
    if last.kind == "text":
        own = text[last.start : last.end]
        trailing = own[len(own.rstrip(_SPACE)) :]
    return leading, trailing
