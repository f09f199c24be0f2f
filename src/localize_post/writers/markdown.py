"""A Markdown post in another language: the source's bytes, but for its translated text.

A block whose text stays English (untranslated, fuzzy, refused by check, or the same as the
source) keeps its bytes. A translated block is written in its source's syntax (inline.py,
rebuild.py) between the same container prefixes, on one line if the source's block was, else
rewrapped to the width of the source's lines. Each translated block is parsed again on its own,
then the whole file, as ``extract`` parses it (verify.py): a block whose page is not the page of
its translation is tried with ``*`` emphasis, then with HTML emphasis, then left in English.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it.common.utils import normalizeReference, unescapeAll

from ..document import TAG_PATTERN, Document, Hole, SegmentKind, collapse_whitespace, escape_text
from ..document import unescape_text as literal
from ..errors import SourceError
from ..sources.frontmatter import split_front_matter
from ..sources.markdown import markdown_parser, parse_markdown
from .blocks import Block, lay_out
from .edits import Edit, SourceText
from .escaping import Escaper, Flavor, Place, bare_links
from .frontmatter import front_matter_edits
from .inline import PieceKind
from .rebuild import (
    Alignment,
    AlignmentError,
    Rebuilder,
    Syntax,
    align,
    join,
    settled,
    substituted,
    wrap,
)
from .translations import Choices
from .verify import document_page, hole_html, page, relinked

_RAW_HREF = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# A footnote's number is its rank in the whole post: a block parsed alone numbers its own from 1.
_FOOTNOTE_NUMBERS = re.compile(
    r'(<sup class="footnote-ref"><a href="#fn)\d+(" id="fnref)[\d:]+(">)\[[\d:]+\]'
)
# How many blocks that checked alone but not in their file are looked for, one at a time, before
# the whole post is written in English.
_CULPRITS_SOUGHT = 3
_DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\]|\\.)+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class MarkdownContext:
    """What writing one post in one language needs besides its text."""

    path: PurePosixPath
    slug: str
    fields: tuple[str, ...]
    flavor: Flavor
    added_fields: Mapping[str, str]
    rewrite_link: Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class WrittenPost:
    text: str
    english: frozenset[int]  # translated segments the file still says in English, and why not
    links: int  # link destinations rewritten


def field_value(text: str) -> str:
    """A front-matter field's translation as the value written: plain text, no tags (an
    emphasis a translator added cannot be said in a YAML string)."""
    return literal(TAG_PATTERN.sub("", text))


def write_markdown(
    raw: str, document: Document, choices: Choices, context: MarkdownContext
) -> WrittenPost:
    source = SourceText.of(raw)
    writer = _PostWriter(source, document, choices, context)
    return writer.write()


class _PostWriter:
    def __init__(
        self, source: SourceText, document: Document, choices: Choices, context: MarkdownContext
    ) -> None:
        self.source = source
        self.document = document
        self.context = context
        self.parser = markdown_parser()
        front = split_front_matter(source.normalized, context.path)
        line = front.body_line - 1
        self.body_start = (
            source.line_starts[line] if line < len(source.line_starts) else len(source.normalized)
        )
        self.body = front.body
        self.env: dict[str, object] = {}
        tokens = self.parser.parse(front.body, self.env)
        self.layout = lay_out(tokens, front.body, line, document)
        self.english: set[int] = set(self.layout.unplaced) & choices.translated
        self.choices = choices
        self.links: dict[str, str] = {}  # href as the page has it -> as written

    def text_of(self, index: int) -> str:
        if index in self.english:
            return self.document.segments[index].text
        return self.choices.text(index)

    def translated(self, index: int) -> bool:
        return index in self.choices.translated and index not in self.english

    def write(self) -> WrittenPost:
        edits = self._body_edits()
        front = self._front_matter_edits(with_values=True)
        if not edits and not front:
            return WrittenPost(self.source.raw, frozenset(self.english), 0)
        text = self.source.apply([*edits, *front])
        if self._verified(text, fields_translated=True):
            return WrittenPost(text, frozenset(self.english), len(self.links))
        front = self._front_matter_edits(with_values=False)
        self.english |= {index for index in self.document.fields.values() if self.translated(index)}
        for _ in range(_CULPRITS_SOUGHT):
            text = self.source.apply([*edits, *front])
            if self._verified(text, fields_translated=False):
                return WrittenPost(text, frozenset(self.english), len(self.links))
            culprit = self._culprit()
            if culprit is None:
                break
            self.english |= culprit
            edits = self._body_edits()
        self.english |= set(self.choices.translated)
        self.links.clear()
        return WrittenPost(self.source.apply(front), frozenset(self.english), 0)

    def _body_edits(self) -> list[Edit]:
        self.links.clear()
        found = self._definition_edits()
        definitions = self._definitions()
        for block in self.layout.blocks:
            edit = self._block(block, definitions)
            if edit is not None:
                found.append(edit)
        return [Edit(self.body_start + e.start, self.body_start + e.end, e.text) for e in found]

    def _culprit(self) -> set[int] | None:
        """The segments of the one translated block whose English makes the file check, when
        the blocks checked alone did but the file does not."""
        front = self._front_matter_edits(with_values=False)
        for block in self.layout.blocks:
            hole = block.hole
            if hole is None or not self.translated(hole.segment):
                continue
            self.english.add(hole.segment)
            text = self.source.apply([*self._body_edits(), *front])
            self.english.discard(hole.segment)
            if self._verified(text, fields_translated=False, also_english={hole.segment}):
                return {hole.segment}
        return None

    # --- front matter ---

    def _front_matter_edits(self, with_values: bool) -> list[Edit]:
        values = {}
        if with_values:
            for name, index in self.document.fields.items():
                if self.translated(index):
                    values[name] = field_value(self.text_of(index))
        edits = front_matter_edits(self.source.normalized, values, self.context.added_fields)
        if edits is None:
            edits = front_matter_edits(self.source.normalized, {}, self.context.added_fields) or []
            self.english |= {
                index for index in self.document.fields.values() if self.translated(index)
            }
        return edits

    # --- links ---

    def _new_destination(self, written: str) -> str | None:
        url = unescapeAll(written[1:-1] if written.startswith("<") else written)
        new = self.context.rewrite_link(url)
        if new is None:
            return None
        self.links[self.parser.normalizeLink(url)] = self.parser.normalizeLink(new)
        if any(char in new for char in " ()<>\\"):
            return f"<{new}>"
        return f"<{new}>" if written.startswith("<") else new

    def _definition_edits(self) -> list[Edit]:
        references = self.env.get("references", {})
        covered = [(block.line_start, block.end) for block in self.layout.blocks]
        edits = []
        for match in _DEFINITION.finditer(self.body):
            if (
                not isinstance(references, dict)
                or normalizeReference(match.group(1)) not in references
            ):
                continue
            if any(start <= match.start() < end for start, end in covered):
                continue
            new = self._new_destination(match.group(2))
            if new is not None:
                edits.append(Edit(match.start(2), match.end(2), new))
        return edits

    def _definitions(self) -> str:
        """The post's link reference and footnote definitions, for parsing one block alone."""
        lines = []
        references = self.env.get("references", {})
        for label, reference in references.items() if isinstance(references, dict) else []:
            href = self.links.get(reference["href"], reference["href"])
            title = reference.get("title") or ""
            escaped = title.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f"[{label}]: <{href}>" + (f' "{escaped}"' if title else ""))
        footnotes = self.env.get("footnotes", {})
        refs = footnotes.get("refs", {}) if isinstance(footnotes, dict) else {}
        lines.extend(f"[^{label[1:]}]: x" for label in refs)
        return "\n".join(lines)

    # --- blocks ---

    def _substitutions(self, block: Block) -> dict[tuple[int, int], str]:
        """Spans of the block that change whatever its text does: link destinations."""
        substitutions: dict[tuple[int, int], str] = {}
        for piece in block.pieces:
            if piece.destination is not None and piece.tag == "a":
                start, end = piece.destination
                new = self._new_destination(block.content[start:end])
                if new is not None:
                    substitutions[piece.destination] = new
            elif piece.kind is PieceKind.OPEN and piece.tag == "a":
                raw = _RAW_HREF.search(block.content, piece.start, piece.end)
                if raw is not None:
                    group = 1 if raw.group(1) is not None else 2
                    new = self.context.rewrite_link(literal_html(raw.group(group)))
                    if new is not None:
                        self.links[literal_html(raw.group(group))] = new
                        substitutions[raw.span(group)] = escape_attribute(new)
        return substitutions

    def _attribute_substitution(
        self, hole: Hole, span: tuple[int, int] | None, block: Block
    ) -> tuple[tuple[int, int], str] | None:
        if not self.translated(hole.segment):
            return None
        if span is None:
            self.english.add(hole.segment)
            return None
        text = literal(self.text_of(hole.segment))
        if self.document.segments[hole.segment].kind is SegmentKind.IMAGE_ALT:
            escaper = Escaper(self.context.flavor, Place.LINK_LABEL, frozenset())
            return span, escaper.text(text, False, False)
        quote = block.content[span[0] - 1]
        return span, _title_text(text, quote)

    def _block(self, block: Block, definitions: str) -> Edit | None:
        substitutions = self._substitutions(block)
        for attribute_hole, span in block.attribute_holes:
            found = self._attribute_substitution(attribute_hole, span, block)
            if found is not None:
                substitutions[found[0]] = found[1]
        hole = block.hole
        alignment: Alignment | None = None
        if hole is not None:
            try:
                alignment = align(self.document.segments[hole.segment].text, block.pieces)
            except AlignmentError:
                self._leave_english(hole)
            else:
                for name, tag in hole.tags.items():
                    for part in tag.opening:
                        if isinstance(part, Hole):
                            nested = _nested_span(name, part, alignment, self.document)
                            found = self._attribute_substitution(part, nested, block)
                            if found is not None:
                                substitutions[found[0]] = found[1]
        content = None
        if hole is not None and alignment is not None and self.translated(hole.segment):
            content = self._rebuilt(block, hole, alignment, substitutions, definitions)
        if content is None:
            if not substitutions:
                return None
            content = _substituted(block.content, substitutions)
        return Edit(block.start, block.end, _placed(content, block))

    def _leave_english(self, hole: Hole) -> None:
        stack = [hole]
        while stack:
            current = stack.pop()
            if self.translated(current.segment):
                self.english.add(current.segment)
            stack.extend(
                part
                for tag in current.tags.values()
                for part in tag.opening
                if isinstance(part, Hole)
            )

    def _rebuilt(
        self,
        block: Block,
        hole: Hole,
        alignment: Alignment,
        substitutions: Mapping[tuple[int, int], str],
        definitions: str,
    ) -> str | None:
        translation = settled(self.text_of(hole.segment))
        source_text = literal(self.document.segments[hole.segment].text)
        escaper = Escaper(self.context.flavor, block.place, bare_links(source_text))
        tail = block.content[block.scanned_to :]
        for syntax in Syntax:
            rebuilder = Rebuilder(block.content, alignment, substitutions, escaper, syntax)
            try:
                chunks = rebuilder.write(translation)
            except AlignmentError:
                break
            if block.wraps:
                continuation = block.prefixes[0] if block.prefixes else ""
                lines = wrap(
                    chunks, block.width - block.first_column, block.width - len(continuation)
                )
                content = "\n".join(lines) + tail
            else:
                content = join(chunks) + tail
            if self._block_verified(content, block, hole, translation, definitions):
                return content
        self.english.add(hole.segment)
        return None

    def _block_verified(
        self, content: str, block: Block, hole: Hole, translation: str, definitions: str
    ) -> bool:
        """Whether the block's new content, parsed alone in a block of its kind, says the
        translation."""
        alone = {
            Place.HEADING: f"# {content}",
            Place.TABLE_CELL: f"| {content} |\n| --- |",
        }.get(block.place, content)
        try:
            parsed = parse_markdown(
                alone + "\n\n" + definitions, self.context.path, self.context.slug, ()
            )
        except SourceError:
            return False
        tops = [
            part for part in parsed.skeleton if isinstance(part, Hole) and not part.in_attribute
        ]
        element = {Place.HEADING: "<h1>", Place.TABLE_CELL: "<th>"}.get(block.place, "<p>")
        if not tops or tops[0].element != element:
            return False
        first = tops[0]
        actual = hole_html(
            first, parsed.segments[first.segment].text, lambda i: parsed.segments[i].text
        )
        expected = relinked(hole_html(hole, translation, self.text_of), self.links)
        return _FOOTNOTE_NUMBERS.sub(r"\1\2\3", actual) == _FOOTNOTE_NUMBERS.sub(
            r"\1\2\3", expected
        )

    # --- the whole file ---

    def _verified(
        self,
        text: str,
        fields_translated: bool,
        also_english: frozenset[int] | set[int] = frozenset(),
    ) -> bool:
        normalized = SourceText.of(text).normalized
        try:
            parsed = parse_markdown(
                normalized, self.context.path, self.context.slug, self.context.fields
            )
        except SourceError:
            return False

        def text_of(index: int) -> str:
            if index in also_english:
                return self.document.segments[index].text
            return self.text_of(index)

        expected = relinked(page(self.document.skeleton, text_of), self.links)
        if document_page(parsed) != expected:
            return False
        added = self.context.added_fields
        if set(parsed.meta) != set(self.document.meta) | set(added):
            return False
        for key, value in parsed.meta.items():
            if key in added:
                if value != added[key]:
                    return False
            elif key in self.document.fields and fields_translated:
                index = self.document.fields[key]
                expected_field = collapse_whitespace(
                    escape_text(field_value(self.text_of(index)))
                ).strip()
                found = parsed.fields.get(key)
                if found is None or parsed.segments[found].text != expected_field:
                    return False
            elif value != self.document.meta[key]:
                return False
        return True


