"""Update semantics, case by case, against GNU ``msgmerge --previous`` itself where installed.

Each case is an old catalog and a new template; the assertions say what msgmerge does (read in
msgmerge.c, msgl-fsearch.c and message.c of gettext 0.21), and the oracle test checks that
msgmerge really does it, entry by entry.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize_post.catalogs import FUZZY, merge, parse_catalog
from localize_post.locales import parse_language

from conftest import require_tool

NOW = datetime(2020, 11, 5, tzinfo=UTC)
FRENCH = parse_language("fr")

HEADER = """\
# French translations of the test site.
msgid ""
msgstr ""
"Project-Id-Version: test 1\\n"
"POT-Creation-Date: 2020-01-01 00:00+0000\\n"
"PO-Revision-Date: 2020-02-02 00:00+0000\\n"
"Last-Translator: Anne <anne@example.org>\\n"
"Language-Team: French\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""

TEMPLATE_HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: test 2\\n"
"Report-Msgid-Bugs-To: bugs@example.org\\n"
"POT-Creation-Date: 2020-11-05 00:00+0000\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    old: str
    template: str
    fuzzy_matching: bool = True


CASES = [
    Case(
        "exact match keeps translation and translator comment, takes template comments",
        HEADER + '\n# checked by Anne\n#. old note\n#: old.md:1\nmsgid "Kept"\nmsgstr "Gardé"\n',
        TEMPLATE_HEADER + '\n#. paragraph\n#: new.md:7\nmsgid "Kept"\nmsgstr ""\n',
    ),
    Case(
        "format flags come from the template",
        HEADER + '\n#, python-format\nmsgid "%(n)s posts"\nmsgstr "%(n)s articles"\n'
        '\n#, c-format\nmsgid "%d days"\nmsgstr "%d jours"\n',
        TEMPLATE_HEADER + '\nmsgid "%(n)s posts"\nmsgstr ""\n'
        '\n#, python-format\nmsgid "%d days"\nmsgstr ""\n',
    ),
    Case(
        "changed text is fuzzy with the old msgid as previous",
        HEADER + '\nmsgid "Radiologists supporting patients"\nmsgstr "Les radiologues"\n',
        TEMPLATE_HEADER + '\nmsgid "Radiologists caring for patients"\nmsgstr ""\n',
    ),
    Case(
        "a fuzzy old entry passes on its own previous msgid, or none",
        HEADER + '\n#, fuzzy\n#| msgid "The first day of radiology"\n'
        'msgid "The second day of radiology"\nmsgstr "Le premier jour"\n'
        '\n#, fuzzy\nmsgid "Imaging in modern medicine"\nmsgstr "L\'imagerie"\n',
        TEMPLATE_HEADER + '\nmsgid "The third day of radiology"\nmsgstr ""\n'
        '\nmsgid "Imaging in modern medicines"\nmsgstr ""\n',
    ),
    Case(
        "an exact match with a fuzzy old entry stays fuzzy with its previous msgid",
        HEADER + '\n#, fuzzy\n#| msgid "Old text here"\nmsgid "New text here"\nmsgstr "Texte"\n',
        TEMPLATE_HEADER + '\nmsgid "New text here"\nmsgstr ""\n',
    ),
    Case(
        "obsolete entries are revived exactly and lend fuzzily",
        HEADER + '\nmsgid "Kept"\nmsgstr "Gardé"\n'
        '\n#~ msgid "A paragraph that came back"\n#~ msgstr "Un paragraphe revenu"\n'
        '\n#~ msgid "The chest CT scan became the test"\n#~ msgstr "Le scanner"\n',
        TEMPLATE_HEADER + '\nmsgid "Kept"\nmsgstr ""\n'
        '\nmsgid "A paragraph that came back"\nmsgstr ""\n'
        '\nmsgid "The chest CT scan became the exam"\nmsgstr ""\n',
    ),
    Case(
        "removed translated entries become obsolete in old order, untranslated ones vanish",
        HEADER + '\nmsgid "Second removed"\nmsgstr "Deuxième"\n'
        '\nmsgid "Untranslated and removed"\nmsgstr ""\n'
        '\n#, fuzzy\nmsgid "First removed"\nmsgstr "Premier"\n'
        '\nmsgid "Kept"\nmsgstr "Gardé"\n'
        '\n#~ msgid "Long obsolete"\n#~ msgstr "Vieux"\n',
        TEMPLATE_HEADER + '\nmsgid "Kept"\nmsgstr ""\n',
    ),
    Case(
        "one old entry may lend to several new ones, and then is not obsolete",
        HEADER + '\nmsgid "Share the post on social media"\nmsgstr "Partager"\n',
        TEMPLATE_HEADER + '\nmsgid "Share the posts on social media"\nmsgstr ""\n'
        '\nmsgid "Share this post on social media"\nmsgstr ""\n',
    ),
    Case(
        "an exactly matched entry still lends to a similar new one",
        HEADER + '\nmsgid "Read the full article"\nmsgstr "Lire l\'article"\n',
        TEMPLATE_HEADER + '\nmsgid "Read the full article"\nmsgstr ""\n'
        '\nmsgid "Read the full articles"\nmsgstr ""\n',
    ),
    Case(
        "the best match wins, not the first one above the threshold",
        HEADER + '\nmsgid "International Day of Medicine"\nmsgstr "Médecine"\n'
        '\nmsgid "International Day of Radiology"\nmsgstr "Radiologie"\n',
        TEMPLATE_HEADER + '\nmsgid "International Day of Radiologie"\nmsgstr ""\n',
    ),
    Case(
        "below 60 % alike nothing is lent",
        HEADER + '\nmsgid "Contact us"\nmsgstr "Contactez-nous"\n',
        TEMPLATE_HEADER + '\nmsgid "About the company"\nmsgstr ""\n',
    ),
    Case(
        "short msgids are compared by length window",
        HEADER + '\nmsgid "Yes"\nmsgstr "Oui"\n\nmsgid "Blog"\nmsgstr "Blogue"\n',
        TEMPLATE_HEADER + '\nmsgid "Ye"\nmsgstr ""\n\nmsgid "Blo"\nmsgstr ""\n',
    ),
    Case(
        "msgctxt must match exactly, but a similar entry may come from another context",
        HEADER + '\nmsgctxt "menu"\nmsgid "Open the file"\nmsgstr "Ouvrir le fichier"\n'
        '\nmsgid "Close"\nmsgstr "Fermer"\n',
        TEMPLATE_HEADER + '\nmsgctxt "toolbar"\nmsgid "Open the file"\nmsgstr ""\n'
        '\nmsgctxt "menu"\nmsgid "Close"\nmsgstr ""\n',
    ),
    Case(
        "at equal similarity the same context wins",
        HEADER + '\nmsgctxt "other"\nmsgid "Radiology day A"\nmsgstr "Autre"\n'
        '\nmsgctxt "page"\nmsgid "Radiology day B"\nmsgstr "Page"\n',
        TEMPLATE_HEADER + '\nmsgctxt "page"\nmsgid "Radiology day C"\nmsgstr ""\n',
    ),
    Case(
        "plural shapes: new plural, dropped plural, changed plural",
        HEADER + '\nmsgid "One post"\nmsgstr "Un article"\n'
        '\nmsgid "One comment"\nmsgid_plural "%d comments"\n'
        'msgstr[0] "Un commentaire"\nmsgstr[1] "%d commentaires"\n'
        '\nmsgid "One reader"\nmsgid_plural "%d readers"\n'
        'msgstr[0] "Un lecteur"\nmsgstr[1] "%d lecteurs"\n',
        TEMPLATE_HEADER + '\nmsgid "One post"\nmsgid_plural "%d posts"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n'
        '\nmsgid "One comment"\nmsgstr ""\n'
        '\nmsgid "One reader"\nmsgid_plural "%d people reading"\n'
        'msgstr[0] ""\nmsgstr[1] ""\n',
    ),
    Case(
        "header: own fields kept and known ones first, source fields from the template",
        "# Anne's notes.\n#, fuzzy\n"
        + HEADER.split("\n", 1)[1].replace(
            '"Language-Team: French\\n"\n',
            '"X-Generator: Poedit 3.4.2\\n"\n"Language-Team: French\\n"\n',
        )
        + '"X-Poedit-Bookmarks: 3,-1\\n"\n\nmsgid "Kept"\nmsgstr "Gardé"\n',
        TEMPLATE_HEADER + '\nmsgid "Kept"\nmsgstr ""\n',
    ),
    Case(
        "no fuzzy matching: exact matches only, the rest obsolete",
        HEADER + '\nmsgid "Radiologists supporting patients"\nmsgstr "Les radiologues"\n',
        TEMPLATE_HEADER + '\nmsgid "Radiologists caring for patients"\nmsgstr ""\n',
        fuzzy_matching=False,
    ),
]


