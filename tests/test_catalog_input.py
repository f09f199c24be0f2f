"""Which catalogs are read, and how: what GNU msgfmt reads is read exactly as it reads it, what
it refuses is refused naming the same line, and a path that holds no catalog is one line too.

The oracles are GNU gettext's own tools: msgcat (our text is its fixed point, and we read any
file into what msgcat writes of it), msgfmt -c (it accepts what we write) and the .mo file
msgfmt compiles (it holds the very strings we read).
"""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize_post.catalogs import merge, read_catalog, ui_template
from localize_post.errors import CatalogError
from localize_post.locales import parse_language
from localize_post.poformat import format_catalog
from localize_post.poreader import parse_catalog

from conftest import Run, require_tool, tree_digest

GERMAN = parse_language("de")  # two plural forms, as the catalogs below have
NOW = datetime(2020, 11, 5, tzinfo=UTC)
HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    "\n"
)
FIRST_LINE = HEADER.count("\n") + 1  # of what follows the header

# Characters msgfmt takes inside a string where str.splitlines() would end a line (the first
# eight), and others easy to mangle: controls, invisible and byte-order characters.
CHARACTERS = {
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "next line": "\x85",
    "form feed": "\f",
    "vertical tab": "\v",
    "file separator": "\x1c",
    "group separator": "\x1d",
    "record separator": "\x1e",
    "unit separator": "\x1f",
    "carriage return": "\r",
    "bell": "\a",
    "backspace": "\b",
    "escape": "\x1b",
    "start of heading": "\x01",
    "delete": "\x7f",
    "zero width space": "\u200b",
    "byte order mark": "\ufeff",
    "no-break space": "\xa0",
}


