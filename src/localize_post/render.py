"""Rendering: a Document and its catalog into HTML; the templates and their own translations.

Translations are untrusted: post text is parsed against the source's tag map and escaped (see
document.render_inline); template strings are escaped before Jinja marks them safe, and must
keep their source's ``%(name)s`` placeholders. A translation that fails either check is not
shown: the English text is, marked ``lang="en"``.
"""

from __future__ import annotations

import io
import re
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from gettext import c2py
from pathlib import Path

import polib
from babel.messages.extract import extract
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import (
    TemplateError as JinjaTemplateError,
)
from markupsafe import escape

from .catalogs import UiMessage, is_translated
from .document import (
    TAG_PATTERN,
    Document,
    Hole,
    InlineMarkupError,
    check_inline_markup,
    collapse_whitespace,
    render_inline,
    render_markup,
    unescape_text,
)
from .errors import TemplateError, read_utf8

# The whitespace options Babel's extractor must share with the Environment, so line numbers and
# msgids it extracts are the ones rendering looks up.
_EXTRACTION_OPTIONS = {
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",
    # Babel skips a template it cannot parse unless told otherwise; build would then fail on
    # a template whose strings extract had silently left out.
    "silent": "false",
}
TEMPLATE_NAMES = ("base.html", "post.html", "index.html", "languages.html")


class _OverrideLoader(FileSystemLoader):
    """The project's templates; one that is not UTF-8 is named with its line, like any input."""

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            folder = Path(self.searchpath[0])
            read_utf8(folder / template, f"{folder.name}/{template}", TemplateError)
            raise


def _loader(templates_dir: Path) -> ChoiceLoader:
    return ChoiceLoader(
        [_OverrideLoader(templates_dir), PackageLoader("localize_post", "templates")]
    )


def create_environment(templates_dir: Path, ui: UiTranslations) -> Environment:
    """A Jinja environment for one language: autoescaping, strict variables, the theme's
    translations installed."""
    environment = Environment(
        loader=_loader(templates_dir),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        ui.gettext, ui.ngettext, newstyle=True, pgettext=ui.pgettext, npgettext=ui.npgettext
    )
    return environment


def render_template(
    environment: Environment, name: str, context: Mapping[str, object], templates: TemplateFolder
) -> str:
    try:
        return environment.get_template(name).render(context)
    except TemplateSyntaxError as error:
        raise TemplateError(
            error.message or "syntax error",
            templates.shown(error.filename, error.name or name),
            error.lineno,
        ) from None
    except TemplateNotFound as error:  # its message is the bare name, which may hold anything
        filename, line = _failing_template_line(error)
        message = f"no template named {error.name!r}"
        raise TemplateError(message, templates.shown(filename, name), line) from None
    except JinjaTemplateError as error:
        filename, line = _failing_template_line(error)
        raise TemplateError(str(error), templates.shown(filename, name), line) from None


def _failing_template_line(error: Exception) -> tuple[str | None, int | None]:
    """Where in a template a rendering error happened: Jinja rewrites tracebacks so that the
    frames of template code carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".css")):
            return frame.filename, frame.lineno
    return None, None


@dataclass(frozen=True, slots=True)
class TemplateFolder:
    """The project's template overrides: where they are, and how to name them to users."""

    path: Path
    relative: str

    def shown(self, filename: str | None, name: str) -> str:
        """How to name a template file to users; ``name`` is the page being rendered, for
        errors that do not say which file they are in."""
        if filename and Path(filename).is_absolute():
            path = Path(filename)
        else:  # Jinja's lexer errors carry the template's name, or nothing, instead of a file
            path = self.path / (filename or name)
        if path.is_relative_to(self.path) and path.is_file():
            return f"{self.relative}/{path.relative_to(self.path).as_posix()}"
        return f"localize_post/templates/{path.name}"


def template_source(templates_dir: Path, name: str) -> tuple[str, str]:
    """The text of a template and the path to cite for it: the project's override if any."""
    override = templates_dir / name
    if override.is_file():
        shown = f"{templates_dir.name}/{name}"
        return read_utf8(override, shown, TemplateError), shown
    loader = PackageLoader("localize_post", "templates")
    text, _, _ = loader.get_source(Environment(), name)
    return text, f"localize_post/templates/{name}"


def extract_ui_messages(templates_dir: Path) -> list[UiMessage]:
    """The templates' translatable strings, through Babel's jinja2 extractor."""
    messages: list[UiMessage] = []
    for name in TEMPLATE_NAMES:
        text, shown = template_source(templates_dir, name)
        try:
            found = list(
                extract(
                    "jinja2.ext:babel_extract",
                    io.BytesIO(text.encode("utf-8")),
                    comment_tags=("Translators:",),
                    options=_EXTRACTION_OPTIONS,
                )
            )
        except TemplateSyntaxError as error:
            raise TemplateError(error.message or "syntax error", shown, error.lineno) from None
        for line, message, comments, _context in found:
            singular, plural = (message, None) if isinstance(message, str) else message[:2]
            messages.append(
                UiMessage(
                    msgid=singular,
                    plural=plural,
                    reference=f"{shown}:{line}",
                    comments=tuple(comments) or ("template text",),
                    python_format="%(" in singular or "%%" in singular,
                )
            )
    return messages


