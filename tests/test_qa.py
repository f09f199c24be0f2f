"""Translator-attention checks: what each one reports, with its line, and the correct
translations in other scripts and number formats it must leave alone; and the errors for what
no page may show."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

import polib
import pytest

from localize_post.checks import check_publishable
from localize_post.document import Location
from localize_post.locales import parse_language
from localize_post.problems import Problem, Severity
from localize_post.qa import (
    check_emails,
    check_glossary,
    check_hashtags,
    check_numbers,
    check_punctuation,
    check_unchanged,
    check_urls,
    check_whitespace,
)

from conftest import Run

SHOWN = PurePosixPath("locales/fr/LC_MESSAGES/post.po")
ENGLISH = parse_language("en")
MISSING = (
    " of the source is missing from the translation (your language's digits and separators are"
    " fine)"
)


def _catalog(source: str, translation: str, flags: tuple[str, ...]) -> tuple[polib.POFile, int]:
    """A catalog whose second entry translates ``source``, and that entry's first line."""
    built = polib.POFile()
    built.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    built.append(polib.POEntry(msgid="News", msgstr="Actualités"))
    built.append(polib.POEntry(msgid=source, msgstr=translation, flags=list(flags)))
    text = str(built)
    before_entry = text.rstrip("\n").rsplit("\n\n", 1)[0]
    return polib.pofile(text), len(before_entry.splitlines()) + 2


def _warnings(
    source: str,
    translation: str,
    language: str,
    glossary: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
) -> tuple[list[Problem], int]:
    """Every translator-attention check on one entry, and the entry's line."""
    catalog, line = _catalog(source, translation, flags)
    target = parse_language(language)
    problems = [
        *check_numbers(catalog, SHOWN),
        *check_hashtags(catalog, SHOWN),
        *check_urls(catalog, SHOWN),
        *check_emails(catalog, SHOWN),
        *check_glossary(catalog, glossary, SHOWN),
        *check_unchanged(catalog, glossary, target, SHOWN),
        *check_punctuation(catalog, ENGLISH, target, SHOWN),
        *check_whitespace(catalog, SHOWN),
    ]
    return problems, line


