"""Links from one post to another, in a language's file: to the translated post where it is
published in that language, to the English one otherwise.

A post links to another by URL (``/blog/2023/histograms/``, ``../histograms``) or by file
(``../histograms.md``). Its URL is the site's path for posts followed by its name: Hugo's and the
other generators' default, pretty URLs. That path (``/blog/``) is read from the links themselves:
the prefix most site-absolute links put before a post's name. A language's pages live under
``/<lang>/``, so a link to a published post gains that prefix; a relative link between two posts
both published stays as it is, and one to a post that is not becomes the English URL. Linking by
file names the translated file where the layout names files by language.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from ..document import Document, Hole, Markup
from .layouts import (
    Layout,
    english_path,
    file_links_follow_language,
    prefixes_urls,
    translated_path,
)

_HREF = re.compile(r'\shref="([^"]*)"')
_FILE_SUFFIXES = (".md", ".markdown")


def _hrefs(markup: Markup) -> Iterable[str]:
    for part in markup:
        if isinstance(part, Hole):
            for tag in part.tags.values():
                yield from _hrefs(tag.opening)
        else:
            yield from (html.unescape(match.group(1)) for match in _HREF.finditer(part))


def url_prefix(documents: Iterable[Document]) -> str:
    """The site path posts' URLs start with, as the posts' own links show it; ``/`` if none
    links to another."""
    documents = list(documents)
    slugs = {document.slug for document in documents}
    prefixes: Counter[str] = Counter()
    for document in documents:
        for href in _hrefs(document.skeleton):
            path = urlsplit(href).path
            if urlsplit(href).netloc or not path.startswith("/"):
                continue
            parts = path.strip("/").split("/")
            for start in range(len(parts)):
                if "/".join(parts[start:]) in slugs:
                    prefixes["/" + "".join(part + "/" for part in parts[:start])] += 1
                    break
    return prefixes.most_common(1)[0][0] if prefixes else "/"


@dataclass(frozen=True, slots=True)
class PostLinks:
    """How one post's file in one language links to the other posts."""

    layout: Layout
    language: str
    source_language: str
    current: PurePosixPath  # the post's file under source/
    current_slug: str
    posts: Mapping[str, PurePosixPath]  # every post's slug -> its file under source/
    published: frozenset[str]  # the slugs written in this language
    prefix: str  # the site path of posts (url_prefix)

    def rewrite(self, url: str) -> str | None:
        """The URL this language's file links with instead of ``url``, or None to keep it."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        if parts.path.endswith(_FILE_SUFFIXES):
            new_path = self._file(parts.path)
        else:
            new_path = self._url(parts.path)
        if new_path is None or new_path == parts.path:
            return None
        return urlunsplit(("", "", new_path, parts.query, parts.fragment))

    def _file(self, path: str) -> str | None:
        target = PurePosixPath(posixpath.normpath(str(self.current.parent / path)))
        slug = next((slug for slug, file in self.posts.items() if file == target), None)
        if slug is None or not file_links_follow_language(self.layout):
            return None
        here = translated_path(self.layout, self.current, self.language).parent
        if slug in self.published:
            there = translated_path(self.layout, target, self.language)
        else:
            there = english_path(self.layout, target, self.source_language)
        return posixpath.relpath(str(there), str(here) or ".")

    def _url(self, path: str) -> str | None:
        if not prefixes_urls(self.layout):
            return None
        here = self.prefix + self.current_slug + "/"
        absolute = path if path.startswith("/") else posixpath.normpath(posixpath.join(here, path))
        if path.endswith("/") and not absolute.endswith("/"):
            absolute += "/"
        name = absolute.removesuffix("index.html").strip("/")
        prefix = self.prefix.strip("/")
        slug = name[len(prefix) :].strip("/") if name.startswith(prefix) else ""
        if slug not in self.posts:
            return None
        if slug in self.published:
            return "/" + self.language + absolute if path.startswith("/") else None
        return absolute if not path.startswith("/") else None
