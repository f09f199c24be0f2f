"""Quality checks on a project's catalogs: one function per check, each returning Problems.

``check`` is what CI runs: broken or stale catalogs and translations that would not render are
errors (exit status 1); what merely needs a translator's attention is a warning (qa.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import PurePosixPath

import polib

from .catalogs import FUZZY, same_content
from .document import (
    InlineMarkupError,
    InlineTag,
    Location,
    check_inline_markup,
    publishing_problem,
    tags_of,
)
from .errors import CatalogError, read_utf8
from .locales import Language
from .problems import Problem, Severity
from .project import UI_DOMAIN, Project, templates
from .qa import (
    check_emails,
    check_glossary,
    check_hashtags,
    check_numbers,
    check_punctuation,
    check_unchanged,
    check_urls,
    check_whitespace,
    source_and_translations,
    translated_entries,
)
from .render import PluralFormsError, forms_for_one_number, parse_plural_forms, placeholder_problem


def check_project(project: Project) -> list[Problem]:
    """Every check over every catalog of the project, in a stable order."""
    problems: list[Problem] = []
    expected = templates(project)
    problems.extend(check_templates_current(project, expected))
    tag_maps = _tag_maps(project)
    glossary = project.config.glossary
    for language in project.config.target_languages():
        for domain in project.domains:
            path = project.po_path(language, domain)
            shown = PurePosixPath(project.relative(path))
            if not os.path.lexists(path):
                problems.append(
                    Problem(
                        "stale",
                        Severity.ERROR,
                        Location(shown, 1),
                        "catalog is missing: run `localize-post update`",
                    )
                )
                continue
            try:
                catalog = project.read(path)
            except CatalogError as error:
                problems.append(
                    Problem(
                        "syntax", Severity.ERROR, Location(shown, error.line or 1), error.message
                    )
                )
                continue
            problems.extend(check_header(catalog, language, shown))
            text = read_utf8(path, str(shown), CatalogError)
            plural_forms_line = header_field_line(text, "Plural-Forms")
            problems.extend(check_plural_forms(catalog, shown, plural_forms_line))
            problems.extend(check_current(catalog, expected[domain], shown))
            if domain == UI_DOMAIN:
                problems.extend(check_placeholders(catalog, shown))
            else:
                problems.extend(check_tags(catalog, tag_maps.get(domain, {}), shown))
            problems.extend(check_publishable(catalog, shown))
            problems.extend(check_numbers(catalog, shown))
            problems.extend(check_hashtags(catalog, shown))
            problems.extend(check_urls(catalog, shown))
            problems.extend(check_emails(catalog, shown))
            problems.extend(check_glossary(catalog, glossary, shown))
            problems.extend(check_unchanged(catalog, glossary, language, shown))
            problems.extend(check_punctuation(catalog, project.config.source, language, shown))
            problems.extend(check_whitespace(catalog, shown))
    return problems


def check_templates_current(
    project: Project, expected: Mapping[str, polib.POFile]
) -> list[Problem]:
    """The .pot files must be what `extract` would write from today's sources."""
    problems = []
    for domain, catalog in expected.items():
        path = project.pot_path(domain)
        shown = PurePosixPath(project.relative(path))
        if not path.is_file():
            problems.append(
                Problem(
                    "stale",
                    Severity.ERROR,
                    Location(shown, 1),
                    "template is missing: run `localize-post extract`",
                )
            )
            continue
        if not same_content(path.read_text(encoding="utf-8"), catalog):
            problems.append(
                Problem(
                    "stale",
                    Severity.ERROR,
                    Location(shown, 1),
                    "template is out of date with the source: run `localize-post extract`",
                )
            )
    return problems


def check_header(catalog: polib.POFile, language: Language, shown: PurePosixPath) -> list[Problem]:
    problems = []
    where = Location(shown, 1)
    declared = catalog.metadata.get("Language", "")
    if declared.replace("-", "_") != language.gettext_code:
        problems.append(
            Problem(
                "header",
                Severity.ERROR,
                where,
                f"Language is {declared!r}, expected {language.gettext_code!r}",
            )
        )
    content_type = catalog.metadata.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        problems.append(
            Problem("header", Severity.ERROR, where, "Content-Type must declare charset=UTF-8")
        )
    plural_forms = catalog.metadata.get("Plural-Forms", "")
    expected_count = f"nplurals={language.plural_count};"
    if expected_count not in plural_forms.replace(" ", ""):
        problems.append(
            Problem(
                "header",
                Severity.ERROR,
                where,
                f"Plural-Forms is {plural_forms!r}, expected {language.plural_forms!r}",
            )
        )
    return problems


