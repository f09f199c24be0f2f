"""Where each generator looks for a language's file, and what it needs to be told about languages.

Paths are relative to ``--out``: the site's root for ``hugo`` (``content/<lang>/``) and
``docusaurus`` (``i18n/<lang>/docusaurus-plugin-content-blog/``), the folder that mirrors the
project's ``source/`` for the layouts that name a file by its language (``x.<lang>.md``) and for
``jekyll-polyglot`` (the site's ``_posts/``: ``<lang>/x.md`` with ``lang:`` in its front matter).
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

from ..locales import Language
from .escaping import Flavor


class Layout(enum.StrEnum):
    HUGO = "hugo"
    HUGO_FILENAME = "hugo-filename"
    JEKYLL_POLYGLOT = "jekyll-polyglot"
    MKDOCS_STATIC_I18N = "mkdocs-static-i18n"
    DOCUSAURUS = "docusaurus"
    ZOLA = "zola"


_SUFFIXED = frozenset({Layout.HUGO_FILENAME, Layout.MKDOCS_STATIC_I18N, Layout.ZOLA})


def translated_path(layout: Layout, relative: PurePosixPath, language: str) -> PurePosixPath:
    """Where a post's file in ``language`` goes, for a post at ``relative`` under source/."""
    if layout is Layout.HUGO:
        return PurePosixPath("content", language) / relative
    if layout is Layout.DOCUSAURUS:
        return PurePosixPath("i18n", language, "docusaurus-plugin-content-blog") / relative
    if layout is Layout.JEKYLL_POLYGLOT:
        return PurePosixPath(language) / relative
    return relative.with_name(f"{relative.stem}.{language}{relative.suffix}")


def english_path(layout: Layout, relative: PurePosixPath, source_language: str) -> PurePosixPath:
    """Where the site itself keeps the English file, relative to ``--out``."""
    if layout is Layout.HUGO:
        return PurePosixPath("content", source_language) / relative
    if layout is Layout.DOCUSAURUS:
        return PurePosixPath("blog") / relative
    return relative


def flavor(layout: Layout) -> Flavor:
    """What besides CommonMark reads the written text (see escaping)."""
    if layout is Layout.DOCUSAURUS:
        return Flavor.MDX
    if layout is Layout.JEKYLL_POLYGLOT:
        return Flavor.LIQUID
    return Flavor.HUGO


def prefixes_urls(layout: Layout) -> bool:
    """Whether a language's pages live under ``/<lang>/``, so that a link to another post must
    say so; jekyll-polyglot rewrites the site's links itself."""
    return layout is not Layout.JEKYLL_POLYGLOT


def file_links_follow_language(layout: Layout) -> bool:
    """Whether a link to another post's ``.md`` file must name the translated file: MkDocs'
    plugin finds it by itself."""
    return layout in (Layout.HUGO_FILENAME, Layout.ZOLA)


def added_fields(layout: Layout, relative: PurePosixPath, language: str) -> dict[str, str]:
    """Front-matter keys a translated file carries for its generator.

    Hugo's ``translationKey`` is the key Hugo gives the English page by its path (its folder
    and base name, under the content folder), so the two stay translations of each other if
    either file moves; jekyll-polyglot needs ``lang``.
    """
    if layout in (Layout.HUGO, Layout.HUGO_FILENAME):
        return {"translationKey": relative.with_suffix("").as_posix()}
    if layout is Layout.JEKYLL_POLYGLOT:
        return {"lang": language}
    return {}


def site_configuration(layout: Layout, source: Language, languages: Sequence[Language]) -> str:
    """The languages part of the generator's own configuration, to paste into it."""
    everyone = [source, *languages]
    if layout in (Layout.HUGO, Layout.HUGO_FILENAME):
        return _hugo(layout, source, everyone)
    if layout is Layout.MKDOCS_STATIC_I18N:
        return _mkdocs(source, everyone)
    if layout is Layout.JEKYLL_POLYGLOT:
        tags = ", ".join(json.dumps(language.tag) for language in everyone)
        return f"# _config.yml\nlanguages: [{tags}]\ndefault_lang: {json.dumps(source.tag)}\n"
    if layout is Layout.DOCUSAURUS:
        return _docusaurus(source, everyone)
    return _zola(source, languages)


def _hugo(layout: Layout, source: Language, everyone: Sequence[Language]) -> str:
    lines = ["# hugo.toml", f"defaultContentLanguage = {json.dumps(source.tag)}"]
    for weight, language in enumerate(everyone, start=1):
        lines += [
            "",
            f"[languages.{_toml_key(language.tag)}]",
            f"languageName = {json.dumps(language.native_name, ensure_ascii=False)}",
            f"weight = {weight}",
        ]
        if language.direction == "rtl":
            lines.append('languageDirection = "rtl"')
        if layout is Layout.HUGO:
            lines.append(f"contentDir = {json.dumps(f'content/{language.tag}')}")
    return "\n".join(lines) + "\n"


def _mkdocs(source: Language, everyone: Sequence[Language]) -> str:
    lines = [
        "# mkdocs.yml",
        "plugins:",
        "  - i18n:",
        "      docs_structure: suffix",
        "      languages:",
    ]
    for language in everyone:
        lines.append(f"        - locale: {json.dumps(language.tag)}")
        if language == source:
            lines.append("          default: true")
        lines += [
            f"          name: {json.dumps(language.native_name, ensure_ascii=False)}",
            "          build: true",
        ]
    return "\n".join(lines) + "\n"


def _docusaurus(source: Language, everyone: Sequence[Language]) -> str:
    locales = ", ".join(json.dumps(language.tag) for language in everyone)
    configs = ", ".join(
        f"{json.dumps(language.tag)}: {{label: {_quoted(language.native_name)},"
        f" direction: {json.dumps(language.direction)}}}"
        for language in everyone
    )
    return (
        "// docusaurus.config.js\n"
        f"i18n: {{defaultLocale: {json.dumps(source.tag)}, locales: [{locales}],"
        f" localeConfigs: {{{configs}}}}},\n"
    )


def _toml_key(tag: str) -> str:
    return tag if re.fullmatch(r"[A-Za-z0-9_-]+", tag) else json.dumps(tag)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _zola(source: Language, languages: Sequence[Language]) -> str:
    lines = ["# config.toml", f"default_language = {json.dumps(source.tag)}"]
    for language in languages:
        lines += ["", f"[languages.{_toml_key(language.tag)}]"]
    return "\n".join(lines) + "\n"
