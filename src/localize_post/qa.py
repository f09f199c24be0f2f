"""What needs a translator's attention: warnings on translated entries that are not fuzzy.

They follow Translate Toolkit's ``pofilter`` (numbers, URLs, unchanged text, punctuation,
whitespace), tuned so that a correct translation in another script or number format passes: a
page still renders whatever they find, so they never fail ``check`` but with ``--strict``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

import polib
from babel.core import get_global, parse_locale

from .catalogs import FUZZY
from .document import CODE_SPAN, TAG_PATTERN, Location
from .engines.protect import EMAIL, HASHTAG, URL, protection_pattern
from .locales import Language
from .problems import Problem, Severity

# Digits joined by group and decimal marks, as languages write them: "1,000.5", "1.000,5",
# "1'000", Arabic U+066B and U+066C, full-width U+FF0C and U+FF0E. A space (plain, no-break,
# thin) joins only a group of three digits, as in "1 000", so that "in 2012 15 people" stays two
# numbers.
_NUMBER = re.compile(r"\d+(?:(?:[.,'’٫٬，．]|[ \u00a0\u2009\u202f](?=\d{3}(?!\d)))\d+)*")  # noqa: RUF001
_DIGIT_GROUP = re.compile(r"\d+")
_HASHTAGS = re.compile(HASHTAG)
_URLS = re.compile(URL)
_EMAILS = re.compile(EMAIL)
_KEPT_AS_IS = re.compile(f"(?:{URL})|(?:{EMAIL})|(?:{HASHTAG})")
# What stands for tags and code a check must not read: no tag, URL, hashtag, number or run of
# spaces can match through it.
_HIDDEN = "<>"
_WORD = re.compile(r"[^\W\d_]+")
_SPACE_RUN = re.compile(r"[^\S\r\n]{2,}")
_TAG_AT_END = re.compile(TAG_PATTERN.pattern + r"\Z")

# Any language may end a sentence with these; some scripts have marks of their own besides.
_SENTENCE_ENDS = ".!?:…"
_CJK_SENTENCE_ENDS = "。！？：．"  # noqa: RUF001 - CJK punctuation is the point
_SENTENCE_ENDS_BY_SCRIPT = {
    "Jpan": _CJK_SENTENCE_ENDS,
    "Hans": _CJK_SENTENCE_ENDS,
    "Hant": _CJK_SENTENCE_ENDS,
    "Arab": "؟۔",  # noqa: RUF001 - Arabic question mark, Urdu full stop
    "Deva": "।",
    "Grek": ";\u037e",
    "Armn": "։",  # noqa: RUF001 - Armenian full stop
}
_WHITESPACE_NAMES = {
    " ": "space",
    "\u00a0": "no-break space",
    "\u3000": "full-width space",
    "\t": "tab",
    "\n": "line break",
}


@dataclass(frozen=True, slots=True)
class _Number:
    """A number of a text: ``digits`` are all its digits in ASCII ("1,000.5" -> "10005");
    ``groups`` the value of each run of digits ("05.11.2020" -> "5", "11", "2020")."""

    written: str
    digits: str
    groups: tuple[str, ...]


def check_numbers(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    """Every number of the source is in the translation, in whatever digits and group or decimal
    marks the language uses: "1,000" may be "1 000", "1.000" or in Arabic-Indic digits, and
    "3.5" may be "3,5".

    A number is found when the translation has its digits, however grouped, or each of its digit
    groups: "11/5/2020" is also "5.11.2020", and "8 November 1895" is also "1895年11月8日".
    """
    problems = []
    for entry in _reviewed(catalog):
        for source, translation in source_and_translations(entry):
            found: set[str] = set()
            for number in _numbers(translation):
                found.add(number.digits)
                found.update(number.groups)
            for number in _numbers(source):
                if number.digits in found or found.issuperset(number.groups):
                    continue
                problems.append(
                    _warning(
                        "numbers",
                        entry,
                        shown,
                        f"the number {number.written} of the source is missing from the"
                        " translation (your language's digits and separators are fine)",
                    )
                )
    return problems


def _numbers(text: str) -> list[_Number]:
    """The numbers of the running text, each once; those in URLs, e-mail addresses and hashtags
    are left to their own checks."""
    numbers: dict[str, _Number] = {}
    for match in _NUMBER.finditer(_KEPT_AS_IS.sub(_HIDDEN, _running_text(text))):
        written = match.group(0)
        in_ascii = "".join(
            str(unicodedata.digit(char)) if char.isdecimal() else char for char in written
        )
        groups = _DIGIT_GROUP.findall(in_ascii)
        values = tuple(group.lstrip("0") or "0" for group in groups)
        numbers.setdefault(written, _Number(written, "".join(groups), values))
    return list(numbers.values())


def check_hashtags(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    """A hashtag is the same in every language, or readers land in another conversation."""
    return _check_kept_as_is(catalog, shown, "hashtags", _HASHTAGS, "the hashtag")


def check_urls(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    return _check_kept_as_is(catalog, shown, "urls", _URLS, "the address")


def check_emails(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    return _check_kept_as_is(catalog, shown, "emails", _EMAILS, "the e-mail address")


def _check_kept_as_is(
    catalog: polib.POFile, shown: PurePosixPath, check: str, pattern: re.Pattern[str], what: str
) -> list[Problem]:
    problems = []
    for entry in _reviewed(catalog):
        for source, translation in source_and_translations(entry):
            translated = _running_text(translation)
            for kept in dict.fromkeys(pattern.findall(_running_text(source))):
                if not _appears(kept, translated):
                    problems.append(
                        _warning(
                            check,
                            entry,
                            shown,
                            f"{what} {kept} must appear unchanged in the translation",
                        )
                    )
    return problems


def check_glossary(
    catalog: polib.POFile, glossary: Sequence[str], shown: PurePosixPath
) -> list[Problem]:
    """Each term of the project's ``glossary`` setting that the source uses is in the
    translation as it is."""
    terms = [term for term in dict.fromkeys(glossary) if term.strip()]
    problems = []
    for entry in _reviewed(catalog):
        for source, translation in source_and_translations(entry):
            source_text, translated = _running_text(source), _running_text(translation)
            for term in terms:
                if _appears(term, source_text) and not _appears(term, translated):
                    problems.append(
                        _warning(
                            "glossary",
                            entry,
                            shown,
                            f"{term} must appear unchanged in the translation: the project's"
                            " glossary lists it among the terms never translated",
                        )
                    )
    return problems


def check_unchanged(
    catalog: polib.POFile, glossary: Sequence[str], language: Language, shown: PurePosixPath
) -> list[Problem]:
    """A translation identical to its source, though the source has words to translate (see
    is_untranslated_copy)."""
    problems = []
    for entry in _reviewed(catalog):
        python_format = "python-format" in entry.flags
        for source, translation in source_and_translations(entry):
            if translation.strip() == source.strip() and is_untranslated_copy(
                source, language, glossary, python_format
            ):
                problems.append(
                    _warning(
                        "unchanged",
                        entry,
                        shown,
                        "the translation is identical to the source text: translate it",
                    )
                )
    return problems


def is_untranslated_copy(
    source: str, language: Language, glossary: Sequence[str], python_format: bool = False
) -> bool:
    """Whether a translation that is ``source`` itself was left untranslated, rather than kept.

    Acronyms ("COVID"), glossary terms, tags, code, URLs and placeholders are not words to
    translate. A language written in the Latin alphabet rightly keeps names and borrowed words
    (French "Blog"), so a copy is one there only when the source has several words, one of them
    a lowercase word of four letters or more. A language in another script writes every word
    its own way: a copied word of four letters or more is untranslated.
    """
    not_words = protection_pattern(glossary, python_format)
    words = _WORD.findall(not_words.sub(" ", source))
    long_words = [word for word in words if len(word) >= 4 and not word.isupper()]
    if _script(language) == "Latn":
        return len(words) > 1 and any(word[0].islower() for word in long_words)
    return bool(long_words)


def check_punctuation(
    catalog: polib.POFile, source_language: Language, language: Language, shown: PurePosixPath
) -> list[Problem]:
    """A translation ends a sentence where its source does, with its own language's marks
    (Japanese "。", Arabic "؟"), and does not end one where its source does not. A leading
    Spanish "¿" or "¡" is the translation's own business."""
    source_ends = _sentence_ends(source_language)
    translation_ends = _sentence_ends(language)
    problems = []
    for entry in _reviewed(catalog):
        for source, translation in source_and_translations(entry):
            source_last = _last_character(source)
            translation_last = _last_character(translation)
            source_ended = bool(source_last) and source_last in source_ends
            translation_ended = bool(translation_last) and translation_last in translation_ends
            if source_ended and not translation_ended:
                message = (
                    f"the source ends with “{source_last}” but the translation has no final"
                    f" punctuation: end it with “{source_last}” or your language's equivalent"
                )
            elif translation_ended and not source_ended:
                message = (
                    f"the translation ends with “{translation_last}” but the source has no"
                    " final punctuation"
                )
            else:
                continue
            problems.append(_warning("punctuation", entry, shown, message))
    return problems


