"""Built pages in a real browser: headless Chromium loads them over loopback HTTP and a harness
page reads what the browser made of them (direction, language marks, injected script)."""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import html5lib
import polib
import pytest

from conftest import Run, run_chromium, serve_folder

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body><pre id="report"></pre>
<script>
const pages = %s;
const results = {};
let pending = pages.length;
for (const page of pages) {
  const frame = document.createElement("iframe");
  frame.src = page;
  frame.onload = () => {
    const doc = frame.contentDocument;
    const article = doc.querySelector("article");
    results[page] = {
      lang: doc.documentElement.lang,
      direction: getComputedStyle(article).direction,
      articles: doc.querySelectorAll("article").length,
      english: [...article.querySelectorAll('[lang="en"]')].map((e) => e.textContent.slice(0, 40)),
      scripts: doc.querySelectorAll("script").length,
      handlers: [...doc.querySelectorAll("*")].filter(
        (e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      pwned: Boolean(window.pwned || frame.contentWindow.pwned),
    };
    if (--pending === 0) document.getElementById("report").textContent = JSON.stringify(results);
  };
  document.body.appendChild(frame);
}
</script></body></html>
"""


@pytest.fixture
def serve(tmp_path: Path) -> functools.partial[dict[str, dict[str, object]]]:
    return functools.partial(_inspect, profile=tmp_path / "chromium-profile")


def _inspect(site: Path, pages: list[str], profile: Path) -> dict[str, dict[str, object]]:
    (site / "harness.html").write_text(HARNESS % json.dumps(pages), encoding="utf-8")
    with serve_folder(site) as base:
        result = run_chromium(
            profile, "--virtual-time-budget=10000", "--dump-dom", base + "harness.html"
        )
    match = re.search(r'<pre id="report">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match and match.group(1), result.stdout[-2000:] + result.stderr[-2000:]
    report: dict[str, dict[str, object]] = json.loads(html.unescape(match.group(1)))
    return report


def test_published_pages_in_chromium(
    project: Path, run: Run, serve: functools.partial[dict[str, dict[str, object]]]
) -> None:
    assert run("-C", project, "build").exit_code == 0
    pages = [f"{lang}/idor2020/index.html" for lang in ("en", "fr", "es", "de", "ar", "ja")]
    report = serve(project / "site", pages)
    for page in pages:
        assert report[page]["articles"] == 1
        assert report[page]["scripts"] == 0
        assert report[page]["lang"] == page.split("/")[0]
    assert report["ar/idor2020/index.html"]["direction"] == "rtl"
    assert report["fr/idor2020/index.html"]["direction"] == "ltr"
    assert report["fr/idor2020/index.html"]["english"] == []
    german = report["de/idor2020/index.html"]["english"]
    assert isinstance(german, list) and german == ["Thus, the #IDoR2020 organizing team invi"]


HOSTILE = [
    '<img src=x onerror="window.pwned=1">',
    "</a1><script>window.pwned=1</script><a1>",
    '<a1 href="javascript:window.pwned=1">clic</a1>',
    '"><svg onload="window.pwned=1">',
]


def test_hostile_translations_cannot_inject(
    project: Path, run: Run, serve: functools.partial[dict[str, dict[str, object]]]
) -> None:
    """Strangers and machines write translations: none of these may reach the page as markup."""
    settings = project / "localize-post.toml"  # refused translations count as untranslated
    settings.write_text(settings.read_text("utf-8").replace("threshold = 80", "threshold = 0"))
    for domain in ("idor2020", "ui"):
        path = project / "locales" / "fr" / "LC_MESSAGES" / f"{domain}.po"
        catalog = polib.pofile(str(path))
        for number, entry in enumerate(catalog):
            attack = HOSTILE[number % len(HOSTILE)]
            if entry.msgid_plural:
                continue
            # appended to a good translation, or slipped into the middle of the source text
            entry.msgstr = (
                f"{entry.msgstr} {attack}"
                if number % 2
                else entry.msgid.replace(" ", f" {attack} ", 1)
            )
        catalog.save(str(path))
    assert run("-C", project, "build").exit_code == 0
    page = (project / "site" / "fr" / "idor2020" / "index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    elements = list(tree.iter())
    assert not [e for e in elements if e.tag in {"script", "img", "svg"}]
    for element in elements:
        for name, value in element.attrib.items():
            assert not name.startswith("on"), (element.tag, name)
            assert not (name == "href" and value.startswith("javascript:")), value
    report = serve(project / "site", ["fr/idor2020/index.html"])
    french = report["fr/idor2020/index.html"]
    assert french["scripts"] == 0 and french["handlers"] == 0 and french["pwned"] is False
