"""A LibreTranslate- and DeepL-compatible server on 127.0.0.1 for tests, scripted per request.

LibreTranslate: ``POST /translate`` with ``q``, ``source``, ``target`` in the query or the body,
answering ``{"translatedText": ...}``. DeepL: ``POST /v2/translate`` with a JSON body holding
``text`` (a list), answering ``{"translations": [{"text": ...}]}``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlparse

TOKEN = re.compile(r"XPH\d+X")


@dataclass(frozen=True, slots=True)
class Reply:
    """What the server does with one request: answer ``text`` (or the server's ordinary
    translation when None) with ``status``, after stalling ``stall`` seconds."""

    status: int = 200
    text: str | None = None
    stall: float = 0.0


@dataclass(frozen=True, slots=True)
class Received:
    path: str
    text: str
    source: str
    target: str


def shout(text: str) -> str:
    """The server's ordinary "translation": upper case, which keeps every token as it is."""
    return text.upper()


Script = Callable[[Received, int], Reply]  # the request and its 0-based number


def always_translate(received: Received, number: int) -> Reply:
    return Reply()


class FakeTranslationServer:
    def __init__(self, script: Script = always_translate) -> None:
        self.script = script
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

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
            def do_POST(self) -> None:
                url = urlparse(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path.endswith("/v2/translate"):
                    self._deepl(url.path, json.loads(body or b"{}"))
                else:
                    fields = {**parse_qs(url.query), **parse_qs(body.decode())}
                    self._libre(url.path, {key: values[0] for key, values in fields.items()})

            def _libre(self, path: str, fields: dict[str, str]) -> None:
                received = Received(path, fields.get("q", ""), fields["source"], fields["target"])
                reply = server._reply_to(received)
                text = shout(received.text) if reply.text is None else reply.text
                self._send(reply.status, {"translatedText": text})

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
                self._send(reply.status, {"translations": [translation]})

            def _send(self, status: int, answer: dict[str, Any]) -> None:
                payload = json.dumps(answer if status == 200 else {"error": "scripted"}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as a stalled request means it to

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler
