"""Rendering a post into its page: the body's own h1, when it is the post's heading."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path, PurePosixPath

import html5lib
import polib
import pytest

from localize_post.catalogs import read_catalog
from localize_post.checks import check_placeholders
from localize_post.locales import parse_language
from localize_post.render import UiTranslations, create_environment

from conftest import REPOSITORY, Run, require_tool

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


ARABIC_UI = REPOSITORY / "locales" / "ar" / "LC_MESSAGES" / "ui.po"


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (1, "مدة القراءة: دقيقة واحدة"),
        (2, "مدة القراءة: دقيقتان"),
        (3, "مدة القراءة: 3 دقائق"),
        (10, "مدة القراءة: 10 دقائق"),
        (11, "مدة القراءة: 11 دقيقة"),
        (100, "مدة القراءة: 100 دقيقة"),
        (103, "مدة القراءة: 103 دقائق"),
    ],
)
def test_arabic_takes_each_of_its_six_plural_forms(minutes: int, shown: str) -> None:
    """The shipped catalog's Plural-Forms picks the form; forms that only one number takes
    (one, two) say the number in words, as GNU gettext allows."""
    ui = UiTranslations(read_catalog(ARABIC_UI, "ui.po"))
    environment = create_environment(REPOSITORY / "templates", ui)
    template = environment.from_string(
        "{% trans num=minutes %}{{ num }} min read{% pluralize %}{{ num }} min read{% endtrans %}"
    )
    assert template.render(minutes=minutes) == shown
    assert ui.fallbacks == []


def _catalog_with_forms(path: Path, forms: list[str]) -> Path:
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: ar\\n"',
        f'"Plural-Forms: {parse_language("ar").plural_forms}\\n"',
        "",
        "#, python-format",
        'msgid "%(num)s min read"',
        'msgid_plural "%(num)s min read"',
        *(f'msgstr[{index}] "{text}"' for index, text in enumerate(forms)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ARABIC_FORMS = ["صفر", "دقيقة واحدة", "دقيقتان", "%(num)s دقائق", "%(num)s دقيقة", "%(num)s دقيقة"]


@pytest.mark.parametrize(
    ("dropped_in", "accepted"),
    [(None, True), (0, True), (1, True), (2, True), (3, False), (4, False), (5, False)],
)
def test_dropping_the_number_is_allowed_where_msgfmt_allows_it(
    tmp_path: Path, dropped_in: int | None, accepted: bool
) -> None:
    """Arabic's forms for 0, 1 and 2 each take one number, so may leave it out; the others
    may not. check and the pages agree with GNU msgfmt -c on every form."""
    forms = [f"%(num)s {text}" if index < 3 else text for index, text in enumerate(ARABIC_FORMS)]
    if dropped_in is not None:
        forms[dropped_in] = forms[dropped_in].replace("%(num)s ", "")
    path = _catalog_with_forms(tmp_path / "ui.po", forms)
    msgfmt = require_tool("msgfmt")
    checked = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], capture_output=True)
    assert (checked.returncode == 0) == accepted, checked.stderr
    catalog = read_catalog(path, "ui.po")
    assert (check_placeholders(catalog, PurePosixPath("ui.po")) == []) == accepted
    ui = UiTranslations(catalog)
    for count in (0, 1, 2, 5, 11, 100):
        ui.ngettext("%(num)s min read", "%(num)s min read", count)
    assert (ui.fallbacks == []) == accepted