# --- the theme's strings ---------------------------------------------------------------------


class _RecordingMapping(dict[str, str]):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def __missing__(self, key: str) -> str:
        self.names.add(key)
        return ""


def format_names(text: str) -> frozenset[str] | None:
    """The ``%(name)s`` placeholders of a python-format string, or None if it cannot format."""
    recorder = _RecordingMapping()
    try:
        text % recorder
    except (KeyError, ValueError, TypeError):
        return None
    return frozenset(recorder.names)


def keeps_placeholders(translation: str, source: str, one_number: bool) -> bool:
    """Whether a template string's translation has its source's ``%(name)s`` placeholders.

    A plural form that only one number takes may leave the number out, as GNU ``msgfmt -c``
    allows: Arabic writes two minutes "دقيقتان", not "2 دقيقتان". A dropped placeholder formats
    to nothing, so this can never put anything unexpected in a page.
    """
    names, wanted = format_names(translation), format_names(source)
    if names is None or wanted is None:
        return False
    return names == wanted or (one_number and names < wanted)


def english_plural(count: int) -> int:
    """English's rule, the source's: form 0 for one, form 1 for every other number."""
    return int(count != 1)


def plural_rule(plural_forms: str) -> Callable[[int], int]:
    """The form a ``Plural-Forms`` header gives each number; English's (one, other) when the
    header has none or a broken one, which check reports."""
    expression = plural_forms.partition("plural=")[2].rstrip("; ")
    try:
        choose = c2py(expression) if expression else None
    except (ValueError, SyntaxError):
        choose = None
    if choose is None:
        return english_plural
    return lambda count: int(choose(count))


def forms_for_one_number(rule: Callable[[int], int]) -> frozenset[int]:
    """The plural forms that a rule gives to exactly one number (Arabic's n == 0, n == 1 and
    n == 2), found as msgfmt does, by trying the numbers up to 1000."""
    counts = Counter(rule(number) for number in range(1001))
    return frozenset(form for form, count in counts.items() if count == 1)


@dataclass(slots=True)
class UiTranslations:
    """gettext callables over a ui catalog, trusting no msgstr: each is escaped, and used only
    if it keeps its msgid's placeholders."""

    catalog: polib.POFile | None
    fallbacks: list[str] = field(default_factory=list)
    _index: dict[tuple[str | None, str], polib.POEntry] = field(default_factory=dict)
    _rule: Callable[[int], int] = english_plural
    _one_number_forms: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if self.catalog is not None:
            self._rule = plural_rule(str(self.catalog.metadata.get("Plural-Forms", "")))
            self._one_number_forms = forms_for_one_number(self._rule)
            self._index = {
                (entry.msgctxt or None, entry.msgid): entry
                for entry in self.catalog
                if is_translated(entry)
            }

    def _lookup(self, context: str | None, msgid: str, form: int | None) -> str | None:
        entry = self._index.get((context, msgid))
        if entry is None:
            return None
        if form is None:
            text, source, one_number = entry.msgstr, msgid, False
        else:
            text = entry.msgstr_plural.get(form, "")
            source = entry.msgid_plural or msgid
            one_number = form in self._one_number_forms
        if not text or not keeps_placeholders(text, source, one_number):
            return None
        return str(text)

    def _choose(self, context: str | None, msgid: str, plural: str | None, count: int) -> str:
        form = None if plural is None or self.catalog is None else self._rule(count)
        translated = self._lookup(context, msgid, form)
        if translated is None:
            if self.catalog is not None:
                self.fallbacks.append(msgid)
            translated = msgid if plural is None or english_plural(count) == 0 else plural
        return str(escape(translated))

    def gettext(self, message: str) -> str:
        return self._choose(None, message, None, 1)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._choose(None, singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self._choose(context, message, None, 1)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self._choose(context, singular, plural, count)


# --- posts ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Localized:
    """A piece of plain text for a template, and whether it is the English fallback."""

    text: str
    fallback: bool


_BEFORE_CONTENT = re.compile(r"(?:\s|<!--.*?-->)*", re.DOTALL)
_HEADING_ELEMENT = re.compile(r"<h1[\s>]", re.IGNORECASE)
_HEADING_END = re.compile(r"\s*</h1\s*>", re.IGNORECASE)
# What sets a site's name apart in a <title>: hyphen, en and em dash, bar, colon, middle dot
_TITLE_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|:\u00b7]\s")


