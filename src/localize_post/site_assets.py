"""The files a site copies beside its pages: what lies beside the posts, and ``static/``.

Beside the posts: every file under ``source/`` that is not a post (a page bundle's images, a
download) is copied into each language's folder at the path it has under ``source/``. A bundle
``source/2024/launch/index.md`` is the page ``site/fr/2024/launch/index.html``, so its
``chart.png`` lands beside it and the page's relative URLs resolve as written. ``chart.fr.png``,
or ``fr/chart.png`` in the same folder, is the French version: French pages get it under the
English name, so their URLs are the English page's.

``static/`` is copied as it is to the site's root, as Hugo, Zola and Jekyll copy theirs
(``robots.txt``, ``favicon.ico`` must be there). On a French page, ``static/img/logo.fr.png``
or ``static/fr/img/logo.png`` stands for ``static/img/logo.png``.

A post's URL to one of these files is rewritten when the browser would not find the file as
the URL is written: a relative URL is read from the post's source file, as editors and GitHub
show it (``diagram.png`` in ``source/inside/x.md`` is ``source/inside/diagram.png``, and the
page ``site/en/inside/x/`` links ``../diagram.png``); a root-relative one (``/img/logo.png``)
from ``static/``, made relative so the site also works in a sub-folder or from disk.

Hidden files are not copied, nor a file that is a symbolic link out of the project: a site
must not publish what lies elsewhere on the machine that builds it.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from .config import Config
from .locales import Language
from .posts import SOURCE_SUFFIXES, outside_project

STATIC_DIR = "static"

# A language suffix before the extension: chart.fr.png, chart.pt-BR.png, chart.pt_BR.png
_LANGUAGE_SUFFIX = re.compile(
    r"(?P<stem>.+)\.(?P<language>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)(?P<extension>\.[^.]+)"
)
# An opening tag, and its attributes as HTML reads them. Post text never holds a raw "<": a
# translation's is escaped, and a code block's is too.
_TAG = re.compile(r"<([A-Za-z][^\s/>]*)(\s[^<>]*)?>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_URL_ATTRIBUTES = frozenset({"src", "href", "poster", "data", "xlink:href"})
_CANDIDATES = re.compile(r"(\s*)([^\s,]+)([^,]*)(,?)")  # srcset: "a.png 1x, b.png 2x"
# What a URL path keeps unencoded (RFC 3986's pchar and "/").
_PATH_SAFE = "/!$&'()*+,;=:@-._~"


@dataclass(frozen=True, slots=True)
class Assets:
    """What build copies: ``beside_posts[tag]`` maps a path under source/ to the file a
    language's folder gets there; ``static`` maps a path under static/ to its file, and
    ``static_versions[tag]`` a path under static/ to the path of that language's version."""

    root: Path
    beside_posts: Mapping[str, Mapping[str, Path]]
    static: Mapping[str, Path]
    static_versions: Mapping[str, Mapping[str, str]]
    warnings: tuple[str, ...]

    def files(self, taken: Iterable[str]) -> tuple[dict[str, Path], list[str]]:
        """The site's copies by their path in the site, with a warning for each file that
        would land where something else is (``taken``: the pages; then each language's files
        beside posts; then static/), and is not copied."""
        owner = dict.fromkeys(taken, "")
        copies: dict[str, Path] = {}
        warnings: list[str] = []

        def add(relative: str, file: Path, shown: str) -> None:
            if relative in owner:
                other = owner[relative]
                what = f"{other} is copied there" if other else "build writes a page there"
                warnings.append(f"{shown}: would be {relative}, but {what}: not copied")
                return
            owner[relative] = shown
            copies[relative] = file

        for tag, files in self.beside_posts.items():
            for path, file in files.items():
                add(f"{tag}/{path}", file, _relative(file, self.root))
        for path, file in self.static.items():
            add(path, file, f"{STATIC_DIR}/{path}")
        return copies, warnings

    def rewrite(self, body: str, source_folder: str, page_folder: str, tag: str) -> str:
        """A page's body with every URL to a copied file made to reach it from the page:
        ``source_folder`` is the post's folder under source/, ``page_folder`` the page's in the
        site (``fr/inside/x``), ``tag`` the page's language."""

        def target(url: str) -> str | None:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                return None
            path = unquote(parts.path)
            if path.startswith("/"):
                found = self._static_file(path.lstrip("/"), tag)
            else:
                beside = posixpath.normpath(posixpath.join(source_folder, path))
                found = f"{tag}/{beside}" if beside in self.beside_posts.get(tag, {}) else None
                as_written = posixpath.normpath(posixpath.join(page_folder, path))
                if found == as_written:
                    return None  # a page bundle: the file is where the URL says
            if found is None:
                return None
            relative = quote(posixpath.relpath(found, page_folder), safe=_PATH_SAFE)
            query = f"?{parts.query}" if parts.query else ""
            fragment = f"#{parts.fragment}" if parts.fragment else ""
            return relative + query + fragment

        return _TAG.sub(lambda tag_match: _rewrite_tag(tag_match, target), body)

    def _static_file(self, path: str, tag: str) -> str | None:
        version = self.static_versions.get(tag, {}).get(path)
        if version is not None:
            return version
        return path if path in self.static else None


