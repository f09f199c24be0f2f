"""deep-translator's real Google, MyMemory and Microsoft clients, through our engines, against
the fake services of fake_translation_server on 127.0.0.1.

Each client reads its URL from ``deep_translator.constants.BASE_URLS`` when it is created,
which our engines do on their first translation, so the tests point those entries at the fake.
Microsoft's client also fetches its language list, when created, from a URL written into its
code (``https://api.cognitive.microsofttranslator.com/languages...``) that no setting changes:
the tests make the fake its https proxy instead, trusted through ``REQUESTS_CA_BUNDLE``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import polib
import pytest

from localize_post.catalogs import FUZZY, write_catalog
from localize_post.document import check_inline_markup, tags_of
from localize_post.engines import Engine, EngineFailure, EngineOptions, RequestPolicy, open_engine
from localize_post.engines.protect import protection_pattern
from localize_post.errors import ConfigError
from localize_post.locales import parse_language
from localize_post.pretranslate import PretranslateReport, machine_translate, pretranslate
from localize_post.project import load_project
from test_pretranslate import EN, ES, FAST, NOTE, POST, UI

from conftest import ServeEngine
from fake_translation_server import (
    MICROSOFT_KEY,
    MICROSOFT_LANGUAGES_PATH,
    FakeTranslationServer,
    Received,
    Reply,
    Script,
    loopback_only,
    shout,
)

ONLINE = ["google", "mymemory", "microsoft"]
FAILED = "pretranslate: {engine} could not translate this, 2020-11-05: "
# How each service spells English and Spanish.
PAIRS = {"google": ("en", "es"), "mymemory": ("en-US", "es-ES"), "microsoft": ("en", "es")}
MYMEMORY_LIMIT = 500


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


def _open(engine: str, target: str = "es", policy: RequestPolicy = FAST) -> Engine:
    return open_engine(engine, EngineOptions(EN, parse_language(target), None, policy))


def _translations(server: FakeTranslationServer) -> list[Received]:
    """What the server was asked to translate: Microsoft's language list left out."""
    return [received for received in server.received if received.path != MICROSOFT_LANGUAGES_PATH]


def _first_translation_gets(reply: Reply) -> Script:
    """Answers ``reply`` to the first request to translate, and normally to every other."""
    asked: list[Received] = []

    def script(received: Received, number: int) -> Reply:
        if received.path == MICROSOFT_LANGUAGES_PATH:
            return Reply()
        asked.append(received)
        return reply if len(asked) == 1 else Reply()

    return script


# --- catalogs -------------------------------------------------------------------------------


def _catalog(root: Path, relative: str) -> polib.POFile:
    return polib.pofile(str(root / relative), wrapwidth=79)


def _clear(root: Path, relative: str) -> None:
    """Empty every translation of a catalog, as a new language has."""
    catalog = _catalog(root, relative)
    for entry in catalog:
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        entry.flags = [flag for flag in entry.flags if flag != FUZZY]
    write_catalog(root / relative, catalog)


def _by_msgid(root: Path, *relatives: str) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for relative in relatives for entry in _catalog(root, relative)}


def _run(root: Path, engine: str) -> PretranslateReport:
    return pretranslate(load_project(root), [ES], engine, None, False, FAST)


# --- answers fill the catalogs --------------------------------------------------------------

KEPT_AS_IS = re.compile(r"#\w+|%\(\w+\)s|</?\w+>")


@pytest.mark.parametrize("engine", ONLINE)
def test_answers_fill_the_empty_entries_fuzzy_naming_the_engine(
    project: Path, serve_engine: ServeEngine, engine: str
) -> None:
    _clear(project, POST)
    _clear(project, UI)
    with serve_engine(engine) as server:
        report = _run(project, engine)

    translations = _translations(server)
    assert {(received.source, received.target) for received in translations} == {PAIRS[engine]}
    assert all("<" not in received.text and "#" not in received.text for received in translations)
    entries = _by_msgid(project, POST, UI)
    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed) == (21, 21, 0)
    for msgid, entry in entries.items():
        if entry.msgid_plural:  # left to translators: engines know nothing of plural forms
            assert not any(entry.msgstr_plural.values()) and FUZZY not in entry.flags
            continue
        assert entry.msgstr.upper() == msgid.upper() and entry.msgstr != msgid, msgid
        assert KEPT_AS_IS.findall(entry.msgstr) == KEPT_AS_IS.findall(msgid)
        check_inline_markup(msgid, entry.msgstr, tags_of(msgid))
        assert entry.flags[0] == FUZZY and entry.tcomment == NOTE.format(engine=engine)
    # MyMemory refuses texts of 500 characters or more: the post's three longer paragraphs
    # go as runs of whole sentences, the rest one request each.
    long_ones = [msgid for msgid in entries if len(msgid) >= MYMEMORY_LIMIT]
    assert len(long_ones) == 3
    if engine == "mymemory":
        assert all(len(received.text) < MYMEMORY_LIMIT for received in translations)
        assert len(translations) > 21
    else:
        assert len(translations) == 21
    assert entries["Share on %(network)s"].flags == [FUZZY, "python-format"]