def own_heading(document: Document) -> int | None:
    """Where in the skeleton is the h1 the body opens with, when it is the post's heading rather
    than a first section: the post has no title, or its title says the same (an exported page's
    ``<title>`` often adds `` | Site``). The page shows it in place of the template's own h1."""
    skeleton = document.skeleton
    position = 1 if skeleton and isinstance(skeleton[0], str) else 0
    if position and not _BEFORE_CONTENT.fullmatch(str(skeleton[0])):
        return None
    if len(skeleton) < position + 2:
        return None
    hole, after = skeleton[position], skeleton[position + 1]
    if (
        not isinstance(hole, Hole)
        or not _HEADING_ELEMENT.match(hole.element)
        or not isinstance(after, str)
        or not _HEADING_END.match(after)
    ):
        return None
    title = document.fields.get("title")
    if title is None:
        return position
    heading_text = plain_text(document.segments[hole.segment].text)
    title_text = plain_text(document.segments[title].text)
    if not heading_text or not title_text.startswith(heading_text):
        return None
    rest = title_text[len(heading_text) :]
    return position if not rest or _TITLE_SEPARATOR.match(rest) else None


def plain_text(msgid: str) -> str:
    """A msgid as text: tags dropped, entities read."""
    return unescape_text(collapse_whitespace(TAG_PATTERN.sub("", msgid))).strip()


@dataclass(slots=True)
class PostTranslator:
    """Fills a Document's holes from a catalog. With no catalog it renders the source itself."""

    document: Document
    catalog: polib.POFile | None
    right_to_left: bool = False
    fallback_segments: set[int] = field(default_factory=set)
    _index: dict[tuple[str | None, str], str] = field(default_factory=dict)
    _heading: int | None = None  # the skeleton position of the body's own h1

    def __post_init__(self) -> None:
        self._heading = own_heading(self.document)
        if self.catalog is not None:
            self._index = {
                (entry.msgctxt or None, entry.msgid): entry.msgstr
                for entry in self.catalog
                if is_translated(entry) and not entry.msgid_plural
            }

    def _translation(self, index: int, hole: Hole | None) -> str | None:
        segment = self.document.segments[index]
        if self.catalog is None:
            return segment.text
        translation = self._index.get((segment.context, segment.text))
        if translation is None:
            self.fallback_segments.add(index)
            return None
        try:
            check_inline_markup(segment.text, translation, hole.tags if hole else {})
        except InlineMarkupError:
            self.fallback_segments.add(index)
            return None
        return translation

    def render_hole(self, hole: Hole) -> str:
        translation = self._translation(hole.segment, hole)
        text = self.document.segments[hole.segment].text if translation is None else translation
        html = render_inline(text, hole.tags, self.render_hole)
        if hole.in_attribute or (translation is not None and not hole.element):
            return html
        marks = ' lang="en" dir="ltr"' if self.right_to_left else ' lang="en"'
        if not hole.element:  # a sentence or a loose run of text: no element of its own
            return f"<span{marks}>{html}</span>"
        element = hole.element if translation is not None else hole.element[:-1] + marks + ">"
        return element + html

    def body(self) -> str:
        """The article's content, as the source has it."""
        return render_markup(self.document.skeleton, self.render_hole)

    def heading_and_rest(self) -> tuple[str, str]:
        """The body's own h1 (see own_heading), rendered apart so the page can put it where its
        template puts a heading, and the rest of the body. No such h1: ``("", body())``."""
        if self._heading is None:
            return "", self.body()
        skeleton = self.document.skeleton
        hole, after = skeleton[self._heading : self._heading + 2]
        closing = _HEADING_END.match(str(after))
        assert isinstance(hole, Hole) and closing is not None
        heading = self.render_hole(hole) + closing.group(0).strip()
        rest = (
            *skeleton[: self._heading],
            str(after)[closing.end() :],
            *skeleton[self._heading + 2 :],
        )
        return heading, render_markup(rest, self.render_hole)

    def heading_title(self) -> Localized | None:
        """The body's own heading as plain text, for a post with no title."""
        if self._heading is None:
            return None
        hole = self.document.skeleton[self._heading]
        assert isinstance(hole, Hole)
        translation = self._translation(hole.segment, hole)
        text = self.document.segments[hole.segment].text
        return Localized(plain_text(translation or text), translation is None)

    def field(self, name: str) -> Localized | None:
        """A translatable front-matter field as plain text."""
        index = self.document.fields.get(name)
        if index is None:
            value = self.document.meta.get(name)
            return None if value is None else Localized(str(value), False)
        translation = self._translation(index, None)
        text = self.document.segments[index].text if translation is None else translation
        return Localized(unescape_text(text), translation is None)