@pytest.mark.parametrize(
    ("language", "source", "translation", "glossary", "check", "message"),
    [
        (
            "fr",
            "Discovered on 8 November 1895.",
            "Découverte le 8 novembre 1985.",
            (),
            "numbers",
            "the number 1895" + MISSING,
        ),
        (
            "de",
            "It costs 1,000 euros.",
            "Es kostet 100 Euro.",
            (),
            "numbers",
            "the number 1,000" + MISSING,
        ),
        ("ar", "Since 2012.", "منذ عام ٢٠١٣.", (), "numbers", "the number 2012" + MISSING),
        (
            "fr",
            "Version 0.5 is out.",
            "La version 5 est sortie.",
            (),
            "numbers",
            "the number 0.5" + MISSING,
        ),
        ("fr", "The 9th edition.", "La neuvième édition.", (), "numbers", "the number 9" + MISSING),
        (
            "fr",
            "Use #IDoR2020 today.",
            "Utilisez #IDoR2021 aujourd'hui.",
            (),
            "hashtags",
            "the hashtag #IDoR2020 must appear unchanged in the translation",
        ),
        (
            "es",
            "Use #IDoR2020 today.",
            "Usa #idor2020 hoy.",
            (),
            "hashtags",
            "the hashtag #IDoR2020 must appear unchanged in the translation",
        ),
        (
            "de",
            "Details at https://example.org/day today.",
            "Details unter https://example.de/day heute.",
            (),
            "urls",
            "the address https://example.org/day must appear unchanged in the translation",
        ),
        (
            "fr",
            "Write to press@medsquare.com today.",
            "Écrivez à presse@medsquare.com aujourd'hui.",
            (),
            "emails",
            "the e-mail address press@medsquare.com must appear unchanged in the translation",
        ),
        (
            "fr",
            "Medsquare supports the day.",
            "MedSquare soutient la journée.",
            ("Medsquare",),
            "glossary",
            "Medsquare must appear unchanged in the translation: the project's glossary lists it"
            " among the terms never translated",
        ),
        (
            "ja",
            "Medsquare supports the day.",
            "メドスクエアはこの日を支援します。",
            ("Medsquare",),
            "glossary",
            "Medsquare must appear unchanged in the translation: the project's glossary lists it"
            " among the terms never translated",
        ),
        (
            "fr",
            "Medsquare supports the day.",
            "Medsquare supports the day.",
            ("Medsquare", "RSNA"),
            "unchanged",
            "the translation is identical to the source text: translate it",
        ),
        (
            "fr",
            "Share the post",
            "Share the post",
            (),
            "unchanged",
            "the translation is identical to the source text: translate it",
        ),
        (
            "ja",
            "Blog",
            "Blog",
            (),
            "unchanged",
            "the translation is identical to the source text: translate it",
        ),
        (
            "ar",
            "Radiology Day",
            "Radiology Day",
            (),
            "unchanged",
            "the translation is identical to the source text: translate it",
        ),
        (
            "fr",
            "Visit the <a1>website</a1>.",
            "Visitez le <a1>site</a1>",
            (),
            "punctuation",
            "the source ends with “.” but the translation has no final punctuation: end it with"
            " “.” or your language's equivalent",
        ),
        (
            "ja",
            "Thank you!",
            "ありがとう",
            (),
            "punctuation",
            "the source ends with “!” but the translation has no final punctuation: end it with"
            " “!” or your language's equivalent",
        ),
        (
            "de",
            "The main theme of the day",
            "Das Hauptthema des Tages.",
            (),
            "punctuation",
            "the translation ends with “.” but the source has no final punctuation",
        ),
        (
            "fr",
            "Share the post",
            "Partager l'article ",
            (),
            "whitespace",
            "the translation ends with one space but the source with no whitespace",
        ),
        (
            "fr",
            "Share the post",
            "\u00a0 Partager l'article",
            (),
            "whitespace",
            "the translation starts with one no-break space and one space but the source with"
            " no whitespace",
        ),
        (
            "fr",
            "Share the post on the site",
            "Partager l'article  sur le site",
            (),
            "whitespace",
            "the translation has 2 spaces in a row after “Partager l'article”: leave one",
        ),
    ],
)
def test_warns(
    language: str,
    source: str,
    translation: str,
    glossary: tuple[str, ...],
    check: str,
    message: str,
) -> None:
    problems, line = _warnings(source, translation, language, glossary)
    assert problems == [Problem(check, Severity.WARNING, Location(SHOWN, line), message)]


