"""Readable reports: stats in a log keeps every name whole on one line; the picture has a
legend, labels clear of the bars, and a per-language badge."""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from localize_post.stats import CatalogStats, completeness_svg, text_width

from conftest import Run, require_shared

SVG = "{http://www.w3.org/2000/svg}"
# The corpus's longest post names, far over 80 columns with their language and numbers.
LONG_POSTS = (
    "2024/collecting-otel-compliant-java-logs-from-files",
    "2023/end-user-discussions-02.md",
)


@pytest.fixture
def blog(tmp_path: Path, run: Run) -> Path:
    corpus = require_shared("corpus/opentelemetry-blog/content/en/blog")
    root = tmp_path / "blog"
    for post in LONG_POSTS:
        target = root / "source" / post
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copy if post.endswith(".md") else shutil.copytree)(corpus / post, target)
    (root / "localize-post.toml").write_text('languages = ["fr", "pt-BR", "ja"]\n')
    for command in (["extract"], ["update"], ["pretranslate", "-l", "ja", "--engine", "pseudo"]):
        assert run("-C", root, *command).exit_code == 0
    return root


def test_stats_in_a_log_is_not_wrapped_and_names_are_whole(blog: Path, run: Run) -> None:
    result = run("-C", blog, "stats")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Translation status"
    assert lines[1].split() == [
        "lang",
        "catalog",
        "done",
        "fuzzy",
        "todo",
        "refused",
        "words",
        "done",
        "progress",
    ]
    rows = [line for line in lines[2:] if line]
    assert len(rows) == 3 * 3  # three languages, two posts and the theme each
    slug = "2024/collecting-otel-compliant-java-logs-from-files"
    assert any(line.startswith(f"pt-BR  {slug}  ") for line in rows), rows
    assert max(len(line) for line in lines) > 80  # nothing cut at a terminal's width
    assert all(line == line.rstrip() for line in lines)
    japanese = next(line for line in rows if line.startswith(f"ja     {slug}"))
    assert japanese.endswith("▒" * 20 + "   0%")  # fuzzy, told apart from done without colour


Box = tuple[float, float, float, float, str]
Bar = tuple[int, int, int, int]


def _boxes(svg: str) -> tuple[list[Box], list[Bar]]:
    """Every text's box (x0, y0, x1, y1, text) as text_width and the font size bound it, and
    every bar's."""
    root = ElementTree.fromstring(svg)
    size = int(root.get("font-size", "12"))
    texts = []
    for text in root.iter(f"{SVG}text"):
        content = text.text or ""
        x, y = float(text.get("x", "0")), float(text.get("y", "0"))
        width = text_width(content, size)
        if text.get("text-anchor") == "middle":
            x -= width / 2
        texts.append((x, y - size, x + width, y + size * 0.25, content))
    bars = [
        (int(rect.get("x", "0")), int(rect.get("y", "0")), int(rect.get("width", "0")), 14)
        for rect in root.iter(f"{SVG}rect")
        if rect.get("height") == "14"
    ]
    return texts, bars


def test_the_pictures_labels_never_touch_a_bar_however_long(blog: Path, run: Run) -> None:
    svg = run("-C", blog, "stats", "--format", "svg").stdout
    root = ElementTree.fromstring(svg)
    texts, bars = _boxes(svg)
    labels = [text[4] for text in texts]
    assert "pt-BR · 2024/collecting-otel-compliant-java-logs-from-files" in labels
    for name in ("translated", "fuzzy", "refused by checks", "untranslated"):
        assert name in labels  # the legend
    width = int(root.get("width", "0"))
    for x0, y0, x1, y1, text in texts:
        assert x1 <= width, text  # no label runs off the picture
        for bar_x, bar_y, bar_width, bar_height in bars:
            apart = (
                x1 <= bar_x or bar_x + bar_width <= x0 or y1 <= bar_y or bar_y + bar_height <= y0
            )
            assert apart, (text, (bar_x, bar_y))
    assert run("-C", blog, "stats", "--format", "svg").stdout == svg


def test_a_rows_bar_is_split_by_state_and_never_longer_than_the_others() -> None:
    rows = [
        CatalogStats("fr", "a", 1, 1, 1, 1, 1, 1, 0),
        CatalogStats("de", "a", 2, 0, 1, 2, 0, 1, 1),
        CatalogStats("it", "a", 0, 0, 0, 0, 0, 0, 0),
    ]
    root = ElementTree.fromstring(completeness_svg(rows, 80))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("height") == "14"]
    by_row: dict[str, list[tuple[int, str]]] = {}
    for bar in bars:
        by_row.setdefault(bar.get("y", ""), []).append(
            (int(bar.get("width", "0")), bar.get("fill", ""))
        )
    first, second = by_row.values()
    assert sum(width for width, _ in first) <= 300 and sum(width for width, _ in second) <= 300
    assert {fill for _, fill in first} == {"#2e7d43", "#b06a00", "#c9ced6"}
    assert {fill for _, fill in second} == {"#2e7d43", "#c0392b"}  # the refused one, in red


def test_the_badge_gives_each_languages_share(project: Path, run: Run) -> None:
    svg = run("-C", project, "stats", "--format", "svg", "--badge").stdout
    root = ElementTree.fromstring(svg)
    cells = [(text.text, text) for text in root.iter(f"{SVG}text")]
    assert [text for text, _ in cells] == [
        "translations",
        "fr 100%",
        "es 100%",
        "de 95%",
        "ar 100%",
        "ja 100%",
        "it 63%",
    ]
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills[1] == "#2e7d43" and fills[-1] != fills[1]  # below the threshold: not green
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == (
        "translations: fr 100%, es 100%, de 95%, ar 100%, ja 100%, it 63%"
    )
    rects = list(root.iter(f"{SVG}rect"))
    assert int(root.get("width", "0")) == sum(int(rect.get("width", "0")) for rect in rects)


def test_badge_is_for_the_picture_only(project: Path, run: Run) -> None:
    result = run("-C", project, "stats", "--badge")
    assert result.exit_code == 2
    assert result.output.startswith("localize-post: --badge draws a picture: use it with")
