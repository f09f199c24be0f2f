"""A translation written in its source block's own Markdown.

The msgid names each inline element with a tag (``<a1>``, ``<em>``, ``<img1/>``); aligned with
the source's pieces (inline.py), each tag stands for the bytes the author wrote. A translation is
then its tags' bytes around escaped text. Tags without a number may occur more than once: the
n-th ``<em>`` of a translation takes the bytes of the source's n-th, and an ``<em>`` or
``<strong>`` the translation adds takes ``*`` or ``**``.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..document import TAG_PATTERN, collapse_outside_code, unescape_text
from .escaping import Escaper
from .inline import Piece, PieceKind

Substitutions = Mapping[tuple[int, int], str]


class AlignmentError(ValueError):
    """A msgid's tags are not the pieces its block was read into."""


class Syntax(enum.Enum):
    """How emphasis is written: as the source does, with ``*`` (which needs no word boundary,
    unlike ``_``), or as HTML (which needs none of the flanking rules, for languages written
    without spaces)."""

    SOURCE = "source"
    STARS = "stars"
    HTML = "html"


_DELIMITED = frozenset({"em", "strong", "s"})
_STARS = {"em": "*", "strong": "**", "s": "~~"}


def base_name(name: str) -> str:
    return name.rstrip("0123456789")


def _is(name: str, tag: str) -> bool:
    return name == tag or base_name(name) == tag


@dataclass(slots=True)
class Alignment:
    """Each msgid tag's source pieces: an element's pairs of start and end, in order of
    opening; a void tag's atoms; code spans."""

    pairs: dict[str, list[tuple[Piece, Piece]]] = field(default_factory=dict)
    atoms: dict[str, list[Piece]] = field(default_factory=dict)
    codes: list[Piece] = field(default_factory=list)


def align(msgid: str, pieces: Sequence[Piece]) -> Alignment:
    alignment = Alignment()
    markup = [piece for piece in pieces if piece.kind not in (PieceKind.TEXT, PieceKind.SOFT_BREAK)]
    position = 0
    stack: list[tuple[str, Piece]] = []
    in_code: str | None = None

    def take(kind: PieceKind, name: str) -> Piece:
        nonlocal position
        if position >= len(markup):
            raise AlignmentError(f"no source piece for <{name}>")
        piece = markup[position]
        if piece.kind is not kind or not _is(name, piece.tag):
            raise AlignmentError(f"<{name}> is {piece.kind.value} {piece.tag} in the source")
        position += 1
        return piece

    for match in TAG_PATTERN.finditer(msgid):
        closing, name, void = match.groups()
        if in_code is not None:
            if closing and name == in_code:
                in_code = None
            continue
        if void:
            alignment.atoms.setdefault(name, []).append(take(PieceKind.ATOM, name))
        elif closing:
            if not stack or stack[-1][0] != name:
                raise AlignmentError(f"</{name}> closes nothing open")
            opened = stack.pop()[1]
            alignment.pairs.setdefault(name, []).append((opened, take(PieceKind.CLOSE, name)))
        elif (
            base_name(name) == "code"
            and position < len(markup)
            and markup[position].tag == "code"
            and markup[position].kind is PieceKind.ATOM
        ):
            alignment.codes.append(take(PieceKind.ATOM, name))
            in_code = name
        else:
            stack.append((name, take(PieceKind.OPEN, name)))
    if position != len(markup) or stack:
        raise AlignmentError("the source has pieces the msgid does not")
    # pairs were recorded at their end; a translation uses them in order of opening
    for pairs in alignment.pairs.values():
        pairs.sort(key=lambda pair: pair[0].start)
    return alignment


def piece_bytes(content: str, piece: Piece, substitutions: Substitutions) -> str:
    return substituted(content, piece.start, piece.end, substitutions)


def substituted(content: str, start: int, end: int, substitutions: Substitutions) -> str:
    """``content[start:end]`` with the substitutions that lie inside it applied."""
    out: list[str] = []
    position = start
    for (span_start, span_end), text in sorted(substitutions.items()):
        if span_start < start or span_end > end:
            continue
        out.append(content[position:span_start])
        out.append(text)
        position = span_end
    out.append(content[position:end])
    return "".join(out)


