"""Catalogs: msgmerge semantics, no translation ever lost, GNU tools accept what we write."""

from __future__ import annotations

import errno
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.catalogs import (
    atomic_write,
    merge,
    parse_catalog,
    timestamp,
    ui_template,
    write_catalog,
)
from localize_post.errors import CatalogError, EnvironmentVariableError
from localize_post.locales import parse_language
from localize_post.poformat import format_catalog

from conftest import REPOSITORY, Run, require_tool, tree_digest

FRENCH = parse_language("fr")
NOW = datetime(2020, 11, 5, tzinfo=UTC)
SHIPPED = sorted((REPOSITORY / "locales").rglob("*.po")) + sorted(
    (REPOSITORY / "locales").glob("*.pot")
)


def _template(*msgids: str) -> polib.POFile:
    catalog = ui_template([], "test", "", NOW)
    for msgid in msgids:
        catalog.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=[("post.md", "1")]))
    return catalog


def _translated(pairs: dict[str, str]) -> polib.POFile:
    catalog = merge(_template(*pairs), None, FRENCH, NOW)
    for entry in catalog:
        entry.msgstr = pairs[entry.msgid]
    return catalog


def test_new_catalog_header() -> None:
    catalog = merge(_template("Hello"), None, FRENCH, NOW)
    assert catalog.metadata["Language"] == "fr"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=")
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_exact_match_keeps_translation_and_translator_comment() -> None:
    old = _translated({"The heading": "Le titre"})
    old[0].tcomment = "checked by Anne"
    merged = merge(_template("The heading"), old, FRENCH, NOW)
    assert merged[0].msgstr == "Le titre" and merged[0].tcomment == "checked by Anne"
    assert "fuzzy" not in merged[0].flags


def test_changed_text_is_fuzzy_with_previous_msgid() -> None:
    old = _translated(
        {"Radiologists supporting patients": "Les radiologues aux côtés des patients"}
    )
    merged = merge(_template("Radiologists caring for patients"), old, FRENCH, NOW)
    active = [entry for entry in merged if not entry.obsolete]
    assert active[0].flags == ["fuzzy"]
    assert active[0].previous_msgid == "Radiologists supporting patients"
    assert active[0].msgstr == "Les radiologues aux côtés des patients"


def test_fuzzy_matching_can_be_turned_off() -> None:
    old = _translated({"Radiologists supporting patients": "Les radiologues"})
    merged = merge(
        _template("Radiologists caring for patients"), old, FRENCH, NOW, fuzzy_matching=False
    )
    assert merged[0].msgstr == "" and not merged[0].flags
    assert merged[1].obsolete and merged[1].msgstr == "Les radiologues"


def test_removed_text_is_obsolete_and_revived() -> None:
    old = _translated({"Kept": "Gardé", "Removed paragraph": "Paragraphe supprimé"})
    without = merge(_template("Kept"), old, FRENCH, NOW)
    assert [(e.msgid, e.obsolete) for e in without] == [
        ("Kept", False),
        ("Removed paragraph", True),
    ]
    back = merge(_template("Kept", "Removed paragraph"), without, FRENCH, NOW)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in back] == [
        ("Kept", "Gardé", False),
        ("Removed paragraph", "Paragraphe supprimé", False),
    ]


WORDS = st.sampled_from(
    ["the", "day", "of", "radiology", "patients", "imaging", "crisis", "team", "virus", "care"]
)
SENTENCES = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)


@given(
    old=st.dictionaries(SENTENCES, SENTENCES, min_size=1, max_size=8),
    new=st.lists(SENTENCES, max_size=8, unique=True),
    fuzzy=st.booleans(),
)
def test_no_translation_is_ever_lost(old: dict[str, str], new: list[str], fuzzy: bool) -> None:
    """Whatever the new source, every old translation survives: active, fuzzy or obsolete."""
    merged = merge(_template(*new), _translated(old), FRENCH, NOW, fuzzy_matching=fuzzy)
    surviving = {entry.msgstr for entry in merged}
    assert set(old.values()) <= surviving
    assert [entry.msgid for entry in merged if not entry.obsolete] == new
    for entry in merged:
        if entry.msgid in old and not entry.obsolete:
            assert entry.msgstr == old[entry.msgid] and "fuzzy" not in entry.flags
    # and merging twice changes nothing
    again = merge(_template(*new), merged, FRENCH, NOW, fuzzy_matching=fuzzy)
    assert format_catalog(again) == format_catalog(merged)


