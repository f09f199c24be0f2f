"""An HTML page (a CMS export) translated in place: the whole page as it was, head, navigation,
scripts and layout, with the post's text, the title and the description translated and
``lang`` (and ``dir`` where it matters) set on ``<html>``.

The HTML parser cuts the post's holes out of the source's own text, so the skeleton's strings are
the page's bytes: found again in order, they say where each hole's text is. A hole whose text
stays English keeps its bytes; a translated one is written as pages render it (tags as the source
wrote them, text escaped). The written page is parsed again and must give the chosen texts, or
the English stays.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..document import Document, Hole, escape_html, render_inline
from ..document import unescape_text as literal
from ..errors import SourceError
from ..locales import Language
from ..sources.html import parse_html
from .edits import Edit, SourceText
from .translations import Choices
from .verify import document_page, page

_HTML_START = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title\s*>)", re.IGNORECASE | re.DOTALL)
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


@dataclass(frozen=True, slots=True)
class WrittenPage:
    text: str
    english: frozenset[int]
    links: int


def write_html(
    raw: str,
    document: Document,
    choices: Choices,
    language: Language,
    selector: str | None,
) -> WrittenPage:
    """The page in ``language``. Its links are the CMS's own, and stay as written."""
    source = SourceText.of(raw)
    text = source.normalized
    spans = _hole_spans(text, document)
    english: set[int] = set()
    language_edits = _language_edits(text, language)
    if spans is None:
        english = set(choices.translated)
        return WrittenPage(source.apply(language_edits), frozenset(english), 0)

    def text_of(index: int) -> str:
        return document.segments[index].text if index in english else choices.text(index)

    def fill(hole: Hole) -> str:
        return hole.element + render_inline(text_of(hole.segment), hole.tags, fill)

    def edits() -> list[Edit]:
        found = list(language_edits)
        for hole, (start, end) in spans:
            if not _changes(hole, choices, english):
                continue
            rendered = render_inline(text_of(hole.segment), hole.tags, fill)
            if hole.in_attribute:
                found.append(Edit(start, end, rendered))
            else:
                found.append(Edit(start, end, hole.element + rendered))
        found.extend(_field_edits(text, document, choices, english))
        return found

    written = source.apply(edits())
    if not _verified(written, document, text_of, selector):
        english = set(choices.translated)
        written = source.apply(language_edits)
    return WrittenPage(written, frozenset(english), 0)


def _changes(hole: Hole, choices: Choices, english: set[int]) -> bool:
    stack = [hole]
    while stack:
        current = stack.pop()
        if current.segment in choices.translated and current.segment not in english:
            return True
        stack.extend(
            part for tag in current.tags.values() for part in tag.opening if isinstance(part, Hole)
        )
    return False


def _letters(text: str) -> str:
    return "".join(char for char in text if char.isalpha())


def _within(wanted: str, found: str) -> bool:
    """Whether ``wanted``'s letters are all in ``found``, in order (an opaque tag's own text,
    ``<span translate="no">``, is in the page but not in the msgid)."""
    letters = iter(found)
    return all(letter in letters for letter in wanted)


def _hole_spans(text: str, document: Document) -> list[tuple[Hole, tuple[int, int]]] | None:
    """Each top-level hole of the skeleton with its span in the page, or None if the skeleton's
    strings cannot be found in order around holes holding their own letters."""
    parts = list(document.skeleton)
    first = parts[0] if parts and isinstance(parts[0], str) else ""
    for anchor in _occurrences(text, first, 0):
        found = _spans_from(text, parts, anchor, 0, document)
        if found is not None:
            return found
    return None


def _occurrences(text: str, needle: str, start: int) -> Iterable[int]:
    if not needle:
        yield start
        return
    position = text.find(needle, start)
    while position >= 0:
        yield position
        position = text.find(needle, position + 1)


def _spans_from(
    text: str, parts: list[str | Hole], position: int, index: int, document: Document
) -> list[tuple[Hole, tuple[int, int]]] | None:
    """The spans of the holes from ``parts[index]`` on, the page read from ``position``: each
    hole ends where what follows it (a string, or the next hole's start tag) is next found
    with the hole's letters before it."""
    spans: list[tuple[Hole, tuple[int, int]]] = []
    while index < len(parts):
        part = parts[index]
        if isinstance(part, str):
            if not text.startswith(part, position):
                return None
            position += len(part)
            index += 1
            continue
        hole = part
        if not text.startswith(hole.element, position):
            return None
        following = parts[index + 1] if index + 1 < len(parts) else None
        boundary = (
            following if isinstance(following, str) else following.element if following else ""
        )
        if not boundary:
            return None  # nothing says where the hole ends
        wanted = _letters(literal(_TAGS.sub("", document.segments[hole.segment].text)))
        for end in _occurrences(text, boundary, position + len(hole.element)):
            inside = text[position + len(hole.element) : end]
            if hole.in_attribute or _within(wanted, _letters(html.unescape(_TAGS.sub("", inside)))):
                spans.append((hole, (position, end)))
                position = end
                break
        else:
            return None
        index += 1
    return spans


def _language_edits(text: str, language: Language) -> list[Edit]:
    """``lang`` on ``<html>``, and ``dir`` where the language is right to left or the page says
    a direction already."""
    match = _HTML_START.search(text)
    if match is None:
        return []
    tag = match.group(0)
    for name, value, wanted in (
        ("lang", language.tag, True),
        ("dir", language.direction, language.direction == "rtl"),
    ):
        attribute = re.search(rf"\s{name}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", tag, re.IGNORECASE)
        if attribute is not None:
            tag = tag[: attribute.start(1)] + f'"{value}"' + tag[attribute.end(1) :]
        elif wanted:
            tag = tag[:5] + f' {name}="{value}"' + tag[5:]
    return [Edit(match.start(), match.end(), tag)] if tag != match.group(0) else []


def _field_edits(text: str, document: Document, choices: Choices, english: set[int]) -> list[Edit]:
    edits = []
    for name, index in document.fields.items():
        if index not in choices.translated or index in english:
            continue
        value = literal(_TAGS.sub("", choices.text(index)))
        if name == "title":
            match = _TITLE.search(text)
            if match is not None:
                edits.append(Edit(match.start(2), match.end(2), html.escape(value, quote=False)))
            continue
        for meta in _META.finditer(text):
            tag = meta.group(0)
            named = rf"\s(?:name|property)\s*=\s*[\"']?{re.escape(name)}[\"'\s/>]"
            if not re.search(named, tag, re.IGNORECASE):
                continue
            content = re.search(r"\scontent\s*=\s*(\"[^\"]*\"|'[^']*')", tag, re.IGNORECASE)
            if content is not None:
                start = meta.start() + content.start(1)
                edits.append(Edit(start, meta.start() + content.end(1), f'"{escape_html(value)}"'))
            break
    return edits


def _verified(
    written: str, document: Document, text_of: Callable[[int], str], selector: str | None
) -> bool:
    try:
        parsed = parse_html(
            SourceText.of(written).normalized, document.path, document.slug, selector
        )
    except SourceError:
        return False
    if document_page(parsed) != page(document.skeleton, text_of):
        return False
    for name, index in document.fields.items():
        found = parsed.fields.get(name)
        expected = literal(_TAGS.sub("", text_of(index)))
        if found is None or literal(parsed.segments[found].text) != " ".join(expected.split()):
            return False
    return True
