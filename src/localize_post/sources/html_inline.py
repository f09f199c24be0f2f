"""Inline HTML nodes -> msgid text and the tag map behind it.

Every element inside a sentence becomes an attribute-free tag (``<em>``, ``<a1>``,
``<liteyoutube1>``) whose real markup stays in the tag map; what a translator cannot change
(code with markup in it, embedded content, an element left open) becomes a placeholder such as
``<html1/>``, explained in the entry's comment.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

from ..document import InlineTag, Markup, collapse_whitespace, escape_text, merge_strings
from .html_elements import NEVER_TRANSLATED, OPAQUE, VOID, tag_label
from .html_tree import Node
from .hugo import SHORTCODE


def excluded_by_author(node: Node) -> bool:
    return (
        node.attributes.get("translate", "").lower() == "no"
        or "notranslate" in node.attributes.get("class", "").split()
    )


def excluded(node: Node) -> bool:
    return node.tag in NEVER_TRANSLATED or excluded_by_author(node)


def _holds_markup(node: Node) -> bool:
    """Whether an element holds anything but text: elements, comments."""
    return any(child.kind != "text" for child in node.children)


def kept_whole(node: Node) -> bool:
    """Embedded content, what the author marked untranslated, and code holding markup
    (highlighted code): one placeholder rendered exactly as written."""
    if node.tag == "code":
        return _holds_markup(node)
    return node.tag in OPAQUE or excluded(node)


def left_open(node: Node) -> bool:
    """An element whose end the source leaves to the browser: a placeholder for its start tag,
    then its content, goes on as the sentence's (see InlineConverter)."""
    return (
        node.kind == "element"
        and not (node.explicit_end or node.self_closing or node.tag in VOID)
        and not kept_whole(node)
    )


class InlineConverter:
    """Inline nodes of ``source`` -> msgid text and tags; ``opening`` gives an element's start
    tag with its translatable attributes cut out as holes."""

    def __init__(self, source: str, opening: Callable[[Node], Markup]) -> None:
        self._source = source
        self._opening = opening
        self._text: list[str] = []
        self.tags: dict[str, InlineTag] = {}
        self._numbers: Counter[str] = Counter()
        self.notes: list[str] = []

    def msgid(self) -> str:
        pieces = re.split(r"(<code\d*>.*?</code\d*>)", "".join(self._text))
        return "".join(
            piece if piece.startswith("<code") else collapse_whitespace(piece) for piece in pieces
        ).strip(" ")

    def _register(self, label: str, numbered: bool, tag: InlineTag) -> str:
        """The msgid name for ``tag``. An attribute-free tag goes by its label unless that
        already stands for other markup (``<br>`` then ``<br/>``, ``<em>`` then ``<EM>``):
        then it is numbered too, so the page keeps each as written."""
        if not numbered and self.tags.get(label, tag) == tag:
            name = label
        else:
            self._numbers[label] += 1
            name = f"{label}{self._numbers[label]}"
        self.tags[name] = tag
        return name

    def _placeholder(self, label: str, markup: Markup, note: str) -> None:
        name = self._register(label, True, InlineTag(markup, None))
        self._text.append(f"<{name}/>")
        self.notes.append(f"<{name}/> is {note}")

    def convert(self, node: Node) -> None:
        raw = self._source[node.start : node.end]
        if node.kind == "text":
            self._convert_text(raw)
        elif node.kind != "element":
            self._placeholder("html", (raw,), collapse_whitespace(raw))
        elif node.tag in VOID:
            self._void(node)
        elif kept_whole(node):
            label, _ = tag_label(node.tag, True)
            content = self._source[node.opening_end : node.end]
            markup = merge_strings((*self._opening(node), content))
            self._placeholder(label, markup, f"{collapse_whitespace(raw)} (not translated)")
        elif node.self_closing:
            self._void(node)
        elif left_open(node):
            self._left_open(node, raw)
        else:
            self._pair(node)

    def _void(self, node: Node) -> None:
        label, numbered = tag_label(node.tag, bool(node.attributes))
        name = self._register(label, numbered, InlineTag(self._opening(node), None))
        self._text.append(f"<{name}/>")

    def _convert_text(self, raw: str) -> None:
        for position, piece in enumerate(SHORTCODE.split(raw)):
            if position % 2:
                self._placeholder("sc", (piece,), f"the shortcode {piece}")
            else:
                self._text.append(escape_text(html.unescape(piece)))

    def _left_open(self, node: Node, raw: str) -> None:
        """An element whose end the source leaves to the browser (at its parent's end, or
        carried on into the blocks after it, as browsers do with ``<b>``): an end tag of ours
        would change the page, so its start tag stays as written, a placeholder, and its
        content goes on as the sentence's."""
        start_tag = collapse_whitespace(raw[: node.opening_end - node.start])
        self._placeholder("html", self._opening(node), f"{start_tag} (left open in the source)")
        for child in node.children:
            self.convert(child)

    def _pair(self, node: Node) -> None:
        label, numbered = tag_label(node.tag, bool(node.attributes))
        closing = self._source[node.closing_start : node.end]
        name = self._register(label, numbered, InlineTag(self._opening(node), closing))
        self._text.append(f"<{name}>")
        if node.tag == "code":
            inner = self._source[node.opening_end : node.closing_start]
            self._text.append(escape_text(html.unescape(inner)))
        else:
            for child in node.children:
                self.convert(child)
        self._text.append(f"</{name}>")
