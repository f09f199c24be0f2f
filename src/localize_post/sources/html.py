"""HTML (a whole page or a fragment) -> Document, keeping the source's own bytes around every hole.

The tree is built from Python's tokenizer with the HTML5 rules for optional end tags that posts
actually rely on (``<li>A<li>B``, ``<p>`` closed by a block, table cells and rows, ``dt``/``dd``,
``option``), so blocks are the ones a browser sees. Every node keeps its source offsets: the
skeleton is the source text itself with holes cut where segments go, so filling the holes with
their source text gives back the same DOM.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import PurePosixPath

from ..document import (
    Document,
    Hole,
    InlineTag,
    Location,
    Markup,
    Segment,
    SegmentKind,
    assemble,
    collapse_whitespace,
    escape_text,
    inline_markup,
    is_translatable,
    merge_strings,
)
from ..errors import SourceError
from .collector import SegmentCollector
from .hugo import SHORTCODE
from .markers import parse_marker

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
INLINE = frozenset(
    (
        "a abbr b bdi bdo br button cite code data del dfn em i img input ins kbd label mark q "
        "s samp small span strong sub sup time u var wbr select textarea output meter progress "
        "ruby rt rp"
    ).split()
)
NEVER_TRANSLATED = frozenset("script style code pre template svg math textarea".split())
# Embedded content: whole and untranslated, it sits inside a sentence like a word would.
OPAQUE = frozenset(
    "script noscript template style svg math picture video audio iframe canvas object".split()
)
# Form texts are segments of their own when they stand in a container, not inside a sentence.
CONTROLS = frozenset("label button legend".split())
# Blocks whose kind their paragraphs take, as Markdown names a paragraph in a list item.
KIND_GIVERS = frozenset("li blockquote dd dt td th caption figcaption summary".split())
LEAF_BLOCK_KINDS = {
    **{f"h{level}": SegmentKind.HEADING for level in range(1, 7)},
    "p": SegmentKind.PARAGRAPH,
    "li": SegmentKind.LIST_ITEM,
    "dt": SegmentKind.TERM,
    "dd": SegmentKind.DEFINITION,
    "td": SegmentKind.TABLE_CELL,
    "th": SegmentKind.TABLE_HEADER,
    "caption": SegmentKind.CAPTION,
    "figcaption": SegmentKind.CAPTION,
    "blockquote": SegmentKind.BLOCKQUOTE,
    "summary": SegmentKind.SUMMARY,
    "label": SegmentKind.CONTROL,
    "option": SegmentKind.CONTROL,
    "button": SegmentKind.CONTROL,
    "legend": SegmentKind.CAPTION,
}
_CLOSES_P = frozenset(
    (
        "address article aside blockquote details dialog div dl fieldset figcaption figure footer "
        "form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section table ul"
    ).split()
)
# start tag -> (open elements it closes, elements that stop the search)
_IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"option", "optgroup"}, {"select"}),
}
_ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TAG_NAME = re.compile(r"<([^\s/>]+)")
TRANSLATABLE_ATTRIBUTES = {
    "alt": SegmentKind.IMAGE_ALT,
    "title": SegmentKind.ATTRIBUTE_TITLE,
    "aria-label": SegmentKind.ARIA_LABEL,
}
PLACEHOLDER_ELEMENTS = frozenset({"input", "textarea"})
# Only these inputs show their value as a label; any other input's value is data sent with the form.
BUTTON_INPUT_TYPES = frozenset({"button", "submit", "reset"})
# HTML's "formatting elements": left open, a browser reopens them in the blocks that follow.
FORMATTING = frozenset(
    {
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    }
)


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


# Deeper nesting is refused: no real post comes near it, and the tree walks are recursive.
# Browsers flatten nesting deeper than 512 elements anyway (Blink's HTML parser limit).
MAX_NESTING = 200


class HtmlNestingError(Exception):
    """Elements nested deeper than MAX_NESTING; ``line`` is where the limit was passed."""

    def __init__(self, line: int) -> None:
        super().__init__(f"elements nested more than {MAX_NESTING} deep")
        self.line = line


class _TreeBuilder(HTMLParser):
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
        start = self.source_offset()
        raw = self.get_starttag_text() or ""
        if tag in _CLOSES_P:
            index = self._open_index({"p"}, {"button", "table", "td", "th", "li", "dd", "dt"})
            if index is not None:
                self._close_to(index, start)
        if tag in _IMPLIED_END:
            closes, stop = _IMPLIED_END[tag]
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
        )
        self._stack[-1].children.append(node)
        if tag in VOID or (raw.endswith("/>") and tag not in INLINE | set(LEAF_BLOCK_KINDS)):
            node.closing_start = node.end
            return
        self._stack.append(node)
        if len(self._stack) > MAX_NESTING:
            raise HtmlNestingError(self.line_of(start))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._stack[-1].tag == tag and tag not in VOID:
            node = self._stack.pop()
            node.closing_start = node.end

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


def parse_tree(text: str) -> tuple[Node, _TreeBuilder]:
    builder = _TreeBuilder(text)
    builder.feed(text)
    return builder.finish(), builder


def _matches(node: Node, selector: str) -> bool:
    """A simple selector: ``tag``, ``.class``, ``#id``, ``tag.class`` or ``tag#id``."""
    match = re.fullmatch(r"([a-z][a-z0-9-]*)?(?:\.([\w-]+)|#([\w-]+))?", selector.strip())
    if match is None:
        raise SourceError(f"unsupported selector {selector!r}: use tag, .class, #id or tag.class")
    tag, class_name, identifier = match.groups()
    if tag and node.tag != tag:
        return False
    if class_name and class_name not in node.attributes.get("class", "").split():
        return False
    return not identifier or node.attributes.get("id") == identifier