def test_unchanged_catalog_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    catalog = _translated({"Hello": "Bonjour"})
    assert write_catalog(path, catalog)
    stamp = path.stat().st_mtime_ns
    catalog.metadata["POT-Creation-Date"] = "2030-01-01 00:00+0000"  # only a date moved
    assert not write_catalog(path, catalog)
    assert path.stat().st_mtime_ns == stamp
    catalog[0].msgstr = "Salut"
    assert write_catalog(path, catalog)
    assert "Salut" in path.read_text(encoding="utf-8")


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    atomic_write(tmp_path / "a" / "b.po", "x")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.po"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "syntax error: string is not terminated"),
        ('msgid "a"\nmsgstr "b"\nfoo\n', 3, "syntax error: unknown keyword 'foo'"),
        ('msgid "a"\nmsgstr "b"\n"c\\q"\n', 3, "syntax error: invalid escape sequence \\q"),
        ('msgid "a"\nmsgstr "b"\n\nmsgstr "c"\n', 4, "syntax error: msgstr cannot come here"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 1, "missing 'msgstr' section"),
        ('"x"\nmsgid "a"\nmsgstr ""\n', 1, "syntax error: a continued string cannot come here"),
    ],
)
def test_syntax_errors_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "x.po")
    assert caught.value.line == line
    assert caught.value.message.startswith(message)
    assert str(caught.value).startswith(f"x.po:{line}: ")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(REPOSITORY).as_posix())
def test_msgfmt_accepts_shipped_catalogs(path: Path) -> None:
    msgfmt = require_tool("msgfmt")
    result = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(REPOSITORY).as_posix())
def test_msgcat_leaves_shipped_catalogs_unchanged(path: Path) -> None:
    msgcat = require_tool("msgcat")
    result = subprocess.run([msgcat, str(path)], capture_output=True, check=True)
    assert result.stdout == path.read_bytes()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(REPOSITORY).as_posix())
def test_reading_and_writing_a_shipped_catalog_changes_no_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_catalog(parse_catalog(text, path.name)) == text


