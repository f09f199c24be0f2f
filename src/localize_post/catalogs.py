"""Catalogs: templates from Documents, updates with msgmerge semantics, reading and atomic writing.

The data model is polib's; the text layout is GNU gettext's (see poformat), so ``msgcat`` leaves
our files unchanged and translators' tools show minimal diffs.
"""

from __future__ import annotations

import bisect
import contextlib
import math
import os
import re
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polib
from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from .document import Document
from .errors import CatalogError, EnvironmentVariableError, decode_utf8, read_file
from .locales import Language
from .poformat import format_catalog
from .poreader import parse_catalog as parse_catalog  # reading stays importable from here

FUZZY = "fuzzy"
_DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The last second a datetime (and a catalog's four-digit year) can hold: 9999-12-31 23:59:59.
_LATEST_EPOCH = int((datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC) - _UNIX_EPOCH).total_seconds())


@dataclass(frozen=True, slots=True)
class UiMessage:
    """One string of the templates, as Babel's jinja2 extractor finds it."""

    msgid: str
    plural: str | None
    reference: str
    comments: tuple[str, ...]
    python_format: bool


def timestamp() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, for reproducible catalogs.

    The specification (https://reproducible-builds.org/specs/source-date-epoch/) wants "an
    ASCII representation of an integer with no fractional component, identical to the output
    format of date +%s", says a malformed value SHOULD stop the build with a non-zero exit, and
    leaves a missing or empty variable to the tool: like an unset one, it means now.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    if not re.fullmatch("-?[0-9]+", epoch):
        raise EnvironmentVariableError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970 (date +%s)"
        )
    try:
        seconds = int(epoch)
    except ValueError:  # more digits than Python converts
        seconds = _LATEST_EPOCH + 1
    if not 0 <= seconds <= _LATEST_EPOCH:
        raise EnvironmentVariableError(
            f"SOURCE_DATE_EPOCH={epoch!r} is not a date between 1970 and the year 9999"
        )
    return _UNIX_EPOCH + timedelta(seconds=seconds)


def _format_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _new_catalog(project: str, bugs_address: str, created: datetime, domain: str) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    catalog.header = (
        f"Translations of {domain} for {project}.\n"
        f"This file is distributed under the same license as the {project} package."
    )
    catalog.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": bugs_address,
        "POT-Creation-Date": _format_date(created),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    catalog.metadata_is_fuzzy = True
    return catalog


def post_template(
    documents: Sequence[Document], project: str, bugs_address: str, created: datetime, domain: str
) -> polib.POFile:
    """The .pot of one or more posts: one entry per distinct (msgctxt, msgid), in source order,
    with every place it occurs as a reference and what it is as an extracted comment."""
    catalog = _new_catalog(project, bugs_address, created, domain)
    by_key: dict[tuple[str | None, str], polib.POEntry] = {}
    for document in documents:
        for segment in document.segments:
            key = (segment.context, segment.text)
            reference = (segment.location.path.as_posix(), str(segment.location.line))
            entry = by_key.get(key)
            if entry is None:
                entry = polib.POEntry(
                    msgid=segment.text,
                    msgstr="",
                    msgctxt=segment.context,
                    comment=segment.extracted_comment(),
                    occurrences=[reference],
                )
                by_key[key] = entry
                catalog.append(entry)
            elif reference not in entry.occurrences:
                entry.occurrences.append(reference)
    return catalog


def ui_template(
    messages: Iterable[UiMessage], project: str, bugs_address: str, created: datetime
) -> polib.POFile:
    """The .pot of the templates' own words."""
    catalog = _new_catalog(project, bugs_address, created, "ui")
    by_msgid: dict[str, polib.POEntry] = {}
    for message in messages:
        path, _, line = message.reference.rpartition(":")
        entry = by_msgid.get(message.msgid)
        if entry is None:
            entry = polib.POEntry(
                msgid=message.msgid,
                msgid_plural=message.plural or "",
                msgstr="",
                comment="\n".join(message.comments),
                occurrences=[],
                flags=["python-format"] if message.python_format else [],
            )
            if message.plural:
                entry.msgstr_plural = {0: "", 1: ""}
            by_msgid[message.msgid] = entry
            catalog.append(entry)
        if (path, line) not in entry.occurrences:
            entry.occurrences.append((path, line))
    return catalog