def _find(node: Node, predicate: Callable[[Node], bool]) -> Node | None:
    for child in node.children:
        if child.kind != "element":
            continue
        if predicate(child):
            return child
        found = _find(child, predicate)
        if found is not None:
            return found
    return None


def _excluded(node: Node) -> bool:
    return node.tag in NEVER_TRANSLATED or _excluded_by_author(node)


def start_tag_excludes(start_tag: str) -> bool:
    """Whether an element's start tag, as written, asks that its content not be translated."""
    root, _ = parse_tree(start_tag)
    element = next((node for node in root.children if node.kind == "element"), None)
    return element is not None and _excluded_by_author(element)


def _excluded_by_author(node: Node) -> bool:
    return (
        node.attributes.get("translate", "").lower() == "no"
        or "notranslate" in node.attributes.get("class", "").split()
    )


def _translate_yes(node: Node) -> bool:
    return node.attributes.get("translate", "").lower() == "yes"


def _has_block(node: Node) -> bool:
    return any(
        child.kind == "element"
        and child.tag not in OPAQUE
        and (child.tag not in INLINE or _has_block(child))
        for child in node.children
    )


class HtmlSegmenter:
    """Cuts holes into an HTML source. Shared by HTML posts and Markdown's raw HTML blocks."""

    def __init__(
        self,
        text: str,
        builder: _TreeBuilder,
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
        return node.tag in OPAQUE or (node.tag in INLINE and not _has_block(node))

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
        hole = self._hole(content, kind, (), start=first.start)
        parts.append(self._text[position : first.start])
        parts.extend(hole)
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
            if _find(node, _translate_yes) is None or self._collector.excluded:
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
        leaf = kind is not None and not _has_block(node)
        if leaf and any(not _blank(self._text, child) for child in node.children):
            assert kind is not None
            parts.extend(self._hole(node.children, kind, opening, start=node.start))
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
            reaches_yes = _translate_yes(child) or _find(child, _translate_yes) is not None
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
        return self._collector.excluded or _excluded(node)

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
        if _excluded_by_author(node):
            return (raw,)
        return cut_attributes(raw, self._collector, self.location(node.start))

    def _hole(
        self, nodes: Sequence[Node], kind: SegmentKind, opening: Markup, start: int
    ) -> Markup:
        """Inline nodes -> a hole; the same source back when there is nothing to translate.

        ``opening`` is the start tag of the block the nodes fill, empty for a run of inline
        nodes inside a container.
        """
        reserved = self._collector.reserve()
        inline = _InlineConverter(self)
        for node in nodes:
            inline.convert(node)
        msgid = inline.msgid()
        if self._collector.excluded or not is_translatable(msgid):
            if _holds_holes(inline.tags):  # an image alone: its alt text is still translated
                return (*opening, *inline_markup(msgid, inline.tags))
            return (*opening, self._text[nodes[0].start : nodes[-1].end])
        return self._collector.block(
            reserved, msgid, inline.tags, kind, self.location(start), inline.notes, opening
        )


def _attribute_kind(tag: str, name: str, input_type: str) -> SegmentKind | None:
    if name == "placeholder" and tag in PLACEHOLDER_ELEMENTS:
        return SegmentKind.PLACEHOLDER
    if name == "value" and tag == "input" and input_type.lower() in BUTTON_INPUT_TYPES:
        return SegmentKind.CONTROL
    return TRANSLATABLE_ATTRIBUTES.get(name)


def cut_attributes(raw: str, collector: SegmentCollector, location: Location) -> Markup:
    """A start tag as written, with its translatable attribute values cut out as holes."""
    tag_name = _TAG_NAME.match(raw)
    tag = tag_name.group(1).lower() if tag_name else ""
    attributes = []
    for match in _ATTRIBUTE.finditer(raw):
        group = next((group for group in (2, 3, 4) if match.group(group) is not None), None)
        attributes.append((match, match.group(1).lower(), group))
    # A browser keeps the first of repeated attributes.
    input_type = next(
        (
            html.unescape(match.group(group)) if group is not None else ""
            for match, name, group in attributes
            if name == "type"
        ),
        "",
    )
    parts: list[str | Hole] = []
    position = 0
    for match, name, group in attributes:
        kind = _attribute_kind(tag, name, input_type)
        if kind is None or group is None:
            continue
        text = html.unescape(match.group(group))
        hole = collector.attribute_hole(text, kind, location)
        if isinstance(hole, str):
            continue
        value_start, value_end = match.span(group)
        if group != 4:  # the hole is written between double quotes, whatever the source used
            value_start, value_end = value_start - 1, value_end + 1
        parts.extend([raw[position:value_start], '"', hole, '"'])
        position = value_end
    parts.append(raw[position:])
    return tuple(parts)


def _holds_holes(tags: Mapping[str, InlineTag]) -> bool:
    return any(isinstance(part, Hole) for tag in tags.values() for part in tag.opening)


def _blank(text: str, node: Node) -> bool:
    return node.kind in ("text", "comment") and not text[node.start : node.end].strip()


class _InlineConverter:
    """Inline nodes -> msgid text and the tag map behind it."""

    def __init__(self, owner: HtmlSegmenter) -> None:
        self._owner = owner
        self._text: list[str] = []
        self.tags: dict[str, InlineTag] = {}
        self._numbers: Counter[str] = Counter()
        self.notes: list[str] = []

    @property
    def _source(self) -> str:
        return self._owner._text

    def msgid(self) -> str:
        pieces = re.split(r"(<code\d*>.*?</code\d*>)", "".join(self._text))
        return "".join(
            piece if piece.startswith("<code") else collapse_whitespace(piece) for piece in pieces
        ).strip(" ")

    def _name(self, tag: str, numbered: bool) -> str:
        if not numbered:
            return tag
        self._numbers[tag] += 1
        return f"{tag}{self._numbers[tag]}"

    def convert(self, node: Node) -> None:
        raw = self._source[node.start : node.end]
        if node.kind == "text":
            for position, piece in enumerate(SHORTCODE.split(raw)):
                if position % 2:
                    name = self._name("sc", numbered=True)
                    self.tags[name] = InlineTag((piece,), None)
                    self._text.append(f"<{name}/>")
                    self.notes.append(f"<{name}/> is the shortcode {piece}")
                else:
                    self._text.append(escape_text(html.unescape(piece)))
            return
        if node.kind != "element":
            name = self._name("html", numbered=True)
            self.tags[name] = InlineTag((raw,), None)
            self._text.append(f"<{name}/>")
            self.notes.append(f"<{name}/> is {collapse_whitespace(raw)}")
            return
        numbered = bool(node.attributes)
        if node.tag in VOID:
            name = self._name(node.tag, numbered)
            self.tags[name] = InlineTag(self._owner._opening(node), None)
            self._text.append(f"<{name}/>")
            return
        if node.tag in OPAQUE or (node.tag != "code" and _excluded(node)):
            name = self._name(node.tag, numbered=True)
            content = self._source[node.opening_end : node.end]
            self.tags[name] = InlineTag(merge_strings((*self._owner._opening(node), content)), None)
            self._text.append(f"<{name}/>")
            self.notes.append(f"<{name}/> is {collapse_whitespace(raw)} (not translated)")
            return
        if not node.explicit_end and node.tag in FORMATTING:
            # Browsers carry a formatting element left open on into the blocks after it: a
            # closing tag of ours would change the page, so its start tag stays as written.
            name = self._name("html", numbered=True)
            self.tags[name] = InlineTag(self._owner._opening(node), None)
            self._text.append(f"<{name}/>")
            start_tag = collapse_whitespace(raw[: node.opening_end - node.start])
            self.notes.append(f"<{name}/> is {start_tag} (left open in the source)")
            for child in node.children:
                self.convert(child)
            return
        name = self._name(node.tag, numbered)
        closing = self._source[node.closing_start : node.end] if node.explicit_end else ""
        self.tags[name] = InlineTag(self._owner._opening(node), closing or f"</{node.tag}>")
        self._text.append(f"<{name}>")
        if node.tag == "code":
            inner = self._source[node.opening_end : node.closing_start]
            self._text.append(escape_text(html.unescape(inner)))
        else:
            for child in node.children:
                self.convert(child)
        self._text.append(f"</{name}>")


# --- whole posts ------------------------------------------------------------------------------


def _meta(head: Node | None, text: str, key: str, value: str) -> tuple[str, int] | None:
    if head is None:
        return None
    found = _find(head, lambda node: node.tag == "meta" and node.attributes.get(key) == value)
    if found is None or "content" not in found.attributes:
        return None
    return found.attributes["content"], found.start


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_html(
    text: str,
    path: PurePosixPath,
    slug: str,
    selector: str | None,
    sentence_language: str | None = None,
) -> Document:
    """A post as an HTML page or fragment: the post is ``selector``'s first match, else the
    ``<article>``, else the ``<body>``, else the whole text."""
    try:
        root, builder = parse_tree(text)
    except HtmlNestingError as error:
        raise SourceError(str(error), path, error.line) from None
    collector = SegmentCollector(sentence_language)
    segments = collector.segments
    segmenter = HtmlSegmenter(text, builder, path, collector)
    head = _find(root, lambda node: node.tag == "head")
    fields: dict[str, int] = {}
    meta: dict[str, object] = {}

    def field_segment(
        name: str, value: str, offset: int, kind: SegmentKind, note: str | None
    ) -> None:
        msgid = collapse_whitespace(escape_text(html.unescape(value))).strip()
        if is_translatable(msgid):
            fields[name] = len(segments)
            segments.append(Segment(msgid, None, kind, segmenter.location(offset), note))

    title = _find(head, lambda node: node.tag == "title") if head is not None else None
    if title is not None:
        field_segment(
            "title",
            text[title.opening_end : title.closing_start],
            title.start,
            SegmentKind.TITLE,
            None,
        )
    for name, key, value, kind, note in (
        ("description", "name", "description", SegmentKind.DESCRIPTION, None),
        ("og:title", "property", "og:title", SegmentKind.FIELD, "og:title"),
        ("og:description", "property", "og:description", SegmentKind.FIELD, "og:description"),
    ):
        found = _meta(head, text, key, value)
        if found is not None:
            field_segment(name, found[0], found[1], kind, note)
    for name, key, value in (
        ("author", "name", "author"),
        ("date", "property", "article:published_time"),
        ("date", "name", "date"),
    ):
        found = _meta(head, text, key, value)
        if found is not None and name not in meta:
            meta[name] = _parse_date(found[0]) if name == "date" else found[0]

    if selector:
        post = _find(root, lambda node: _matches(node, selector))
        if post is None:
            raise SourceError(f"no element matches the selector {selector!r}", path, 1)
    else:
        post = (
            _find(root, lambda node: node.tag == "article")
            or _find(root, lambda node: node.tag == "body")
            or root
        )
    return assemble(path, slug, meta, fields, segments, segmenter.inner(post))