@settings(max_examples=25, deadline=None)
@given(
    old=st.dictionaries(SENTENCES, SENTENCES, min_size=1, max_size=6),
    new=st.lists(SENTENCES, max_size=6, unique=True),
)
def test_gnu_tools_accept_merged_catalogs(
    tmp_path_factory: pytest.TempPathFactory, old: dict[str, str], new: list[str]
) -> None:
    msgfmt = require_tool("msgfmt")
    merged = merge(_template(*new), _translated(old), FRENCH, NOW)
    path = tmp_path_factory.mktemp("merged") / "fr.po"
    path.write_text(format_catalog(merged), encoding="utf-8")
    result = subprocess.run(
        [msgfmt, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# --- SOURCE_DATE_EPOCH --------------------------------------------------------------------


def test_source_date_epoch_pins_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1604534400")
    assert timestamp() == datetime(2020, 11, 5, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert timestamp() == datetime(1970, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert timestamp() == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize("setting", [None, ""])
def test_unset_or_empty_source_date_epoch_means_now(
    monkeypatch: pytest.MonkeyPatch, setting: str | None
) -> None:
    # The specification leaves a missing or empty value to the tool: both mean now.
    if setting is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", setting)
    before = datetime.now(UTC).replace(microsecond=0)
    assert before <= timestamp() <= datetime.now(UTC)


NOT_A_NUMBER = "is not a number of seconds since 1970 (date +%s)"
OUT_OF_RANGE = "is not a date between 1970 and the year 9999"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yesterday", NOT_A_NUMBER),
        ("1604534400.5", NOT_A_NUMBER),
        (" 1604534400", NOT_A_NUMBER),
        ("+1604534400", NOT_A_NUMBER),
        ("١٦٠٤٥٣٤٤٠٠", NOT_A_NUMBER),  # Arabic-Indic digits, which int() would take
        ("1604534400\n", NOT_A_NUMBER),
        ("-1", OUT_OF_RANGE),
        ("253402300800", OUT_OF_RANGE),  # 10000-01-01
        ("99999999999999999999", OUT_OF_RANGE),  # datetime.fromtimestamp: OverflowError
        ("9" * 5000, OUT_OF_RANGE),  # more digits than int() converts
    ],
)
def test_bad_source_date_epoch_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(EnvironmentVariableError) as caught:
        timestamp()
    assert str(caught.value) == f"SOURCE_DATE_EPOCH={value!r} {problem}"


def test_bad_source_date_epoch_stops_the_command_line(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    post = project / "source" / "idor2020.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = tree_digest(project)
    result = run("-C", project, "extract")
    assert result.exit_code == 2
    assert result.stderr == (
        "localize-post: SOURCE_DATE_EPOCH='tomorrow' is not a number of seconds since 1970"
        " (date +%s)\n"
    )
    assert tree_digest(project) == before


# --- writing when the disk says no ----------------------------------------------------------


def _refuse(error_number: int) -> OSError:
    return OSError(error_number, os.strerror(error_number))


def _fails_at(monkeypatch: pytest.MonkeyPatch, name: str, error_number: int) -> None:
    """Make os.<name> fail as the system would, wherever atomic_write calls it."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise _refuse(error_number)

    monkeypatch.setattr(os, name, refuse)


@pytest.mark.parametrize(
    ("step", "error_number"),
    [
        ("fsync", errno.ENOSPC),  # where a full disk shows on delayed-allocation file systems
        ("replace", errno.EACCES),  # the rename into a folder the user may not write
        ("chmod", errno.EPERM),
    ],
)
def test_a_failed_write_names_the_real_file_and_keeps_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, error_number: int
) -> None:
    target = tmp_path / "locales" / "fr.po"
    target.parent.mkdir()
    target.write_text("the old catalog\n", encoding="utf-8")
    _fails_at(monkeypatch, step, error_number)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "the new catalog\n", shown="locales/fr.po")
    monkeypatch.undo()
    assert caught.value.errno == error_number
    assert caught.value.filename == "locales/fr.po"
    assert caught.value.strerror == os.strerror(error_number)
    assert isinstance(caught.value, PermissionError) == (error_number != errno.ENOSPC)
    assert target.read_text(encoding="utf-8") == "the old catalog\n"
    assert [path.name for path in target.parent.iterdir()] == ["fr.po"]


def test_a_full_disk_while_writing_names_the_real_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC from the write itself, not only from fsync: the stream's writes fail."""
    target = tmp_path / "fr.po"
    target.write_text("the old catalog\n", encoding="utf-8")
    opened = os.fdopen

    def full_disk(descriptor: int, *args: Any, **kwargs: Any) -> _FullDisk:
        return _FullDisk(opened(descriptor, *args, **kwargs))

    monkeypatch.setattr(os, "fdopen", full_disk)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "x" * 100_000)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert caught.value.filename == str(target)
    assert target.read_text(encoding="utf-8") == "the old catalog\n"
    assert [path.name for path in tmp_path.iterdir()] == ["fr.po"]


class _FullDisk:
    """A text stream whose every write finds the disk full; everything else is the real one's."""

    def __init__(self, stream: IO[Any]) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def write(self, text: str) -> int:
        raise _refuse(errno.ENOSPC)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exception: object) -> None:
        self._stream.close()


def test_a_folder_no_file_may_be_created_in_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / ".fr.po.x.tmp"))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(PermissionError) as caught:
        atomic_write(tmp_path / "fr.po", "x", shown="locales/fr.po")
    assert caught.value.filename == "locales/fr.po"


def test_the_command_line_names_the_catalog_a_full_disk_refused(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    post = project / "source" / "idor2020.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    before = tree_digest(project)
    _fails_at(monkeypatch, "fsync", errno.ENOSPC)
    result = run("-C", project, "extract")
    monkeypatch.undo()
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("localize-post: ") and line.endswith(
        "locales/idor2020.pot: No space left on device"
    )
    assert ".tmp" not in line
    assert tree_digest(project) == before


def test_writing_over_a_folder_or_a_broken_link_is_refused(tmp_path: Path) -> None:
    catalog = _translated({"Hello": "Bonjour"})
    folder = tmp_path / "fr.po"
    (folder / "inside").mkdir(parents=True)
    with pytest.raises(CatalogError) as caught:
        write_catalog(folder, catalog, shown="locales/fr.po")
    assert str(caught.value) == "locales/fr.po: is a folder, not a file"
    assert [path.name for path in folder.iterdir()] == ["inside"]
    link = tmp_path / "de.po"
    link.symlink_to("nowhere.po")
    with pytest.raises(CatalogError) as caught:
        write_catalog(link, catalog, shown="locales/de.po")
    assert str(caught.value) == (
        "locales/de.po: is a symbolic link to nowhere.po, which does not exist"
    )
    assert link.is_symlink() and not (tmp_path / "nowhere.po").exists()
