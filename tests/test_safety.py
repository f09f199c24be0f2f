"""Catalog files are never seen half-written: not by a concurrent run, not after a killed one.

Every write goes to a temporary file in the same folder, is flushed to disk, and replaces the
catalog by a rename, which POSIX makes atomic: a reader opens the old file or the new one.
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import polib
import pytest

from localize_post.catalogs import atomic_write, parse_catalog, read_catalog, write_catalog
from localize_post.errors import CatalogError
from localize_post.locking import project_lock
from localize_post.outputs import MARKER
from localize_post.poformat import format_catalog

from conftest import REPOSITORY, Run

LANGUAGES = ("fr", "de")
ROUNDS = 6
KILLS = 12


def _environment() -> dict[str, str]:
    paths = [str(REPOSITORY / "src"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}


def _long_post(project: Path, paragraphs: int) -> None:
    """A post big enough that writing its catalogs takes a while."""
    body = "\n\n".join(
        f"Paragraph {number} of the long report on imaging: radiologists and radiographers "
        f"describe case {number * 7} in detail, with its scans, doses and outcomes."
        for number in range(paragraphs)
    )
    (project / "source" / "report.md").write_text(f"# The long report\n\n{body}\n", "utf-8")


def _catalogs(project: Path) -> list[Path]:
    return [
        project / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
        for language in LANGUAGES
        for domain in ("idor2020", "report", "ui")
    ]


def _complete(path: Path, msgids: dict[str, set[str]]) -> str | None:
    """Why the catalog at ``path`` is not whole, or None if it is (or is not there yet)."""
    if not path.exists():  # the writers only ever create and replace catalogs
        return None
    try:
        catalog = read_catalog(path, path.name)
    except CatalogError as error:
        return str(error)
    missing = msgids[path.stem] - {entry.msgid for entry in catalog if not entry.obsolete}
    return f"{path}: {len(missing)} entries missing" if missing else None


def test_concurrent_updates_never_leave_a_partial_catalog(project: Path, run: Run) -> None:
    _long_post(project, 1500)
    assert run("-C", project, "extract").exit_code == 0
    msgids = {
        path.stem: {entry.msgid for entry in read_catalog(path, path.name)}
        for path in (project / "locales").glob("*.pot")
    }
    command = [sys.executable, "-m", "localize_post", "-C", str(project), "update"]
    command += [option for language in LANGUAGES for option in ("-l", language)]
    problems: list[str] = []
    reads = 0
    for _ in range(ROUNDS):
        for path in _catalogs(project):
            path.unlink(missing_ok=True)  # so that both runs write every catalog
        writers = [
            subprocess.Popen(command, env=_environment(), stdout=subprocess.DEVNULL)
            for _ in range(2)
        ]
        # Meanwhile, read the catalogs as a build or a translator's tool would.
        while any(writer.poll() is None for writer in writers):
            for path in _catalogs(project):
                problem = _complete(path, msgids)
                reads += 1
                if problem:
                    problems.append(problem)
        assert [writer.wait() for writer in writers] == [0, 0]
        problems += [problem for path in _catalogs(project) if (problem := _complete(path, msgids))]
        assert all(path.is_file() for path in _catalogs(project))
    assert not problems, problems[:5]
    assert reads > len(_catalogs(project)) * ROUNDS
    assert not list((project / "locales").rglob("*.tmp"))


WRITER = """
import sys
from pathlib import Path
from localize_post.catalogs import atomic_write

target = Path(sys.argv[1])
texts = [Path(name).read_text(encoding="utf-8") for name in sys.argv[2:]]
print("ready", flush=True)
while True:
    for text in texts:
        atomic_write(target, text)
