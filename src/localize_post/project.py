"""A project on disk: its settings, its parsed posts, and the paths of its catalogs.

``extract`` and ``update`` read and compute everything first and write only when all input was
good, so bad input changes no file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib

from .catalogs import merge, post_template, read_catalog, timestamp, ui_template, write_catalog
from .config import Config, load_config
from .document import Document
from .errors import CatalogError, ConfigError, SourceError, read_utf8
from .locales import Language
from .memory import TranslationMemory, compendium, prefill
from .progress import Counter, ProgressCallback
from .render import extract_ui_messages
from .sources.html import parse_html
from .sources.markdown import parse_markdown

UI_DOMAIN = "ui"
SOURCE_SUFFIXES = (".md", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Project:
    config: Config
    documents: tuple[Document, ...]

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
        return read_catalog(path, self.relative(path))

    def read_if_present(self, path: Path) -> polib.POFile | None:
        return self.read(path) if path.is_file() else None


def load_project(root: Path, on_progress: ProgressCallback | None = None) -> Project:
    """Read the settings and parse every post under the source folder."""
    config = load_config(root)
    source = config.source_path
    if not source.is_dir():
        raise SourceError("no source folder: put the English posts in it", config.source_dir)
    documents: list[Document] = []
    origins: dict[str, str] = {}
    paths = sorted(path for path in source.rglob("*") if path.suffix in SOURCE_SUFFIXES)
    counter = Counter(len(paths), on_progress)
    for path in paths:
        shown = PurePosixPath(path.relative_to(root).as_posix())
        slug = post_slug(path.relative_to(source))
        if slug == UI_DOMAIN:
            raise SourceError(f"a post cannot be named {UI_DOMAIN!r}: the theme uses it", shown)
        if slug in origins:
            raise SourceError(f"{origins[slug]} already makes the post {slug!r}", shown)
        origins[slug] = str(shown)
        text = read_utf8(path, str(shown), SourceError)
        documents.append(parse_post(text, shown, slug, config, config.sentence_language))
        counter.step(str(shown))
    if not documents:
        raise SourceError("no posts (*.md, *.html) in the source folder", config.source_dir)
    return Project(config, tuple(documents))


def parse_post(
    text: str, shown: PurePosixPath, slug: str, config: Config, sentence_language: str | None
) -> Document:
    """A post's text as a Document, by its file's suffix: Markdown, else HTML."""
    if shown.suffix == ".md":
        return parse_markdown(text, shown, slug, config.fields, sentence_language)
    if shown.suffix in SOURCE_SUFFIXES:
        return parse_html(text, shown, slug, config.selector or None, sentence_language)
    raise SourceError("not a post: its name must end in .md, .html or .htm", shown)


def post_slug(relative: Path) -> str:
    """A post's name in URLs and catalog paths: its path under source/ without the suffix, and
    a Hugo page bundle (``2024/launch/index.md``) named by its folder."""
    parts = relative.with_suffix("").parts
    if len(parts) > 1 and parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)


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
        Written(project.relative(path), write_catalog(path, catalog))
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
        written.append(Written(shown, write_catalog(path, catalog, old)))
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
