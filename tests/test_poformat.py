"""localize_post.poformat must write catalogs exactly as GNU gettext 0.21's msgcat does,
and localize_post.poreader read them back as GNU does.

The oracle is msgcat itself: on the real catalogs in shared/corpus/po, on generated
catalogs, and on the small hand-written cases whose expected text is pinned here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize_post.catalogs import read_catalog
from localize_post.poformat import display_width, format_catalog
from localize_post.poreader import parse_catalog

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "po"
CORPUS_FILES = sorted(
    path for path in CORPUS.rglob("*") if path.suffix in (".po", ".pot") and path.is_file()
)

# What polib's model cannot carry from a file, so no serialiser can write it back: it
# keeps translator comments as one string, so a lone empty "#" line is the empty string,
# the same as no comment.  Maps a corpus file to the text missing from our output's start.
MODEL_LOSSES = {"ja/comprehensive-rust/messages.DERIVED-from-ja.after.pot": "#\n"}


def _ci() -> bool:
    return os.environ.get("CI") == "true"


def _msgcat_or_skip() -> str:
    """Path of a GNU msgcat 0.21; skip without one, but fail in CI."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        reason = "GNU gettext's msgcat is not installed"
    else:
        version = subprocess.run(
            [msgcat, "--version"], capture_output=True, text=True, check=True
        ).stdout.splitlines()[0]
        if version.endswith(" 0.21"):
            return msgcat
        reason = f"the expected output is GNU gettext 0.21's, found {version!r}"
    if _ci():
        pytest.fail(reason)
    pytest.skip(reason)


def _msgcat(msgcat: str, text: str | None = None, path: Path | None = None) -> str:
    """msgcat's output for a file or for PO text given on stdin.

    --force-po only matters for a catalog with nothing but a header, which plain
    msgcat refuses to write at all (format_catalog writes it as --force-po does).
    """
    source = str(path) if path is not None else "-"
    result = subprocess.run(
        [msgcat, "--force-po", source],
        input=None if text is None else text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def _assert_same_text(ours: str, expected: str) -> None:
    """Equality with a readable failure for megabyte-sized catalogs."""
    if ours == expected:
        return
    our_lines, expected_lines = ours.splitlines(), expected.splitlines()
    for number, (mine, theirs) in enumerate(zip(our_lines, expected_lines, strict=False), 1):
        if mine != theirs:
            pytest.fail(f"line {number} differs:\n  ours:   {mine!r}\n  msgcat: {theirs!r}")
    pytest.fail(
        f"ours has {len(our_lines)} lines, msgcat {len(expected_lines)}; "
        f"endings: ours {ours[-20:]!r}, msgcat {expected[-20:]!r}"
    )


# --------------------------------------------------------------------------------------
# Real catalogs.


def test_corpus_is_present() -> None:
    if not CORPUS_FILES:
        message = f"no catalogs found under {CORPUS}"
        if _ci():
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[str(path.relative_to(CORPUS)) for path in CORPUS_FILES]
)
def test_corpus_catalog_matches_msgcat(path: Path) -> None:
    msgcat = _msgcat_or_skip()
    expected = _msgcat(msgcat, path=path)
    ours = format_catalog(read_catalog(path, path.name))
    lost = MODEL_LOSSES.get(path.relative_to(CORPUS).as_posix(), "")
    assert expected.startswith(lost)
    _assert_same_text(lost + ours, expected)


# --------------------------------------------------------------------------------------
# Generated catalogs.

_PLAIN_WORDS = (
    "the quick brown fox jumps over lazy dog e.g. well-known don't (see below) "
    "[link](https://example.com/a-b) `code` **bold** 1,000.5 50% $5 ... … — x/y "
    ":mod:`os` <p> </p> %(name)s %s %1$s {name} {0} {a.b} {{ }}"
).split()
_WORDS = st.sampled_from(
    [
        *_PLAIN_WORDS,
        # Format directives with a space inside, and an unbreakable token.
        *("% d", "100% tab", "{a: >5}", "https://example.com/" + "x" * 70),
    ]
)
_CJK = st.sampled_from(
    [
        "日本語の文章です。",
        "「引用」と（括弧）、",  # noqa: RUF001 - CJK punctuation is the point
        "カタカナ・ひらがなーっ",
        "中文字符串，测试。",  # noqa: RUF001
        "한국어 문장입니다",
        "！？",  # noqa: RUF001
        "翻訳",
    ]
)
_RTL = st.sampled_from(["هذا نص عربي، ونقطة.", "این یک متن فارسی است", "שלום עולם-טוב"])
_SPECIAL = st.sampled_from(["\n", "\n\n", '"', "\\", "\t", "  "])
_SEPARATOR = st.sampled_from(["", " ", " ", "  "])