def _msgcat(text: str) -> str:
    msgcat = require_tool("msgcat")
    result = subprocess.run(
        [msgcat, "--force-po", "-"], input=text.encode("utf-8"), capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def _msgfmt(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """msgfmt run in the file's folder, so that its messages name the file as we do."""
    msgfmt = require_tool("msgfmt")
    return subprocess.run(
        [msgfmt, *options, path.name], cwd=path.parent, capture_output=True, text=True
    )


def _catalog_holding(character: str) -> polib.POFile:
    """A translated catalog with ``character`` in every string and comment it can be in."""
    catalog = merge(ui_template([], "test", "", NOW), None, GERMAN, NOW)
    long_text = f"A sentence long enough to be wrapped{character}by msgcat, " * 3
    catalog.extend(
        [
            polib.POEntry(
                msgid=f"Hello{character}world",
                msgstr=f"Bonjour{character}le monde",
                tcomment=f"Translators: keep{character}it",
                comment=f"A heading{character}of the post",
                occurrences=[("source/post.md", "3")],
            ),
            polib.POEntry(msgid=long_text, msgstr=long_text.upper(), msgctxt=f"menu{character}"),
            polib.POEntry(
                msgid=f"{character}Read more",
                msgstr=f"Lire la suite{character}",
                flags=["fuzzy"],
                previous_msgid=f"Read{character}more",
            ),
            polib.POEntry(
                msgid=f"%(count)s comment{character}",
                msgid_plural=f"%(count)s comments{character}",
                msgstr_plural={
                    0: f"%(count)s Kommentar{character}",
                    1: f"{character}%(count)s Kommentare",
                },
                flags=["python-format"],
            ),
            polib.POEntry(msgid=f"Old{character}title", msgstr=f"Ancien{character}", obsolete=True),
        ]
    )
    return catalog


def _fields(catalog: polib.POFile) -> list[tuple[object, ...]]:
    return [
        (
            entry.obsolete,
            entry.msgctxt,
            entry.msgid,
            entry.msgid_plural,
            entry.msgstr,
            dict(entry.msgstr_plural),
            entry.tcomment,
            entry.comment,
            list(entry.occurrences),
            list(entry.flags),
            entry.previous_msgctxt,
            entry.previous_msgid,
        )
        for entry in catalog
    ]


# --- valid input is accepted, exactly --------------------------------------------------------


@pytest.mark.parametrize("character", CHARACTERS.values(), ids=CHARACTERS.keys())
def test_written_catalogs_with_the_character_are_gnus_own(tmp_path: Path, character: str) -> None:
    catalog = _catalog_holding(character)
    text = format_catalog(catalog)
    path = tmp_path / "x.po"
    path.write_bytes(text.encode("utf-8"))
    # msgcat leaves every byte as it is, and msgfmt -c finds nothing wrong.
    assert _msgcat(text) == text
    checked = _msgfmt(path, "-c", "-o", "/dev/null")
    assert checked.returncode == 0, checked.stderr
    assert "error" not in checked.stderr
    # Reading it back gives every string and comment as it was, and writes the same bytes.
    reread = read_catalog(path, "x.po")
    assert _fields(reread) == _fields(catalog)
    assert reread.metadata == catalog.metadata
    assert format_catalog(reread) == text


@pytest.mark.parametrize("character", CHARACTERS.values(), ids=CHARACTERS.keys())
def test_we_read_the_strings_msgfmt_compiles(tmp_path: Path, character: str) -> None:
    """GNU's reading of the file, as the .mo it compiles holds it, is ours, character for
    character: the strings as the translator's tool would write them (the character raw, as
    Poedit leaves a form feed or a line separator), through msgfmt and through us."""
    raw = (
        f"{HEADER}"
        f'msgid "Hello{character}world"\n'
        f'msgstr "Bonjour{character}" "le monde"\n'
        "\n"
        f'msgctxt "menu{character}"\n'
        f'msgid "Open"\n'
        f'msgstr "{character}Ouvrir{character}"\n'
    )
    path = tmp_path / "x.po"
    path.write_bytes(raw.encode("utf-8"))
    compiled = _msgfmt(path, "-o", "x.mo")
    assert compiled.returncode == 0, compiled.stderr
    gnu = {
        (entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.mofile(str(tmp_path / "x.mo"))
    }
    ours = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in read_catalog(path, "x.po")}
    assert ours == gnu
    assert format_catalog(read_catalog(path, "x.po")) == _msgcat(raw)


_WORD = st.sampled_from(["the", "quick", "lazy", "word", "日本語の文章です。", "نص", "%s", "{x}"])
_TRICKY = st.sampled_from([*CHARACTERS.values(), "\n", "\t", " ", "  ", '"', "\\"])
_TRICKY_TEXT = st.lists(st.one_of(_WORD, _TRICKY), max_size=30).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    msgids=st.lists(_TRICKY_TEXT, min_size=1, max_size=4),
    msgstrs=st.lists(_TRICKY_TEXT, min_size=4, max_size=4),
    comment=_TRICKY_TEXT,
)
def test_any_text_of_such_characters_is_written_as_gnu_and_read_back_losslessly(
    msgids: list[str], msgstrs: list[str], comment: str
) -> None:
    catalog = merge(ui_template([], "test", "", NOW), None, GERMAN, NOW)
    # A comment is one line per "\n"; GNU's reader joins a line ending in a backslash (or, in
    # ours, ending in a carriage return) with what follows, so none ends that way here.
    lines = [line.rstrip("\\\r") for line in comment.split("\n")]
    for number, (msgid, msgstr) in enumerate(zip(msgids, msgstrs, strict=False)):
        catalog.append(
            polib.POEntry(msgid=f"{number} {msgid}", msgstr=msgstr, tcomment="\n".join(lines))
        )
    text = format_catalog(catalog)
    assert _msgcat(text) == text
    reread = parse_catalog(text, "x.po")
    assert _fields(reread) == _fields(catalog)
    assert format_catalog(reread) == text


# How another tool may write a string: characters raw or escaped (GNU's escapes, octal and
# hexadecimal ones included), split across quoted pieces anywhere.
_PIECE = st.one_of(
    _WORD,
    st.sampled_from([*CHARACTERS.values(), " ", "\t"]),
    st.sampled_from(['\\"', "\\\\", "\\n", "\\t", "\\a", "\\b", "\\f", "\\v", "\\r"]),
    st.sampled_from(["\\101", "\\x41", "\\303\\251", "\\342\\200\\250", "\\7", "\\x7f"]),
)
_QUOTED = st.lists(st.lists(_PIECE, max_size=10).map("".join), min_size=1, max_size=3).map(
    lambda pieces: "\n".join(f'"{piece}"' for piece in pieces)
)
# Comment text may hold any character but a newline; see above for a last backslash or CR. It
# starts with a word: polib's model holds a lone empty "#" line as no comment at all.
_COMMENT = st.tuples(
    _WORD, st.lists(st.one_of(_WORD, _TRICKY.filter(lambda c: c not in "\n\\")), max_size=8)
).map(lambda parts: (parts[0] + "".join(parts[1])).rstrip("\r"))
_REFERENCES = st.sampled_from(
    ["#: a.py:1 b.py : 2 c.md: 3 d", "#: src/x.md:007", "#:x.py:1", "# File: a.c, line:12"]
)
_FLAGS = st.sampled_from(["#, fuzzy", "#,fuzzy", "#, fuzzy c-format", "#, python-format, fuzzy"])


@st.composite
def _entry_sources(draw: st.DrawFn, number: int) -> str:
    lines = [f"#{draw(st.sampled_from(['', ' ', '.', '. ', '  ']))}{draw(_COMMENT)}"]
    lines += draw(st.lists(st.one_of(_REFERENCES, _FLAGS), max_size=2))
    obsolete = draw(st.booleans()) and draw(st.booleans())
    keywords = []
    if draw(st.booleans()):
        keywords.append("#| msgid " + draw(_QUOTED).replace("\n", "\n#| "))
    if draw(st.booleans()):
        keywords.append("msgctxt " + draw(_QUOTED))
    keywords.append(f'msgid "{number} "\n' + draw(_QUOTED))
    if draw(st.booleans()):
        keywords.append(f'msgid_plural "{number} "\n' + draw(_QUOTED))
        keywords.append("msgstr[0] " + draw(_QUOTED))
        keywords.append("msgstr[1] " + draw(_QUOTED))
    else:
        keywords.append("msgstr " + draw(_QUOTED))
    source = "\n".join(keywords)
    if obsolete:  # every line of it after "#~", the "#|" ones as "#~|"
        source = "\n".join(
            "#~|" + line[2:] if line.startswith("#|") else "#~ " + line
            for line in source.split("\n")
        )
    return "\n".join([*lines, source]) + "\n"


@st.composite
def _catalog_sources(draw: st.DrawFn) -> str:
    count = draw(st.integers(min_value=1, max_value=4))
    return HEADER + "\n".join(draw(_entry_sources(number)) for number in range(count))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_catalog_sources())
