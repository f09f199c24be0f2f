"""Fakes of the translation services the online engines call, on 127.0.0.1, scripted per request.

- LibreTranslate: ``POST /translate`` with ``q``, ``source``, ``target`` in the query or the
  body, answering ``{"translatedText": ...}``.
- DeepL: ``POST /v2/translate`` with a JSON body holding ``text`` (a list), answering
  ``{"translations": [{"text": ...}]}``.
- Google, as deep-translator scrapes it: ``GET /m?sl=..&tl=..&q=..``, answering the mobile page
  with the translation in ``<div class="result-container">``.
- MyMemory: ``GET /get?langpair=en-US|es-ES&q=..`` (and ``de``, the user's e-mail), answering
  ``{"responseData": {"translatedText": ...}, "matches": [...]}``.
- Microsoft: ``GET /languages?api-version=3.0&scope=translation``, answering its language list,
  and ``POST /translate?api-version=3.0&from=..&to=..`` with the key in the
  ``Ocp-Apim-Subscription-Key`` header and ``[{"text": ...}]`` as body, answering
  ``[{"translations": [{"text": ..., "to": ...}]}]``. Its errors are JSON too,
  ``{"error": {"code": 429001, ...}}``: the HTTP status times 1000 plus a detail.

deep-translator fetches Microsoft's language list from a hard-coded https URL, so the server can
also be an https proxy: given a TlsIdentity, it answers ``CONNECT`` itself, whatever the host,
and serves the tunnelled request as any other, under a certificate the client is told to trust.
"""

from __future__ import annotations

import functools
import html
import json
import re
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

TOKEN = re.compile(r"XPH\d+X")
MICROSOFT_LANGUAGES_PATH = "/languages"
# A realistic subset of Microsoft's list: codes as its API spells them, with unique names.
MICROSOFT_LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "he": "Hebrew",
    "ja": "Japanese",
    "nb": "Norwegian",
    "pt": "Portuguese (Brazil)",
    "pt-PT": "Portuguese (Portugal)",
    "zh-Hans": "Chinese Simplified",
    "zh-Hant": "Chinese Traditional",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server does with one request: answer ``text`` (or the server's ordinary
    translation when None) with ``status``, after stalling ``stall`` seconds; or, with
    ``hang_up``, close the connection without a word. A ``body`` is sent as it is, with
    ``content_type``, in place of the service's answer: a reply no service documents."""

    status: int = 200
    text: str | None = None
    stall: float = 0.0
    hang_up: bool = False
    body: str | None = None
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class Received:
    """One request; ``key`` is the credential it carried where tests check one: Microsoft's
    subscription key header, MyMemory's ``de`` e-mail."""

    path: str
    text: str
    source: str
    target: str
    key: str = ""


def shout(text: str) -> str:
    """The server's ordinary "translation": upper case, which keeps every token as it is."""
    return text.upper()


Script = Callable[[Received, int], Reply]  # the request and its 0-based number


def always_translate(received: Received, number: int) -> Reply:
    return Reply()


@dataclass(frozen=True, slots=True)
class TlsIdentity:
    """A self-signed certificate, its own authority, for the hosts the proxy stands in for."""

    certificate: Path
    key: Path


def make_tls_identity(folder: Path, hosts: list[str]) -> TlsIdentity:
    """A fresh identity made with the openssl command, valid for a day."""
    identity = TlsIdentity(folder / "certificate.pem", folder / "key.pem")
    names = ",".join(f"DNS:{host}" for host in hosts)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", identity.key, "-out", identity.certificate, "-days", "1",
         "-subj", "/CN=localize-post tests", "-addext", f"subjectAltName={names}",
         # what Python 3.13's strict verification asks of a certificate that is its own CA
         "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
         "-addext", "extendedKeyUsage=serverAuth"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return identity


