"""How far each language is: entries and source words, translated, fuzzy and untranslated.

A translation the pages would refuse (a lost tag, a placeholder the source lacks: see
render.post_entry_check) counts as untranslated, since the page shows the English: the numbers
are what will publish, as the threshold counts them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from html import escape

import polib

from .catalogs import FUZZY, is_translated
from .document import TAG_PATTERN
from .project import UI_DOMAIN, Project
from .render import EntryCheck, post_entry_check, ui_entry_check

_WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")  # "real-time" and "it's" are one word


def count_words(msgid: str) -> int:
    """Words of the source text a translator has to translate: tags do not count."""
    return len(_WORD.findall(TAG_PATTERN.sub(" ", msgid)))


@dataclass(frozen=True, slots=True)
class CatalogStats:
    """One catalog's entries and words by state. ``rejected`` entries are translated but
    refused by the pages' checks; they count among the untranslated."""

    language: str
    domain: str
    translated: int
    fuzzy: int
    untranslated: int
    translated_words: int
    fuzzy_words: int
    untranslated_words: int
    rejected: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> int:
        """Translated entries, rounded down, as the publishing threshold counts them."""
        return 100 * self.translated // self.total if self.total else 100

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "total": self.total, "percent": self.percent}


def catalog_stats(
    language: str, domain: str, catalog: polib.POFile | None, check: EntryCheck | None = None
) -> CatalogStats:
    """Count a catalog's active entries; with ``check``, a translated entry it finds a problem
    with counts as untranslated (and rejected)."""
    counts = {"translated": [0, 0], "fuzzy": [0, 0], "untranslated": [0, 0]}
    rejected = 0
    for entry in catalog or []:
        if entry.obsolete:
            continue
        if is_translated(entry):
            state = "translated"
            if check is not None and check(entry):
                state = "untranslated"
                rejected += 1
        else:
            state = "fuzzy" if FUZZY in entry.flags else "untranslated"
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
        rejected,
    )


def project_stats(project: Project) -> list[CatalogStats]:
    """One row per language and catalog; a missing .po counts as wholly untranslated."""
    documents = {document.slug: document for document in project.documents}
    rows = []
    for language in project.config.target_languages():
        for domain in project.domains:
            catalog = project.read_if_present(project.po_path(language, domain))
            if catalog is None:
                catalog = project.read_if_present(project.pot_path(domain))
                check = None  # a template translates nothing
            elif domain == UI_DOMAIN:
                check = ui_entry_check(catalog)
            else:
                check = post_entry_check(documents[domain])
            rows.append(catalog_stats(language.tag, domain, catalog, check))
    return rows


@dataclass(frozen=True, slots=True)
class LanguageSummary:
    """A language over all its catalogs: the post catalogs and the theme's."""

    language: str
    translated: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.translated // self.total if self.total else 100


