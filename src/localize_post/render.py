"""Rendering: a Document and its catalog into HTML; the templates and their own translations.

Translations are untrusted: post text is parsed against the source's tag map and escaped (see
document.render_inline); template strings are escaped before Jinja marks them safe, and may use
their source's ``%(name)s`` placeholders only as the source does; front-matter fields reach the
templates escaped, so no template can unescape them. A translation that fails a check, or is
too long or holds a character no page may carry (document.publishing_problem), is not shown:
the English text is, marked ``lang="en"``.
"""

from __future__ import annotations

import enum
import functools
import io
import re
import secrets
import traceback
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from gettext import c2py
from pathlib import Path
from typing import TypeAlias

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
from markupsafe import Markup, escape

from .catalogs import FUZZY, UiMessage, is_translated
from .document import (
    TAG_PATTERN,
    XML_FORBIDDEN,
    Document,
    Hole,
    InlineMarkupError,
    InlineTag,
    check_inline_markup,
    collapse_whitespace,
    escape_html,
    publishing_problem,
    render_inline,
    render_markup,
    tags_of,
    unescape_text,
)
from .errors import LocalizePostError, TemplateError, read_utf8

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
    environment.filters["marks"] = functools.partial(text_marks, right_to_left=ui.right_to_left)
    environment.filters["marked"] = functools.partial(marked_text, right_to_left=ui.right_to_left)
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
    except RecursionError as error:
        filename, line = _failing_template_line(error)
        message = (
            "the template never ends: it extends or includes itself, or a macro calls itself"
            " without end"
        )
        raise TemplateError(message, templates.shown(filename, name), line) from None
    except LocalizePostError:  # an included override that is not UTF-8, named already
        raise
    except Exception as error:  # a template is code: {{ 1 // 0 }} raises what Python raises
        filename, line = _failing_template_line(error)
        message = f"rendering failed with {type(error).__name__}: {error}".rstrip(": ")
        raise TemplateError(message, templates.shown(filename, name), line) from None


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


# A conversion as Python's % operator reads it: an optional (name), flags, width, precision,
# length modifier and type. ``%%`` is a percent sign.
_CONVERSION = re.compile(
    r"%(?:\([^()]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?[diouxXeEfFgGcrsa%]"
)


def conversions(text: str) -> Counter[str] | None:
    """The conversions of a python-format string (``%(name)s``), each with how often it occurs;
    None if some ``%`` starts none, so the text cannot be formatted."""
    found: Counter[str] = Counter()
    position = text.find("%")
    while position != -1:
        match = _CONVERSION.match(text, position)
        if match is None:
            return None
        if match.group(0) != "%%":
            found[match.group(0)] += 1
        position = text.find("%", match.end())
    return found


def placeholder_problem(translation: str, source: str, one_number: bool) -> str | None:
    """Why a template string's translation may not be formatted in place of its source, or None.

    It may use only the source's own conversions, each no more often than the source does, so
    formatting it can put nothing more on a page than the English does: no width or precision
    (``%(author)900000000s`` writes 900 MB), no conversion of the whole mapping (``%s``), no
    placeholder repeated a thousand times. It uses every one of them, but a plural form that
    only one number takes may leave the number out, as GNU ``msgfmt -c`` allows: Arabic writes
    two minutes "دقيقتان", not "2 دقيقتان".
    """
    wanted, found = conversions(source), conversions(translation)
    if wanted is None:
        return "the source is not a valid format string"
    if found is None:
        return "a % starts no placeholder: write %% for a percent sign"
    for conversion, count in found.items():
        if conversion not in wanted:
            known = ", ".join(sorted(wanted)) or "none"
            return f"{conversion} is not a placeholder of the source (it has {known})"
        if count > wanted[conversion]:
            return f"{conversion} appears {count} times, more than in the source"
    missing = sorted(set(wanted) - set(found))
    if missing and not one_number:
        return "the translation leaves out " + ", ".join(missing)
    return None


