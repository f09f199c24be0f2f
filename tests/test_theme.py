"""The default theme on real posts, in a real browser: no page wider than a phone's screen, and
code never mirrored on right-to-left pages.

The sample is the corpus's widest posts (long code lines, tables) and its longest, built in
English, pseudo-Arabic (right to left) and pseudo-Japanese; headless Chromium lays each page out
at 360 and 1280 CSS pixels. Screenshots land in $LOCALIZE_POST_SCREENSHOTS when it is set (CI
keeps them as artifacts), else in the test's temporary folder.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import polib

from conftest import Run, require_shared, require_tool, run_chromium, serve_folder

CORPUS = "corpus/opentelemetry-blog/content/en/blog"
WIDTHS = (360, 1280)
LANGUAGES = {"ar": "pseudo-rtl", "ja": "pseudo"}
SAMPLE_SIZE = 8

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body><pre id="report"></pre>
<script>
const pages = %s;
const widths = %s;
const results = {};
let pending = pages.length * widths.length;
for (const page of pages) {
  for (const width of widths) {
    const frame = document.createElement("iframe");
    frame.style.width = width + "px";
    frame.style.height = "900px";
    frame.src = page;
    frame.onload = () => {
      const doc = frame.contentDocument;
      const view = frame.contentWindow;
      const code = [...doc.querySelectorAll("article pre, article code")].map((element) => {
        const style = view.getComputedStyle(element);
        return style.direction + " " + style.unicodeBidi;
      });
      const wide = [...doc.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1
          || element.getBoundingClientRect().left < -1)
        .filter((element) => !element.closest("pre, table"))
        .map((element) => element.tagName.toLowerCase() + "." + element.className)
        .slice(0, 5);
      results[page + "@" + width] = {
        scrollWidth: doc.documentElement.scrollWidth,
        stylesheet: view.getComputedStyle(doc.body).margin === "0px",
        code: [...new Set(code)],
        wide: wide,
      };
      if (--pending === 0) document.getElementById("report").textContent = JSON.stringify(results);
    };
    document.body.appendChild(frame);
  }
}
</script></body></html>
"""


def _widest_and_longest(corpus: Path) -> list[Path]:
    """The posts with the longest lines of code or tables, then the longest posts."""
    posts = sorted(path for path in corpus.rglob("*.md") if path.stem != "_index")

    def widest_line(path: Path) -> int:
        lines = path.read_text(encoding="utf-8").splitlines()
        return max(
            (len(line) for line in lines if line.startswith(("    ", "|", "```"))), default=0
        )

    widest = sorted(posts, key=lambda path: (-widest_line(path), path))[: SAMPLE_SIZE - 2]
    longest = sorted(posts, key=lambda path: (-path.stat().st_size, path))
    return widest + [path for path in longest if path not in widest][:2]


def _reviewed(project: Path) -> None:
    """Every suggestion accepted, as a translator would, so that the pages show it."""
    for path in (project / "locales").rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save(str(path))


def test_real_posts_fit_a_phone_and_keep_code_left_to_right(tmp_path: Path, run: Run) -> None:
    require_tool("chromium")
    corpus = require_shared(CORPUS)
    project = tmp_path / "blog"
    sample = _widest_and_longest(corpus)
    for post in sample:
        target = project / "source" / post.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(post, target)
    languages = ", ".join(f'"{language}"' for language in LANGUAGES)
    (project / "localize-post.toml").write_text(f"languages = [{languages}]\n", encoding="utf-8")
    assert run("-C", project, "extract").exit_code == 0
    assert run("-C", project, "update").exit_code == 0
    for language, engine in LANGUAGES.items():
        assert run("-C", project, "pretranslate", "-l", language, "--engine", engine).exit_code == 0
    _reviewed(project)
    assert run("-C", project, "build").exit_code == 0
    site = project / "site"
    pages = sorted(
        path.relative_to(site).as_posix()
        for path in site.glob("*/**/index.html")
        if path.parent.parent != site
    )
    assert len(pages) == len(sample) * (1 + len(LANGUAGES))
    harness = site / "harness.html"
    harness.write_text(HARNESS % (json.dumps(pages), json.dumps(WIDTHS)), encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    with serve_folder(site) as base:
        dumped = run_chromium(
            profile, "--virtual-time-budget=30000", "--dump-dom", base + "harness.html"
        )
        shots = Path(os.environ.get("LOCALIZE_POST_SCREENSHOTS", tmp_path / "screenshots"))
        shots.mkdir(parents=True, exist_ok=True)
        widest = pages[0].split("/", 1)[1]
        for language in ("en", *LANGUAGES):
            for width in WIDTHS:
                name = f"{language}-{widest.removesuffix('/index.html').replace('/', '-')}-{width}"
                shot = shots / f"{name}.png"
                run_chromium(
                    profile,
                    "--hide-scrollbars",
                    f"--window-size={width},1400",
                    f"--screenshot={shot}",
                    f"{base}{language}/{widest}",
                )
                assert shot.stat().st_size > 10_000  # a page was drawn, not a blank
    match = re.search(r'<pre id="report">(.*?)</pre>', dumped.stdout, re.DOTALL)
    assert match and match.group(1), dumped.stdout[-2000:] + dumped.stderr[-2000:]
    report: dict[str, dict[str, object]] = json.loads(html.unescape(match.group(1)))
    overflowing = {
        page: (result["scrollWidth"], result["wide"])
        for page, result in report.items()
        if int(str(result["scrollWidth"])) > int(page.rsplit("@", 1)[1])
    }
    assert overflowing == {}
    assert all(result["stylesheet"] for result in report.values())  # styled at every depth
    code_styles = {style for result in report.values() for style in result["code"]}  # type: ignore[attr-defined]
    assert code_styles == {"ltr isolate"}
    assert any(page.startswith("ar/") and report[page]["code"] for page in report)
