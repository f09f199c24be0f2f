"""Engines: placeholders, language codes, the pseudo, Apertium and online engines, the client."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize_post.document import check_inline_markup, publishing_problem, tags_of
from localize_post.engines import (
    EngineFailure,
    EngineOptions,
    RequestPolicy,
    check_endpoint,
    open_engine,
)
from localize_post.engines.apertium import pick_mode
from localize_post.engines.client import RobustCaller, ServiceError
from localize_post.engines.deepl import SOURCES, TARGETS
from localize_post.engines.languages import candidates, pick_code
from localize_post.engines.protect import (
    UnverifiedOutput,
    longest_suggestion,
    protect,
    protection_pattern,
    restore,
    translate_pieces,
    verify,
)
from localize_post.engines.pseudo import PseudoEngine
from localize_post.errors import ConfigError, LocalizePostError
from localize_post.locales import parse_language
from localize_post.pretranslate import RejectedTranslation, machine_translate
from localize_post.sources.markdown import parse_markdown

from conftest import require_shared, require_tool
from fake_translation_server import FakeTranslationServer, Received, Reply

EN = parse_language("en")
ES = parse_language("es")
# A generous timeout: a loaded CI machine must not turn a normal answer into a stall.
FAST = RequestPolicy(timeout=2.0, retries=3, backoff=0.05, max_backoff=0.2, min_interval=0)
PATTERN = protection_pattern(("Medsquare", "RSNA"))
MSGID = (
    "Visit the <a1>IDoR <em>website</em></a1> on 8 November, see https://example.org/a?b=1. "
    "#IDoR2020 with Medsquare, <code>x  = 1</code>, mail info@example.org &lt;div>"
)


# --- placeholders ---------------------------------------------------------------------------


def test_protect_hides_every_kind_of_span_behind_plain_tokens() -> None:
    protected = protect(MSGID, PATTERN)
    assert protected.originals == (
        "<a1>",
        "<em>",
        "</em>",
        "</a1>",
        "8",
        "https://example.org/a?b=1",
        "#IDoR2020",
        "Medsquare",
        "<code>x  = 1</code>",
        "info@example.org",
        "&lt;",
    )
    assert protected.text == (
        "Visit the XPH1X IDoR XPH2X website XPH3X XPH4X on XPH5X November, see XPH6X . XPH7X"
        " with XPH8X , XPH9X , mail XPH10X XPH11X div>"
    )


def test_python_format_is_protected_only_where_flagged() -> None:
    assert protect("Share on %(network)s", protection_pattern()).originals == ()
    flagged = protect("Share on %(network)s", protection_pattern(python_format=True))
    assert flagged.originals == ("%(network)s",)


def test_restore_puts_back_spacing_the_engine_adds_around_tokens() -> None:
    protected = protect(MSGID, PATTERN)
    assert restore(protected.text, protected) == MSGID
    # an engine that moves the link, changes case and doubles spaces
    reordered = "Visite xph1X  el sitio XPH2X web XPH3X XPH4X" + protected.text.split("XPH4X")[1]
    assert restore(reordered, protected).startswith("Visite <a1>el sitio <em>web</em></a1> on 8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text.replace("XPH6X", ""), "lost https://example.org/a?b=1"),
        (lambda text: text + " XPH7X", "repeated #IDoR2020"),
        (lambda text: text + " XPH99X", "invented placeholder XPH99X"),
    ],
)
def test_restore_rejects_lost_repeated_and_invented_tokens(change: object, message: str) -> None:
    protected = protect(MSGID, PATTERN)
    with pytest.raises(UnverifiedOutput, match=re.escape(message)):
        restore(change(protected.text), protected)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text + " XPH1X" * 5000, "repeated <a1> 5001 times"),
        (lambda text: text + " xph3x" * 3, "repeated </em> 4 times"),
        (lambda text: text + " XPH" + "9" * 5000 + "X", "invented placeholder XPH99999999999…X"),
        (lambda text: text + " XPH0X", "invented placeholder XPH0X"),
        # an engine sees no tag, so any tag in its words is its own, emphasis included
        (lambda text: text + " <em>!</em>", "invented tag <em>"),
        (lambda text: text.replace("IDoR", "<strong>IDoR</strong>"), "invented tag <strong>"),
        (lambda text: text + " <br/>", "invented tag <br/>"),
        (
            lambda text: text.replace("XPH2X website XPH3X XPH4X", "XPH4X XPH2X website XPH3X"),
            "moved <em> from inside <a1> to the top level",
        ),
        (
            lambda text: text.replace("XPH9X", "").replace("IDoR", "IDoR XPH9X"),
            "moved <code>x  = 1</code> from the top level to inside <a1>",
        ),
        (lambda text: text.replace("XPH3X XPH4X", "XPH4X XPH3X"), "tags overlap"),
        (
            lambda text: text.replace("XPH1X", "XPH4X", 1).replace(" XPH4X on", " XPH1X on"),
            "tags overlap",
        ),
    ],
)
def test_restore_rejects_repeated_tokens_and_tags_invented_or_moved(
    change: object, message: str
) -> None:
    protected = protect(MSGID, PATTERN)
    with pytest.raises(UnverifiedOutput) as rejected:
        restore(change(protected.text), protected)  # type: ignore[operator]
    assert str(rejected.value) == message


def test_restore_lets_words_and_tags_move_inside_the_tags_that_held_them() -> None:
    protected = protect(MSGID, PATTERN)
    moved = protected.text.replace(
        "XPH1X IDoR XPH2X website XPH3X XPH4X on XPH5X November",
        "XPH1X IDoR XPH5X xph02X sitio XPH3X XPH004X noviembre",
    )
    assert restore(moved, protected).startswith(
        "Visit the <a1>IDoR 8 <em>sitio</em></a1> noviembre, see https://example.org/a?b=1."
    )


def test_a_translation_may_be_eight_times_its_source_or_200_characters_more() -> None:
    assert (longest_suggestion("Blog"), longest_suggestion("x" * 100)) == (204, 800)
    verify("Blog", "b" * 204, PATTERN)
    verify("x" * 100, "y" * 800, PATTERN)
    too_long = "^801 characters, more than the 800 a translation of 100 can take$"
    with pytest.raises(UnverifiedOutput, match=too_long):
        verify("x" * 100, "y" * 801, PATTERN)


def test_a_reply_far_longer_than_its_source_is_rejected_whole_and_piece_by_piece() -> None:
    sent: list[str] = []

    def babbles(text: str) -> str:
        sent.append(text)
        return text + " bla" * 1000

    with pytest.raises(
        RejectedTranslation,
        match=r"^the engine's reply cannot be verified \(4,004 characters, more than the 204 a"
        r" translation of 4 can take\)$",
    ):
        machine_translate("Blog", babbles, PATTERN)
    assert sent == ["Blog"]  # with no placeholder, the one piece would be the same text again

    with pytest.raises(
        RejectedTranslation,
        match=r"\(4,032 characters, more than the 256 .*\), even piece by piece \(8,032 ",
    ):
        machine_translate("Visit the <a1>IDoR website</a1>.", babbles, PATTERN)
    assert sent[1:] == ["Visit the XPH1X IDoR website XPH2X .", "Visit the", "IDoR website"]


_PIECES = st.sampled_from(
    ["word", "two words", " ", ",", "<em>", "</em>", "<img1/>", "42", "#Tag1", "x@y.org", "é"]
)


@given(st.lists(_PIECES, max_size=12))
def test_restore_of_an_untouched_text_gives_the_msgid_back(pieces: list[str]) -> None:
    msgid = " ".join("".join(pieces).split())
    protected = protect(msgid, PATTERN)
    assert restore(protected.text, protected) == msgid


def test_translating_piece_by_piece_keeps_every_token_in_place() -> None:
    protected = protect(MSGID, PATTERN)
    sent: list[str] = []

    def translate(text: str) -> str:
        sent.append(text)
        return text.upper()

    pieced = translate_pieces(protected, translate)
    assert re.findall(r"XPH\d+X", pieced) == re.findall(r"XPH\d+X", protected.text)
    assert all("XPH" not in text and text == text.strip() for text in sent)
    assert restore(pieced, protected).startswith("VISIT THE <a1>IDOR <em>WEBSITE</em></a1> ON 8")


def test_machine_translate_falls_back_to_pieces_then_gives_up() -> None:
    def drops_first_token(text: str) -> str:
        return re.sub(r"XPH\d+X", "", text, count=1)

    translation = machine_translate(MSGID, drops_first_token, PATTERN)
    assert translation.piecewise and translation.msgstr == MSGID

    def invents_a_tag(text: str) -> str:
        return drops_first_token(text) + " <b>!</b>"

    with pytest.raises(EngineFailure, match=r"lost <a1>.*even piece by piece.*invented tag <b>"):
        machine_translate(MSGID, invents_a_tag, PATTERN)


# --- language codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "codes", "aliases", "expected"),
    [
        ("he", ["en", "iw"], {"he": "iw"}, "iw"),
        ("zh-Hant", ["zh-CN", "zh-TW"], {"zh-Hant": "zh-TW"}, "zh-TW"),
        ("zh-Hant", ["zh"], None, None),  # plain zh is Simplified
        ("es", ["es-ES", "es-MX"], None, "es-ES"),
        ("pt-BR", ["pt"], None, "pt"),
        ("pt", TARGETS, None, "PT-BR"),
        ("pt-PT", TARGETS, None, "PT-PT"),
        ("en", TARGETS, None, "EN-US"),
        ("en", SOURCES, None, "EN"),
        ("nb", TARGETS, None, "NB"),
        ("zh-Hans", TARGETS, None, "ZH-HANS"),
    ],
)
def test_pick_code(
    tag: str, codes: list[str], aliases: dict[str, str] | None, expected: str | None
) -> None:
    assert pick_code(parse_language(tag), codes, aliases) == expected


def test_candidates_go_from_specific_to_likely() -> None:
    assert candidates(parse_language("pt-BR"))[:2] == ["pt-BR", "pt"]
    assert "es-ES" in candidates(ES)


def test_apertium_mode_prefers_the_most_specific_variant() -> None:
    modes = ["eng-spa", "spa-eng", "spa-eng_US", "por-cat", "cat-por_BR"]
    assert pick_mode(modes, EN, ES) == "eng-spa"
    assert pick_mode(modes, ES, EN) == "spa-eng"
    assert pick_mode(modes, ES, parse_language("en-US")) == "spa-eng_US"
    assert pick_mode(modes, parse_language("ca"), parse_language("pt-BR")) == "cat-por_BR"
    assert pick_mode(modes, EN, parse_language("ja")) is None


def test_online_engines_name_the_pair_they_lack() -> None:
    pytest.importorskip("deep_translator")
    options = EngineOptions(EN, parse_language("nb"), "http://127.0.0.1:9/")
    with pytest.raises(ConfigError, match="engine libre cannot translate en→nb; it has ar, de"):
        open_engine("libre", options)


# --- pseudo ---------------------------------------------------------------------------------


def test_pseudo_accents_brackets_and_expands_by_about_a_third() -> None:
    text = "Radiologists and radiographers are in the spotlight today, XPH1X as they make an "
    output = PseudoEngine(rtl=False).translate(text * 3)
    assert output.startswith("[Ŕåðîöļöĝîšţš åñð") and output.endswith("]")
    assert output.count("XPH1X") == 3
    assert not re.search(r"[a-z]", output.replace("XPH1X", ""))
    assert 1.30 <= len(output) / len(text * 3) <= 1.40


def test_pseudo_rtl_writes_every_word_backwards_between_marks() -> None:
    output = PseudoEngine(rtl=True).translate("Share on XPH1X today")
    assert output == ("[\u200féŕåĥŠ\u200f \u200fñö\u200f XPH1X \u200fýåðöţ\u200f \u200fŕöļ\u200f]")
    assert publishing_problem("Share on today", output.replace("XPH1X", "")) is None


def _corpus_segments() -> Iterator[tuple[str, str]]:
    """Each corpus post's segments as (post, msgid); posts that do not parse yet are skipped
    and counted in the test."""
    root = require_shared("corpus/opentelemetry-blog")
    for path in sorted((root / "content" / "en" / "blog").rglob("*.md")):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        slug = path.parent.name if path.stem == "index" else path.stem
        text = path.read_text(encoding="utf-8")
        try:
            document = parse_markdown(text, relative, slug, ("title", "description"))
        except LocalizePostError as error:
            yield str(relative), f"unparsed: {error}"
            continue
        for segment in document.segments:
            yield str(relative), segment.text


_URL_OR_HASHTAG = re.compile(r"https?://[^\s<>\"]+[\w/]|(?<![\w&#/])#[A-Za-z]\w*")


def test_pseudo_over_the_whole_corpus_loses_no_tag_url_or_hashtag() -> None:
    engine = PseudoEngine(rtl=False)
    pattern = protection_pattern()
    posts: Counter[str] = Counter()
    unparsed: list[str] = []
    kept = 0
    for post, msgid in _corpus_segments():
        if msgid.startswith("unparsed: "):
            unparsed.append(msgid)
            continue
        posts[post] += 1
        translation = machine_translate(msgid, engine.translate, pattern)
        assert not translation.piecewise, msgid
        check_inline_markup(msgid, translation.msgstr, tags_of(msgid))
        for span in _URL_OR_HASHTAG.findall(msgid):
            assert span in translation.msgstr, (post, span)
            kept += 1
    print(f"{len(posts)} posts, {posts.total()} segments, {kept} URLs and hashtags kept")
    if unparsed:
        warnings.warn(f"{len(unparsed)} corpus posts skipped: {unparsed}", stacklevel=1)
    assert len(posts) > 200 and posts.total() > 5000 and kept > 100


# --- apertium -------------------------------------------------------------------------------


def test_apertium_translates_english_to_spanish_and_keeps_placeholders() -> None:
    require_tool("apertium")
    engine = open_engine("apertium", EngineOptions(EN, ES))
    translation = machine_translate(
        "Visit the <a1>IDoR website</a1> on 8 November #IDoR2020.", engine.translate, PATTERN
    ).msgstr
    assert "sitio web" in translation and "noviembre" in translation
    check_inline_markup("<a1>x</a1>", translation, tags_of("<a1>x</a1>"))
    assert "#IDoR2020" in translation and " 8 " in translation


def test_apertium_names_the_pairs_it_has() -> None:
    require_tool("apertium")
    with pytest.raises(ConfigError, match=r"cannot translate en→ja; it has .*en→es"):
        open_engine("apertium", EngineOptions(EN, parse_language("ja")))
    with pytest.raises(ConfigError, match="takes no --endpoint"):
        open_engine("apertium", EngineOptions(EN, ES, "http://x/"))


# --- online engines against the fake server -------------------------------------------------


def test_libre_through_deep_translator_against_the_fake_server() -> None:
    pytest.importorskip("deep_translator")
    with FakeTranslationServer() as server:
        engine = open_engine("libre", EngineOptions(EN, ES, server.url, FAST))
        assert engine.translate("Hello XPH1X world") == "HELLO XPH1X WORLD"
    assert server.received == [Received("/translate", "Hello XPH1X world", "en", "es")]
    assert engine.cache_id == f"libre {server.url}"


def test_429_is_retried_with_exponential_backoff() -> None:
    pytest.importorskip("deep_translator")
    with FakeTranslationServer(lambda _, number: Reply(429 if number < 3 else 200)) as server:
        engine = open_engine("libre", EngineOptions(EN, ES, server.url, FAST))
        started = time.monotonic()
        assert engine.translate("Hello") == "HELLO"
        elapsed = time.monotonic() - started
    assert len(server.received) == 4
    assert 0.05 + 0.1 + 0.2 <= elapsed < 1.5


def test_a_4xx_other_than_429_is_not_retried() -> None:
    pytest.importorskip("deep_translator")
    with FakeTranslationServer(lambda _, number: Reply(400)) as server:
        engine = open_engine("libre", EngineOptions(EN, ES, server.url, FAST))
        with pytest.raises(EngineFailure, match="HTTP 400"):
            engine.translate("Hello")
    assert len(server.received) == 1


def test_a_stalled_request_gives_up_at_the_timeout_and_leaves_no_thread() -> None:
    pytest.importorskip("deep_translator")
    with FakeTranslationServer(lambda _, number: Reply(stall=30)) as server:
        policy = RequestPolicy(
            timeout=0.5, retries=3, backoff=0.05, max_backoff=0.2, min_interval=0
        )
        engine = open_engine("libre", EngineOptions(EN, ES, server.url, policy))
        started = time.monotonic()
        with pytest.raises(EngineFailure, match=r"no answer within 0\.5 s"):
            engine.translate("Hello")
        assert time.monotonic() - started < 5  # gave up, far sooner than the 30 s stall
        # requests' own timeout closes the abandoned socket while the server still stalls
        deadline = time.monotonic() + 2
        while _request_threads() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _request_threads()


def _request_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "localize-post-request"]


def test_deepl_through_its_official_client_against_the_fake_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("deepl")
    monkeypatch.setenv("LOCALIZE_POST_DEEPL_KEY", "test-key:fx")
    script = lambda _, number: Reply(429 if number == 0 else 200)  # noqa: E731
    with FakeTranslationServer(script) as server:
        engine = open_engine("deepl", EngineOptions(EN, parse_language("pt"), server.url, FAST))
        assert engine.translate("Hello XPH1X") == "HELLO XPH1X"
    assert [received.target for received in server.received] == ["PT-BR", "PT-BR"]


def test_api_keys_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("deepl")
    pytest.importorskip("deep_translator")
    monkeypatch.delenv("LOCALIZE_POST_DEEPL_KEY", raising=False)
    monkeypatch.delenv("LOCALIZE_POST_MICROSOFT_KEY", raising=False)
    with pytest.raises(ConfigError, match="API key in LOCALIZE_POST_DEEPL_KEY"):
        open_engine("deepl", EngineOptions(EN, ES))
    with pytest.raises(ConfigError, match="API key in LOCALIZE_POST_MICROSOFT_KEY"):
        open_engine("microsoft", EngineOptions(EN, ES))


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("translate", "it must start with http:// or https://"),
        ("", "it must start with http:// or https://"),
        ("libretranslate.example.org", "it must start with http:// or https://"),
        ("localhost:5000", "it must start with http:// or https://"),
        ("ftp://example.org/", "it must start with http:// or https://"),
        ("file:///etc/passwd", "it must start with http:// or https://"),
        ("http://", "it names no host"),
        ("https:///translate", "it names no host"),
        ("http://:5000/", "it names no host"),
        ("http://example .org/", "it holds a space or a control character"),
        (" http://example.org/", "it holds a space or a control character"),
        ("http://example.org/\r\nX-Injected: 1", "it holds a space or a control character"),
        ("http://example.org:99999/", "it cannot be parsed (Port out of range 0-65535)"),
        ("http://example.org:port/", "it cannot be parsed (Port could not be cast to"),
        ("http://[::1/", "it cannot be parsed (Invalid IPv6 URL)"),
    ],
)
def test_an_endpoint_that_is_not_a_url_is_refused_on_one_line_naming_it(
    endpoint: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        check_endpoint(endpoint)
    assert str(refused.value).startswith(f"--endpoint {endpoint!r} is not a URL: {problem}")
    assert "\n" not in str(refused.value)
    with pytest.raises(ConfigError, match="is not a URL"):
        open_engine("libre", EngineOptions(EN, ES, endpoint))


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://127.0.0.1:5000/",
        "https://libretranslate.example.org/api/",
        "http://[::1]:8080",
        "HTTPS://Translate.Example.ORG",
        "https://user@example.org/?key=1#top",
    ],
)
def test_an_http_or_https_url_with_a_host_is_an_endpoint(endpoint: str) -> None:
    check_endpoint(endpoint)


def test_the_core_runs_without_the_online_extra() -> None:
    """With deep-translator, deepl and requests unimportable, offline engines work and online
    ones say which extra to install."""
    code = """