def find_assets(config: Config, languages: Sequence[Language]) -> Assets:
    """Every file beside the posts and in static/, with each of ``languages``' versions."""
    names = _language_names([config.source, *languages])
    warnings: list[str] = []
    source = _walk(config.source_path, config.root, warnings, static=False)
    plain, versions = _by_language(source, names)
    beside_posts = {
        language.tag: dict(sorted({**plain, **versions.get(language.tag, {})}.items()))
        for language in languages
    }
    static = _walk(config.root / STATIC_DIR, config.root, warnings, static=True)
    _, static_versions = _by_language(static, names)  # static/ is copied whole
    return Assets(
        config.root,
        beside_posts,
        static,
        {
            tag: {
                english: _relative(file, config.root / STATIC_DIR)
                for english, file in found.items()
            }
            for tag, found in static_versions.items()
        },
        tuple(warnings),
    )


def _walk(folder: Path, root: Path, warnings: list[str], static: bool) -> dict[str, Path]:
    """The files under ``folder`` by their POSIX path in it, but hidden ones (editors' and
    systems' own: ``.DS_Store``, ``.git``, a ``.env``), and but posts unless it is static/,
    where ``.well-known/`` is kept (RFC 8615: ``security.txt`` must be served there). A link
    out of the project, or to a folder, is named in a warning."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        parts = (
            relative.parts[1:] if static and relative.parts[0] == ".well-known" else relative.parts
        )
        if any(part.startswith(".") for part in parts):
            continue
        if not static and path.suffix.lower() in SOURCE_SUFFIXES:
            continue
        shown = path.relative_to(root).as_posix()
        outside = outside_project(path, root)
        if outside is not None:
            warnings.append(
                f"{shown}: a symbolic link to {outside}, outside the project: not copied"
            )
            continue
        if path.is_symlink() and path.is_dir():
            warnings.append(f"{shown}: a symbolic link to a folder: its files are not copied")
            continue
        if path.is_file():
            found[relative.as_posix()] = path
        elif path.is_symlink():
            warnings.append(f"{shown}: a symbolic link to a missing file: not copied")
    return found


def _language_names(languages: Iterable[Language]) -> dict[str, str]:
    """How a file or folder name may say a language (``pt-BR``, ``pt_BR``, any case) -> tag."""
    names: dict[str, str] = {}
    for language in languages:
        for name in (language.tag, language.gettext_code):
            names[name.casefold()] = language.tag
    return names


def _by_language(
    files: Mapping[str, Path], names: Mapping[str, str]
) -> tuple[dict[str, Path], dict[str, dict[str, Path]]]:
    """Files as they are, and each language's versions by the path of the file they stand
    for: ``a/chart.fr.png`` and ``a/fr/chart.png`` are French for ``a/chart.png``."""
    plain: dict[str, Path] = {}
    versions: dict[str, dict[str, Path]] = {}
    for path, file in files.items():
        found = _version_of(PurePosixPath(path), names)
        if found is None:
            plain[path] = file
        else:
            tag, english = found
            versions.setdefault(tag, {})[english] = file
    return plain, versions


def _version_of(path: PurePosixPath, names: Mapping[str, str]) -> tuple[str, str] | None:
    """The language a file is a version for, and the path of the file it stands for."""
    folders = path.parts[:-1]
    for position, folder in enumerate(folders):
        tag = names.get(folder.casefold())
        if tag is not None:
            rest = (*folders[:position], *folders[position + 1 :], path.name)
            return tag, "/".join(rest)
    suffix = _LANGUAGE_SUFFIX.fullmatch(path.name)
    if suffix is not None:
        tag = names.get(suffix.group("language").casefold())
        if tag is not None:
            name = suffix.group("stem") + suffix.group("extension")
            return tag, str(path.with_name(name))
    return None


def _rewrite_tag(tag_match: re.Match[str], target: Callable[[str], str | None]) -> str:
    attributes = tag_match.group(2)
    if not attributes:
        return tag_match.group(0)

    def attribute(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        quoted, single, bare = match.group(3, 4, 5)
        raw = next((value for value in (quoted, single, bare) if value is not None), None)
        if name not in _URL_ATTRIBUTES | {"srcset"} or raw is None:
            return match.group(0)
        value = html.unescape(raw)
        changed = _srcset(value, target) if name == "srcset" else target(value.strip())
        if changed is None or changed == value:
            return match.group(0)
        return f'{match.group(1)}{match.group(2)}"{html.escape(changed)}"'

    start = tag_match.start(2) - tag_match.start(0)
    whole = tag_match.group(0)
    return whole[:start] + _ATTRIBUTE.sub(attribute, attributes) + whole[start + len(attributes) :]


def _srcset(value: str, target: Callable[[str], str | None]) -> str | None:
    """A srcset with each candidate's URL rewritten; None if none changes."""
    changed = False

    def candidate(match: re.Match[str]) -> str:
        nonlocal changed
        new = target(match.group(2))
        if new is None:
            return match.group(0)
        changed = True
        return match.group(1) + new + match.group(3) + match.group(4)

    rewritten = _CANDIDATES.sub(candidate, value)
    return rewritten if changed else None


def _relative(file: Path, folder: Path) -> str:
    return file.relative_to(folder).as_posix()
