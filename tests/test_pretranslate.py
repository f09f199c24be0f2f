"""pretranslate on the shipped project: real Apertium, deep-translator's LibreTranslate client
against a local fake server, the review workflow, the cache, dry runs and interruptions."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.catalogs import FUZZY, write_catalog
from localize_post.document import check_inline_markup, tags_of
from localize_post.engines import ENGINES, Engine, EngineFailure, EngineOptions, RequestPolicy
from localize_post.engines.memory import MemoryEngine
from localize_post.engines.protect import protect, protection_pattern
from localize_post.engines.pseudo import PseudoEngine
from localize_post.errors import ConfigError
from localize_post.locales import parse_language
from localize_post.pretranslate import (
    PretranslateInterrupted,
    PretranslateReport,
    pretranslate,
    sentence_runs,
    within_limit,
)
from localize_post.progress import Progress
from localize_post.project import Project, load_project

from conftest import Run, require_tool, tree_digest
from fake_translation_server import FakeTranslationServer, Received, Reply, shout

EN = parse_language("en")
ES = parse_language("es")
POST = "locales/es/LC_MESSAGES/idor2020.po"
UI = "locales/es/LC_MESSAGES/ui.po"
# A generous timeout: a loaded CI machine must not turn a normal answer into a stall.
FAST = RequestPolicy(timeout=2.0, retries=3, backoff=0.05, max_backoff=0.2, min_interval=0)
NOTE = "pretranslate: machine translation by {engine}, 2020-11-05"
CACHE = ".localize-post/cache/libre/en-es.json"


def _catalog(root: Path, relative: str) -> polib.POFile:
    return polib.pofile(str(root / relative), wrapwidth=79)


def _clear(
    root: Path, relative: str, keep: Callable[[polib.POEntry], bool] = lambda _: False
) -> None:
    """Empty every translation of a catalog but those ``keep`` accepts, as a new language has."""
    catalog = _catalog(root, relative)
    for entry in catalog:
        if not keep(entry):
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            entry.flags = [flag for flag in entry.flags if flag != FUZZY]
    write_catalog(root / relative, catalog)


def _by_msgid(root: Path, relative: str) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in _catalog(root, relative)}


def _run(
    root: Path,
    engine: str,
    endpoint: str | None = None,
    policy: RequestPolicy | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> PretranslateReport:
    project = load_project(root)
    return pretranslate(project, [ES], engine, endpoint, False, policy, on_progress)


# --- Apertium, for real ---------------------------------------------------------------------


def test_apertium_pretranslates_the_spanish_catalogs(project: Path, run: Run) -> None:
    require_tool("apertium")
    title = "Medsquare supports the 9th edition of the International Day of Radiology #IDoR2020"
    human = _by_msgid(project, POST)[title].msgstr
    _clear(project, POST, keep=lambda entry: entry.msgid == title)
    _clear(project, UI)
    characters = _characters(project)

    result = run("-C", project, "pretranslate", "-l", "es", "--engine", "apertium")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "es: 20 filled, 0 failed, 0 left of 20 empty entries; sent 20 texts,"
        f" {characters} characters to apertium"
    )
    entries = {**_by_msgid(project, POST), **_by_msgid(project, UI)}
    assert entries[title].msgstr == human and FUZZY not in entries[title].flags
    plurals = [entry for entry in entries.values() if entry.msgid_plural]
    assert plurals and all(not any(entry.msgstr_plural.values()) for entry in plurals)
    machine = [entry for msgid, entry in entries.items() if msgid != title and entry not in plurals]
    for entry in machine:
        assert FUZZY in entry.flags
        assert entry.tcomment == NOTE.format(engine="apertium")
        check_inline_markup(entry.msgid, entry.msgstr, tags_of(entry.msgid))
    link = next(entry for entry in machine if "<a1>" in entry.msgid)
    assert link.msgstr.startswith("Para más información, visita el <a1>")
    assert "sitio web" in link.msgstr and link.msgstr.endswith("</a1>.")
    byline = entries["Written by %(author)s · %(date)s · In %(category)s"]
    assert byline.msgstr == "Escritos por %(author)s · %(date)s · En %(category)s"
    assert byline.flags == [FUZZY, "python-format"]
    words = Counter(" ".join(entry.msgstr for entry in machine).lower().split())
    assert words["de"] + words["la"] + words["el"] + words["y"] > 60  # Spanish, not English
    assert words["the"] + words["and"] + words["of"] == 0


def _characters(root: Path) -> int:
    """What a run sends: every empty singular entry's protected text (plural ones are left to
    translators)."""
    total = 0
    for relative in (POST, UI):
        for entry in _catalog(root, relative):
            if not entry.msgstr and not entry.msgid_plural:
                pattern = protection_pattern(python_format="python-format" in entry.flags)
                total += len(protect(entry.msgid, pattern).text)
    return total


# --- LibreTranslate through deep-translator, against the fake server ------------------------

DROPS = "For more information, visit the"
BREAKS = "Medsquare supports the 9th edition"
STALLS = "Share the post"
BUSY = "Blog"


def _script() -> Callable[[Received, int], Reply]:
    """Answers by text: the link's reply loses a placeholder, the title's too and its pieces
    come back with an invented tag, one text stalls and one is refused twice with 429."""
    seen: Counter[str] = Counter()

    def reply(received: Received, number: int) -> Reply:
        text = received.text
        seen[text] += 1
        if text.startswith(DROPS) and "XPH" in text:
            return Reply(text=shout(text.replace("XPH1X", "", 1)))
        if text.startswith(BREAKS):
            invented = "" if "XPH" in text else " <b>!</b>"
            return Reply(text=shout(text.replace("XPH1X", "")) + invented)
        if text == STALLS:
            return Reply(stall=30)
        if text == BUSY and seen[text] <= 2:
            return Reply(status=429)
        return Reply()

    return reply


def test_libre_fills_what_it_can_and_explains_the_rest(project: Path) -> None:
    pytest.importorskip("deep_translator")
    _clear(project, POST)
    _clear(project, UI)
    progress: list[Progress] = []
    with FakeTranslationServer(_script()) as server:
        report = _run(
            project, "libre", endpoint=server.url, policy=FAST, on_progress=progress.append
        )

    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed) == (21, 19, 2)
    assert progress[-1] == Progress(UI, 21, 21)
    assert [received.source + received.target for received in server.received] == ["enes"] * len(
        server.received
    )
    texts = Counter(received.text for received in server.received)
    assert texts[BUSY] == 3  # two 429s, then the answer
    assert texts[STALLS] == 1  # a timeout is not retried

    entries = {**_by_msgid(project, POST), **_by_msgid(project, UI)}
    assert entries["Blog"].msgstr == "BLOG" and entries["Blog"].flags == [FUZZY]
    assert entries["Blog"].tcomment == NOTE.format(engine="libre")

    stalled = entries[STALLS]
    assert stalled.msgstr == "" and FUZZY not in stalled.flags
    assert stalled.tcomment == (
        "pretranslate: libre could not translate this, 2020-11-05: no answer within 2 s"
    )

    link = next(entry for msgid, entry in entries.items() if msgid.startswith(DROPS))
    assert (
        link.msgstr
        == "FOR MORE INFORMATION, VISIT THE <a1>INTERNATIONAL DAY OF RADIOLOGY WEBSITE</a1>."
    )
    assert link.tcomment == (
        NOTE.format(engine="libre")
        + "; translated piece by piece between tags, so check the word order"
    )

    title = next(entry for msgid, entry in entries.items() if msgid.startswith(BREAKS))
    assert title.msgstr == "" and FUZZY not in title.flags
    assert title.tcomment == (
        "pretranslate: libre could not translate this, 2020-11-05: the engine's reply cannot be"
        " verified (lost #IDoR2020), even piece by piece (invented tag <b>)"
    )

    share = entries["Share on %(network)s"]
    assert share.msgstr == "SHARE ON %(network)s"
    assert share.flags == [FUZZY, "python-format"]

    # Only the answers of verified translations are cached: the link's pieces, not its whole.
    cached = {text for answers in _cache(project).values() for text in answers}
    sent = set(texts)
    assert "For more information, visit the" in cached and BUSY in cached
    assert not {text for text in sent if text.startswith((DROPS + " XPH", BREAKS))} & cached
    assert STALLS not in cached


def test_a_later_run_retries_failures_and_replaces_their_note(project: Path) -> None:
    pytest.importorskip("deep_translator")
    _clear(project, UI)
    _clear(project, POST, keep=lambda entry: True)
    with FakeTranslationServer(_script()) as server:
        _run(project, "libre", endpoint=server.url, policy=FAST)
    assert _by_msgid(project, UI)[STALLS].msgstr == ""
    with FakeTranslationServer() as server:
        report = _run(project, "libre", endpoint=server.url, policy=FAST)
    assert [received.text for received in server.received] == [STALLS]
    assert report.languages[0].totals.filled == 1
    stalled = _by_msgid(project, UI)[STALLS]
    assert (stalled.msgstr, stalled.tcomment) == ("SHARE THE POST", NOTE.format(engine="libre"))


def _cache(root: Path) -> dict[str, dict[str, str]]:
    cache: dict[str, dict[str, str]] = json.loads((root / CACHE).read_text(encoding="utf-8"))
    return cache


def test_a_cached_answer_that_no_longer_verifies_is_forgotten_and_asked_again(
    project: Path,
) -> None:
    """As when the checks grow stricter than when the answer was cached."""
    pytest.importorskip("deep_translator")
    _clear(project, POST, keep=lambda entry: True)
    _clear(project, UI, keep=lambda entry: entry.msgid != "News")
    with FakeTranslationServer() as server:
        (project / CACHE).parent.mkdir(parents=True)
        cache_id = f"libre {server.url}"
        (project / CACHE).write_text(json.dumps({cache_id: {"News": "NEWS " * 100}}))

        first = _run(project, "libre", endpoint=server.url, policy=FAST)
        assert server.received == [] and first.failed_everything
        news = _by_msgid(project, UI)["News"]
        assert news.msgstr == "" and "cannot be verified (499 characters" in news.tcomment
        assert _cache(project) == {cache_id: {}}

        second = _run(project, "libre", endpoint=server.url, policy=FAST)
    assert [received.text for received in server.received] == ["News"]
    assert second.languages[0].totals.filled == 1 and not second.failed_everything
    assert _by_msgid(project, UI)["News"].msgstr == "NEWS"
    assert _cache(project) == {cache_id: {"News": "NEWS"}}


def test_a_second_run_sends_nothing(project: Path) -> None:
    pytest.importorskip("deep_translator")
    _clear(project, POST)
    _clear(project, UI)
    with FakeTranslationServer() as server:
        _run(project, "libre", endpoint=server.url, policy=FAST)
        first = (project / POST).read_bytes()
        assert len(server.received) == 21
        assert (project / CACHE).is_file()

        _clear(project, POST)
        _clear(project, UI)
        report = _run(project, "libre", endpoint=server.url, policy=FAST)
        assert len(server.received) == 21
    assert report.languages[0].totals.filled == 21 and report.languages[0].totals.sent == 0
    assert (project / POST).read_bytes() == first


# --- the review workflow --------------------------------------------------------------------


def test_human_translations_are_never_overwritten(project: Path) -> None:
    catalog = _catalog(project, POST)
    catalog[1].flags.append(FUZZY)  # a human's draft, fuzzy but not empty
    catalog[2].msgstr = ""
    write_catalog(project / POST, catalog)
    before = [(entry.msgstr, entry.flags, entry.tcomment) for entry in _catalog(project, POST)]
    ui_before = (project / UI).read_bytes()

    report = _run(project, "pseudo")

    after = [(entry.msgstr, entry.flags, entry.tcomment) for entry in _catalog(project, POST)]
    assert [index for index in range(len(before)) if before[index] != after[index]] == [2]
    assert after[2] == ("[ßļöĝ]", [FUZZY], NOTE.format(engine="pseudo"))
    assert (project / UI).read_bytes() == ui_before
    assert report.languages[0].totals.pending == 1


def test_dry_run_prints_what_would_be_sent_and_writes_nothing(project: Path, run: Run) -> None:
    pytest.importorskip("deep_translator")
    _clear(project, POST)
    _clear(project, UI, keep=lambda entry: entry.msgid != "News")
    before = tree_digest(project)
    with FakeTranslationServer() as server:
        result = run(
            "-C", project, "pretranslate", "-l", "es", "--engine", "libre",
            "--endpoint", server.url, "--dry-run",
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert server.received == []
    assert tree_digest(project) == before
    characters = _characters(project)
    assert result.output.splitlines() == [
        f"{POST}: 10 empty entries; would send 10 texts, {characters - 4} characters to libre",
        f"{UI}: 1 empty entries; would send 1 texts, 4 characters to libre",
        f"es: 11 empty entries; would send 11 texts, {characters} characters to libre",
    ]


def test_glossary_terms_stay_as_they_are(project: Path) -> None:
    with (project / "localize-post.toml").open("a", encoding="utf-8") as settings:
        settings.write('glossary = ["Medsquare", "RSNA", "International Day of Radiology"]\n')
    _clear(project, POST)
    _run(project, "pseudo")
    text = " ".join(entry.msgstr for entry in _catalog(project, POST))
    assert text.count("Medsquare") == 3 and text.count("RSNA") == 1
    assert text.count("International Day of Radiology") == 5
    assert "Ŕåðîöļöĝý" in text  # "Radiology" outside the term is translated


# --- interruptions and bad input ------------------------------------------------------------


class _Breaking(Engine):
    """Pseudo-translates, then raises ``error`` on call number ``at``."""

    name = "breaking"

    def __init__(self, at: int, error: BaseException) -> None:
        self._pseudo = PseudoEngine(rtl=False)
        self._calls = 0
        self._at = at
        self._error = error

    def translate(self, text: str) -> str:
        self._calls += 1
        if self._calls == self._at:
            raise self._error
        return self._pseudo.translate(text)


@pytest.mark.parametrize("error", [KeyboardInterrupt(), RuntimeError("engine crashed")])
def test_an_interruption_keeps_the_entries_done_before_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    monkeypatch.setitem(ENGINES, "breaking", lambda options: _Breaking(4, error))
    _clear(project, POST)
    expected = PretranslateInterrupted if isinstance(error, KeyboardInterrupt) else RuntimeError
    with pytest.raises(expected) as raised:
        _run(project, "breaking")
    entries = list(_catalog(project, POST))
    assert [bool(entry.msgstr) for entry in entries] == [True] * 3 + [False] * 7
    assert all(entry.flags == [FUZZY] for entry in entries[:3])
    if isinstance(raised.value, PretranslateInterrupted):
        totals = raised.value.report.languages[0].totals
        assert (totals.pending, totals.filled) == (10, 3)


def test_ctrl_c_on_the_command_line_reports_and_exits_130(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ENGINES, "breaking", lambda options: _Breaking(2, KeyboardInterrupt()))
    _clear(project, POST)
    result = run("-C", project, "pretranslate", "-l", "es", "--engine", "breaking")
    assert result.exit_code == 130
    assert result.stdout.splitlines()[0] == (
        f"{POST}: 1 filled, 0 failed, 9 left of 10 empty entries; sent 2 texts,"
        f" {_sent_characters(project, 2)} characters to breaking"
    )
    assert result.stderr == "localize-post: interrupted; the entries done so far are saved\n"


def _sent_characters(root: Path, count: int) -> int:
    entries = list(_catalog(root, POST))
    return sum(len(protect(entry.msgid, protection_pattern()).text) for entry in entries[:count])


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-l", "ja", "--engine", "apertium"], "engine apertium cannot translate en→ja; it has"),
        (["-l", "es", "--engine", "babel"], "unknown engine 'babel'; use one of: pseudo,"),
        (["-l", "es", "--engine", "libre"], "engine libre needs --endpoint URL"),
        (["-l", "en", "--engine", "pseudo"], "en is the source language: nothing to translate"),
        (
            ["-l", "es", "--engine", "libre", "--endpoint", "ftp://example.org/"],
            "--endpoint 'ftp://example.org/' is not a URL: it must start with http:// or https://",
        ),
        (
            ["-l", "es", "--engine", "deepl", "--endpoint", "http://exa mple.org"],
            "--endpoint 'http://exa mple.org' is not a URL: it holds a space or a control",
        ),
        (
            ["-l", "es", "--engine", "pseudo", "--endpoint", "localhost"],
            "--endpoint 'localhost' is not a URL: it must start with http:// or https://",
        ),
        (
            ["-l", "pt-BR", "--engine", "pseudo"],
            "locales/pt_BR/LC_MESSAGES/idor2020.po: missing catalog:"
            " run `localize-post update -l pt-BR` first",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    project: Path, run: Run, arguments: list[str], message: str
) -> None:
    if "apertium" in arguments:
        require_tool("apertium")
    if "libre" in arguments:
        pytest.importorskip("deep_translator")
    _clear(project, POST)
    before = tree_digest(project)
    result = run("-C", project, "pretranslate", *arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"localize-post: {message}")
    assert result.stderr.count("\n") == 1
    assert tree_digest(project) == before


def test_an_endpoint_that_is_not_a_url_is_refused_before_any_catalog_is_read(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(self: Project, path: Path) -> polib.POFile:
        raise AssertionError(f"{path} read before the endpoint was checked")

    monkeypatch.setattr(Project, "read", read)
    before = tree_digest(project)
    # pt-BR has no catalog: the endpoint is refused before that is found out
    for engine in ("libre", "deepl", "pseudo"):
        with pytest.raises(ConfigError, match=r"^--endpoint 'http://' is not a URL: it names no"):
            pretranslate(load_project(project), [parse_language("pt-BR")], engine, "http://")
    assert tree_digest(project) == before


def test_a_broken_catalog_is_named_with_its_line(project: Path, run: Run) -> None:
    broken = project / UI
    broken.write_text(broken.read_text(encoding="utf-8") + 'msgid "oops\n', encoding="utf-8")
    _clear(project, POST)
    before = tree_digest(project)
    result = run("-C", project, "pretranslate", "-l", "es", "--engine", "pseudo")
    line = broken.read_text(encoding="utf-8").count("\n")
    assert result.exit_code == 2
    assert result.stderr == f"localize-post: {UI}:{line}: syntax error: string is not terminated\n"
    assert tree_digest(project) == before


def test_engine_options_reach_the_engine(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[EngineOptions] = []

    def remember(options: EngineOptions) -> Engine:
        seen.append(options)
        return PseudoEngine(rtl=False)

    monkeypatch.setitem(ENGINES, "remember", remember)
    _run(project, "remember", endpoint="http://127.0.0.1:1/", policy=FAST)
    assert seen == [EngineOptions(parse_language("en"), ES, "http://127.0.0.1:1/", FAST)]


# --- whether the run failed -----------------------------------------------------------------


class _Failing(Engine):
    name = "failing"

    def translate(self, text: str) -> str:
        raise EngineFailure("HTTP 503")


def _failing_for(*tags: str) -> Callable[[EngineOptions], Engine]:
    """An engine that fails every text into the languages ``tags``, and pseudo-translates."""

    def open_failing(options: EngineOptions) -> Engine:
        return _Failing() if options.target.tag in tags else PseudoEngine(rtl=False)

    return open_failing


@pytest.mark.parametrize(
    ("failing", "languages", "dry_run", "failed_everything"),
    [
        (["es"], ["es"], False, True),
        (["es", "fr"], ["es", "fr"], False, True),
        (["fr"], ["es", "fr"], False, False),  # Spanish was filled
        ([], ["es"], False, False),
        (["es"], ["es"], True, False),  # a dry run sends nothing, so nothing fails
    ],
)
def test_a_run_failed_everything_when_every_text_it_tried_failed(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: list[str],
    languages: list[str],
    dry_run: bool,
    failed_everything: bool,
) -> None:
    monkeypatch.setitem(ENGINES, "failing", _failing_for(*failing))
    for tag in languages:
        _clear(project, POST.replace("/es/", f"/{tag}/"))
    chosen = [parse_language(tag) for tag in languages]
    report = pretranslate(load_project(project), chosen, "failing", None, dry_run)
    assert report.failed_everything is failed_everything


def test_a_run_with_nothing_to_fill_or_no_match_in_memory_failed_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ENGINES, "failing", _failing_for("es"))
    report = _run(project, "failing")
    assert report.languages[0].totals.pending == 0 and not report.failed_everything

    _clear(project, UI)  # the memory then knows no translation of these
    _clear(project, POST)
    report = _run(project, "memory")
    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed) == (21, 0, 0)
    assert not report.failed_everything


# --- translation memory ---------------------------------------------------------------------

COMPENDIUM = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: es\\n"

msgid "Blog"
msgstr "Bitácora"

msgid "For more information, visit the International Day of Radiology website."
msgstr "Para más información, visite el sitio web del Día Internacional de la Radiología."
"""


