"""Translation memory: what a language's translators already wrote, in the project's other
catalogs and an optional compendium (a .po of past translations, as ``msgcat`` makes them),
offered for the same or a similar msgid.

``update`` pre-fills empty entries from it, as ``msgmerge --compendium`` does, and the
``memory`` engine of ``pretranslate`` asks it for suggestions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from .catalogs import FUZZY, comment_lines, is_translated, read_catalog
from .config import Config
from .errors import CatalogError
from .locales import Language

THRESHOLD = 75.0
EXACT = 100.0
# A translation made for another context is a good proposal, not a certain one: it ranks just
# below the same text in the same context, and never counts as exact.
CONTEXT_PENALTY = 1.0
NOTE_PREFIX = "translation memory:"


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    msgstr: str
    origin: str  # e.g. "locales/fr/LC_MESSAGES/other-post.po" or the compendium path
    score: float  # 100.0 for an exact match


@dataclass(frozen=True, slots=True)
class _Unit:
    """One translation the memory holds: a msgid, in a context, and where it was found."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    origin: str


@dataclass(frozen=True, slots=True)
class _Found:
    unit: _Unit
    score: float


class TranslationMemory:
    """The translated entries (neither fuzzy nor obsolete) of some catalogs, in their order;
    plural entries are left out, a match being one msgstr."""

    def __init__(self, units: Sequence[_Unit]) -> None:
        self._units = tuple(units)
        self._msgids = [unit.msgid for unit in self._units]
        self._exact: dict[tuple[str | None, str], list[_Unit]] = {}
        for unit in self._units:
            self._exact.setdefault((unit.msgctxt, unit.msgid), []).append(unit)

    @classmethod
    def from_catalogs(cls, catalogs: Iterable[tuple[str, polib.POFile]]) -> TranslationMemory:
        """A memory of ``(origin, catalog)`` pairs; earlier catalogs win ties."""
        return cls(
            [
                _Unit(entry.msgctxt, entry.msgid, entry.msgstr, origin)
                for origin, catalog in catalogs
                for entry in catalog
                if is_translated(entry) and not entry.msgid_plural
            ]
        )

    def lookup(
        self, msgid: str, msgctxt: str | None = None, threshold: float = THRESHOLD
    ) -> MemoryMatch | None:
        """The best translation of ``msgid`` scoring at least ``threshold``, or None. The score
        is rapidfuzz's ratio (twice the common characters over both lengths, in percent, as
        msgmerge measures), one point less for a translation made in another context."""
        found = self._best(msgid, msgctxt, threshold, excluded=None)
        if found is None:
            return None
        return MemoryMatch(found.unit.msgstr, found.unit.origin, found.score)

    def _best(
        self, msgid: str, msgctxt: str | None, threshold: float, excluded: str | None
    ) -> _Found | None:
        """As lookup, ignoring the units that come from ``excluded``."""
        if not msgid:
            return None
        for unit in self._exact.get((msgctxt, msgid), ()):
            if unit.origin != excluded:
                return _Found(unit, EXACT)
        best: tuple[float, int] | None = None
        for _, ratio, number in process.extract(
            msgid, self._msgids, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            unit = self._units[number]
            score = ratio if unit.msgctxt == msgctxt else ratio - CONTEXT_PENALTY
            if unit.origin != excluded and score >= threshold:
                # Of equal scores, the earliest unit wins: catalogs come in a chosen order.
                best = max(best or (score, -number), (score, -number))
        if best is None:
            return None
        return _Found(self._units[-best[1]], best[0])


def prefill(
    catalog: polib.POFile,
    memory: TranslationMemory,
    origin: str,
    exact_is_translated: bool = False,
    fuzzy_matching: bool = True,
) -> int:
    """Fill the empty entries of ``catalog`` (found at ``origin``, whose own translations the
    memory must not offer back) from ``memory``; return how many were filled.

    A filled entry is fuzzy, so no page shows it before a translator has looked, unless it is
    an exact match and ``exact_is_translated``; a similar match keeps the msgid it translated
    as the previous msgid, so translators' tools show what differs. Without fuzzy matching
    (``update --no-fuzzy-matching``, like ``msgmerge -N -C``) only exact matches are used.
    """
    threshold = THRESHOLD if fuzzy_matching else EXACT
    filled = 0
    for entry in catalog:
        if entry.obsolete or entry.msgid_plural or entry.msgstr:
            continue
        found = memory._best(entry.msgid, entry.msgctxt, threshold, excluded=origin)
        if found is not None:
            _fill(entry, found, exact_is_translated)
            filled += 1
    return filled


def _fill(entry: polib.POEntry, found: _Found, exact_is_translated: bool) -> None:
    exact = found.score == EXACT
    entry.msgstr = found.unit.msgstr
    flags = [flag for flag in entry.flags if flag != FUZZY]
    entry.flags = flags if exact and exact_is_translated else [FUZZY, *flags]
    if not exact:
        entry.previous_msgctxt = found.unit.msgctxt
        entry.previous_msgid = found.unit.msgid
    note = f"{NOTE_PREFIX} {found.score:.0f}% match in {found.unit.origin}"
    kept = [line for line in comment_lines(entry.tcomment) if not line.startswith(NOTE_PREFIX)]
    entry.tcomment = "\n".join([*kept, note])


def compendium(config: Config, language: Language) -> tuple[str, polib.POFile] | None:
    """The configured compendium of a language, as ``(shown path, catalog)``: ``{language}``
    in the setting becomes the gettext code (``compendia/{language}.po``: ``compendia/pt_BR.po``).
    """
    if not config.compendium:
        return None
    path = config.root / config.compendium.replace("{language}", language.gettext_code)
    shown = _shown(path, config.root)
    if not path.is_file():
        raise CatalogError("compendium not found (see the compendium setting)", shown)
    return shown, read_catalog(path, shown)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
