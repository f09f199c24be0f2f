"""Dates and authors as people write them: YAML, TOML, ISO 8601 strings, Jekyll's file names;
one author, a list, none. Feeds carry RFC 3339 timestamps; no byline is left dangling."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import polib
import pytest

from conftest import Run, require_shared, tree_digest

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339's date-time: full-date "T" full-time, with Z or a numeric offset.
RFC_3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})")
POSTS = {
    "yaml-date.md": "---\ntitle: YAML date\ndate: 2024-03-01\n---\nText.\n",
    "yaml-datetime.md": "---\ntitle: YAML datetime\ndate: 2024-03-02 17:45:00 +02:00\n---\nT.\n",
    "quoted.md": "---\ntitle: Quoted\ndate: '2024-04-24T17:45:00.000Z'\n---\nText.\n",
    "toml-date.md": "+++\ntitle = 'TOML date'\ndate = 2023-12-31\n+++\nText.\n",
    "toml-datetime.md": "+++\ntitle = 'TOML datetime'\ndate = 2024-01-05T08:00:00-08:00\n+++\nT.\n",
    "2016-04-19-jekyll.md": "---\ntitle: Jekyll\n---\nText.\n",
    "undated.md": "---\ntitle: Undated\n---\nText.\n",
    "also-undated.md": "---\ntitle: Also undated\n---\nText.\n",
}


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    (root / "source").mkdir(parents=True)
    (root / "localize-post.toml").write_text(
        'base_url = "https://blog.example/"\nsite_name = "Blog"\n'
        'languages = ["fr"]\nthreshold = 0\n',
        encoding="utf-8",
    )
    return root


def _write(root: Path, posts: dict[str, str]) -> None:
    for name, text in posts.items():
        (root / "source" / name).write_text(text, encoding="utf-8")


def _build(run: Run, root: Path) -> str:
    for command in ("extract", "update", "build"):
        result = run("-C", root, command)
        assert result.exit_code == 0, result.output
    return result.output


def test_every_way_of_writing_a_date_gives_the_feed_an_rfc_3339_timestamp(
    blog: Path, run: Run
) -> None:
    _write(blog, POSTS)
    output = _build(run, blog)
    feed = ElementTree.fromstring((blog / "site" / "en" / "feed.xml").read_bytes())
    entries = {
        (entry.findtext(f"{ATOM}title") or ""): entry.findtext(f"{ATOM}updated") or ""
        for entry in feed.iter(f"{ATOM}entry")
    }
    assert entries == {
        "Quoted": "2024-04-24T17:45:00Z",
        "YAML datetime": "2024-03-02T17:45:00+02:00",
        "YAML date": "2024-03-01T00:00:00Z",
        "TOML datetime": "2024-01-05T08:00:00-08:00",
        "TOML date": "2023-12-31T00:00:00Z",
        "Jekyll": "2016-04-19T00:00:00Z",
    }
    for stamp in [*entries.values(), feed.findtext(f"{ATOM}updated") or ""]:
        assert RFC_3339.fullmatch(stamp), stamp
        datetime.fromisoformat(stamp)
    assert feed.findtext(f"{ATOM}updated") == "2024-04-24T17:45:00Z"  # the newest post's
    for name in ("undated.md", "also-undated.md"):
        assert (
            f"warning: source/{name}: no date (a `date` in the front matter, or a file name such"
            " as 2016-04-19-name.md): listed after the dated posts, and in no feed" in output
        )


def _index_titles(page: Path) -> list[tuple[str, str | None]]:
    tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    items = tree.findall(".//ul[@class='posts']/li")
    titles = []
    for item in items:
        link, time = item.find("a"), item.find("time")
        assert link is not None
        titles.append((link.text or "", None if time is None else time.get("datetime")))
    return titles


def test_posts_are_listed_newest_first_and_the_undated_last(blog: Path, run: Run) -> None:
    _write(blog, {**POSTS, "same-day.md": "---\ntitle: Same day\ndate: 2024-03-01\n---\nT.\n"})
    _build(run, blog)
    for language in ("en", "fr"):
        assert _index_titles(blog / "site" / language / "index.html") == [
            ("Quoted", "2024-04-24T17:45:00Z"),
            ("YAML datetime", "2024-03-02T17:45:00+02:00"),
            ("Same day", "2024-03-01"),  # the same moment: by name
            ("YAML date", "2024-03-01"),
            ("TOML datetime", "2024-01-05T08:00:00-08:00"),
            ("TOML date", "2023-12-31"),
            ("Jekyll", "2016-04-19"),
            ("Also undated", None),
            ("Undated", None),
        ]


def test_a_day_is_shown_as_the_author_wrote_it_in_their_own_offset(blog: Path, run: Run) -> None:
    """23:30 in New York is already the next day in UTC; the post says the 24th."""
    _write(blog, {"late.md": "---\ntitle: Late\ndate: '2024-04-24T23:30:00-04:00'\n---\nT.\n"})
    _build(run, blog)
    page = (blog / "site" / "en" / "late" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-04-24T23:30:00-04:00">April 24, 2024</time>' in page


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ('title: T\ndate: "2020-13-45"\n', 3, "impossible date '2020-13-45'"),
        ("title: T\ndate: '2024-02-30T10:00:00Z'\n", 3, "impossible date '2024-02-30T10:00:00Z'"),
        ("title: T\n\ndate: next Tuesday\n", 4, "'next Tuesday' is not a date: write it as ISO"),
        ("date: 2024\n", 2, "2024 is not a date"),
        ("author:\n  - [nested, list]\n", 2, "author must be a name or a list of names"),
    ],
)
def test_a_value_that_is_no_date_or_name_is_an_error_on_its_line(
    blog: Path, run: Run, front_matter: str, line: int, message: str
) -> None:
    _write(blog, {"post.md": "Fine.\n", "bad.md": f"---\n{front_matter}---\nText.\n"})
    before = tree_digest(blog)
    for command in ("extract", "check", "build"):  # every command, not only the one showing it
        result = run("-C", blog, command)
        assert result.exit_code == 2
        assert result.output.startswith(f"localize-post: source/bad.md:{line}: {message}")
        assert len(result.output.splitlines()) == 1
    assert tree_digest(blog) == before and not (blog / "site").exists()


def test_an_impossible_date_in_a_jekyll_file_name_is_an_error(blog: Path, run: Run) -> None:
    _write(blog, {"2016-02-30-leap.md": "---\ntitle: Leap\n---\nText.\n"})
    result = run("-C", blog, "build")
    assert result.exit_code == 2
    assert result.output == (
        "localize-post: source/2016-02-30-leap.md: the file name starts with the impossible date"
        " 2016-02-30 (day is out of range for month)\n"
    )


def _bylines(root: Path, language: str) -> dict[str, str | None]:
    """Each post's byline as a reader sees it, or None for a post without one."""
    shown: dict[str, str | None] = {}
    for page in sorted((root / "site" / language).glob("*/index.html")):
        tree = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        byline = tree.find(".//p[@class='byline']")
        text = None if byline is None else " ".join("".join(byline.itertext()).split())
        shown[page.parent.name] = text
    return shown


