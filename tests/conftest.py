"""Shared fixtures: a copy of the shipped project, the command line, and real system tools."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest
from click.testing import CliRunner, Result

from localize_post.cli import main

from fake_translation_server import (
    MICROSOFT_HOST,
    FakeTranslationServer,
    Script,
    TlsIdentity,
    always_translate,
    make_tls_identity,
    serve_as,
)

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = REPOSITORY.parent / "shared"
CASES = Path(__file__).resolve().parent / "cases"
# Set LOCALIZE_POST_REGENERATE=1 to rewrite every golden file from the current output.
REGENERATE = os.environ.get("LOCALIZE_POST_REGENERATE") == "1"


def require_tool(name: str) -> str:
    """The path of a system tool; skip without it, except under CI where it must exist."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI=true (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def require_shared(relative: str) -> Path:
    """A path in ../shared, which every developer and CI have beside the project."""
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(autouse=True)
def _reproducible_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1604534400")  # 2020-11-05


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the shipped project (posts, catalogs, settings)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPOSITORY / "source", root / "source")
    shutil.copytree(REPOSITORY / "locales", root / "locales")
    shutil.copy(REPOSITORY / "localize-post.toml", root / "localize-post.toml")
    return root


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the command line in-process: ``run("-C", root, "build")``."""

    def invoke(*args: object) -> Result:
        return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


DomTree = tuple[str, tuple[tuple[str, str], ...], str, tuple[object, ...]]
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title"})


def dom_tree(fragment: str, keep_text: bool = True) -> DomTree:
    """An HTML fragment as a browser parses it, for comparing pages: runs of whitespace are
    collapsed (HTML renders them alike); without ``keep_text`` the words are dropped, text and
    translatable attributes alike, leaving the structure, the other attributes and the URLs."""

    def walk(element: ElementTree.Element) -> DomTree:
        attributes = tuple(
            sorted(
                (name, " ".join(value.split()) if keep_text else "")
                if name in TRANSLATABLE_ATTRIBUTES
                else (name, value)
                for name, value in element.attrib.items()
            )
        )
        text = " ".join((element.text or "").split()) if keep_text else ""
        children: list[object] = []
        for child in element:
            children.append(walk(child))
            children.append(" ".join((child.tail or "").split()) if keep_text else "")
        return (str(element.tag), attributes, text, tuple(children))

    return walk(html5lib.parseFragment(fragment, namespaceHTMLElements=False))


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes, to prove nothing was written."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a folder over loopback HTTP, as a browser must load pages; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run_chromium(profile: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a fresh profile and none of its calls home, which this machine's
    closed network refuses many at a time."""
    chromium = require_tool("chromium")
    return subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *arguments,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )


ServeEngine = Callable[..., contextlib.AbstractContextManager[FakeTranslationServer]]


@pytest.fixture(scope="session")
def tls_identity(tmp_path_factory: pytest.TempPathFactory) -> TlsIdentity:
    require_tool("openssl")
    return make_tls_identity(tmp_path_factory.mktemp("tls"), [MICROSOFT_HOST])


@pytest.fixture
def serve_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ServeEngine:
    """``with serve_engine(engine, script) as server``: a fake answering as that engine's
    service, where the engine's real client sends its requests (see fake_translation_server)."""
    pytest.importorskip("deep_translator")
    pytest.importorskip("deepl")

    def start(
        engine: str, script: Script = always_translate
    ) -> contextlib.AbstractContextManager[FakeTranslationServer]:
        tls = request.getfixturevalue("tls_identity") if engine == "microsoft" else None
        return serve_as(engine, script, monkeypatch, tls)

    return start
