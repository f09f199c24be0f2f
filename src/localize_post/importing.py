"""Import translations that already exist as whole translated posts, as po4a-gettextize does.

A Hugo site keeps ``content/ja/blog/x.md`` beside ``content/en/blog/x.md``. Both files are
parsed with the post's parser and their segments paired by structure, never by text: the texts
are in two languages. A segment's signature is its kind, its heading level, the names of the
inline tags in its msgid, and its context. Front-matter fields pair by name. The body pairs by
longest common subsequences of signatures:

1. Of the block structure alone (kind, heading level, context), since translators keep the
   blocks but restyle words (Portuguese and Spanish italicize English loanwords), which would
   break runs of tags that are in fact parallel. A pair that every longest alignment makes is
   certain: the structure around it pins it down.
2. Between two certain pairs, where the block structure differs (a paragraph added, dropped,
   split or merged), the whole signatures choose one longest alignment, and what it leaves
   pairs by structure alone where it can. These pairs are uncertain.

The fuzzy rule: an imported translation is fuzzy exactly when its pair is uncertain, so a
translation whose surroundings line up is ready, and one the alignment had to guess waits for
a translator (po4a-gettextize marks every entry fuzzy). A translation is imported only when it
keeps the English segment's inline tags, and never when it is the English text itself;
otherwise the entry stays empty, with a comment quoting the translation when its markup was
the problem, for the translator to mend.
"""

from __future__ import annotations

import copy
import enum
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

import polib

from .catalogs import FUZZY, comment_lines, merge, post_template, timestamp, write_catalog
from .document import (
    TAG_PATTERN,
    Document,
    InlineMarkupError,
    InlineTag,
    SegmentKind,
    check_inline_markup,
    holes,
    render_markup,
)
from .errors import ConfigError, SourceError, read_utf8
from .locales import Language
from .project import Project, parse_post
from .qa import is_untranslated_copy

NOTE_PREFIX = "imported from"
_HEADING_ELEMENT = re.compile(r"<h([1-6])[\s>]")

_Key = tuple[str | None, str]


class EmptyReason(enum.StrEnum):
    """Why an entry of the imported catalog has no translation."""

    UNALIGNED = "no counterpart in the translation"
    MARKUP = "mismatched markup"
    COPIED = "the translation is the English text"
    CHANGED = "new or rewritten since the English the translation was made from"
    NOT_IN_SOURCE = "not in the post's source: run `localize-post update`"


@dataclass(frozen=True, slots=True)
class Pair:
    """An English segment and the translated segment that stands where it stands."""

    english: int
    translated: int
    certain: bool


# --- alignment ------------------------------------------------------------------------------


def align(english: Document, translated: Document) -> list[Pair]:
    """The pairs of segments that translate each other, in the English order.

    The blocks align first by kind, heading level and context, as translators keep the blocks
    but restyle words (an English loanword in italics): the pairs every longest alignment makes
    are certain. Where the block structure differs, the inline tags choose among the ways to
    pair what is left, and what they leave pairs by kind alone; all of it fuzzy.
    """
    pairs = [
        Pair(index, translated.fields[name], certain=True)
        for name, index in english.fields.items()
        if name in translated.fields
    ]
    english_body = _body(english)
    translated_body = _body(translated)
    english_shapes = _signatures(english, english_body)
    translated_shapes = _signatures(translated, translated_body)

    def kinds(shapes: list[_Signature], span: range) -> list[Hashable]:
        return [shapes[index].kind_only for index in span]

    def whole(shapes: list[_Signature], span: range) -> list[Hashable]:
        return [shapes[index] for index in span]

    def aligned(english_span: range, translated_span: range, by: _Projection) -> _Alignment:
        return _Alignment.of(
            by(english_shapes, english_span),
            by(translated_shapes, translated_span),
            english_span,
            translated_span,
        )

    found: list[tuple[_Position, bool]] = []
    everything = (range(len(english_body)), range(len(translated_body)))
    anchors = aligned(*everything, kinds).certain
    found.extend((position, True) for position in anchors)
    for english_gap, translated_gap in _gaps(anchors, *everything):
        tagged = aligned(english_gap, translated_gap, whole).one
        found.extend((position, False) for position in tagged)
        for english_rest, translated_rest in _gaps(tagged, english_gap, translated_gap):
            guessed = aligned(english_rest, translated_rest, kinds).one
            found.extend((position, False) for position in guessed)
    pairs.extend(
        Pair(english_body[first], translated_body[second], certain)
        for (first, second), certain in found
    )
    return sorted(pairs, key=lambda pair: pair.english)