"""


def _variant(catalog: polib.POFile, mark: str) -> str:
    catalog[0].msgstr = mark
    return format_catalog(catalog)


def _big_catalog(entries: int) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "fr"}
    for number in range(entries):
        catalog.append(
            polib.POEntry(
                msgid=f"Entry {number}: the radiologist reads the scan of patient {number}.",
                msgstr=f"Entrée {number} : le radiologue lit le scanner du patient {number}.",
                occurrences=[("source/report.md", str(number + 1))],
            )
        )
    return catalog


def test_a_killed_writer_leaves_the_old_catalog_or_the_new_one(tmp_path: Path) -> None:
    """Kill a process that does nothing but rewrite a large catalog, at random moments."""
    catalog = _big_catalog(20_000)
    variants = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path, mark in zip(variants, "AB", strict=True):
        path.write_text(_variant(catalog, mark), encoding="utf-8")
    whole = {path.read_text(encoding="utf-8") for path in variants}
    target = tmp_path / "LC_MESSAGES" / "post.po"
    rng = random.Random(1604534400)
    for _ in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), *map(str, variants)],
            env=_environment(),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.0, 0.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        if target.exists():
            assert target.read_text(encoding="utf-8") in whole
    assert target.exists()
    # A killed process cannot tidy up: what it leaves is a hidden temporary file, never the
    # catalog itself, and the next run writes over the catalog as usual.
    leftovers = {path.name for path in target.parent.iterdir()} - {target.name}
    assert all(name.startswith(".post.po.") and name.endswith(".tmp") for name in leftovers)


def test_an_interrupted_write_keeps_the_old_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fr.po"
    catalog = _big_catalog(10)
    write_catalog(path, catalog)
    before = path.read_bytes()

    def interrupt(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("localize_post.catalogs.os.fsync", interrupt)
    catalog[0].msgstr = "changed"
    with pytest.raises(KeyboardInterrupt):
        write_catalog(path, catalog)
    assert path.read_bytes() == before
    assert [child.name for child in tmp_path.iterdir()] == ["fr.po"]
    assert parse_catalog(path.read_text(encoding="utf-8"), "fr.po")[0].msgstr != "changed"


def test_a_rewritten_catalog_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    atomic_write(path, "first")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    atomic_write(path, "second")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and path.read_text() == "second"


def test_readers_during_a_rewrite_see_whole_files(tmp_path: Path) -> None:
    """In one process too: a thread reading while another rewrites."""
    path = tmp_path / "fr.po"
    catalog = _big_catalog(5_000)
    texts = {_variant(catalog, "A"), _variant(catalog, "B")}
    write_catalog(path, catalog)
    seen: set[str] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(path.read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for mark in "ABABAB":
            catalog[0].msgstr = mark
            write_catalog(path, catalog)
    finally:
        done.set()
        reader.join()
    assert seen <= texts


def test_the_next_run_clears_what_killed_runs_left(project: Path, run: Run) -> None:
    """A killed update leaves a hidden temporary catalog, a killed build a hidden half-built
    site; the next run of either clears them, and nothing else that merely looks alike."""
    messages = project / "locales" / "fr" / "LC_MESSAGES"
    catalog_leftover = messages / ".idor2020.po.k3j4h5g6.tmp"
    catalog_leftover.write_text("half a catalog", encoding="utf-8")
    translators_file = messages / ".notes.tmp"
    translators_file.write_text("mine", encoding="utf-8")
    half_built, retired, empty = (
        project / name for name in (".site.abcd_123", ".site.old.zz9zz9zz", ".site.q1w2e3r4")
    )
    for site in (half_built, retired / "site"):
        (site / "fr").mkdir(parents=True)
        (site / MARKER).write_text("built", encoding="utf-8")
    empty.mkdir()
    site_leftovers = [half_built, retired, empty]
    unrelated = project / ".site.backup"
    unrelated.mkdir()
    not_built = project / ".site.zzzzzzzz"  # named like a leftover, but build did not make it
    (not_built / "notes.txt").parent.mkdir()
    (not_built / "notes.txt").write_text("mine", encoding="utf-8")

    assert run("-C", project, "update").exit_code == 0
    assert not catalog_leftover.exists() and translators_file.read_text() == "mine"
    assert all(folder.is_dir() for folder in site_leftovers)
    assert run("-C", project, "build").exit_code == 0
    assert not any(folder.exists() for folder in site_leftovers) and unrelated.is_dir()
    assert (not_built / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_second_run_waits_for_the_first(project: Path) -> None:
    """Without the lock, an update and a pretranslate started together would each read the
    catalogs, and the one saving last would drop the other's work."""
    catalog = project / "locales" / "de" / "LC_MESSAGES" / "ui.po"
    catalog.unlink()
    with project_lock(project):
        command = [sys.executable, "-m", "localize_post", "-C", str(project), "update"]
        second = subprocess.Popen(
            command, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert second.stderr is not None
        notice = second.stderr.readline().decode()
        assert "waiting for another run in this project" in notice
        time.sleep(0.5)
        assert second.poll() is None and not catalog.exists()
    assert second.wait(timeout=60) == 0
    assert catalog.is_file()  # the update ran, once the lock was released