_TEXT = st.lists(
    st.one_of(
        st.tuples(_WORDS, _SEPARATOR).map("".join),
        _CJK,
        _RTL,
        _SPECIAL,
        # Any assigned character, controls and line separators included (str.splitlines
        # takes U+2028 or a form feed for a line end, GNU does not), except NUL and EOT,
        # which no catalog string may hold.
        st.text(
            st.characters(
                codec="utf-8",
                exclude_categories=("Cs", "Co", "Cn"),
                exclude_characters="\x00\x04",
            ),
            max_size=8,
        ),
    ),
    max_size=40,
).map("".join)
_COMMENT_LINE = st.sampled_from(["Translators: keep it short", "é", "see https://example.com"])
_OCCURRENCE = st.tuples(
    st.sampled_from(["src/a.py", "./src/b.md", "lib/some/long/path/module_name.py", "é/ü.md"]),
    st.sampled_from(["", "1", "23", "4567"]),
)
_FLAGS = st.lists(
    st.sampled_from(
        ["fuzzy", "c-format", "python-format", "python-brace-format", "no-python-format"]
    ),
    unique=True,
)


@st.composite
def _entries(draw: st.DrawFn, index: int) -> polib.POEntry:
    obsolete = draw(st.booleans()) and draw(st.booleans())
    entry = polib.POEntry(
        # GNU rejects duplicate msgids, so every generated one is distinct.
        msgid=f"m{index} " + draw(_TEXT),
        msgctxt=draw(st.none() | _TEXT),
        flags=draw(_FLAGS),
        tcomment="\n".join(draw(st.lists(_COMMENT_LINE, max_size=2))),
        comment="\n".join(draw(st.lists(_COMMENT_LINE, max_size=2))),
        occurrences=draw(st.lists(_OCCURRENCE, max_size=8)),
        obsolete=obsolete,
    )
    if draw(st.booleans()):
        entry.msgid_plural = "p " + draw(_TEXT)
        forms = draw(st.lists(_TEXT, min_size=1, max_size=3))
        entry.msgstr_plural = dict(enumerate(forms))
    else:
        entry.msgstr = draw(_TEXT)
    if "fuzzy" in entry.flags and draw(st.booleans()):
        entry.previous_msgid = draw(_TEXT)
        entry.previous_msgctxt = draw(st.none() | _TEXT)
    return entry


@st.composite
def _catalogs(draw: st.DrawFn) -> polib.POFile:
    catalog = polib.POFile()
    catalog.header = draw(st.sampled_from(["", "Blog posts.\nCopyright (C) the authors."]))
    catalog.metadata = {
        "Project-Id-Version": "blog 1.0",
        "Language-Team": "French <https://example.com/a/rather/long/team/address/for/wrap>",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
    }
    catalog.metadata_is_fuzzy = draw(st.booleans())
    for index in range(draw(st.integers(min_value=1, max_value=6))):
        catalog.append(draw(_entries(index)))
    return catalog


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def _written_form(entry: polib.POEntry) -> dict[str, object]:
    """What should be read back for an entry GNU keeps, normalised like GNU."""
    unique: list[tuple[str, str]] = []
    for occurrence in entry.occurrences:
        if occurrence not in unique:
            unique.append(occurrence)
    flags = ["fuzzy"] if "fuzzy" in entry.flags and _translated(entry) else []
    # GNU keeps one state per format language (the last flag given for it wins) and
    # writes the languages in its own order: c, python, python-brace.
    python = [f for f in entry.flags if f in ("python-format", "no-python-format")]
    flags += [f for f in entry.flags if f == "c-format"] + python[-1:]
    flags += [f for f in entry.flags if f == "python-brace-format"]
    return {
        "msgctxt": entry.msgctxt,
        "msgid": entry.msgid,
        "msgid_plural": entry.msgid_plural,
        "msgstr": entry.msgstr,
        "msgstr_plural": entry.msgstr_plural,
        "obsolete": bool(entry.obsolete),
        "tcomment": entry.tcomment,
        "comment": entry.comment,
        "occurrences": [(path.removeprefix("./"), line) for path, line in unique],
        "flags": flags,
        "previous_msgid": entry.previous_msgid,
        "previous_msgctxt": entry.previous_msgctxt,
    }


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_catalogs())
def test_generated_catalogs_are_msgcat_fixed_points_and_read_back(
    catalog: polib.POFile,
) -> None:
    msgcat = _msgcat_or_skip()
    ours = format_catalog(catalog)
    assert ours.endswith("\n")
    _assert_same_text(ours, _msgcat(msgcat, text=ours))

    reread = parse_catalog(ours, "generated.po")
    kept = [e for e in catalog if not e.obsolete] + [
        e for e in catalog if e.obsolete and _translated(e)
    ]
    assert [_written_form(e) for e in reread] == [_written_form(e) for e in kept]
    assert reread.metadata == catalog.metadata
    assert bool(reread.metadata_is_fuzzy) == catalog.metadata_is_fuzzy
    assert reread.header == catalog.header


