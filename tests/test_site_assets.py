"""Posts at any depth, and the files beside them: every relative URL of every page resolves, in
every language, and a language's own version of a picture replaces the English one.

The corpus's page bundles come without their pictures, so the tests put a small file wherever
a bundle points; the rules about versions, static/ and links are minimal cases.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from conftest import Run, require_shared, tree_digest

CORPUS = "corpus/opentelemetry-blog/content/en/blog"
# Posts at three depths: two page bundles with pictures, a post in a year's folder, one at the top.
CORPUS_POSTS = (
    "2023/otel-arrow",
    "2019/opentelemetry-governance-committee-explained",
    "2023/php-beta-release.md",
)
_PICTURE = re.compile(r"!\[[^\]]*\]\((?:<([^>]+)>|([^)\s]+))|\bsrc=\"([^\"]+)\"")


def _build(run: Run, root: Path, *options: str) -> str:
    result = run("-C", root, "build", *options)
    assert result.exit_code == 0, result.output
    return result.output


def _translated_blog(root: Path, run: Run) -> None:
    """The project's catalogs extracted and pseudo-translated into French and Arabic."""
    for command in (
        ["extract"],
        ["update"],
        ["pretranslate", "-l", "fr", "--engine", "pseudo"],
        ["pretranslate", "-l", "ar", "--engine", "pseudo-rtl"],
    ):
        result = run("-C", root, *command)
        assert result.exit_code == 0, result.output


@pytest.fixture
def corpus_blog(tmp_path: Path) -> Path:
    """Real posts at several depths, each bundle with a file wherever it points to one."""
    corpus = require_shared(CORPUS)
    root = tmp_path / "blog"
    for post in CORPUS_POSTS:
        target = root / "source" / post
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copy if post.endswith(".md") else shutil.copytree
        copy(corpus / post, target)
    (root / "source" / "welcome.md").write_text("---\ntitle: Welcome\ndate: 2020-01-01\n---\nHi.\n")
    for bundle in sorted((root / "source").rglob("index.md")):
        for match in _PICTURE.finditer(bundle.read_text(encoding="utf-8")):
            url = next(group for group in match.groups() if group)
            if not urlsplit(url).scheme and not url.startswith("/"):
                picture = bundle.parent / unquote(url)
                picture.parent.mkdir(parents=True, exist_ok=True)
                picture.write_bytes(b"\x89PNG " + url.encode())
    (root / "localize-post.toml").write_text(
        'languages = ["fr", "ar"]\nbase_url = "https://blog.example/"\n', encoding="utf-8"
    )
    return root


def _unresolved(site: Path, page: Path, in_article: bool) -> list[str]:
    """The relative URLs of a page that lead to no file of the site: every stylesheet, link
    and picture; links inside the article only where ``in_article`` (authors link to pages of
    their own site that a test project lacks)."""
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    article = tree.find(".//article")
    inside = set() if article is None else {id(element) for element in article.iter()}
    missing = []
    for element in tree.iter():
        for name in ("href", "src"):
            url = element.get(name)
            if url is None or urlsplit(url).scheme or url.startswith(("//", "#")):
                continue
            if element.tag == "a" and id(element) in inside and not in_article:
                continue
            path = unquote(urlsplit(url).path)
            target = (page.parent / path).resolve()
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(site.resolve()):
                missing.append(f"{page.relative_to(site)}: {element.tag} {name}={url}")
    return missing


