"""Build the localized site: every page is rendered in memory first, then the output folder is
replaced in one move, so a failed build leaves the previous site whole.

Publishing policy: a post is published in a language when at least ``threshold`` percent of its
catalog's entries are translated (fuzzy entries do not count); what is missing shows in English,
marked ``lang="en"``. A language with no published post gets no pages at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib
from markupsafe import Markup

from .document import Document
from .locales import Language
from .outputs import owned_output, replace_folder
from .progress import Counter, ProgressCallback
from .project import UI_DOMAIN, Project
from .render import (
    Localized,
    PostTranslator,
    TemplateFolder,
    UiTranslations,
    create_environment,
    render_template,
    template_source,
    xml_text,
)
from .stats import catalog_stats, count_words

# Silent reading of non-fiction in English (Brysbaert, 2019: 238 words a minute on average).
WORDS_PER_MINUTE = 238


@dataclass(frozen=True, slots=True)
class Skipped:
    """A post not published in a language, and why."""

    language: str
    slug: str
    percent: int
    threshold: int


@dataclass(frozen=True, slots=True)
class Fallbacks:
    """How many of a published page's segments show in English."""

    language: str
    slug: str
    english: int
    total: int


@dataclass(slots=True)
class BuildReport:
    out: Path
    pages: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fallbacks: list[Fallbacks] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Edition:
    """One language of the site with its catalogs."""

    language: Language
    is_source: bool
    posts: Mapping[str, polib.POFile | None]
    ui: polib.POFile | None


def build(project: Project, out: Path, on_progress: ProgressCallback | None = None) -> BuildReport:
    """Render every page in memory, then replace ``out`` (relative to the project root unless
    absolute) with them in one move. A folder build did not make is refused first (see
    outputs.owned_output)."""
    config = project.config
    out = owned_output(config, out)
    report = BuildReport(out)
    templates = TemplateFolder(config.templates_path, config.templates_dir)
    editions = [_Edition(config.source, True, dict.fromkeys(project.domains[:-1]), None)]
    for language in config.target_languages():
        posts = {
            document.slug: project.read_if_present(project.po_path(language, document.slug))
            for document in project.documents
        }
        ui = project.read_if_present(project.po_path(language, UI_DOMAIN))
        editions.append(_Edition(language, False, posts, ui))

    published: dict[str, list[_Edition]] = {document.slug: [] for document in project.documents}
    for edition in editions:
        for document in project.documents:
            percent = _percent(edition, document.slug)
            if percent >= config.threshold:
                published[document.slug].append(edition)
            else:
                report.skipped.append(
                    Skipped(edition.language.tag, document.slug, percent, config.threshold)
                )
    live = [edition for edition in editions if any(edition in eds for eds in published.values())]
    languages = [edition.language for edition in live]
    report.published = [language.tag for language in languages]

    files: dict[str, str] = {"style.css": template_source(config.templates_path, "style.css")[0]}
    pages = sum(len(editions) for editions in published.values())
    counter = Counter(pages + len(live) + 1, on_progress)
    site = {"name": config.site_name}
    for edition in live:
        ui = UiTranslations(edition.ui)
        environment = create_environment(config.templates_path, ui)
        entries: list[_IndexEntry] = []
        for document in _by_date(project.documents):
            if edition not in published[document.slug]:
                continue
            translator = PostTranslator(
                document,
                None if edition.is_source else edition.posts[document.slug],
                right_to_left=edition.language.direction == "rtl",
            )
            page = _post_context(project, document, edition, published[document.slug], translator)
            relative = f"{edition.language.tag}/{document.slug}/index.html"
            files[relative] = render_template(environment, "post.html", page, templates)
            counter.step(relative)
            if not edition.is_source:
                report.fallbacks.append(
                    Fallbacks(
                        edition.language.tag,
                        document.slug,
                        len(translator.fallback_segments),
                        len(document.segments),
                    )
                )
            entries.append(_index_entry(document, edition, translator))
        index_page = {
            "site": site,
            "page": _page(project, edition.language, languages, "{lang}/", depth=1),
            "posts": entries,
        }
        files[f"{edition.language.tag}/index.html"] = render_template(
            environment, "index.html", index_page, templates
        )
        counter.step(f"{edition.language.tag}/index.html")
        if config.base_url:
            files[f"{edition.language.tag}/feed.xml"] = _feed(project, edition.language, entries)
    source_environment = create_environment(config.templates_path, UiTranslations(None))
    choosing = _page(project, config.source, languages, "{lang}/", depth=0, with_feed=False)
    choice = {"site": site, "page": choosing}
    files["index.html"] = render_template(source_environment, "languages.html", choice, templates)
    if config.base_url:
        files["sitemap.xml"] = _sitemap(project, published)
    replace_folder(out, files)
    counter.step(str(out))
    report.pages = sorted(files)
    return report


def _percent(edition: _Edition, slug: str) -> int:
    if edition.is_source:
        return 100
    catalog = edition.posts[slug]
    return 0 if catalog is None else catalog_stats(edition.language.tag, slug, catalog).percent


def _by_date(documents: Sequence[Document]) -> list[Document]:
    return sorted(
        documents,
        key=lambda document: (str(document.meta.get("date", "")), document.slug),
        reverse=True,
    )


