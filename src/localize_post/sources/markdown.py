"""Markdown (CommonMark with tables and strikethrough, through markdown-it-py) -> Document.

The skeleton is markdown-it's own HTML rendering with every inline token replaced by a hole, so
filling the holes with the source text gives the page markdown-it would have rendered.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..document import (
    Document,
    Hole,
    InlineTag,
    Location,
    Markup,
    Segment,
    SegmentKind,
    assemble,
    collapse_outside_code,
    collapse_whitespace,
    escape_html,
    escape_text,
    inline_markup,
    is_translatable,
    merge_strings,
)
from ..errors import SourceError
from .collector import SegmentCollector
from .frontmatter import split_front_matter
from .html_attributes import cut_attributes
from .html_elements import tag_label
from .html_segmenter import HtmlSegmenter, is_permalink, start_tag_excludes
from .html_tree import HtmlNestingError, parse_tree
from .hugo import ALERT_TITLE_OPEN, SHORTCODE_INLINE, hugo_plugin
from .markers import parse_marker

_FIELD_KINDS = {"title": SegmentKind.TITLE, "description": SegmentKind.DESCRIPTION}
_BLOCK_KINDS = {
    "heading_open": SegmentKind.HEADING,
    "th_open": SegmentKind.TABLE_HEADER,
    "td_open": SegmentKind.TABLE_CELL,
    "list_item_open": SegmentKind.LIST_ITEM,
    "blockquote_open": SegmentKind.BLOCKQUOTE,
    "footnote_open": SegmentKind.FOOTNOTE,
    ALERT_TITLE_OPEN: SegmentKind.ALERT_TITLE,
}
_TRAILING_OPENING_TAG = re.compile(r"<[a-z][a-z0-9]*(?: [^<>]*)?>$")
VOID_ELEMENTS = frozenset({"br", "img", "wbr", "hr", "input", "source", "embed"})
HTML_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*?)?)\s*(/?)>$", re.DOTALL)


def _reads_on(html: str) -> bool:
    """Whether an HTML block ends inside a tag, a comment, a script or a style, which a browser
    then reads on into the blocks after it: markdown-it ends the block at a blank line, HTML
    does not."""
    parser = HTMLParser()
    parser.feed(html)
    # what the parser keeps back is a construct it has not seen the end of
    return bool(parser.rawdata)


def markdown_parser() -> MarkdownIt:
    """The Markdown dialect of posts: CommonMark with raw HTML, tables, strikethrough,
    footnotes, and Hugo's shortcodes, attributes and GitHub alerts."""
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(hugo_plugin)
    )


def parse_markdown(
    text: str,
    path: PurePosixPath,
    slug: str,
    translatable_fields: Sequence[str],
    sentence_language: str | None = None,
) -> Document:
    """Parse a Markdown post with optional front matter into a Document: one segment per
    block, or per sentence when ``sentence_language`` names the source language."""
    front = split_front_matter(text, path)
    collector = SegmentCollector(sentence_language)
    fields: dict[str, int] = {}
    for name in translatable_fields:
        value = front.fields.get(name)
        if isinstance(value, str) and is_translatable(escape_text(value)):
            fields[name] = len(collector.segments)
            collector.segments.append(
                Segment(
                    collapse_whitespace(escape_text(value)).strip(),
                    None,
                    _FIELD_KINDS.get(name, SegmentKind.FIELD),
                    Location(path, front.field_lines.get(name, 1)),
                    None if name in _FIELD_KINDS else f"key: {name}",
                )
            )
    parser = markdown_parser()
    env: dict[str, object] = {}
    tokens = parser.parse(front.body, env)
    builder = _SkeletonBuilder(parser, env, path, front.body_line - 1, collector)
    skeleton = builder.build(tokens)
    return assemble(path, slug, front.fields, fields, collector.segments, skeleton)


