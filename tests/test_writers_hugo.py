"""Acceptance with a real generator: Hugo (Debian's ``hugo``) builds a site over the whole shared
corpus with the French and Japanese sources write_sources wrote."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from localize_post.locales import parse_language
from localize_post.project import Project, load_project
from localize_post.writers import Layout, write_sources
from test_writers_markdown import upper

from conftest import dom_tree, require_shared, require_tool

_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)\s*([\w./-]+)")
_MAIN = re.compile(r"<main>(.*?)</main>", re.DOTALL)
_TRANSLATIONS = re.compile(r'<link rel="alternate" hreflang="([\w-]+)"')
_LANGUAGE_LINK = re.compile(r'href="/(?:fr|ja)/')

SINGLE = """<!DOCTYPE html>
<html lang="{{ .Lang }}"><head><title>{{ .Title }}</title>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head><body><main>{{ .Content }}</main></body></html>
"""


def _site(tmp_path: Path, blog: Path, translate: bool) -> tuple[Path, Project]:
    """A project whose posts are the corpus, French and Japanese catalogs filled (with the
    English itself, or upper case), and a minimal Hugo site holding the English."""
    root = tmp_path / "project"
    shutil.copytree(blog, root / "source" / "blog")
    (root / "localize-post.toml").write_text('languages = ["fr", "ja"]\n', encoding="utf-8")
    project = load_project(root)
    for code in ("fr", "ja"):
        folder = root / "locales" / code / "LC_MESSAGES"
        for document in project.documents:
            catalog = polib.POFile()
            catalog.metadata = {"Language": code, "Content-Type": "text/plain; charset=UTF-8"}
            entries = {(segment.context, segment.text) for segment in document.segments}
            for context, msgid in sorted(entries, key=lambda key: (key[0] or "", key[1])):
                msgstr = upper(msgid) if translate else msgid
                catalog.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
            path = folder / f"{document.slug}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog.save(str(path))
    site = tmp_path / "site"
    shutil.copytree(blog, site / "content" / "en" / "blog")
    report = write_sources(project, [], Layout.HUGO, site)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
        "[markup.goldmark.renderer]\nunsafe = true\n\n" + report.configuration.split("\n", 1)[1],
        encoding="utf-8",
    )
    layouts = site / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (layouts / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "_default" / "list.html").write_text("{{ .Title }}\n", encoding="utf-8")
    (layouts / "index.html").write_text("home\n", encoding="utf-8")
    _stub_shortcodes(blog, layouts / "shortcodes")
    return site, project


def _stub_shortcodes(blog: Path, folder: Path) -> None:
    """The corpus's shortcodes are Docsy's and the site's: each is stubbed by one that writes
    its name (and what it holds, if it is ever closed), the same in every language."""
    paired: dict[str, bool] = {}
    for path in blog.rglob("*.md"):
        for closing, name in _SHORTCODE.findall(path.read_text(encoding="utf-8")):
            paired[name] = paired.get(name, False) or bool(closing)
    for name, holds in paired.items():
        target = folder / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            f"<sc-{name.replace('/', '-')}>" + ("{{ .Inner }}" if holds else "") + "</sc>"
        )


def _build(site: Path) -> None:
    hugo = require_tool("hugo")
    result = subprocess.run(
        [
            hugo,
            "--source",
            str(site),
            "--buildDrafts",
            "--buildFuture",
            "--buildExpired",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _pages(site: Path, project: Project, language: str) -> dict[str, str]:
    prefix = "" if language == "en" else f"{language}/"
    pages = {}
    for document in project.documents:
        page = site / "public" / f"{prefix}{document.slug}" / "index.html"
        if page.is_file():
            pages[document.slug] = page.read_text(encoding="utf-8")
    return pages


def _main(page: str) -> str:
    match = _MAIN.search(page)
    assert match is not None
    return _LANGUAGE_LINK.sub('href="/', match.group(1))


@pytest.fixture(scope="module")
def blog() -> Path:
    return require_shared("corpus/opentelemetry-blog/content/en/blog")


def test_hugo_builds_identity_translations_that_equal_the_english(
    tmp_path: Path, blog: Path
) -> None:
    require_tool("hugo")
    site, project = _site(tmp_path, blog, translate=False)
    _build(site)
    english = _pages(site, project, "en")
    assert len(english) == 256
    for language in ("fr", "ja"):
        translated = _pages(site, project, language)
        assert translated.keys() == english.keys()
        differing = [slug for slug in english if _main(translated[slug]) != _main(english[slug])]
        assert differing == [], language
    # translationKey and the shared path make each page a translation of the others
    hreflangs = set(_TRANSLATIONS.findall(english["blog/2024/year-in-review"]))
    assert hreflangs == {"fr", "ja"}


def test_hugo_builds_translations_with_every_tag_link_and_shortcode(
    tmp_path: Path, blog: Path
) -> None:
    require_tool("hugo")
    site, project = _site(tmp_path, blog, translate=True)
    _build(site)
    english = _pages(site, project, "en")
    french = _pages(site, project, "fr")
    assert french.keys() == english.keys()
    differing = [
        slug
        for slug in english
        if dom_tree(_main(french[slug]), keep_text=False)
        != dom_tree(_main(english[slug]), keep_text=False)
    ]
    assert differing == []
    assert parse_language("fr").tag in project.config.languages
