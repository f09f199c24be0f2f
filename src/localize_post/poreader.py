"""Read gettext catalogs the way GNU gettext 0.21 reads them, into polib's model.

polib's own parser cuts the text with ``str.splitlines()``, which also ends a line at U+2028,
U+2029, U+0085, form feed, vertical tab and U+001C-U+001E, all of which msgfmt accepts inside a
string; it takes entries msgfmt refuses (a msgid without msgstr, a comment between msgid and
msgstr) and leaves the escapes it does not know (``\\a``, octal, hexadecimal) as text. This
reader follows ``gettext-tools/src/po-lex.c`` (the tokens), ``po-gram-gen.y`` (the grammar and
its error messages) and ``read-catalog-abstract.c`` (comments, flags, references), so that what
msgfmt reads is read exactly and what it refuses is refused, naming the line.

Where this reader refuses or normalises instead of following GNU, on purpose:

* a byte order mark before the first line is skipped, and a carriage return ending a comment
  line is dropped: Windows editors write them, and they are layout, not content;
* a string holding NUL is refused (GNU silently cuts the string there);
* an empty msgid_plural is refused: polib's model takes it for no plural at all, and writing
  the entry back would drop its msgstr[n];
* a ``domain`` line is refused: one catalog file here is one domain.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

import polib

from .errors import CatalogError

__all__ = ["parse_catalog"]

# po-lex.c, po_gram_lex: what may start a token, in the order it tries them. Whitespace is
# only these five characters and the newline, which also ends a "#~" or "#|" prefix's reach;
# any other character outside a string is junk.
_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\f\v\n]+)
    | (?P<obsolete>\#~) (?P<obsolete_previous>\|)?
    | (?P<previous>\#\|)
    | \# (?P<comment>[^\n]*)
    | " (?P<string>[^"\\\n]*(?:\\.[^"\\\n]*)*) (?P<closed>")?
    | (?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    | (?P<number>[0-9]+)
    | (?P<bracket>[\[\]])
    | (?P<junk>.)
    """,
    re.VERBOSE,
)
_KEYWORDS = frozenset({"domain", "msgctxt", "msgid", "msgid_plural", "msgstr"})
# After "#|" the same words name the previous msgid an entry was translated from.
_PREVIOUS_KEYWORDS = frozenset({"msgctxt", "msgid", "msgid_plural"})
# po-lex.c, control_sequence. Octal and hexadecimal escapes give one byte each.
_ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))')
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "b": "\b",
    "r": "\r",
    "f": "\f",
    "v": "\v",
    "a": "\a",
    "\\": "\\",
    '"': '"',
}
# An escaped byte that is not ASCII is kept as a lone surrogate (surrogateescape) until the
# entry's whole string is known: a character may be spelled across two quoted pieces.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
# gettext keeps msgctxt and msgid apart with EOT in a compiled catalog, so no string may hold it.
_CONTEXT_SEPARATOR = "\x04"
# read-catalog-abstract.c, po_parse_comment_special: what separates the flags of a "#," line.
_FLAG_SEPARATORS = re.compile("[\n \t\r\f\v,]+")
# po_parse_comment_solaris_filepos: "# File: name, line:12" (no space before the number) is a
# reference, not a comment.
_SOLARIS_REFERENCE = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t]*"
)
_DIGITS = re.compile("[0-9]+")
# po_parse_comment_filepos: "name:12" with the line number after its last colon.
_NAME_AND_LINE = re.compile("(.+):([0-9]+)")
# What a token that cannot come where it stands is called in the error.
_TOKEN_NAMES = {
    "string": "a continued string",
    "#| string": "a continued #| string",
    "comment": "a comment",
    "number": "a number",
    "[": "'['",
    "]": "']'",
}


class _Token(NamedTuple):
    # "comment", "string", a keyword ("msgid"), the same after "#|" ("#| msgid",
    # "#| string"), "number", "[", "]", or "end" after the last one.
    kind: str
    # A comment's text after "#", a string's value, a number's digits.
    text: str
    line: int
    # Written after "#~": part of an obsolete entry.
    obsolete: bool


