"""Real posts: the 264 English Hugo posts of the OpenTelemetry blog (../shared/corpus)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import polib
import pytest

from localize_post.document import TAG_PATTERN, Document, Hole, holes
from localize_post.render import PostTranslator
from localize_post.sources.frontmatter import split_front_matter
from localize_post.sources.html import parse_html
from localize_post.sources.markdown import markdown_parser, parse_markdown

from conftest import Run, dom_tree, require_shared


def _corpus() -> list[tuple[PurePosixPath, str]]:
    root = require_shared("corpus/opentelemetry-blog")
    return [
        (PurePosixPath(path.relative_to(root).as_posix()), path.read_text(encoding="utf-8"))
        for path in sorted((root / "content" / "en" / "blog").rglob("*.md"))
    ]


def _direct(text: str, path: PurePosixPath) -> str:
    return str(markdown_parser().render(split_front_matter(text, path).body))


def test_corpus_identity_round_trip() -> None:
    """msgstr = msgid for every segment gives the DOM of the source's direct rendering."""
    posts = _corpus()
    assert len(posts) == 264
    differing = []
    for path, text in posts:
        document = parse_markdown(text, path, path.stem, ("title", "description"))
        if dom_tree(PostTranslator(document, None).body()) != dom_tree(_direct(text, path)):
            differing.append(str(path))
    assert differing == []


def _pseudo(msgid: str) -> str:
    """An engine that changes only text: every run of letters between tags is reversed and
    bracketed, the tags stay as they are."""
    out = []
    for piece in re.split(r"(<code>.*?</code>|</?[a-z][a-z0-9]*/?>)", msgid):
        if TAG_PATTERN.fullmatch(piece) or piece.startswith("<code>"):
            out.append(piece)
        else:
            out.append(re.sub(r"[A-Za-z]+", lambda m: f"⟦{m.group(0)[::-1]}⟧", piece))
    return "".join(out)


def _pseudo_catalog(document: Document) -> polib.POFile:
    catalog = polib.POFile()
    for segment in document.segments:
        catalog.append(
            polib.POEntry(msgctxt=segment.context, msgid=segment.text, msgstr=_pseudo(segment.text))
        )
    return catalog


def test_pseudo_translation_keeps_every_tag_attribute_and_url() -> None:
    for path, text in _corpus():
        document = parse_markdown(text, path, path.stem, ())
        translator = PostTranslator(document, _pseudo_catalog(document))
        page = translator.body()
        assert translator.fallbacks == {}, path
        direct = _direct(text, path)
        assert dom_tree(page, keep_text=False) == dom_tree(direct, keep_text=False), path
        for url in re.findall(r'(?:href|src)="([^"]*)"', _direct(text, path)):
            assert f'"{url}"' in page, (path, url)


def test_corpus_segments_never_hold_shortcodes_or_attribute_lines() -> None:
    for path, text in _corpus():
        for segment in parse_markdown(text, path, path.stem, ("title", "description")).segments:
            assert "{{<" not in segment.text and "{{%" not in segment.text, segment.location
            assert not re.search(r"\{[#.][\w-]+\}", segment.text), segment.location
            assert not segment.text.startswith("[!"), segment.location


def test_every_hole_points_at_a_segment() -> None:
    for path, text in _corpus():
        document = parse_markdown(text, path, path.stem, ("title", "description"))
        used = {hole.segment for hole in holes(document.skeleton)} | set(document.fields.values())
        assert used == set(range(len(document.segments))), path
        assert all(isinstance(hole, Hole) for hole in holes(document.skeleton))


def test_corpus_pipeline_in_three_languages(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "otel"
    shutil.copytree(require_shared("corpus/opentelemetry-blog/content/en/blog"), root / "source")
    (root / "localize-post.toml").write_text('languages = ["fr", "ja", "ar"]\nthreshold = 0\n')
    for command in (["extract"], ["update"], ["build"], ["check"]):
        result = run("-C", root, *command)
        assert result.exit_code == 0, (command, result.output[-2000:])
    pages = list((root / "site").rglob("index.html"))
    # 256 posts; the 8 section pages (_index.md) are Hugo's lists of posts, not posts
    assert len(pages) == 4 * 256 + 4 + 1
    assert not (root / "site" / "fr" / "2024" / "_index").exists()
    assert (root / "locales" / "ja" / "LC_MESSAGES" / "2024" / "year-in-review.po").is_file()


def test_a_broken_post_fails_with_file_and_line(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "otel"
    shutil.copytree(require_shared("corpus/opentelemetry-blog/content/en/blog"), root / "source")
    broken = root / "source" / "2023" / "histograms-vs-summaries" / "index.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "title: [", 1))
    result = run("-C", root, "extract")
    assert result.exit_code == 2
    assert result.stderr.startswith("localize-post: source/2023/histograms-vs-summaries/index.md:")
    assert not (root / "locales").exists()


@pytest.mark.parametrize("marker", ["<!-- localize-post: skip -->", "<!-- localize-post: off -->"])
def test_author_markers_exclude_blocks(marker: str) -> None:
    text = f"Before.\n\n{marker}\n\nHidden *words*.\n\nAfter.\n"
    document = parse_markdown(text, PurePosixPath("p.md"), "p", ())
    expected = ["Before.", "After."] if "skip" in marker else ["Before."]
    assert [segment.text for segment in document.segments] == expected


def test_the_corpus_as_html_round_trips_and_survives_pseudo_translation() -> None:
    """Each post as a CMS would export it (its HTML rendering), parsed as an HTML source: the
    identity gives its DOM back (runs of whitespace in a msgid are one space), and a
    pseudo-translation keeps every tag, attribute and URL, as for the Markdown."""
    for path, text in _corpus():
        html = _direct(text, path)
        shown = path.with_suffix(".html")
        document = parse_html(html, shown, path.stem, None)
        assert dom_tree(PostTranslator(document, None).body()) == dom_tree(html), path
        translator = PostTranslator(document, _pseudo_catalog(document))
        page = translator.body()
        assert translator.fallbacks == {}, path
        assert dom_tree(page, keep_text=False) == dom_tree(html, keep_text=False), path