class Break:
    """A space of the translation's text, where a rewrapped line may end if what follows may
    start a line (see _SAFE_LINE_START)."""

    __slots__ = ()


BREAK = Break()
Chunks = list[str | Break]


@dataclass(slots=True)
class Rebuilder:
    content: str
    alignment: Alignment
    substitutions: Substitutions
    escaper: Escaper
    syntax: Syntax

    def write(self, translation: str) -> Chunks:
        tokens = _spaces_outside_delimiters(_tokens(translation))
        out: Chunks = []
        uses: Counter[str] = Counter()
        open_pairs: list[tuple[str, tuple[Piece, Piece] | None, int]] = []
        used_codes: set[int] = set()
        index = 0
        while index < len(tokens):
            kind, value = tokens[index]
            index += 1
            if kind == "text":
                at_start = not out
                at_end = index == len(tokens)
                literal = unescape_text(value)
                out.extend(_with_breaks(self.escaper.text(literal, at_start, at_end)))
            elif kind == "void":
                out.append(self._atom(value, uses))
            elif (
                kind == "open" and base_name(value) == "code" and value not in self.alignment.pairs
            ):
                inner, index = _code_text(tokens, index, value)
                out.append(self._code(unescape_text(inner), used_codes))
            elif kind == "open":
                pair = self._pair(value, uses)
                open_pairs.append((value, pair, len(out)))
                out.append(self._opening(value, pair))
            else:
                name, pair, started = open_pairs.pop()
                if name != value:
                    raise AlignmentError(f"</{value}> closes <{name}>")
                out.append(self._closing(value, pair, out[started + 1 :]))
        return out

    def _pair(self, name: str, uses: Counter[str]) -> tuple[Piece, Piece] | None:
        pairs = self.alignment.pairs.get(name, [])
        count = uses[name]
        uses[name] += 1
        if count < len(pairs):
            return pairs[count]
        if name in ("em", "strong"):
            return None  # emphasis the translation adds
        raise AlignmentError(f"<{name}> occurs more often than in the source")

    def _atom(self, name: str, uses: Counter[str]) -> str:
        atoms = self.alignment.atoms.get(name, [])
        count = uses[name]
        uses[name] += 1
        if count >= len(atoms):
            raise AlignmentError(f"<{name}/> occurs more often than in the source")
        return piece_bytes(self.content, atoms[count], self.substitutions)

    def _code(self, text: str, used: set[int]) -> str:
        for position, piece in enumerate(self.alignment.codes):
            if position not in used and piece.code == text:
                used.add(position)
                return piece_bytes(self.content, piece, self.substitutions)
        raise AlignmentError("a code span the source does not have")

    def _delimiter(self, name: str, pair: tuple[Piece, Piece] | None, closing: bool) -> str | None:
        """Emphasis written the chosen way, or None for the source's own bytes."""
        tag = base_name(name)
        if tag not in _DELIMITED or (pair is not None and pair[0].tag != tag):
            return None
        written = pair is not None and not self.content.startswith("<", pair[0].start)
        if self.syntax is Syntax.HTML and (written or pair is None):
            return f"</{tag}>" if closing else f"<{tag}>"
        if pair is None or (self.syntax is Syntax.STARS and written):
            return _STARS[tag]
        return None

    def _opening(self, name: str, pair: tuple[Piece, Piece] | None) -> str:
        chosen = self._delimiter(name, pair, closing=False)
        if chosen is not None:
            return chosen
        assert pair is not None
        return piece_bytes(self.content, pair[0], self.substitutions)

    def _closing(self, name: str, pair: tuple[Piece, Piece] | None, inner: Chunks) -> str:
        chosen = self._delimiter(name, pair, closing=True)
        if chosen is not None:
            return chosen
        assert pair is not None
        opening, closing = pair
        if closing.reference in ("shortcut", "collapsed"):
            # the label was the link's text: kept as the reference, the new text beside it
            label = self.content[opening.end : closing.start]
            if join(inner) != label:
                return "][" + label + "]"
        return piece_bytes(self.content, closing, self.substitutions)