def _merged(case: Case) -> polib.POFile:
    old = parse_catalog(case.old, "old.po")
    return merge(parse_catalog(case.template, "new.pot"), old, FRENCH, NOW, case.fuzzy_matching)


def _by_msgid(catalog: polib.POFile) -> dict[tuple[bool, str | None, str], polib.POEntry]:
    return {(entry.obsolete, entry.msgctxt, entry.msgid): entry for entry in catalog}


def _case(name: str) -> Case:
    return next(case for case in CASES if case.name.startswith(name))


def test_exact_match() -> None:
    [entry] = _merged(_case("exact match keeps"))
    assert (entry.msgstr, entry.tcomment, entry.flags) == ("Gardé", "checked by Anne", [])
    assert entry.comment == "paragraph" and entry.occurrences == [("new.md", "7")]


def test_format_flags_come_from_the_template() -> None:
    posts, days = _merged(_case("format flags"))
    assert posts.flags == [] and days.flags == ["python-format"]


def test_previous_msgid_of_fuzzy_matches() -> None:
    first, second = _merged(_case("a fuzzy old entry"))
    assert first.flags == [FUZZY] and first.msgstr == "Le premier jour"
    assert first.previous_msgid == "The first day of radiology"
    assert second.flags == [FUZZY] and second.previous_msgid is None
    [again] = _merged(_case("an exact match with a fuzzy"))
    assert again.flags == [FUZZY] and again.previous_msgid == "Old text here"