@pytest.mark.parametrize("engine", ONLINE)
def test_tags_hashtags_and_urls_come_back_unsent_and_unchanged(
    serve_engine: ServeEngine, engine: str
) -> None:
    msgid = (
        "See the <a1>IDoR <em>website</em></a1>, https://www.internationaldayofradiology.com/"
        "?lang=en, and #IDoR2020 on 8 November."
    )
    with serve_engine(engine) as server:
        translation = machine_translate(msgid, _open(engine).translate, protection_pattern())
    assert translation.msgstr == (
        "SEE THE <a1>IDOR <em>WEBSITE</em></a1>, https://www.internationaldayofradiology.com/"
        "?lang=en, AND #IDoR2020 ON 8 NOVEMBER."
    )
    assert not translation.piecewise
    [sent] = _translations(server)
    assert "https" not in sent.text and "#" not in sent.text and "<" not in sent.text


# --- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ONLINE)
@pytest.mark.parametrize(
    "failure", [Reply(429), Reply(503), Reply(hang_up=True)], ids=["429", "503", "hang-up"]
)
def test_a_refused_or_dropped_request_is_sent_again(
    serve_engine: ServeEngine, engine: str, failure: Reply
) -> None:
    with serve_engine(engine, _first_translation_gets(failure)) as server:
        assert _open(engine).translate("Hello XPH1X") == "HELLO XPH1X"
    assert [received.text for received in _translations(server)] == ["Hello XPH1X"] * 2


@pytest.mark.parametrize("engine", ["google", "mymemory"])
def test_a_request_refused_for_good_is_not_sent_again(
    serve_engine: ServeEngine, engine: str
) -> None:
    """Their clients raise the same bare error for every failed status; the status is read back
    from the request that failed, so a 403 fails at once where a 503 is retried."""
    refusing = serve_engine(engine, _first_translation_gets(Reply(403)))
    with refusing as server, pytest.raises(EngineFailure, match="HTTP 403"):
        _open(engine).translate("Hello XPH1X")
    assert len(_translations(server)) == 1


DROPS = "For more information, visit the"
BREAKS = "Medsquare supports the 9th edition"


def _breaks_markup(received: Received, number: int) -> Reply:
    """The link's reply loses a placeholder; the title's too, and its pieces come back with
    an invented tag."""
    text = received.text
    if text.startswith(DROPS) and "XPH" in text:
        return Reply(text=shout(text.replace("XPH1X", "", 1)))
    if text.startswith(BREAKS):
        invented = "" if "XPH" in text else " <b>!</b>"
        return Reply(text=shout(text.replace("XPH1X", "")) + invented)
    return Reply()


@pytest.mark.parametrize("engine", ONLINE)
def test_a_reply_that_drops_a_placeholder_is_never_written_unverified(
    project: Path, serve_engine: ServeEngine, engine: str
) -> None:
    _clear(project, POST)
    with serve_engine(engine, _breaks_markup) as server:
        _run(project, engine)
    entries = _by_msgid(project, POST)

    link = next(entry for msgid, entry in entries.items() if msgid.startswith(DROPS))
    assert link.msgstr == (
        "FOR MORE INFORMATION, VISIT THE <a1>INTERNATIONAL DAY OF RADIOLOGY WEBSITE</a1>."
    )
    assert link.tcomment == (
        NOTE.format(engine=engine)
        + "; translated piece by piece between tags, so check the word order"
    )
    sent = [received.text for received in _translations(server)]
    assert [text for text in sent if text.startswith(DROPS)] == [
        "For more information, visit the XPH1X International Day of Radiology website XPH2X .",
        "For more information, visit the",
    ]

    title = next(entry for msgid, entry in entries.items() if msgid.startswith(BREAKS))
    assert title.msgstr == "" and FUZZY not in title.flags
    assert title.tcomment == FAILED.format(engine=engine) + (
        "the engine's reply cannot be verified (lost #IDoR2020), even piece by piece"
        " (invented tag <b>)"
    )