# --------------------------------------------------------------------------------------
# Hand-written cases with the exact text GNU writes (checked against msgcat below).


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(entries)
    return catalog


HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'

LONG_ENGLISH = (
    _catalog(
        polib.POEntry(
            msgid="Localize each blog post through gettext catalogs so that translators "
            "can work with the tools they already know.",
            occurrences=[("src/posts/hello.md", "12")],
        )
    ),
    HEADER + "#: src/posts/hello.md:12\n"
    'msgid ""\n'
    '"Localize each blog post through gettext catalogs so that translators can "\n'
    '"work with the tools they already know."\n'
    'msgstr ""\n',
)

# 77 columns are free between the quotes and every character here but "gettext" takes
# two.  The first line below is 75 columns wide: "す" would still fit, but "。" may not
# start a line, so GNU carries "す" over with it.
LONG_JAPANESE = (
    _catalog(
        polib.POEntry(
            msgid="各記事はgettextカタログを通して翻訳されるため、"
            "翻訳者は普段のツールを使えます。差分も出ません。"
        )
    ),
    HEADER + 'msgid ""\n'
    '"各記事はgettextカタログを通して翻訳されるため、翻訳者は普段のツールを使えま"\n'
    '"す。差分も出ません。"\n'
    'msgstr ""\n',
)

EMBEDDED_NEWLINES = (
    _catalog(
        polib.POEntry(
            msgid='First line\nSecond line with a "quote" and a back\\slash\n\tTabbed third\n',
            msgstr="Première ligne\nDeuxième ligne\n",
        )
    ),
    HEADER + 'msgid ""\n'
    '"First line\\n"\n'
    '"Second line with a \\"quote\\" and a back\\\\slash\\n"\n'
    '"\\tTabbed third\\n"\n'
    'msgstr ""\n'
    '"Première ligne\\n"\n'
    '"Deuxième ligne\\n"\n',
)

# msgcat never breaks inside a format directive of the entry's format language: with
# python-format "%(sort key)s" stays whole, without the flag it is split after "sort".
# In C, "% ta" is a directive (flag " ", size "t", conversion "a"), so with c-format
# "100% " may not end a line.
_SORTED = "Nombre de commentaires publiés pour l'article sélectionné, triés par "
_SAVED = "La sauvegarde des articles et des commentaires est désormais finie à "
DIRECTIVES = (
    _catalog(
        polib.POEntry(msgid="sorted", msgstr=_SORTED + "%(sort key)s.", flags=["python-format"]),
        polib.POEntry(msgid="sorted, no flag", msgstr=_SORTED + "%(sort key)s."),
        polib.POEntry(
            msgid="saved", msgstr=_SAVED + "100% tableau par tableau.", flags=["c-format"]
        ),
        polib.POEntry(msgid="saved, no flag", msgstr=_SAVED + "100% tableau par tableau."),
    ),
    HEADER + "#, python-format\n"
    'msgid "sorted"\n'
    'msgstr ""\n'
    f'"{_SORTED}"\n'
    '"%(sort key)s."\n'
    "\n"
    'msgid "sorted, no flag"\n'
    'msgstr ""\n'
    f'"{_SORTED}%(sort "\n'
    '"key)s."\n'
    "\n"
    "#, c-format\n"
    'msgid "saved"\n'
    'msgstr ""\n'
    f'"{_SAVED}"\n'
    '"100% tableau par tableau."\n'
    "\n"
    'msgid "saved, no flag"\n'
    'msgstr ""\n'
    f'"{_SAVED}100% "\n'
    '"tableau par tableau."\n',
)

