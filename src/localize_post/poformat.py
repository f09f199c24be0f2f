"""Write gettext catalogs exactly the way GNU gettext 0.21's ``msgcat`` does.

Translators' tools and ``msgcat``/``msgmerge`` re-wrap every file they touch, so a
catalog written any other way produces a spurious diff on each round trip.
polib's own ``str(POFile)`` wraps with Python's ``textwrap`` and counts code points,
which disagrees with GNU on almost every long or non-ASCII string.

This module mirrors ``gettext-tools/src/write-po.c`` (entry layout, comment order,
flag normalisation, the ``wrap()`` routine) and the part of libunistring 1.0 that
``wrap()`` relies on: ``u8_possible_linebreaks`` (UAX #14 as libunistring implements
it, including its deliberate deviations) and ``u8_width_linebreaks`` (greedy filling
by terminal columns).  Only the default ``msgcat`` options are reproduced: page width
79, wrapping on, no ``--indent``, no ``--escape``, UTF-8 output.

Known limits, none of which occur in this project's catalogs:

* Breaks inside format directives are prevented for C, Objective-C, Python and Python
  brace strings only, the languages whose parsers are mirrored here.
* A catalog holding nothing but its header is written as ``msgcat --force-po`` writes
  it; plain ``msgcat`` refuses to write such a file at all.
* The character tables are exact for Unicode 14.0 (Python 3.11's ``unicodedata``, the
  version libunistring 1.0 uses); characters added later get predicted properties.
* What polib's model cannot hold cannot be written back: translator comments that are
  one empty "#" line (the same empty string as no comment), and the header entry's
  "#." and "#:" lines and previous msgid (poreader reads everything else).
* A comment ending in a backslash is written as it is, as GNU writes it; GNU's reader
  (and poreader) then joins the next line to it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator
from itertools import accumulate
from typing import Any

import polib

__all__ = ["display_width", "format_catalog"]

_PAGE_WIDTH = 79

# --------------------------------------------------------------------------------------
# Line-breaking classes.  Only the classes that survive libunistring's resolution step
# exist here: AI, SA and XX are folded into AL and CB into ID when the class is looked
# up, exactly as u8_possible_linebreaks does for a non-CJK encoding.  OP_EA is an
# East Asian opening bracket (LB30 only keeps "AL x OP" for non-East-Asian ones), ID2
# an unassigned Extended_Pictographic code point (LB30b lets it take an emoji
# modifier).  The first 31 classes index the pair table below.
# fmt: off
(
    _WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP, _EX, _IN, _NS, _OP, _OP_EA, _QU, _IS, _NU,
    _PO, _PR, _SY, _AL, _H2, _H3, _ID, _ID2, _JL, _JV, _JT, _HL, _RI, _EB, _EM,
) = range(31)
# fmt: on
# Classes handled by explicit rules rather than by the pair table.
_ZWJ, _CM, _ZW, _SP, _BK = range(31, 36)

# libunistring 1.0's pair table (lbrktables.c), rows = class before the opportunity,
# columns = class after it, in the order of the constants above.  D: break allowed,
# I: break allowed only if spaces intervene, P: never.  It differs from the UAX #14
# example table on purpose in a few cells, most visibly (IS, AL) = D: GNU breaks
# "e.g." as "e." / "g." and ":mod:" / "`x`" so that "</P>" can start a line.
_PAIR_TABLE = tuple(
    row.replace(" ", "")
    for row in (
        "PIIII IPPPI IIIIP IIIPI IIIII IIIII I",  # WJ
        "PIIII IPPPI IIIIP IIIPI IIIII IIIII I",  # GL
        "PIPID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # B2
        "PDDID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # BA
        "PIIII IPPPI IIIIP IIIPI IIIII IIIII I",  # BB
        "PDDID IPPPI IDDIP IDDPD DDDDD DDDDD D",  # HY
        "PIDID IPPPI PDDIP DIIPD DDDDD DDDDD D",  # CL
        "PIDID IPPPI IDDIP IIIPI DDDDD DDIDD D",  # CP
        "PIDID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # EX
        "PIDID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # IN
        "PIDID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # NS
        "PPPPP PPPPP PPPPP PPPPP PPPPP PPPPP P",  # OP
        "PPPPP PPPPP PPPPP PPPPP PPPPP PPPPP P",  # OP_EA
        "PIIII IPPPI IPPIP IIIPI IIIII IIIII I",  # QU
        "PIDID IPPPI IDDIP IDDPD DDDDD DDDDD D",  # IS
        "PIDID IPPPI IIDIP IIIPI DDDDD DDIDD D",  # NU
        "PIDID IPPPI IIIIP IDDPI DDDDD DDIDD D",  # PO
        "PIDID IPPPI IIIIP IDDPI IIIII IIIDI I",  # PR
        "PIDID IPPPI IDDIP IDDPD DDDDD DDIDD D",  # SY
        "PIDID IPPPI IIDIP IIIPI DDDDD DDIDD D",  # AL
        "PIDID IPPPI IDDIP DIDPD DDDDD IIDDD D",  # H2
        "PIDID IPPPI IDDIP DIDPD DDDDD DIDDD D",  # H3
        "PIDID IPPPI IDDIP DIDPD DDDDD DDDDD D",  # ID
        "PIDID IPPPI IDDIP DIDPD DDDDD DDDDD I",  # ID2
        "PIDID IPPPI IDDIP DIDPD IIDDI IDDDD D",  # JL
        "PIDID IPPPI IDDIP DIDPD DDDDD IIDDD D",  # JV
        "PIDID IPPPI IDDIP DIDPD DDDDD DIDDD D",  # JT
        "PIDID IPPPI IIDIP IIIPI DDDDD DDIDD D",  # HL
        "PIDID IPPPI IDDIP DDDPD DDDDD DDDDD D",  # RI
        "PIDID IPPPI IDDIP DIDPD DDDDD DDDDD I",  # EB
        "PIDID IPPPI IDDIP DIDPD DDDDD DDDDD D",  # EM
    )
)

# The pair table as numbers: "P" never, "D" direct, "I" indirect (across spaces).
_NEVER, _DIRECT, _INDIRECT = range(3)
_PAIR_RULES = tuple(tuple("PDI".index(rule) for rule in row) for row in _PAIR_TABLE)

# Scripts that UAX #14 leaves to dictionary-based breaking (class SA).  libunistring
# does not do that and treats them as AL, so their combining marks are letters too.
_SA_RANGES = (
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x1950, 0x19FF),
    (0x1A20, 0x1AAF),
    (0xA9E0, 0xA9FF),
    (0xAA60, 0xAADF),
    (0x11700, 0x1174F),
)

# Code points whose class or width differs from what the Unicode general category and
# East Asian width predict (see _default_class / _default_width).  Generated by
# comparing those predictions with libunistring 1.0's own tables (Unicode 14.0, the
# version of Python 3.11's unicodedata) over every code point, so the combination is
# exact for Unicode 14.0 characters.  Format: hex code points or ranges.
_CLASS_EXCEPTIONS: dict[int, str] = {
    _AL: (
        "0600-0605 06DD 070F 0890-0891 08E2 2015 2061-2064 23E9-23EC 25FD-25FE 2648-2653 "
        "2693 26A1 26AA-26AB 26CE 2705 2728 274C 274E 2753-2755 2757 2795-2797 27B0 27BF "
        "2B1B-2B1C 2B50 2B55 2E1A 110BD 110CD 1AFF0-1AFF3 1AFF5-1AFFB 1AFFD-1AFFE 1F18E "
        "1F191-1F19A 1F3B5-1F3B6 1F3BC 1F4A0 1F4A2 1F4A4 1F4AF 1F4B1-1F4B2 1F500-1F506 "
        "1F517-1F524 1F532-1F53D 2FFFE-2FFFF"
    ),
    _B2: "2014 2E3A-2E3B",
    _BA: (
        "0009 007C 00AD 0964-0965 0E5A-0E5B 0F0B 0F34 0F7F 0F85 0FBE-0FBF 0FD2 104A-104B "
        "1361 16EB-16ED 1735-1736 17D4-17D5 17D8 17DA 1804-1805 1B5A-1B5B 1B5D-1B60 "
        "1B7D-1B7E 1C3B-1C3F 1C7E-1C7F 2027 2056 2058-205B 205D-205E 2CFA-2CFC 2CFF 2D70 "
        "2E0E-2E15 2E19 2E2A-2E2D 2E30-2E31 2E33-2E34 2E3C-2E3E 2E41 2E43-2E4A 2E4C "
        "2E4E-2E4F A4FE-A4FF A60D A60F A6F3-A6F7 A8CE-A8CF A92E-A92F A9C7-A9C9 AA5D-AA5F "
        "AAF0-AAF1 ABEB 10100-10102 1039F 103D0 10857 1091F 10A50-10A57 10AF0-10AF5 "
        "10B39-10B3F 11047-11048 110BE-110C1 11140-11143 111C5-111C6 111C8 111DD-111DF "
        "11238-11239 1123B-1123C 112A9 1144B-1144E 1145A-1145B 115C2-115C3 115C9-115D7 "
        "11641-11642 1173C-1173E 11944-11946 11A41-11A44 11A9A-11A9C 11AA1-11AA2 "
        "11C41-11C45 11FFF 12470-12474 16A6E-16A6F 16AF5 16B37-16B39 16B44 16E97-16E98 "
        "1BC9F 1DA87-1DA8A"
    ),
    _BB: (
        "00B4 02C8 02CC 02DF 0C77 0C84 0F01-0F04 0F06-0F07 0F09-0F0A 0FD0-0FD1 0FD3 1806 "
        "1FFD A874-A875 A8FC 11175 111DB 115C1 11660-1166C 119E2 11A3F 11A45 11A9E-11AA0 "
        "11C70"
    ),
    _BK: "000A-000D 0085 2028-2029",
    _CL: (
        "3001-3002 FE11-FE12 FE50 FE52 FF0C FF0E FF61 FF64 1325B-1325D 13282 13287 13289 "
        "1337A-1337B 13438 145CF"
    ),
    _CM: "1A7F 3035",
    _CP: "0029 005D",
    _EB: (
        "261D 26F9 270A-270D 1F385 1F3C2-1F3C4 1F3C7 1F3CA-1F3CC 1F442-1F443 1F446-1F450 "
        "1F466-1F478 1F47C 1F481-1F483 1F485-1F487 1F48F 1F491 1F4AA 1F574-1F575 1F57A "
        "1F590 1F595-1F596 1F645-1F647 1F64B-1F64F 1F6A3 1F6B4-1F6B6 1F6C0 1F6CC 1F90C "
        "1F90F 1F918-1F91F 1F926 1F930-1F939 1F93C-1F93E 1F977 1F9B5-1F9B6 1F9B8-1F9B9 "
        "1F9BB 1F9CD-1F9CF 1F9D1-1F9DD 1FAC3-1FAC5 1FAF0-1FAF6"
    ),
    _EM: "1F3FB-1F3FF",
    _EX: (
        "0021 003F 05C6 061B 061D-061F 06D4 07F9 0F0D-0F11 0F14 1802-1803 1808-1809 "
        "1944-1945 2762-2763 2CF9 2CFE 2E2E 2E53-2E54 A60E A876-A877 FE15-FE16 FE56-FE57 "
        "FF01 FF1F 115C4-115C5 11C71"
    ),
    _GL: "00A0 034F 035C-0362 0F08 0F0C 0F12 0FD9-0FDA 180E 2007 2011 202F 13430-13436 16FE4",
    _HY: "002D",
    _ID: (
        "23F1-23F2 2600-2603 2618 261A-261C 261E-261F 2639-263B 2668 26BF-26C3 26C6-26C8 "
        "26CD 26CF-26D1 26D3 26D8-26D9 26DC 26DF-26E1 26F1 26F4 26F7-26F8 26FE-2704 "
        "2708-2709 2764 3030 303F FE31-FE32 FE58 FE63 FF0D FF10-FF19 FFFC 1F000-1F003 "
        "1F005-1F02B 1F030-1F093 1F0A0-1F0AE 1F0B1-1F0BF 1F0C1-1F0CE 1F0D1-1F0F5 "
        "1F10D-1F10F 1F16D-1F16F 1F1AD 1F321-1F32C 1F336 1F37D 1F394-1F39B 1F39E-1F39F "
        "1F3CD-1F3CE 1F3D4-1F3DF 1F3F1-1F3F3 1F3F5-1F3F7 1F43F 1F441 1F4FD-1F4FE 1F54A "
        "1F54F 1F568-1F573 1F576-1F579 1F57B-1F58F 1F591-1F594 1F597-1F5A3 1F5A5-1F5D3 "
        "1F5DC-1F5F3 1F5FA 1F6C6-1F6CB 1F6CD-1F6CF 1F6D3-1F6D4 1F6E0-1F6EA 1F6F0-1F6F3 "
        "1F7D5-1F7D8 1F8B0-1F8B1 1F93B 1F946 1FA60-1FA6D"
    ),
    _IN: "2024-2026 22EF FE19 10AF6",
    _IS: "002C 002E 003A-003B 037E 0589 060C-060D 07F8 2044 FE10 FE13-FE14",
    _JL: "1100-115F A960-A97C",
    _JT: "11A8-11FF D7CB-D7FB",
    _JV: "1160-11A7 D7B0-D7C6",
    _NS: (
        "17D6 203C-203D 2047-2049 3005 301C 303B-303C 3041 3043 3045 3047 3049 3063 3083 "
        "3085 3087 308E 3095-3096 309B-309E 30A0-30A1 30A3 30A5 30A7 30A9 30C3 30E3 30E5 "
        "30E7 30EE 30F5-30F6 30FB-30FE 31F0-31FF A015 FE54-FE55 FF1A-FF1B FF65 FF67-FF70 "
        "FF9E-FF9F 16FE0-16FE3 1B150-1B152 1B164-1B167 1F679-1F67B"
    ),
    _NU: "066B-066C",
    _OP: "00A1 00BF 2E18 13258-1325A 13286 13288 13379 13437 145CE 1E95E-1E95F",
    _OP_EA: "FF62",
    _PO: (
        "0025 00A2 00B0 0609-060B 066A 09F2-09F3 09F9 0D79 2030-2037 20A7 20B6 20BB 20BE "
        "20C0 2103 2109 A838 FDFC FE6A FF05 FFE0 11FDD-11FE0 1ECAC 1ECB0"
    ),
    _PR: "002B 005C 00B1 20C1-20CF 2116 2212-2213",
    _QU: "0022 0027 275B-2760 2E00-2E01 2E06-2E08 2E0B 1F676-1F678",
    _RI: "1F1E6-1F1FF",
    _SP: "0020",
    _SY: "002F",
    _WJ: "2060 FEFF",
    _ZW: "200B",
    _ZWJ: "200D",
}
_WIDTH_EXCEPTIONS: dict[int, str] = {
    1: "0CBF 0CC6 D7C7-D7CA D7FC-D7FF 11A07-11A08 11C3F",
    2: (
        "2E9A 2EF4-2EFF 2FD6-2FEF 2FFC-2FFF 3040 3097-3098 3100-3104 3130 318F 31E4-31EF "
        "321F A48D-A48F A4C7-A4CF FA6E-FA6F FADA-FAFF FE1A-FE1F FE53 FE67 FE6C-FE6F FF00 "
        "1F203-1F20F 1F23C-1F23F 1F249-1F24F 1F252-1F25F 1F266-1F2FF 3FFFE-3FFFF"
    ),
}


def _in_ranges(cp: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _default_class(ch: str) -> int:
    """Predict the line-breaking class from general category and East Asian width."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category == "Cn":
        # Unassigned code points are XX (hence AL), except in the blocks and planes
        # that UAX #14 reserves for ideographs and pictographs.  CPython reports
        # East Asian width "F" for every unassigned code point, so it is no guide.
        if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFD:
            return _ID
        if 0x1F000 <= cp <= 0x1FAFF or 0x1FC00 <= cp <= 0x1FFFD:
            return _ID2
        return _AL
    if category[0] == "M" or category in ("Cc", "Cf"):
        return _AL if _in_ranges(cp, _SA_RANGES) else _CM
    if category == "Nd":
        return _NU
    if 0xAC00 <= cp <= 0xD7A3:
        # Precomposed Hangul: LV syllables are the first of each run of 28.
        return _H2 if (cp - 0xAC00) % 28 == 0 else _H3
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if category[0] == "L" or category in ("Nl", "No"):
        if 0x05D0 <= cp <= 0x05FF or 0xFB1D <= cp <= 0xFB4F:
            return _HL
        if 0x18B00 <= cp <= 0x18CFF:
            return _AL
        return _ID if wide or unicodedata.east_asian_width(ch) == "H" else _AL
    if category == "Ps":
        return _OP_EA if wide else _OP
    if category == "Pe":
        return _CL
    if category in ("Pi", "Pf"):
        return _QU
    if category in ("Zs", "Pd"):
        return _BA
    if category == "Sc":
        return _PR
    return _ID if wide else _AL


