"""Where each piece of a Markdown block's inline content is in its source text.

markdown-it's inline tokens carry no offsets, so the block's content (its lines without the
container prefixes markdown-it strips) is read again along the tokens: each text token is found
as written (with its backslash escapes and entities), each delimiter, link tail, code span,
image, raw tag and shortcode as the bytes the author typed. A translation's tags are then written
back with those very bytes (``_`` stays ``_``, a reference link keeps its label, a link its URL
and title) and only its text is new.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from ..sources.html_segmenter import start_tag_excludes
from ..sources.hugo import SHORTCODE_INLINE
from ..sources.markdown import HTML_TAG, VOID_ELEMENTS, raw_tag_partners


class PieceKind(enum.Enum):
    TEXT = "text"
    SOFT_BREAK = "soft break"
    OPEN = "open"  # an element's start: ``*``, ``[``, ``<b>``
    CLOSE = "close"  # its end: ``*``, ``](url "title")``, ``</b>``
    ATOM = "atom"  # a void tag of the msgid: image, code span, shortcode, hard break, raw HTML


@dataclass(slots=True)
class Piece:
    """A span ``[start, end)`` of the block content and what it is.

    ``tag`` is the name the msgid gives it without its number (``a``, ``em``, ``img``, ``sc``).
    Spans inside it that a translation or a layout may change: an image's ``alt``, a link's or
    an image's ``title`` (between its quotes) and ``destination`` (the URL as written).
    """

    kind: PieceKind
    tag: str
    start: int
    end: int
    alt: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    destination: tuple[int, int] | None = None
    reference: str = ""  # a link's end: "full", "collapsed" or "shortcut" for reference links
    code: str = ""  # a code span: its content as markdown-it reads it


class ScanError(ValueError):
    """The tokens do not match the text they came from (a construct this reader does not know)."""


_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_HARD_BREAK = re.compile(r"(?:[ \t]*\\|[ \t]*)\n[ \t]*")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]*\]")
_LABEL = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(slots=True)
class _Scanner:
    content: str
    position: int = 0
    pieces: list[Piece] = field(default_factory=list)
    start: int = 0  # where the token being read starts

    def walk(self, children: Sequence[Token]) -> None:
        partners = raw_tag_partners(children)
        index = 0
        while index < len(children):
            index = self._one(children, index, partners)

    def _one(self, children: Sequence[Token], index: int, partners: dict[int, int]) -> int:
        child = children[index]
        kind = child.type
        self.start = self.position
        if kind == "text":
            self._add(PieceKind.TEXT, "", self._text(child.content))
        elif kind in ("softbreak", "hardbreak"):
            pattern = _SOFT_BREAK if kind == "softbreak" else _HARD_BREAK
            match = pattern.match(self.content, self.position)
            if match is None:
                raise ScanError(f"no line end for a {kind}")
            piece_kind = PieceKind.SOFT_BREAK if kind == "softbreak" else PieceKind.ATOM
            self._add(piece_kind, "br", match.end())
        elif kind == "code_inline":
            self._code(child)
        elif kind in ("em_open", "strong_open", "s_open", "em_close", "strong_close", "s_close"):
            self._expect(child.markup)
            opening = child.nesting == 1
            self._add(PieceKind.OPEN if opening else PieceKind.CLOSE, child.tag, self.position)
        elif kind == "link_open" and child.markup == "autolink":
            end = self.content.find(">", self.position)
            if not self.content.startswith("<", self.position) or end < 0:
                raise ScanError("an autolink not written <...>")
            self._add(PieceKind.ATOM, "a", end + 1)
            close = next(i for i in range(index, len(children)) if children[i].type == "link_close")
            return close + 1
        elif kind == "link_open":
            self._expect("[")
            self._add(PieceKind.OPEN, "a", self.position)
        elif kind == "link_close":
            self._link_close()
        elif kind == "image":
            self._image(child)
        elif kind == "html_inline":
            return self._raw_html(children, index, partners)
        elif kind == SHORTCODE_INLINE:
            self._expect(child.content)
            self._add(PieceKind.ATOM, "sc", self.position)
        elif kind == "footnote_ref":
            match = _FOOTNOTE_REF.match(self.content, self.position)
            if match is None:
                raise ScanError("a footnote reference not written [^label]")
            self._add(PieceKind.ATOM, "fn", match.end())
        else:
            raise ScanError(f"an inline {kind} token")
        return index + 1

    def _add(self, kind: PieceKind, tag: str, end: int) -> Piece:
        """A piece from where the current token starts to ``end``."""
        piece = Piece(kind, tag, self.start, end)
        self.pieces.append(piece)
        self.position = end
        return piece

    def _expect(self, text: str) -> None:
        if not self.content.startswith(text, self.position):
            raise ScanError(f"expected {text!r}")
        self.position += len(text)

    def _text(self, text: str) -> int:
        """Where ``text``, as markdown-it read it, ends in the source: each character is
        written as itself, backslash-escaped or as an entity."""
        source, position, read = self.content, self.position, 0
        while read < len(text):
            char = text[read]
            if source.startswith(char, position):
                position, read = position + 1, read + 1
                continue
            if source.startswith("\\" + char, position) and char in _ASCII_PUNCTUATION:
                position, read = position + 2, read + 1
                continue
            entity = _ENTITY.match(source, position)
            decoded = html.unescape(entity.group(0)) if entity else ""
            if entity and decoded and text.startswith(decoded, read):
                position, read = entity.end(), read + len(decoded)
                continue
            if char == "\ufffd" and source.startswith("\x00", position):
                position, read = position + 1, read + 1
                continue
            raise ScanError(f"text {text!r} not found as written")
        return position

    def _code(self, child: Token) -> None:
        fence = child.markup
        self._expect(fence)
        closing = re.compile(rf"(?<!`){re.escape(fence)}(?!`)")
        match = closing.search(self.content, self.position)
        if match is None:
            raise ScanError("a code span that never closes")
        self._add(PieceKind.ATOM, "code", match.end()).code = child.content

    def _link_close(self) -> None:
        self._expect("]")
        tail = _link_tail(self.content, self.position)
        piece = self._add(PieceKind.CLOSE, "a", tail.end)
        piece.destination, piece.title, piece.reference = (
            tail.destination,
            tail.title,
            tail.reference,
        )

    def _image(self, child: Token) -> None:
        start = self.position
        self._expect("![")
        alt = _Scanner(self.content, self.position)
        alt.walk(child.children or [])
        alt_span = (self.position, alt.position)
        self.position = alt.position
        self._expect("]")
        tail = _link_tail(self.content, self.position)
        self.start = start
        piece = self._add(PieceKind.ATOM, "img", tail.end)
        piece.alt, piece.destination, piece.title = alt_span, tail.destination, tail.title

    def _raw_html(self, children: Sequence[Token], index: int, partners: dict[int, int]) -> int:
        child = children[index]
        self._expect(child.content)
        end = self.position
        match = HTML_TAG.match(child.content)
        if match is None:
            self._add(PieceKind.ATOM, "html", end)
            return index + 1
        closing, tag, _, self_closing = match.groups()
        tag = tag.lower()
        partner = partners.get(index)
        if closing:
            self._add(PieceKind.CLOSE if partner is not None else PieceKind.ATOM, tag, end)
            if partner is None:
                self.pieces[-1].tag = "html"
            return index + 1
        if self_closing or tag in VOID_ELEMENTS:
            self._add(PieceKind.ATOM, tag, end)
            return index + 1
        if partner is None:
            self._add(PieceKind.ATOM, "html", end)
            return index + 1
        if start_tag_excludes(child.content):
            # one opaque tag for the element and all it holds, as the msgid has it
            inner = _Scanner(self.content, end)
            inner.walk(children[index + 1 : partner + 1])
            self._add(PieceKind.ATOM, tag, inner.position)
            return partner + 1
        self._add(PieceKind.OPEN, tag, end)
        return index + 1


@dataclass(frozen=True, slots=True)
class _Tail:
    """What follows a link's ``]``: an inline destination and title, or a reference label."""

    end: int
    destination: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    reference: str = ""


