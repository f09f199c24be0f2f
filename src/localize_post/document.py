"""The parsed post: segments a translator sees, and the skeleton they are rendered back into.

A msgid is the text of one block with inline markup written as attribute-free tags::

    Visit the <a1>IDoR website</a1> on <em>8 November</em>

Tags without attributes keep their HTML name (``em``, ``strong``, ``code``); tags with attributes
are numbered (``a1``, ``img1``) and their real markup lives in the skeleton, so a translation can
move a tag but can neither see nor change a URL, and can never inject an attribute or element.

Literal text that could be mistaken for a tag is escaped in msgids: a ``<`` starting something
tag-shaped becomes ``&lt;``, and an ``&`` that would read as one of the three escapes
(``&lt;``, ``&gt;``, ``&amp;``) becomes ``&amp;``. Every other character is written as is.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import PurePosixPath
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Location:
    """A POSIX path relative to the project root and a 1-based line."""

    path: PurePosixPath
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class SegmentKind(enum.StrEnum):
    """What a segment is; written as the ``#.`` comment a translator reads."""

    TITLE = "title"
    DESCRIPTION = "description"
    FIELD = "front matter"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    BLOCKQUOTE = "block quote"
    TABLE_HEADER = "table header cell"
    TABLE_CELL = "table cell"
    FOOTNOTE = "footnote"
    TERM = "definition term"
    DEFINITION = "definition"
    CAPTION = "caption"
    SUMMARY = "summary of a details block"
    CONTROL = "form control text"
    ARIA_LABEL = "accessible name (aria-label), read by screen readers"
    PLACEHOLDER = "placeholder shown in an empty form field"
    ALERT_TITLE = "title of a note box"
    ATTRIBUTE_TITLE = "title attribute (tooltip)"
    IMAGE_ALT = "image alt text"
    IMAGE_TITLE = "image title"
    LINK_TITLE = "link title"


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: ``text`` is the msgid."""

    text: str
    context: str | None
    kind: SegmentKind
    location: Location
    comment: str | None = None

    def extracted_comment(self) -> str:
        """The ``#.`` comment: what the segment is, then the author's note if any."""
        if self.comment:
            return f"{self.kind}\n{self.comment}"
        return str(self.kind)


@dataclass(frozen=True, slots=True)
class InlineTag:
    """The real markup behind one attribute-free tag of a msgid.

    ``opening`` may itself hold holes (an image's alt text inside a paragraph); ``closing`` is
    ``None`` for void tags written ``<img1/>`` in the msgid.
    """

    opening: Markup
    closing: str | None


@dataclass(frozen=True, slots=True)
class Hole:
    """A place in the skeleton where the rendering of one segment goes.

    ``element`` is the opening tag of the block whose whole content the hole is (``<p>``), kept
    apart so a fallback to English can be marked on the element itself. It is empty for holes
    inside attribute values, which are escaped as attributes.
    """

    segment: int
    tags: Mapping[str, InlineTag] = field(default_factory=dict)
    element: str = ""
    in_attribute: bool = False


Markup: TypeAlias = tuple[str | Hole, ...]


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed post.

    ``meta`` is the front matter as parsed; ``fields`` maps each translatable front-matter key to
    the index of its segment. ``skeleton`` is the article body with holes where segments go.
    """

    path: PurePosixPath
    slug: str
    meta: Mapping[str, object]
    fields: Mapping[str, int]
    segments: tuple[Segment, ...]
    skeleton: Markup

    @property
    def date(self) -> PostDate | None:
        """When the post was published: its ``date`` (see post_date), else the date a Jekyll
        post's file name starts with (``2016-04-19-welcome.md``); None if neither says.
        Raises FrontMatterValueError for a value that is no possible date."""
        written = post_date(self.meta.get("date"))
        return written if written is not None else file_name_date(self.slug.rpartition("/")[2])

    @property
    def authors(self) -> tuple[str, ...]:
        """The post's authors as written: ``author`` (a name or a list, as Jekyll writes it),
        else ``authors`` (a list, as Hugo and Zola write it); none at all is an empty tuple.
        Raises FrontMatterValueError for a value that names no one."""
        for key in ("author", "authors"):
            names = _names(key, self.meta.get(key))
            if names:
                return names
        return ()

    def segment_tags(self) -> dict[int, Mapping[str, InlineTag]]:
        """Each body segment's tag map, from the first hole that shows it, in document order."""
        tags: dict[int, Mapping[str, InlineTag]] = {}
        for hole in holes(self.skeleton):
            tags.setdefault(hole.segment, hole.tags)
        return tags