def language_summaries(rows: Sequence[CatalogStats]) -> list[LanguageSummary]:
    """One summary per language, in the rows' order."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        counts = totals.setdefault(row.language, [0, 0])
        counts[0] += row.translated
        counts[1] += row.total
    return [LanguageSummary(language, done, total) for language, (done, total) in totals.items()]


# --- pictures ----------------------------------------------------------------------------------

_TRANSLATED, _FUZZY, _REJECTED, _UNTRANSLATED = "#2e7d43", "#b06a00", "#c0392b", "#c9ced6"
_TEXT = "#1f2328"
_FONT_SIZE = 12


def text_width(text: str, font_size: int = _FONT_SIZE) -> int:
    """A width no sans-serif font exceeds for ``text``, in pixels: wide (CJK) characters take
    a whole em, others at most 0.62 em (the widest Latin letters average well under that),
    so a box sized by it always holds the text."""
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62 for char in text)
    return round(ems * font_size) + 1


def completeness_svg(rows: Sequence[CatalogStats], threshold: int) -> str:
    """A bar per language and catalog (translated, fuzzy, refused and untranslated entries), a
    legend, and a dashed line where a post catalog gets published, for a CI artifact; each
    label sits on its own line above its bar, so no name, however long, runs into one. The
    same rows give the same bytes."""
    bar_x, bar_width, row_height, top = 8, 300, 38, 58
    labels = [f"{row.language} · {row.domain}" for row in rows]
    legend = (
        ("translated", _TRANSLATED),
        ("fuzzy", _FUZZY),
        ("refused by checks", _REJECTED),
        ("untranslated", _UNTRANSLATED),
    )
    legend_width = sum(18 + text_width(name) + 14 for name, _ in legend)
    width = max(
        bar_x + bar_width + 50,
        bar_x + max((text_width(label) for label in labels), default=0) + 8,
        bar_x + legend_width,
    )
    height = top + row_height * len(rows) + 30
    threshold_x = bar_x + round(bar_width * threshold / 100)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="{_FONT_SIZE}"'
        f' fill="{_TEXT}">',
        "<title>Translation completeness</title>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{bar_x}" y="18" font-weight="bold">Translation completeness</text>',
    ]
    x = bar_x
    for name, colour in legend:
        lines.append(f'<rect x="{x}" y="30" width="12" height="12" fill="{colour}"/>')
        lines.append(f'<text x="{x + 18}" y="40">{escape(name)}</text>')
        x += 18 + text_width(name) + 14
    for position, (row, label) in enumerate(zip(rows, labels, strict=True)):
        y = top + position * row_height
        lines.append(f'<text x="{bar_x}" y="{y + 12}">{escape(label)}</text>')
        x = bar_x
        for count, colour in (
            (row.translated, _TRANSLATED),
            (row.fuzzy, _FUZZY),
            (row.rejected, _REJECTED),
            (row.untranslated - row.rejected, _UNTRANSLATED),
        ):
            part = round(bar_width * count / row.total) if row.total else 0
            part = min(part, bar_x + bar_width - x)  # rounding never pushes past the bar's end
            if part:
                lines.append(
                    f'<rect x="{x}" y="{y + 17}" width="{part}" height="14" fill="{colour}"/>'
                )
            x += part
        lines.append(f'<text x="{bar_x + bar_width + 6}" y="{y + 29}">{row.percent}%</text>')
    lines += [
        f'<line x1="{threshold_x}" y1="{top}" x2="{threshold_x}" y2="{height - 22}"'
        f' stroke="{_TEXT}" stroke-dasharray="3,3"/>',
        f'<text x="{threshold_x}" y="{height - 8}" text-anchor="middle">'
        f"published from {threshold}%</text>",
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def completeness_badge(rows: Sequence[CatalogStats], threshold: int) -> str:
    """A one-line badge, shields.io style, with each language's share of translated entries
    over all its catalogs: green from the publishing threshold up, amber below. For a README,
    beside the detailed chart."""
    height, padding = 20, 6
    summaries = language_summaries(rows)
    cells = [("translations", "#555555")] + [
        (
            f"{summary.language} {summary.percent}%",
            _TRANSLATED if summary.percent >= threshold else _FUZZY,
        )
        for summary in summaries
    ]
    widths = [text_width(text, 11) + 2 * padding for text, _ in cells]
    width = sum(widths)
    described = ", ".join(f"{summary.language} {summary.percent}%" for summary in summaries)
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="Verdana,DejaVu Sans,sans-serif"'
        ' font-size="11" role="img"'
        f' aria-label="translations: {escape(described or "no languages")}">',
        f"<title>translations: {escape(described or 'no languages')}</title>",
    ]
    x = 0
    for (text, colour), cell_width in zip(cells, widths, strict=True):
        lines.append(f'<rect x="{x}" width="{cell_width}" height="{height}" fill="{colour}"/>')
        lines.append(
            f'<text x="{x + cell_width // 2}" y="14" fill="#ffffff" text-anchor="middle">'
            f"{escape(text)}</text>"
        )
        x += cell_width
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
