"""HTML (a whole page or a fragment) -> Document, keeping the source's own bytes around every hole.

A fragment is the post. In a whole page the post is the ``<article>``, or the element the
``selector`` setting names, and the ``<head>`` gives the texts people see beside it: the title,
the description, what shows where the page is shared (Open Graph and Twitter cards) and the
keywords, each an entry of its own. The tree (html_tree.py) is the one a browser builds; the
segmenter (html_segmenter.py) cuts the holes.
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import PurePosixPath

from ..document import (
    Document,
    Segment,
    SegmentKind,
    assemble,
    collapse_whitespace,
    escape_text,
    is_translatable,
)
from ..errors import SourceError
from .collector import SegmentCollector
from .html_segmenter import HtmlSegmenter
from .html_tree import MAX_NESTING, HtmlNestingError, Node, TreeBuilder, find, parse_tree

__all__ = ["MAX_NESTING", "parse_html"]

_SELECTOR = re.compile(r"([a-z][a-z0-9-]*)?(?:\.([\w-]+)|#([\w-]+))?")
_SELECTOR_FORMS = "a tag (main), a .class, an #id, tag.class or tag#id"
_SHARED = "shown where the page is shared"
# The <meta> texts a reader sees, by the name or property that names them: (field, kind, note).
_TEXT_METAS = (
    ("description", SegmentKind.DESCRIPTION, None),
    ("og:title", SegmentKind.TITLE, f"<meta> og:title, {_SHARED}"),
    ("og:description", SegmentKind.DESCRIPTION, f"<meta> og:description, {_SHARED}"),
    ("og:image:alt", SegmentKind.IMAGE_ALT, "<meta> og:image:alt, the shared image's alt text"),
    ("twitter:title", SegmentKind.TITLE, f"<meta> twitter:title, {_SHARED}"),
    ("twitter:description", SegmentKind.DESCRIPTION, f"<meta> twitter:description, {_SHARED}"),
    ("keywords", SegmentKind.FIELD, "<meta> keywords, for search engines: keep the commas"),
)
# The <meta> data kept as the post's: (meta key, <meta> name or property), the first found winning.
_DATA_METAS = (
    ("author", "author"),
    ("date", "article:published_time"),
    ("date", "date"),
)


def parse_html(
    text: str,
    path: PurePosixPath,
    slug: str,
    selector: str | None,
    sentence_language: str | None = None,
) -> Document:
    """A post as an HTML page or fragment: the post is ``selector``'s first match, else the
    page's ``<article>``; a fragment (no ``<html>``, ``<head>``, ``<body>`` or doctype) is
    the post whole. A page with neither is refused: its navigation, scripts and footer are not
    the post."""
    try:
        root, builder = parse_tree(text)
    except HtmlNestingError as error:
        raise SourceError(str(error), path, error.line) from None
    post = _post_element(root, text, builder, path, selector)
    collector = SegmentCollector(sentence_language)
    segmenter = HtmlSegmenter(text, builder, path, collector)
    head = find(root, lambda node: node.tag == "head")
    fields: dict[str, int] = {}
    meta: dict[str, object] = {}
    if head is not None:
        fields = _head_fields(text, head, segmenter, collector.segments)
        meta = _head_meta(head)
    return assemble(path, slug, meta, fields, collector.segments, segmenter.inner(post))


def _post_element(
    root: Node, text: str, builder: TreeBuilder, path: PurePosixPath, selector: str | None
) -> Node:
    """The element that holds the post (see parse_html)."""
    body = find(root, lambda node: node.tag == "body")
    line = builder.line_of(body.start) if body is not None else 1
    if selector:
        matches = _selector_predicate(selector, path)
        post = find(root, matches)
        if post is None:
            raise SourceError(
                f"no element matches the selector {selector!r} (the `selector` setting):"
                f" set it to the element that holds the post, {_SELECTOR_FORMS}",
                path,
                line,
            )
        return post
    article = find(root, lambda node: node.tag == "article")
    if article is not None:
        return article
    if _is_whole_page(root, text):
        raise SourceError(
            "a page without <article>: wrap the post in <article>, or set `selector` in"
            " localize-post.toml (or [tool.localize-post] in pyproject.toml) to the element"
            f" that holds it, {_SELECTOR_FORMS}",
            path,
            line,
        )
    return root


def _is_whole_page(root: Node, text: str) -> bool:
    """Whether the text is a page rather than a fragment of one."""
    if find(root, lambda node: node.tag in ("html", "head", "body")) is not None:
        return True
    return any(
        node.kind == "other" and text[node.start : node.end].lower().startswith("<!doctype")
        for node in root.children
    )


def _selector_predicate(selector: str, path: PurePosixPath) -> Callable[[Node], bool]:
    """A simple selector: ``tag``, ``.class``, ``#id``, ``tag.class`` or ``tag#id``."""
    match = _SELECTOR.fullmatch(selector.strip())
    if match is None or not any(match.groups()):
        raise SourceError(
            f"the selector {selector!r} (the `selector` setting) is not one localize-post reads:"
            f" use {_SELECTOR_FORMS}",
            path,
            1,
        )
    tag, class_name, identifier = match.groups()

    def matches(node: Node) -> bool:
        if tag and node.tag != tag:
            return False
        if class_name and class_name not in node.attributes.get("class", "").split():
            return False
        return not identifier or node.attributes.get("id") == identifier

    return matches


def _meta_named(head: Node, name: str) -> Node | None:
    """The first ``<meta>`` with this name or property: pages write Open Graph's with either."""

    def named(node: Node) -> bool:
        if node.tag != "meta" or "content" not in node.attributes:
            return False
        names = (node.attributes.get("name", ""), node.attributes.get("property", ""))
        return name in (value.strip().lower() for value in names)

    return find(head, named)


def _head_fields(
    text: str, head: Node, segmenter: HtmlSegmenter, segments: list[Segment | None]
) -> dict[str, int]:
    fields: dict[str, int] = {}

    def add(name: str, value: str, offset: int, kind: SegmentKind, note: str | None) -> None:
        msgid = collapse_whitespace(escape_text(html.unescape(value))).strip()
        if is_translatable(msgid):
            fields[name] = len(segments)
            segments.append(Segment(msgid, None, kind, segmenter.location(offset), note))

    title = find(head, lambda node: node.tag == "title")
    if title is not None:
        content = text[title.opening_end : title.closing_start]
        add("title", content, title.start, SegmentKind.TITLE, None)
    for name, kind, note in _TEXT_METAS:
        found = _meta_named(head, name)
        if found is not None:
            add(name, found.attributes["content"], found.start, kind, note)
    return fields


def _head_meta(head: Node) -> dict[str, object]:
    meta: dict[str, object] = {}
    for name, meta_name in _DATA_METAS:
        found = _meta_named(head, meta_name)
        if found is not None and name not in meta:
            value = found.attributes["content"]
            meta[name] = _parse_date(value) if name == "date" else value
    return meta


def _parse_date(value: str) -> date | None:
    """The day a meta gives, or the moment where it gives one (``2020-11-05T10:00:00Z``, for
    a feed's timestamps); None for what is no ISO 8601 date, which pages may hold."""
    text = value.strip()
    if len(text) > len("2020-11-05"):
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(text)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None