def test_any_file_gnu_reads_is_read_into_what_msgcat_writes_of_it(source: str) -> None:
    assert format_catalog(parse_catalog(source, "x.po")) == _msgcat(source)


# Files GNU reads that polib read wrongly or refused; msgcat's output of each is the oracle.
ACCEPTED = {
    "index in brackets with spaces": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr [ 0 ] "x"\nmsgstr[1]"y"\n'
    ),
    "a backslash joins two lines": 'msg\\\nid "a\\\nb"\nmsgstr "c"\n',
    "escapes polib leaves as text": 'msgid "\\a \\101\\x42 \\303\\251 \\x141"\nmsgstr "\\7"\n',
    "previous msgid of an obsolete entry": (
        '#, fuzzy\n#~| msgid "Old"\n#~ msgid "New"\n#~ msgstr "Neuf"\n'
    ),
    "references GNU understands": '#: a.py : 12 b.py: 3 c.py:007 d\nmsgid "a"\nmsgstr ""\n',
    "a Solaris reference": '# File: src/a.c, line:12\nmsgid "a"\nmsgstr ""\n',
    "flags without a space or comma": '#,fuzzy c-format\nmsgid "%d a"\nmsgstr "%d b"\n',
    "only the last flags line counts": '#, c-format\n#, fuzzy\nmsgid "%d a"\nmsgstr "%d b"\n',
    "comments polib misreads": '## double\n#-dash\n#.x\nmsgid "a"\nmsgstr ""\n',
    "whitespace GNU skips": 'msgid\t"a"\f\v\nmsgstr\r"b"  \n',
    "a comment before the first entry is its own": '# About a\nmsgid "a"\nmsgstr "b"\n',
    "comments after the last entry": 'msgid "a"\nmsgstr "b"\n# trailing\n',
}


