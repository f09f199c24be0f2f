"""write_sources: layouts, the publishing threshold, files it owns, links, HTML pages in place."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from localize_post.errors import OutputError
from localize_post.locales import parse_language
from localize_post.project import extract, load_project, update
from localize_post.writers import Layout, SourcesReport, write_sources
from localize_post.writers.output import MANIFEST

from conftest import CASES, tree_digest

POST = """---
title: First post
date: 2024-01-02
---

Hello *world*, see [the second](/blog/2024/second/) and [the third](../third/).
"""
SECOND = "---\ntitle: Second post\n---\n\nThe second post.\n"
THIRD = "---\ntitle: Third post\n---\n\nThe third post.\n"


def _project(tmp_path: Path, translated: dict[str, bool]) -> Path:
    """A project of three posts under source/blog/2024/, French catalogs translating the posts
    ``translated`` says (upper case), the others left empty."""
    root = tmp_path / "project"
    posts = root / "source" / "blog" / "2024"
    posts.mkdir(parents=True)
    (posts / "first.md").write_text(POST, encoding="utf-8")
    (posts / "second.md").write_text(SECOND, encoding="utf-8")
    (posts / "third.md").write_text(THIRD, encoding="utf-8")
    (root / "localize-post.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
    project = load_project(root)
    extract(project)
    update(project, [parse_language("fr")])
    for slug, done in translated.items():
        path = root / "locales" / "fr" / "LC_MESSAGES" / f"blog/2024/{slug}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid.upper().replace("<A1>", "<a1>").replace("</A1>", "</a1>")
            entry.msgstr = entry.msgstr.replace("<A2>", "<a2>").replace("</A2>", "</a2>")
            entry.msgstr = entry.msgstr.replace("<EM>", "<em>").replace("</EM>", "</em>")
            if not done:
                entry.msgstr = ""
        catalog.save(str(path))
    return root


def _write(root: Path, layout: Layout, out: str = "site") -> SourcesReport:
    return write_sources(load_project(root), [parse_language("fr")], layout, Path(out))


@pytest.mark.parametrize(
    ("layout", "path"),
    [
        (Layout.HUGO, "content/fr/blog/2024/first.md"),
        (Layout.HUGO_FILENAME, "blog/2024/first.fr.md"),
        (Layout.JEKYLL_POLYGLOT, "fr/blog/2024/first.md"),
        (Layout.MKDOCS_STATIC_I18N, "blog/2024/first.fr.md"),
        (Layout.DOCUSAURUS, "i18n/fr/docusaurus-plugin-content-blog/blog/2024/first.md"),
        (Layout.ZOLA, "blog/2024/first.fr.md"),
    ],
)
def test_each_layout_puts_the_file_where_its_generator_looks(
    tmp_path: Path, layout: Layout, path: str
) -> None:
    root = _project(tmp_path, {"first": True, "second": True, "third": False})
    report = _write(root, layout)
    written = {item.path for item in report.written}
    assert path in written
    assert len(written) == 2  # the third post is below the threshold
    assert [skipped.slug for skipped in report.skipped] == ["blog/2024/third"]
    text = (root / "site" / path).read_text(encoding="utf-8")
    assert "title: FIRST POST" in text
    assert "HELLO *WORLD*" in text
    if layout in (Layout.HUGO, Layout.HUGO_FILENAME):
        assert "translationKey: blog/2024/first\n" in text
        assert "[languages.fr]" in report.configuration
    if layout is Layout.JEKYLL_POLYGLOT:
        assert "lang: fr\n" in text


def test_links_point_to_the_translation_where_it_is_published(tmp_path: Path) -> None:
    root = _project(tmp_path, {"first": True, "second": True, "third": False})
    report = _write(root, Layout.HUGO)
    text = (root / "site" / "content/fr/blog/2024/first.md").read_text(encoding="utf-8")
    assert "[THE SECOND](/fr/blog/2024/second/)" in text  # published in French
    assert "[THE THIRD](/blog/2024/third/)" in text  # not published: the English page
    assert report.links == 2


def test_identity_catalogs_write_the_source_back(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    for slug in ("first", "second", "third"):
        path = root / "locales" / "fr" / "LC_MESSAGES" / f"blog/2024/{slug}.po"
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save(str(path))
    _write(root, Layout.MKDOCS_STATIC_I18N)
    written = (root / "site/blog/2024/second.fr.md").read_text(encoding="utf-8")
    assert written == SECOND


def test_a_second_run_changes_nothing_and_nothing_else_is_touched(tmp_path: Path) -> None:
    root = _project(tmp_path, {"first": True, "second": True, "third": True})
    site = root / "site"
    (site / "blog/2024").mkdir(parents=True)
    (site / "blog/2024/first.md").write_text("the site's own English\n", encoding="utf-8")
    (site / "blog/2024/unrelated.txt").write_text("keep me\n", encoding="utf-8")
    first = _write(root, Layout.ZOLA)
    before = tree_digest(site)
    second = _write(root, Layout.ZOLA)
    assert tree_digest(site) == before
    assert all(item.changed for item in first.written)
    assert not any(item.changed for item in second.written)
    assert (site / "blog/2024/first.md").read_text(encoding="utf-8") == "the site's own English\n"
    assert (site / "blog/2024/unrelated.txt").read_text(encoding="utf-8") == "keep me\n"
    assert MANIFEST in {path.name for path in site.iterdir()}


def test_a_file_written_or_edited_by_hand_is_never_overwritten(tmp_path: Path) -> None:
    root = _project(tmp_path, {"first": True, "second": True, "third": True})
    site = root / "site"
    human = site / "blog/2024/first.fr.md"
    human.parent.mkdir(parents=True)
    human.write_text("Une traduction humaine.\n", encoding="utf-8")
    report = _write(root, Layout.ZOLA)
    assert human.read_text(encoding="utf-8") == "Une traduction humaine.\n"
    assert any("did not write it" in skipped.reason for skipped in report.skipped)
    edited = site / "blog/2024/second.fr.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "Corrigé à la main.\n", "utf-8")
    report = _write(root, Layout.ZOLA)
    assert edited.read_text(encoding="utf-8").endswith("Corrigé à la main.\n")
    assert any("was changed since" in skipped.reason for skipped in report.skipped)


@pytest.mark.parametrize("out", ["source", "source/blog", "locales", "templates"])
def test_the_projects_own_folders_are_refused(tmp_path: Path, out: str) -> None:
    root = _project(tmp_path, {"first": True})
    (root / "templates").mkdir(exist_ok=True)
    before = tree_digest(root)
    with pytest.raises(OutputError):
        _write(root, Layout.ZOLA, out)
    assert tree_digest(root) == before


def test_an_html_page_is_translated_in_place(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    page = (CASES / "html" / "page.html").read_text(encoding="utf-8")
    (root / "source" / "page.html").write_text(page, encoding="utf-8")
    project = load_project(root)
    extract(project)
    arabic = parse_language("ar")
    update(project, [arabic])
    path = root / "locales" / "ar" / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid.replace("Second paragraph", "الفقرة الثانية").replace(
            "news", "أخبار"
        )
    catalog.save(str(path))
    report = write_sources(load_project(root), [arabic], Layout.HUGO_FILENAME, Path("site"))
    written = (root / "site" / "page.ar.html").read_text(encoding="utf-8")
    assert report.written[0].english == 0
    assert written.startswith('<!DOCTYPE html>\n<html dir="rtl" lang="ar">\n')
    assert "<title>A &amp; B أخبار</title>" in written
    assert "<p>الفقرة الثانية <img" in written
    changed = [
        (old, new)
        for old, new in zip(page.splitlines(), written.splitlines(), strict=True)
        if old != new
    ]
    assert len(changed) == 4  # <html>, <title>, keywords, the second paragraph