# --- update -----------------------------------------------------------------------------------
#
# The rules below are GNU msgmerge 0.21's (msgmerge.c, msgl-fsearch.c, message.c, fstrcmp.c), so
# that a catalog updated here and one updated by msgmerge --previous say the same thing.

# msgmerge's FUZZY_THRESHOLD, compared the way fuzzy_search_goal_function does: an old entry lends
# its translation when its similarity, plus the context bonus, is strictly above it.
FUZZY_THRESHOLD = 0.6
# msgmerge prefers, at equal similarity, an old entry with the same context or with none.
_CONTEXT_BONUS = 0.00001
# How far from an unmatched entry's place the old catalog is searched first: an edited paragraph
# usually sits where its old version sat, and a good first guess narrows the full search.
_NEIGHBOURHOOD = 8
# rapidfuzz's Levenshtein fits its band in one machine word below this many edits.
_BANDED_EDITS = 32
# The header fields msgmerge knows, in the order it writes them; other fields follow, as they were.
_KNOWN_HEADER_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
)
# Taken from the template, as msgmerge does: they describe the sources, not the translation.
_TEMPLATE_HEADER_FIELDS = ("Report-Msgid-Bugs-To", "POT-Creation-Date")

_Key = tuple[str | None, str]


def merge(
    template: polib.POFile,
    previous: polib.POFile | None,
    language: Language,
    created: datetime,
    fuzzy_matching: bool = True,
) -> polib.POFile:
    """Update a translation catalog from its template, as ``msgmerge --previous`` does.

    Every template entry keeps the translation of the old entry with the same msgid and
    msgctxt, active or obsolete (so removed text that returns is revived). Otherwise the most
    similar translated old entry lends its translation, fuzzy, with its msgid in ``#|``.
    Translated old entries that lent nothing become obsolete ``#~``, in their old order;
    untranslated ones vanish. Translator comments and the header's own fields are kept.
    """
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    sources = [entry for entry in template if not entry.obsolete]
    if previous is not None and previous.metadata:
        catalog.header = previous.header
        catalog.metadata = _merged_metadata(
            previous.metadata,
            template.metadata,
            language,
            plurals=any(source.msgid_plural for source in sources),
        )
        catalog.metadata_is_fuzzy = previous.metadata_is_fuzzy
    else:
        _new_header(catalog, template, language, created)
    old = [] if previous is None else list(previous)
    plurals = _plural_count(catalog.metadata, language)
    exact = _exact_matches(sources, old)
    similar = _fuzzy_matches(sources, exact, old) if fuzzy_matching else {}
    used: set[int] = set()
    for index, source in enumerate(sources):
        match = exact[index] if exact[index] is not None else similar.get(index)
        if match is None:
            catalog.append(_untranslated(source, plurals))
        else:
            used.add(id(match))
            catalog.append(_merged(source, match, exact[index] is None, plurals))
    catalog.extend(_obsoleted(entry) for entry in old if id(entry) not in used and _lends(entry))
    return catalog


def _new_header(
    catalog: polib.POFile, template: polib.POFile, language: Language, created: datetime
) -> None:
    english_name = language.locale.english_name or language.tag
    catalog.header = template.header.replace(
        "Translations of", f"{english_name} translations of", 1
    )
    catalog.metadata = dict(template.metadata)
    catalog.metadata.update(
        {
            "PO-Revision-Date": _format_date(created),
            "Language-Team": english_name,
            "Language": language.gettext_code,
            "Plural-Forms": language.plural_forms,
        }
    )


