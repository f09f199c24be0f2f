"""Replies no service should send, through the real deep-translator and deepl clients against
the fake services of fake_translation_server on 127.0.0.1: every one fails its text with a
short reason, never a traceback, and is never cached, so the next run asks again."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from localize_post.catalogs import FUZZY
from localize_post.engines import Engine, EngineFailure, EngineOptions, open_engine
from localize_post.engines.protect import protect, protection_pattern
from localize_post.pretranslate import PretranslateReport, pretranslate
from localize_post.project import load_project
from test_pretranslate import EN, ES, FAST, NOTE, POST, UI, _by_msgid, _clear

from conftest import ServeEngine
from fake_translation_server import (
    MICROSOFT_LANGUAGES_PATH,
    FakeTranslationServer,
    Received,
    Reply,
    Script,
    endpoint_of,
    loopback_only,
    shout,
)

ENGINES = ["google", "mymemory", "microsoft", "libre", "deepl"]
FAILED = "pretranslate: {engine} could not translate this, 2020-11-05: "
HTML = "text/html; charset=utf-8"
GATEWAY_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>The proxy received an invalid response.</p></body></html>"
)
# Bodies in place of the service's answer: the shapes a broken proxy, a changed API or a
# hostile server may send, then each service's envelope with a field of the wrong type.
SHAPES = {
    "a JSON string": '"HOLA"',
    "an error object": '{"error": "quota exceeded"}',
    "an error object with a code": '{"error": {"code": 400001, "message": "bad"}}',
    "an error that is null": '{"error": null}',
    "an empty object": "{}",
    "a list": '["HOLA"]',
    "an empty list": "[]",
    "a list of numbers": "[1, 2]",
    "null": "null",
    "a number": "42",
    "true": "true",
    "not JSON": "HOLA, not JSON",
    "truncated JSON": '{"translatedText": "HO',
    "an empty body": "",
    "an HTML error page": GATEWAY_PAGE,
    "libre: a number": '{"translatedText": 42}',
    "libre: null": '{"translatedText": null}',
    "libre: a list": '{"translatedText": ["HOLA"]}',
    "mymemory: a string for the data": '{"responseData": "HOLA"}',
    "mymemory: null for the data": '{"responseData": null}',
    "mymemory: a number": '{"responseData": {"translatedText": 42}}',
    "mymemory: matches that are a string": (
        '{"responseData": {"translatedText": ""}, "matches": "HOLA"}'
    ),
    "mymemory: matches without a translation": (
        '{"responseData": {"translatedText": ""}, "matches": [{"segment": "x"}]}'
    ),
    "microsoft: translations that are a string": '[{"translations": "HOLA"}]',
    "microsoft: a number": '[{"translations": [{"text": 42}]}]',
    "microsoft: an object without translations": "[{}]",
    "microsoft: a list of strings": '[["HOLA"]]',
    "deepl: translations that are a string": '{"translations": "HOLA"}',
    "deepl: no translations": '{"translations": []}',
    "deepl: a number": '{"translations": [{"text": 42, "billed_characters": 1}]}',
    "deepl: no count": '{"translations": [{"text": "HOLA"}]}',
    "deepl: a count that is no number": (
        '{"translations": [{"text": "HOLA", "billed_characters": "many"}]}'
    ),
    "deepl: null": '{"translations": [null]}',
    "deepl: a list of strings": '{"translations": ["HOLA"]}',
}
# What a translator reads in the entry's comment: short, one line, and saying what went wrong.
REASON = re.compile(
    r"the reply has an unexpected shape|the reply is not JSON|the service found no translation"
    r"|(google|mymemory|microsoft|libre|deepl) returned no translation|Microsoft error: .{1,100}"
)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


def _open(engine: str, server: FakeTranslationServer) -> Engine:
    return open_engine(engine, EngineOptions(EN, ES, endpoint_of(engine, server), FAST))


def _translations(server: FakeTranslationServer) -> list[Received]:
    """What the server was asked to translate: Microsoft's language list left out."""
    return [received for received in server.received if received.path != MICROSOFT_LANGUAGES_PATH]


def _answering(reply: Callable[[Received, int], Reply]) -> Script:
    """Answers each request to translate with ``reply`` (given the request and how many came
    before it), and Microsoft's language list as usual."""
    asked: list[Received] = []

    def script(received: Received, number: int) -> Reply:
        if received.path == MICROSOFT_LANGUAGES_PATH:
            return Reply()
        asked.append(received)
        return reply(received, len(asked) - 1)

    return script