class _SkeletonBuilder:
    """Walks markdown-it's block tokens the way RendererHTML.render does, emitting holes."""

    def __init__(
        self,
        parser: MarkdownIt,
        env: dict[str, object],
        path: PurePosixPath,
        line_offset: int,
        collector: SegmentCollector,
    ) -> None:
        self._renderer: RendererHTML = parser.renderer  # type: ignore[assignment]
        self._options = parser.options
        self._env = env
        self._path = path
        self._line_offset = line_offset
        self.collector = collector
        self._marker_level = 0

    def build(self, tokens: Sequence[Token]) -> Markup:
        parts: list[str | Hole] = []
        containers: list[Token] = []
        for index, token in enumerate(tokens):
            if token.nesting == 1 and token.type in _BLOCK_KINDS:
                containers.append(token)
            elif token.nesting == -1 and containers and containers[-1].tag == token.tag:
                containers.pop()
            self._track_marked_block(token)
            if token.type == "inline":
                kind = _BLOCK_KINDS[containers[-1].type] if containers else SegmentKind.PARAGRAPH
                heading = containers[-1] if kind == SegmentKind.HEADING else None
                heading_id = None if heading is None else str(heading.attrGet("id") or "")
                self._emit_inline(token, kind, parts, heading_id)
            elif token.type == "html_block":
                if not self._marker(token):
                    parts.extend(self._html_block(token))
            elif token.type in self._renderer.rules:
                rule = self._renderer.rules[token.type]
                parts.append(rule(tokens, index, self._options, self._env))
            else:
                parts.append(self._renderer.renderToken(tokens, index, self._options, self._env))
            if token.nesting == 0 and token.type != "inline":
                self.collector.end(token.level)
        return merge_strings(parts)

    def _html_block(self, token: Token) -> Markup:
        """Raw HTML in a post is segmented as HTML, into this post's segments; kept as written
        where a browser reads it together with the blocks after it."""
        if self.collector.excluded or _reads_on(token.content):
            return (token.content,)
        line = self._location(token).line
        try:
            root, tree = parse_tree(token.content)
        except HtmlNestingError as error:
            raise SourceError(str(error), self._path, line + error.line - 1) from None
        return HtmlSegmenter(token.content, tree, self._path, self.collector, line).inner(root)

    def _marker(self, token: Token) -> bool:
        """Take an author marker into account; True if the token was one (it renders nothing)."""
        marker = parse_marker(token.content, self._path, self._location(token).line)
        if marker is None:
            return False
        self.collector.take(marker)
        self._marker_level = token.level
        return True

    def _track_marked_block(self, token: Token) -> None:
        """A waiting marker applies to the next block at its level, and to all that block
        holds; markdown-it gives a block's opening and closing tokens the same level."""
        if self.collector.waiting and token.level == self._marker_level and token.nesting >= 0:
            self.collector.begin(token.level)
        elif token.nesting == -1:
            self.collector.end(token.level)

    def _location(self, token: Token) -> Location:
        first_line = token.map[0] if token.map else 0
        return Location(self._path, self._line_offset + first_line + 1)

    def _emit_inline(
        self, token: Token, kind: SegmentKind, parts: list[str | Hole], heading_id: str | None
    ) -> None:
        """One block's inline content: a hole, or its rendering if it has nothing to
        translate. ``heading_id`` is the id of the heading it is, None if none."""
        location = self._location(token)
        reserved = self.collector.reserve()
        children = token.children or []
        start, end = self._permalink_edges(children, heading_id)
        before = self._as_written(children[:start], location)
        inline = _InlineBuilder(self, location)
        msgid, tags = inline.convert(children[start:end])
        after = self._as_written(children[end:], location)
        element = ""
        if parts and isinstance(parts[-1], str):
            match = _TRAILING_OPENING_TAG.search(parts[-1])
            if match:
                element = match.group(0)
                parts[-1] = parts[-1][: match.start()]
        if self.collector.excluded or not is_translatable(msgid):
            parts.extend([element, *before, *inline_markup(msgid, tags), *after])
            return
        leading, trailing = _edge_space(children[start:end])
        opening = (element,) if element and not before else ()
        if not opening:  # a permalink comes first: the hole cannot mark the element as English
            parts.extend([element, *before, leading])
        parts.extend(
            self.collector.block(reserved, msgid, tags, kind, location, inline.notes, opening)
        )
        parts.extend([trailing, *after])

    def _permalink_edges(
        self, children: Sequence[Token], heading_id: str | None
    ) -> tuple[int, int]:
        """The slice of an inline token's children its msgid covers: not a permalink at either
        edge (``<a class="headerlink" href="#x">¶</a>``, see html_segmenter.is_permalink)."""
        start, end = 0, len(children)
        words = [index for index, child in enumerate(children) if not _blank(child)]
        if words and _is_link_end(children[words[-1]]):
            last = words[-1]
            opening = next((i for i in reversed(range(last)) if _is_link_start(children[i])), None)
            if opening is not None and self._is_permalink(children[opening : last + 1], heading_id):
                end = opening
                words = [index for index in words if index < opening]
        if words and _is_link_start(children[words[0]]):
            first = words[0]
            closing = next((i for i in range(first, end) if _is_link_end(children[i])), None)
            if closing is not None and self._is_permalink(
                children[first : closing + 1], heading_id
            ):
                start = closing + 1
        return start, end

    def _is_permalink(self, link: Sequence[Token], heading_id: str | None) -> bool:
        html = "".join(self.render_single(link, index) for index in range(len(link)))
        return is_permalink(html, heading_id)

    def _as_written(self, children: Sequence[Token], location: Location) -> Markup:
        """Inline tokens kept in the skeleton, a raw start tag's translatable attributes cut."""
        parts: list[str | Hole] = []
        for index, child in enumerate(children):
            if child.type == "html_inline":
                parts.extend(cut_attributes(child.content, self.collector, location))
            else:
                parts.append(self.render_single(children, index))
        return tuple(parts)

    def render_single(self, children: Sequence[Token], index: int) -> str:
        token = children[index]
        if token.type in self._renderer.rules:
            return str(self._renderer.rules[token.type](children, index, self._options, self._env))
        return self._renderer.renderToken(children, index, self._options, self._env)

    def render_text(self, children: Sequence[Token]) -> str:
        return self._renderer.renderInlineAsText(children, self._options, self._env)