def test_obsolete_entries_are_revived_and_lend() -> None:
    merged = _by_msgid(_merged(_case("obsolete entries are revived")))
    back = merged[(False, None, "A paragraph that came back")]
    assert back.msgstr == "Un paragraphe revenu" and back.flags == []
    exam = merged[(False, None, "The chest CT scan became the exam")]
    assert exam.flags == [FUZZY] and exam.previous_msgid == "The chest CT scan became the test"
    assert not any(entry.obsolete for entry in merged.values())


def test_obsolete_order_and_untranslated_entries_vanishing() -> None:
    merged = _merged(_case("removed translated entries"))
    assert [(entry.msgid, entry.obsolete) for entry in merged] == [
        ("Kept", False),
        ("Second removed", True),
        ("First removed", True),
        ("Long obsolete", True),
    ]
    assert merged[2].flags == [FUZZY]


def test_lenders_are_shared_and_not_obsolete() -> None:
    merged = _merged(_case("one old entry may lend"))
    assert [(entry.msgstr, entry.flags, entry.obsolete) for entry in merged] == [
        ("Partager", [FUZZY], False),
        ("Partager", [FUZZY], False),
    ]
    kept, similar = _merged(_case("an exactly matched entry"))
    assert kept.flags == [] and similar.flags == [FUZZY]
    assert similar.previous_msgid == "Read the full article"


def test_best_match_and_threshold() -> None:
    best, unused = _merged(_case("the best match wins"))
    assert best.msgstr == "Radiologie" and unused.obsolete and unused.msgstr == "Médecine"
    merged = _merged(_case("below 60 %"))
    assert merged[0].msgstr == "" and merged[1].obsolete


def test_contexts() -> None:
    merged = _by_msgid(_merged(_case("msgctxt must match")))
    toolbar = merged[(False, "toolbar", "Open the file")]
    assert toolbar.flags == [FUZZY] and toolbar.previous_msgctxt == "menu"
    # The same text without context is the best possible match, but not an exact one.
    close = merged[(False, "menu", "Close")]
    assert close.msgstr == "Fermer" and close.flags == [FUZZY] and close.previous_msgid == "Close"
    [page] = [e for e in _merged(_case("at equal similarity")) if not e.obsolete]
    assert page.msgstr == "Page"


def test_plural_shapes() -> None:
    post, comment, reader = _merged(_case("plural shapes"))[:3]
    assert post.msgstr_plural == {0: "Un article", 1: "Un article"} and FUZZY in post.flags
    assert comment.msgstr == "Un commentaire" and FUZZY in comment.flags
    assert reader.msgstr_plural == {0: "Un lecteur", 1: "%d lecteurs"} and FUZZY in reader.flags
    assert reader.previous_msgid_plural == "%d readers"


def test_header() -> None:
    merged = _merged(_case("header"))
    assert list(merged.metadata) == [
        "Project-Id-Version",
        "Report-Msgid-Bugs-To",
        "POT-Creation-Date",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "X-Generator",
        "Plural-Forms",
        "X-Poedit-Bookmarks",
    ]
    assert merged.metadata["Project-Id-Version"] == "test 1"
    assert merged.metadata["POT-Creation-Date"] == "2020-11-05 00:00+0000"
    assert merged.metadata["Report-Msgid-Bugs-To"] == "bugs@example.org"
    assert merged.metadata["X-Generator"] == "Poedit 3.4.2"
    assert merged.header == "Anne's notes." and merged.metadata_is_fuzzy