def check_whitespace(catalog: polib.POFile, shown: PurePosixPath) -> list[Problem]:
    """A translation starts and ends with the whitespace its source does, and has no run of
    spaces its source does not have."""
    problems = []
    for entry in _reviewed(catalog):
        for source, translation in source_and_translations(entry):
            edges = (
                ("starts", _leading_whitespace(source), _leading_whitespace(translation)),
                ("ends", _trailing_whitespace(source), _trailing_whitespace(translation)),
            )
            for edge, source_space, translation_space in edges:
                if source_space != translation_space:
                    problems.append(
                        _warning(
                            "whitespace",
                            entry,
                            shown,
                            f"the translation {edge} with {_describe_whitespace(translation_space)}"
                            f" but the source with {_describe_whitespace(source_space)}",
                        )
                    )
            if _SPACE_RUN.search(source):
                continue
            inner = translation.strip()
            for run in _SPACE_RUN.finditer(inner):
                before = " ".join(inner[: run.start()].split()[-3:])
                problems.append(
                    _warning(
                        "whitespace",
                        entry,
                        shown,
                        f"the translation has {len(run.group(0))} spaces in a row after"
                        f" “{before}”: leave one",
                    )
                )
    return problems


def _warning(check: str, entry: polib.POEntry, shown: PurePosixPath, message: str) -> Problem:
    return Problem(check, Severity.WARNING, Location(shown, entry.linenum), message)


