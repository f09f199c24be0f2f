"""Which files are posts: nothing from outside the project, no name that lands on another page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import Run, tree_digest


def _secret(project: Path) -> Path:
    secret = project.parent / "secret.md"
    secret.write_text("# Salaries\n\nThe board's salaries for 2026.\n", encoding="utf-8")
    return secret


def test_a_post_that_links_out_of_the_project_is_refused(project: Path, run: Run) -> None:
    (project / "source" / "leak.md").symlink_to(_secret(project))
    before = tree_digest(project)
    result = run("-C", project, "extract")
    assert result.exit_code == 2
    assert result.output.startswith("localize-post: source/leak.md: a symbolic link to ")
    assert "outside the project" in result.output and len(result.output.splitlines()) == 1
    assert tree_digest(project) == before


def test_outside_links_can_be_skipped_with_a_warning(project: Path, run: Run) -> None:
    (project / "source" / "leak.md").symlink_to(_secret(project))
    settings = project / "localize-post.toml"
    settings.write_text(settings.read_text("utf-8") + 'outside_links = "skip"\n', "utf-8")
    for command in ("extract", "update", "build"):
        result = run("-C", project, command)
        assert result.exit_code == 0, result.output
        assert "warning: source/leak.md: a symbolic link to " in result.output
    assert not (project / "locales" / "leak.pot").exists()
    assert "Salaries" not in "".join(
        page.read_text("utf-8") for page in (project / "site").rglob("*.html")
    )


def test_a_link_inside_the_project_is_a_post(project: Path, run: Run) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    shutil.copy(project / "source" / "idor2020.md", drafts / "copy.md")
    (project / "source" / "copy.md").symlink_to(drafts / "copy.md")
    assert run("-C", project, "extract").exit_code == 0
    assert (project / "locales" / "copy.pot").is_file()


def test_a_catalog_that_links_out_of_the_project_is_refused(project: Path, run: Run) -> None:
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po"
    outside = project.parent / "idor2020.po"
    shutil.move(catalog, outside)
    catalog.symlink_to(outside)
    before = tree_digest(project.parent)
    for command, status in (("update", 2), ("build", 2), ("check", 1)):
        result = run("-C", project, command)
        assert result.exit_code == status, (command, result.output)
        assert "locales/fr/LC_MESSAGES/idor2020.po" in result.output
        assert ": a symbolic link to " in result.output
    assert tree_digest(project.parent) == before


def test_a_template_that_links_out_of_the_project_is_refused(project: Path, run: Run) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "post.html").symlink_to(_secret(project))
    result = run("-C", project, "build")
    assert result.exit_code == 2
    assert result.output.startswith("localize-post: templates/post.html: a symbolic link to ")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("..md", "a post's name cannot be only dots"),
        ("...md", "a post's name cannot be only dots"),
        ("x/index.html.md", "a post's name cannot hold 'index.html'"),
        ("feed.xml.md", "a post's name cannot hold 'feed.xml'"),
        ("ui.md", "a post cannot be named 'ui'"),
        ("fr/news.md", "a post's folder cannot be named like the language 'fr'"),
        ("a/LC_MESSAGES/b.md", "a post's name cannot hold 'LC_MESSAGES'"),
        ("what?.md", "a post's name cannot hold control characters or ? # %"),
        ("IDOR2020.md", "differs from source/IDOR2020.md only in case"),
    ],
)
def test_a_name_that_would_land_on_another_page_is_refused(
    project: Path, run: Run, name: str, message: str
) -> None:
    path = project / "source" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / "source" / "idor2020.md", path)
    before = tree_digest(project)
    result = run("-C", project, "extract")
    assert result.exit_code == 2
    assert message in result.output and len(result.output.splitlines()) == 1
    assert tree_digest(project) == before


def test_hidden_files_and_section_pages_are_not_posts(project: Path, run: Run) -> None:
    source = project / "source"
    (source / ".git").mkdir()
    shutil.copy(source / "idor2020.md", source / ".git" / "stash.md")
    shutil.copy(source / "idor2020.md", source / ".draft.md")
    (source / "2024").mkdir()
    shutil.copy(source / "idor2020.md", source / "2024" / "_index.md")
    shutil.copy(source / "idor2020.md", source / "_index.md")
    assert run("-C", project, "extract").exit_code == 0
    assert sorted(path.name for path in (project / "locales").rglob("*.pot")) == [
        "idor2020.pot",
        "ui.pot",
    ]


def test_documents_no_parser_reads_are_named_and_markdown_spelt_long_is_a_post(
    project: Path, run: Run
) -> None:
    source = project / "source"
    (source / "notes.mdx").write_text("# MDX\n\n<Chart />\n", encoding="utf-8")
    (source / "chart.png").write_bytes(b"\x89PNG\r\n")
    shutil.copy(source / "idor2020.md", source / "jekyll-style.markdown")
    result = run("-C", project, "extract")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "localize-post: warning: source/notes.mdx: not a post (posts are .md, .markdown, .html"
        " or .htm files): skipped"
    ]
    assert (project / "locales" / "jekyll-style.pot").is_file()