def settled(translation: str) -> str:
    """A translation as it will be written: spaces just inside emphasis moved outside it (see
    _spaces_outside_delimiters), whitespace collapsed."""
    parts = []
    for kind, value in _spaces_outside_delimiters(_tokens(translation)):
        if kind == "text":
            parts.append(value)
        else:
            parts.append(
                f"</{value}>"
                if kind == "close"
                else f"<{value}/>"
                if kind == "void"
                else f"<{value}>"
            )
    return collapse_outside_code("".join(parts))


def join(chunks: Sequence[str | Break]) -> str:
    return "".join(" " if isinstance(chunk, Break) else chunk for chunk in chunks)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in TAG_PATTERN.finditer(text):
        if match.start() > position:
            tokens.append(("text", text[position : match.start()]))
        closing, name, void = match.groups()
        tokens.append(("void" if void else "close" if closing else "open", name))
        position = match.end()
    if position < len(text):
        tokens.append(("text", text[position:]))
    return tokens


def _code_text(tokens: Sequence[tuple[str, str]], index: int, name: str) -> tuple[str, int]:
    inner: list[str] = []
    while index < len(tokens) and tokens[index] != ("close", name):
        inner.append(tokens[index][1])
        index += 1
    return "".join(inner), index + 1


def _spaces_outside_delimiters(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``<em> word</em>`` as `` <em>word</em>``: Markdown's emphasis cannot start before a
    space or end after one, and the space reads the same outside."""
    result = list(tokens)
    for index, (kind, name) in enumerate(result):
        if base_name(name) not in _DELIMITED:
            continue
        if kind == "open" and index + 1 < len(result) and result[index + 1][0] == "text":
            text = result[index + 1][1]
            stripped = text.lstrip(" ")
            if stripped != text:
                result[index + 1] = ("text", stripped)
                _append_space(result, index, before=True)
        elif kind == "close" and index > 0 and result[index - 1][0] == "text":
            text = result[index - 1][1]
            stripped = text.rstrip(" ")
            if stripped != text:
                result[index - 1] = ("text", stripped)
                _append_space(result, index, before=False)
    return [token for token in result if token != ("text", "")]


def _append_space(tokens: list[tuple[str, str]], index: int, before: bool) -> None:
    neighbour = index - 1 if before else index + 1
    if 0 <= neighbour < len(tokens) and tokens[neighbour][0] == "text":
        kind, text = tokens[neighbour]
        tokens[neighbour] = (kind, text + " " if before else " " + text)
    else:
        tokens.insert(index if before else index + 1, ("text", " "))


_SPACE = re.compile(r"(?<![\\ ]) (?! )")
# What may start a rewrapped line: a letter, or emphasis, a code span or a link just before
# one. None of them can start a block (a list item needs a space after its marker, a fence
# three backticks, a footnote definition ``[^``), so the paragraph stays one paragraph.
_SAFE_LINE_START = re.compile(r"(?:\*{1,2}|_{1,2}|~~|!?\[(?!\^))?[^\W\d_]|`(?!``)")


def _with_breaks(written: str) -> Chunks:
    """Escaped text with each of its spaces marked as a place a line may end."""
    chunks: Chunks = []
    position = 0
    for match in _SPACE.finditer(written):
        chunks.append(written[position : match.start()])
        chunks.append(BREAK)
        position = match.end()
    chunks.append(written[position:])
    return [chunk for chunk in chunks if chunk != ""]


def wrap(chunks: Sequence[str | Break], first_width: int, width: int) -> list[str]:
    """Greedy filling: each line as long as fits its width, breaking only at the marked
    spaces; a hard break (its bytes hold a line end) starts a new line of its own."""
    words = [""]
    for chunk in chunks:
        if isinstance(chunk, Break):
            words.append("")
        else:
            words[-1] += chunk
    text, budget = words[0], first_width
    for word in words[1:]:
        current = len(text) - (text.rfind("\n") + 1)
        if "\n" in text:
            budget = width
        fits = current + 1 + len(word.split("\n", 1)[0]) <= budget
        if current and not fits and _SAFE_LINE_START.match(word):
            text += "\n" + word
            budget = width
        else:
            text += " " + word
    return text.split("\n")