class _InlineBuilder:
    """Converts one inline token's children into msgid text and the tag map behind it."""

    def __init__(self, owner: _SkeletonBuilder, location: Location) -> None:
        self._owner = owner
        self._location = location
        self._text: list[str] = []
        self._tags: dict[str, InlineTag] = {}
        self._numbers: Counter[str] = Counter()
        self._open: list[str] = []
        self._partners: dict[int, int] = {}
        self.notes: list[str] = []

    def convert(self, children: Sequence[Token]) -> tuple[str, dict[str, InlineTag]]:
        self._partners = raw_tag_partners(children)
        index = 0
        while index < len(children):
            child = children[index]
            if child.type == "link_open" and child.markup in ("autolink", "linkify"):
                index = self._autolink(children, index)
                continue
            opens_pair = child.type == "html_inline" and self._partners.get(index, -1) > index
            if opens_pair and start_tag_excludes(child.content):
                index = self._not_translated(children, index)
                continue
            self._convert_one(children, index, child)
            index += 1
        return collapse_outside_code("".join(self._text)), self._tags

    def _not_translated(self, children: Sequence[Token], start: int) -> int:
        """``<span translate="no">…</span>``, written in a paragraph: one opaque tag, as the
        same element is in an HTML post."""
        end = self._partners[start]
        html = "".join(self._owner.render_single(children, i) for i in range(start, end + 1))
        match = HTML_TAG.match(children[start].content)
        label = tag_label(match.group(2), True)[0] if match else "html"
        name = self._void(label, (html,), numbered=True)
        self.notes.append(f"<{name}/> is {collapse_whitespace(html)} (not translated)")
        return end + 1

    def _autolink(self, children: Sequence[Token], start: int) -> int:
        """``<https://…>``: the URL is its own text, nothing to translate, so one opaque tag."""
        end = next(i for i in range(start, len(children)) if children[i].type == "link_close")
        html = "".join(self._owner.render_single(children, i) for i in range(start, end + 1))
        name = self._void("a", (html,), numbered=True)
        self.notes.append(f"<{name}/> is the link {children[start].attrGet('href')}")
        return end + 1

    def _convert_one(self, children: Sequence[Token], index: int, child: Token) -> None:
        if child.type == "text":
            self._text.append(escape_text(child.content))
        elif child.type == "softbreak":
            self._text.append(" ")
        elif child.type == "hardbreak":
            self._void("br", (self._owner.render_single(children, index),), numbered=False)
        elif child.type == "code_inline":
            self._tags["code"] = InlineTag(("<code>",), "</code>")
            self._text.append(f"<code>{escape_text(child.content)}</code>")
        elif child.type == "image":
            self._image(child)
        elif child.type == "html_inline":
            self._raw_html(child, index)
        elif child.type == SHORTCODE_INLINE:
            name = self._void("sc", (child.content,), numbered=True)
            self.notes.append(f"<{name}/> is the shortcode {child.content}")
        elif child.nesting == 1:
            self._open_tag(child)
        elif child.nesting == -1 and self._open:
            self._text.append(f"</{self._open.pop()}>")
        else:
            tag = "fn" if child.type == "footnote_ref" else "x"
            self._void(tag, (self._owner.render_single(children, index),), numbered=True)

    def _owner_xhtml(self) -> bool:
        return bool(self._owner._options["xhtmlOut"])

    def _name(self, tag: str, numbered: bool) -> str:
        if not numbered:
            return tag
        self._numbers[tag] += 1
        return f"{tag}{self._numbers[tag]}"

    def _void(self, tag: str, opening: Markup, numbered: bool) -> str:
        # a tag written two ways (a hard break's <br />, a raw <br>) is two tags, so the page
        # keeps each as written
        markup = InlineTag(opening, None)
        name = self._name(tag, numbered or self._tags.get(tag, markup) != markup)
        self._tags[name] = markup
        self._text.append(f"<{name}/>")
        return name

    def _open_tag(self, child: Token) -> None:
        opening: list[str | Hole] = [f"<{child.tag}"]
        for attribute, value in (child.attrs or {}).items():
            if attribute == "title" and child.type == "link_open":
                hole = self._owner.collector.attribute_hole(
                    str(value), SegmentKind.LINK_TITLE, self._location
                )
                opening.extend([' title="', hole, '"'])
            else:
                opening.append(f' {attribute}="{escape_html(str(value))}"')
        opening.append(">")
        name = self._name(child.tag, numbered=bool(child.attrs))
        self._tags[name] = InlineTag(merge_strings(opening), f"</{child.tag}>")
        self._open.append(name)
        self._text.append(f"<{name}>")

    def _image(self, child: Token) -> None:
        opening: list[str | Hole] = ["<img"]
        alt = self._owner.render_text(child.children or [])
        for attribute, value in (child.attrs or {}).items():
            if attribute == "alt":
                continue
            if attribute == "src":
                opening.append(f' src="{escape_html(str(value))}" alt="')
                opening.append(
                    self._owner.collector.attribute_hole(alt, SegmentKind.IMAGE_ALT, self._location)
                )
                opening.append('"')
            elif attribute == "title":
                hole = self._owner.collector.attribute_hole(
                    str(value), SegmentKind.IMAGE_TITLE, self._location
                )
                opening.extend([' title="', hole, '"'])
            else:
                opening.append(f' {attribute}="{escape_html(str(value))}"')
        opening.append(" />" if self._owner_xhtml() else ">")
        self._void("img", merge_strings(opening), numbered=True)

    def _raw_html(self, child: Token, index: int) -> None:
        match = HTML_TAG.match(child.content)
        if match is None:
            self._verbatim(child.content, (child.content,))
            return
        closing, tag, attributes, self_closing = match.groups()
        tag = tag.lower()
        if closing:
            if index in self._partners:
                name = self._open.pop()
                self._tags[name] = InlineTag(self._tags[name].opening, child.content)
                self._text.append(f"</{name}>")
            else:
                self._verbatim(child.content, (child.content,))
            return
        opening = cut_attributes(child.content, self._owner.collector, self._location)
        label, numbered = tag_label(tag, bool(attributes.strip()))
        if self_closing or tag in VOID_ELEMENTS:
            self._void(label, opening, numbered)
        elif index in self._partners:
            name = self._name(label, numbered)
            self._tags[name] = InlineTag(opening, f"</{tag}>")
            self._open.append(name)
            self._text.append(f"<{name}>")
        else:
            self._verbatim(child.content, opening)

    def _verbatim(self, html: str, opening: Markup) -> None:
        """Raw HTML that is no pair of tags: a placeholder rendered as written, explained."""
        name = self._void("html", opening, numbered=True)
        self.notes.append(f"<{name}/> is {html}")


