"""build replaces its output folder whole, so it must only ever replace a folder it built."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize_post.outputs import MARKER

from conftest import Run, tree_digest


def _outside(project: Path) -> Path:
    """A folder of the user's beside the project, with work of theirs in it."""
    folder = project.parent / "elsewhere"
    folder.mkdir()
    (folder / "thesis.txt").write_text("years of work", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("locales", "locales: is the project's catalogs folder"),
        ("source", "source: is the project's posts folder"),
        (".", ".: is the project folder"),
        ("..", "..: lies above the project folder"),
        ("/", "/: is the root of the file system"),
        ("locales/fr", "locales/fr: lies inside the project's catalogs (locales/)"),
        ("source/site", "source/site: lies inside the project's posts (source/)"),
        ("templates", "templates: is the project's templates folder"),
    ],
)
def test_build_refuses_a_folder_of_the_project(
    project: Path, run: Run, out: str, message: str
) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "style.css").write_text("body { color: teal }\n", encoding="utf-8")
    before = tree_digest(project.parent)
    result = run("-C", project, "build", "--out", out)
    assert result.exit_code == 2
    assert result.output.startswith(f"localize-post: {message}")
    assert len(result.output.splitlines()) == 1
    assert tree_digest(project.parent) == before


def test_build_refuses_a_folder_that_holds_the_project(project: Path, run: Run) -> None:
    before = tree_digest(project.parent)
    result = run("-C", project, "build", "--out", project.parent)
    assert result.exit_code == 2 and "lies above the project folder" in result.output
    assert tree_digest(project.parent) == before


def test_build_never_replaces_a_folder_it_did_not_make(project: Path, run: Run) -> None:
    theirs = _outside(project)
    before = tree_digest(theirs)
    result = run("-C", project, "build", "--out", theirs)
    assert result.exit_code == 2
    assert f"{theirs}: is not a site localize-post built (it has no {MARKER} file)" in result.output
    assert tree_digest(theirs) == before


def test_build_never_follows_a_symlinked_site(project: Path, run: Run) -> None:
    theirs = _outside(project)
    (project / "site").symlink_to(theirs)
    before = tree_digest(theirs)
    result = run("-C", project, "build")
    assert result.exit_code == 2
    assert result.output.startswith("localize-post: site: is a symbolic link (to ")
    assert tree_digest(theirs) == before and (project / "site").is_symlink()


def test_a_configured_site_folder_is_checked_too(project: Path, run: Run) -> None:
    settings = project / "localize-post.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + 'site_dir = "locales"\n', "utf-8")
    before = tree_digest(project)
    result = run("-C", project, "build")
    assert result.exit_code == 2 and "locales: is the project's catalogs folder" in result.output
    assert tree_digest(project) == before


def test_build_replaces_its_own_site_and_an_empty_folder(project: Path, run: Run) -> None:
    empty = project.parent / "public"
    empty.mkdir()
    assert run("-C", project, "build", "--out", empty).exit_code == 0
    assert (empty / MARKER).is_file() and (empty / "fr" / "idor2020" / "index.html").is_file()
    (empty / "fr" / "stale.html").write_text("a page of a deleted post", encoding="utf-8")
    assert run("-C", project, "build", "--out", empty).exit_code == 0
    assert not (empty / "fr" / "stale.html").exists()


def test_a_relative_out_is_relative_to_the_project_folder(
    project: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run("-C", project, "build", "--out", "public").exit_code == 0
    assert (project / "public" / "index.html").is_file()
    assert not (elsewhere / "public").exists()


def test_the_library_refuses_too(project: Path) -> None:
    from localize_post import build, load_project
    from localize_post.errors import OutputError

    with pytest.raises(OutputError, match="is the project's catalogs folder"):
        build(load_project(project), Path("locales"))
    assert (project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po").is_file()