def _merged_metadata(
    old: dict[str, str], template: dict[str, str], language: Language, plurals: bool
) -> dict[str, str]:
    """The old header with the template's source fields, known fields first as msgmerge writes
    them. This tool knows the language, so it fills in a missing Language, and Plural-Forms
    when plural entries need one (as Poedit does; msgfmt -c requires it)."""
    canonical = {name.lower(): name for name in _KNOWN_HEADER_FIELDS}
    fields = {canonical.get(name.lower(), name): value for name, value in old.items()}
    for name in _TEMPLATE_HEADER_FIELDS:
        if name in template:
            fields[name] = template[name]
    if not fields.get("Language"):
        fields["Language"] = language.gettext_code
    merged = {name: fields.pop(name) for name in _KNOWN_HEADER_FIELDS if name in fields}
    merged.update(fields)
    if plurals:
        merged.setdefault("Plural-Forms", language.plural_forms)
    return merged


def _plural_count(metadata: dict[str, str], language: Language) -> int:
    """How many msgstr[n] the catalog's own Plural-Forms asks for, as msgmerge reads it."""
    found = re.search(r"nplurals\s*=\s*(\d+)", metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else language.plural_count


def _key(entry: polib.POEntry) -> _Key:
    return (entry.msgctxt, entry.msgid)


def _exact_matches(
    sources: Sequence[polib.POEntry], old: Sequence[polib.POEntry]
) -> list[polib.POEntry | None]:
    """For each template entry, the old entry with the same msgctxt and msgid, if any; an
    active old entry wins over an obsolete duplicate, a translated one over an empty one."""
    by_key: dict[_Key, polib.POEntry] = {}
    for entry in sorted(old, key=lambda entry: (entry.obsolete, not _lends(entry))):
        by_key.setdefault(_key(entry), entry)
    return [by_key.get(_key(source)) for source in sources]


def _fuzzy_matches(
    sources: Sequence[polib.POEntry],
    exact: Sequence[polib.POEntry | None],
    old: Sequence[polib.POEntry],
) -> dict[int, polib.POEntry]:
    """For each template entry without an exact match, msgmerge's choice of a similar one."""
    if all(match is not None for match in exact):
        return {}
    index = _FuzzyIndex(old)
    position = {id(entry): number for number, entry in enumerate(old)}
    anchors = [None if match is None else position[id(match)] for match in exact]
    found: dict[int, polib.POEntry] = {}
    for number, (before, after) in enumerate(_bounds(anchors, len(old))):
        if exact[number] is None:
            nearby = [old[at] for at in _neighbourhood(before, after, len(old))]
            match = index.search(sources[number].msgctxt, sources[number].msgid, nearby)
            if match is not None:
                found[number] = match
    return found


def _bounds(anchors: Sequence[int | None], size: int) -> list[tuple[int, int]]:
    """For each template entry, the old positions of the nearest exactly matched template
    entries before and after it (-1 and ``size`` where there is none)."""
    before: list[int] = []
    last = -1
    for anchor in anchors:
        before.append(last)
        last = last if anchor is None else anchor
    after: list[int] = []
    last = size
    for anchor in reversed(anchors):
        after.append(last)
        last = last if anchor is None else anchor
    return list(zip(before, reversed(after), strict=True))


def _neighbourhood(before: int, after: int, size: int) -> list[int]:
    """Old positions between two anchors, or just after the first if they are out of order."""
    if after <= before:
        after = min(before + _NEIGHBOURHOOD + 1, size)
    near = range(before + 1, after)
    return sorted({*near[:_NEIGHBOURHOOD], *near[-_NEIGHBOURHOOD:]})


class _FuzzyIndex:
    """The translated old entries, searched for the one msgmerge would pick.

    msgmerge compares a msgid with every translated old entry (active or obsolete, fuzzy or
    not, whether or not another entry already took it) that shares a 4-character sequence
    with it, or, for a msgid of fewer than 4 characters, that is of a compatible length.
    Similarity is gettext's fstrcmp on UTF-8 bytes: 2 x common subsequence / total length,
    which is rapidfuzz's Indel similarity. The best candidate wins; at equal similarity, the
    one with the same context (or none), then the one sharing the most 4-character sequences
    (by length for short msgids), then the earliest in the old file.

    Comparing with everything is slow, so the candidates are kept sorted by length: a first
    guess from the entry's old neighbourhood raises the bar, and only candidates whose length
    can still reach it are compared, in rapidfuzz's C++.
    """

    def __init__(self, old: Sequence[polib.POEntry]) -> None:
        candidates = sorted(
            (
                (len(entry.msgid.encode("utf-8")), position, entry)
                for position, entry in enumerate(old)
                if _lends(entry)
            ),
            key=lambda candidate: candidate[0],
        )
        self._lengths = [length for length, _, _ in candidates]
        self._positions = [position for _, position, _ in candidates]
        self._entries = [entry for _, _, entry in candidates]
        self._keys = [entry.msgid.encode("utf-8") for entry in self._entries]
        self._slots = {id(entry): slot for slot, entry in enumerate(self._entries)}
        self._grams: dict[int, frozenset[str]] = {}

    def search(
        self, msgctxt: str | None, msgid: str, nearby: Iterable[polib.POEntry]
    ) -> polib.POEntry | None:
        query = _query(msgctxt, msgid)
        bar = FUZZY_THRESHOLD
        for entry in nearby:
            slot = self._slots.get(id(entry))
            weight = None if slot is None else self._weight(query, slot)
            if weight is not None:
                bar = max(bar, weight)
        # A candidate as good as the bar is at most one context bonus below it in similarity.
        cutoff = bar - 2 * _CONTEXT_BONUS
        best: tuple[float, int, int] | None = None
        chosen = None
        for slot in self._reaching(query.key, cutoff):
            weight = self._weight(query, slot)
            if weight is None:
                continue
            rank = (weight, self._tie_break(query, slot), -self._positions[slot])
            if best is None or rank > best:
                best, chosen = rank, self._entries[slot]
        return chosen

    def _reaching(self, key: bytes, cutoff: float) -> list[int]:
        """The slots whose similarity to ``key`` may reach ``cutoff``, and a few more.

        Similarity ``cutoff`` allows at most (1 - cutoff) x total length insertions and
        deletions, and so at most as many Levenshtein edits. When that is few, rapidfuzz's
        banded Levenshtein rules candidates out several times faster than the similarity.
        """
        low, high = self._window(len(key), cutoff)
        if low >= high:
            return []
        choices = self._keys[low:high]
        edits = math.floor((1 - cutoff) * (len(key) + self._lengths[high - 1]) + 1e-9)
        if edits < _BANDED_EDITS:
            return [
                low + offset
                for _, _, offset in process.extract(
                    key, choices, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
                )
            ]
        found = process.extract(
            key, choices, scorer=Indel.normalized_similarity, score_cutoff=cutoff, limit=None
        )
        return [low + offset for _, _, offset in found]

    def _window(self, length: int, cutoff: float) -> tuple[int, int]:
        """The slots whose length allows a similarity of ``cutoff``: 2 x shorter / total."""
        shortest = math.ceil(length * cutoff / (2 - cutoff) - 1e-9)
        longest = math.floor(length * (2 - cutoff) / cutoff + 1e-9)
        return bisect.bisect_left(self._lengths, shortest), bisect.bisect_right(
            self._lengths, longest
        )

    def _weight(self, query: _Query, slot: int) -> float | None:
        """fuzzy_search_goal_function, or None where msgmerge would not take the candidate."""
        key = self._keys[slot]
        total = len(query.key) + len(key)
        similarity = (total - Indel.distance(query.key, key)) / total
        candidate = self._entries[slot]
        same_context = candidate.msgctxt is None or candidate.msgctxt == query.msgctxt
        weight = similarity + (_CONTEXT_BONUS if same_context else 0.0)
        if not weight > FUZZY_THRESHOLD:
            return None
        if query.grams and self._grams_of(slot).isdisjoint(query.grams):
            return None
        return weight

    def _tie_break(self, query: _Query, slot: int) -> int:
        if query.grams:
            grams = self._grams_of(slot)
            return sum(1 for gram in query.grams if gram in grams)
        return -self._lengths[slot]

    def _grams_of(self, slot: int) -> frozenset[str]:
        grams = self._grams.get(slot)
        if grams is None:
            grams = self._grams[slot] = frozenset(_four_grams(self._entries[slot].msgid))
        return grams


@dataclass(frozen=True, slots=True)
class _Query:
    msgctxt: str | None
    key: bytes
    # Every 4-character sequence, repeats included: msgmerge counts each occurrence.
    grams: tuple[str, ...]


def _query(msgctxt: str | None, msgid: str) -> _Query:
    return _Query(msgctxt, msgid.encode("utf-8"), tuple(_four_grams(msgid)))


def _four_grams(text: str) -> list[str]:
    return [text[start : start + 4] for start in range(len(text) - 3)]


def _untranslated(source: polib.POEntry, plurals: int) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=source.msgid,
        msgctxt=source.msgctxt,
        msgid_plural=source.msgid_plural,
        msgstr="",
        comment=source.comment,
        occurrences=list(source.occurrences),
        flags=[flag for flag in source.flags if flag != FUZZY],
    )
    if source.msgid_plural:
        entry.msgstr_plural = dict.fromkeys(range(plurals), "")
    return entry