def check_current(
    catalog: polib.POFile, template: polib.POFile, shown: PurePosixPath
) -> list[Problem]:
    """Every template entry must be in the catalog and no active entry may be gone from it."""
    wanted = {(entry.msgctxt or None, entry.msgid) for entry in template}
    have = {(entry.msgctxt or None, entry.msgid) for entry in catalog if not entry.obsolete}
    problems = []
    if wanted - have:
        problems.append(
            Problem(
                "stale",
                Severity.ERROR,
                Location(shown, 1),
                f"{len(wanted - have)} source text(s) missing from the catalog:"
                " run `localize-post update`",
            )
        )
    for entry in catalog:
        if not entry.obsolete and (entry.msgctxt or None, entry.msgid) not in wanted:
            problems.append(
                Problem(
                    "stale",
                    Severity.ERROR,
                    Location(shown, entry.linenum),
                    "entry is no longer in the source: run `localize-post update`",
                )
            )
    return problems


def check_tags(
    catalog: polib.POFile, tag_maps: Mapping[str, Mapping[str, InlineTag]], shown: PurePosixPath
) -> list[Problem]:
    """Every translation keeps its source's inline tags, nested the same way."""
    problems = []
    for entry in translated_entries(catalog):
        tags = tag_maps.get(entry.msgid) or tags_of(entry.msgid)
        try:
            check_inline_markup(entry.msgid, entry.msgstr, tags)
        except InlineMarkupError as error:
            severity = Severity.WARNING if FUZZY in entry.flags else Severity.ERROR
            problems.append(Problem("tags", severity, Location(shown, entry.linenum), str(error)))
    return problems


def header_field_line(text: str, name: str) -> int:
    """The line of a catalog's text where its header says ``name``; 1 if the header does not."""
    entries = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("msgid "):
            entries += 1
            if entries > 1:  # past the header, the first entry
                break
        elif stripped.startswith(f'"{name}:'):
            return number
    return 1


def check_plural_forms(catalog: polib.POFile, shown: PurePosixPath, line: int) -> list[Problem]:
    """The Plural-Forms expression is C and chooses one of ``nplurals`` forms for every number
    msgfmt tries: pages show a broken rule's plural entries in English."""
    try:
        parse_plural_forms(str(catalog.metadata.get("Plural-Forms", "")))
    except PluralFormsError as error:
        return [Problem("header", Severity.ERROR, Location(shown, line), str(error))]
    return []


def check_placeholders(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    """Theme strings use their source's ``%(name)s`` placeholders as the source does (see
    render.placeholder_problem), or the page shows the English; a plural form only one number
    takes may leave the number out."""
    try:
        rule = parse_plural_forms(str(catalog.metadata.get("Plural-Forms", "")))
    except PluralFormsError:  # check_plural_forms reports it; no form may drop the number
        one_number_forms: frozenset[int] = frozenset()
    else:
        one_number_forms = forms_for_one_number(rule)
    problems = []
    for entry in translated_entries(catalog):
        if entry.msgid_plural:
            forms = [
                (entry.msgid_plural, text, int(form) in one_number_forms)
                for form, text in entry.msgstr_plural.items()
                if text
            ]
        else:
            forms = [(entry.msgid, entry.msgstr, False)]
        for source, translation, one_number in forms:
            problem = placeholder_problem(translation, source, one_number)
            if problem:
                problems.append(
                    Problem("placeholders", Severity.ERROR, Location(shown, entry.linenum), problem)
                )
    return problems


def check_publishable(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    """No translation is too long for its source or holds a character no page or feed may
    carry (see document.publishing_problem): the page would show the English instead. A
    fuzzy entry, a draft no page shows yet, gets a warning."""
    problems = []
    for entry in translated_entries(catalog):
        severity = Severity.WARNING if FUZZY in entry.flags else Severity.ERROR
        for source, translation in source_and_translations(entry):
            problem = publishing_problem(source, translation)
            if problem:
                problems.append(
                    Problem("unpublishable", severity, Location(shown, entry.linenum), problem)
                )
    return problems


def _tag_maps(project: Project) -> dict[str, dict[str, Mapping[str, InlineTag]]]:
    maps: dict[str, dict[str, Mapping[str, InlineTag]]] = {}
    for document in project.documents:
        by_msgid: dict[str, Mapping[str, InlineTag]] = {}
        for index, tags in document.segment_tags().items():
            by_msgid.setdefault(document.segments[index].text, tags)
        maps[document.slug] = by_msgid
    return maps