def _nested_span(
    name: str, hole: Hole, alignment: Alignment, document: Document
) -> tuple[int, int] | None:
    kind = document.segments[hole.segment].kind
    if kind in (SegmentKind.IMAGE_ALT, SegmentKind.IMAGE_TITLE) and name in alignment.atoms:
        piece = alignment.atoms[name][0]
        if piece.tag == "img":
            return piece.alt if kind is SegmentKind.IMAGE_ALT else piece.title
    if kind is SegmentKind.LINK_TITLE and name in alignment.pairs:
        return alignment.pairs[name][0][1].title
    return None


def _substituted(content: str, substitutions: Mapping[tuple[int, int], str]) -> str:
    return substituted(content, 0, len(content), substitutions)


def _placed(content: str, block: Block) -> str:
    """New content between the block's own prefixes: each line after the first gets the prefix
    its source line had, or the second line's, past the source's last."""
    lines = content.split("\n")
    out = [lines[0]]
    for number, line in enumerate(lines[1:]):
        if number < len(block.prefixes):
            prefix = block.prefixes[number]
        else:
            prefix = block.prefixes[0] if block.prefixes else ""
        out.append(prefix + line)
    return "\n".join(out)


def _title_text(text: str, quote: str) -> str:
    closing = ")" if quote == "(" else quote
    escaped = text.replace("\\", "\\\\")
    for char in {quote, closing}:
        escaped = escaped.replace(char, "\\" + char)
    return re.sub(r"&(?=#?\w+;)", r"\\&", escaped)


def literal_html(value: str) -> str:
    return html.unescape(value)


def escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;")
