"""Bad input: one line naming file and line, a non-zero exit, no traceback, no file changed."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize_post.cli import main

from conftest import REPOSITORY, Run, tree_digest


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


@pytest.mark.parametrize(
    ("main_block", "commands", "says"),
    [
        pytest.param("{{ post.body \n", ("extract", "build"), "expected token", id="syntax"),
        pytest.param("\n{{ post.nothing.text }}\n", ("build",), "nothing", id="while rendering"),
    ],
)
def test_a_broken_template_override_is_named_with_its_line(
    project: Path, run: Run, main_block: str, commands: tuple[str, ...], says: str
) -> None:
    """Extract fails too on a syntax error: it would leave the template's strings out."""
    (project / "templates").mkdir()
    (project / "templates" / "post.html").write_text(
        f'{{% extends "base.html" %}}\n{{% block main %}}\n{main_block}{{% endblock %}}\n',
        encoding="utf-8",
    )
    for command in commands:
        message = _fails_cleanly(run, project, command)
        assert message.startswith("localize-post: templates/post.html:4: ") and says in message


def test_a_missing_template_is_named_on_one_line(project: Path, run: Run) -> None:
    """Found by the damage test: a name holding a line break made a two-line message."""
    (project / "templates").mkdir()
    (project / "templates" / "post.html").write_text('{% extends "\nbase.html" %}\n')
    message = _fails_cleanly(run, project, "build")
    assert message == r"localize-post: templates/post.html:1: no template named '\nbase.html'"


@pytest.mark.parametrize(
    "relative", ["source/idor2020.md", "localize-post.toml", "locales/fr/LC_MESSAGES/ui.po"]
)
def test_bytes_that_are_not_utf8_are_named_with_their_line(
    project: Path, run: Run, relative: str
) -> None:
    path = project / relative
    lines = path.read_bytes().split(b"\n")
    lines[2] += b" \xe9t\xe9"  # Latin-1, as an old editor might save it
    path.write_bytes(b"\n".join(lines))
    message = _fails_cleanly(run, project, "build")
    assert message == f"localize-post: {relative}:3: not valid UTF-8"


def test_a_byte_order_mark_is_not_content(project: Path, run: Run) -> None:
    """Notepad writes one at the start of UTF-8 files; front matter and settings still read."""
    for relative in ("source/idor2020.md", "localize-post.toml"):
        path = project / relative
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    extracted = run("-C", project, "extract")
    assert extracted.exit_code == 0 and "wrote" not in extracted.output, extracted.output


TEMPLATES = REPOSITORY / "src" / "localize_post" / "templates"
DAMAGEABLE = {
    "locales/fr/LC_MESSAGES/idor2020.po": REPOSITORY / "locales/fr/LC_MESSAGES/idor2020.po",
    "locales/ar/LC_MESSAGES/ui.po": REPOSITORY / "locales/ar/LC_MESSAGES/ui.po",
    "locales/idor2020.pot": REPOSITORY / "locales/idor2020.pot",
    "source/idor2020.md": REPOSITORY / "source/idor2020.md",
    "localize-post.toml": REPOSITORY / "localize-post.toml",
    "templates/post.html": TEMPLATES / "post.html",  # a project's override of a page template
}
DAMAGE = st.sampled_from(
    [b'"', b"\\", b"\n", b'msgid "x"\n', b"\xff\xfe", b'msgstr[0] ""\n', b"#~ msgid ", b"\t"]
)


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """A catalog as a crashed editor, a bad merge or a careless hand might leave it."""
    position = draw(st.integers(0, len(original)))
    how = draw(st.sampled_from(["insert", "delete", "truncate", "repeat line"]))
    if how == "insert":
        return original[:position] + draw(DAMAGE) + original[position:]
    if how == "delete":
        return original[:position] + original[position + 1 :]
    if how == "truncate":
        return original[:position]
    start = original.rfind(b"\n", 0, position) + 1
    end = original.find(b"\n", position) + 1 or len(original)
    return original[:end] + original[start:end] + original[end:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_input_never_gives_a_traceback(data: st.DataObject) -> None:
    """Whatever the damage to a catalog, the post or the settings, every command either works
    (the damage was harmless: a comment, a blank line, a typo in a sentence) or names the file
    and line in one line, exits 2 and writes nothing; check may instead report it, exit 1."""
    target = data.draw(st.sampled_from(sorted(DAMAGEABLE)))
    damage = data.draw(damaged(DAMAGEABLE[target].read_bytes()))
    one_line_about_it = re.compile(rf"localize-post: {re.escape(target)}:\d+: \S.*")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for part in ("source", "locales"):
            shutil.copytree(REPOSITORY / part, project / part)
        shutil.copy(REPOSITORY / "localize-post.toml", project)
        (project / target).parent.mkdir(exist_ok=True)
        (project / target).write_bytes(damage)
        runner = CliRunner()
        for command in ("extract", "update", "build", "stats", "check"):
            before = tree_digest(project)
            result = runner.invoke(main, ["-C", folder, command], catch_exceptions=False)
            if command == "check" and result.exit_code == 1:
                assert "error(s)" in result.stderr  # damage it found, every problem reported
            elif result.exit_code != 0:
                assert result.exit_code == 2
                assert one_line_about_it.fullmatch(result.stderr.strip()), result.stderr
                assert tree_digest(project) == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_translation_to_import_never_gives_a_traceback(data: st.DataObject) -> None:
    """import reads a file from outside the project, written by anyone: whatever its damage,
    it imports what it can or names the file and line, exits 2 and writes nothing."""
    damage = data.draw(damaged((REPOSITORY / "source" / "idor2020.md").read_bytes()))
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        for part in ("source", "locales"):
            shutil.copytree(REPOSITORY / part, project / part)
        shutil.copy(REPOSITORY / "localize-post.toml", project)
        translation = Path(folder) / "idor2020.fr.md"
        translation.write_bytes(damage)
        before = tree_digest(project)
        result = CliRunner().invoke(
            main,
            ["-C", str(project), "import", "-l", "pt", "--post", "idor2020", str(translation)],
            catch_exceptions=False,
        )
        if result.exit_code != 0:
            assert result.exit_code == 2
            line = re.compile(rf"localize-post: {re.escape(str(translation))}:\d+: \S.*")
            assert line.fullmatch(result.stderr.strip()), result.stderr
            assert tree_digest(project) == before