BYLINE_POSTS = {
    "all.md": "---\ntitle: A\nauthor: Ada\ndate: 2024-03-01\ncategory: News\n---\nT.\n",
    "no-category.md": "---\ntitle: B\nauthor: Ada\ndate: 2024-03-01\n---\nT.\n",
    "no-date.md": "---\ntitle: C\nauthor: Ada\ncategory: News\n---\nT.\n",
    "author-only.md": "---\ntitle: D\nauthor: Ada\n---\nT.\n",
    "no-author.md": "---\ntitle: E\ndate: 2024-03-01\ncategory: News\n---\nT.\n",
    "date-only.md": "---\ntitle: F\ndate: 2024-03-01\n---\nT.\n",
    "category-only.md": "---\ntitle: G\ncategory: News\n---\nT.\n",
    "nothing.md": "---\ntitle: H\n---\nT.\n",
    "hugo.md": "---\ntitle: I\nauthors: [Ada, Grace, Linus]\ndate: 2024-03-01\n---\nT.\n",
    "zola.md": "+++\ntitle = 'J'\ndate = 2024-03-01\nauthors = ['Ada', 'Grace']\n+++\nT.\n",
    "jekyll-seo.md": "---\ntitle: K\nauthor:\n  name: Ada\n  twitter: ada\n---\nT.\n",
    "empty.md": "---\ntitle: L\nauthor: ''\nauthors: []\ndate: 2024-03-01\n---\nT.\n",
}