def parse_catalog(text: str, shown: str) -> polib.POFile:
    """Parse a catalog's text as msgfmt does; raise CatalogError naming the first bad line."""
    entries = _Reader(_tokens(text.removeprefix("\ufeff"), shown), shown).entries()
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    header = next((entry for entry in entries if _is_header(entry)), None)
    if header is not None:
        catalog.header = header.tcomment
        catalog.metadata = _metadata(header.msgstr)
        # polib keeps the header's flags here, and so does format_catalog.
        catalog.metadata_is_fuzzy = header.flags
    catalog.extend(entry for entry in entries if entry is not header)
    _check_duplicates(catalog, header, shown)
    return catalog


def _tokens(text: str, shown: str) -> list[_Token]:
    # po-lex.c, lex_getc: a backslash before a newline joins two lines, anywhere.
    pieces = text.split("\\\n")
    joined = "".join(pieces)
    # Offsets in the joined text where a joined newline was: lines to add to those counted.
    joins = list(accumulate(len(piece) for piece in pieces[:-1]))
    tokens: list[_Token] = []
    newlines = 0
    obsolete = previous = False
    for match in _TOKEN.finditer(joined):
        kind = match.lastgroup
        if kind == "space":
            if "\n" in match[0]:
                newlines += match[0].count("\n")
                obsolete = previous = False
            continue
        line = newlines + 1 + (bisect.bisect_right(joins, match.start()) if joins else 0)
        if kind in ("obsolete", "obsolete_previous", "previous"):
            obsolete = obsolete or kind != "previous"
            previous = previous or kind != "obsolete"
        elif kind == "comment":
            comment = match["comment"].removesuffix("\r")
            tokens.append(_Token("comment", comment, line, obsolete))
        elif kind == "closed":
            value = _unescape(match["string"], shown, line)
            tokens.append(_Token("#| string" if previous else "string", value, line, obsolete))
        elif kind == "string":
            raise CatalogError("syntax error: string is not terminated", shown, line)
        elif kind == "word":
            keyword = _keyword(match["word"], previous, shown, line)
            tokens.append(_Token(keyword, "", line, obsolete))
        elif kind in ("number", "bracket"):
            symbol = match[kind]
            tokens.append(_Token("number" if kind == "number" else symbol, symbol, line, obsolete))
        else:
            raise CatalogError(f"syntax error: unexpected character {match[0]!r}", shown, line)
    last_line = tokens[-1].line if tokens else 1
    tokens.append(_Token("end", "", last_line, False))
    return tokens


def _keyword(word: str, previous: bool, shown: str, line: int) -> str:
    if previous and word in _PREVIOUS_KEYWORDS:
        return f"#| {word}"
    if not previous and word in _KEYWORDS:
        return word
    raise CatalogError(f"syntax error: unknown keyword {word!r}", shown, line)


def _unescape(body: str, shown: str, line: int) -> str:
    if "\\" not in body:
        return body

    def replace(escape: re.Match[str]) -> str:
        simple, octal, hexadecimal, invalid = escape.groups()
        if simple is not None:
            return _SIMPLE_ESCAPES[simple]
        if invalid is not None:
            raise CatalogError(f"syntax error: invalid escape sequence \\{invalid}", shown, line)
        # GNU keeps the low byte of the number, whatever its size.
        number = int(octal, 8) if octal is not None else int(hexadecimal, 16)
        return bytes([number & 0xFF]).decode("utf-8", "surrogateescape")

    return _ESCAPE.sub(replace, body)