@pytest.mark.parametrize(
    ("language", "source", "translation", "glossary"),
    [
        # numbers, as each language writes them
        ("fr", "Discovered on 8 November 1895.", "Découverte le 8 novembre 1895.", ()),
        ("de", "Discovered on 8 November 1895.", "Entdeckt am 8. November 1895.", ()),
        ("ar", "Discovered on 8 November 1895.", "اكتُشفت في ٨ نوفمبر ١٨٩٥.", ()),
        ("ja", "Discovered on 8 November 1895.", "1895年11月8日に発見。", ()),
        ("ja", "Discovered on 8 November 1895.", "１８９５年１１月８日に発見。", ()),
        ("fr", "It costs 1,000 euros.", "Il coûte 1\u202f000 euros.", ()),
        ("fr", "It costs 1,000 euros.", "Il coûte 1 000 euros.", ()),
        ("de", "It costs 1,000.50 euros.", "Es kostet 1.000,50 Euro.", ()),
        ("de", "It costs 1,000 euros.", "Es kostet 1000 Euro.", ()),
        ("it", "It costs 1,000 euros.", "Costa 1'000 euro.", ()),
        ("ar", "It costs 1,000 euros.", "يكلّف ١٬٠٠٠ يورو.", ()),  # noqa: RUF001 - Arabic digits
        ("fr", "It grew by 3.5 percent.", "Il a augmenté de 3,5 %.", ()),
        ("de", "Published on 11/5/2020.", "Veröffentlicht am 5.11.2020.", ()),
        ("es", "In 2012, 15 societies joined.", "En 2012 se unieron 15 sociedades.", ()),
        ("fr", "The 9th edition.", "La 9e édition.", ()),
        ("es", "The 9th edition.", "La 9.ª edición.", ()),
        ("ja", "The 9th edition.", "第9回。", ()),
        ("ar", "During COVID-19.", "خلال جائحة كوفيد-19.", ()),
        # tags and code spans hold no numbers to compare
        ("fr", "See <a1>the site</a1>.", "Voir <a2>le site</a2>.", ()),
        ("fr", "Set <code>retries = 3</code>.", "Réglez <code>retries = 4</code>.", ()),
        # hashtags, addresses and terms next to words of another script are kept whole
        ("ja", "Use #IDoR2020 today.", "今日は#IDoR2020を使おう。", ()),
        ("ar", "Join #IDoR2020 today.", "انضموا اليوم إلى لـ#IDoR2020.", ()),
        ("ja", "Medsquare supports the day.", "Medsquareはこの日を支援します。", ("Medsquare",)),
        ("fr", "See https://example.org/day.", "Voir https://example.org/day.", ()),
        ("fr", "Write to press@medsquare.com.", "Écrivez à press@medsquare.com.", ()),
        # copies that are right: single words and names in the Latin alphabet, acronyms, terms
        ("fr", "Blog", "Blog", ()),
        ("de", "Wilhelm Conrad Röntgen", "Wilhelm Conrad Röntgen", ()),
        ("ja", "COVID-19", "COVID-19", ()),
        ("ar", "Medsquare", "Medsquare", ("Medsquare",)),
        # each language's own final punctuation, after closing tags, quotes and brackets
        ("ja", "Visit the <a1>website</a1>.", "<a1>ウェブサイト</a1>をご覧ください。", ()),
        ("ja", "Contact:", "お問い合わせ：", ()),  # noqa: RUF001
        ("ja", "He said “thank you.”", "「ありがとう。」と言った。", ()),
        ("ar", "Why radiology?", "لماذا الأشعة؟", ()),
        ("es", "Why radiology?", "¿Por qué la radiología?", ()),
        ("es", "Welcome!", "¡Bienvenidos!", ()),
        ("de", "He said “thank you.”", "Er sagte: „Danke.“", ()),
        ("fr", "(See the <a1>site</a1>.)", "(Voir le <a1>site</a1>.)", ()),
        ("fr", "Visit the <a1>website</a1>.", "Visitez le <a1>site web.</a1>", ()),
        ("el", "Why radiology?", "Γιατί ακτινολογία;", ()),
        # French typography's single no-break space before a colon is not a double space
        ("fr", "Theme: radiology", "Thème\u00a0: la radiologie", ()),
    ],
)
def test_correct_translations_pass(
    language: str, source: str, translation: str, glossary: tuple[str, ...]
) -> None:
    problems, _ = _warnings(source, translation, language, glossary)
    assert problems == []


def test_fuzzy_entries_are_drafts_and_not_checked() -> None:
    problems, _ = _warnings("In 1895.", "En 1985", "fr", flags=("fuzzy",))
    assert problems == []


def test_placeholders_are_not_words_to_translate() -> None:
    copy = "%(author)s · %(date)s"
    problems, _ = _warnings(copy, copy, "ja", flags=("python-format",))
    assert problems == []


def _add_a_warning(project: Path) -> int:
    """Change the French title's hashtag; return the entry's line."""
    path = project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po"
    catalog = polib.pofile(str(path))
    entry = next(entry for entry in catalog if entry.msgid.startswith("Medsquare supports"))
    entry.msgstr = entry.msgstr.replace("#IDoR2020", "#IDoR2021")
    catalog.save(str(path))
    return int(polib.pofile(str(path)).find(entry.msgid).linenum)