# --- dates and authors ------------------------------------------------------------------------


class FrontMatterValueError(ValueError):
    """A front-matter value that cannot mean what its key says; ``key`` is None when the
    value came from the file's name."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True, slots=True, order=True)
class PostDate:
    """When a post was published: a day, or a moment with its UTC offset.

    ``moment`` is timezone-aware (a day alone is its midnight in UTC, as is a moment written
    without an offset, which is how Hugo reads one), so any two posts compare.
    """

    moment: datetime
    has_time: bool

    @property
    def day(self) -> date:
        """The day as the author wrote it, in their own UTC offset."""
        return self.moment.date()

    def rfc3339(self) -> str:
        """For feeds: ``2024-04-24T17:45:00Z``, ``2024-04-24T19:45:00+02:00``."""
        text = self.moment.isoformat()
        return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text

    def html(self) -> str:
        """For ``<time datetime>``: the day alone when that is all the author said."""
        return self.rfc3339() if self.has_time else self.day.isoformat()


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILE_NAME_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})-")
_ISO_HINT = "write it as ISO 8601: 2024-04-24 or 2024-04-24T17:45:00Z"


def post_date(value: object) -> PostDate | None:
    """A ``date`` front-matter value as YAML (a date, a timestamp), TOML (a date, a local or
    offset datetime) or a quoted ISO 8601 string (``'2024-04-24T17:45:00.000Z'``) gives it.
    Nothing, or an empty string, is None; anything else that is no possible date raises
    FrontMatterValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return PostDate(aware, has_time=True)
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, time):
        raise FrontMatterValueError("date", f"{value} is a time of day without a date")
    if not isinstance(value, str):
        raise FrontMatterValueError("date", f"{value!r} is not a date: {_ISO_HINT}")
    text = value.strip()
    if not _ISO_DAY.match(text):
        raise FrontMatterValueError("date", f"{text!r} is not a date: {_ISO_HINT}")
    try:
        if _ISO_DAY.fullmatch(text):
            return _day(date.fromisoformat(text))
        return post_date(datetime.fromisoformat(text))
    except ValueError as error:
        if str(error).startswith("Invalid isoformat string"):
            raise FrontMatterValueError("date", f"{text!r} is not a date: {_ISO_HINT}") from None
        raise FrontMatterValueError("date", f"impossible date {text!r} ({error})") from None


def file_name_date(name: str) -> PostDate | None:
    """The day a Jekyll post's name starts with (``2016-04-19-welcome``), or None."""
    match = _FILE_NAME_DAY.match(name)
    if match is None:
        return None
    try:
        return _day(date.fromisoformat(match.group(1)))
    except ValueError as error:
        message = f"the file name starts with the impossible date {match.group(1)} ({error})"
        raise FrontMatterValueError(None, message) from None


def _day(value: date) -> PostDate:
    return PostDate(datetime(value.year, value.month, value.day, tzinfo=UTC), has_time=False)