def _default_width(ch: str) -> int:
    """Predict libunistring's uc_width from general category and East Asian width."""
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf", "Cc"):
        # Control characters have no width in a terminal (uc_width says -1 and
        # u8_width_linebreaks ignores them).
        return 0
    if 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF:
        # Hangul medial vowels and final consonants stack onto the initial consonant.
        return 0
    if category == "Cn":
        return 2 if 0x20000 <= cp <= 0x3FFFD else 1
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _code_point_ranges(spec: str) -> list[tuple[int, int]]:
    """Parse "0600-0605 06DD" into inclusive ranges."""
    return [
        (int(first, 16), int(last or first, 16))
        for first, _, last in (item.partition("-") for item in spec.split())
    ]


class _Memo(dict[str, int]):
    """A per-character property: the exceptions table if it lists the character, else
    the prediction.  Each character is computed once; a catalog uses few distinct ones.
    """

    def __init__(self, exceptions: dict[int, str], predict: Callable[[str], int]) -> None:
        super().__init__()
        ranges = sorted(
            (first, last, value)
            for value, spec in exceptions.items()
            for first, last in _code_point_ranges(spec)
        )
        self._starts = [first for first, _, _ in ranges]
        self._ends = [(last, value) for _, last, value in ranges]
        self._predict = predict

    def __missing__(self, ch: str) -> int:
        cp = ord(ch)
        i = bisect.bisect_right(self._starts, cp) - 1
        value = self._ends[i][1] if i >= 0 and cp <= self._ends[i][0] else self._predict(ch)
        self[ch] = value
        return value


