"""Build the localized site: every page is rendered in memory first, then the output folder is
replaced in one move, so a failed build leaves the previous site whole.

Publishing policy: a post is published in a language when at least ``threshold`` percent of its
catalog's entries are translated and pass the pages' checks (fuzzy entries do not count, nor a
translation that lost a tag); what is missing shows in English, marked ``lang="en"``. A language
with no published post gets no pages at all. A preview (``preview=True``, never the default)
shows fuzzy translations too, marked as suggestions, and counts them for the threshold.

Pages link to each other, to the stylesheet and to the files beside them by relative URLs, so
the site works at any depth of folders, in a sub-folder of a server or from disk; hreflang
alternates, canonical and share links must be absolute, so only ``base_url`` brings them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path, PurePosixPath

import polib
from babel.lists import format_list
from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .catalogs import is_translated
from .checks import check_templates_current
from .document import Document, PostDate
from .errors import LocalizePostError
from .feeds import PostSummary, absolute_url, atom_feed, sitemap
from .locales import Language
from .outputs import owned_output, replace_folder
from .posts import MARKDOWN_SUFFIXES
from .progress import Counter, ProgressCallback
from .project import UI_DOMAIN, Project, templates
from .render import (
    FallbackReason,
    Localized,
    PostTranslator,
    TemplateFolder,
    UiTranslations,
    create_environment,
    is_suggestion,
    post_entry_check,
    render_template,
    template_source,
)
from .site_assets import Assets, find_assets
from .stats import catalog_stats, count_words

# Silent reading of non-fiction in English (Brysbaert, 2019: 238 words a minute on average).
WORDS_PER_MINUTE = 238
NO_BASE_URL = (
    "base_url is not set: pages have no hreflang alternates, canonical or share links, and"
    " there is no sitemap or feed, since these need absolute URLs (set base_url in"
    " localize-post.toml)"
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A post not published in a language, and why."""

    language: str
    slug: str
    percent: int
    threshold: int


@dataclass(frozen=True, slots=True)
class Fallbacks:
    """How many of a published page's segments show in English, and why: not translated yet,
    fuzzy, or a translation the page refused (each of those is also a warning)."""

    language: str
    slug: str
    english: int
    total: int
    untranslated: int = 0
    fuzzy: int = 0
    rejected: int = 0
    suggestions: int = 0  # fuzzy translations a preview shows


@dataclass(slots=True)
class BuildReport:
    out: Path
    pages: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    fallbacks: list[Fallbacks] = field(default_factory=list)
    # What the user should know but that stopped nothing: catalogs out of date, no base_url,
    # undated posts, files not copied, translations the pages refused. Each is one line.
    warnings: list[str] = field(default_factory=list)


class BuildWarnings(LocalizePostError):
    """A strict build found ``count`` warnings (the project's, and build's own in ``report``);
    nothing was written."""

    def __init__(self, report: BuildReport, count: int) -> None:
        super().__init__(f"build --strict: {count} warning(s), so nothing was written")
        self.report = report


@dataclass(frozen=True, slots=True)
class _Edition:
    """One language of the site with its catalogs."""

    language: Language
    is_source: bool
    posts: Mapping[str, polib.POFile | None]
    ui: polib.POFile | None


@dataclass(frozen=True, slots=True)
class _PostFacts:
    """What a post's front matter says about it, read once: when, and by whom (each name as
    HTML, and as plain text for feeds)."""

    date: PostDate | None
    author_html: tuple[Markup, ...]
    author_names: tuple[str, ...]


