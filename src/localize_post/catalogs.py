"""Catalogs: templates from Documents, updates with msgmerge semantics, reading and atomic writing.

The data model is polib's; the text layout is GNU gettext's (see poformat), so ``msgcat`` leaves
our files unchanged and translators' tools show minimal diffs.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
from rapidfuzz import fuzz, process

from .document import Document
from .errors import CatalogError
from .locales import Language
from .poformat import format_catalog

FUZZY = "fuzzy"
# msgmerge's FUZZY_THRESHOLD: rapidfuzz's ratio is the same measure as gettext's fstrcmp,
# 2 * matching characters / total length.
FUZZY_THRESHOLD = 60.0
_DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")


@dataclass(frozen=True, slots=True)
class UiMessage:
    """One string of the templates, as Babel's jinja2 extractor finds it."""

    msgid: str
    plural: str | None
    reference: str
    comments: tuple[str, ...]
    python_format: bool


def timestamp() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, for reproducible catalogs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


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


def merge(
    template: polib.POFile,
    previous: polib.POFile | None,
    language: Language,
    created: datetime,
    fuzzy_matching: bool = True,
) -> polib.POFile:
    """Update a translation catalog from its template, as ``msgmerge --previous`` does.

    Exact matches keep their translation; otherwise the most similar old entry (at least 60 %
    alike) lends its translation, fuzzy, with the old msgid kept in ``#|``; old entries no
    template entry uses become obsolete ``#~`` if translated, and an obsolete entry whose text
    returns is revived with its translation.
    """
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    if previous is None:
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
        old_entries: list[polib.POEntry] = []
    else:
        catalog.header = previous.header
        catalog.metadata = dict(previous.metadata)
        catalog.metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
        catalog.metadata.setdefault("Language", language.gettext_code)
        catalog.metadata.setdefault("Plural-Forms", language.plural_forms)
        catalog.metadata_is_fuzzy = previous.metadata_is_fuzzy
        old_entries = list(previous)
    active = {_key(entry): entry for entry in old_entries if not entry.obsolete}
    obsolete = {_key(entry): entry for entry in old_entries if entry.obsolete}
    used: set[tuple[str | None, str]] = set()
    unmatched: list[tuple[polib.POEntry, polib.POEntry]] = []
    for source in template:
        entry = _fresh_entry(source, language)
        key = _key(source)
        match = active.get(key) or obsolete.get(key)
        if match is not None:
            _take_translation(entry, match, language)
            entry.flags = _flags(source, match, keep_fuzzy=FUZZY in match.flags)
            if FUZZY in match.flags:
                entry.previous_msgctxt = match.previous_msgctxt
                entry.previous_msgid = match.previous_msgid
                entry.previous_msgid_plural = match.previous_msgid_plural
            used.add(key)
        else:
            unmatched.append((source, entry))
        catalog.append(entry)
    if fuzzy_matching:
        _fuzzy_fill(unmatched, active, used, language)
    for key, old in active.items():
        if key not in used and _has_translation(old):
            old.obsolete = True
            catalog.append(old)
    for key, old in obsolete.items():
        if key not in used:
            catalog.append(old)
    return catalog


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def _fresh_entry(source: polib.POEntry, language: Language) -> polib.POEntry:
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
        entry.msgstr_plural = dict.fromkeys(range(language.plural_count), "")
    return entry


def _take_translation(entry: polib.POEntry, old: polib.POEntry, language: Language) -> None:
    entry.tcomment = old.tcomment
    if entry.msgid_plural:
        if old.msgid_plural:
            forms = {int(index): text for index, text in old.msgstr_plural.items()}
        else:
            forms = {0: old.msgstr}
        entry.msgstr_plural = {
            index: forms.get(index, "") for index in range(language.plural_count)
        }
    elif old.msgid_plural:
        entry.msgstr = old.msgstr_plural.get(0, "")
    else:
        entry.msgstr = old.msgstr


