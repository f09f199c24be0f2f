"""Placeholders for what a machine translation engine must leave alone.

Inline tags, code spans, escapes, URLs, e-mail addresses, hashtags, numbers, glossary terms and
(in python-format entries) ``%(name)s`` become tokens such as ``XPH3X``: plain letters and digits,
which every engine tried keeps as an unknown word, where brackets and braces get moved or
translated (Apertium turns ``on {3} November {4}`` into ``el {3} de {noviembre de 4}``).

A token is sent with spaces around it so the engine sees a word; whether the source had a space
there is remembered, so restoring gives back ``<a1>IDoR</a1>`` and not ``<a1> IDoR </a1>``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..document import (
    TAG_PATTERN,
    InlineMarkupError,
    check_inline_markup,
    collapse_whitespace,
    tags_of,
)
from . import abridged

# Case-insensitive because some engines capitalise a token that starts a sentence.
PLACEHOLDER = re.compile(r"XPH(\d+)X", re.IGNORECASE)

_CODE = r"<code\d*>.*?</code\d*>"
_CODE_SPAN = re.compile(_CODE, re.DOTALL)
_TAG = r"</?[a-z][a-z0-9]*/?>"
# Every tag of a msgid becomes a token, so one in an engine's own words is its invention
# (emphasis included, which a translator may add but an engine has no reason to).
_TAG_IN_TEXT = re.compile(_TAG)
_ESCAPE = r"&(?:lt|gt|amp);"
# What must come back from a translation exactly as written (checks.py warns when it does not).
URL = r"\b(?:https?://|ftp://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)'\]]"
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A hashtag needs a letter: "#1" is a number, and "&#39;" or "C#" are not hashtags.
HASHTAG = r"(?<![\w&#])#(?=\w*[^\W\d_])\w+"
# Atomic, so "3.5x" is left whole to the engine instead of losing "3" to a placeholder.
_NUMBER = r"(?<![\w.,])(?>\d+(?:[.,:/-]\d+)*)(?!\w)"
_PYTHON_FORMAT = r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"


# A suggestion longer than max(GROWTH x its source, its source + SLACK) characters (an
# engine's reply once unprotected, or a memory's match) is rejected. Translations run at most
# two or three times their English: IBM's guideline reserves 30% more room for texts over 70
# characters and up to 200% more for texts under ten, and pseudo-localisation adds a third.
# The slack lets a one-word title become a short phrase. A reply eight times its source is no
# translation but a loop, an error page or an attack, and the bound keeps one reply from
# writing more than a small multiple of its source into a catalog, whatever the service sends.
GROWTH = 8
SLACK = 200


class UnverifiedOutput(ValueError):
    """An engine's output cannot be trusted: it lost, repeated or invented a placeholder, added
    tags, nested them otherwise than the source, or is far longer than its source."""


@dataclass(frozen=True, slots=True)
class Protected:
    """A msgid as an engine sees it.

    ``originals[i]`` is what token ``XPH{i+1}X`` stands for; ``glued[i]`` says whether the
    source had no space before and after it.
    """

    source: str
    text: str
    originals: tuple[str, ...]
    glued: tuple[tuple[bool, bool], ...]


def protection_pattern(
    glossary: Sequence[str] = (), python_format: bool = False
) -> re.Pattern[str]:
    """One pattern for every kind of span to protect; earlier kinds win where spans overlap
    (a URL's digits stay in the URL)."""
    kinds = [_CODE, _TAG, _ESCAPE, URL, EMAIL, HASHTAG, PLACEHOLDER.pattern]
    if python_format:
        kinds.append(_PYTHON_FORMAT)
    terms = sorted({term for term in glossary if term.strip()}, key=len, reverse=True)
    if terms:
        kinds.append(r"(?<!\w)(?:" + "|".join(map(re.escape, terms)) + r")(?!\w)")
    kinds.append(_NUMBER)
    return re.compile("|".join(f"(?:{kind})" for kind in kinds), re.DOTALL)


def protect(msgid: str, pattern: re.Pattern[str]) -> Protected:
    """Replace every protected span of ``msgid`` by a numbered token."""
    parts: list[str] = []
    originals: list[str] = []
    glued: list[tuple[bool, bool]] = []
    position = 0
    for match in pattern.finditer(msgid):
        start, end = match.span()
        glued_left = start > 0 and not msgid[start - 1].isspace()
        glued_right = end < len(msgid) and not msgid[end].isspace()
        originals.append(match.group(0))
        glued.append((glued_left, glued_right))
        token = f"XPH{len(originals)}X"
        parts.append(msgid[position:start])
        parts.append(f"{' ' if glued_left else ''}{token}{' ' if glued_right else ''}")
        position = end
    parts.append(msgid[position:])
    # Two tokens glued together got a space each side: one is enough for the engine.
    text = re.sub("  +", " ", "".join(parts))
    return Protected(msgid, text, tuple(originals), tuple(glued))


def spans(text: str, pattern: re.Pattern[str]) -> Counter[str]:
    return Counter(match.group(0) for match in pattern.finditer(text))


def restore(output: str, protected: Protected) -> str:
    """An engine's output with every token replaced by what it stands for; raise
    UnverifiedOutput unless each token occurs exactly once, the tags' tokens nest as in the
    source, and the engine wrote no tag of its own (it saw none, so any tag is invented)."""
    pieces = PLACEHOLDER.split(output)
    texts = pieces[0::2]
    # Compared as digit strings: int() refuses a run of over 4300 digits.
    numbers = pieces[1::2]
    by_digits = {str(index): index for index in range(1, len(protected.originals) + 1)}
    counts = Counter(by_digits.get(number.lstrip("0")) for number in numbers)
    numbered = list(enumerate(protected.originals, start=1))
    lost = [original for index, original in numbered if counts[index] == 0]
    if lost:
        raise UnverifiedOutput("lost " + ", ".join(lost))
    repeated = [
        f"{original} {counts[index]} times" for index, original in numbered if counts[index] > 1
    ]
    if repeated:
        raise UnverifiedOutput("repeated " + ", ".join(repeated))
    invented = [number for number in numbers if number.lstrip("0") not in by_digits]
    if invented:
        raise UnverifiedOutput(f"invented placeholder XPH{abridged(invented[0], 12)}X")
    for text in texts:
        written = _TAG_IN_TEXT.search(text)
        if written:
            raise UnverifiedOutput(f"invented tag {written.group(0)}")
    indexes = [by_digits[number.lstrip("0")] for number in numbers]
    _check_nesting(indexes, protected)
    texts = [collapse_whitespace(text) for text in texts]
    for position, index in enumerate(indexes):
        glued_left, glued_right = protected.glued[index - 1]
        if glued_left:
            texts[position] = texts[position].rstrip(" ")
        if glued_right:
            texts[position + 1] = texts[position + 1].lstrip(" ")
    restored = [texts[0]]
    for position, index in enumerate(indexes):
        restored += [protected.originals[index - 1], texts[position + 1]]
    return "".join(restored).strip(" ")


def _check_nesting(indexes: Sequence[int], protected: Protected) -> None:
    """Raise UnverifiedOutput unless each tag's token, in the output's order ``indexes``, lies
    inside the same tag as in the source: a link must keep the words and images it held."""
    expected = _enclosing(range(1, len(protected.originals) + 1), protected.originals)
    if expected is None:
        return  # the source's own tags do not nest: verify() reports it
    found = _enclosing(indexes, protected.originals)
    if found is None:
        raise UnverifiedOutput("tags overlap")
    for index, parent in expected.items():
        if found[index] != parent:
            tag = protected.originals[index - 1]
            where, now = (_place(protected, place) for place in (parent, found[index]))
            raise UnverifiedOutput(f"moved {tag} from {where} to {now}")


def _enclosing(order: Iterable[int], originals: Sequence[str]) -> dict[int, int | None] | None:
    """The opening tag around each opening tag, self-closing tag and code span, all by token
    number, when the tokens come in ``order``; None where a tag closes out of turn."""
    enclosing: dict[int, int | None] = {}
    open_tags: list[tuple[int, str]] = []
    for index in order:
        original = originals[index - 1]
        tag = TAG_PATTERN.fullmatch(original)
        if tag is not None and tag.group(1):
            if not open_tags or open_tags[-1][1] != tag.group(2):
                return None
            open_tags.pop()
        elif tag is not None or _CODE_SPAN.fullmatch(original):
            enclosing[index] = open_tags[-1][0] if open_tags else None
            if tag is not None and not tag.group(3):
                open_tags.append((index, tag.group(2)))
        # anything else (a URL, a number, a term) is words, which may move
    return enclosing


def _place(protected: Protected, index: int | None) -> str:
    return "the top level" if index is None else f"inside {protected.originals[index - 1]}"


def translate_pieces(protected: Protected, translate: Callable[[str], str]) -> str:
    """The protected text with each run of words between tokens translated on its own, so no
    token can be lost; word order across tokens stays the source's."""
    pieces = PLACEHOLDER.split(protected.text)
    for position in range(0, len(pieces), 2):
        piece = pieces[position]
        words = piece.strip()
        if any(char.isalpha() for char in words):
            leading = piece[: len(piece) - len(piece.lstrip())]
            trailing = piece[len(piece.rstrip()) :]
            pieces[position] = leading + translate(words).strip() + trailing
    for position in range(1, len(pieces), 2):
        pieces[position] = f"XPH{pieces[position]}X"
    return "".join(pieces)


def longest_suggestion(source: str) -> int:
    """The most characters a suggested translation of ``source`` may have (see GROWTH)."""
    return max(GROWTH * len(source), len(source) + SLACK)


def verify(msgid: str, translation: str, pattern: re.Pattern[str]) -> None:
    """Raise UnverifiedOutput unless ``translation`` is not empty nor far longer than ``msgid``,
    keeps every tag of ``msgid``, nested as there, and every protected span (URL, hashtag,
    number, term...) at least as often."""
    if not translation.strip():
        raise UnverifiedOutput("empty translation")
    longest = longest_suggestion(msgid)
    if len(translation) > longest:
        raise UnverifiedOutput(
            f"{len(translation):,} characters, more than the {longest:,} a translation of"
            f" {len(msgid):,} can take"
        )
    try:
        check_inline_markup(msgid, translation, tags_of(msgid))
    except InlineMarkupError as error:
        raise UnverifiedOutput(str(error)) from None
    missing = spans(msgid, pattern) - spans(translation, pattern)
    if missing:
        raise UnverifiedOutput("lost " + ", ".join(sorted(missing.elements())))