class _Reader:
    """po-gram-gen.y over the tokens: entries, each with the comments before it."""

    def __init__(self, tokens: Sequence[_Token], shown: str) -> None:
        self._tokens = tokens
        self._next = 0
        self._shown = shown

    def entries(self) -> list[polib.POEntry]:
        entries: list[polib.POEntry] = []
        comments: list[_Token] = []
        while (token := self._peek()).kind != "end":
            if token.kind == "comment":
                comments.append(self._take())
            elif token.kind in ("msgctxt", "msgid", "#| msgctxt", "#| msgid"):
                entries.append(self._entry(comments))
                comments = []
            elif token.kind == "domain":
                raise self._error("a domain line is not supported: one file is one domain", token)
            else:
                raise self._unexpected(token)
        # Comments after the last entry belong to none, and GNU drops them too.
        return entries

    def _entry(self, comments: Sequence[_Token]) -> polib.POEntry:
        first = self._peek()
        entry = polib.POEntry(
            linenum=comments[0].line if comments else first.line, obsolete=first.obsolete
        )
        _read_comments(entry, comments)
        if first.kind in ("#| msgctxt", "#| msgid"):
            if first.kind == "#| msgctxt":
                entry.previous_msgctxt = self._strings(self._take(first), first)
            entry.previous_msgid = self._strings(self._expect("#| msgid", first), first)
            if self._peek().kind == "#| msgid_plural":
                entry.previous_msgid_plural = self._strings(self._take(first), first)
        if self._peek().kind == "msgctxt":
            entry.msgctxt = self._strings(self._take(first), first)
        msgid = self._expect("msgid", first)
        entry.msgid = self._strings(msgid, first)
        following = self._peek().kind
        if following == "msgid_plural":
            msgid_plural = self._take(first)
            entry.msgid_plural = self._strings(msgid_plural, first)
            if not entry.msgid_plural:
                raise self._error("msgid_plural is empty: write the plural's text", msgid_plural)
            if self._peek().kind != "msgstr":
                raise self._error("missing 'msgstr[]' section", msgid)
            entry.msgstr_plural = self._plural_forms(first)
        elif following == "msgstr":
            msgstr = self._take(first)
            if self._peek().kind == "[":
                raise self._error("missing 'msgid_plural' section", msgid)
            entry.msgstr = self._strings(msgstr, first)
        else:
            raise self._error("missing 'msgstr' section", msgid)
        return entry

    def _plural_forms(self, first: _Token) -> dict[int, str]:
        forms: dict[int, str] = {}
        while self._peek().kind == "msgstr":
            msgstr = self._take(first)
            if self._peek().kind != "[":
                message = "syntax error: after msgid_plural, msgstr needs an index: msgstr[0]"
                raise self._error(message, msgstr)
            self._take(first)
            index = int(self._expect("number", first).text)
            self._expect("]", first)
            if index != len(forms) and not forms:
                raise self._error("first plural form has nonzero index", msgstr)
            if index != len(forms):
                raise self._error("plural form has wrong index", msgstr)
            forms[index] = self._strings(msgstr, first, f"msgstr[{index}]")
        return forms

    def _strings(self, keyword: _Token, first: _Token, name: str | None = None) -> str:
        """The string after ``keyword``: its quoted pieces, joined."""
        kind = "#| string" if keyword.kind.startswith("#|") else "string"
        pieces = []
        while self._peek().kind == kind:
            pieces.append(self._take(first).text)
        if not pieces:
            raise self._error(f"syntax error: {name or keyword.kind} has no string", keyword)
        value = "".join(pieces)
        if _ESCAPED_BYTE.search(value):
            try:
                value = value.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeDecodeError:
                message = "escape sequences spell bytes that are not UTF-8"
                raise self._error(message, keyword) from None
        if "\0" in value:
            raise self._error("a string cannot hold a NUL character", keyword)
        if _CONTEXT_SEPARATOR in value:
            raise self._error("context separator <EOT> within string", keyword)
        return value

    def _peek(self) -> _Token:
        return self._tokens[self._next]

    def _take(self, first: _Token | None = None) -> _Token:
        """The next token; within an entry, it must be obsolete if the entry's ``first`` is."""
        token = self._tokens[self._next]
        if first is not None and token.obsolete != first.obsolete:
            raise self._error("inconsistent use of #~", token)
        self._next += 1
        return token

    def _expect(self, kind: str, first: _Token) -> _Token:
        token = self._peek()
        if token.kind != kind:
            raise self._unexpected(token)
        return self._take(first)

    def _unexpected(self, token: _Token) -> CatalogError:
        if token.kind == "end":
            return self._error("syntax error: the file ends in the middle of an entry", token)
        what = _TOKEN_NAMES.get(token.kind, token.kind)
        return self._error(f"syntax error: {what} cannot come here", token)

    def _error(self, message: str, token: _Token) -> CatalogError:
        return CatalogError(message, self._shown, token.line)