# gettext 0.21's python-brace parser records directive ends relative to the directive
# instead of the string, so msgcat keeps the *start* of such a string together (here
# the first len("{name}") bytes): "Dear " may not end a line, as it would without
# the flag.
BRACE_QUIRK = (
    _catalog(
        polib.POEntry(
            msgid="Dear {name},",
            msgstr="Dear " + "x" * 74 + "{name},",
            flags=["python-brace-format"],
        ),
        polib.POEntry(msgid="Dear you,", msgstr="Dear " + "x" * 74 + "{name},"),
    ),
    HEADER + "#, python-brace-format\n"
    'msgid "Dear {name},"\n'
    'msgstr "Dear ' + "x" * 74 + '{name},"\n'
    "\n"
    'msgid "Dear you,"\n'
    'msgstr ""\n'
    '"Dear "\n'
    '"' + "x" * 74 + '{name},"\n',
)

# A closing "\n" never starts a line of its own: with no other break opportunity the
# line overflows, even on the keyword's line.
CLOSING_NEWLINE = (
    _catalog(
        polib.POEntry(msgid="Trailing newline", msgstr="x" * 75 + " \n"),
        polib.POEntry(msgid="Second", msgstr="x" * 74 + " y \n"),
    ),
    HEADER + 'msgid "Trailing newline"\n'
    'msgstr "' + "x" * 75 + ' \\n"\n'
    "\n"
    'msgid "Second"\n'
    'msgstr ""\n'
    '"' + "x" * 74 + ' "\n'
    '"y \\n"\n',
)

# A line separator (U+2028) that escaping leaves in a string ends a line for GNU: no
# quote break is written there, but columns are counted from zero again after it.  So
# the first string stays on the keyword's line, 124 columns wide, and the second wraps
# 77 columns (the most a line holds) after the separator.
_FIRST_PARAGRAPH = "First paragraph of the post, long enough to be wrapped once."
_SECOND_PARAGRAPH = "Second paragraph, which starts counting columns again."
_SHORT_PARAGRAPH = "The first paragraph is short."
_LONG_PARAGRAPH = "The second one is far too long to fit on a single line, so it has to wrap at "
LINE_SEPARATOR = (
    _catalog(
        polib.POEntry(
            msgid="Two paragraphs", msgstr=f"{_FIRST_PARAGRAPH}\u2028{_SECOND_PARAGRAPH}"
        ),
        polib.POEntry(
            msgid="Wrapped after the separator",
            msgstr=f"{_SHORT_PARAGRAPH}\u2028{_LONG_PARAGRAPH}where GNU would.",
        ),
    ),
    HEADER + 'msgid "Two paragraphs"\n'
    f'msgstr "{_FIRST_PARAGRAPH}\u2028{_SECOND_PARAGRAPH}"\n'
    "\n"
    'msgid "Wrapped after the separator"\n'
    'msgstr ""\n'
    f'"{_SHORT_PARAGRAPH}\u2028{_LONG_PARAGRAPH}"\n'
    '"where GNU would."\n',
)

# Regional indicators pair up into flags and GNU breaks only between two pairs (LB30a):
# here 35 flags take 76 columns, and the 77th, half a flag, stays with its other half.
_FRENCH_FLAGS = "\U0001f1eb\U0001f1f7" * 40
REGIONAL_INDICATORS = (
    _catalog(polib.POEntry(msgid="Flags", msgstr="Flag: " + _FRENCH_FLAGS)),
    HEADER + f'msgid "Flags"\nmsgstr ""\n"Flag: {_FRENCH_FLAGS[:70]}"\n"{_FRENCH_FLAGS[70:]}"\n',
)