def english_plural(count: int) -> int:
    """English's rule, the source's: form 0 for one, form 1 for every other number."""
    return int(count != 1)


class PluralFormsError(ValueError):
    """A Plural-Forms header that does not choose a form for every number; the message says
    why."""


@dataclass(frozen=True, slots=True)
class PluralRule:
    """A catalog's Plural-Forms: how many forms there are, and which one each number takes.

    The expression is compiled by ``gettext.c2py``, whose tokenizer accepts nothing but ``n``,
    decimal numbers, C's arithmetic, comparison and logical operators, parentheses and ``?:``,
    and which writes the Python it runs from those tokens alone: a header cannot run code. It
    can divide by zero or choose a form that does not exist, for some numbers only: ``form``
    is None for those, and the page shows the English.
    """

    forms: int
    choose: Callable[[int], int]

    def form(self, count: int) -> int | None:
        try:
            form = self.choose(count)
        except ZeroDivisionError:
            return None
        return form if 0 <= form < self.forms else None


# GNU gettext's rule for a catalog whose header has no Plural-Forms: English's.
GERMANIC_PLURAL = PluralRule(2, english_plural)
_NPLURALS = re.compile(r"(?:^|;)\s*nplurals\s*=\s*(\d+)\s*(?:;|$)")
_PLURAL = re.compile(r"(?:^|;)\s*plural\s*=([^;]*)(?:;|$)")
# msgfmt -c tries a rule on the numbers up to 1000, and so do we.
_TRIED_NUMBERS = range(1001)


def parse_plural_forms(plural_forms: str) -> PluralRule:
    """The rule of a ``Plural-Forms`` header; PluralFormsError if it is not C, or divides by
    zero or chooses a form beyond ``nplurals`` for a number up to 1000. No header at all is
    GNU's default."""
    if not plural_forms.strip():
        return GERMANIC_PLURAL
    count, expression = _NPLURALS.search(plural_forms), _PLURAL.search(plural_forms)
    if count is None or expression is None:
        raise PluralFormsError("Plural-Forms must say nplurals=NUMBER; plural=EXPRESSION;")
    forms = int(count.group(1))
    if forms == 0:
        raise PluralFormsError("Plural-Forms has nplurals=0: a catalog has at least one form")
    try:
        choose = c2py(expression.group(1).strip())
    except (ValueError, SyntaxError) as error:
        message = str(error) if isinstance(error, ValueError) else "invalid syntax"
        raise PluralFormsError(f"the plural expression is not valid C: {message}") from None
    for number in _TRIED_NUMBERS:
        try:
            form = choose(number)
        except ZeroDivisionError:
            message = f"the plural expression divides by zero for n = {number}"
            raise PluralFormsError(message) from None
        if not 0 <= form < forms:
            raise PluralFormsError(
                f"the plural expression gives form {form} for n = {number}, but nplurals is {forms}"
            )
    return PluralRule(forms, choose)


def forms_for_one_number(rule: PluralRule) -> frozenset[int]:
    """The plural forms that a rule gives to exactly one number (Arabic's n == 0, n == 1 and
    n == 2), found as msgfmt does, by trying the numbers up to 1000."""
    counts = Counter(rule.form(number) for number in _TRIED_NUMBERS)
    return frozenset(form for form, count in counts.items() if count == 1 and form is not None)