def build(
    project: Project,
    out: Path,
    on_progress: ProgressCallback | None = None,
    preview: bool = False,
    strict: bool = False,
) -> BuildReport:
    """Render every page in memory, then replace ``out`` (relative to the project root unless
    absolute) with them and the files beside them in one move. A folder build did not make is
    refused first (see outputs.owned_output). With ``strict``, a build with warnings (the
    project's or its own) raises BuildWarnings and writes nothing."""
    config = project.config
    out = owned_output(config, out)
    report = BuildReport(out)
    editions = _editions(project)
    report.warnings += _catalog_warnings(project, editions)
    if not config.base_url:
        report.warnings.append(NO_BASE_URL)
    facts = {document.slug: _post_facts(document) for document in project.documents}
    report.warnings += [
        f"{document.path}: no date (a `date` in the front matter, or a file name such as"
        " 2016-04-19-name.md): listed after the dated posts, and in no feed"
        for document in project.documents
        if facts[document.slug].date is None
    ]
    documents = _newest_first(project.documents, facts)

    published: dict[str, list[_Edition]] = {document.slug: [] for document in project.documents}
    for edition in editions:
        for document in project.documents:
            percent = _percent(edition, document, preview)
            if percent >= config.threshold:
                published[document.slug].append(edition)
            else:
                report.skipped.append(
                    Skipped(edition.language.tag, document.slug, percent, config.threshold)
                )
    live = [edition for edition in editions if any(edition in eds for eds in published.values())]
    languages = [edition.language for edition in live]
    report.published = [language.tag for language in languages]
    assets = find_assets(config, languages)
    report.warnings += assets.warnings

    files: dict[str, str | Path] = {
        "style.css": template_source(config.templates_path, "style.css")[0]
    }
    pages = sum(len(editions) for editions in published.values())
    counter = Counter(pages + len(live) + 1, on_progress)
    templates_folder = TemplateFolder(config.templates_path, config.templates_dir)
    site = {"name": config.site_name}
    for edition in live:
        language = edition.language
        right_to_left = language.direction == "rtl"
        ui = UiTranslations(edition.ui, not edition.is_source, preview, right_to_left)
        environment = create_environment(config.templates_path, ui)
        summaries: list[PostSummary] = []
        for document in documents:
            if edition not in published[document.slug]:
                continue
            catalog = None if edition.is_source else edition.posts[document.slug]
            translator = PostTranslator(document, catalog, right_to_left, preview)
            relative = f"{language.tag}/{document.slug}/index.html"
            page = _post_context(
                project,
                document,
                facts[document.slug],
                edition,
                [other.language for other in published[document.slug]],
                translator,
                assets,
            )
            files[relative] = _render(environment, ui, "post.html", page, templates_folder)
            counter.step(relative)
            if not edition.is_source:
                report.fallbacks.append(_fallbacks(language, document, translator))
                report.warnings += _refused(project, language, document.slug, translator)
            summaries.append(_summary(document, facts[document.slug], edition, translator))
        index_page = {
            "site": site,
            "page": _page(project, language, languages, "{lang}/", f"{language.tag}/", preview),
            "posts": summaries,
        }
        files[f"{language.tag}/index.html"] = _render(
            environment, ui, "index.html", index_page, templates_folder
        )
        counter.step(f"{language.tag}/index.html")
        if config.base_url:
            files[f"{language.tag}/feed.xml"] = atom_feed(
                config.site_name, config.base_url, language.tag, summaries
            )
        report.warnings += _refused_ui(project, language, ui)
    source_ui = UiTranslations(None)
    source_environment = create_environment(config.templates_path, source_ui)
    choosing = _page(project, config.source, languages, "{lang}/", "", preview, with_feed=False)
    choice = {"site": site, "page": choosing}
    files["index.html"] = _render(
        source_environment, source_ui, "languages.html", choice, templates_folder
    )
    if config.base_url:
        files["sitemap.xml"] = sitemap(
            config.base_url,
            {
                slug: [edition.language.tag for edition in editions]
                for slug, editions in published.items()
            },
        )
    copies, not_copied = assets.files(files)
    report.warnings += not_copied
    files.update(copies)
    if strict and (project.warnings or report.warnings):
        raise BuildWarnings(report, len(project.warnings) + len(report.warnings))
    replace_folder(out, files)
    counter.step(str(out))
    report.pages = sorted(files)
    return report


def _editions(project: Project) -> list[_Edition]:
    """The source language, then each target language with the catalogs it has."""
    config = project.config
    editions = [_Edition(config.source, True, dict.fromkeys(project.domains[:-1]), None)]
    for language in config.target_languages():
        posts = {
            document.slug: project.read_if_present(project.po_path(language, document.slug))
            for document in project.documents
        }
        ui = project.read_if_present(project.po_path(language, UI_DOMAIN))
        editions.append(_Edition(language, False, posts, ui))
    return editions


def _render(
    environment: Environment,
    ui: UiTranslations,
    name: str,
    context: Mapping[str, object],
    templates_folder: TemplateFolder,
) -> str:
    return ui.finish(render_template(environment, name, context, templates_folder))


