"""kill -9 at random moments of update, build and pretranslate, and writers started together:
no catalog is ever corrupt, no translation is lost, and the site is the old one or the new one,
whole, never a mixture."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import polib
import pytest

from localize_post.catalogs import read_catalog

from conftest import REPOSITORY, Run, tree_digest

KILLS_PER_COMMAND = 6
PARAGRAPHS = 600


def _environment() -> dict[str, str]:
    paths = [str(REPOSITORY / "src"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}


def _command(project: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "localize_post", "-C", str(project), *arguments]


def _long_post(project: Path, edit: int = 0) -> None:
    """A post long enough that each command takes a while; ``edit`` changes every tenth
    paragraph a little, so that update has fuzzy matches to make."""
    paragraphs = [
        f"Paragraph {number} of the report: radiologists describe case {number * 7} in detail,"
        f" with its scans{' and follow-up' * (edit and number % 10 == 0)}, doses and outcomes."
        for number in range(PARAGRAPHS)
    ]
    text = "---\ntitle: The long report\n---\n\n" + "\n\n".join(paragraphs) + "\n"
    (project / "source" / "report.md").write_text(text, encoding="utf-8")


def _translations(project: Path) -> Counter[str]:
    """Every translation in the project's catalogs, active or obsolete; a catalog that does
    not read fails the test."""
    found: Counter[str] = Counter()
    for path in sorted((project / "locales").rglob("*.po")):
        for entry in read_catalog(path, path.name):
            found.update(text for text in (entry.msgstr, *entry.msgstr_plural.values()) if text)
    return found


def _timed(command: list[str]) -> float:
    """How long a whole run of the command takes, in seconds."""
    started = time.monotonic()
    subprocess.run(command, env=_environment(), check=True, capture_output=True)
    return time.monotonic() - started


def _kill_at_random(command: list[str], duration: float, rng: random.Random) -> bool:
    """Run a command and kill it at a random moment of a run that takes ``duration``; whether
    it was still at work then. Early moments are skipped: the interpreter is only starting."""
    process = subprocess.Popen(
        command, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(rng.uniform(0.3, 0.9) * duration)
    working = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return working


def _clear(catalog_path: Path) -> None:
    """Empty a catalog's translations, so that pretranslate has work to do again."""
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.msgstr = ""
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save(str(catalog_path))


@pytest.fixture
def translated(project: Path, run: Run) -> Path:
    """The shipped project with a long post, pretranslated into French."""
    _long_post(project)
    for command in (["extract"], ["update"], ["pretranslate", "-l", "fr", "--engine", "pseudo"]):
        assert run("-C", project, *command).exit_code == 0
    return project


def test_a_killed_update_loses_no_translation(translated: Path, run: Run) -> None:
    rng = random.Random(1)
    update = _command(translated, "update")
    _long_post(translated, edit=1)
    assert run("-C", translated, "extract").exit_code == 0
    duration = _timed(update)
    hits = 0
    for trial in range(KILLS_PER_COMMAND):
        _long_post(translated, edit=2 - trial % 2)  # every run has changed text to merge
        assert run("-C", translated, "extract").exit_code == 0
        before = _translations(translated)
        hits += _kill_at_random(update, duration, rng)
        assert not before - _translations(translated)  # each one still there, if as #| or #~
    assert hits >= 2  # kills do land mid-run (how many depends on the machine's load)
    assert run("-C", translated, "update").exit_code == 0
    assert not list((translated / "locales").rglob("*.tmp"))


def test_a_killed_pretranslate_keeps_what_it_saved(translated: Path, run: Run) -> None:
    rng = random.Random(2)
    spanish = translated / "locales" / "es" / "LC_MESSAGES" / "report.po"
    pretranslate = _command(translated, "pretranslate", "-l", "es", "--engine", "pseudo")
    _clear(spanish)
    duration = _timed(pretranslate)
    hits = 0
    for _ in range(KILLS_PER_COMMAND):
        _clear(spanish)
        before = _translations(translated)
        hits += _kill_at_random(pretranslate, duration, rng)
        assert not before - _translations(translated)
    assert hits >= 2
    assert run("-C", translated, "pretranslate", "-l", "es", "--engine", "pseudo").exit_code == 0
    assert all(entry.msgstr for entry in read_catalog(spanish, "report.po"))


def test_a_killed_build_leaves_the_whole_old_site(translated: Path, run: Run) -> None:
    rng = random.Random(3)
    build = _command(translated, "build")
    duration = _timed(build)
    site = tree_digest(translated / "site")
    hits = 0
    for _ in range(KILLS_PER_COMMAND):
        hits += _kill_at_random(build, duration, rng)
        assert tree_digest(translated / "site") == site
    assert hits >= 2
    assert run("-C", translated, "build").exit_code == 0
    assert tree_digest(translated / "site") == site
    assert not [path for path in translated.iterdir() if path.name.startswith(".site.")]


def test_writers_started_together_lose_nothing(translated: Path) -> None:
    """update and pretranslate at once: they take turns, and the second keeps the first's work."""
    commands = [
        _command(translated, "update"),
        _command(translated, "pretranslate", "-l", "de", "--engine", "pseudo"),
        _command(translated, "pretranslate", "-l", "it", "--engine", "pseudo"),
        _command(translated, "build"),
    ]
    before = _translations(translated)
    writers = [
        subprocess.Popen(
            command, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for command in commands
    ]
    statuses = [writer.wait(timeout=300) for writer in writers]
    for writer in writers:
        assert writer.stderr is not None
        writer.stderr.close()
    assert statuses == [0, 0, 0, 0]
    after = _translations(translated)
    assert not before - after
    for language in ("de", "it"):
        report = read_catalog(
            translated / "locales" / language / "LC_MESSAGES" / "report.po", "report.po"
        )
        assert all(entry.msgstr for entry in report if not entry.obsolete)