@pytest.mark.parametrize("body", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_syntax_gnu_reads_is_read_as_gnu_reads_it(body: str) -> None:
    source = HEADER + body
    assert format_catalog(parse_catalog(source, "x.po")) == _msgcat(source)


def test_windows_line_ends_are_layout(tmp_path: Path) -> None:
    """A carriage return before each newline is whitespace to GNU, except at the end of a
    comment, which it keeps; there this reader drops it, so Windows editors' files read like
    any other."""
    unix = HEADER + '# A comment\n#. Another\nmsgid "a"\nmsgstr "b\\r"\n'
    path = tmp_path / "x.po"
    path.write_bytes(unix.replace("\n", "\r\n").encode("utf-8"))
    assert format_catalog(read_catalog(path, "x.po")) == _msgcat(unix)


def test_a_raw_carriage_return_inside_a_string_is_a_character(tmp_path: Path) -> None:
    raw = HEADER + 'msgid "a"\nmsgstr "one\rtwo"\n'
    path = tmp_path / "x.po"
    path.write_bytes(raw.encode("utf-8"))
    assert read_catalog(path, "x.po")[0].msgstr == "one\rtwo"
    assert format_catalog(read_catalog(path, "x.po")) == _msgcat(raw)


# --- bad input is refused, as msgfmt refuses it -----------------------------------------------

# msgfmt's own words, at msgfmt's own line.
REFUSED_IN_GNUS_WORDS = {
    "msgid without msgstr at the end": 'msgid "a"\n',
    "msgid without msgstr before another entry": 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
    "msgid without msgstr before the next entry's comment": (
        'msgid "a"\n\n#. b\nmsgid "b"\nmsgstr "c"\n'
    ),
    "a comment between msgid and msgstr": 'msgid "a"\n# c\nmsgstr "b"\n',
    "msgctxt and msgid without msgstr": 'msgctxt "a"\nmsgid "b"\n',
    "obsolete msgid without msgstr": '#~ msgid "a"\n',
    "msgid_plural without msgstr[]": 'msgid "a"\nmsgid_plural "as"\n\nmsgid "b"\nmsgstr ""\n',
    "msgstr[0] without msgid_plural": 'msgid "a"\nmsgstr[0] "x"\n',
    "plural forms from 1": 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\n',
    "a plural form skipped": 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
    "#~ on msgstr only": 'msgid "a"\n#~ msgstr "b"\n',
    "#~ on msgid only": '#~ msgid "a"\nmsgstr "b"\n',
    "EOT in a string": 'msgid "a\\004b"\nmsgstr ""\n',
    "a duplicate": 'msgid "a"\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n',
}

# msgfmt says "syntax error" or words of its own; ours say what is wrong, at the line where it
# is. That is msgfmt's line (the second number, after the header) unless msgfmt names where it
# noticed: after the newline that cut a string, at the keyword after one without its string,
# past the end of the file.
REFUSED_IN_OUR_WORDS = {
    "an unterminated string": (
        'msgid "a"\nmsgstr "b\n',
        1,
        2,
        "syntax error: string is not terminated",
    ),
    "an unknown keyword": (
        'msgid "a"\nmsgstr "b"\nmsgtxt "c"\n',
        2,
        2,
        "syntax error: unknown keyword 'msgtxt'",
    ),
    "an unknown escape": (
        'msgid "a\\q"\nmsgstr ""\n',
        0,
        0,
        "syntax error: invalid escape sequence \\q",
    ),
    "msgstr twice": (
        'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
        2,
        2,
        "syntax error: msgstr cannot come here",
    ),
    "a string after a comment": (
        '# c\n"a"\nmsgid "b"\nmsgstr ""\n',
        1,
        1,
        "syntax error: a continued string cannot come here",
    ),
    "msgstr without index after msgid_plural": (
        'msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n',
        2,
        2,
        "syntax error: after msgid_plural, msgstr needs an index: msgstr[0]",
    ),
    "a keyword without its string": (
        'msgid "a"\nmsgstr\n\nmsgid "b"\nmsgstr ""\n',
        1,
        3,
        "syntax error: msgstr has no string",
    ),
    "a line separator outside the quotes": (
        'msgid\u2028"a"\nmsgstr ""\n',
        0,
        0,
        "syntax error: unexpected character '\\u2028'",
    ),
    "the file ends inside an entry": (
        'msgctxt "a"\n',
        0,
        1,
        "syntax error: the file ends in the middle of an entry",
    ),
}

_GNU_ERROR = re.compile(r"^x\.po:(\d+):(?:\d+:)? (.*)$", re.MULTILINE)


def _gnu_errors(tmp_path: Path, body: str) -> list[tuple[int, str]]:
    path = tmp_path / "x.po"
    path.write_bytes((HEADER + body).encode("utf-8"))
    result = _msgfmt(path, "-c", "-o", "/dev/null")
    assert result.returncode != 0, "msgfmt accepted it"
    return [
        (int(line), message)
        for line, message in _GNU_ERROR.findall(result.stderr)
        if not message.startswith("warning:")
    ]


def _our_error(body: str) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(HEADER + body, "x.po")
    assert str(caught.value).count("\n") == 0
    return caught.value


@pytest.mark.parametrize("body", REFUSED_IN_GNUS_WORDS.values(), ids=REFUSED_IN_GNUS_WORDS.keys())
def test_bad_input_is_refused_as_msgfmt_says(tmp_path: Path, body: str) -> None:
    line, message = _gnu_errors(tmp_path, body)[0]
    message = message.removesuffix("...")  # GNU's duplicate goes on to name the first one
    error = _our_error(body)
    assert str(error) == f"x.po:{line}: {message}"


@pytest.mark.parametrize(
    ("body", "ours", "gnus", "message"),
    REFUSED_IN_OUR_WORDS.values(),
    ids=REFUSED_IN_OUR_WORDS.keys(),
)
def test_what_msgfmt_refuses_is_refused_naming_the_line(
    tmp_path: Path, body: str, ours: int, gnus: int, message: str
) -> None:
    [(gnu_line, _), *_] = _gnu_errors(tmp_path, body)
    assert gnu_line == FIRST_LINE + gnus
    assert str(_our_error(body)) == f"x.po:{FIRST_LINE + ours}: {message}"


def test_msgid_without_msgstr_names_the_msgid_line() -> None:
    assert str(_our_error('msgid "a"\n')) == f"x.po:{FIRST_LINE}: missing 'msgstr' section"
    error = _our_error('#. a comment\nmsgctxt "c"\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n')
    assert error.line == FIRST_LINE + 2


def test_escapes_that_spell_no_utf8_are_refused() -> None:
    # msgfmt says "invalid multibyte sequence" (at the msgstr after it).
    error = _our_error('msgid "caf\\351"\nmsgstr ""\n')
    assert (error.line, error.message) == (
        FIRST_LINE,
        "escape sequences spell bytes that are not UTF-8",
    )


def test_a_nul_gnu_would_cut_the_string_at_is_refused(tmp_path: Path) -> None:
    """msgfmt silently keeps only what comes before \\0; a translation is not half-used here."""
    body = 'msgid "a"\nmsgstr "kept\\0lost"\n'
    path = tmp_path / "x.po"
    path.write_bytes((HEADER + body).encode("utf-8"))
    assert _msgfmt(path, "-o", "x.mo").returncode == 0
    assert [entry.msgstr for entry in polib.mofile(str(tmp_path / "x.mo"))] == ["kept"]
    error = _our_error(body)
    assert (error.line, error.message) == (FIRST_LINE + 1, "a string cannot hold a NUL character")


def test_an_empty_msgid_plural_is_refused() -> None:
    """GNU takes it; polib's model would take the entry for a singular one and lose its forms."""
    error = _our_error('msgid "a"\nmsgid_plural ""\nmsgstr[0] "x"\nmsgstr[1] "y"\n')
    assert str(error) == f"x.po:{FIRST_LINE + 1}: msgid_plural is empty: write the plural's text"


def test_a_domain_line_is_refused() -> None:
    error = _our_error('domain "other"\nmsgid "a"\nmsgstr ""\n')
    assert error.line == FIRST_LINE and error.message.startswith("a domain line is not supported")


# --- a catalog path that holds no catalog ----------------------------------------------------


def _make_unreadable(path: Path, kind: str) -> None:
    if kind == "folder":
        path.mkdir()
    elif kind == "dangling symlink":
        path.symlink_to("missing.po")
    elif kind == "symlink loop":
        partner = path.with_name(f"{path.name}.loop")
        path.symlink_to(partner.name)
        partner.symlink_to(path.name)
    elif kind == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")  # a device: reading it would never end


UNREADABLE = {
    "folder": "is a folder, not a file",
    "dangling symlink": "is a symbolic link to missing.po, which does not exist",
    "symlink loop": "is a loop of symbolic links",
    "pipe": "is not a regular file",
    "device": "is not a regular file",
}


@pytest.mark.parametrize(("kind", "message"), UNREADABLE.items(), ids=UNREADABLE.keys())
def test_a_catalog_path_that_is_no_file_is_one_line_naming_it(
    tmp_path: Path, kind: str, message: str
) -> None:
    path = tmp_path / "ui.po"
    _make_unreadable(path, kind)
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, "locales/fr/LC_MESSAGES/ui.po")
    assert str(caught.value) == f"locales/fr/LC_MESSAGES/ui.po: {message}"


@pytest.mark.parametrize("kind", ["folder", "dangling symlink"])
def test_update_stops_at_a_catalog_path_that_is_no_file(project: Path, run: Run, kind: str) -> None:
    catalog = project / "locales" / "fr" / "LC_MESSAGES" / "ui.po"
    catalog.unlink()
    _make_unreadable(catalog, kind)
    before = tree_digest(project)
    result = run("-C", project, "update")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("localize-post: ")
    assert f"locales/fr/LC_MESSAGES/ui.po: {UNREADABLE[kind]}" in line
    assert tree_digest(project) == before
