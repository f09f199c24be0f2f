"""How alike two merges of the same catalog decided, entry by entry: ours and GNU msgmerge's.
Shared by test_merge_agreement.py and benchmarks/msgmerge_agreement.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import polib

from localize_post.catalogs import FUZZY

KINDS = ("translated", "fuzzy", "untranslated", "obsolete")


@dataclass
class Agreement:
    """Entries per msgmerge decision, how many of them we decided alike, and the others."""

    total: Counter[str] = field(default_factory=Counter)
    agreed: Counter[str] = field(default_factory=Counter)
    disagreements: list[str] = field(default_factory=list)

    def add(self, other: Agreement) -> None:
        self.total.update(other.total)
        self.agreed.update(other.agreed)
        self.disagreements += other.disagreements

    @property
    def share(self) -> float:
        return sum(self.agreed.values()) / sum(self.total.values())


def decision(entry: polib.POEntry) -> str:
    if entry.obsolete:
        return "obsolete"
    if not (entry.msgstr or entry.msgstr_plural.get(0)):
        return "untranslated"
    return "fuzzy" if FUZZY in entry.flags else "translated"


def _content(entry: polib.POEntry, previous: bool) -> tuple[object, ...]:
    flags = sorted(entry.flags) if decision(entry) != "untranslated" else []
    forms = {int(index): text for index, text in entry.msgstr_plural.items()}
    fields: tuple[object, ...] = (decision(entry), entry.msgstr, forms, flags, entry.tcomment)
    if previous and not entry.obsolete:  # polib does not read "#~|" lines
        fields += (entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural)
    return fields


def compare(ours: polib.POFile, theirs: polib.POFile, previous: bool) -> Agreement:
    """Same decision, msgstr, flags, translator comments and, with ``previous``, previous
    msgid, for every entry of either catalog."""
    mine = {(entry.obsolete, entry.msgctxt, entry.msgid): entry for entry in ours}
    gnu = {(entry.obsolete, entry.msgctxt, entry.msgid): entry for entry in theirs}
    agreement = Agreement()
    for key in sorted(gnu.keys() | mine.keys(), key=repr):
        expected, got = gnu.get(key), mine.get(key)
        kind = decision(expected) if expected is not None else "not in msgmerge's"
        agreement.total[kind] += 1
        if expected is not None and got is not None:
            if _content(got, previous) == _content(expected, previous):
                agreement.agreed[kind] += 1
                continue
            why = f"ours {_content(got, previous)} / msgmerge {_content(expected, previous)}"
        else:
            why = "missing from ours" if got is None else "only in ours"
        agreement.disagreements.append(f"{key[2][:70]!r}: {why}"[:400])
    return agreement
