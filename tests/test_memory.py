"""Translation memory: what it remembers, how it scores, and how ``update`` pre-fills from it."""

from __future__ import annotations

from pathlib import Path

import polib

from localize_post.catalogs import FUZZY, parse_catalog
from localize_post.memory import MemoryMatch, TranslationMemory, prefill

from conftest import Run, tree_digest

FRENCH_POST = Path("locales/fr/LC_MESSAGES/idor2020.po")
NEW_POST = Path("locales/fr/LC_MESSAGES/idor2021.po")
OLD_TITLE = "Medsquare supports the 9th edition of the International Day of Radiology #IDoR2020"
NEW_TITLE = "Medsquare supports the 10th edition of the International Day of Radiology #IDoR2021"
NEW_PARAGRAPH = "Radiologists will meet again in Vienna for the congress of the society."


def _catalog(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    catalog.extend(entries)
    return catalog


def _entry(msgid: str, msgstr: str, **fields: object) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **fields)


def test_exact_match_scores_100_and_names_its_catalog() -> None:
    memory = TranslationMemory.from_catalogs(
        [("a.po", _catalog(_entry("Share the post", "Partager l\u2019article")))]
    )
    assert memory.lookup("Share the post") == MemoryMatch("Partager l\u2019article", "a.po", 100.0)


def test_similar_match_above_the_threshold_only() -> None:
    memory = TranslationMemory.from_catalogs(
        [("a.po", _catalog(_entry("Radiologists supporting patients", "Les radiologues")))]
    )
    match = memory.lookup("Radiologists supporting the patients")
    assert match is not None and match.msgstr == "Les radiologues" and 90 < match.score < 100
    assert memory.lookup("Radiologists supporting the patients", threshold=99) is None
    assert memory.lookup("Contact the editors") is None


def test_only_reviewed_translations_are_remembered() -> None:
    forms = {0: "Un article", 1: "%d articles"}
    memory = TranslationMemory.from_catalogs(
        [
            (
                "a.po",
                _catalog(
                    _entry("Fuzzy guess", "Devinette", flags=[FUZZY]),
                    _entry("Removed text", "Texte retiré", obsolete=True),
                    _entry("Not yet", ""),
                    _entry("One post", "", msgid_plural="%d posts", msgstr_plural=forms),
                ),
            )
        ]
    )
    for msgid in ("Fuzzy guess", "Removed text", "Not yet", "One post"):
        assert memory.lookup(msgid) is None, msgid


def test_another_context_ranks_lower_and_is_never_exact() -> None:
    catalogs = [
        ("menu.po", _catalog(_entry("Open", "Ouvrir", msgctxt="menu"))),
        ("door.po", _catalog(_entry("Open", "Ouvert", msgctxt="door"))),
    ]
    memory = TranslationMemory.from_catalogs(catalogs)
    assert memory.lookup("Open", "door") == MemoryMatch("Ouvert", "door.po", 100.0)
    assert memory.lookup("Open", "menu") == MemoryMatch("Ouvrir", "menu.po", 100.0)
    assert memory.lookup("Open", "shop") == MemoryMatch("Ouvrir", "menu.po", 99.0)


def test_earlier_catalogs_win_ties() -> None:
    memory = TranslationMemory.from_catalogs(
        [
            ("locales/fr/LC_MESSAGES/post.po", _catalog(_entry("Blog", "Blog"))),
            ("compendium.po", _catalog(_entry("Blog", "Blogue"))),
        ]
    )
    assert memory.lookup("Blog") == MemoryMatch("Blog", "locales/fr/LC_MESSAGES/post.po", 100.0)


def test_prefill_fills_only_empty_entries_and_not_from_the_catalog_itself() -> None:
    own = _catalog(
        _entry("Radiology day", "Journée de la radiologie"),
        _entry("Radiology days", ""),
        _entry("Imaging", "Imagerie (à revoir)", flags=[FUZZY]),
        _entry("Imaging!", ""),
    )
    other = _catalog(_entry("Imaging", "Imagerie"))
    memory = TranslationMemory.from_catalogs([("own.po", own), ("other.po", other)])
    assert prefill(own, memory, "own.po") == 1
    assert own[1].msgstr == ""  # its own translations are msgmerge's business, not memory's
    assert own[2].msgstr == "Imagerie (à revoir)"
    assert own[3].msgstr == "Imagerie" and own[3].flags == [FUZZY]
    assert own[3].previous_msgid == "Imaging"
    assert own[3].tcomment == "translation memory: 93% match in other.po"