def _running_text(text: str) -> str:
    """Msgid or msgstr text with its tags and code spans hidden: ``<a1>`` holds no number, and
    code is compared whole by ``check_tags``."""
    return TAG_PATTERN.sub(_HIDDEN, CODE_SPAN.sub(_HIDDEN, text))


def _appears(kept: str, text: str) -> bool:
    """Whether ``kept`` is in ``text`` whole, not run into a longer word of its own script:
    "Medsquareは" keeps the name, "Medsquares" does not."""
    for match in re.finditer(re.escape(kept), text):
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if not _runs_into(kept[0], before) and not _runs_into(kept[-1], after):
            return True
    return False


def _runs_into(edge: str, neighbour: str) -> bool:
    return edge.isalnum() and neighbour.isalnum() and _script_of(edge) == _script_of(neighbour)


def _script_of(character: str) -> str:
    """The script of a letter or digit as Unicode names begin with it: "LATIN", "CJK",
    "ARABIC"; ASCII digits ("DIGIT ONE") go with Latin letters, as in "IDoR2020"."""
    name = unicodedata.name(character, "")
    return "LATIN" if name.startswith("DIGIT ") else name.split(" ")[0]


def _script(language: Language) -> str:
    """The ISO 15924 code of the script a language is written in: its own (``sr-Latn``), else
    the one CLDR finds likely (``ja`` -> ``Jpan``)."""
    if language.locale.script:
        return str(language.locale.script)
    likely: Mapping[str, str] = get_global("likely_subtags")
    subtags = likely.get(str(language.locale)) or likely.get(language.locale.language)
    return (parse_locale(subtags)[2] or "") if subtags else ""


def _sentence_ends(language: Language) -> str:
    return _SENTENCE_ENDS + _SENTENCE_ENDS_BY_SCRIPT.get(_script(language), "")


def _last_character(text: str) -> str:
    """The character that ends ``text`` for a reader: closing tags, quotes, brackets and
    spaces after it do not count ("(see the <a1>site</a1>.)" ends with ".")."""
    end = len(text)
    while end:
        character = text[end - 1]
        if character.isspace() or _closes(character):
            end -= 1
            continue
        tag = _TAG_AT_END.search(text, 0, end)
        if tag is None or not (tag.group(1) or tag.group(3)):
            return character
        end = tag.start()
    return ""


def _closes(character: str) -> bool:
    """A closing quote or bracket, which may follow the mark that ends a sentence."""
    return character in "\"'" or unicodedata.category(character) in ("Pe", "Pf", "Pi")


def _leading_whitespace(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing_whitespace(text: str) -> str:
    return text[len(text.rstrip()) :]


def _describe_whitespace(whitespace: str) -> str:
    """Whitespace in words a translator can act on: "2 spaces", "one no-break space"."""
    if not whitespace:
        return "no whitespace"
    names = [
        _WHITESPACE_NAMES.get(character, unicodedata.name(character, "space").lower())
        for character in whitespace
    ]
    return " and ".join(
        f"{count} {name}s" if count > 1 else f"one {name}"
        for name, count in ((name, len(list(group))) for name, group in itertools.groupby(names))
    )


def translated_entries(catalog: polib.POFile) -> Iterable[polib.POEntry]:
    return (
        entry for entry in catalog if not entry.obsolete and (entry.msgstr or entry.msgstr_plural)
    )


def _reviewed(catalog: polib.POFile) -> Iterable[polib.POEntry]:
    """Translated entries a translator has signed off: a fuzzy one is still a draft."""
    return (entry for entry in translated_entries(catalog) if FUZZY not in entry.flags)


def source_and_translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs: every plural form is compared with the plural msgid."""
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values() if text]
    return [(entry.msgid, entry.msgstr)]