# "#:" lines are filled up to column 79; a position already listed is dropped and a
# leading "./" is not written.
REFERENCES = (
    _catalog(
        polib.POEntry(
            msgid="x",
            occurrences=[(f"src/module_{n:02d}.py", str(n)) for n in range(12)]
            + [("src/module_03.py", "3"), ("./docs/index.md", "")],
        )
    ),
    HEADER + "#: src/module_00.py:0 src/module_01.py:1 src/module_02.py:2 src/module_03.py:3\n"
    "#: src/module_04.py:4 src/module_05.py:5 src/module_06.py:6 src/module_07.py:7\n"
    "#: src/module_08.py:8 src/module_09.py:9 src/module_10.py:10\n"
    "#: src/module_11.py:11 docs/index.md\n"
    'msgid "x"\n'
    'msgstr ""\n',
)

PINNED = {
    "long-english": LONG_ENGLISH,
    "long-japanese": LONG_JAPANESE,
    "embedded-newlines": EMBEDDED_NEWLINES,
    "directives": DIRECTIVES,
    "python-brace-quirk": BRACE_QUIRK,
    "references": REFERENCES,
    "closing-newline": CLOSING_NEWLINE,
    "line-separator": LINE_SEPARATOR,
    "regional-indicators": REGIONAL_INDICATORS,
}


@pytest.mark.parametrize("name", PINNED)
def test_pinned_wrapping(name: str) -> None:
    catalog, expected = PINNED[name]
    assert format_catalog(catalog) == expected


@pytest.mark.parametrize("name", PINNED)
def test_pinned_text_is_what_msgcat_writes(name: str) -> None:
    _, expected = PINNED[name]
    assert _msgcat(_msgcat_or_skip(), text=expected) == expected


# A catalog in the shape tools leave behind: unknown and repeated flags, "./" and
# duplicate references, fuzzy on an untranslated entry, obsolete entries first.
MESSY_SOURCE = """\
# Blog post translations.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: blog 1.0\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#~ msgid "Old title"
#~ msgstr "Ancien titre"

# Keep it short.
#. Shown under each post.
#: ./templates/post.html:12 templates/post.html:40 ./templates/post.html:12
#: src/localize_post/very/long/path/to/a/module.py:1234 docs/index.md
#, python-brace-format, wrap, python-format, unknown-flag
msgid "%(count)s comment"
msgid_plural "%(count)s comments"
msgstr[0] "%(count)s commentaire"
msgstr[1] "%(count)s commentaires"

#, fuzzy
#| msgid "Read more…"
msgctxt "button"
msgid "Read more"
msgstr ""

#~ msgid "Never translated"
#~ msgstr ""

#, fuzzy
#~ msgid "Archive"
#~ msgstr "Archives"
"""

MESSY_NORMALISED = """\
# Blog post translations.
#
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: blog 1.0\\n"
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

# Keep it short.
#. Shown under each post.
#: templates/post.html:12 templates/post.html:40
#: src/localize_post/very/long/path/to/a/module.py:1234 docs/index.md
#, python-format, python-brace-format
msgid "%(count)s comment"
msgid_plural "%(count)s comments"
msgstr[0] "%(count)s commentaire"
msgstr[1] "%(count)s commentaires"

#| msgid "Read more…"
msgctxt "button"
msgid "Read more"
msgstr ""

#~ msgid "Old title"
#~ msgstr "Ancien titre"

#, fuzzy
#~ msgid "Archive"
#~ msgstr "Archives"
"""


def test_entry_layout_is_normalised_like_gnu() -> None:
    assert format_catalog(parse_catalog(MESSY_SOURCE, "messy.po")) == MESSY_NORMALISED


def test_messy_source_normalises_the_same_in_msgcat() -> None:
    assert _msgcat(_msgcat_or_skip(), text=MESSY_SOURCE) == MESSY_NORMALISED


def test_no_wrap_flag_keeps_long_strings_on_one_line() -> None:
    long = "word " * 30
    text = format_catalog(_catalog(polib.POEntry(msgid=long, flags=["no-wrap"])))
    assert f'#, no-wrap\nmsgid "{long}"\n' in text


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("日本語", 6),
        ("ｶﾀｶﾅ", 4),  # halfwidth katakana
        ("Ａ１", 4),  # noqa: RUF001 - fullwidth forms
        ("e\u0301", 1),  # combining acute accent
        ("\u200b", 0),  # zero width space
        ("한국어", 6),
        ("مرحبا", 5),
        ("\U0001f600", 2),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_catalog_without_entries_still_gets_its_header() -> None:
    # Plain msgcat would write nothing at all here; an empty file would lose the header.
    assert format_catalog(_catalog()) == HEADER.removesuffix("\n")