def _merged(
    source: polib.POEntry, old: polib.POEntry, similar: bool, plurals: int
) -> polib.POEntry:
    """message_merge: the template's msgid, comments, references and flags; the old entry's
    translation and translator comments; fuzzy if the old one was, if only similar, or if the
    plural shape changed."""
    entry = _untranslated(source, plurals)
    entry.tcomment = old.tcomment
    fuzzy = similar or FUZZY in old.flags or source.msgid_plural != old.msgid_plural
    forms = _forms(old)
    if source.msgid_plural:
        entry.msgstr_plural = forms if old.msgid_plural else dict.fromkeys(range(plurals), forms[0])
    else:
        entry.msgstr = forms[0]
    if fuzzy:
        entry.flags.insert(0, FUZZY)
    # The previous msgid is the one the translation was made for: the old entry's own, or,
    # if that was fuzzy already, its previous msgid (possibly none). It says nothing when the
    # result is not fuzzy or has no translation.
    if fuzzy and forms[0]:
        if FUZZY in old.flags:
            entry.previous_msgctxt = old.previous_msgctxt
            entry.previous_msgid = old.previous_msgid
            entry.previous_msgid_plural = old.previous_msgid_plural
        else:
            entry.previous_msgctxt = old.msgctxt
            entry.previous_msgid = old.msgid
            entry.previous_msgid_plural = old.msgid_plural or None
    return entry