def _read_comments(entry: polib.POEntry, comments: Sequence[_Token]) -> None:
    """po_callback_comment_dispatcher: each comment line by the character after "#"."""
    translator: list[str] = []
    extracted: list[str] = []
    for comment in comments:
        text = comment.text
        if text.startswith("."):
            extracted.append(_without_first_space(text[1:]))
        elif text.startswith(":"):
            entry.occurrences.extend(_references(text[1:]))
        elif text.startswith((",", "!")):
            # Each flags line replaces the ones before it: po_parse_comment_special starts
            # from no flags at all.
            entry.flags = [flag for flag in _FLAG_SEPARATORS.split(text[1:]) if flag]
        elif solaris := _SOLARIS_REFERENCE.fullmatch(text):
            entry.occurrences.append((solaris[1], str(int(solaris[2]))))
        else:
            translator.append(_without_first_space(text))
    entry.tcomment = "\n".join(translator)
    entry.comment = "\n".join(extracted)


def _without_first_space(text: str) -> str:
    # "There is usually a space before the comment. People don't consider it part of the
    # comment" (read-catalog-abstract.c).
    return text.removeprefix(" ")


def _references(text: str) -> list[tuple[str, str]]:
    """The references of a "#:" line: "name:12", "name: 12", "name : 12" or a bare name."""
    words = re.findall("[^ \t]+", text)
    references: list[tuple[str, str]] = []
    at = 0
    while at < len(words):
        word = words[at]
        after = words[at + 1] if at + 1 < len(words) else ""
        further = words[at + 2] if at + 2 < len(words) else ""
        if after == ":" and _DIGITS.fullmatch(further):
            references.append((word, str(int(further))))
            at += 3
        elif after.startswith(":") and _DIGITS.fullmatch(after[1:]):
            references.append((word, str(int(after[1:]))))
            at += 2
        elif word.endswith(":") and _DIGITS.fullmatch(after):
            references.append((word[:-1], str(int(after))))
            at += 2
        elif joined := _NAME_AND_LINE.fullmatch(word):
            references.append((joined[1], str(int(joined[2]))))
            at += 1
        else:
            references.append((word, ""))
            at += 1
    return references


def _is_header(entry: polib.POEntry) -> bool:
    return not entry.obsolete and entry.msgctxt is None and entry.msgid == ""


def _metadata(msgstr: str) -> dict[str, str]:
    """The header's fields as polib reads them: a line without a colon continues the field
    before it."""
    fields: dict[str, str] = {}
    lines = msgstr.split("\n")
    if lines[-1] == "":
        lines.pop()
    name = None
    for line in lines:
        key, colon, value = line.partition(":")
        if colon:
            name = key
            fields[name] = value.strip(" \t")
        elif name is not None:
            fields[name] += "\n" + line.strip(" \t")
    return fields


def _check_duplicates(catalog: polib.POFile, header: polib.POEntry | None, shown: str) -> None:
    """msgfmt rejects two active entries with the same msgctxt and msgid. polib's own check
    compares each entry with all before it, minutes for a large catalog; a set takes one pass."""
    seen: set[tuple[str | None, str]] = set() if header is None else {(None, "")}
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise CatalogError("duplicate message definition", shown, entry.linenum)
        seen.add(key)
