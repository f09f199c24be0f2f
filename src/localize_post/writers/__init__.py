"""Translated sources: each post written in each language where the site's own generator reads
it (Hugo, Jekyll with jekyll-polyglot, MkDocs with mkdocs-static-i18n, Docusaurus, Zola).

A written file is its English source with only the translated text changed (markdown.py); with
every translation equal to its source, byte for byte the source. The publishing policy is
build's: a post below the threshold is not written in that language, and what is not translated
(or is refused by check) stays English. Every file is computed first, then written; only files
localize-post owns are written, and nothing is ever deleted (output.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polib

from ..document import Document
from ..errors import SourceError, decode_utf8, read_file
from ..locales import Language
from ..posts import MARKDOWN_SUFFIXES
from ..progress import Counter, ProgressCallback
from ..project import Project
from .html import write_html
from .layouts import Layout, added_fields, flavor, site_configuration, translated_path
from .links import PostLinks, url_prefix
from .markdown import MarkdownContext, write_markdown
from .output import OwnedFiles, checked_out
from .translations import choose, published_percent

__all__ = ["Layout", "SkippedSource", "SourcesReport", "WrittenSource", "write_sources"]


@dataclass(frozen=True, slots=True)
class WrittenSource:
    """One translated file: where it is (relative to ``out``), whether its bytes changed, and
    how many of the post's segments it says in English."""

    language: str
    slug: str
    path: str
    changed: bool
    english: int
    segments: int


@dataclass(frozen=True, slots=True)
class SkippedSource:
    """A post not written in a language, and why."""

    language: str
    slug: str
    reason: str


@dataclass(slots=True)
class SourcesReport:
    out: Path
    layout: Layout
    written: list[WrittenSource] = field(default_factory=list)
    skipped: list[SkippedSource] = field(default_factory=list)
    links: int = 0  # links to other posts pointed at their translations or English
    configuration: str = ""  # the languages part of the generator's own configuration


@dataclass(frozen=True, slots=True)
class _Planned:
    relative: PurePosixPath
    text: str
    written: WrittenSource


def write_sources(
    project: Project,
    languages: Sequence[Language],
    layout: Layout,
    out: Path,
    on_progress: ProgressCallback | None = None,
) -> SourcesReport:
    """Write each post in each language (default: the configured ones) into ``out`` (relative to
    the project root unless absolute) as ``layout`` wants it."""
    config = project.config
    folder = checked_out(config, out)
    report = SourcesReport(folder, layout)
    languages = [
        language
        for language in (languages or config.target_languages())
        if language.tag != config.source.tag
    ]
    report.configuration = site_configuration(layout, config.source, languages)
    owned = OwnedFiles.open(config, folder)
    files = {document.slug: _under_source(project, document) for document in project.documents}
    prefix = url_prefix(project.documents)
    counter = Counter(len(languages) * len(project.documents), on_progress)
    planned: list[_Planned] = []
    for language in languages:
        catalogs = {
            document.slug: project.read_if_present(project.po_path(language, document.slug))
            for document in project.documents
        }
        published = frozenset(
            slug
            for slug, catalog in catalogs.items()
            if published_percent(language.tag, slug, catalog) >= config.threshold
        )
        for document in project.documents:
            catalog = catalogs[document.slug]
            relative = translated_path(layout, files[document.slug], language.tag)
            reason = _not_written(language, document, catalog, published, config.threshold)
            refusal = None if reason else owned.refusal(relative)
            if reason is None and refusal is not None:
                reason = f"{relative} {refusal}"
            if reason is not None:
                report.skipped.append(SkippedSource(language.tag, document.slug, reason))
                counter.step(str(relative))
                continue
            assert catalog is not None
            links = PostLinks(
                layout,
                language.tag,
                config.source.tag,
                files[document.slug],
                document.slug,
                files,
                published,
                prefix,
            )
            text, english, rewritten = _translate(
                project, document, catalog, layout, language, files[document.slug], links
            )
            report.links += rewritten
            written = WrittenSource(
                language.tag,
                document.slug,
                relative.as_posix(),
                changed=False,
                english=english,
                segments=len(document.segments),
            )
            planned.append(_Planned(relative, text, written))
            counter.step(str(relative))
    for plan in planned:
        changed = owned.write(plan.relative, plan.text)
        report.written.append(
            WrittenSource(
                plan.written.language,
                plan.written.slug,
                plan.written.path,
                changed,
                plan.written.english,
                plan.written.segments,
            )
        )
    owned.save()
    return report


def _under_source(project: Project, document: Document) -> PurePosixPath:
    return document.path.relative_to(PurePosixPath(project.config.source_dir))


def _not_written(
    language: Language,
    document: Document,
    catalog: polib.POFile | None,
    published: frozenset[str],
    threshold: int,
) -> str | None:
    if catalog is None:
        return "no catalog"
    if document.slug not in published:
        percent = published_percent(language.tag, document.slug, catalog)
        return f"{percent}% translated, below the {threshold}% threshold"
    return None


def _translate(
    project: Project,
    document: Document,
    catalog: polib.POFile,
    layout: Layout,
    language: Language,
    relative: PurePosixPath,
    links: PostLinks,
) -> tuple[str, int, int]:
    """The post's text in ``language``, how many segments stay English, links rewritten."""
    path = project.config.root / document.path
    shown = str(document.path)
    raw = decode_utf8(read_file(path, shown, SourceError), shown, SourceError)
    choices = choose(document, catalog)
    if document.path.suffix not in MARKDOWN_SUFFIXES:
        written_html = write_html(raw, document, choices, language, project.config.selector or None)
        english = len(written_html.english | choices.fallback)
        return written_html.text, english, written_html.links
    context = MarkdownContext(
        document.path,
        document.slug,
        project.config.fields,
        flavor(layout),
        added_fields(layout, relative, language.tag),
        links.rewrite,
    )
    written = write_markdown(raw, document, choices, context)
    english = len(written.english | choices.fallback)
    return written.text, english, written.links