def test_every_link_and_picture_resolves_at_every_depth(corpus_blog: Path, run: Run) -> None:
    _translated_blog(corpus_blog, run)
    _build(run, corpus_blog, "--preview")
    site = corpus_blog / "site"
    pages = sorted(site.rglob("*.html"))
    for depth, page in (
        (3, "fr/2023/otel-arrow/index.html"),
        (3, "ar/2019/opentelemetry-governance-committee-explained/index.html"),
        (3, "en/2023/php-beta-release/index.html"),
        (2, "ar/welcome/index.html"),
    ):
        assert site / page in pages
        assert f'<link rel="stylesheet" href="{"../" * depth}style.css">' in (
            site / page
        ).read_text(encoding="utf-8")
    problems = [problem for page in pages for problem in _unresolved(site, page, False)]
    assert problems == []
    pictures = {
        path.relative_to(site / "en").as_posix()
        for path in (site / "en").rglob("*")
        if path.is_file() and path.suffix not in (".html", ".xml")
    }
    assert "2023/otel-arrow/otel-arrow.png" in pictures and len(pictures) >= 5
    for language in ("fr", "ar"):
        for picture in pictures:
            assert (site / language / picture).read_bytes() == (site / "en" / picture).read_bytes()


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A bundle with a chart in English, French (suffix) and Arabic (folder), a post beside
    its diagram, and static files."""
    root = tmp_path / "blog"
    bundle = root / "source" / "2024" / "launch"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(
        "---\ntitle: Launch\ndate: 2024-04-24\n---\n"
        "![Chart](chart.png) ![Map](./maps/map.png)\n\n"
        "[Slides](slides.pdf) and [the logo](/img/logo.png).\n",
        encoding="utf-8",
    )
    (bundle / "chart.png").write_bytes(b"english chart")
    (bundle / "chart.fr.png").write_bytes(b"graphique")
    (bundle / "ar").mkdir()
    (bundle / "ar" / "chart.png").write_bytes(b"arabic chart")
    (bundle / "maps").mkdir()
    (bundle / "maps" / "map.png").write_bytes(b"map")
    (bundle / "slides.pdf").write_bytes(b"%PDF")
    (bundle / ".DS_Store").write_bytes(b"junk")
    inside = root / "source" / "inside"
    inside.mkdir()
    (inside / "story.md").write_text(
        "---\ntitle: Story\ndate: 2024-01-02\n---\n"
        '![Diagram](diagram.png)\n\n<img src="diagram.png" srcset="diagram.png 1x, big.png 2x">\n',
        encoding="utf-8",
    )
    (inside / "diagram.png").write_bytes(b"diagram")
    (inside / "big.png").write_bytes(b"big diagram")
    static = root / "static"
    (static / "img").mkdir(parents=True)
    (static / "img" / "logo.png").write_bytes(b"logo")
    (static / "img" / "logo.fr.png").write_bytes(b"logo fr")
    (static / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (static / ".well-known").mkdir()
    (static / ".well-known" / "security.txt").write_text("Contact: x\n", encoding="utf-8")
    (static / ".env").write_text("SECRET=1\n", encoding="utf-8")
    (root / "localize-post.toml").write_text(
        'languages = ["fr", "ar", "it"]\nthreshold = 100\nbase_url = "https://blog.example/"\n',
        encoding="utf-8",
    )
    return root


def _french_and_arabic(root: Path, run: Run) -> None:
    """Every post translated (pseudo, reviewed) into French and Arabic; Italian left empty."""
    _translated_blog(root, run)
    assert run("-C", root, "update", "-l", "it").exit_code == 0
    for language in ("fr", "ar"):
        for path in (root / "locales" / language).rglob("*.po"):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("#, fuzzy\n", "").replace(", fuzzy", ""), "utf-8")


def _images(page: Path) -> list[str]:
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    article = tree.find(".//article")
    assert article is not None
    return [
        f"{element.tag} {name}={element.get(name)}"
        for element in article.iter()
        for name in ("src", "srcset", "href")
        if element.get(name) is not None
    ]


def test_a_languages_own_picture_replaces_the_english_one(blog: Path, run: Run) -> None:
    _french_and_arabic(blog, run)
    _build(run, blog)
    site = blog / "site"
    charts = {
        tag: (site / tag / "2024/launch/chart.png").read_bytes() for tag in ("en", "fr", "ar")
    }
    assert charts == {"en": b"english chart", "fr": b"graphique", "ar": b"arabic chart"}
    for tag in ("en", "fr", "ar"):
        # the page's URLs are the English page's: the language's folder holds its version
        assert _images(site / tag / "2024/launch/index.html") == [
            "img src=chart.png",
            "img src=./maps/map.png",
            "a href=slides.pdf",
            f"a href=../../../img/logo{'.fr' if tag == 'fr' else ''}.png",
        ]
        assert (site / tag / "2024/launch/maps/map.png").read_bytes() == b"map"
        assert (site / tag / "2024/launch/slides.pdf").read_bytes() == b"%PDF"
        assert not (site / tag / "2024/launch/chart.fr.png").exists()
        assert not (site / tag / "2024/launch/ar").exists()
        assert not (site / tag / "2024/launch/.DS_Store").exists()
    assert not (site / "it").exists()  # not published: no pages, no pictures


def test_a_posts_relative_urls_are_read_from_its_source_file(blog: Path, run: Run) -> None:
    """``diagram.png`` beside ``source/inside/story.md`` is ``../diagram.png`` from the page
    ``site/<lang>/inside/story/``, whose folder the source file does not have."""
    _french_and_arabic(blog, run)
    _build(run, blog)
    site = blog / "site"
    for tag in ("en", "fr", "ar"):
        page = site / tag / "inside/story/index.html"
        assert _images(page) == [
            "img src=../diagram.png",
            "img src=../diagram.png",
            "img srcset=../diagram.png 1x, ../big.png 2x",
        ]
        assert (site / tag / "inside/diagram.png").read_bytes() == b"diagram"
        assert _unresolved(site, page, in_article=True) == []


def test_static_files_are_copied_to_the_sites_root(blog: Path, run: Run) -> None:
    _french_and_arabic(blog, run)
    output = _build(run, blog)
    site = blog / "site"
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\n"
    assert (site / "img/logo.png").read_bytes() == b"logo"
    assert (site / "img/logo.fr.png").read_bytes() == b"logo fr"
    assert (site / ".well-known/security.txt").is_file()  # RFC 8615: must be at the root
    assert not (site / ".env").exists()
    assert "warning" not in output


def test_a_link_out_of_the_project_is_not_copied(blog: Path, run: Run) -> None:
    secret = blog.parent / "passwords.txt"
    secret.write_text("hunter2\n", encoding="utf-8")
    bundle = blog / "source" / "2024" / "launch"
    (bundle / "notes.txt").symlink_to(secret)
    (blog / "static" / "keys").symlink_to(blog.parent, target_is_directory=True)
    (bundle / "logo-copy.png").symlink_to(blog / "static" / "img" / "logo.png")  # inside: copied
    result = run("-C", blog, "build")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: source/2024/launch/notes.txt: a symbolic link to {secret.resolve()},"
        " outside the project: not copied" in result.output
    )
    assert "warning: static/keys: a symbolic link to " in result.output
    site = blog / "site"
    assert not [path for path in site.rglob("*") if path.name in ("notes.txt", "keys")]
    assert "hunter2" not in "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file()
    )
    assert (site / "en/2024/launch/logo-copy.png").read_bytes() == b"logo"
    assert not (site / "en/2024/launch/logo-copy.png").is_symlink()


def test_a_static_file_where_build_writes_a_page_is_not_copied(blog: Path, run: Run) -> None:
    (blog / "static" / "en").mkdir()
    (blog / "static" / "en" / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    (blog / "static" / "style.css").write_text("body{}", encoding="utf-8")
    output = _build(run, blog)
    assert (
        "warning: static/en/index.html: would be en/index.html, but build writes a page there:"
        " not copied" in output
    )
    assert "warning: static/style.css: would be style.css" in output
    assert "<p>mine</p>" not in (blog / "site/en/index.html").read_text(encoding="utf-8")


def test_build_never_replaces_the_static_folder(blog: Path, run: Run) -> None:
    before = tree_digest(blog)
    result = run("-C", blog, "build", "--out", "static")
    assert result.exit_code == 2
    assert result.output == "localize-post: static: is the project's static files folder\n"
    assert tree_digest(blog) == before


def test_pictures_are_copied_byte_for_byte(blog: Path, run: Run) -> None:
    picture = bytes(range(256)) * 64 + b"\r\n\x00"
    (blog / "source" / "2024" / "launch" / "chart.png").write_bytes(picture)
    _build(run, blog)
    copied = blog / "site" / "en" / "2024" / "launch" / "chart.png"
    assert copied.read_bytes() == picture
    assert os.stat(copied).st_mode & 0o777 == 0o644


def test_only_urls_to_copied_files_are_rewritten(blog: Path, run: Run) -> None:
    """A query and a fragment stay, names with spaces stay encoded; a URL to another site, to
    a page, or out of the source folder is the author's, untouched."""
    inside = blog / "source" / "inside"
    (inside / "my chart.png").write_bytes(b"chart")
    (inside / "story.md").write_text(
        "---\ntitle: Story\ndate: 2024-01-02\n---\n"
        "![Chart](<my chart.png>) [v2](diagram.png?v=2#top) [site](https://example.org/a.png)"
        " [page](../2024/launch/) [up](../../localize-post.toml) [none](missing.png)"
        " [mail](mailto:a@example.org) [top](#top) [root](/robots.txt)\n",
        encoding="utf-8",
    )
    (inside / "diagram.png").write_bytes(b"diagram")
    _build(run, blog)
    assert _images(blog / "site" / "en" / "inside/story/index.html") == [
        "img src=../my%20chart.png",
        "a href=../diagram.png?v=2#top",
        "a href=https://example.org/a.png",
        "a href=../2024/launch/",
        "a href=../../localize-post.toml",
        "a href=missing.png",
        "a href=mailto:a@example.org",
        "a href=#top",
        "a href=../../../robots.txt",
    ]
    assert not list((blog / "site").rglob("localize-post.toml"))