def _body(document: Document) -> list[int]:
    fields = set(document.fields.values())
    return [index for index in range(len(document.segments)) if index not in fields]


@dataclass(frozen=True, slots=True)
class _Signature:
    """A segment's structure: what the alignment compares."""

    kind: SegmentKind
    heading_level: int | None
    tags: frozenset[str]
    context: str | None

    @property
    def kind_only(self) -> tuple[SegmentKind, int | None, str | None]:
        """The structure without the inline tags, which a translator may have changed."""
        return self.kind, self.heading_level, self.context


def _signatures(document: Document, indices: Sequence[int]) -> list[_Signature]:
    elements: dict[int, str] = {}
    for hole in holes(document.skeleton):
        elements.setdefault(hole.segment, hole.element)
    signatures = []
    for index in indices:
        segment = document.segments[index]
        heading = _HEADING_ELEMENT.match(elements.get(index, ""))
        signatures.append(
            _Signature(
                segment.kind,
                int(heading.group(1)) if heading else None,
                frozenset(match.group(2) for match in TAG_PATTERN.finditer(segment.text)),
                segment.context,
            )
        )
    return signatures


_Position = tuple[int, int]
_Projection = Callable[[list[_Signature], range], list[Hashable]]


@dataclass(frozen=True, slots=True)
class _Alignment:
    """Longest common subsequences of two spans: ``one`` of them, and the positions ``certain``
    to be in every one. Positions are those of the whole sequences the spans are taken from."""

    one: list[_Position]
    certain: list[_Position]

    @classmethod
    def of(
        cls,
        first: Sequence[Hashable],
        second: Sequence[Hashable],
        first_span: range,
        second_span: range,
    ) -> _Alignment:
        # Numbers compare faster than signatures in the quadratic loops below.
        numbers: dict[Hashable, int] = {}
        left = [numbers.setdefault(item, len(numbers)) for item in first]
        right = [numbers.setdefault(item, len(numbers)) for item in second]
        before = _prefix_lengths(left, right)
        after = [row[::-1] for row in _prefix_lengths(left[::-1], right[::-1])[::-1]]
        total = before[-1][-1]
        # Every pair of some longest subsequence is its k-th for k = before[i][j] + 1, whichever
        # it is: a pair is in all of them when no other pair can be their k-th.
        by_rank: dict[int, list[_Position]] = {}
        for i, item in enumerate(left):
            for j, other in enumerate(right):
                if item == other and before[i][j] + 1 + after[i + 1][j + 1] == total:
                    by_rank.setdefault(before[i][j], []).append((i, j))
        one: list[_Position] = []
        for rank in range(total):
            last = one[-1] if one else (-1, -1)
            one.append(
                next(
                    position
                    for position in by_rank[rank]
                    if position[0] > last[0] and position[1] > last[1]
                )
            )
        certain = [found[0] for found in by_rank.values() if len(found) == 1]

        def shifted(positions: list[_Position]) -> list[_Position]:
            return [(first_span[i], second_span[j]) for i, j in positions]

        return cls(shifted(one), shifted(sorted(certain)))


def _prefix_lengths(left: Sequence[int], right: Sequence[int]) -> list[list[int]]:
    """``[i][j]``: the length of the longest common subsequence of ``left[:i]`` and
    ``right[:j]``."""
    lengths = [[0] * (len(right) + 1) for _ in range(len(left) + 1)]
    for i, item in enumerate(left):
        row, below = lengths[i], lengths[i + 1]
        for j, other in enumerate(right):
            below[j + 1] = row[j] + 1 if item == other else max(row[j + 1], below[j])
    return lengths


def _gaps(
    positions: Sequence[_Position], english: range, translated: range
) -> list[tuple[range, range]]:
    """The stretches of both spans between consecutive paired positions, where both sides
    have something left to pair."""
    gaps = []
    english_next, translated_next = english.start, translated.start
    for first, second in [*positions, (english.stop, translated.stop)]:
        if first > english_next and second > translated_next:
            gaps.append((range(english_next, first), range(translated_next, second)))
        english_next, translated_next = first + 1, second + 1
    return gaps


# --- catalogs -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Imported:
    """A catalog of the English a translation was made from, filled from the translation;
    ``empty`` says why each entry left empty is."""

    catalog: polib.POFile
    empty: Mapping[_Key, EmptyReason]