def _names(key: str, value: object) -> tuple[str, ...]:
    """The names an ``author`` or ``authors`` value gives: a name, a list of names, or (as
    Jekyll's SEO plugin writes them) mappings with a ``name``."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name")
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise FrontMatterValueError(key, f"{key} must be a name or a list of names")
        name = collapse_whitespace(str(item)).strip()
        if name:
            names.append(name)
    return tuple(names)


# --- msgid text -----------------------------------------------------------------------------

TAG_PATTERN = re.compile(r"<(/?)([a-z][a-z0-9]*)(/?)>")
_AMBIGUOUS_AMPERSAND = re.compile(r"&(?=(?:lt|gt|amp);)")
_ESCAPE = re.compile(r"&(lt|gt|amp);")
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
CODE_SPAN = re.compile(r"(<(code\d*)>.*?</\2>)", re.DOTALL)


def escape_text(text: str) -> str:
    """Literal source text -> msgid text (see the module docstring)."""
    text = _AMBIGUOUS_AMPERSAND.sub("&amp;", text)
    return TAG_PATTERN.sub(lambda match: "&lt;" + match.group(0)[1:], text)


def unescape_text(text: str) -> str:
    """Msgid text between tags -> the literal text it stands for."""
    return _ESCAPE.sub(lambda match: {"lt": "<", "gt": ">", "amp": "&"}[match.group(1)], text)


def collapse_whitespace(text: str) -> str:
    """Runs of ASCII whitespace become one space; no-break spaces are content and stay."""
    return _WHITESPACE.sub(" ", text)


def collapse_outside_code(msgid: str) -> str:
    """Whitespace collapsed everywhere but in code spans, whose text is kept as written."""
    pieces = CODE_SPAN.split(msgid)
    # split() returns, per match, the span and its tag name: keep spans, drop the names
    kept = []
    for position, piece in enumerate(pieces):
        if position % 3 == 0:
            kept.append(collapse_whitespace(piece))
        elif position % 3 == 1:
            kept.append(piece)
    return "".join(kept).strip(" ")


def is_translatable(msgid: str) -> bool:
    """Whether a msgid holds any letter outside tags and code: digits and punctuation alone are
    the same in every language."""
    without_code = CODE_SPAN.sub("", msgid)
    text = TAG_PATTERN.sub("", without_code)
    return any(unicodedata.category(char).startswith("L") for char in text)


def escape_html(text: str) -> str:
    """The escaping markdown-it applies to text and attribute values."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