def test_a_catalog_without_header_keeps_its_translations() -> None:
    old = parse_catalog('msgid "Kept"\nmsgstr "Gardé"\n', "old.po")
    template = parse_catalog(TEMPLATE_HEADER + '\nmsgid "Kept"\nmsgstr ""\n', "new.pot")
    merged = merge(template, old, FRENCH, NOW)
    assert [entry.msgstr for entry in merged] == ["Gardé"]
    assert merged.metadata["Language"] == "fr" and "Plural-Forms" in merged.metadata


def test_no_fuzzy_matching() -> None:
    new, old = _merged(_case("no fuzzy matching"))
    assert new.msgstr == "" and not new.flags
    assert old.obsolete and old.msgstr == "Les radiologues"


def _signature(entry: polib.POEntry) -> tuple[object, ...]:
    translated = bool(entry.msgstr or entry.msgstr_plural.get(0))
    previous = (
        ()
        if entry.obsolete
        else (
            entry.previous_msgctxt,
            entry.previous_msgid,
            entry.previous_msgid_plural,
        )
    )
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        {int(index): text for index, text in entry.msgstr_plural.items()},
        # msgmerge writes no fuzzy flag on an untranslated entry
        sorted(flag for flag in entry.flags if translated or flag != FUZZY),
        entry.tcomment,
        entry.comment,
        previous,
    )


def _msgmerge(folder: Path, old: str, template: str, fuzzy_matching: bool) -> polib.POFile:
    msgmerge = require_tool("msgmerge")
    (folder / "old.po").write_text(old, encoding="utf-8")
    (folder / "new.pot").write_text(template, encoding="utf-8")
    # --force-po: without it msgmerge writes nothing at all for a catalog that is only a header
    options = ["--previous", "--force-po"] + ([] if fuzzy_matching else ["--no-fuzzy-matching"])
    result = subprocess.run(
        [msgmerge, "-q", *options, "-o", "-", "old.po", "new.pot"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return parse_catalog(result.stdout, "msgmerge output")


def _assert_same(merged: polib.POFile, expected: polib.POFile) -> None:
    assert [_signature(entry) for entry in merged] == [_signature(entry) for entry in expected]
    assert list(merged.metadata.items()) == list(expected.metadata.items())
    assert merged.header == expected.header


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_msgmerge_does_the_same(tmp_path: Path, case: Case) -> None:
    expected = _msgmerge(tmp_path, case.old, case.template, case.fuzzy_matching)
    _assert_same(_merged(case), expected)


# Few words, so that many msgids are alike, many equally so: ties are where a merge is most
# likely to choose differently from msgmerge.
WORDS = st.sampled_from(["the", "day", "of", "radiology", "a", "CT", "imaging", "team", "X"])
MSGIDS = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
CONTEXTS = st.sampled_from([None, None, "menu", "page"])
OLD_ENTRIES = st.lists(
    st.tuples(CONTEXTS, MSGIDS, st.booleans(), st.booleans(), st.booleans()),
    max_size=10,
    unique_by=lambda entry: (entry[0], entry[1]),
)
NEW_ENTRIES = st.lists(st.tuples(CONTEXTS, MSGIDS), max_size=10, unique=True)


def _po_entry(
    msgctxt: str | None, msgid: str, msgstr: str, obsolete: bool = False, fuzzy: bool = False
) -> str:
    prefix = "#~ " if obsolete else ""
    lines = ["", "#, fuzzy"] if fuzzy else [""]
    if msgctxt is not None:
        lines.append(f'{prefix}msgctxt "{msgctxt}"')
    lines += [f'{prefix}msgid "{msgid}"', f'{prefix}msgstr "{msgstr}"']
    return "\n".join(lines) + "\n"


@settings(max_examples=80, deadline=None)
@given(old=OLD_ENTRIES, new=NEW_ENTRIES, fuzzy_matching=st.booleans())
def test_msgmerge_does_the_same_on_random_catalogs(
    tmp_path_factory: pytest.TempPathFactory,
    old: list[tuple[str | None, str, bool, bool, bool]],
    new: list[tuple[str | None, str]],
    fuzzy_matching: bool,
) -> None:
    old_text = HEADER
    for number, (msgctxt, msgid, translated, fuzzy, obsolete) in enumerate(old):
        msgstr = f"T{number} {msgid.upper()}" if translated else ""
        old_text += _po_entry(msgctxt, msgid, msgstr, obsolete, fuzzy and translated)
    template = TEMPLATE_HEADER + "".join(_po_entry(ctxt, msgid, "") for ctxt, msgid in new)
    folder = tmp_path_factory.mktemp("random")
    expected = _msgmerge(folder, old_text, template, fuzzy_matching)
    _assert_same(_merged(Case("random", old_text, template, fuzzy_matching)), expected)
