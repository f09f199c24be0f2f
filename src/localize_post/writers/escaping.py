"""Translated text as Markdown text: literal characters, never syntax.

A translation is untrusted, so every character that could start Markdown syntax, raw HTML, a
Hugo shortcode, a Liquid tag (Jekyll) or a JSX expression (MDX, which Docusaurus reads) where
the text lands is written backslash-escaped; ordinary punctuation stays as it is, so a translator
reading the file sees their own words. What could start a block (``#``, ``>``, ``-``, ``1.``)
is escaped only at the start of a block, where it would. A bare URL or e-mail address is left
alone only if the English has it too: Hugo's Markdown makes links of them.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BARE_LINK = re.compile(
    r"(?:https?|ftp)://[^\s<>]+|www\.[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
_BLOCK_STARTERS = frozenset("#>-+=~|{:<%")
_ORDERED_MARKER = re.compile(r"[0-9]{1,9}[.)]")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t])#+[ \t]*$")


class Flavor(enum.Enum):
    """What reads the Markdown besides CommonMark: it decides which braces are syntax."""

    HUGO = "hugo"  # shortcodes: {{< >}} and {{% %}}
    LIQUID = "liquid"  # Jekyll: {{ }} and {% %}
    MDX = "mdx"  # Docusaurus: { } expressions and <Components>


class Place(enum.Enum):
    """Where a block's text is: its escaping differs."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"  # an ATX heading: a closing ``#`` run or ``{#id}`` would be syntax
    TABLE_CELL = "table cell"  # a pipe ends the cell
    LINK_LABEL = "link label"  # an image's alt text: brackets must balance


@dataclass(frozen=True, slots=True)
class Escaper:
    flavor: Flavor
    place: Place
    source_links: frozenset[str]  # bare URLs and addresses the English block itself has

    def text(self, literal: str, at_block_start: bool, at_block_end: bool) -> str:
        """One run of literal text (between tags) as Markdown that renders exactly it."""
        forced = self._new_bare_links(literal)
        out: list[str] = []
        for position, char in enumerate(literal):
            before = literal[position - 1] if position else ""
            after = literal[position + 1] if position + 1 < len(literal) else ""
            if position in forced or self._needs_escape(char, before, after, literal, position):
                out.append("\\" + char)
            else:
                out.append(char)
        written = "".join(out)
        if at_block_start:
            written = _escape_block_start(written)
        if at_block_end and self.place is Place.HEADING:
            written = _escape_closing_hashes(written)
        return written

    def _needs_escape(self, char: str, before: str, after: str, text: str, position: int) -> bool:
        if char in "\\`*[]":
            return True
        if char == "_":
            return not (before.isalnum() and after.isalnum())
        if char == "<":
            return self.flavor is Flavor.MDX or not after or after.isalpha() or after in "/!?"
        if char == "&":
            return _ENTITY.match(text, position) is not None
        if char == "~":
            return "~" in (before, after)
        if char == "|":
            return self.place is Place.TABLE_CELL
        if char in "{}":
            if self.flavor is Flavor.MDX or self.place is Place.HEADING:
                return True
            return char == "{" and before == "{"
        if char == "%":
            return before == "{"
        return False

    def _new_bare_links(self, literal: str) -> set[int]:
        """Where to break each bare URL or address the English block does not have: the colon
        of ``://``, the dot of ``www.``, the ``@``; escaped, they read as the same text."""
        positions = set()
        for match in _BARE_LINK.finditer(literal):
            link = match.group(0)
            if link in self.source_links:
                continue
            if "://" in link:
                positions.add(match.start() + link.index("://"))
            elif link.lower().startswith("www."):
                positions.add(match.start() + 3)
            else:
                positions.add(match.start() + link.index("@"))
        return positions


def bare_links(text: str) -> frozenset[str]:
    """The bare URLs and e-mail addresses of a text, which a translation may repeat as is."""
    return frozenset(match.group(0) for match in _BARE_LINK.finditer(text))


def _escape_block_start(written: str) -> str:
    if not written:
        return written
    if written[0] in _BLOCK_STARTERS:
        return "\\" + written
    marker = _ORDERED_MARKER.match(written)
    if marker:
        end = marker.end() - 1
        return written[:end] + "\\" + written[end:]
    return written


def _escape_closing_hashes(written: str) -> str:
    """An ATX heading ends at a run of ``#`` after a space: escape its first one."""
    match = _CLOSING_HASHES.search(written)
    if match is None:
        return written
    start = written.index("#", match.start())
    return written[:start] + "\\" + written[start:]