def _catalog_warnings(project: Project, editions: Sequence[_Edition]) -> list[str]:
    """What is out of date: before any extract, one warning; else each template that is not
    what extract would write today, and each catalog of an up-to-date template that update
    has not merged it into (its new texts show in English until then)."""
    expected = templates(project)
    if not any(project.pot_path(domain).is_file() for domain in expected):
        return [
            f"{project.config.locales_dir}/: no catalogs yet, so every page is in English: run"
            " `localize-post extract`, then `localize-post update -l LANGUAGE`"
        ]
    warnings = []
    stale_domains = set()
    by_path = {project.relative(project.pot_path(domain)): domain for domain in expected}
    for problem in check_templates_current(project, expected):
        stale_domains.add(by_path[str(problem.location.path)])
        warnings.append(f"{problem.location.path}: {problem.message}, then `localize-post update`")
    for edition in editions:
        if edition.is_source:
            continue
        catalogs: dict[str, polib.POFile | None] = {**edition.posts, UI_DOMAIN: edition.ui}
        for domain, catalog in catalogs.items():
            if catalog is None or domain in stale_domains:
                continue
            wanted = {(entry.msgctxt or None, entry.msgid) for entry in expected[domain]}
            have = {(entry.msgctxt or None, entry.msgid) for entry in catalog if not entry.obsolete}
            if wanted != have:
                shown = project.relative(project.po_path(edition.language, domain))
                warnings.append(
                    f"{shown}: out of date with its template ({len(wanted - have)} new,"
                    f" {len(have - wanted)} removed texts): run `localize-post update`"
                )
    return warnings


_TAG = re.compile(r"<[^<>]*>")


def _post_facts(document: Document) -> _PostFacts:
    """A post's date and authors, as its byline, index and feed show them (load_project has
    checked that they read)."""
    date, names = document.date, document.authors
    if document.path.suffix in MARKDOWN_SUFFIXES:
        # Authors write links to their profiles: [Ada](https://github.com/ada). Raw HTML is off,
        # and markdown-it refuses javascript: and other script URLs.
        markdown = MarkdownIt("commonmark", {"html": False})
        author_html = tuple(Markup(markdown.renderInline(name)) for name in names)
    else:
        author_html = tuple(escape(name) for name in names)
    plain = tuple(unescape(_TAG.sub("", str(html))) for html in author_html)
    return _PostFacts(date, author_html, plain)


def _newest_first(documents: Sequence[Document], facts: Mapping[str, _PostFacts]) -> list[Document]:
    """Dated posts newest first, then undated ones; posts of the same moment by name."""
    dated = [
        (date, document)
        for document in sorted(documents, key=lambda document: document.slug)
        if (date := facts[document.slug].date) is not None
    ]
    dated.sort(key=lambda pair: pair[0], reverse=True)  # stable: same moment, by name
    undated = [document for document in documents if facts[document.slug].date is None]
    return [*(document for _, document in dated), *sorted(undated, key=lambda d: d.slug)]


def _percent(edition: _Edition, document: Document, preview: bool) -> int:
    """How much of a post a language's page would show translated, as the threshold counts."""
    if edition.is_source:
        return 100
    catalog = edition.posts[document.slug]
    if catalog is None:
        return 0
    check = post_entry_check(document)
    if not preview:
        return catalog_stats(edition.language.tag, document.slug, catalog, check).percent
    active = [entry for entry in catalog if not entry.obsolete]
    shown = sum(
        1
        for entry in active
        if (is_translated(entry) or is_suggestion(entry)) and check(entry) is None
    )
    return 100 * shown // len(active) if active else 100


def _fallbacks(language: Language, document: Document, translator: PostTranslator) -> Fallbacks:
    reasons = [fallback.reason for fallback in translator.fallbacks.values()]
    return Fallbacks(
        language.tag,
        document.slug,
        len(reasons),
        len(document.segments),
        reasons.count(FallbackReason.UNTRANSLATED),
        reasons.count(FallbackReason.FUZZY),
        reasons.count(FallbackReason.REJECTED),
        len(translator.suggestions),
    )


def _refused(
    project: Project, language: Language, slug: str, translator: PostTranslator
) -> list[str]:
    """A warning for each translation the page refused, on its catalog line, with the reason
    check gives."""
    shown = project.relative(project.po_path(language, slug))
    return [
        f"{shown}:{fallback.line}: shown in English: {fallback.problem}"
        for _, fallback in sorted(translator.fallbacks.items())
        if fallback.reason is FallbackReason.REJECTED
    ]


