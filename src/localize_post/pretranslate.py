"""Fill a language's empty catalog entries by machine, for translators to review.

Every suggestion is fuzzy, with a translator comment naming the engine and the date; a
non-empty msgstr is a human's, fuzzy or not, and is never touched. A machine translation is
written only once its tags, placeholders, protected spans and length are verified (see
engines/protect.py); otherwise the entry stays empty with a comment saying why.

Catalogs are saved as the run goes, atomically and with the engine's cache, so Ctrl-C or a
crash keeps what was done. The cache keeps only answers that were verified: a rejected reply is
asked again on the next run. Every catalog is read, and every engine opened, before anything is
written, so bad input changes no file.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import polib
from sentencex import segment

from .catalogs import FUZZY, comment_lines, timestamp, write_catalog
from .engines import (
    MEMORY,
    Engine,
    EngineFailure,
    EngineOptions,
    RequestPolicy,
    check_endpoint,
    open_engine,
)
from .engines.cache import TranslationCache
from .engines.memory import MemoryEngine, open_memory
from .engines.protect import (
    Protected,
    UnverifiedOutput,
    protect,
    protection_pattern,
    restore,
    translate_pieces,
    verify,
)
from .errors import CatalogError, ConfigError
from .locales import Language
from .memory import compendium as configured_compendium
from .progress import Counter, ProgressCallback
from .project import Project

NOTE_PREFIX = "pretranslate:"
PYTHON_FORMAT = "python-format"
# Saving rewrites the whole catalog, so entries are saved at most once a second rather than
# after each one: a run killed outright (Ctrl-C and crashes save first) loses a second of work.
SAVE_INTERVAL = 1.0


@dataclass(slots=True)
class CatalogReport:
    """What happened to one catalog. ``sent`` and ``characters`` count texts the engine was
    asked to translate (in a dry run: would be asked), cached ones excluded."""

    path: str
    pending: int
    filled: int = 0
    failed: int = 0
    sent: int = 0
    characters: int = 0


@dataclass(frozen=True, slots=True)
class LanguageReport:
    language: str
    catalogs: tuple[CatalogReport, ...]

    @property
    def totals(self) -> CatalogReport:
        """The sums over the language's catalogs, named by the language."""
        reports = self.catalogs
        return CatalogReport(
            self.language,
            sum(report.pending for report in reports),
            sum(report.filled for report in reports),
            sum(report.failed for report in reports),
            sum(report.sent for report in reports),
            sum(report.characters for report in reports),
        )


@dataclass(frozen=True, slots=True)
class PretranslateReport:
    engine: str
    dry_run: bool
    languages: tuple[LanguageReport, ...]

    @property
    def failed_everything(self) -> bool:
        """Whether the run failed as a whole: it filled no entry, and at least one entry
        failed (the service was down or refused the key, or every reply was rejected). The
        command line exits non-zero on it. False for a dry run, for a run with nothing to fill,
        and for a memory that merely matched nothing, since nothing failed there."""
        totals = [language.totals for language in self.languages]
        filled = sum(total.filled for total in totals)
        failed = sum(total.failed for total in totals)
        return not self.dry_run and failed > 0 and filled == 0

    def lines(self) -> list[str]:
        """The report as the command line prints it: each catalog, then its language's sums."""
        lines = []
        for language in self.languages:
            for report in (*language.catalogs, language.totals):
                lines.append(self._line(report))
        return lines

    def _line(self, report: CatalogReport) -> str:
        sent = f"{report.sent} texts, {report.characters} characters"
        if self.dry_run:
            return (
                f"{report.path}: {report.pending} empty entries; would send {sent} to {self.engine}"
            )
        left = report.pending - report.filled - report.failed
        return (
            f"{report.path}: {report.filled} filled, {report.failed} failed, {left} left"
            f" of {report.pending} empty entries; sent {sent} to {self.engine}"
        )


class PretranslateInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run; every entry done before it is saved. ``report`` says how far it got."""

    def __init__(self, report: PretranslateReport) -> None:
        super().__init__()
        self.report = report


# --- translating one text -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MachineTranslation:
    msgstr: str
    # True when the whole text came back unverifiable and each run of words between
    # placeholders was translated on its own instead.
    piecewise: bool


class RejectedTranslation(EngineFailure):
    """The engine answered, but its answer cannot be verified, whole or piece by piece."""


def machine_translate(
    msgid: str,
    translate: Callable[[str], str],
    pattern: re.Pattern[str],
    translate_piece: Callable[[str], str] | None = None,
) -> MachineTranslation:
    """A verified machine translation of ``msgid`` (see engines/protect.py): the whole text
    through ``translate``; if that cannot be verified, each run of words between placeholders
    through ``translate_piece`` (by default ``translate``: a caller passes its own to tell the
    two attempts' answers apart).

    Raises RejectedTranslation when neither can be verified, EngineFailure when the engine fails.
    """
    protected = protect(msgid, pattern)
    try:
        return MachineTranslation(_verified(translate(protected.text), protected, pattern), False)
    except UnverifiedOutput as whole:
        if not protected.originals:
            # With no placeholder, the one piece would be the whole text again.
            raise RejectedTranslation(f"the engine's reply cannot be verified ({whole})") from None
        try:
            pieced = translate_pieces(protected, translate_piece or translate)
            return MachineTranslation(_verified(pieced, protected, pattern), True)
        except UnverifiedOutput as pieces:
            raise RejectedTranslation(
                f"the engine's reply cannot be verified ({whole}), even piece by piece ({pieces})"
            ) from None


def _verified(output: str, protected: Protected, pattern: re.Pattern[str]) -> str:
    translation = restore(output, protected)
    verify(protected.source, translation, pattern)
    return translation


def within_limit(
    translate: Callable[[str], str], limit: int | None, source: Language, target: Language
) -> Callable[[str], str]:
    """``translate`` for a service that refuses texts over ``limit`` characters: a longer text
    is sent as runs of whole sentences, as few requests as fit, and their translations joined
    back the way the target language joins sentences. Placeholders are checked on the whole."""
    if limit is None:
        return translate
    joiner = " " if target.spaces_between_sentences else ""

    def translate_in_runs(text: str) -> str:
        if len(text) <= limit:
            return translate(text)
        return joiner.join(translate(run) for run in sentence_runs(text, limit, source))

    return translate_in_runs


def sentence_runs(text: str, limit: int, language: Language) -> list[str]:
    """``text`` cut between sentences into runs of at most ``limit`` characters."""
    runs: list[str] = []
    for sentence in (piece.strip() for piece in segment(language.locale.language, text)):
        if len(sentence) > limit:
            raise EngineFailure(
                f"a sentence of {len(sentence)} characters is longer than the"
                f" {limit} the service accepts"
            )
        if runs and len(runs[-1]) + 1 + len(sentence) <= limit:
            runs[-1] += " " + sentence
        elif sentence:
            runs.append(sentence)
    return runs


@dataclass(frozen=True, slots=True)
class Suggestion:
    msgstr: str
    note: str


class Suggester(Protocol):
    name: str

    def cost(self, entry: polib.POEntry) -> int | None:
        """Characters this entry would send, or None if it would send nothing."""

    def prefetch(self, entries: Sequence[polib.POEntry]) -> None: ...

    def suggest(self, entry: polib.POEntry, report: CatalogReport) -> Suggestion | None:
        """A verified translation, or None when there is nothing to suggest; raises
        EngineFailure when the engine failed or its output was unusable."""

    def save(self) -> None: ...


@dataclass
class MachineSuggester:
    engine: Engine
    source: Language
    target: Language
    cache: TranslationCache | None
    patterns: tuple[re.Pattern[str], re.Pattern[str]]  # plain entries, python-format entries
    day: str
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = self.engine.name

    def _pattern(self, entry: polib.POEntry) -> re.Pattern[str]:
        return self.patterns[PYTHON_FORMAT in entry.flags]

    def _text(self, entry: polib.POEntry) -> str:
        return protect(entry.msgid, self._pattern(entry)).text

    def cost(self, entry: polib.POEntry) -> int | None:
        text = self._text(entry)
        if self.cache is not None and self.cache.get(text) is not None:
            return None
        return len(text)

    def prefetch(self, entries: Sequence[polib.POEntry]) -> None:
        texts = [self._text(entry) for entry in entries]
        self.engine.prefetch(
            [text for text in texts if self.cache is None or not self.cache.get(text)]
        )

    def suggest(self, entry: polib.POEntry, report: CatalogReport) -> Suggestion | None:
        whole = _Attempt(self.engine, self.cache, report)
        pieces = _Attempt(self.engine, self.cache, report)
        limit = self.engine.max_characters
        try:
            translation = machine_translate(
                entry.msgid,
                within_limit(whole, limit, self.source, self.target),
                self._pattern(entry),
                within_limit(pieces, limit, self.source, self.target),
            )
        except RejectedTranslation:
            whole.reject()
            pieces.reject()
            raise
        note = f"machine translation by {self.name}, {self.day}"
        if translation.piecewise:
            whole.reject()
            pieces.accept()
            note += "; translated piece by piece between tags, so check the word order"
        else:
            whole.accept()
        return Suggestion(translation.msgstr, note)

    def save(self) -> None:
        if self.cache is not None:
            self.cache.save()


@dataclass
class _Attempt:
    """Translates the texts of one attempt at an entry (whole, or piece by piece), from the
    cache or else the engine. The cache learns the engine's answers only once the attempt's
    output is verified (``accept``), so a rejected reply is asked again next run; ``reject``
    makes it forget the cached answers the attempt used, which verification can come to refuse
    (a stricter check, an edited cache file) and would otherwise refuse on every run."""

    engine: Engine
    cache: TranslationCache | None
    report: CatalogReport
    answers: dict[str, str] = field(default_factory=dict)
    cached: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> str:
        answer = self.cache.get(text) if self.cache is not None else None
        if answer is not None:
            self.cached.append(text)
            return answer
        self.report.sent += 1
        self.report.characters += len(text)
        translation = self.engine.translate(text)
        self.answers[text] = translation
        return translation

    def accept(self) -> None:
        if self.cache is not None:
            for text, translation in self.answers.items():
                self.cache.put(text, translation)

    def reject(self) -> None:
        if self.cache is not None:
            for text in self.cached:
                self.cache.forget(text)


@dataclass
class MemorySuggester:
    memory: MemoryEngine
    patterns: tuple[re.Pattern[str], re.Pattern[str]]
    day: str
    name: str = MEMORY

    def cost(self, entry: polib.POEntry) -> int | None:
        return None

    def prefetch(self, entries: Sequence[polib.POEntry]) -> None:
        pass

    def suggest(self, entry: polib.POEntry, report: CatalogReport) -> Suggestion | None:
        match = self.memory.suggest(entry.msgid, entry.msgctxt)
        if match is None:
            return None
        where = f"{match.score:.0f}% match in {match.origin}"
        try:
            verify(entry.msgid, match.msgstr, self.patterns[PYTHON_FORMAT in entry.flags])
        except UnverifiedOutput as error:
            raise EngineFailure(f"the memory's {where} does not fit: {error}") from None
        return Suggestion(match.msgstr, f"translation memory, {self.day}: {where}")

    def save(self) -> None:
        pass


# --- the run --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Catalog:
    path: Path
    shown: str
    catalog: polib.POFile


@dataclass(frozen=True, slots=True)
class _Plan:
    language: Language
    catalogs: tuple[_Catalog, ...]
    suggester: Suggester


def pretranslate(
    project: Project,
    languages: Sequence[Language],
    engine: str,
    endpoint: str | None = None,
    dry_run: bool = False,
    policy: RequestPolicy | None = None,
    on_progress: ProgressCallback | None = None,
) -> PretranslateReport:
    """Fill the empty entries of every catalog of each language through ``engine``.

    Raises ConfigError or CatalogError before writing anything (ConfigError for an
    ``endpoint`` that is not a URL before reading anything), and PretranslateInterrupted (a
    KeyboardInterrupt) after saving what was done.
    """
    if not languages:
        raise ConfigError("no language: name one with -l")
    if endpoint is not None:
        check_endpoint(endpoint)
    day = timestamp().date().isoformat()
    plans = [
        _plan(project, language, engine, endpoint, policy or RequestPolicy(), day)
        for language in languages
    ]
    if dry_run:
        return PretranslateReport(engine, True, tuple(_estimate(plan) for plan in plans))
    total = sum(len(_pending(item.catalog)) for plan in plans for item in plan.catalogs)
    done: list[LanguageReport] = []
    counter = Counter(total, on_progress)
    for plan in plans:
        reports: list[CatalogReport] = []
        try:
            for item in plan.catalogs:
                reports.append(CatalogReport(item.shown, len(_pending(item.catalog))))
                _fill(item, plan.suggester, reports[-1], counter, day)
        except KeyboardInterrupt:
            done.append(LanguageReport(plan.language.tag, tuple(reports)))
            raise PretranslateInterrupted(PretranslateReport(engine, False, tuple(done))) from None
        done.append(LanguageReport(plan.language.tag, tuple(reports)))
    return PretranslateReport(engine, False, tuple(done))


def _plan(
    project: Project,
    language: Language,
    engine: str,
    endpoint: str | None,
    policy: RequestPolicy,
    day: str,
) -> _Plan:
    config = project.config
    if language.tag == config.source.tag:
        raise ConfigError(f"{language.tag} is the source language: nothing to translate")
    catalogs = []
    for domain in project.domains:
        path = project.po_path(language, domain)
        shown = project.relative(path)
        if not path.is_file():
            hint = f"run `localize-post update -l {language.tag}` first"
            raise CatalogError(f"missing catalog: {hint}", shown)
        catalogs.append(_Catalog(path, shown, project.read(path)))
    patterns = (
        protection_pattern(config.glossary),
        protection_pattern(config.glossary, python_format=True),
    )
    suggester: Suggester
    if engine == MEMORY:
        sources = [(item.shown, item.catalog) for item in catalogs]
        compendium = configured_compendium(project.config, language)
        if compendium is not None:
            sources.append(compendium)
        suggester = MemorySuggester(open_memory(sources), patterns, day)
    else:
        opened = open_engine(engine, EngineOptions(config.source, language, endpoint, policy))
        cache = None
        if opened.cache_id is not None:
            cache = TranslationCache.for_pair(
                config.root, opened.name, opened.cache_id, config.source, language
            )
        suggester = MachineSuggester(opened, config.source, language, cache, patterns, day)
    return _Plan(language, tuple(catalogs), suggester)


def _pending(catalog: polib.POFile) -> list[int]:
    """Indexes of the entries to fill: active, singular, with no translation at all. Plural
    entries are left to translators: engines know nothing of a language's plural forms."""
    return [
        index
        for index, entry in enumerate(catalog)
        if not entry.obsolete and not entry.msgid_plural and not entry.msgstr
    ]


def _estimate(plan: _Plan) -> LanguageReport:
    reports = []
    for item in plan.catalogs:
        pending = _pending(item.catalog)
        costs = [plan.suggester.cost(item.catalog[index]) for index in pending]
        sent = [cost for cost in costs if cost is not None]
        reports.append(CatalogReport(item.shown, len(pending), 0, 0, len(sent), sum(sent)))
    return LanguageReport(plan.language.tag, tuple(reports))


def _fill(
    item: _Catalog, suggester: Suggester, report: CatalogReport, counter: Counter, day: str
) -> None:
    """Fill one catalog's pending entries, saving as it goes and whatever happens."""
    catalog = item.catalog
    pending = _pending(catalog)
    counter.step(item.shown, 0)
    if not pending:
        return
    suggester.prefetch([catalog[index] for index in pending])
    changed = False
    last_save = time.monotonic()
    try:
        for index in pending:
            entry = catalog[index]
            try:
                suggestion = suggester.suggest(entry, report)
            except EngineFailure as failure:
                note = f"{suggester.name} could not translate this, {day}: {failure}"
                catalog[index] = _noted(entry, note)
                report.failed += 1
                changed = True
            else:
                if suggestion is not None:
                    catalog[index] = _filled(entry, suggestion)
                    report.filled += 1
                    changed = True
            counter.step(item.shown)
            if changed and time.monotonic() - last_save >= SAVE_INTERVAL:
                _save(item, suggester)
                changed, last_save = False, time.monotonic()
    finally:
        # Entries are replaced whole (one list assignment), so the catalog in memory is
        # consistent even when Ctrl-C lands mid-entry, and saving it now keeps the work done.
        if changed:
            _save(item, suggester)


def _save(item: _Catalog, suggester: Suggester) -> None:
    write_catalog(item.path, item.catalog, shown=item.shown)
    suggester.save()


def _with_note(tcomment: str | None, note: str) -> str:
    """A translator comment with our note replacing any earlier one; a human's lines stay."""
    kept = [line for line in comment_lines(tcomment) if not line.startswith(NOTE_PREFIX)]
    return "\n".join([*kept, f"{NOTE_PREFIX} {note}"])


def _filled(entry: polib.POEntry, suggestion: Suggestion) -> polib.POEntry:
    updated = copy.deepcopy(entry)
    updated.msgstr = suggestion.msgstr
    updated.flags = [FUZZY, *(flag for flag in entry.flags if flag != FUZZY)]
    updated.tcomment = _with_note(entry.tcomment, suggestion.note)
    return updated


def _noted(entry: polib.POEntry, note: str) -> polib.POEntry:
    updated = copy.deepcopy(entry)
    updated.tcomment = _with_note(entry.tcomment, note)
    return updated
