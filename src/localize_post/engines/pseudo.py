"""Pseudo-localisation: readable English that looks foreign, to test pages before translators.

``[Ŵŕîţţéñ ƀý … ļöŕéɱ îþšûɱ]``: accented letters show text that escaped translation (it stays
plain ASCII), brackets show truncation, and about a third more characters show layouts that break
when German or Finnish runs longer. The RTL variant writes each word backwards between
right-to-left marks, so an LTR page shows it mirrored, as a check of right-to-left layouts
without knowing Arabic or Hebrew. It used to override the words' direction (U+202E), but bidi
controls in a translation are what check refuses and pages never show: they can make the text
shown differ from the text written.
"""

from __future__ import annotations

import math
import re

from . import Engine
from .protect import PLACEHOLDER

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅßÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PADDING = "ļöŕéɱ îþšûɱ ðöļöŕ šîţ åɱéţ çöñšéçţéţûŕ åðîþîšçîñĝ éļîţ šéð ðö éîûšɱöð ţéɱþöŕ "
EXPANSION = 0.35
# RIGHT-TO-LEFT MARK around each word: neutral characters between words take right-to-left
# direction. A mark is not a control that reorders text: check and pages accept it.
_RTL_MARK = "\u200f"
_WORD = re.compile(r"\w+")


class PseudoEngine(Engine):
    """Offline and instant, so not cached."""

    def __init__(self, rtl: bool) -> None:
        self.name = "pseudo-rtl" if rtl else "pseudo"
        self._rtl = rtl

    def translate(self, text: str) -> str:
        pieces = PLACEHOLDER.split(text)
        visible = 0
        for position in range(0, len(pieces), 2):
            visible += len(pieces[position])
            pieces[position] = self._disguise(pieces[position])
        for position in range(1, len(pieces), 2):
            pieces[position] = f"XPH{pieces[position]}X"
        padding = _padding(math.ceil(visible * EXPANSION) - 2)
        return f"[{''.join(pieces)}{self._disguise(padding)}]"

    def _disguise(self, text: str) -> str:
        accented = text.translate(_ACCENTED)
        if not self._rtl:
            return accented
        return _WORD.sub(lambda word: _RTL_MARK + word.group(0)[::-1] + _RTL_MARK, accented)


def _padding(length: int) -> str:
    """``length`` characters of accented filler, after a space so it reads as extra words."""
    if length <= 0:
        return ""
    return " " + (_PADDING * (length // len(_PADDING) + 1))[: length - 1]