# --- one text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shape", SHAPES)
def test_a_reply_of_any_shape_fails_its_text_with_a_short_reason(
    serve_engine: ServeEngine, engine: str, shape: str
) -> None:
    content_type = HTML if "HTML" in shape else "application/json"
    garbage = Reply(body=SHAPES[shape], content_type=content_type)
    with (
        serve_engine(engine, _answering(lambda received, number: garbage)) as server,
        pytest.raises(EngineFailure) as failure,
    ):
        _open(engine, server).translate("Hello XPH1X")
    reason = str(failure.value)
    assert REASON.fullmatch(reason), reason
    assert len(_translations(server)) == 1  # such a reply is not worth waiting to ask again


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("shape", ["not JSON", "an empty body", "an HTML error page", "a list"])
def test_a_refusal_of_any_shape_is_named_by_its_status(
    serve_engine: ServeEngine, engine: str, shape: str
) -> None:
    refusal = Reply(400, body=SHAPES[shape], content_type=HTML)
    with (
        serve_engine(engine, _answering(lambda received, number: refusal)) as server,
        pytest.raises(EngineFailure, match=r"^HTTP 400\b") as failure,
    ):
        _open(engine, server).translate("Hello XPH1X")
    assert len(str(failure.value)) < 60
    assert len(_translations(server)) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_a_gateway_page_sent_with_a_503_is_asked_again(
    serve_engine: ServeEngine, engine: str
) -> None:
    """Microsoft's client reads every reply as JSON whatever its status: the status, not the
    page it cannot read, says to try again."""

    def script(received: Received, number: int) -> Reply:
        return Reply(503, body=GATEWAY_PAGE, content_type=HTML) if number == 0 else Reply()

    with serve_engine(engine, _answering(script)) as server:
        assert _open(engine, server).translate("Hello XPH1X") == "HELLO XPH1X"
    assert [received.text for received in _translations(server)] == ["Hello XPH1X"] * 2


def test_a_deepl_refusal_quoting_a_whole_page_is_cut_to_one_short_line(
    serve_engine: ServeEngine,
) -> None:
    page = GATEWAY_PAGE.replace("<p>", "<p>" + "Teapot.\n" * 2000)
    refusal = Reply(418, body=page, content_type=HTML)
    with (
        serve_engine("deepl", lambda received, number: refusal) as server,
        pytest.raises(EngineFailure, match=r"^HTTP 418: Unexpected status code") as failure,
    ):
        _open("deepl", server).translate("Hello XPH1X")
    assert "\n" not in str(failure.value) and len(str(failure.value)) <= 120


@pytest.mark.parametrize(
    "languages",
    [
        '"HOLA"',
        "[]",
        "null",
        "not JSON",
        GATEWAY_PAGE,
        '{"error": {"code": 429001}}',
        '{"translation": []}',
        '{"translation": {"es": 5}}',
        '{"translation": {"es": {"name": 5}}}',
    ],
)
def test_microsoft_language_list_of_any_shape_fails_as_no_list(
    serve_engine: ServeEngine, languages: str
) -> None:
    def script(received: Received, number: int) -> Reply:
        return Reply(body=languages) if received.path == MICROSOFT_LANGUAGES_PATH else Reply()

    failure = pytest.raises(
        EngineFailure, match=r"^Microsoft sent no language list after 4 attempts$"
    )
    with serve_engine("microsoft", script) as server, failure:
        _open("microsoft", server).translate("Hello")
    assert [received.path for received in server.received] == [MICROSOFT_LANGUAGES_PATH] * 4


# --- a run ------------------------------------------------------------------------------------

TOO_LONG = "Blog"
REPEATS = "For more information, visit the"
REPEATS_PIECE = "International Day of Radiology website"
INVENTS = "Medsquare supports the 9th edition"
ERROR_OBJECT = "Share the post"
NULL = "News"
REJECTED = {
    TOO_LONG: (
        "the engine's reply cannot be verified (499 characters, more than the 204 a"
        " translation of 4 can take)"
    ),
    # Whole, the link's one <a1> and 3000 more; piece by piece, 3000 after each of the two
    # pieces around the one <a1> between them.
    REPEATS: (
        "the engine's reply cannot be verified (repeated <a1> 3001 times),"
        " even piece by piece (repeated <a1> 6001 times)"
    ),
    INVENTS: (
        "the engine's reply cannot be verified (invented tag <em>),"
        " even piece by piece (invented tag <em>)"
    ),
}