def _with_compendium(project: Path) -> None:
    with (project / "localize-post.toml").open("a", encoding="utf-8") as settings:
        settings.write('compendium = "compendia/{language}.po"\n')
    (project / "compendia").mkdir()
    (project / "compendia" / "es.po").write_text(COMPENDIUM, encoding="utf-8")


def test_memory_suggests_from_the_compendium_and_checks_the_tags(project: Path, run: Run) -> None:
    pytest.importorskip("localize_post.memory")
    _with_compendium(project)
    _clear(project, POST, keep=lambda entry: entry.msgid != "Blog" and "<a1>" not in entry.msgid)
    ui = (project / UI).read_bytes()

    result = run("-C", project, "pretranslate", "-l", "es", "--engine", "memory")

    assert result.exit_code == 0, result.output
    entries = _by_msgid(project, POST)
    assert entries["Blog"].msgstr == "Bitácora" and entries["Blog"].flags == [FUZZY]
    assert entries["Blog"].tcomment == (
        "pretranslate: translation memory, 2020-11-05: 100% match in compendia/es.po"
    )
    link = next(entry for msgid, entry in entries.items() if "<a1>" in msgid)
    assert link.msgstr == "" and FUZZY not in link.flags
    assert link.tcomment.startswith("pretranslate: memory could not translate this, 2020-11-05:")
    assert "match in compendia/es.po does not fit: tags differ from the source: missing <a1>" in (
        link.tcomment
    )
    assert (project / UI).read_bytes() == ui


