"""Bad input: one line naming file and line, a non-zero exit, no traceback, no file changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, tree_digest


def _fails_cleanly(run: Run, project: Path, *args: str) -> str:
    before = tree_digest(project)
    result = run("-C", project, *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert tree_digest(project) == before
    return lines[0]


@pytest.mark.parametrize("command", [("extract",), ("update",), ("build",)])
def test_broken_yaml_front_matter(project: Path, run: Run, command: tuple[str, ...]) -> None:
    post = project / "source" / "idor2020.md"
    lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = "author: [Karen Frangie\n"  # an unclosed flow sequence on line 5
    post.write_text("".join(lines), encoding="utf-8")
    message = _fails_cleanly(run, project, *command)
    assert message.startswith("localize-post: source/idor2020.md:")
    assert "invalid YAML front matter" in message
    line = int(message.split(":")[2])
    assert 5 <= line <= 7


@pytest.mark.parametrize("command", [("update",), ("build",)])
def test_po_syntax_error(project: Path, run: Run, command: tuple[str, ...]) -> None:
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po"
    lines = catalog.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("msgstr ") and i > 20)
    lines[target] = lines[target].rstrip("\n")[:-1] + "\n"  # drop the closing quote
    catalog.write_text("".join(lines), encoding="utf-8")
    message = _fails_cleanly(run, project, *command)
    assert message == (
        f"localize-post: locales/fr/LC_MESSAGES/idor2020.po:{target + 1}: "
        "syntax error: string is not terminated"
    )


def test_po_syntax_error_fails_check_with_exit_1(project: Path, run: Run) -> None:
    catalog = project / "locales" / "es" / "LC_MESSAGES" / "ui.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\nmsgid\n", encoding="utf-8")
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert "locales/es/LC_MESSAGES/ui.po:" in result.output and "syntax error" in result.output


def test_unknown_language_code(project: Path, run: Run) -> None:
    message = _fails_cleanly(run, project, "update", "-l", "xx-QQ")
    assert (
        message == "localize-post: unknown language code 'xx-QQ' (use BCP 47, such as fr or pt-BR)"
    )


def test_unknown_language_in_configuration(project: Path, run: Run) -> None:
    config = project / "localize-post.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"it"]', '"klingon"]'), encoding="utf-8"
    )
    message = _fails_cleanly(run, project, "build")
    assert message.startswith(
        "localize-post: localize-post.toml:2: unknown language code 'klingon'"
    )


def test_unknown_setting(project: Path, run: Run) -> None:
    config = project / "localize-post.toml"
    config.write_text(config.read_text(encoding="utf-8") + "treshold = 50\n", encoding="utf-8")
    message = _fails_cleanly(run, project, "build")
    assert message.endswith("unknown setting 'treshold'")
    assert message.startswith("localize-post: localize-post.toml:")


def test_broken_template_override(project: Path, run: Run) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "post.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ post.body \n{% endblock %}\n',
        encoding="utf-8",
    )
    message = _fails_cleanly(run, project, "build")
    assert message.startswith("localize-post: templates/post.html:4: ")
