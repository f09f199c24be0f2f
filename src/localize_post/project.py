"""A project on disk: its settings, its parsed posts, and the paths of its catalogs.

``extract`` and ``update`` read and compute everything first and write only when all input was
good, so bad input changes no file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib

from .catalogs import merge, post_template, read_catalog, timestamp, ui_template, write_catalog
from .config import Config, load_config
from .document import Document, FrontMatterValueError
from .errors import CatalogError, ConfigError, SourceError, TemplateError, read_utf8
from .locales import Language
from .memory import TranslationMemory, compendium, prefill
from .posts import MARKDOWN_SUFFIXES, SOURCE_SUFFIXES, find_posts, outside_project
from .progress import Counter, ProgressCallback
from .render import extract_ui_messages
from .sources.frontmatter import split_front_matter
from .sources.html import parse_html
from .sources.markdown import parse_markdown

UI_DOMAIN = "ui"


@dataclass(frozen=True, slots=True)
class Project:
    config: Config
    documents: tuple[Document, ...]
    # What the user should know but that stopped nothing: files skipped, and why.
    warnings: tuple[str, ...] = ()

    def relative(self, path: Path) -> str:
        """How a path is shown to users: relative to the project root, POSIX separators."""
        try:
            return path.relative_to(self.config.root).as_posix()
        except ValueError:
            return path.as_posix()

    def pot_path(self, domain: str) -> Path:
        return self.config.locales_path / f"{domain}.pot"

    def po_path(self, language: Language, domain: str) -> Path:
        return self.config.locales_path / language.gettext_code / "LC_MESSAGES" / f"{domain}.po"

    @property
    def domains(self) -> tuple[str, ...]:
        return (*(document.slug for document in self.documents), UI_DOMAIN)

    def read(self, path: Path) -> polib.POFile:
        """A catalog of the project; one that is a link out of the project is refused, since
        the commands that read a catalog write it back."""
        outside = outside_project(path, self.config.root)
        if outside is not None:
            message = f"a symbolic link to {outside}, outside the project: not read"
            raise CatalogError(message, self.relative(path))
        return read_catalog(path, self.relative(path))

    def read_if_present(self, path: Path) -> polib.POFile | None:
        # Anything at the path is read, so a folder or a broken link there is named, not
        # taken for a missing catalog that update would then try to write over.
        return self.read(path) if os.path.lexists(path) else None


def load_project(root: Path, on_progress: ProgressCallback | None = None) -> Project:
    """Read the settings and parse every post under the source folder."""
    config = load_config(root)
    if not config.source_path.is_dir():
        raise SourceError("no source folder: put the English posts in it", config.source_dir)
    for folder, name in (
        (config.locales_path, config.locales_dir),
        (config.templates_path, config.templates_dir),
    ):
        if folder.exists() and not folder.is_dir():
            raise ConfigError("is not a folder", name)
    config.language_folders()
    check_templates(config)
    discovery = find_posts(config, reserved_slugs=(UI_DOMAIN,))
    if not discovery.posts:
        raise SourceError("no posts (*.md, *.html) in the source folder", config.source_dir)
    documents: list[Document] = []
    counter = Counter(len(discovery.posts), on_progress)
    for post in discovery.posts:
        text = read_utf8(post.path, str(post.shown), SourceError)
        document = parse_post(text, post.shown, post.slug, config, config.sentence_language)
        _check_date_and_authors(document, text)
        documents.append(document)
        counter.step(str(post.shown))
    return Project(config, tuple(documents), discovery.warnings)


def _check_date_and_authors(document: Document, text: str) -> None:
    """Every command refuses a post whose date or author cannot be read, not only build."""
    try:
        document.date, document.authors  # noqa: B018 - reading them is the check
    except FrontMatterValueError as error:
        line = None
        if error.key is not None and document.path.suffix in MARKDOWN_SUFFIXES:
            line = split_front_matter(text, document.path).field_lines.get(error.key)
        raise SourceError(str(error), document.path, line) from None


def check_templates(config: Config) -> None:
    """Refuse a template override that is a link out of the project: it would be published."""
    folder = config.templates_path
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        outside = outside_project(path, config.root)
        if outside is not None:
            shown = path.relative_to(config.root).as_posix()
            raise TemplateError(
                f"a symbolic link to {outside}, outside the project: not read", shown
            )


def parse_post(
    text: str, shown: PurePosixPath, slug: str, config: Config, sentence_language: str | None
) -> Document:
    """A post's text as a Document, by its file's suffix: Markdown, else HTML."""
    if shown.suffix in MARKDOWN_SUFFIXES:
        return parse_markdown(text, shown, slug, config.fields, sentence_language)
    if shown.suffix in SOURCE_SUFFIXES:
        return parse_html(text, shown, slug, config.selector or None, sentence_language)
    raise SourceError("not a post: its name must end in .md, .markdown, .html or .htm", shown)


def templates(project: Project) -> dict[str, polib.POFile]:
    """Every domain's .pot, computed from the sources and the page templates."""
    config = project.config
    created = timestamp()
    catalogs = {
        document.slug: post_template(
            [document], config.project_name, config.bugs_address, created, document.slug
        )
        for document in project.documents
    }
    catalogs[UI_DOMAIN] = ui_template(
        extract_ui_messages(config.templates_path),
        config.project_name,
        config.bugs_address,
        created,
    )
    return catalogs