def imported_catalog(
    template: polib.POFile,
    english: Document,
    translated: Document,
    language: Language,
    created: datetime,
    origin: str,
    glossary: Sequence[str] = (),
) -> Imported:
    """``template`` (the .pot of ``english``) as a new catalog of ``language``, its entries
    translated from the aligned segments of ``translated``, found at ``origin``. A translation
    that is the English text is imported only where ``check`` would not call it untranslated:
    a name, an acronym, a borrowed word ("Blog")."""
    catalog = merge(template, None, language, created)
    entries = {_key(entry): entry for entry in catalog}
    english_tags = english.segment_tags()
    translated_tags = translated.segment_tags()
    empty: dict[_Key, EmptyReason] = {}
    for pair in align(english, translated):
        source = english.segments[pair.english]
        key = (source.context, source.text)
        entry = entries[key]
        if entry.msgstr:  # the same text occurs twice: its first translation stands
            continue
        tags = english_tags.get(pair.english, {})
        text = _renamed(
            translated.segments[pair.translated].text,
            translated_tags.get(pair.translated, {}),
            tags,
        )
        if text == source.text and is_untranslated_copy(source.text, language, glossary):
            empty.setdefault(key, EmptyReason.COPIED)
            continue
        try:
            check_inline_markup(source.text, text, tags)
        except InlineMarkupError as error:
            if key not in empty:
                empty[key] = EmptyReason.MARKUP
                entry.tcomment = (
                    f"import from {origin}: mismatched markup, left empty ({error})\n"
                    f"the translation read: {text}"
                )
            continue
        empty.pop(key, None)
        entry.msgstr = text
        entry.tcomment = f"{NOTE_PREFIX} {origin}"
        if not pair.certain:
            entry.flags.insert(0, FUZZY)
    for key, entry in entries.items():
        if not entry.msgstr:
            empty.setdefault(key, EmptyReason.UNALIGNED)
    return Imported(catalog, empty)


def _key(entry: polib.POEntry) -> _Key:
    return (entry.msgctxt, entry.msgid)


def _renamed(
    text: str, tags: Mapping[str, InlineTag], english_tags: Mapping[str, InlineTag]
) -> str:
    """The translated msgid with its tags named as the English tags with the same markup.

    Numbered tags follow each text's own order: a translation that puts the second link first
    calls it ``a1``, and imported as written it would render with the first link's URL. When
    some tag's markup has no English twin (a localized URL), the names stay as they are.
    """
    twins: dict[tuple[str, str | None], list[str]] = {}
    for name, tag in english_tags.items():
        twins.setdefault(_markup(tag), []).append(name)
    renames = {}
    for name, tag in tags.items():
        candidates = twins.get(_markup(tag))
        if not candidates:
            return text
        renames[name] = candidates.pop(0)
    return TAG_PATTERN.sub(
        lambda match: (
            f"<{match.group(1)}{renames.get(match.group(2), match.group(2))}{match.group(3)}>"
        ),
        text,
    )


def _markup(tag: InlineTag) -> tuple[str, str | None]:
    """A tag's real markup, without the translatable text inside it (an image's alt)."""
    return render_markup(tag.opening, lambda hole: ""), tag.closing


def fill_empty(existing: polib.POFile, imported: polib.POFile) -> polib.POFile:
    """``existing`` with its empty entries filled from ``imported``; a translation already
    there, fuzzy or not, is never touched. Imported translations with no entry in
    ``existing`` are added obsolete, for ``update`` to revive."""
    catalog = copy.deepcopy(existing)
    by_key = {_key(entry): entry for entry in imported if not entry.obsolete}
    present = {_key(entry) for entry in catalog}
    for entry in catalog:
        source = by_key.get(_key(entry))
        if entry.obsolete or entry.msgid_plural or entry.msgstr or source is None:
            continue
        if source.msgstr:
            entry.msgstr = source.msgstr
            entry.flags = [flag for flag in entry.flags if flag != FUZZY]
            if FUZZY in source.flags:
                entry.flags.insert(0, FUZZY)
            entry.previous_msgctxt = source.previous_msgctxt
            entry.previous_msgid = source.previous_msgid
        entry.tcomment = _joined(entry.tcomment, source.tcomment)
    for source in imported:
        if source.msgstr and _key(source) not in present:
            kept = copy.deepcopy(source)
            kept.obsolete = True
            kept.comment = ""
            kept.occurrences = []
            catalog.append(kept)
    return catalog


def _joined(comment: str | None, addition: str | None) -> str:
    """Translator comments, each line once, so importing twice says it once."""
    lines = comment_lines(comment)
    lines += [line for line in comment_lines(addition) if line not in lines]
    return "\n".join(lines)


# --- the whole import -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportCounts:
    """Entries of the written catalog: ``imported`` now (``fuzzy`` of them fuzzy), ``kept`` as
    translated before, left ``empty`` and why; ``obsolete`` imported translations of English
    no longer in the post."""

    imported: int
    fuzzy: int
    kept: int
    empty: Mapping[EmptyReason, int]
    obsolete: int


