"""Which files under the source folder are posts, and the names they get.

A post's name (its slug) becomes a folder of the built site and a catalog's file name, so a
name that could climb out of its folder, land on a page build writes itself, or differ from
another only in case (one file on macOS and Windows) is refused. A file that is a symbolic link
out of the project is never read: a repository must not publish what lies elsewhere on the
machine that builds it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .config import Config
from .errors import SourceError

MARKDOWN_SUFFIXES = (".md", ".markdown")
SOURCE_SUFFIXES = (*MARKDOWN_SUFFIXES, ".html", ".htm")
# Text that looks like a post but that no parser of ours reads: named, so it is not lost in
# silence. Other files (images, downloads) are a post's assets.
_UNREAD_DOCUMENTS = frozenset({".mdx", ".txt", ".rst", ".adoc", ".asciidoc", ".org", ".textile"})
# Hugo's section pages list a folder's posts; they are not posts themselves.
_LIST_PAGES = frozenset({"_index"})
# What build writes in a language's folder beside the posts' folders.
_RESERVED_NAMES = frozenset({"index.html", "feed.xml", "sitemap.xml", "style.css", "LC_MESSAGES"})
# Characters that would end or escape a URL path, or that no file system shows faithfully.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x1f\x7f?#%\\]")


@dataclass(frozen=True, slots=True)
class FoundPost:
    path: Path
    shown: PurePosixPath  # relative to the project root, as users see it
    slug: str


@dataclass(frozen=True, slots=True)
class Discovery:
    posts: tuple[FoundPost, ...]
    warnings: tuple[str, ...]


def find_posts(config: Config, reserved_slugs: Iterable[str]) -> Discovery:
    """Every post under the source folder, in path order, with warnings for files skipped.

    Hidden files and folders (a leading dot: editors' locks and swap files, ``.git``) are not
    posts. ``reserved_slugs`` are names other things of the project use (the theme's catalog).
    """
    root = config.root
    source = config.source_path
    reserved = frozenset(reserved_slugs)
    language_folders = _language_folders(config)
    posts: list[FoundPost] = []
    warnings: list[str] = []
    by_folded_slug: dict[str, PurePosixPath] = {}
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        hidden = any(part.startswith(".") for part in relative.parts)
        if path.suffix.lower() in _UNREAD_DOCUMENTS and not hidden:
            shown = PurePosixPath(path.relative_to(root).as_posix())
            warnings.append(
                f"{shown}: not a post (posts are .md, .markdown, .html or .htm files): skipped"
            )
            continue
        if path.suffix not in SOURCE_SUFFIXES or relative.with_suffix("").name in _LIST_PAGES:
            continue
        shown = PurePosixPath(path.relative_to(root).as_posix())
        if relative.with_suffix("").name.strip(".") == "":
            raise SourceError("a post's name cannot be only dots: it would name its folder", shown)
        if hidden:
            continue
        outside = outside_project(path, root)
        if outside is not None:
            message = f"a symbolic link to {outside}, outside the project"
            if config.outside_links == "skip":
                warnings.append(f"{shown}: {message}: skipped")
                continue
            raise SourceError(
                f'{message}: not read (set outside_links = "skip" to skip such files)', shown
            )
        if not path.is_file():
            if path.is_symlink():
                warnings.append(f"{shown}: a symbolic link to a missing file: skipped")
            continue
        slug = post_slug(relative)
        _check_slug(slug, shown, reserved, language_folders)
        folded = slug.casefold()
        if folded in by_folded_slug:
            first = by_folded_slug[folded]
            if post_slug(Path(first).relative_to(config.source_dir)) == slug:
                raise SourceError(f"{first} already makes the post {slug!r}", shown)
            raise SourceError(
                f"differs from {first} only in case: on macOS and Windows they are one page", shown
            )
        by_folded_slug[folded] = shown
        posts.append(FoundPost(path, shown, slug))
    return Discovery(tuple(posts), tuple(warnings))


def post_slug(relative: Path) -> str:
    """A post's name in URLs and catalog paths: its path under source/ without the suffix, and
    a Hugo page bundle (``2024/launch/index.md``) named by its folder."""
    parts = relative.with_suffix("").parts
    if len(parts) > 1 and parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)


def outside_project(path: Path, root: Path) -> Path | None:
    """Where a path really leads, if that is outside the project folder; else None."""
    real = Path(os.path.realpath(path))  # unlike Path.resolve, never raises on a link loop
    return None if real.is_relative_to(os.path.realpath(root)) else real


def _check_slug(
    slug: str, shown: PurePosixPath, reserved: frozenset[str], language_folders: frozenset[str]
) -> None:
    if slug in reserved:
        raise SourceError(f"a post cannot be named {slug!r}: the theme's catalog uses it", shown)
    parts = slug.split("/")
    for part in parts:
        if part in _RESERVED_NAMES:
            raise SourceError(
                f"a post's name cannot hold {part!r}: build writes a file so named", shown
            )
        if _UNSAFE_CHARACTERS.search(part):
            raise SourceError(
                "a post's name cannot hold control characters or ? # % \\: it is a URL", shown
            )
    if parts[0].casefold() in language_folders:
        raise SourceError(
            f"a post's folder cannot be named like the language {parts[0]!r}: its templates "
            "would sit among that language's catalogs",
            shown,
        )


def _language_folders(config: Config) -> frozenset[str]:
    """The names of the language folders under locales/, configured or present."""
    names = {code.replace("-", "_").casefold() for code in config.languages}
    names |= {code.replace("_", "-").casefold() for code in config.languages}
    if config.locales_path.is_dir():
        names |= {
            entry.name.casefold()
            for entry in config.locales_path.iterdir()
            if (entry / "LC_MESSAGES").is_dir()
        }
    return frozenset(names)