def _garbage(received: Received, number: int) -> Reply:
    """Five entries' texts get replies that must be rejected, whole and piece by piece; the
    others, ordinary answers."""
    text = received.text
    if text == TOO_LONG:
        return Reply(text="BLOG " * 100)
    if text.startswith(REPEATS) or text == REPEATS_PIECE:
        return Reply(text=shout(text) + " XPH1X" * 3000)
    if text.startswith(INVENTS):
        return Reply(text=shout(text) + " <em>!</em>")
    if text == ERROR_OBJECT:
        return Reply(body='{"error": "scripted"}')
    if text == NULL:
        return Reply(body="null")
    return Reply()


def _protected_texts(root: Path, *starts: str) -> list[str]:
    """What an engine is sent for the entries whose msgid starts so, in catalog order."""
    texts = []
    for relative in (POST, UI):
        for entry in polib.pofile(str(root / relative)):
            if not entry.msgid_plural and entry.msgid.startswith(starts):
                pattern = protection_pattern(python_format="python-format" in entry.flags)
                texts.append(protect(entry.msgid, pattern).text)
    return texts


def _cached_texts(root: Path, engine: str) -> set[str]:
    path = root / ".localize-post/cache" / engine / "en-es.json"
    cache = json.loads(path.read_text(encoding="utf-8"))
    return {text for answers in cache.values() for text in answers}


@pytest.mark.parametrize("engine", ENGINES)
def test_rejected_replies_leave_their_entries_empty_uncached_and_asked_again(
    project: Path, serve_engine: ServeEngine, engine: str
) -> None:
    _clear(project, POST)
    _clear(project, UI)
    healthy = False

    def script(received: Received, number: int) -> Reply:
        if healthy or received.path == MICROSOFT_LANGUAGES_PATH:
            return Reply()
        return _garbage(received, number)

    def run(server: FakeTranslationServer) -> PretranslateReport:
        endpoint = endpoint_of(engine, server)
        return pretranslate(load_project(project), [ES], engine, endpoint, False, FAST)

    broken = (TOO_LONG, REPEATS, INVENTS, ERROR_OBJECT, NULL)
    with serve_engine(engine, script) as server:
        report = run(server)

        totals = report.languages[0].totals
        assert (totals.pending, totals.filled, totals.failed) == (21, 16, 5)
        assert not report.failed_everything
        entries = {**_by_msgid(project, POST), **_by_msgid(project, UI)}
        for msgid, entry in entries.items():
            start = next((start for start in broken if msgid.startswith(start)), None)
            if start is None:
                assert entry.msgstr or entry.msgid_plural, msgid  # the run went on past them
                continue
            assert entry.msgstr == "" and FUZZY not in entry.flags, msgid
            assert entry.tcomment.startswith(FAILED.format(engine=engine)), entry.tcomment
            reason = entry.tcomment.removeprefix(FAILED.format(engine=engine))
            if start in REJECTED:
                assert reason == REJECTED[start]
            else:
                assert REASON.fullmatch(reason), reason
        sent_again = _protected_texts(project, *broken)
        assert len(sent_again) == 5
        assert not _cached_texts(project, engine) & {*sent_again, REPEATS, REPEATS_PIECE}

        healthy = True
        asked_before = len(_translations(server))
        report = run(server)

    assert [received.text for received in _translations(server)[asked_before:]] == sent_again
    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed) == (5, 5, 0)
    entries = {**_by_msgid(project, POST), **_by_msgid(project, UI)}
    for msgid, entry in entries.items():
        if msgid.startswith(broken):
            assert entry.msgstr.upper() == msgid.upper() and entry.msgstr != msgid, msgid
            assert entry.tcomment == NOTE.format(engine=engine)


def test_a_service_that_answers_only_garbage_fails_everything(
    project: Path, serve_engine: ServeEngine
) -> None:
    _clear(project, UI)
    _clear(project, POST, keep=lambda entry: True)
    with serve_engine(
        "libre", lambda received, number: Reply(body="<html>maintenance</html>")
    ) as server:
        report = pretranslate(load_project(project), [ES], "libre", server.url, False, FAST)
    totals = report.languages[0].totals
    assert (totals.pending, totals.filled, totals.failed) == (11, 0, 11)
    assert report.failed_everything
    notes = [entry.tcomment for entry in _by_msgid(project, UI).values() if entry.tcomment]
    assert notes[0] == FAILED.format(engine="libre") + "the reply is not JSON"
    # after five failures in a row the service is taken to be down
    assert notes[-1] == FAILED.format(engine="libre") + "not sent: libre failed 5 times in a row"
