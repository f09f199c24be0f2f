"""Catalogs that translators' tools rewrote between two runs merge cleanly and lose nothing.

Poedit (src/catalog_po.cpp) writes its own header fields (X-Generator, X-Poedit-*), then
formats the file with ``msgcat`` at the file's wrapping width, 79 or none, and keeps Windows
line ends if the file had them. Weblate writes through translate-toolkit, wrapping at 77
columns by default, with its own X-Generator and a Language-Team pointing to the project.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from localize_post.catalogs import FUZZY, parse_catalog
from localize_post.poformat import format_catalog

from conftest import Run

POST = Path("locales/fr/LC_MESSAGES/idor2020.po")
UI = Path("locales/fr/LC_MESSAGES/ui.po")
SOURCE = Path("source/idor2020.md")
EDITED = "For this edition"  # the paragraph the author edits after the translator's work
REVIEWED = "Focused this year"  # the entry the translator rewrites
DOUBTED = "Organized each year"  # the entry the translator marks as needing work


def _entry(catalog: polib.POFile, start: str) -> polib.POEntry:
    return next(entry for entry in catalog if entry.msgid.startswith(start) and not entry.obsolete)


def _read(path: Path) -> polib.POFile:
    return parse_catalog(path.read_text(encoding="utf-8"), path.name)


def _translator_work(catalog: polib.POFile) -> None:
    _entry(catalog, REVIEWED).msgstr = "Une traduction revue par Marie."
    doubted = _entry(catalog, DOUBTED)
    doubted.flags = [*doubted.flags, FUZZY]


def _author_edits(project: Path) -> None:
    source = project / SOURCE
    text = source.read_text(encoding="utf-8")
    assert "given the current pandemic context" in text
    source.write_text(text.replace("current pandemic context", "current health crisis"), "utf-8")


def _run(run: Run, project: Path) -> str:
    output = ""
    for command in ("extract", "update"):
        result = run("-C", project, command)
        assert result.exit_code == 0, result.output
        output += result.output
    return output


def _poedit_save(path: Path, edit: Callable[[polib.POFile], None]) -> None:
    """Save as Poedit 3 does with wrapping turned off, for a translator on Windows."""
    catalog = polib.pofile(str(path), wrapwidth=0)
    edit(catalog)
    catalog.metadata.update(
        {
            "PO-Revision-Date": "2020-11-20 18:04+0100",
            "Last-Translator": "Marie Curie <marie@example.org>",
            "X-Generator": "Poedit 3.4.2",
            "X-Poedit-SourceCharset": "UTF-8",
        }
    )
    text = catalog.__unicode__()
    msgcat = shutil.which("msgcat")
    if msgcat is not None:  # Poedit's own last step
        command = [msgcat, "--force-po", "--no-wrap", "-"]
        text = subprocess.run(command, input=text, capture_output=True, text=True).stdout
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


def _weblate_save(path: Path, edit: Callable[[polib.POFile], None]) -> None:
    """Save as Weblate does: the edit, then translate-toolkit's writer at 77 columns."""
    pypo = pytest.importorskip("translate.storage.pypo")
    catalog = polib.pofile(str(path))
    edit(catalog)
    path.write_text(format_catalog(catalog), encoding="utf-8")
    store = pypo.pofile.parsefile(str(path))
    store.updateheader(
        add=True,
        PO_Revision_Date="2020-11-20 17:04+0000",
        Last_Translator="Marie Curie <marie@example.org>",
        Language_Team="French <https://hosted.weblate.org/projects/medsquare/news/fr/>",
        X_Generator="Weblate 5.13-dev",
    )
    path.write_bytes(bytes(store))