def import_into(
    english_template: polib.POFile,
    english: Document,
    translated: Document,
    language: Language,
    created: datetime,
    origin: str,
    current_template: polib.POFile | None = None,
    existing: polib.POFile | None = None,
    glossary: Sequence[str] = (),
) -> tuple[polib.POFile, ImportCounts]:
    """The catalog an import writes, and what it did.

    ``current_template`` is the post's .pot now, when ``english`` is an older version: the
    import is merged into it as ``update`` merges, so what changed since becomes fuzzy with its
    previous msgid. ``existing`` is the language's catalog of the post, if there is one.
    """
    imported = imported_catalog(
        english_template, english, translated, language, created, origin, glossary
    )
    catalog = imported.catalog
    reasons = dict(imported.empty)
    if current_template is not None:
        catalog = merge(current_template, catalog, language, created)
        reasons = {
            _key(entry): imported.empty.get(_key(entry), EmptyReason.CHANGED)
            for entry in catalog
            if not entry.obsolete and not entry.msgstr
        }
    before: Mapping[_Key, polib.POEntry] = {}
    if existing is not None:
        before = {_key(entry): entry for entry in existing}
        catalog = fill_empty(existing, catalog)
    return catalog, _counts(catalog, before, reasons)


def _counts(
    catalog: polib.POFile,
    before: Mapping[_Key, polib.POEntry],
    reasons: Mapping[_Key, EmptyReason],
) -> ImportCounts:
    imported = fuzzy = kept = obsolete = 0
    empty: Counter[EmptyReason] = Counter()
    for entry in catalog:
        old = before.get(_key(entry))
        if old is not None and (old.msgstr or old.obsolete):  # the import left it alone
            kept += 0 if entry.obsolete else 1
        elif entry.obsolete:
            obsolete += 1
        elif entry.msgstr:
            imported += 1
            fuzzy += 1 if FUZZY in entry.flags else 0
        else:
            empty[reasons.get(_key(entry), EmptyReason.NOT_IN_SOURCE)] += 1
    return ImportCounts(imported, fuzzy, kept, dict(empty), obsolete)


@dataclass(frozen=True, slots=True)
class ImportReport:
    path: str
    created: bool
    written: bool
    counts: ImportCounts

    def lines(self) -> list[str]:
        """The report as the command line prints it."""
        counts = self.counts
        what = "created" if self.created else "wrote" if self.written else "unchanged"
        left = sum(counts.empty.values())
        lines = [
            f"{what} {self.path}: {counts.imported} imported ({counts.fuzzy} fuzzy),"
            f" {counts.kept} already translated, {left} left empty,"
            f" {counts.obsolete} obsolete"
        ]
        lines.extend(
            f"  {number} left empty: {reason}"
            for reason, number in sorted(
                counts.empty.items(), key=lambda item: list(EmptyReason).index(item[0])
            )
        )
        return lines


def import_translation(
    project: Project,
    language: Language,
    slug: str,
    translation: Path,
    english: Path | None = None,
) -> ImportReport:
    """Import ``translation``, a whole translated post, into the catalog of post ``slug`` in
    ``language``. ``english`` is the English it was made from, when older than the source."""
    config = project.config
    if language.tag == config.source.tag:
        raise ConfigError(f"{language.tag} is the source language: nothing to import")
    document = next((found for found in project.documents if found.slug == slug), None)
    if document is None:
        raise SourceError(f"no post {slug!r} in the source folder", config.source_dir)
    sentence_language = language.tag if config.sentence_language else None
    translated = _read_post(project, translation, slug, sentence_language)
    older = (
        None if english is None else _read_post(project, english, slug, config.sentence_language)
    )
    path = project.po_path(language, slug)
    existing = project.read_if_present(path)
    created = timestamp()

    def template(source: Document) -> polib.POFile:
        return post_template([source], config.project_name, config.bugs_address, created, slug)

    original = document if older is None else older
    catalog, counts = import_into(
        template(original),
        original,
        translated,
        language,
        created,
        project.relative(translation),
        template(document) if older is not None else None,
        existing,
        project.config.glossary,
    )
    written = write_catalog(path, catalog, shown=project.relative(path))
    return ImportReport(project.relative(path), existing is None, written, counts)


def _read_post(project: Project, path: Path, slug: str, sentence_language: str | None) -> Document:
    shown = PurePosixPath(project.relative(path))
    if not path.is_file():
        raise SourceError("not a file" if path.exists() else "no such file", shown)
    text = read_utf8(path, str(shown), SourceError)
    return parse_post(text, shown, slug, project.config, sentence_language)
