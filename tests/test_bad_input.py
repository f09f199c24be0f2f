"""Bad input, kind by kind: one line naming what is wrong, a non-zero exit, and nothing written.

Each case damages a copy of the shipped project, runs one command, and compares every file of
the project and of the folder around it before and after.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from localize_post.sources.html import MAX_NESTING

from conftest import Run, tree_digest
from fake_translation_server import FakeTranslationServer, Received, Reply

Damage = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    damage: Damage
    command: tuple[str, ...]
    message: str  # what the one line must say
    status: int = 2
    environment: tuple[tuple[str, str], ...] = ()


def _write(relative: str, text: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return damage


def _setting(line: str) -> Damage:
    def damage(project: Path) -> None:
        settings = project / "localize-post.toml"
        settings.write_text(settings.read_text("utf-8") + line + "\n", encoding="utf-8")

    return damage


def _symlink(relative: str, target: str) -> Damage:
    """``relative`` in the project becomes a link to ``target``, a path beside the project."""

    def damage(project: Path) -> None:
        outside = project.parent / target
        if not outside.exists():
            outside.write_text("# Private\n\nNot for the site.\n", encoding="utf-8")
        link = project / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists():
            link.unlink()
        link.symlink_to(outside)

    return damage


def _copy_post(relative: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / "source" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(project / "source" / "idor2020.md", path)

    return damage


def _replace(relative: str, old: str, new: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / relative
        text = path.read_text("utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return damage


def _not_utf8(project: Path) -> None:
    (project / "source" / "l.md").write_bytes(b"# Caf\xe9\n")


def _nothing(project: Path) -> None:
    pass


def _folder(relative: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / relative
        if path.is_file():
            path.unlink()
        path.mkdir(parents=True)
        (path / "stray.txt").write_text("x", encoding="utf-8")

    return damage


def _file(relative: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / relative
        shutil.rmtree(path)
        path.write_text("not a folder\n", encoding="utf-8")

    return damage


def _loop(relative: str) -> Damage:
    def damage(project: Path) -> None:
        path = project / relative
        path.unlink()
        path.symlink_to(path.name)

    return damage


def _made_site(project: Path) -> None:
    (project.parent / "theirs").mkdir()
    (project.parent / "theirs" / "thesis.txt").write_text("years of work", encoding="utf-8")


FRENCH = "locales/fr/LC_MESSAGES/idor2020.po"
DEEP_HTML = "<article>" + "<div>" * (MAX_NESTING + 5) + "deep" + "</div>" * (MAX_NESTING + 5)

CASES = [
    # build's output folder
    Case(
        "out is the catalogs",
        _nothing,
        ("build", "--out", "locales"),
        "locales: is the project's catalogs folder",
    ),
    Case(
        "out is the posts",
        _nothing,
        ("build", "--out", "source"),
        "source: is the project's posts folder",
    ),
    Case("out is the project", _nothing, ("build", "--out", "."), ".: is the project folder"),
    Case(
        "out above the project",
        _nothing,
        ("build", "--out", ".."),
        "..: lies above the project folder",
    ),
    Case(
        "out inside the catalogs",
        _nothing,
        ("build", "--out", "locales/site"),
        "lies inside the project's catalogs",
    ),
    Case(
        "out is a symlink",
        _symlink("site", "elsewhere.txt"),
        ("build",),
        "site: is a symbolic link",
    ),
    Case(
        "out not built by us",
        _made_site,
        ("build", "--out", "../theirs"),
        "is not a site localize-post built",
    ),
    Case(
        "out is a file",
        _write("public", "a file\n"),
        ("build", "--out", "public"),
        "public: is a file, not a folder",
    ),
    Case(
        "site_dir is the catalogs",
        _setting('site_dir = "locales"'),
        ("build",),
        "locales: is the project's catalogs folder",
    ),
    # files from outside the project
    Case(
        "post links outside",
        _symlink("source/leak.md", "leak.md"),
        ("extract",),
        "source/leak.md: a symbolic link to",
    ),
    Case(
        "catalog links outside",
        _symlink(FRENCH, "fr.po"),
        ("update",),
        f"{FRENCH}: a symbolic link to",
    ),
    Case(
        "template links outside",
        _symlink("templates/post.html", "post.html"),
        ("build",),
        "templates/post.html: a symbolic link to",
    ),
    # posts' names
    Case(
        "post named ..",
        _copy_post("..md"),
        ("extract",),
        "source/..md: a post's name cannot be only dots",
    ),
    Case(
        "post named ...",
        _copy_post("...md"),
        ("extract",),
        "source/...md: a post's name cannot be only dots",
    ),
    Case(
        "post named index.html",
        _copy_post("a/index.html.md"),
        ("extract",),
        "cannot hold 'index.html'",
    ),
    Case("post named feed.xml", _copy_post("feed.xml.md"), ("extract",), "cannot hold 'feed.xml'"),
    Case(
        "post named ui",
        _copy_post("ui.md"),
        ("extract",),
        "source/ui.md: a post cannot be named 'ui'",
    ),
    Case(
        "post in a language's folder",
        _copy_post("ar/x.md"),
        ("extract",),
        "named like the language 'ar'",
    ),
    Case("posts differing in case", _copy_post("IdoR2020.md"), ("extract",), "only in case"),
    Case(
        "post name with ?",
        _copy_post("why?.md"),
        ("extract",),
        "cannot hold control characters or ? # %",
    ),
    Case(
        "two files, one post",
        _copy_post("idor2020/index.md"),
        ("extract",),
        "already makes the post 'idor2020'",
    ),
    # the posts' text
    Case(
        "HTML nested too deep",
        _write("source/deep.html", DEEP_HTML),
        ("extract",),
        f"source/deep.html:1: elements nested more than {MAX_NESTING} deep",
    ),
    Case(
        "raw HTML nested too deep",
        _write("source/deep.md", "# Deep\n\n" + DEEP_HTML + "\n"),
        ("extract",),
        "source/deep.md:3: elements nested more than",
    ),
    Case(
        "impossible YAML date",
        _replace("source/idor2020.md", "date: 2020-11-05", "date: 2020-13-45"),
        ("extract",),
        "source/idor2020.md:5: invalid YAML front matter: impossible date '2020-13-45'",
    ),
    Case(
        "impossible TOML date",
        _write("source/t.md", '+++\ntitle = "T"\ndate = 2020-02-30\n+++\n\nText.\n'),
        ("extract",),
        "source/t.md:3: invalid TOML front matter",
    ),
    Case(
        "YAML nested too deep",
        _write("source/y.md", "---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n\nText.\n"),
        ("extract",),
        "source/y.md:2: invalid YAML front matter: nested too deep",
    ),
    Case(
        "YAML syntax",
        _write("source/y.md", "---\ntitle: [unclosed\n---\n\nText.\n"),
        ("extract",),
        "source/y.md:",
    ),
    Case(
        "front matter never closed",
        _write("source/y.md", "---\ntitle: T\n\nText.\n"),
        ("extract",),
        "source/y.md:1: front matter opened with --- is never closed",
    ),
    Case(
        "post not UTF-8",
        _not_utf8,
        ("extract",),
        "source/l.md:1: not valid UTF-8",
    ),
    Case(
        "impossible quoted date",
        _replace("source/idor2020.md", "date: 2020-11-05", 'date: "2020-13-45"'),
        ("extract",),
        "source/idor2020.md:5:",
    ),
    # settings
    Case(
        "settings are a folder",
        _folder("localize-post.toml"),
        ("check",),
        "localize-post.toml: is not a file",
    ),
    Case("locales is a file", _file("locales"), ("update",), "locales: is not a folder"),
    Case(
        "stray language folder",
        _folder("locales/zz_QQ/LC_MESSAGES"),
        ("update",),
        "locales/zz_QQ: a folder of catalogs that names no language",
    ),
    Case(
        "system locale as a language",
        _nothing,
        ("update", "-l", "fr_FR.UTF-8@euro"),
        "is a system locale, not a language: use BCP 47, fr or fr-FR",
    ),
    Case("unknown language", _nothing, ("update", "-l", "xx-YY"), "unknown language code 'xx-YY'"),
    Case(
        "unknown setting",
        _setting("colour = 1"),
        ("build",),
        "localize-post.toml:8: unknown setting 'colour'",
    ),
    Case(
        "bad outside_links",
        _setting('outside_links = "follow"'),
        ("extract",),
        'outside_links must be "refuse" or "skip"',
    ),
    Case(
        "threshold out of range",
        _replace("localize-post.toml", "threshold = 80", "threshold = 180"),
        ("build",),
        "threshold must be a percentage",
    ),
    Case(
        "empty folder setting",
        _setting('locales_dir = ""'),
        ("check",),
        "locales_dir must name a folder",
    ),
    Case(
        "settings not TOML",
        _replace("localize-post.toml", "threshold = 80", "threshold = "),
        ("build",),
        "localize-post.toml:4: invalid TOML",
    ),
    # catalogs
    Case("catalog syntax", _replace(FRENCH, 'msgstr ""', 'msgstr "'), ("update",), f"{FRENCH}:"),
    Case(
        "msgid without msgstr",
        _replace(FRENCH, 'msgstr "Blog"', '#msgstr "Blog"'),
        ("update",),
        "missing 'msgstr' section",
    ),
    Case("catalog is a folder", _folder(FRENCH), ("update",), f"{FRENCH}: is a folder, not a file"),
    Case(
        "catalog is a link loop",
        _loop(FRENCH),
        ("update",),
        f"{FRENCH}: is a loop of symbolic links",
    ),
    Case(
        "SOURCE_DATE_EPOCH not a number",
        _nothing,
        ("extract",),
        "SOURCE_DATE_EPOCH='yesterday' is not a number",
        environment=(("SOURCE_DATE_EPOCH", "yesterday"),),
    ),
    Case(
        "SOURCE_DATE_EPOCH absurd",
        _nothing,
        ("update",),
        "is not a date between 1970 and the year 9999",
        environment=(("SOURCE_DATE_EPOCH", "9" * 30),),
    ),
    # templates
    Case(
        "template raises",
        _write(
            "templates/index.html",
            "{% extends 'base.html' %}\n{% block main %}{{ 1 // 0 }}{% endblock %}\n",
        ),
        ("build",),
        "templates/index.html:2: rendering failed with ZeroDivisionError",
    ),
    Case(
        "template extends itself",
        _write("templates/post.html", "{% extends 'post.html' %}\n"),
        ("build",),
        "templates/post.html:1: the template never ends",
    ),
    Case(
        "template syntax",
        _write("templates/post.html", "{% if %}\n"),
        ("extract",),
        "templates/post.html:1:",
    ),
    Case(
        "sources into the catalogs",
        _nothing,
        ("sources", "--layout", "hugo", "--out", "locales"),
        "locales: is the project's catalogs folder",
    ),
    Case(
        "sources in the source language",
        _nothing,
        ("sources", "-l", "en", "--layout", "zola"),
        "en is the source language",
    ),
    Case(
        "sources in an unknown layout",
        _nothing,
        ("sources", "--layout", "wordpress"),
        "'wordpress' is not one of",
    ),
    # the command line
    Case("unknown option", _nothing, ("build", "--colour"), "No such option '--colour'"),
    Case("unknown command", _nothing, ("publish",), "No such command 'publish'"),
    Case("missing option", _nothing, ("pretranslate", "--engine", "pseudo"), "Missing option '-l'"),
    Case(
        "unknown engine",
        _nothing,
        ("pretranslate", "-l", "fr", "--engine", "babelfish"),
        "babelfish",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_one_line_a_failure_and_no_write(
    project: Path, run: Run, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    case.damage(project)
    for name, value in case.environment:
        monkeypatch.setenv(name, value)
    before = tree_digest(project.parent)
    result = run("-C", project, *case.command)
    assert result.exit_code == case.status, result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert case.message in result.stderr, result.stderr
    assert result.stderr.startswith("localize-post: ")
    assert tree_digest(project.parent) == before


def test_there_are_at_least_forty_kinds() -> None:
    assert len(CASES) >= 40


def test_a_pretranslate_whose_every_text_failed_exits_non_zero(project: Path, run: Run) -> None:
    """A service that answers nonsense: each entry keeps its reason, and CI sees a failure."""

    def nonsense(received: Received, number: int) -> Reply:
        return Reply(body='"the service is being upgraded"')

    with FakeTranslationServer(nonsense) as server:
        result = run(
            "-C", project, "pretranslate", "-l", "it", "--engine", "libre", "--endpoint", server.url
        )
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[-1] == "localize-post: every text failed; nothing was filled"
    with FakeTranslationServer() as server:
        again = run(
            "-C", project, "pretranslate", "-l", "it", "--engine", "libre", "--endpoint", server.url
        )
    assert again.exit_code == 0, again.output  # nothing of the nonsense was cached


@pytest.mark.parametrize("endpoint", ["localhost:5000", "ftp://127.0.0.1/", "http://", "not a url"])
def test_an_endpoint_that_is_not_a_url_is_refused(project: Path, run: Run, endpoint: str) -> None:
    before = tree_digest(project.parent)
    result = run(
        "-C", project, "pretranslate", "-l", "it", "--engine", "libre", "--endpoint", endpoint
    )
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "is not a URL" in result.stderr
    assert tree_digest(project.parent) == before


@pytest.mark.parametrize(
    ("failing", "error"),
    [("fsync", errno.ENOSPC), ("replace", errno.EACCES)],
    ids=["full disk", "permission refused"],
)
def test_a_failed_write_names_the_real_file_and_keeps_the_old_one(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, failing: str, error: int
) -> None:
    (project / "source" / "idor2020.md").write_text(
        (project / "source" / "idor2020.md").read_text("utf-8") + "\nOne more paragraph.\n", "utf-8"
    )

    def fail(*arguments: object) -> None:
        raise OSError(error, os.strerror(error))

    before = tree_digest(project.parent)
    monkeypatch.setattr(f"localize_post.catalogs.os.{failing}", fail)
    result = run("-C", project, "extract")
    assert result.exit_code == 2
    assert result.stderr == f"localize-post: locales/idor2020.pot: {os.strerror(error)}\n"
    assert tree_digest(project.parent) == before
