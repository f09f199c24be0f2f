"""Replacing spans of a file while keeping its bytes: line endings (``\\r\\n``, ``\\r``, mixed)
and a byte order mark stay as the source has them.

Parsers see the text as ``read_utf8`` gives it (no BOM, every line end a newline); edits are
made in that text's offsets and applied to the original, each new line end written as the
line it starts on ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the normalized text with ``text`` (newlines for line ends)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceText:
    """A file's text as written, and as parsers read it."""

    raw: str
    normalized: str
    bom: str
    line_starts: tuple[int, ...]  # normalized offset of each line
    raw_line_starts: tuple[int, ...]  # the same lines in ``raw`` (after the BOM)
    endings: tuple[str, ...]  # each line's own line end, "" for a last line without one

    @classmethod
    def of(cls, raw: str) -> SourceText:
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        body = raw[len(bom) :]
        line_starts, raw_line_starts, endings = [0], [0], []
        normalized: list[str] = []
        position = 0
        for match in _LINE_END.finditer(body):
            normalized.append(body[position : match.start()] + "\n")
            endings.append(match.group(0))
            position = match.end()
            raw_line_starts.append(position)
            line_starts.append(line_starts[-1] + len(normalized[-1]))
        normalized.append(body[position:])
        endings.append("")
        return cls(
            raw,
            "".join(normalized),
            bom,
            tuple(line_starts),
            tuple(raw_line_starts),
            tuple(endings),
        )

    def _line(self, offset: int) -> int:
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low

    def _raw_offset(self, offset: int) -> int:
        line = self._line(offset)
        return len(self.bom) + self.raw_line_starts[line] + offset - self.line_starts[line]

    def apply(self, edits: Iterable[Edit]) -> str:
        """The original text with the edits made, in the original's line ends."""
        out: list[str] = []
        position = 0
        for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
            start, end = self._raw_offset(edit.start), self._raw_offset(edit.end)
            if start < position:
                raise ValueError("overlapping edits")
            out.append(self.raw[position:start])
            ending = self.endings[self._line(edit.start)] or self._usual_ending()
            out.append(edit.text.replace("\n", ending))
            position = end
        out.append(self.raw[position:])
        return "".join(out)

    def _usual_ending(self) -> str:
        return next((ending for ending in self.endings if ending), "\n")