def _forms(entry: polib.POEntry) -> dict[int, str]:
    """The translation as numbered forms: msgstr is form 0 of a singular entry."""
    if entry.msgid_plural:
        forms = {int(index): text for index, text in entry.msgstr_plural.items()}
        return dict(sorted(forms.items())) or {0: ""}
    return {0: entry.msgstr}


def _obsoleted(entry: polib.POEntry) -> polib.POEntry:
    """An old entry kept as ``#~``, without the extracted comments and references it had."""
    return polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
    )


def _lends(entry: polib.POEntry) -> bool:
    """msgmerge's test for a translation worth keeping or lending: the first msgstr is set."""
    return bool(_forms(entry)[0])


def _has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


# --- reading and writing ---------------------------------------------------------------------


def read_catalog(path: Path, shown: str) -> polib.POFile:
    """A catalog file as msgfmt reads it; a path that is a folder or a broken link, bytes that are
    not UTF-8 or text that is not a catalog raise CatalogError naming ``shown``."""
    data = read_file(path, shown, CatalogError)
    return parse_catalog(decode_utf8(data, shown, CatalogError), shown)


def _without_dates(text: str) -> str:
    return re.sub(rf'^"(?:{"|".join(_DATE_HEADERS)}): [^"]*\\n"$', "", text, flags=re.MULTILINE)


def same_content(text: str, catalog: polib.POFile) -> bool:
    """Whether a catalog file's text says what ``catalog`` says, dates and layout aside."""
    return _says(text, catalog, _without_dates(format_catalog(catalog)))


