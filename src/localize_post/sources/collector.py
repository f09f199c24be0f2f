"""What a parser finds: the segments in document order, and the author markers in force.

Markdown and HTML share one collector per post, so a marker written in Markdown also governs the
raw HTML block after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..document import (
    Hole,
    InlineTag,
    Location,
    Markup,
    Segment,
    SegmentKind,
    collapse_whitespace,
    escape_html,
    escape_text,
    is_translatable,
)
from ..sentences import sentence_markup
from .markers import Marker


class SegmentCollector:
    def __init__(self, sentence_language: str | None) -> None:
        self.segments: list[Segment | None] = []
        self.sentence_language = sentence_language
        self._off = False
        self._pending: Marker | None = None
        self._current: Marker | None = None
        self._scope: object = None

    # --- author markers ---

    def take(self, marker: Marker) -> None:
        if marker.off or marker.on:
            self._off = marker.off
        if marker.skip or marker.context is not None or marker.note is not None:
            self._pending = marker

    @property
    def waiting(self) -> bool:
        """Whether a marker waits for the next block."""
        return self._pending is not None

    def begin(self, scope: object) -> None:
        """A block starts; a waiting marker applies to it and to all it holds."""
        if self._pending is not None:
            self._current, self._pending, self._scope = self._pending, None, scope

    def end(self, scope: object) -> None:
        if self._current is not None and scope == self._scope:
            self._current = self._scope = None

    @property
    def excluded(self) -> bool:
        return self._off or (self._current is not None and self._current.skip)

    def _context(self) -> str | None:
        return self._current.context if self._current is not None else None

    def _comment(self, notes: Sequence[str] = ()) -> str | None:
        note = self._current.note if self._current is not None else None
        return "\n".join(filter(None, [note, *notes])) or None

    # --- segments ---

    def reserve(self) -> int:
        """A place for a block's segment, taken before its attributes' segments so the catalog
        lists the block first; left None if the block turns out to have nothing to translate."""
        self.segments.append(None)
        return len(self.segments) - 1

    def _add(self, text: str, kind: SegmentKind, location: Location, comment: str | None) -> int:
        self.segments.append(Segment(text, self._context(), kind, location, comment))
        return len(self.segments) - 1

    def attribute_hole(self, text: str, kind: SegmentKind, location: Location) -> str | Hole:
        """An alt or title value: a segment of its own when it has words, else escaped text."""
        msgid = collapse_whitespace(escape_text(text)).strip()
        if self.excluded or not is_translatable(msgid):
            return escape_html(text)
        return Hole(self._add(msgid, kind, location, self._comment()), {}, "", in_attribute=True)

    def block(
        self,
        reserved: int,
        msgid: str,
        tags: Mapping[str, InlineTag],
        kind: SegmentKind,
        location: Location,
        notes: Sequence[str],
        opening: Markup,
    ) -> Markup:
        """The hole (or, in sentence mode, holes) for a block's translatable content.

        ``opening`` is the block's start tag; it becomes the hole's element, so a fallback to
        English can be marked on it, unless it holds a hole itself (a title attribute).
        """
        comment = self._comment(notes)
        if self.sentence_language is not None:

            def add(sentence: str) -> int:
                return self._add(sentence, kind, location, comment)

            return (*opening, *sentence_markup(msgid, tags, self.sentence_language, add))
        self.segments[reserved] = Segment(msgid, self._context(), kind, location, comment)
        if any(isinstance(part, Hole) for part in opening):
            return (*opening, Hole(reserved, tags, ""))
        return (Hole(reserved, tags, "".join(str(part) for part in opening)),)