class FakeTranslationServer:
    def __init__(self, script: Script = always_translate, tls: TlsIdentity | None = None) -> None:
        self.script = script
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._tls: ssl.SSLContext | None = None
        if tls is not None:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(tls.certificate, tls.key)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # shutdown() waits for the serving loop's next poll: the default half second, per test
        serve = functools.partial(self._server.serve_forever, poll_interval=0.02)
        self._thread = threading.Thread(target=serve, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def __enter__(self) -> FakeTranslationServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._release.set()  # stalled requests answer now, so their threads end
        self._server.shutdown()
        self._server.server_close()

    def _reply_to(self, received: Received) -> Reply:
        with self._lock:
            number = len(self.received)
            self.received.append(received)
        reply = self.script(received, number)
        if reply.stall:
            self._release.wait(reply.stall)
        return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_CONNECT(self) -> None:
                if server._tls is None:
                    self.send_error(501, "not a proxy")
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                with server._tls.wrap_socket(self.connection, server_side=True) as tunnel:
                    self.rfile = tunnel.makefile("rb")
                    self.wfile = tunnel.makefile("wb")
                    self.handle_one_request()

            def do_GET(self) -> None:
                url = urlparse(self.path)
                fields = {key: values[0] for key, values in parse_qs(url.query).items()}
                if url.path.endswith(MICROSOFT_LANGUAGES_PATH):
                    self._microsoft_languages(url.path)
                elif url.path.endswith("/get"):
                    self._mymemory(url.path, fields)
                else:
                    self._google(url.path, fields)

            def do_POST(self) -> None:
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path.endswith("/v2/translate"):
                    self._deepl(url.path, json.loads(body or b"{}"))
                elif "api-version" in parse_qs(url.query):
                    self._microsoft(url.path, parse_qs(url.query), json.loads(body))
                else:
                    fields = {**parse_qs(url.query), **parse_qs(body.decode())}
                    self._libre(url.path, {key: values[0] for key, values in fields.items()})

            def _libre(self, path: str, fields: dict[str, str]) -> None:
                received = Received(path, fields.get("q", ""), fields["source"], fields["target"])
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                self._send_json(reply, {"translatedText": text})

            def _deepl(self, path: str, request: dict[str, Any]) -> None:
                source, target = request.get("source_lang", ""), request["target_lang"]
                received = Received(path, request["text"][0], source, target)
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                translation = {
                    "detected_source_language": source or "EN",
                    "text": text,
                    "billed_characters": len(received.text),
                }
                self._send_json(reply, {"translations": [translation]})

            def _google(self, path: str, fields: dict[str, str]) -> None:
                received = Received(path, fields.get("q", ""), fields["sl"], fields["tl"])
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                page = (
                    "<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
                    f'<div class="result-container">{html.escape(text)}</div></body></html>'
                )
                self._send(reply, "text/html; charset=utf-8", page.encode())

            def _mymemory(self, path: str, fields: dict[str, str]) -> None:
                source, target = fields["langpair"].split("|")
                received = Received(path, fields.get("q", ""), source, target, fields.get("de", ""))
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                match = {"segment": received.text, "translation": text, "match": 0.85}
                self._send_json(
                    reply,
                    {
                        "responseData": {"translatedText": text, "match": 0.85},
                        "responseStatus": 200,
                        "matches": [match] if text else [],
                    },
                )

            def _microsoft_languages(self, path: str) -> None:
                reply = server._reply_to(Received(path, "", "", ""))
                languages = {
                    code: {"name": name, "nativeName": name, "dir": "ltr"}
                    for code, name in MICROSOFT_LANGUAGES.items()
                }
                self._send_microsoft(reply, {"translation": languages})

            def _microsoft(
                self, path: str, query: dict[str, list[str]], body: list[dict[str, str]]
            ) -> None:
                key = self.headers.get("Ocp-Apim-Subscription-Key", "")
                received = Received(path, body[0]["text"], query["from"][0], query["to"][0], key)
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                self._send_microsoft(
                    reply, [{"translations": [{"text": text, "to": received.target}]}]
                )

            def _send_microsoft(self, reply: Reply, answer: object) -> None:
                if reply.status != 200:
                    answer = {"error": {"code": reply.status * 1000 + 1, "message": "scripted"}}
                self._send(reply, "application/json; charset=utf-8", json.dumps(answer).encode())

            def _send_json(self, reply: Reply, answer: dict[str, Any]) -> None:
                payload = json.dumps(answer if reply.status == 200 else {"error": "scripted"})
                self._send(reply, "application/json", payload.encode())

            def _send(self, reply: Reply, content_type: str, payload: bytes) -> None:
                if reply.hang_up:
                    self.close_connection = True
                    return
                if reply.body is not None:
                    content_type, payload = reply.content_type, reply.body.encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    self.wfile.flush()  # a tunnel's writer buffers
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as a stalled request means it to

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


# --- pointing the engines at the fake -------------------------------------------------------

# deep-translator's clients read their URL from deep_translator.constants.BASE_URLS, under
# these names, when created (on their first translation), and add these paths; libre and deepl
# are given the fake's URL as their endpoint instead.
BASE_URLS = {
    "google": ("GOOGLE_TRANSLATE", "m"),
    "mymemory": ("MYMEMORY", "get"),
    "microsoft": ("MICROSOFT_TRANSLATE", "translate?api-version=3.0"),
}
ENDPOINT_ENGINES = ("libre", "deepl")
MICROSOFT_KEY = "LOCALIZE_POST_MICROSOFT_KEY"
MICROSOFT_HOST = "api.cognitive.microsofttranslator.com"
DEEPL_KEY = "LOCALIZE_POST_DEEPL_KEY"
PROXY_VARIABLES = [
    name
    for variable in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    for name in (variable, variable.upper())
]


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a request that escaped the redirection fail instead of reaching the real service."""
    resolve = socket.getaddrinfo

    def loopback(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "127.0.0.1":
            raise socket.gaierror(f"{host!r}: these tests stay on 127.0.0.1")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback)


@contextmanager
def serve_as(
    engine: str,
    script: Script,
    monkeypatch: pytest.MonkeyPatch,
    tls: TlsIdentity | None = None,
) -> Iterator[FakeTranslationServer]:
    """A fake answering as ``engine``'s service, where the engine's requests go, with the API
    key the engine needs in the environment. Microsoft's client fetches its language list from
    a URL written into its code, which no setting changes: the fake is its https proxy instead,
    under ``tls`` (required for microsoft), trusted through REQUESTS_CA_BUNDLE."""
    from deep_translator import constants

    proxy = tls if engine == "microsoft" else None
    if engine == "microsoft":
        assert proxy is not None, "microsoft needs a TlsIdentity"
        monkeypatch.setenv(MICROSOFT_KEY, "test-key")
        monkeypatch.delenv("LOCALIZE_POST_MICROSOFT_REGION", raising=False)
    if engine == "deepl":
        monkeypatch.setenv(DEEPL_KEY, "test-key:fx")
    # A proxy from the environment would take the loopback requests elsewhere.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with FakeTranslationServer(script, proxy) as server:
        if engine in BASE_URLS:
            entry, path = BASE_URLS[engine]
            monkeypatch.setitem(constants.BASE_URLS, entry, server.url + path)
        if proxy is not None:
            # Only https goes through the proxy: the language list, not the loopback URL.
            monkeypatch.setenv("https_proxy", server.url)
            monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(proxy.certificate))
        yield server


def endpoint_of(engine: str, server: FakeTranslationServer) -> str | None:
    """The endpoint to open ``engine`` with, to reach ``server``."""
    return server.url if engine in ENDPOINT_ENGINES else None