def _refused_ui(project: Project, language: Language, ui: UiTranslations) -> list[str]:
    shown = project.relative(project.po_path(language, UI_DOMAIN))
    return [
        f"{shown}:{line}: shown in English: {problem}"
        for line, problem in sorted(ui.rejected.values())
    ]


def _page(
    project: Project,
    current: Language,
    languages: Sequence[Language],
    pattern: str,
    own_path: str,
    preview: bool,
    with_feed: bool = True,
) -> dict[str, object]:
    """What base.html needs: language, direction, the way back to the site's root from
    ``own_path`` (the page's folder in the site: ``fr/2024/launch/``), the language versions
    (``pattern`` gives each one's folder), and with ``base_url`` the absolute URLs: the page's
    canonical one, each version's, and the language's feed."""
    base = project.config.base_url
    root = "../" * own_path.count("/")
    alternates = [
        {
            "hreflang": language.tag,
            "name": language.native_name,
            "dir": language.direction,
            "current": language == current,
            "path": root + pattern.format(lang=language.tag),
            "url": absolute_url(base, pattern.format(lang=language.tag)) if base else "",
        }
        for language in languages
    ]
    source_path = pattern.format(lang=project.config.source.tag)
    return {
        "lang": current.tag,
        "dir": current.direction,
        "root": root,
        "alternates": alternates,
        "canonical": absolute_url(base, own_path) if base else "",
        "x_default": absolute_url(base, source_path) if base and alternates else "",
        "feed": absolute_url(base, f"{current.tag}/feed.xml") if with_feed and base else "",
        "preview": preview,
    }


def _post_context(
    project: Project,
    document: Document,
    facts: _PostFacts,
    edition: _Edition,
    languages: Sequence[Language],
    translator: PostTranslator,
    assets: Assets,
) -> dict[str, object]:
    language = edition.language
    folder = f"{language.tag}/{document.slug}"
    source_folder = PurePosixPath(document.path).relative_to(project.config.source_dir).parent
    heading, body = (
        assets.rewrite(html, source_folder.as_posix(), folder, language.tag)
        for html in translator.heading_and_rest()
    )
    pattern = "{lang}/" + document.slug + "/"
    page = _page(project, language, languages, pattern, folder + "/", translator.preview)
    return {
        "site": {"name": project.config.site_name},
        "page": page,
        "post": {
            "title": _title(document, translator),
            "description": translator.field("description"),
            "keywords": translator.field("keywords"),
            "og_title": translator.field("og:title"),
            "og_description": translator.field("og:description"),
            "og_image_alt": translator.field("og:image:alt"),
            "twitter_title": translator.field("twitter:title"),
            "twitter_description": translator.field("twitter:description"),
            "category": translator.field("category"),
            "author": _authors(facts.author_html, language),
            "date": _date_html(facts.date, language),
            "date_text": language.format_date(facts.date.day) if facts.date else "",
            "minutes": reading_minutes(document),
            "url": page["canonical"],
            "heading": Markup(heading),
            "body": Markup(body),
        },
    }


def _authors(names: Sequence[Markup], language: Language) -> Markup:
    """The authors as the language lists names (``A, B et C``, ``A、B、C``), each isolated in
    a ``<bdi>`` so a Latin name does not reorder the Arabic or Hebrew words around it."""
    if not names:
        return Markup("")
    # format_list joins text: it gets placeholders, and the names go in after escaping it.
    joined = format_list(
        [f"\x00{index}\x00" for index in range(len(names))], locale=language.locale
    )
    pieces = str(escape(joined)).split("\x00")
    return Markup("").join(
        Markup("<bdi>{}</bdi>").format(names[int(piece)]) if position % 2 else Markup(piece)
        for position, piece in enumerate(pieces)
    )


def _date_html(date: PostDate | None, language: Language) -> Markup:
    if date is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(
        date.html(), language.format_date(date.day)
    )


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


def _summary(
    document: Document, facts: _PostFacts, edition: _Edition, translator: PostTranslator
) -> PostSummary:
    return PostSummary(
        path=f"{document.slug}/",
        title=_title(document, translator),
        description=translator.field("description"),
        date=facts.date,
        date_text=edition.language.format_date(facts.date.day) if facts.date else "",
        authors=facts.author_names,
    )