def _link_tail(content: str, position: int) -> _Tail:
    """Read what follows ``]`` as markdown-it's link rule does: ``(url "title")``, else
    ``[label]``, ``[]`` or nothing (a reference)."""
    if content.startswith("(", position):
        start = _skip_spaces(content, position + 1)
        destination = parseLinkDestination(content, start, len(content))
        if destination.ok:
            after = destination.pos
            title_start = _skip_spaces(content, after)
            title = parseLinkTitle(content, title_start, len(content))
            title_span = None
            end = title_start
            if title_start < len(content) and title_start != after and title.ok:
                title_span = (title_start + 1, title.pos - 1)
                end = _skip_spaces(content, title.pos)
            if content.startswith(")", end):
                return _Tail(end + 1, (start, after), title_span)
    label = _LABEL.match(content, position)
    if label is not None:
        return _Tail(label.end(), reference="full" if label.group(1) else "collapsed")
    return _Tail(position, reference="shortcut")


def scan_inline(content: str, children: Sequence[Token]) -> tuple[list[Piece], int]:
    """The pieces of a block's inline content, and where they end: what follows (a heading's
    ``{#id}``, removed by the Hugo rules) stays as written."""
    scanner = _Scanner(content)
    scanner.walk(children)
    return scanner.pieces, scanner.position


def _skip_spaces(content: str, position: int) -> int:
    while position < len(content) and content[position] in " \t\n":
        position += 1
    return position