def test_no_byline_has_a_dangling_separator(blog: Path, run: Run) -> None:
    settings = blog / "localize-post.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'fields = ["title", "category"]\n', "utf-8"
    )
    _write(blog, BYLINE_POSTS)
    _build(run, blog)
    assert _bylines(blog, "en") == {
        "all": "Written by Ada · March 1, 2024 · In News",
        "no-category": "Written by Ada · March 1, 2024",
        "no-date": "Written by Ada · In News",
        "author-only": "Written by Ada",
        "no-author": "March 1, 2024 · In News",
        "date-only": "March 1, 2024",
        "category-only": "In News",
        "nothing": None,
        "hugo": "Written by Ada, Grace, and Linus · March 1, 2024",
        "zola": "Written by Ada and Grace · March 1, 2024",
        "jekyll-seo": "Written by Ada",
        "empty": "March 1, 2024",
    }


def test_the_shipped_languages_translate_every_byline(project: Path, run: Run) -> None:
    """Each shipped language says each kind of byline in its own words, names listed its way."""
    post = project / "source" / "idor2020.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("author: Karen Frangie\n", "authors: [Karen, Ada]\n"), "utf-8")
    for name, source in BYLINE_POSTS.items():
        if name in ("no-date.md", "no-author.md", "category-only.md"):
            (project / "source" / name).write_text(source.replace("News", "Blog"), "utf-8")
    for command in ("extract", "update"):
        assert run("-C", project, command).exit_code == 0
    for language in ("fr", "ja", "ar"):
        for name in ("no-date", "no-author", "category-only"):
            path = project / "locales" / language / "LC_MESSAGES" / f"{name}.po"
            catalog = polib.pofile(str(path))
            for entry in catalog:  # the names and the category are the same in every language
                entry.msgstr, entry.flags = entry.msgid, []
            catalog.save(str(path))
    assert run("-C", project, "build").exit_code == 0
    assert _bylines(project, "fr") == {
        "idor2020": "Rédigé par Karen et Ada · 5 novembre 2020 · Rubrique Blog",
        "no-date": "Rédigé par Ada · Rubrique Blog",
        "no-author": "1 mars 2024 · Rubrique Blog",
        "category-only": "Rubrique Blog",
    }
    assert (
        _bylines(project, "ja")["idor2020"]
        == "執筆\N{FULLWIDTH COLON}Karen、Ada · 2020年11月5日 · カテゴリー\N{FULLWIDTH COLON}ブログ"
    )
    arabic = (project / "site" / "ar" / "idor2020" / "index.html").read_text(encoding="utf-8")
    assert "بقلم <bdi>Karen</bdi> و<bdi>Ada</bdi> · " in arabic


def test_a_real_posts_author_link_is_a_link_and_the_feed_names_them(blog: Path, run: Run) -> None:
    corpus = require_shared("corpus/opentelemetry-blog/content/en/blog")
    for post in ("2023/histograms-vs-summaries", "2023/php-beta-release.md"):
        target = blog / "source" / post
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copy if post.endswith(".md") else shutil.copytree)(corpus / post, target)
    _build(run, blog)
    page = (blog / "site/en/2023/histograms-vs-summaries/index.html").read_text(encoding="utf-8")
    assert (
        '<p class="byline">Written by <bdi><a href="https://github.com/dyladan">Daniel Dyla</a>'
        '</bdi> · <time datetime="2023-05-15">May 15, 2023</time></p>' in page
    )
    feed = ElementTree.fromstring((blog / "site" / "en" / "feed.xml").read_bytes())
    assert [name.text for name in feed.iter(f"{ATOM}name")] == [
        "Daniel Dyla",
        "Bob Strecansky (Intuit)",
    ]