_CLASS_OF = _Memo(_CLASS_EXCEPTIONS, _default_class)
_WIDTH_OF = _Memo(_WIDTH_EXCEPTIONS, _default_width)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal, as GNU gettext measures it.

    East Asian Wide and Fullwidth characters count 2, combining marks, format and
    control characters 0, everything else 1 (libunistring's ``uc_width`` for UTF-8).
    """
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_WIDTH_OF.__getitem__, text))


# --------------------------------------------------------------------------------------
# Line breaking (libunistring 1.0: u8_possible_linebreaks + u8_width_linebreaks).
#
# libunistring finds every break opportunity of a string in one left-to-right scan, then
# fills lines greedily.  Doing that scan in Python for every character was most of
# format_catalog's time, so lines are filled lazily instead: only the positions near
# each line's end are examined (_Opportunities).  The results are those of the scan.

# Classes after which the scan's state is the same whatever came before.  A letter or
# punctuation mark sets everything the scan remembers (the last class, the previous
# one, spaces seen, the run of regional indicators, a hyphen after a Hebrew letter),
# except RI, whose runs LB30a counts, and HY and BA, which LB21a treats differently
# after a Hebrew letter (see _scan_start).
_FIXES_SCAN_STATE = tuple(cls <= _EM and cls not in (_RI, _HY, _BA) for cls in range(_BK + 1))

# How far back _Opportunities resumes the scan before it scans the whole string instead.
_RESCAN_LIMIT = 32

# Line separators (class BK).  Escaping leaves only U+0085, U+2028 and U+2029 in a string.
_LINE_SEPARATOR = re.compile(
    "["
    + "".join(rf"\U{lo:08x}-\U{hi:08x}" for lo, hi in _code_point_ranges(_CLASS_EXCEPTIONS[_BK]))
    + "]"
)


def _possible_breaks(chars: str, begin: int, end: int) -> list[bool]:
    """Whether libunistring's UAX #14 allows a break before each of ``chars[begin:end]``.

    The scan of u8_possible_linebreaks, started at ``begin``, which must be 0 or a
    _scan_start.  Line separators, where a break is mandatory, are False: _width_breaks
    handles them.
    """
    result = [False] * (end - begin)
    pair = _PAIR_RULES
    last = prev = _CLASS_OF[chars[begin - 1]] if begin > 0 else _BK
    # last: the last class that was neither space nor combining mark; prev: the class of
    # the previous character, spaces and marks included.
    hebrew_hyphen = False  # previous was HY/BA right after a Hebrew letter (LB21a)
    seen_space = False
    ri_run = 0  # regional indicators immediately before this position (LB30a)
    for k, cls in enumerate(map(_CLASS_OF.__getitem__, chars[begin:end])):
        if cls <= _EM:
            # The common case, letters and punctuation, first.
            if last <= _EM and prev != _ZWJ and not hebrew_hyphen:
                if cls == _RI and last == _RI:
                    result[k] = seen_space or ri_run % 2 == 0
                else:
                    rule = pair[last][cls]
                    result[k] = rule == _DIRECT or (rule == _INDIRECT and seen_space)
            elif last == _ZW:
                result[k] = True
            last = cls
            seen_space = False
        elif cls == _SP:
            seen_space = True
        elif cls == _BK:
            # A line separator: the scan starts over after it.
            last = prev = _BK
            seen_space = hebrew_hyphen = False
            ri_run = 0
            continue
        elif cls == _ZW:
            last = _ZW
            seen_space = False
        elif last == _BK:
            # LB9/LB10: a mark (CM, ZWJ) sticks to what precedes it, unless that is the
            # start of the text, a space or a zero width space, where it is a letter.
            last = _AL
            seen_space = False
        elif last == _ZW or seen_space:
            result[k] = True
            last = _AL
            seen_space = False
        hebrew_hyphen = prev == _HL and cls in (_HY, _BA)
        prev = cls
        ri_run = ri_run + 1 if cls == _RI else 0
    return result


def _scan_start(chars: str, i: int, lowest: int) -> int:
    """The closest index <= ``i`` where libunistring's scan can start afresh, or -1 if
    that is below ``lowest``.

    That is the start of the text, or a position just after a line separator or after a
    character that fixes the scan's state on its own: one of _FIXES_SCAN_STATE, or a HY
    or BA that does not follow a Hebrew letter.
    """
    class_of = _CLASS_OF
    while i > 0:
        if i < lowest:
            return -1
        cls = class_of[chars[i - 1]]
        if _FIXES_SCAN_STATE[cls] or cls == _BK:
            return i
        if cls in (_HY, _BA) and (i < 2 or class_of[chars[i - 2]] != _HL):
            return i
        i -= 1
    return 0


class _Opportunities:
    """Where libunistring allows a line break in ``chars``, worked out on demand."""

    def __init__(self, chars: str, prohibited: Container[int]) -> None:
        self._chars = chars
        self._prohibited = prohibited  # inside escape sequences and format directives
        self._everywhere: list[bool] | None = None  # the whole scan, once it is needed

    def first(self, positions: range) -> int:
        """The first of ``positions`` (all > 0) where a break may go, or -1."""
        chars = self._chars
        class_of = _CLASS_OF
        for i in positions:
            if i in self._prohibited:
                continue
            cls = class_of[chars[i]]
            if cls <= _EM:
                # The common case: a letter or punctuation mark after another, perhaps
                # across spaces (U+0020 is the only SP).  If that one fixes the scan's
                # state, the pair table decides.
                before = i - 1
                while before > 0 and chars[before] == " ":
                    before -= 1
                before_class = class_of[chars[before]]
                if _FIXES_SCAN_STATE[before_class]:
                    rule = _PAIR_RULES[before_class][cls]
                    if rule == _DIRECT or (rule == _INDIRECT and before < i - 1):
                        return i
                    continue
            elif cls in (_SP, _BK):
                continue  # never before a space; line separators end a segment instead
            if self._scanned(i):
                return i
        return -1

    def _scanned(self, i: int) -> bool:
        """The scan's answer at ``i``: resumed close before it, or, when its state depends
        on a long stretch (a run of regional indicators, say), from the whole string, so
        that the work stays linear."""
        if self._everywhere is None:
            begin = _scan_start(self._chars, i, i - _RESCAN_LIMIT)
            if begin >= 0:
                return _possible_breaks(self._chars, begin, i + 1)[-1]
            self._everywhere = _possible_breaks(self._chars, 0, len(self._chars))
        return self._everywhere[i]


def _width_breaks(
    chars: str, prohibited: Container[int], width: int, start_column: int
) -> Iterator[int]:
    """Indices to break before so that lines fit in ``width`` columns (greedy, like GNU).

    A line takes pieces, the text between two break opportunities, as long as they fit,
    and always at least one.  ``prohibited`` marks positions that must never become
    breaks (inside escape sequences and format directives).
    """
    n = len(chars)
    columns: list[int] | None = None  # columns[k]: the width of chars[:k]
    segment_ends = [n]
    if not (chars.isascii() and chars.isprintable()):
        columns = [0, *accumulate(map(_WIDTH_OF.__getitem__, chars))]
        # A line separator that escaping leaves in forces a break: GNU writes no quote
        # break for it, but counts columns from zero again after it.
        separators = (match.start() for match in _LINE_SEPARATOR.finditer(chars))
        segment_ends[:0] = [i for i in separators if i not in prohibited]
    opportunities = _Opportunities(chars, prohibited)
    line_start = 0
    column = start_column
    for segment_end in segment_ends:
        while True:
            # fit_end: the last index up to which the line's text fits.
            if columns is None:
                fit_end = line_start + width - column  # one column per character
            else:
                limit = columns[line_start] + width - column
                fit_end = bisect.bisect_right(columns, limit, line_start) - 1
            if fit_end >= segment_end:
                break
            # End the line at the last opportunity up to fit_end, or, when the line's
            # first piece alone is too wide, at the first opportunity after it.
            line_end = opportunities.first(range(fit_end, line_start, -1))
            if line_end < 0:
                line_end = opportunities.first(range(max(fit_end, line_start) + 1, segment_end))
                if line_end < 0:
                    break
            yield line_end
            line_start, column = line_end, 0
        line_start, column = segment_end + 1, 0


# --------------------------------------------------------------------------------------
# Format directives.  write-po.c forbids breaks inside the directives of the first
# format language an entry is flagged with (possible or yes), in GNU's internal order.

# The format languages gettext 0.21 knows, in the order it writes them in "#," lines.
# fmt: off
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk",
    "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php",
    "gcc-internal", "gfc-internal", "ycp",
)
# fmt: on


def _python_directives(value: str) -> list[tuple[int, int]]:
    """Spans (first, last index) of the valid directives of a Python %-format string.

    Mirrors gettext's format-python.c: parsing stops at the first invalid directive,
    and the directives before it keep their protection.
    """
    spans: list[tuple[int, int]] = []
    n = len(value)
    named = unnamed = False
    i = 0
    while i < n:
        if value[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        has_name = False
        if i < n and value[i] == "(":
            depth = 0
            i += 1
            while i < n and not (value[i] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
            if i >= n:
                return spans
            i += 1
            has_name = True
        while i < n and value[i] in "-+ #0":
            i += 1
        if i < n and value[i] == "*":
            if named:
                return spans
            unnamed = True
            i += 1
        else:
            while i < n and value[i].isascii() and value[i].isdigit():
                i += 1
        if i < n and value[i] == ".":
            i += 1
            if i < n and value[i] == "*":
                if named:
                    return spans
                unnamed = True
                i += 1
            else:
                while i < n and value[i].isascii() and value[i].isdigit():
                    i += 1
        if i < n and value[i] in "hlL":
            i += 1
        if i >= n or value[i] not in "%csridouxXeEfgG":
            return spans
        if has_name:
            if unnamed:
                return spans
            named = True
        elif value[i] != "%":
            if named:
                return spans
            unnamed = True
        spans.append((start, i))
        i += 1
    return spans


def _digits_end(value: str, i: int) -> int:
    while i < len(value) and "0" <= value[i] <= "9":
        i += 1
    return i


# The width suffixes of the ISO C 99 <inttypes.h> macros ("%<PRIu64>").
_C99_MACRO_SIZES = (
    "MAX PTR LEAST8 LEAST16 LEAST32 LEAST64 FAST8 FAST16 FAST32 FAST64 8 16 32 64".split()
)


def _c_directives(value: str, translated: bool, objc: bool) -> list[tuple[int, int]]:
    """Spans of the valid directives of a C (or Objective-C) format string.

    Mirrors gettext 0.21's format-c-parse.h, including its stop at the first invalid
    directive and the rule that numbered and unnumbered arguments cannot mix.
    """
    spans: list[tuple[int, int]] = []
    n = len(value)
    numbered = unnumbered = False

    def argument(number: bool) -> bool:
        """Record an argument reference; False when it mixes the two styles."""
        nonlocal numbered, unnumbered
        if (number and unnumbered) or (not number and numbered):
            return False
        numbered, unnumbered = numbered or number, unnumbered or not number
        return True

    def star_or_digits(i: int) -> int:
        """Skip a width or precision; -1 if it is invalid."""
        if i < n and value[i] == "*":
            i += 1
            j = _digits_end(value, i)
            number = j > i and j < n and value[j] == "$"
            if number:
                if int(value[i:j]) == 0:
                    return -1
                i = j + 1
            return i if argument(number) else -1
        return _digits_end(value, i)

    i = 0
    while i < n:
        if value[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        number = False
        j = _digits_end(value, i)
        if j > i and j < n and value[j] == "$":
            if int(value[i:j]) == 0:
                return spans
            number, i = True, j + 1
        while i < n and (value[i] in " +-#0'" or (translated and value[i] == "I")):
            i += 1
        i = star_or_digits(i)
        if i < 0:
            return spans
        if i < n and value[i] == ".":
            i = star_or_digits(i + 1)
            if i < 0:
                return spans
        takes_argument = True
        if value.startswith("<PRI", i) and i + 4 < n and value[i + 4] in "diouxX":
            i += 5
            size = next((m for m in _C99_MACRO_SIZES if value.startswith(m + ">", i)), None)
            if size is None:
                return spans
            i += len(size)
        elif i < n and value[i] == "<":
            return spans
        else:
            # 0.21 accepts any run of size letters and does not check them against
            # the conversion ("% tab" is a directive: flag " ", size "t", "a").
            while i < n and value[i] in "hlLqjzZt":
                i += 1
            conversion = value[i] if i < n else ""
            if conversion in ("%", "m"):
                takes_argument = False
            elif not conversion or conversion not in "cCsSdiouxXeEfFgGaApn" + ("@" if objc else ""):
                return spans
        if takes_argument and not argument(number):
            return spans
        spans.append((start, i))
        i += 1
    return spans


def _brace_field_end(value: str, i: int, numeric_ok: bool) -> int:
    """End of the identifier (or, if allowed, number) at ``i``; ``i`` when there is none."""
    n = len(value)
    if i < n and (value[i] == "_" or (value[i].isascii() and value[i].isalpha())):
        i += 1
        while i < n and (value[i] == "_" or (value[i].isascii() and value[i].isalnum())):
            i += 1
        return i
    return _digits_end(value, i) if numeric_ok else i


class _BraceError(Exception):
    """An invalid directive: GNU marks the error at ``position``, relative to ``start``."""

    def __init__(self, position: int, start: int) -> None:
        super().__init__(position, start)
        self.position = position
        self.start = start


def _brace_directive(value: str, start: int, toplevel: bool) -> int:
    """Parse the directive at ``value[start] == "{"``; return the index of its "}".

    Error positions follow gettext 0.21, which were pinned down by feeding msgcat
    crafted strings (they are observable only through the wrapping they cause).
    """
    n = len(value)
    i = _brace_field_end(value, start + 1, numeric_ok=True)
    if i == start + 1:
        raise _BraceError(i, start)
    while i < n and value[i] in ".[":
        getitem = value[i] == "["
        j = _brace_field_end(value, i + 1, numeric_ok=getitem)
        if j == i + 1:
            raise _BraceError(j, start)
        if getitem:
            if j >= n or value[j] != "]":
                raise _BraceError(j + 1, start)
            j += 1
        i = j
    if i < n and value[i] == ":":
        if not toplevel:
            raise _BraceError(i, start)
        i += 1
        if i < n and value[i] == "{":
            i = _brace_directive(value, i, toplevel=False) + 1
        elif i < n:
            # [[fill]align][sign][#][0][minimumwidth][.precision][type]
            if i + 1 < n and value[i + 1] in "<>=^":
                i += 2
            elif value[i] in "<>=^":
                i += 1
            for optional in ("+- ", "#", "0"):
                if i < n and value[i] in optional:
                    i += 1
            i = _digits_end(value, i)
            if i + 1 < n and value[i] == "." and "0" <= value[i + 1] <= "9":
                i = _digits_end(value, i + 1)
            if i < n and value[i] in "bcdoxXneEfFgG%":
                i += 1
    if i >= n or value[i] != "}":
        raise _BraceError(i, start)
    return i


def _brace_protected(value: str) -> frozenset[int]:
    """Positions gettext 0.21 keeps unbroken in a python-brace-format string.

    format-python-brace.c records directive boundaries relative to the directive
    instead of the string: every valid directive marks a start at byte 0 and an end
    at its own length in bytes minus one, an invalid one an error at its byte offset
    from its "{".  write-po then protects bytes 1 up to the first end, unless an error
    mark comes first.  So GNU keeps the *beginning of the string* together, not the
    directives, and we must do the same to match its output.
    """

    def offset(start: int, position: int) -> int:
        return len(value[start:position].encode("utf-8"))

    marks: list[tuple[int, bool]] = []  # (byte offset, is_error)
    i = 0
    n = len(value)
    while i < n:
        if value[i] != "{":
            i += 1
        elif i + 1 < n and value[i + 1] == "{":
            i += 2
        else:
            try:
                end = _brace_directive(value, i, toplevel=True)
            except _BraceError as error:
                marks.append((offset(error.start, error.position), True))
                break
            marks.append((offset(i, end), False))
            i = end + 1
    # A mark past the end of the string is never seen by write-po's scan.
    total = len(value.encode("utf-8"))
    marks = [mark for mark in marks if mark[0] < total]
    if all(is_error for _, is_error in marks):
        return frozenset()
    last, is_error = min(marks, key=lambda mark: (mark[0], not mark[1]))
    if is_error:
        return frozenset()
    protected = set()
    byte = 0
    for k, ch in enumerate(value):
        if byte > last:
            break
        if byte >= 1:
            protected.add(k)
        byte += len(ch.encode("utf-8"))
    return frozenset(protected)


def _protected_positions(
    value: str, format_language: str | None, translated: bool
) -> frozenset[int]:
    """Indices inside format directives (their first character excluded).

    C, Objective-C, Python and Python brace directives are located (the latter with
    GNU's misplaced marks, see _brace_protected); the remaining languages are not
    parsed here, so their directives can be split where GNU would keep them whole.
    """
    if format_language == "python-brace":
        return _brace_protected(value) if "{" in value else frozenset()
    if "%" not in value:
        return frozenset()
    if format_language == "python":
        spans = _python_directives(value)
    elif format_language in ("c", "objc"):
        spans = _c_directives(value, translated, objc=format_language == "objc")
    else:
        return frozenset()
    return frozenset(k for first, last in spans for k in range(first + 1, last + 1))


# --------------------------------------------------------------------------------------
# String wrapping (write-po.c: wrap).

_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
# In escaped text every backslash starts an escape sequence (the value's own
# backslashes are escaped too).
_ESCAPE_SEQUENCE = re.compile(r'\\[abfnrtv\\"]')


def _wrap(
    out: list[str],
    prefix: str,
    keyword: str,
    value: str,
    wrap: bool,
    format_language: str | None,
) -> None:
    protected = _protected_positions(value, format_language, keyword.startswith("msgstr"))
    # Columns available between the quotes of a continuation line.
    indent_after_break = len(prefix) + 1
    width = (_PAGE_WIDTH if wrap else 2**31 - 1) - 1 - indent_after_break
    # Where the text starts on the keyword's line, counted like a continuation line.
    keyword_column = len(prefix) + len(keyword) + 2 - indent_after_break
    continuation = f'"\n{prefix}"'
    start = 0
    n = len(value)
    while True:
        # Each portion ends just after a newline; its escaped form is what GNU breaks.
        newline = value.find("\n", start)
        end = n if newline < 0 else newline + 1
        escaped = value[start:end].translate(_ESCAPE_TABLE)
        if start == 0:
            # GNU starts the string on the keyword's line only if it goes there whole.
            whole = end == n and keyword_column <= width
            if whole:
                keyword_line_breaks = _portion_breaks(
                    value, start, end, escaped, protected, width, keyword_column
                )
                whole = next(keyword_line_breaks, None) is None
            if whole or not escaped:
                out.append(f'{prefix}{keyword} "{escaped}"\n')
                return
            out.append(f'{prefix}{keyword} ""\n')
        breaks = list(_portion_breaks(value, start, end, escaped, protected, width, 0))
        if breaks:
            lines = zip([0, *breaks], [*breaks, len(escaped)], strict=True)
            escaped = continuation.join(escaped[i:j] for i, j in lines)
        out.append(f'{prefix}"{escaped}"\n')
        start = end
        if start >= n:
            return


def _portion_breaks(
    value: str,
    start: int,
    end: int,
    escaped: str,
    protected: frozenset[int],
    width: int,
    start_column: int,
) -> Iterator[int]:
    """Break positions in ``escaped``, the escaped form of ``value[start:end]``."""
    # Nothing can overflow when the whole portion fits, which is the common case.
    if start_column + display_width(escaped) <= width:
        return iter(())
    # Never split an escape sequence.
    prohibited = {match.start() + 1 for match in _ESCAPE_SEQUENCE.finditer(escaped)}
    if protected:
        inserted = 0  # backslashes that escaping inserted before value[k]
        for k in range(start, end):
            if k in protected:
                prohibited.add(k - start + inserted)
            if value[k] in _ESCAPES:
                inserted += 1
    if value[end - 1] == "\n":
        # Never leave the closing "\n" alone at the start of a line.
        prohibited.add(len(escaped) - 2)
    return _width_breaks(escaped, prohibited, width, start_column)


# --------------------------------------------------------------------------------------
# Entries (write-po.c: message_print, message_print_obsolete, msgdomain_list_print_po).

_SEPARATORS = "\n \t\r\f\v,"


class _Flags:
    """The "#," flags as GNU parses them: unknown ones vanish, the last mention wins."""

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}  # language -> "yes" | "no" | "possible" | ...
        self.range: tuple[int, int] | None = None
        self.wrap = True
        tokens = iter(_tokenize_flags(",".join(flags)))
        for token in tokens:
            if token == "fuzzy":
                self.fuzzy = True
            elif token == "wrap":
                self.wrap = True
            elif token == "no-wrap":
                self.wrap = False
            elif token == "range:":
                # The bounds are the next token, whatever it looks like.
                self._parse_range(next(tokens, ""))
            elif token.endswith("-format"):
                self._parse_format(token[: -len("-format")])

    def _parse_format(self, name: str) -> None:
        value = "yes"
        for qualifier in ("no", "possible", "impossible"):
            if name.startswith(qualifier + "-"):
                name, value = name[len(qualifier) + 1 :], qualifier
                break
        if name in _FORMAT_LANGUAGES:
            self.formats[name] = value

    def _parse_range(self, spec: str) -> None:
        low, sep, high = spec.partition("..")
        numeric = low.isascii() and low.isdigit() and high.isascii() and high.isdigit()
        if sep and numeric and int(low) <= int(high):
            self.range = (int(low), int(high))

    def directive_language(self) -> str | None:
        """First language whose directives GNU protects from line breaks."""
        for language in self._languages_in_order():
            if self.formats[language] in ("yes", "possible"):
                return language
        return None

    def _languages_in_order(self) -> list[str]:
        # Most entries have no format flag at all: sorting beats scanning every language.
        return sorted(self.formats, key=_FORMAT_LANGUAGES.index)

    def comment(self, translated: bool, obsolete: bool) -> str | None:
        """The "#," line msgcat prints.

        Fuzzy is dropped from untranslated entries, and an obsolete entry loses its
        range (gettext 0.21 does not keep it for "#~" entries).
        """
        parts = ["fuzzy"] if self.fuzzy and translated else []
        for language in self._languages_in_order():
            value = self.formats[language]
            if value in ("yes", "possible"):
                parts.append(f"{language}-format")
            elif value == "no":
                parts.append(f"no-{language}-format")
        if self.range is not None and not obsolete:
            parts.append(f"range: {self.range[0]}..{self.range[1]}")
        if not self.wrap:
            parts.append("no-wrap")
        return "#, " + ", ".join(parts) + "\n" if parts else None


def _tokenize_flags(text: str) -> list[str]:
    tokens: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in _SEPARATORS:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        tokens.append("".join(current))
    return tokens


def _comment_lines(out: list[str], marker: str, text: str) -> None:
    for line in text.split("\n"):
        out.append(f"{marker} {line}\n" if line else f"{marker}\n")


def _references(out: list[str], occurrences: Iterable[tuple[str, Any]]) -> None:
    seen: set[tuple[str, str]] = set()
    refs: list[str] = []
    for path, line in occurrences:
        key = (path, "" if line is None else str(line))
        if key in seen:
            continue  # GNU's reader drops repeated positions
        seen.add(key)
        name = path
        while name.startswith("./"):
            name = name[2:]
        refs.append(f"{name}:{key[1]}" if key[1] else name)
    if not refs:
        return
    # GNU fills "#:" lines up to the page width, counting bytes, not columns.
    parts = ["#:"]
    column = 2
    for ref in refs:
        size = len(ref.encode("utf-8")) + 1
        if column > 2 and column + size > _PAGE_WIDTH:
            parts.append("\n#:")
            column = 2
        parts.append(" " + ref)
        column += size
    parts.append("\n")
    out.append("".join(parts))


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        plural = entry.msgstr_plural or {0: ""}
        return [(f"msgstr[{int(k)}]", plural[k]) for k in sorted(plural, key=int)]
    return [("msgstr", entry.msgstr)]


def _entry(out: list[str], entry: polib.POEntry, obsolete: bool) -> None:
    msgstrs = _msgstrs(entry)
    translated = msgstrs[0][1] != ""
    flags = _Flags(entry.flags)
    language = flags.directive_language()
    if entry.tcomment:
        _comment_lines(out, "#", entry.tcomment)
    if entry.comment:
        _comment_lines(out, "#.", entry.comment)
    _references(out, entry.occurrences)
    flag_line = flags.comment(translated, obsolete)
    if flag_line:
        out.append(flag_line)
    previous_prefix = "#~| " if obsolete else "#| "
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            _wrap(out, previous_prefix, keyword, value, flags.wrap, language)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, flags.wrap, language)
    _wrap(out, prefix, "msgid", entry.msgid, flags.wrap, language)
    if entry.msgid_plural:
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, flags.wrap, language)
    for keyword, value in msgstrs:
        _wrap(out, prefix, keyword, value, flags.wrap, language)


def _header_entry(catalog: polib.POFile) -> polib.POEntry | None:
    """Rebuild the header entry that polib splits into header/metadata attributes."""
    fuzzy = catalog.metadata_is_fuzzy
    # polib keeps the header's whole flag list here when it parsed a file, but callers
    # also set it to a plain boolean.
    header_flags = list(fuzzy) if isinstance(fuzzy, list | tuple) else (["fuzzy"] if fuzzy else [])
    if not (catalog.metadata or catalog.header or header_flags):
        return None
    # Header fields are written in the catalog's own order, not polib's canonical one.
    msgstr = "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=catalog.header, flags=header_flags)


def format_catalog(catalog: polib.POFile) -> str:
    """Serialise ``catalog`` byte-for-byte as GNU ``msgcat`` 0.21 would write it.

    Entries are written in catalog order, obsolete ones last; references, flags and
    comments are normalised the way GNU's PO reader and writer normalise them.
    """
    out: list[str] = []
    blank_line = False
    header = _header_entry(catalog)
    current = [e for e in catalog if not e.obsolete]
    if header is not None:
        current.insert(0, header)
    for entry in current:
        if blank_line:
            out.append("\n")
        _entry(out, entry, obsolete=False)
        blank_line = True
    for entry in catalog:
        # GNU drops untranslated obsolete entries, but still counts them as written
        # when it decides whether the next entry needs a separating blank line.
        if entry.obsolete and _msgstrs(entry)[0][1]:
            if blank_line:
                out.append("\n")
            _entry(out, entry, obsolete=True)
        blank_line = blank_line or entry.obsolete
    return "".join(out)