def _blank(child: Token) -> bool:
    return child.type == "softbreak" or (child.type == "text" and not child.content.strip())


def _is_link_start(child: Token) -> bool:
    if child.type == "link_open":
        return child.markup not in ("autolink", "linkify")
    match = HTML_TAG.match(child.content) if child.type == "html_inline" else None
    return match is not None and not match.group(1) and match.group(2).lower() == "a"


def _is_link_end(child: Token) -> bool:
    if child.type == "link_close":
        return True
    match = HTML_TAG.match(child.content) if child.type == "html_inline" else None
    return match is not None and bool(match.group(1)) and match.group(2).lower() == "a"


def _edge_space(children: Sequence[Token]) -> tuple[str, str]:
    """The white space a msgid trims from the text at its start and end, which the page keeps
    between the text and a permalink."""
    leading = trailing = ""
    if children and children[0].type == "text":
        text = children[0].content
        leading = text[: len(text) - len(text.lstrip(" \t\n\r\f"))]
    if children and children[-1].type == "text":
        text = children[-1].content
        trailing = text[len(text.rstrip(" \t\n\r\f")) :]
    return leading, trailing


def raw_tag_partners(children: Sequence[Token]) -> dict[int, int]:
    """The raw opening and closing tags that pair up inside one Markdown element, each index
    mapped to its partner's.

    Any other raw tag stays as the author wrote it, for the browser to repair: a ``<b>`` never
    closed bolds the following paragraphs too, which a pair closed at the block's end would not.
    """
    partners: dict[int, int] = {}
    open_tags: list[tuple[str | None, int]] = []  # a raw tag's name, None for Markdown's own
    for index, child in enumerate(children):
        if child.type == "html_inline":
            match = HTML_TAG.match(child.content)
            if match is None:
                continue
            closing, tag, _, self_closing = match.groups()
            tag = tag.lower()
            if closing:
                if open_tags and open_tags[-1][0] == tag:
                    opening = open_tags.pop()[1]
                    partners[opening], partners[index] = index, opening
            elif not self_closing and tag not in VOID_ELEMENTS:
                open_tags.append((tag, index))
        elif child.nesting == 1:
            open_tags.append((None, index))
        elif child.nesting == -1:
            # the raw tags still open inside the element that ends here stay unpaired
            while open_tags and open_tags.pop()[0] is not None:
                pass
    return partners