def _second_post(project: Path, settings: str = "") -> None:
    """A new post reusing the first one's category and, almost, its title."""
    (project / "source" / "idor2021.md").write_text(
        f'---\ntitle: "{NEW_TITLE}"\ncategory: Blog\n---\n\n{NEW_PARAGRAPH}\n',
        encoding="utf-8",
    )
    with (project / "localize-post.toml").open("a", encoding="utf-8") as stream:
        stream.write(settings)


def _entries(path: Path) -> dict[str, polib.POEntry]:
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path.name)
    return {entry.msgid: entry for entry in catalog}


def _update(run: Run, project: Path, *options: str) -> str:
    for command in (["extract"], ["update", "-l", "fr", *options]):
        result = run("-C", project, *command)
        assert result.exit_code == 0, result.output
    return result.output


def test_update_prefills_new_entries_from_the_languages_other_catalogs(
    project: Path, run: Run
) -> None:
    _second_post(project)
    before = (project / FRENCH_POST).read_bytes()
    _update(run, project)
    entries = _entries(project / NEW_POST)
    old_title = _entries(project / FRENCH_POST)[OLD_TITLE]
    title = entries[NEW_TITLE]
    assert title.msgstr == old_title.msgstr and title.flags == [FUZZY]
    assert title.previous_msgid == OLD_TITLE
    assert title.tcomment == f"translation memory: 97% match in {FRENCH_POST.as_posix()}"
    blog = entries["Blog"]
    assert blog.msgstr == "Blog" and blog.flags == [FUZZY] and blog.previous_msgid is None
    assert blog.tcomment == f"translation memory: 100% match in {FRENCH_POST.as_posix()}"
    assert entries[NEW_PARAGRAPH].msgstr == ""
    assert (project / FRENCH_POST).read_bytes() == before
    # Filled entries are the translator's to review now: the next update changes nothing.
    digest = tree_digest(project / "locales")
    assert "wrote" not in _update(run, project)
    assert tree_digest(project / "locales") == digest


def test_exact_matches_may_count_as_translated(project: Path, run: Run) -> None:
    _second_post(project, "memory_exact_is_translated = true\n")
    _update(run, project)
    entries = _entries(project / NEW_POST)
    assert entries["Blog"].flags == [] and entries["Blog"].msgstr == "Blog"
    assert entries[NEW_TITLE].flags == [FUZZY]


def test_no_fuzzy_matching_takes_exact_matches_only(project: Path, run: Run) -> None:
    _second_post(project)
    _update(run, project, "--no-fuzzy-matching")
    entries = _entries(project / NEW_POST)
    assert entries[NEW_TITLE].msgstr == "" and entries["Blog"].msgstr == "Blog"


def test_compendium_per_language(project: Path, run: Run) -> None:
    _second_post(project, 'compendium = "memory/{language}.po"\n')
    (project / "memory").mkdir()
    (project / "memory" / "fr.po").write_text(
        f'msgid "{NEW_PARAGRAPH}"\nmsgstr "Les radiologues se retrouveront à Vienne."\n',
        encoding="utf-8",
    )
    _update(run, project)
    paragraph = _entries(project / NEW_POST)[NEW_PARAGRAPH]
    assert paragraph.msgstr == "Les radiologues se retrouveront à Vienne."
    assert paragraph.tcomment == "translation memory: 100% match in memory/fr.po"


def test_a_missing_compendium_is_bad_input_and_nothing_is_written(project: Path, run: Run) -> None:
    _second_post(project, 'compendium = "memory/{language}.po"\n')
    assert run("-C", project, "extract").exit_code == 0
    before = tree_digest(project / "locales")
    result = run("-C", project, "update", "-l", "fr")
    assert result.exit_code == 2
    assert "memory/fr.po: compendium not found" in result.output
    assert tree_digest(project / "locales") == before


def test_the_setting_must_be_a_boolean(project: Path, run: Run) -> None:
    _second_post(project, "memory_exact_is_translated = 1\n")
    result = run("-C", project, "update", "-l", "fr")
    assert result.exit_code == 2
    assert "memory_exact_is_translated must be a bool" in result.output