WARNING = "the hashtag #IDoR2020 must appear unchanged in the translation"


def test_a_warning_fails_check_only_when_strict(project: Path, run: Run) -> None:
    line = _add_a_warning(project)
    relaxed = run("-C", project, "check")
    assert relaxed.exit_code == 0, relaxed.output
    expected = f"locales/fr/LC_MESSAGES/idor2020.po:{line}: warning: {WARNING} [hashtags]"
    assert expected in relaxed.output
    assert "0 error(s), 1 warning(s)" in relaxed.output
    assert run("-C", project, "check", "--strict").exit_code == 1


def test_warnings_in_json_and_github_formats(project: Path, run: Run) -> None:
    line = _add_a_warning(project)
    problems = json.loads(run("-C", project, "check", "--format", "json").stdout)
    assert problems == [
        {
            "check": "hashtags",
            "severity": "warning",
            "path": "locales/fr/LC_MESSAGES/idor2020.po",
            "line": line,
            "message": WARNING,
        }
    ]
    github = run("-C", project, "check", "--format", "github", "--strict")
    assert github.exit_code == 1
    assert github.stdout == (
        f"::warning file=locales/fr/LC_MESSAGES/idor2020.po,line={line},title=hashtags::{WARNING}\n"
    )


def test_shipped_translations_raise_no_warning(project: Path, run: Run) -> None:
    result = run("-C", project, "check", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        (
            "Actualités" * 100,
            "the translation has 1000 characters: a source of 4 may have at most 504",
        ),
        (
            "\u202eséttilautcA",
            "the translation holds U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control, which reorders"
            " the text shown",
        ),
        ("Actualités\x00", "the translation holds U+0000, a character XML forbids"),
    ],
)
def test_what_no_page_may_show_is_an_error_on_its_line(translation: str, message: str) -> None:
    """A page shows the English instead, as it does for a broken tag: an error, and a warning
    on a fuzzy draft no page shows yet."""
    for flags, severity in [((), Severity.ERROR), (("fuzzy",), Severity.WARNING)]:
        catalog, line = _catalog("News", translation, flags)
        assert check_publishable(catalog, SHOWN) == [
            Problem("unpublishable", severity, Location(SHOWN, line), message)
        ]


def test_each_plural_form_is_bounded_by_its_source() -> None:
    catalog = polib.POFile()
    catalog.append(
        polib.POEntry(
            msgid="%(num)s minute",
            msgid_plural="%(num)s minutes",
            msgstr_plural={0: "%(num)s minute", 1: "%(num)s minutes" * 100},
        )
    )
    [problem] = check_publishable(catalog, SHOWN)
    assert problem.message.startswith("the translation has 1500 characters: a source of 15")


def test_check_reports_a_bidi_override_in_a_post_and_the_page_shows_english(
    project: Path, run: Run
) -> None:
    path = project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po"
    catalog = polib.pofile(str(path))
    title = next(entry for entry in catalog if entry.msgid.startswith("Medsquare supports"))
    title.msgstr = "\u202e" + title.msgstr
    catalog.save(str(path))
    line = polib.pofile(str(path)).find(title.msgid).linenum
    result = run("-C", project, "check")
    assert result.exit_code == 1
    assert (
        f"locales/fr/LC_MESSAGES/idor2020.po:{line}: error: the translation holds U+202E"
        " RIGHT-TO-LEFT OVERRIDE" in result.output
    )
    assert run("-C", project, "build").exit_code == 0
    for page in ("fr/idor2020/index.html", "fr/index.html", "fr/feed.xml"):
        text = (project / "site" / page).read_text(encoding="utf-8")
        assert "\u202e" not in text and title.msgid.split(" #")[0] in text