@dataclass(frozen=True, slots=True)
class Written:
    """One catalog an operation produced, and whether its file changed."""

    path: str
    changed: bool


def extract(project: Project) -> list[Written]:
    """Write ``locales/<domain>.pot`` for every post and the theme."""
    return [
        Written(project.relative(path), write_catalog(path, catalog, shown=project.relative(path)))
        for path, catalog in (
            (project.pot_path(domain), catalog) for domain, catalog in templates(project).items()
        )
    ]


def update(
    project: Project,
    languages: Sequence[Language],
    fuzzy_matching: bool = True,
    on_progress: ProgressCallback | None = None,
) -> list[Written]:
    """Merge every .pot into each language's .po, creating missing ones."""
    if not languages:
        raise ConfigError("no languages: name some with -l, or list them in the configuration")
    pots = {}
    for domain in project.domains:
        path = project.pot_path(domain)
        if not path.is_file():
            message = "missing template: run `localize-post extract` first"
            raise CatalogError(message, project.relative(path))
        pots[domain] = project.read(path)
    created = timestamp()
    planned: list[tuple[Path, polib.POFile, polib.POFile | None]] = []
    # Each catalog counts twice: merged, then written (formatting takes as long as merging).
    counter = Counter(2 * len(languages) * len(pots), on_progress)
    for language in languages:
        paths = {domain: project.po_path(language, domain) for domain in pots}
        olds = {domain: project.read_if_present(path) for domain, path in paths.items()}
        memory = _memory(project, language, paths, olds)
        for domain, pot in pots.items():
            catalog = merge(pot, olds[domain], language, created, fuzzy_matching)
            exact_is_translated = project.config.memory_exact_is_translated
            shown = project.relative(paths[domain])
            prefill(catalog, memory, shown, exact_is_translated, fuzzy_matching)
            planned.append((paths[domain], catalog, olds[domain]))
            counter.step(shown)
    written = []
    for path, catalog, old in planned:
        shown = project.relative(path)
        written.append(Written(shown, write_catalog(path, catalog, old, shown=shown)))
        counter.step(shown)
    return written


def _memory(
    project: Project,
    language: Language,
    paths: dict[str, Path],
    catalogs: dict[str, polib.POFile | None],
) -> TranslationMemory:
    """What a language's catalogs already translate, then its compendium: earlier ones win."""
    sources = [
        (project.relative(paths[domain]), catalog)
        for domain, catalog in catalogs.items()
        if catalog is not None
    ]
    extra = compendium(project.config, language)
    return TranslationMemory.from_catalogs([*sources, *([extra] if extra else [])])