# What a translated page marks on a theme string until the page is finished (see
# UiTranslations.finish): private-use characters around the build's own random number, so no
# translation or post can forge one, and only digits inside, which case filters leave alone.
_MARK_OPEN, _MARK_CLOSE = "\uf8f0", "\uf8f1"
_ENGLISH_MARK, _END_MARK, _SUGGESTION_MARK = "1", "0", "2"
# Where a page's markup cannot hold an element: comments, the text of elements that hold
# raw text, and tags themselves (their attribute values are escaped, so hold no "<" or ">").
_NO_ELEMENTS_HERE = re.compile(
    r"<!--.*?-->|<(script|style|title|textarea)\b[^<>]*>.*?</\1\s*>|<[^<>]*>",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(slots=True)
class UiTranslations:
    """gettext callables over a ui catalog, trusting no msgstr: each is escaped, and used only
    if it keeps its msgid's placeholders (see placeholder_problem) and may be published (see
    document.publishing_problem). A catalog whose Plural-Forms is broken has its plural
    entries shown in English.

    On a ``translated_page``, a string shown in English is marked ``lang="en"`` (isolated with
    ``dir="ltr"`` on a right-to-left page), and with ``preview`` a fuzzy translation is shown,
    marked as a suggestion whose title is the English. Templates may put a string in text or in
    an attribute, which cannot hold a mark, so marks are placed once the page is rendered:
    ``finish`` turns them into spans in text and drops them elsewhere.
    """

    catalog: polib.POFile | None
    translated_page: bool = False
    preview: bool = False
    right_to_left: bool = False
    fallbacks: list[str] = field(default_factory=list)
    # msgid -> (catalog line, why): translations refused, which the page shows in English
    rejected: dict[str, tuple[int, str]] = field(default_factory=dict)
    _index: dict[tuple[str | None, str], polib.POEntry] = field(default_factory=dict)
    _rule: PluralRule | None = None
    _one_number_forms: frozenset[int] = frozenset()
    _token: str = field(default_factory=lambda: str(secrets.randbelow(10**18)))
    _suggested: list[str] = field(default_factory=list)
    _marks: re.Pattern[str] = re.compile("")

    def __post_init__(self) -> None:
        start = re.escape(f"{_MARK_OPEN}{self._token}:")
        self._marks = re.compile(start + r"(\d+)" + re.escape(_MARK_CLOSE))
        if self.catalog is not None:
            try:
                self._rule = parse_plural_forms(str(self.catalog.metadata.get("Plural-Forms", "")))
            except PluralFormsError:
                self._rule = None
            else:
                self._one_number_forms = forms_for_one_number(self._rule)
            self._index = {
                (entry.msgctxt or None, entry.msgid): entry
                for entry in self.catalog
                if is_translated(entry) or (self.preview and is_suggestion(entry))
            }

    def _lookup(
        self, context: str | None, msgid: str, plural: str | None, count: int
    ) -> str | None:
        entry = self._index.get((context, msgid))
        if entry is None:
            return None
        if plural is None:
            text, source, one_number = entry.msgstr, msgid, False
        else:
            form = None if self._rule is None else self._rule.form(count)
            if form is None:
                self._reject(entry, "the catalog's Plural-Forms does not choose a form")
                return None
            text = entry.msgstr_plural.get(form, "")
            source = entry.msgid_plural or msgid
            one_number = form in self._one_number_forms
        if not text:
            return None
        problem = placeholder_problem(text, source, one_number) or publishing_problem(source, text)
        if problem:
            self._reject(entry, problem)
            return None
        return str(text)

    def _reject(self, entry: polib.POEntry, problem: str) -> None:
        if FUZZY not in entry.flags:  # a suggestion no page would show is a draft, not a fault
            self.rejected.setdefault(entry.msgid, (entry.linenum, problem))

    def _choose(self, context: str | None, msgid: str, plural: str | None, count: int) -> Markup:
        translated = self._lookup(context, msgid, plural, count)
        english = msgid if plural is None or english_plural(count) == 0 else plural
        if translated is None:
            if self.catalog is not None or self.translated_page:
                self.fallbacks.append(msgid)
            shown = escape(english)
            return self._marked(_ENGLISH_MARK, shown) if self.translated_page else shown
        entry = self._index[(context, msgid)]
        if FUZZY in entry.flags:
            self._suggested.append(english)
            return self._marked(f"{_SUGGESTION_MARK}{len(self._suggested) - 1}", escape(translated))
        return escape(translated)

    def _marked(self, kind: str, text: Markup) -> Markup:
        return Markup(self._mark(kind)) + text + Markup(self._mark(_END_MARK))

    def _mark(self, kind: str) -> str:
        return f"{_MARK_OPEN}{self._token}:{kind}{_MARK_CLOSE}"

    def finish(self, html: str) -> str:
        """A rendered page with the marks of its theme strings placed: spans in text, nothing
        in attributes, comments or a ``<title>``, which cannot hold an element."""
        marks = self._marks
        if marks.search(html) is None:
            return html
        pieces: list[str] = []
        position = 0
        for region in _NO_ELEMENTS_HERE.finditer(html):
            pieces.append(marks.sub(self._span, html[position : region.start()]))
            pieces.append(marks.sub("", region.group(0)))
            position = region.end()
        pieces.append(marks.sub(self._span, html[position:]))
        return "".join(pieces)

    def _span(self, mark: re.Match[str]) -> str:
        kind = mark.group(1)
        if kind == _END_MARK:
            return "</span>"
        if kind == _ENGLISH_MARK:
            return f"<span{english_marks(self.right_to_left)}>"
        english = self._suggested[int(kind[len(_SUGGESTION_MARK) :])]
        return f"<span{suggestion_marks(english)}>"

    def gettext(self, message: str) -> Markup:
        return self._choose(None, message, None, 1)

    def ngettext(self, singular: str, plural: str, count: int) -> Markup:
        return self._choose(None, singular, plural, count)

    def pgettext(self, context: str, message: str) -> Markup:
        return self._choose(context, message, None, 1)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> Markup:
        return self._choose(context, singular, plural, count)


def is_suggestion(entry: polib.POEntry) -> bool:
    """A fuzzy entry with a translation: a translator's draft or a machine's suggestion."""
    if entry.obsolete or FUZZY not in entry.flags:
        return False
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def english_marks(right_to_left: bool) -> str:
    """The attributes of an element showing English on a translated page."""
    return ' lang="en" dir="ltr"' if right_to_left else ' lang="en"'


def suggestion_marks(english: str) -> str:
    """The attributes of an element showing a suggestion in a preview: a class the preview's
    style outlines, and the English it translates as its tooltip."""
    return f' class="suggestion" title="{escape_html(english)}"'


EntryCheck: TypeAlias = Callable[[polib.POEntry], str | None]


def translation_problem(source: str, translation: str, tags: Mapping[str, InlineTag]) -> str | None:
    """Why a page may not show ``translation`` for the post text ``source``: its tags differ
    (see document.check_inline_markup) or it may not be published at all; None if it may."""
    try:
        check_inline_markup(source, translation, tags)
    except InlineMarkupError as error:
        return str(error)
    return publishing_problem(source, translation)


def post_entry_check(document: Document) -> EntryCheck:
    """Why a page would not show a post catalog entry's translation, or None: the check
    PostTranslator applies, for counting what will publish."""
    tag_maps: dict[tuple[str | None, str], Mapping[str, InlineTag]] = {}
    for index, tags in document.segment_tags().items():
        segment = document.segments[index]
        tag_maps.setdefault((segment.context, segment.text), tags)

    def problem(entry: polib.POEntry) -> str | None:
        if entry.msgid_plural:
            return None
        tags = tag_maps.get((entry.msgctxt or None, entry.msgid)) or tags_of(entry.msgid)
        return translation_problem(entry.msgid, entry.msgstr, tags)

    return problem


def ui_entry_check(catalog: polib.POFile) -> EntryCheck:
    """Why a page would not show some form of a theme entry's translation, or None: the check
    UiTranslations applies to the form a number takes, applied to every form."""
    try:
        rule: PluralRule | None = parse_plural_forms(str(catalog.metadata.get("Plural-Forms", "")))
    except PluralFormsError:
        rule = None
    one_number_forms = forms_for_one_number(rule) if rule is not None else frozenset()

    def problem(entry: polib.POEntry) -> str | None:
        if not entry.msgid_plural:
            return placeholder_problem(entry.msgstr, entry.msgid, False) or publishing_problem(
                entry.msgid, entry.msgstr
            )
        if rule is None:
            return "the catalog's Plural-Forms does not choose a form"
        source = entry.msgid_plural
        for form, text in sorted(entry.msgstr_plural.items()):
            one_number = int(form) in one_number_forms
            found = placeholder_problem(text, source, one_number) or publishing_problem(
                source, text
            )
            if found:
                return found
        return None

    return problem


# --- posts ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, init=False)
class Localized:
    """A piece of plain text for a template, and whether it is the English fallback or, in a
    preview, a suggestion (``suggestion_of`` is then the English it translates).

    ``text`` is escaped Markup, made so here whatever the caller passes: a project's template
    that writes ``{{ post.title.text|safe }}`` or turns autoescape off still shows a hostile
    title as text, and escaping it again (``escape``, autoescape) changes nothing.
    """

    text: Markup
    fallback: bool
    suggestion_of: str

    def __init__(self, text: str, fallback: bool, suggestion_of: str = "") -> None:
        object.__setattr__(self, "text", escape(text))
        object.__setattr__(self, "fallback", fallback)
        object.__setattr__(self, "suggestion_of", suggestion_of)


def text_marks(text: Localized | None, right_to_left: bool) -> Markup:
    """The ``marks`` filter: the attributes of an element that holds ``text`` and nothing else,
    saying it is English on a translated page, or a preview's suggestion."""
    if text is None:
        return Markup("")
    if text.fallback:
        return Markup(english_marks(right_to_left))
    if text.suggestion_of:
        return Markup(suggestion_marks(text.suggestion_of))
    return Markup("")


def marked_text(text: Localized, right_to_left: bool) -> Markup:
    """The ``marked`` filter: ``text`` to put among other words, in a span of its own when it
    is English on a translated page or a preview's suggestion."""
    marks = text_marks(text, right_to_left)
    return Markup("<span{}>{}</span>").format(marks, text.text) if marks else text.text


def xml_text(text: str) -> str:
    """Text for an XML element or attribute: escaped (Markup counts as escaped already), and
    every character XML 1.0 forbids replaced by U+FFFD, so a feed is well-formed whatever a
    title, a summary or an author's name holds."""
    return XML_FORBIDDEN.sub("\ufffd", escape(text))


_BEFORE_CONTENT = re.compile(r"(?:\s|<!--.*?-->)*", re.DOTALL)
_HEADING_ELEMENT = re.compile(r"<h1[\s>]", re.IGNORECASE)
# A heading's end, after the permalink anchor some generators put at its end (¶, #, §).
_HEADING_END = re.compile(r"\s*(?:<a\b[^<>]*>[^<>]{0,3}</a>\s*)?</h1\s*>", re.IGNORECASE)
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


class FallbackReason(enum.StrEnum):
    """Why a translated page shows a segment in English."""

    UNTRANSLATED = "untranslated"
    FUZZY = "fuzzy"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Fallback:
    """A segment shown in English; for a translation the page refused, its catalog line and
    why (the sentence check reports)."""

    reason: FallbackReason
    line: int | None = None
    problem: str = ""


@dataclass(slots=True)
class PostTranslator:
    """Fills a Document's holes from a catalog. With no catalog it renders the source itself.

    With ``preview``, fuzzy translations (a translator's drafts, machine suggestions) are shown
    too, if they pass the checks, each marked as a suggestion with the English as its title.
    """

    document: Document
    catalog: polib.POFile | None
    right_to_left: bool = False
    preview: bool = False
    fallbacks: dict[int, Fallback] = field(default_factory=dict)
    suggestions: set[int] = field(default_factory=set)
    _entries: dict[tuple[str | None, str], polib.POEntry] = field(default_factory=dict)
    _heading: int | None = None  # the skeleton position of the body's own h1

    def __post_init__(self) -> None:
        self._heading = own_heading(self.document)
        if self.catalog is not None:
            self._entries = {
                (entry.msgctxt or None, entry.msgid): entry
                for entry in self.catalog
                if not entry.obsolete and not entry.msgid_plural
            }

    @property
    def fallback_segments(self) -> set[int]:
        """The segments shown in English so far, whatever the reason."""
        return set(self.fallbacks)

    def _translation(self, index: int, hole: Hole | None) -> str | None:
        segment = self.document.segments[index]
        if self.catalog is None:
            return segment.text
        entry = self._entries.get((segment.context, segment.text))
        if entry is None or not entry.msgstr:
            self.fallbacks[index] = Fallback(FallbackReason.UNTRANSLATED)
            return None
        fuzzy = FUZZY in entry.flags
        if fuzzy and not self.preview:
            self.fallbacks[index] = Fallback(FallbackReason.FUZZY)
            return None
        problem = translation_problem(segment.text, entry.msgstr, hole.tags if hole else {})
        if problem:
            reason = FallbackReason.FUZZY if fuzzy else FallbackReason.REJECTED
            self.fallbacks[index] = Fallback(reason, entry.linenum, problem)
            return None
        if fuzzy:
            self.suggestions.add(index)
        return str(entry.msgstr)

    def render_hole(self, hole: Hole) -> str:
        translation = self._translation(hole.segment, hole)
        source = self.document.segments[hole.segment].text
        text = source if translation is None else translation
        html = render_inline(text, hole.tags, self.render_hole)
        if hole.in_attribute:
            return html
        if translation is None:
            marks = english_marks(self.right_to_left)
        elif hole.segment in self.suggestions:
            marks = suggestion_marks(plain_text(source))
        elif not hole.element:
            return html
        else:
            return hole.element + html
        if not hole.element:  # a sentence or a loose run of text: no element of its own
            return f"<span{marks}>{html}</span>"
        return with_marks(hole.element, marks) + html

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
        source = self.document.segments[hole.segment].text
        if translation is None:
            return Localized(plain_text(source), True)
        english = plain_text(source) if hole.segment in self.suggestions else ""
        return Localized(plain_text(translation), False, english)

    def field(self, name: str) -> Localized | None:
        """A translatable front-matter field as plain text; one that is not translatable, as
        the front matter has it (a list, such as keywords, joined by commas)."""
        index = self.document.fields.get(name)
        if index is None:
            value = self.document.meta.get(name)
            if value is None:
                return None
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            return Localized(str(value), False)
        translation = self._translation(index, None)
        source = self.document.segments[index].text
        if translation is None:
            return Localized(unescape_text(source), True)
        english = unescape_text(source) if index in self.suggestions else ""
        return Localized(unescape_text(translation), False, english)


_CLASS_ATTRIBUTE = re.compile(r"""(\sclass\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_MARK_ATTRIBUTES = re.compile(r'\s(class|title|lang|dir)="([^"]*)"')


def with_marks(element: str, marks: str) -> str:
    """An element's opening tag with the attributes of ``marks`` added: a class joins the
    element's own, and an author's own title or lang is kept rather than written twice."""
    added = dict(_MARK_ATTRIBUTES.findall(marks))
    end = len(element) - (2 if element.endswith("/>") else 1)
    opening, closing = element[:end], element[end:]
    own_class = _CLASS_ATTRIBUTE.search(opening)
    if "class" in added and own_class is not None:
        classes = next(group for group in own_class.groups()[1:] if group is not None)
        joined = f'{own_class.group(1)}"{classes} {added.pop("class")}"'
        opening = opening[: own_class.start()] + joined + opening[own_class.end() :]
    for name, value in added.items():
        if re.search(rf"\s{name}\s*=", opening, re.IGNORECASE) is None:
            opening += f' {name}="{value}"'
    return opening + closing