class InlineMarkupError(ValueError):
    """A translation's tags do not match its source's."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "text", "open", "close" or "void"
    value: str


def _tokenize(text: str, known: Mapping[str, InlineTag]) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in TAG_PATTERN.finditer(text):
        closing, name, void = match.group(1), match.group(2), match.group(3)
        if closing and void:
            raise InlineMarkupError(f"malformed tag {match.group(0)}")
        if name not in known:
            raise InlineMarkupError(f"unknown tag <{name}>")
        if match.start() > position:
            tokens.append(_Token("text", text[position : match.start()]))
        kind = "close" if closing else "void" if void else "open"
        if (kind == "void") != (known[name].closing is None):
            raise InlineMarkupError(
                f"<{name}/> is a self-closing tag" if kind != "void" else f"<{name}> must be closed"
            )
        tokens.append(_Token(kind, name))
        position = match.end()
    if position < len(text):
        tokens.append(_Token("text", text[position:]))
    return tokens


def _shape(tokens: list[_Token]) -> Counter[str]:
    """Which tags occur how often, and the literal content of every code span."""
    shape: Counter[str] = Counter()
    stack: list[str] = []
    code: list[str] = []
    for token in tokens:
        if token.kind == "open":
            stack.append(token.value)
            shape[f"<{token.value}>"] += 1
        elif token.kind == "close":
            if not stack or stack[-1] != token.value:
                raise InlineMarkupError(f"</{token.value}> closes a tag that is not open")
            stack.pop()
            if token.value.rstrip("0123456789") == "code":
                shape["code:" + "".join(code)] += 1
                code.clear()
        elif token.kind == "void":
            shape[f"<{token.value}/>"] += 1
        elif any(name.rstrip("0123456789") == "code" for name in stack):
            code.append(token.value)
    if stack:
        raise InlineMarkupError(f"<{stack[-1]}> is never closed")
    return shape


# Emphasis a translator may add where their language's style wants it (Spanish and Portuguese
# set English loanwords in italics): attribute-free, so it can carry nothing but emphasis.
ADDABLE_EMPHASIS = {name: InlineTag((f"<{name}>",), f"</{name}>") for name in ("em", "strong")}


def with_addable_emphasis(tags: Mapping[str, InlineTag]) -> dict[str, InlineTag]:
    """A hole's tag map, plus the emphasis a translation may add; the source's own win."""
    return {**ADDABLE_EMPHASIS, **tags}


def check_inline_markup(source: str, translation: str, tags: Mapping[str, InlineTag]) -> None:
    """Raise InlineMarkupError unless ``translation`` has exactly the source's tags, properly
    nested, with code spans unchanged; it may add ``<em>`` and ``<strong>`` of its own."""
    expected = _shape(_tokenize(source, tags))
    found = _shape(_tokenize(translation, with_addable_emphasis(tags)))
    for name in ADDABLE_EMPHASIS:
        added = f"<{name}>"
        found[added] = min(found[added], expected[added])
    if expected != found:
        missing = sorted((expected - found).elements())
        extra = sorted((found - expected).elements())
        details = []
        if missing:
            details.append("missing " + " ".join(missing))
        if extra:
            details.append("unexpected " + " ".join(extra))
        raise InlineMarkupError("tags differ from the source: " + "; ".join(details))


def tags_of(msgid: str) -> dict[str, InlineTag]:
    """A tag map for a msgid with no attributes behind its tags (used where only the shape of a
    translation matters, such as ``check`` on a catalog without its source)."""
    tags: dict[str, InlineTag] = {}
    for match in TAG_PATTERN.finditer(msgid):
        name = match.group(2)
        closing = None if match.group(3) else f"</{name}>"
        tags.setdefault(name, InlineTag((f"<{name}>",), closing))
    return tags


# --- what no translation may bring to a page --------------------------------------------------


def longest_translation(source: str) -> int:
    """The most characters a translation of ``source`` may have.

    Honest translations grow most on short strings (localization guides plan for two or three
    times the length of a text under ten characters: one English word may take a phrase) and
    little on long ones (German and Finnish run some 30% longer than English). Ten times the
    source, and at least 500 characters more than it, is beyond any of them, and caps what one
    translator can add to a page at ten times its English plus 500 characters an entry, where
    an unbounded translation could fill a disk.
    """
    return max(10 * len(source), len(source) + 500)


# What a translation may not put on a page or in a feed, and why. Bidi overrides, embeddings
# and isolates change the order readers see the text around them in, so a page can show
# something else than its words say (the Trojan Source attack); pages set direction with
# markup instead. XML 1.0 forbids the C0 controls but tab, line feed and carriage return, lone
# surrogates, U+FFFE and U+FFFF: one of them makes a feed unreadable. DEL, the C1 controls and
# the other noncharacters are HTML parse errors, and invisible to whoever reviews the text.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)
)
_UNPUBLISHABLE = (
    (re.compile("[\u202a-\u202e\u2066-\u2069]"), "a bidi control, which reorders the text shown"),
    (XML_FORBIDDEN, "a character XML forbids"),
    (
        re.compile(f"[\x7f-\x9f{_NONCHARACTERS}]"),
        "a control character or noncharacter HTML forbids",
    ),
)


def _describe_character(character: str) -> str:
    return f"U+{ord(character):04X} {unicodedata.name(character, '')}".rstrip()


def _unpublishable_character(source: str, translation: str) -> str | None:
    """Why ``translation`` holds a character no page or feed may carry, naming one its source
    does not have as often (an author's own isolate around an Arabic name may stay in the
    translation), or None."""
    for pattern, why in _UNPUBLISHABLE:
        added = Counter(pattern.findall(translation)) - Counter(pattern.findall(source))
        if added:
            first = min(added, key=translation.index)
            return f"the translation holds {_describe_character(first)}, {why}"
    return None


def publishing_problem(source: str, translation: str) -> str | None:
    """Why ``translation`` may not stand for ``source`` on a page whatever its markup (too long,
    or holding a character no page may carry), or None if it may. Pages show the English
    instead; check reports the same sentence."""
    if len(translation) > longest_translation(source):
        return (
            f"the translation has {len(translation)} characters: a source of {len(source)}"
            f" may have at most {longest_translation(source)}"
        )
    return _unpublishable_character(source, translation)


HoleRenderer: TypeAlias = Callable[[Hole], str]


def render_inline(text: str, tags: Mapping[str, InlineTag], render_hole: HoleRenderer) -> str:
    """Msgid or msgstr text -> HTML, through the hole's tag map. Raises InlineMarkupError for
    unknown or unbalanced tags; text is always escaped."""
    tags = with_addable_emphasis(tags)
    html: list[str] = []
    for token in _tokenize(text, tags):
        if token.kind == "text":
            html.append(escape_html(unescape_text(token.value)))
        elif token.kind == "close":
            closing = tags[token.value].closing
            assert closing is not None  # _tokenize rejected a void tag written as a pair
            html.append(closing)
        else:
            html.append(render_markup(tags[token.value].opening, render_hole))
    return "".join(html)


def render_markup(markup: Markup, render_hole: HoleRenderer) -> str:
    return "".join(part if isinstance(part, str) else render_hole(part) for part in markup)


def holes(markup: Markup) -> list[Hole]:
    """Every hole of a skeleton, those inside tags' markup included, in document order."""
    found: list[Hole] = []
    for part in markup:
        if isinstance(part, Hole):
            found.append(part)
            for tag in part.tags.values():
                found.extend(holes(tag.opening))
    return found


