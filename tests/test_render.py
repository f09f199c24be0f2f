"""Rendering a post into its page: the body's own h1, when it is the post's heading."""

from __future__ import annotations

from pathlib import Path

import html5lib
import polib
import pytest

from conftest import Run

XHTML = "{http://www.w3.org/1999/xhtml}"


def _french_page(project: Path, run: Run, name: str, source: str, translated: bool) -> str:
    """Build ``source`` as the only post, French translated as capitals or not at all."""
    (project / "source").mkdir()
    (project / "source" / name).write_text(source, encoding="utf-8")
    (project / "localize-post.toml").write_text('languages = ["fr"]\nthreshold = 0\n')
    for command in (["extract"], ["update"]):
        assert run("-C", project, *command).exit_code == 0
    slug = name.rsplit(".", 1)[0]
    path = project / "locales" / "fr" / "LC_MESSAGES" / f"{slug}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid.upper().replace("<EM>", "<em>").replace("</EM>", "</em>")
        entry.msgstr = entry.msgstr if translated else ""
    catalog.save(str(path))
    assert run("-C", project, "build").exit_code == 0
    return (project / "site" / "fr" / slug / "index.html").read_text(encoding="utf-8")


def _headings(page: str) -> list[tuple[str, str | None]]:
    tree = html5lib.parse(page)
    article = tree.find(f".//{XHTML}article")
    assert article is not None
    return [
        ("".join(heading.itertext()), heading.get("lang")) for heading in article.iter(f"{XHTML}h1")
    ]


def _title(page: str) -> str:
    title = html5lib.parse(page).find(f".//{XHTML}title")
    assert title is not None
    return "".join(title.itertext())


@pytest.mark.parametrize(
    ("source", "headings", "title"),
    [
        pytest.param(
            "# Hello *world*\n\nBody.\n",
            [("HELLO WORLD", None)],
            "HELLO WORLD",
            id="no title: the heading is the title",
        ),
        pytest.param(
            '---\ntitle: Hello world\n---\n<!-- localize-post: note="x" -->\n# Hello world\n\nB.\n',
            [("HELLO WORLD", None)],
            "HELLO WORLD",
            id="the same words as the title",
        ),
        pytest.param(
            "---\ntitle: Launch day\n---\n# Introduction\n\nBody.\n",
            [("LAUNCH DAY", None), ("INTRODUCTION", None)],
            "LAUNCH DAY",
            id="a first section: the template's heading stays",
        ),
        pytest.param(
            "---\ntitle: Launch\n---\nIntro.\n\n# Launch\n",
            [("LAUNCH", None), ("LAUNCH", None)],
            "LAUNCH",
            id="not the first block",
        ),
    ],
)
def test_a_markdown_body_opening_with_the_title_is_not_headed_twice(
    project_dir: Path, run: Run, source: str, headings: list[tuple[str, str]], title: str
) -> None:
    page = _french_page(project_dir, run, "post.md", source, translated=True)
    assert _headings(page) == headings
    assert _title(page).startswith(title + " \N{EN DASH} ")


def test_an_exported_html_page_keeps_its_own_heading(project_dir: Path, run: Run) -> None:
    source = (
        "<html><head><title>Radiology day | Medsquare</title></head><body>"
        '<article>\n<h1 class="entry-title">Radiology <em>day</em></h1>\n<p>Text.</p>'
        "</article></body></html>"
    )
    page = _french_page(project_dir, run, "day.html", source, translated=True)
    assert _headings(page) == [("RADIOLOGY DAY", None)]
    assert '<h1 class="entry-title">RADIOLOGY <em>DAY</em></h1>' in page
    assert _title(page).startswith("RADIOLOGY DAY | MEDSQUARE \N{EN DASH} ")


def test_an_untranslated_own_heading_falls_back_to_english(project_dir: Path, run: Run) -> None:
    page = _french_page(project_dir, run, "post.md", "# Hello *world*\n\nB.\n", translated=False)
    assert _headings(page) == [("Hello world", "en")]
    assert _title(page).startswith("Hello world \N{EN DASH} ")


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    root.mkdir()
    return root
