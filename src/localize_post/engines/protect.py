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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..document import InlineMarkupError, check_inline_markup, collapse_whitespace, tags_of

# Case-insensitive because some engines capitalise a token that starts a sentence.
PLACEHOLDER = re.compile(r"XPH(\d+)X", re.IGNORECASE)

_CODE = r"<code\d*>.*?</code\d*>"
_TAG = r"</?[a-z][a-z0-9]*/?>"
_ESCAPE = r"&(?:lt|gt|amp);"
# What must come back from a translation exactly as written (checks.py warns when it does not).
URL = r"\b(?:https?://|ftp://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)'\]]"
EMAIL = r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A hashtag needs a letter: "#1" is a number, and "&#39;" or "C#" are not hashtags.
HASHTAG = r"(?<![\w&#])#(?=\w*[^\W\d_])\w+"
# Atomic, so "3.5x" is left whole to the engine instead of losing "3" to a placeholder.
_NUMBER = r"(?<![\w.,])(?>\d+(?:[.,:/-]\d+)*)(?!\w)"
_PYTHON_FORMAT = r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"


class PlaceholderError(ValueError):
    """An engine's output lost, repeated or invented a placeholder, or broke the tags."""


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
    PlaceholderError unless each token occurs exactly once."""
    pieces = PLACEHOLDER.split(output)
    texts = pieces[0::2]
    indexes = [int(number) for number in pieces[1::2]]
    counts = Counter(indexes)
    expected = range(1, len(protected.originals) + 1)
    lost = [protected.originals[index - 1] for index in expected if counts[index] == 0]
    if lost:
        raise PlaceholderError("lost " + ", ".join(lost))
    repeated = [protected.originals[index - 1] for index in expected if counts[index] > 1]
    if repeated:
        raise PlaceholderError("repeated " + ", ".join(repeated))
    invented = sorted(index for index in counts if index not in expected)
    if invented:
        raise PlaceholderError(f"invented placeholder XPH{invented[0]}X")
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


def verify(msgid: str, translation: str, pattern: re.Pattern[str]) -> None:
    """Raise PlaceholderError unless ``translation`` keeps every tag of ``msgid``, nested as
    there, and every protected span (URL, hashtag, number, term...) at least as often."""
    if not translation.strip():
        raise PlaceholderError("empty translation")
    try:
        check_inline_markup(msgid, translation, tags_of(msgid))
    except InlineMarkupError as error:
        raise PlaceholderError(str(error)) from None
    missing = spans(msgid, pattern) - spans(translation, pattern)
    if missing:
        raise PlaceholderError("lost " + ", ".join(sorted(missing.elements())))