def merge_strings(parts: Sequence[str | Hole]) -> Markup:
    """Adjacent strings joined, empty ones dropped: the canonical form of a skeleton."""
    merged: list[str | Hole] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return tuple(merged)


def _renumber(markup: Markup, renumber: Mapping[int, int]) -> Markup:
    return tuple(
        part
        if isinstance(part, str)
        else replace(
            part,
            segment=renumber[part.segment],
            tags={
                name: InlineTag(_renumber(tag.opening, renumber), tag.closing)
                for name, tag in part.tags.items()
            },
        )
        for part in markup
    )


def assemble(
    path: PurePosixPath,
    slug: str,
    meta: Mapping[str, object],
    fields: Mapping[str, int],
    segments: Sequence[Segment | None],
    skeleton: Sequence[str | Hole],
) -> Document:
    """A Document from a parser's work: the segments it reserved and then found untranslatable
    (left None) are dropped, and holes renumbered to match."""
    kept = [index for index, segment in enumerate(segments) if segment is not None]
    renumber = {old: new for new, old in enumerate(kept)}
    return Document(
        path=path,
        slug=slug,
        meta=dict(meta),
        fields={name: renumber[index] for name, index in fields.items()},
        segments=tuple(segment for segment in segments if segment is not None),
        skeleton=_renumber(merge_strings(skeleton), renumber),
    )


def inline_markup(msgid: str, tags: Mapping[str, InlineTag]) -> Markup:
    """Msgid text rendered straight into the skeleton (an untranslatable inline such as an image
    alone or a number); holes inside its tags (an image's alt text) stay holes."""
    kept: list[Hole] = []

    def placeholder(hole: Hole) -> str:
        kept.append(hole)
        return f"\0{len(kept) - 1}\0"

    pieces = render_inline(msgid, tags, placeholder).split("\0")
    return merge_strings(
        [kept[int(piece)] if position % 2 else piece for position, piece in enumerate(pieces)]
    )
