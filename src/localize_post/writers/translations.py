"""Which text each segment of a post gets in a translated source: its translation, or English.

The publishing policy is build's (render.PostTranslator): only translated entries that are not
fuzzy are used, and a translation whose inline tags do not match its source's
(document.check_inline_markup), or that is too long or holds a character no page may carry
(document.publishing_problem), stands down for the English text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polib

from ..catalogs import is_translated
from ..document import (
    Document,
    InlineMarkupError,
    InlineTag,
    check_inline_markup,
    collapse_outside_code,
    publishing_problem,
)
from ..stats import catalog_stats


@dataclass(frozen=True, slots=True)
class Choices:
    """The text used for every segment: ``texts[index]`` is the translation, whitespace collapsed
    as in a msgid, or the msgid itself where English stays. ``translated`` holds the indexes whose
    translation differs from the source, ``fallback`` those with no translation a page may show
    (untranslated, fuzzy, or refused)."""

    texts: tuple[str, ...]
    translated: frozenset[int]
    fallback: frozenset[int] = frozenset()

    def text(self, index: int) -> str:
        return self.texts[index]

    def with_english(self, document: Document, indexes: set[int]) -> Choices:
        """The same choices, with English for ``indexes`` (a translation the writer could not
        put into the source's syntax)."""
        texts = tuple(
            document.segments[index].text if index in indexes else text
            for index, text in enumerate(self.texts)
        )
        return Choices(texts, self.translated - indexes, self.fallback | indexes)


def identity_choices(document: Document) -> Choices:
    return Choices(tuple(segment.text for segment in document.segments), frozenset())


def choose(document: Document, catalog: polib.POFile) -> Choices:
    """What a translated source shows for each segment of ``document``."""
    index = {
        (entry.msgctxt or None, entry.msgid): entry.msgstr
        for entry in catalog
        if is_translated(entry) and not entry.msgid_plural
    }
    tags = document.segment_tags()
    texts: list[str] = []
    translated: set[int] = set()
    fallback: set[int] = set()
    for position, segment in enumerate(document.segments):
        translation = index.get((segment.context, segment.text))
        usable = translation is not None and _publishable(
            segment.text, translation, tags.get(position, {})
        )
        if translation is None or not usable:
            texts.append(segment.text)
            fallback.add(position)
            continue
        text = collapse_outside_code(translation)
        texts.append(text)
        if text != segment.text:
            translated.add(position)
    return Choices(tuple(texts), frozenset(translated), frozenset(fallback))


def _publishable(source: str, translation: str, tags: Mapping[str, InlineTag]) -> bool:
    try:
        check_inline_markup(source, translation, tags)
    except InlineMarkupError:
        return False
    return publishing_problem(source, translation) is None


def published_percent(language: str, slug: str, catalog: polib.POFile | None) -> int:
    """Percent of a post's entries translated, as build's threshold counts them."""
    return 0 if catalog is None else catalog_stats(language, slug, catalog).percent