@pytest.mark.parametrize("engine", ONLINE)
def test_an_empty_answer_is_a_failure_and_not_sent_again(
    serve_engine: ServeEngine, engine: str
) -> None:
    empty = serve_engine(engine, lambda received, number: Reply(text=""))
    failure = pytest.raises(EngineFailure, match=f"^{engine} returned no translation$")
    with empty as server, failure:
        _open(engine).translate("Hello")
    assert len(_translations(server)) == 1


# --- language codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("engine", "tag", "pair"),
    [
        ("google", "he", ("en", "iw")),
        ("google", "zh-Hans", ("en", "zh-CN")),
        ("google", "zh-Hant", ("en", "zh-TW")),
        ("google", "nb", ("en", "no")),
        ("mymemory", "he", ("en-US", "he-IL")),
        ("mymemory", "pt-BR", ("en-US", "pt-BR")),
        ("mymemory", "zh-Hant", ("en-US", "zh-TW")),
        # deep-translator lowers the codes of the list Microsoft sends (zh-Hans)
        ("microsoft", "zh-Hans", ("en", "zh-hans")),
        ("microsoft", "pt-PT", ("en", "pt-pt")),
        ("microsoft", "he", ("en", "he")),
    ],
)
def test_languages_reach_each_service_spelled_its_way(
    serve_engine: ServeEngine, engine: str, tag: str, pair: tuple[str, str]
) -> None:
    with serve_engine(engine) as server:
        assert _open(engine, tag).translate("Hello") == "HELLO"
    assert [(received.source, received.target) for received in _translations(server)] == [pair]


def test_mymemory_sends_the_email_from_the_environment(
    serve_engine: ServeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOCALIZE_POST_MYMEMORY_EMAIL", "translators@example.org")
    with serve_engine("mymemory") as server:
        _open("mymemory").translate("Hello")
    assert [received.key for received in server.received] == ["translators@example.org"]


# --- Microsoft: its key and its language list -----------------------------------------------


def test_microsoft_sends_the_key_from_the_environment_only(
    serve_engine: ServeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSOFT_API_KEY", "deep-translators-own-variable")
    with serve_engine("microsoft") as server:
        monkeypatch.setenv(MICROSOFT_KEY, "key-from-the-environment")
        engine = _open("microsoft")
        assert engine.translate("Hello") == "HELLO"
        assert engine.translate("World") == "WORLD"
        assert [received.key for received in _translations(server)] == [
            "key-from-the-environment"
        ] * 2

        monkeypatch.delenv(MICROSOFT_KEY)
        with pytest.raises(
            ConfigError, match=f"engine microsoft needs an API key in {MICROSOFT_KEY}"
        ):
            _open("microsoft")
    assert [received.path for received in server.received] == [
        MICROSOFT_LANGUAGES_PATH,
        "/translate",
        "/translate",
    ]


def test_microsoft_status_is_read_from_its_error_code_so_a_400_is_not_retried(
    serve_engine: ServeEngine,
) -> None:
    refusing = serve_engine("microsoft", _first_translation_gets(Reply(400)))
    failure = pytest.raises(EngineFailure, match=r"Microsoft error: .*'code': 400001")
    with refusing as server, failure:
        _open("microsoft").translate("Hello")
    assert len(_translations(server)) == 1


def test_microsoft_asks_again_for_its_language_list_after_a_429(serve_engine: ServeEngine) -> None:
    def script(received: Received, number: int) -> Reply:
        return Reply(429) if number == 0 else Reply()

    with serve_engine("microsoft", script) as server:
        assert _open("microsoft").translate("Hello") == "HELLO"
    assert [received.path for received in server.received] == [
        MICROSOFT_LANGUAGES_PATH,
        MICROSOFT_LANGUAGES_PATH,
        "/translate",
    ]


def test_microsoft_language_list_that_stalls_gives_up_at_the_timeout(
    serve_engine: ServeEngine,
) -> None:
    policy = RequestPolicy(timeout=0.5, retries=3, backoff=0.05, max_backoff=0.2, min_interval=0)
    with serve_engine("microsoft", lambda received, number: Reply(stall=30)) as server:
        started = time.monotonic()
        with pytest.raises(EngineFailure, match=r"no answer within 0\.5 s"):
            _open("microsoft", policy=policy).translate("Hello")
        assert time.monotonic() - started < 3
    assert [received.path for received in server.received] == [MICROSOFT_LANGUAGES_PATH]


def test_microsoft_names_the_languages_its_list_lacks(serve_engine: ServeEngine) -> None:
    lacking = pytest.raises(ConfigError, match=r"cannot translate en→kl; it has ar, de, en, es,")
    with serve_engine("microsoft") as server, lacking:
        _open("microsoft", "kl").translate("Hello")
    assert [received.path for received in server.received] == [MICROSOFT_LANGUAGES_PATH]