def _says(
    text: str, catalog: polib.POFile, expected: str, read: polib.POFile | None = None
) -> bool:
    """Whether ``text`` says what ``catalog`` says, ``expected`` being its formatted text
    without dates, and ``read`` the catalog parsed from ``text`` if the caller has it.

    A translator's tool may have written the file its own way (Poedit without wrapping,
    Weblate at 77 columns, Windows line ends): such a file is read again and compared as this
    tool would write it, so an update with nothing new leaves the translator's file alone
    instead of re-wrapping it on every run.
    """
    if _without_dates(text) == expected:
        return True
    try:
        written = read if read is not None else parse_catalog(text, "catalog")
    except CatalogError:
        return False
    # Formatting a large catalog takes seconds: a file whose translations differ says
    # something else whatever its layout.
    if _translations(written) != _translations(catalog):
        return False
    return _without_dates(format_catalog(written)) == expected


def _translations(catalog: polib.POFile) -> Counter[tuple[object, ...]]:
    """The entries a catalog file shows (GNU writes no untranslated obsolete entry)."""
    return Counter(
        (entry.obsolete, entry.msgctxt, entry.msgid, tuple(_forms(entry).items()))
        for entry in catalog
        if not entry.obsolete or _lends(entry)
    )


def write_catalog(
    path: Path,
    catalog: polib.POFile,
    previous: polib.POFile | None = None,
    *,
    shown: str | None = None,
) -> bool:
    """Write a catalog atomically unless only its dates or layout would change; return whether
    written. ``previous`` is the file's catalog as the caller already read it, if it did: it
    spares reading a large file twice. Errors name the file as ``shown`` (project-relative),
    or else as ``path``."""
    text = format_catalog(catalog)
    existing = _replaced_text(path, shown or str(path))
    if existing is not None and _says(existing, catalog, _without_dates(text), previous):
        return False
    atomic_write(path, text, shown=shown)
    return True


def _replaced_text(path: Path, shown: str) -> str | None:
    """The text of the catalog file a write would replace, or None if there is none worth
    keeping (nothing there, or not UTF-8). A folder or a broken link there raises CatalogError:
    replacing it would destroy what the user put there or hide the mistake."""
    if not os.path.lexists(path):
        return None
    data = read_file(path, shown, CatalogError)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def comment_lines(comment: str | None) -> list[str]:
    """A comment's lines, as gettext ends them: at newlines only, so a translator's U+2028 or
    form feed stays a character of its line (str.splitlines would end lines there)."""
    return comment.split("\n") if comment else []


def atomic_write(path: Path, text: str, *, shown: str | None = None) -> None:
    """Write through a temporary file and a rename, so readers see the old file or the new one,
    never half of one, even if the process is killed or another run writes at the same time.

    A failure (a full disk, a permission refused) removes the temporary file, leaves the old
    file as it was, and raises the OSError with the target as its file name: ``shown``
    (project-relative) or else ``path``, never the temporary file the user has not heard of.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _naming(error, shown or str(path)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            # mkstemp makes the file private (0600); a catalog keeps the mode it had, or gets
            # the one any new file would get, so translators and web servers can still read it.
            os.chmod(temporary, _file_mode(path))
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        # Left behind, it would be cleared by the next run (locking.remove_catalog_leftovers).
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _naming(error, shown or str(path)) from None
        raise


def _naming(error: OSError, target: str) -> OSError:
    """The same failure (its errno picks the subclass: PermissionError...) about ``target``."""
    return OSError(error.errno, error.strerror or str(error), target)


def _file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        # The umask can only be read by setting it; it is put back at once.
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def is_translated(entry: polib.POEntry) -> bool:
    """Translated and not fuzzy: what a page may show."""
    return not entry.obsolete and FUZZY not in entry.flags and _has_translation(entry)


def template_of(catalog: polib.POFile) -> polib.POFile:
    """What xgettext would have made for a catalog: its active msgids, nothing translated."""
    template = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    template.metadata = dict(catalog.metadata)
    for entry in catalog:
        if not entry.obsolete:
            template.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    msgid_plural=entry.msgid_plural,
                    msgstr="",
                    msgstr_plural=dict.fromkeys(range(2), "") if entry.msgid_plural else {},
                    comment=entry.comment,
                    occurrences=list(entry.occurrences),
                    flags=[flag for flag in entry.flags if flag != FUZZY],
                )
            )
    return template