def _feed(project: Project, language: Language, entries: Sequence[_IndexEntry]) -> str:
    """An Atom feed of a language's published posts, newest first: titles and summaries in the
    language, or in English marked ``xml:lang="en"``. Undated posts are left out, since a feed
    orders by date; the feed's own date is its newest post's, so building twice changes nothing."""
    dated = [entry for entry in entries if entry.iso_date]
    home = _url(project, f"{language.tag}/")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language.tag}">',
        f"<title>{xml_text(project.config.site_name)}</title>",
        f'<link rel="alternate" href="{xml_text(home)}"/>',
        f'<link rel="self" href="{xml_text(_url(project, f"{language.tag}/feed.xml"))}"/>',
        f"<id>{xml_text(home)}</id>",
        f"<updated>{dated[0].iso_date if dated else '1970-01-01'}T00:00:00Z</updated>",
    ]
    for entry in dated:
        url = xml_text(home + entry.path)
        lines += [
            "<entry>",
            _feed_text("title", entry.title),
            f'<link rel="alternate" href="{url}"/>',
            f"<id>{url}</id>",
            f"<updated>{entry.iso_date}T00:00:00Z</updated>",
            f"<author><name>{xml_text(entry.author or project.config.site_name)}</name></author>",
        ]
        if entry.description:
            lines.append(_feed_text("summary", entry.description))
        lines.append("</entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _feed_text(element: str, text: Localized) -> str:
    marks = ' xml:lang="en"' if text.fallback else ""
    return f"<{element}{marks}>{xml_text(text.text)}</{element}>"


def _sitemap(project: Project, published: Mapping[str, Sequence[_Edition]]) -> str:
    """Every published page with its language alternates, as search engines read hreflang."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for slug, editions in sorted(published.items()):
        tags = [edition.language.tag for edition in editions]
        for tag in tags:
            lines.append(f"<url><loc>{xml_text(_url(project, f'{tag}/{slug}/'))}</loc>")
            lines.extend(
                f'<xhtml:link rel="alternate" hreflang="{other}"'
                f' href="{xml_text(_url(project, f"{other}/{slug}/"))}"/>'
                for other in tags
            )
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def _url(project: Project, path: str) -> str:
    base = project.config.base_url
    return base.rstrip("/") + "/" + path if base else path


def _page(
    project: Project,
    current: Language,
    languages: Sequence[Language],
    pattern: str,
    depth: int,
    with_feed: bool = True,
) -> dict[str, object]:
    """What base.html needs: language, direction, the way back to the root, the alternates,
    and the language's feed (feeds need absolute URLs, so only with ``base_url``)."""
    root = "../" * depth
    alternates = [
        {
            "hreflang": language.tag,
            "name": language.native_name,
            "dir": language.direction,
            "current": language == current,
            "path": root + pattern.format(lang=language.tag),
            "url": _url(project, pattern.format(lang=language.tag)),
        }
        for language in languages
    ]
    source_tag = project.config.source.tag
    return {
        "lang": current.tag,
        "dir": current.direction,
        "root": root,
        "alternates": alternates,
        "x_default": _url(project, pattern.format(lang=source_tag)) if alternates else "",
        "feed": _url(project, f"{current.tag}/feed.xml")
        if with_feed and project.config.base_url
        else "",
    }


def _post_context(
    project: Project,
    document: Document,
    edition: _Edition,
    editions: Sequence[_Edition],
    translator: PostTranslator,
) -> dict[str, object]:
    language = edition.language
    post_date = document.date
    heading, body = translator.heading_and_rest()
    return {
        "site": {"name": project.config.site_name},
        "page": _page(
            project,
            language,
            [edition.language for edition in editions],
            "{lang}/" + document.slug + "/",
            depth=2,
        ),
        "post": {
            "title": _title(document, translator),
            "description": translator.field("description"),
            "og_title": translator.field("og:title"),
            "category": translator.field("category"),
            # <bdi> keeps a Latin name from reordering the words around it in Arabic or Hebrew
            "author": Markup("<bdi>{}</bdi>").format(str(document.meta.get("author", ""))),
            "date_text": language.format_date(post_date) if post_date else "",
            "minutes": reading_minutes(document),
            "url": _url(project, f"{language.tag}/{document.slug}/"),
            "heading": Markup(heading),
            "body": Markup(body),
        },
    }


def reading_minutes(document: Document) -> int:
    """Minutes an adult takes to read the post's body, at least one. Counted on the source, so
    every language shows the same: a translation says the same thing in as much time."""
    fields = set(document.fields.values())
    words = sum(
        count_words(segment.text)
        for index, segment in enumerate(document.segments)
        if index not in fields
    )
    return max(1, round(words / WORDS_PER_MINUTE))


def _title(document: Document, translator: PostTranslator) -> Localized:
    """The title field, else the body's own heading, else the post's name."""
    return (
        translator.field("title")
        or translator.heading_title()
        or Localized(document.slug, fallback=True)
    )


@dataclass(frozen=True, slots=True)
class _IndexEntry:
    """A post as a language's index page and feed list it."""

    path: str
    title: Localized
    description: Localized | None
    iso_date: str
    date_text: str
    author: str


def _index_entry(document: Document, edition: _Edition, translator: PostTranslator) -> _IndexEntry:
    post_date = document.date
    return _IndexEntry(
        path=f"{document.slug}/",
        title=_title(document, translator),
        description=translator.field("description"),
        iso_date=post_date.isoformat() if post_date else "",
        date_text=edition.language.format_date(post_date) if post_date else "",
        author=str(document.meta.get("author", "")),
    )