import sys
for name in ("deep_translator", "deepl", "requests"):
    sys.modules[name] = None
from localize_post.cli import main
from localize_post.engines import EngineOptions, open_engine
from localize_post.errors import ConfigError
from localize_post.locales import parse_language
options = EngineOptions(parse_language("en"), parse_language("fr"))
print(open_engine("pseudo", options).translate("Hi"))
for name in ("google", "deepl"):
    try:
        open_engine(name, options)
    except ConfigError as error:
        print(error)
"""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    assert result.stdout.splitlines() == [
        "[Ĥî]",
        "engine google needs the 'online' extra: pip install 'localize-post[online]'",
        "engine deepl needs the 'online' extra: pip install 'localize-post[online]'",
    ]


# --- the robust caller ----------------------------------------------------------------------


def test_rate_limit_spaces_requests() -> None:
    starts: list[float] = []

    def call(text: str) -> str:
        starts.append(time.monotonic())
        return text

    caller = RobustCaller("test", call, RequestPolicy(min_interval=0.1))
    for text in "abcd":
        caller(text)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert all(gap >= 0.095 for gap in gaps), gaps


def test_circuit_breaker_stops_sending_to_a_dead_service() -> None:
    calls: list[str] = []

    def call(text: str) -> str:
        calls.append(text)
        raise ServiceError("HTTP 503", retryable=True)

    policy = RequestPolicy(retries=1, backoff=0, min_interval=0, max_consecutive_failures=2)
    caller = RobustCaller("test", call, policy)
    for text in "abc":
        with pytest.raises(EngineFailure):
            caller(text)
    assert calls == ["a", "a", "b", "b"]
    with pytest.raises(EngineFailure, match="not sent: test failed 2 times in a row"):
        caller("d")
