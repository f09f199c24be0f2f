"""How far each language is: entries and source words, translated, fuzzy and untranslated."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from html import escape

import polib

from .catalogs import FUZZY, is_translated
from .document import TAG_PATTERN
from .project import Project

_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")  # "real-time" and "it's" are one word


def count_words(msgid: str) -> int:
    """Words of the source text a translator has to translate: tags do not count."""
    return len(_WORD.findall(TAG_PATTERN.sub(" ", msgid)))


@dataclass(frozen=True, slots=True)
class CatalogStats:
    language: str
    domain: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Translated entries, rounded down, as the publishing threshold counts them."""
        return 100 * self.translated // self.total if self.total else 100

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "total": self.total, "percent": self.percent}


def catalog_stats(language: str, domain: str, catalog: polib.POFile | None) -> CatalogStats:
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    for entry in catalog or []:
        if entry.obsolete:
            continue
        state = (
            "translated"
            if is_translated(entry)
            else "fuzzy"
            if FUZZY in entry.flags
            else "untranslated"
        )
        counts[state][0] += 1
        counts[state][1] += count_words(entry.msgid)
    return CatalogStats(
        language,
        domain,
        counts["translated"][0],
        counts["fuzzy"][0],
        counts["untranslated"][0],
        counts["translated"][1],
        counts["fuzzy"][1],
        counts["untranslated"][1],
    )


def project_stats(project: Project) -> list[CatalogStats]:
    """One row per language and catalog; a missing .po counts as wholly untranslated."""
    rows = []
    for language in project.config.target_languages():
        for domain in project.domains:
            catalog = project.read_if_present(project.po_path(language, domain))
            if catalog is None:
                catalog = project.read_if_present(project.pot_path(domain))
            rows.append(catalog_stats(language.tag, domain, catalog))
    return rows


def completeness_svg(rows: list[CatalogStats], threshold: int) -> str:
    """A bar per language and catalog (translated green, fuzzy amber, untranslated grey), and
    a dashed line where a post catalog gets published, for a README badge or a CI artifact;
    the same rows give the same bytes."""
    bar_width, row_height, label_width = 300, 22, 150
    height = row_height * len(rows) + 44
    threshold_x = label_width + round(bar_width * threshold / 100)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + bar_width + 60}"'
        f' height="{height}" font-family="sans-serif" font-size="12">',
        '<text x="4" y="16" font-weight="bold">Translation completeness</text>',
    ]
    for position, row in enumerate(rows):
        y = 24 + position * row_height
        lines.append(
            f'<text x="4" y="{y + 14}">{escape(row.language)} · {escape(row.domain)}</text>'
        )
        x = label_width
        for count, colour in (
            (row.translated, "#2e9d4f"),
            (row.fuzzy, "#e0a526"),
            (row.untranslated, "#c9ced6"),
        ):
            width = round(bar_width * count / row.total) if row.total else 0
            if width:
                lines.append(
                    f'<rect x="{x}" y="{y + 3}" width="{width}" height="14" fill="{colour}"/>'
                )
            x += width
        lines.append(f'<text x="{label_width + bar_width + 6}" y="{y + 14}">{row.percent}%</text>')
    lines += [
        f'<line x1="{threshold_x}" y1="22" x2="{threshold_x}" y2="{height - 18}"'
        ' stroke="#333" stroke-dasharray="3,3"/>',
        f'<text x="{threshold_x}" y="{height - 4}" text-anchor="middle">'
        f"published from {threshold}%</text>",
        "</svg>",
    ]
    return "\n".join(lines) + "\n"
