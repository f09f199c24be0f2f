"""Translation memory: what translators already wrote for the same or a similar text, in the
language's other catalogs and an optional compendium (a .po of past translations, as made by
``msgcat``).

A match is a whole translation of another msgid, not a machine's output of protected text, so
it is checked against the entry's tags and protected spans instead of going through
placeholders; an exact match is fuzzy all the same, since the context may differ.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import polib

THRESHOLD = 75.0


class Match(Protocol):
    @property
    def msgstr(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def score(self) -> float: ...


class Memory(Protocol):
    def lookup(
        self, msgid: str, msgctxt: str | None = None, threshold: float = THRESHOLD
    ) -> Match | None: ...


class MemoryEngine:
    name = "memory"

    def __init__(self, memory: Memory, threshold: float = THRESHOLD) -> None:
        self._memory = memory
        self._threshold = threshold

    def suggest(self, msgid: str, msgctxt: str | None) -> Match | None:
        return self._memory.lookup(msgid, msgctxt, self._threshold)


def open_memory(catalogs: Iterable[tuple[str, polib.POFile]]) -> MemoryEngine:
    """A memory of every translated entry of ``catalogs``, each named by its shown path."""
    from ..memory import TranslationMemory

    return MemoryEngine(TranslationMemory.from_catalogs(catalogs))
