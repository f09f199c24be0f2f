"""Golden pages: the shipped project's site, byte for byte.

A change in rendering shows up here as a diff to review; regenerate on purpose with
LOCALIZE_POST_REGENERATE=1 and read the diff before committing it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CASES, REGENERATE, Run

GOLDEN_SITE = CASES / "site"


def test_site_matches_golden_pages(project: Path, run: Run) -> None:
    result = run("-C", project, "build")
    assert result.exit_code == 0, result.output
    site = project / "site"
    built = _files(site)
    if REGENERATE:
        shutil.rmtree(GOLDEN_SITE, ignore_errors=True)
        shutil.copytree(site, GOLDEN_SITE)
        pytest.skip("golden pages regenerated")
    golden = {
        path.relative_to(GOLDEN_SITE).as_posix()
        for path in GOLDEN_SITE.rglob("*")
        if path.is_file()
    }
    assert built == golden
    for relative in sorted(built):
        assert (site / relative).read_text(encoding="utf-8") == (GOLDEN_SITE / relative).read_text(
            encoding="utf-8"
        ), relative


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}