@dataclass(frozen=True, slots=True)
class _Match:
    msgstr: str
    origin: str
    score: float


class _ExactMemory:
    """Exact matches only: a stand-in for TranslationMemory, to see what pretranslate gives
    the memory and does with its answers."""

    def __init__(self, catalogs: Iterable[tuple[str, polib.POFile]]) -> None:
        self.origins: list[str] = []
        self._known: dict[str, _Match] = {}
        for origin, catalog in catalogs:
            self.origins.append(origin)
            for entry in catalog:
                if entry.msgstr and FUZZY not in entry.flags:
                    self._known.setdefault(entry.msgid, _Match(entry.msgstr, origin, 100.0))

    def lookup(
        self, msgid: str, msgctxt: str | None = None, threshold: float = 75.0
    ) -> _Match | None:
        return self._known.get(msgid)


def test_memory_reads_the_languages_catalogs_and_the_compendium(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memories: list[_ExactMemory] = []

    def open_memory(catalogs: Iterable[tuple[str, polib.POFile]]) -> MemoryEngine:
        memories.append(_ExactMemory(catalogs))
        return MemoryEngine(memories[-1])

    monkeypatch.setattr("localize_post.pretranslate.open_memory", open_memory)
    _with_compendium(project)
    assert _by_msgid(project, UI)["News"].msgstr  # so clearing it below makes a real gap
    _clear(project, POST, keep=lambda entry: entry.msgid != "Blog")
    _clear(project, UI, keep=lambda entry: entry.msgid != "News")

    report = _run(project, "memory")

    assert memories[0].origins == [POST, UI, "compendia/es.po"]
    blog = _by_msgid(project, POST)["Blog"]
    assert (blog.msgstr, blog.flags) == ("Bitácora", [FUZZY])
    assert blog.tcomment == (
        "pretranslate: translation memory, 2020-11-05: 100% match in compendia/es.po"
    )
    news = _by_msgid(project, UI)["News"]
    assert (news.msgstr, news.tcomment) == ("", "")  # no match: untouched, no comment
    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed, totals.sent) == (2, 1, 0, 0)