def _flags(source: polib.POEntry, old: polib.POEntry, keep_fuzzy: bool) -> list[str]:
    flags = [FUZZY] if keep_fuzzy else []
    for flag in [*source.flags, *old.flags]:
        if flag not in flags and flag != FUZZY:
            flags.append(flag)
    return flags


def _has_translation(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _fuzzy_fill(
    unmatched: list[tuple[polib.POEntry, polib.POEntry]],
    active: dict[tuple[str | None, str], polib.POEntry],
    used: set[tuple[str | None, str]],
    language: Language,
) -> None:
    """Give each new entry the translation of the most similar old one with the same context."""
    candidates: dict[str | None, list[polib.POEntry]] = {}
    for old in active.values():
        if _has_translation(old):
            candidates.setdefault(old.msgctxt or None, []).append(old)
    for source, entry in unmatched:
        pool = candidates.get(source.msgctxt or None)
        if not pool:
            continue
        best = process.extractOne(
            source.msgid,
            [old.msgid for old in pool],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD,
        )
        if best is None:
            continue
        old = pool[best[2]]
        _take_translation(entry, old, language)
        entry.flags = _flags(source, old, keep_fuzzy=True)
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
        used.add(_key(old))


# --- reading and writing ---------------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\["\\abfnrtv]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_KEYWORD_LINE = re.compile(rf"^(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{_STRING}\s*$")
_CONTINUATION = re.compile(rf"^\s*{_STRING}\s*$")


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Parse a catalog's text; raise CatalogError naming the first bad line.

    polib accepts some broken files (an unterminated string, say), so each line is checked
    first against the PO grammar, the way msgfmt would reject it.
    """
    for number, text_line in enumerate(text.splitlines(), start=1):
        stripped = text_line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not (_KEYWORD_LINE.match(stripped) or _CONTINUATION.match(stripped)):
            raise CatalogError(f"syntax error: {_describe_line(stripped)}", shown, number)
    try:
        catalog = polib.pofile(text, wrapwidth=79, check_for_duplicates=True)
    except (OSError, ValueError) as error:
        match = re.search(r"line (\d+)", str(error))
        message = re.sub(r"\s*\(?line \d+\)?", "", str(error)).replace(" in po file", "")
        line = int(match.group(1)) if match else None
        raise CatalogError(message.strip() or "syntax error", shown, line) from None
    return catalog


def _describe_line(line: str) -> str:
    if line.count('"') % 2 == 1:
        return "string is not terminated"
    keyword = line.split(maxsplit=1)[0]
    if keyword == line and keyword.startswith("msg"):
        return f"{keyword} has no string"
    if not keyword.startswith('"') and not keyword.startswith("msg"):
        return f"unknown keyword {keyword!r}"
    return f"cannot read {line[:40]!r}"


def read_catalog(path: Path, shown: str) -> polib.POFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise CatalogError("not valid UTF-8", shown, line) from None
    return parse_catalog(text, shown)


def _without_dates(text: str) -> str:
    return re.sub(rf'^"(?:{"|".join(_DATE_HEADERS)}): [^"]*\\n"$', "", text, flags=re.MULTILINE)


def same_content(text: str, catalog: polib.POFile) -> bool:
    """Whether a catalog file's text says what ``catalog`` says, dates aside."""
    return _without_dates(text) == _without_dates(format_catalog(catalog))


def write_catalog(path: Path, catalog: polib.POFile) -> bool:
    """Write a catalog atomically unless only its dates would change; return whether written."""
    if path.exists() and same_content(path.read_text(encoding="utf-8"), catalog):
        return False
    atomic_write(path, format_catalog(catalog))
    return True


def atomic_write(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so readers see the old file or the new one,
    never half of one, even if the process is killed or another run writes at the same time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_translated(entry: polib.POEntry) -> bool:
    """Translated and not fuzzy: what a page may show."""
    return not entry.obsolete and FUZZY not in entry.flags and _has_translation(entry)
