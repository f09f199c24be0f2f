"""Catalogs: msgmerge semantics, no translation ever lost, GNU tools accept what we write."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.catalogs import (
    atomic_write,
    merge,
    parse_catalog,
    ui_template,
    write_catalog,
)
from localize_post.errors import CatalogError
from localize_post.locales import parse_language
from localize_post.poformat import format_catalog

from conftest import REPOSITORY, require_tool

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
        ('msgid "a"\nmsgstr "b"\n"c\\q"\n', 3, "syntax error: cannot read"),
        ('msgid "a"\nmsgstr "b"\n\nmsgstr "c"\n', 4, "syntax error: msgstr cannot come here"),
        ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 2, "syntax error: msgid cannot come here"),
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