def test_a_missing_compendium_is_bad_input(project: Path, run: Run) -> None:
    _with_compendium(project)
    (project / "compendia" / "es.po").unlink()
    result = run("-C", project, "pretranslate", "-l", "es", "--engine", "memory")
    assert result.exit_code == 2
    assert result.stderr == (
        "localize-post: compendia/es.po: compendium not found (see the compendium setting)\n"
    )


SENTENCE = st.lists(
    st.sampled_from(["radiology", "X-rays", "XPH1X", "imaging", "day", "8", "November"]),
    min_size=1,
    max_size=8,
).map(lambda words: " ".join(words).capitalize() + ".")


@settings(max_examples=200)
@given(st.lists(SENTENCE, min_size=1, max_size=12), st.integers(80, 300))
def test_sentence_runs_fit_the_limit_and_give_the_text_back(
    sentences: list[str], limit: int
) -> None:
    text = " ".join(sentences)
    runs = sentence_runs(text, limit, EN)
    assert " ".join(runs) == text
    assert all(len(run) <= limit for run in runs)
    assert len(runs) == 1 or len(text) > limit


def test_a_long_text_goes_in_runs_joined_as_the_target_language_joins_sentences() -> None:
    sent: list[str] = []

    def engine(text: str) -> str:
        sent.append(text)
        return text.upper()

    text = "First sentence here. Second one is here. Third."
    japanese = within_limit(engine, 25, EN, parse_language("ja"))
    assert japanese(text) == "FIRST SENTENCE HERE.SECOND ONE IS HERE.THIRD."
    assert sent == ["First sentence here.", "Second one is here.", "Third."]
    french = within_limit(engine, 30, EN, parse_language("fr"))
    assert french(text) == text.upper()
    assert within_limit(engine, None, EN, parse_language("fr")) is engine
    with pytest.raises(EngineFailure, match="a sentence of 20 characters is longer than the 10"):
        within_limit(engine, 10, EN, parse_language("fr"))(text)