def _assert_merged_cleanly(project: Path, saved: polib.POFile, generator: str) -> None:
    merged = _read(project / POST)
    # Not one translation lost: each is still there, active, fuzzy or obsolete.
    assert {entry.msgstr for entry in saved} <= {entry.msgstr for entry in merged}
    reviewed = _entry(merged, REVIEWED)
    assert reviewed.msgstr == "Une traduction revue par Marie." and FUZZY not in reviewed.flags
    assert FUZZY in _entry(merged, DOUBTED).flags
    edited = _entry(merged, EDITED)
    assert FUZZY in edited.flags and edited.msgstr == _entry(saved, EDITED).msgstr
    assert edited.previous_msgid == _entry(saved, EDITED).msgid
    assert merged.metadata["X-Generator"] == generator
    assert merged.metadata["Last-Translator"] == "Marie Curie <marie@example.org>"
    assert merged.metadata["PO-Revision-Date"] == saved.metadata["PO-Revision-Date"]
    # The file is written GNU's way again, which msgcat leaves alone.
    text = (project / POST).read_bytes().decode("utf-8")
    assert "\r" not in text and format_catalog(parse_catalog(text, POST.name)) == text


def test_a_catalog_saved_by_poedit_merges_cleanly(project: Path, run: Run) -> None:
    _poedit_save(project / POST, _translator_work)
    saved = _read(project / POST)
    assert saved.metadata["X-Poedit-SourceCharset"] == "UTF-8"
    _author_edits(project)
    assert f"wrote {POST.as_posix()}" in _run(run, project)
    _assert_merged_cleanly(project, saved, "Poedit 3.4.2")
    assert _read(project / POST).metadata["X-Poedit-SourceCharset"] == "UTF-8"
    assert "wrote" not in _run(run, project)


def test_a_catalog_saved_by_weblate_merges_cleanly(project: Path, run: Run) -> None:
    _weblate_save(project / POST, _translator_work)
    saved = _read(project / POST)
    assert saved.metadata["Language-Team"].startswith("French <https://hosted.weblate.org/")
    _author_edits(project)
    assert f"wrote {POST.as_posix()}" in _run(run, project)
    _assert_merged_cleanly(project, saved, "Weblate 5.13-dev")
    assert _read(project / POST).metadata["Language-Team"] == saved.metadata["Language-Team"]
    assert "wrote" not in _run(run, project)


def test_flags_in_another_order_are_read(project: Path, run: Run) -> None:
    """Tools write "#, python-format, fuzzy" as readily as "#, fuzzy, python-format"."""
    text = (project / UI).read_text(encoding="utf-8")
    assert "\n#, python-format\nmsgid" in text
    (project / UI).write_text(
        text.replace("\n#, python-format\nmsgid", "\n#, python-format, fuzzy\nmsgid", 1), "utf-8"
    )
    # The same content, as this tool would write it, so the file is left as the tool wrote it.
    assert f"unchanged {UI.as_posix()}" in _run(run, project)
    reread = [entry for entry in _read(project / UI) if FUZZY in entry.flags]
    assert len(reread) == 1 and set(reread[0].flags) == {FUZZY, "python-format"}


def test_a_tools_layout_is_left_alone_when_nothing_changed(project: Path, run: Run) -> None:
    """No re-wrapping on every run: only a change of content rewrites the translator's file."""
    _poedit_save(project / POST, _translator_work)
    saved = (project / POST).read_bytes()
    assert b"\r\n" in saved
    assert "wrote" not in _run(run, project)
    assert (project / POST).read_bytes() == saved


def test_an_unchanged_catalog_is_not_rewritten_when_only_dates_move(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogs = sorted((project / "locales").rglob("*.po*"))
    before = {path: path.stat().st_mtime_ns for path in catalogs}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # a later day
    output = _run(run, project)
    assert "wrote" not in output and output.count("unchanged") == len(catalogs)
    assert {path: path.stat().st_mtime_ns for path in catalogs} == before


def test_byte_order_mark_and_windows_line_ends_are_read() -> None:
    text = (
        '\ufeffmsgid ""\r\nmsgstr ""\r\n"Language: fr\\n"\r\n\r\nmsgid "Blog"\r\nmsgstr "Blog"\r\n'
    )
    catalog = parse_catalog(text, "fr.po")
    assert catalog.metadata == {"Language": "fr"} and catalog[0].msgstr == "Blog"
