"""What each HTML element is to a browser and to a translator: inline or block, void, never
translated, embedded, or the parts of a permalink.

Browsers render every element they do not know as inline content: custom elements
(``<lite-youtube>``, any name with a hyphen), legacy ones (``<font>``, ``<tt>``, ``<nobr>``) and
misspelt ones alike. So the blocks are listed here, and any other element is inline: it sits
inside a sentence, where making a block of it would cut the sentence into fragments.
"""

from __future__ import annotations

import re

from ..document import SegmentKind

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source "
    "track wbr".split()
)
# Elements a browser lays out as blocks (or as parts of lists, tables, forms and the page
# itself), current and obsolete; every other element is inline.
BLOCK = frozenset(
    (
        "html head body address article aside blockquote center details dialog dir div dl dd dt "
        "fieldset figcaption figure footer form frameset frame h1 h2 h3 h4 h5 h6 header hgroup hr "
        "legend li listing main menu nav noframes ol optgroup option p plaintext pre search "
        "section summary table caption colgroup col thead tbody tfoot tr td th ul xmp"
    ).split()
)
NEVER_TRANSLATED = frozenset("script style code pre template svg math textarea".split())
# Embedded content: whole and untranslated, it sits inside a sentence like a word would.
OPAQUE = frozenset(
    "script noscript template style svg math picture video audio iframe canvas object".split()
)
# Form texts are segments of their own when they stand in a container, not inside a sentence.
CONTROLS = frozenset("label button legend".split())
# Blocks whose kind their paragraphs take, as Markdown names a paragraph in a list item.
KIND_GIVERS = frozenset("li blockquote dd dt td th caption figcaption summary".split())
LEAF_BLOCK_KINDS = {
    **{f"h{level}": SegmentKind.HEADING for level in range(1, 7)},
    "p": SegmentKind.PARAGRAPH,
    "li": SegmentKind.LIST_ITEM,
    "dt": SegmentKind.TERM,
    "dd": SegmentKind.DEFINITION,
    "td": SegmentKind.TABLE_CELL,
    "th": SegmentKind.TABLE_HEADER,
    "caption": SegmentKind.CAPTION,
    "figcaption": SegmentKind.CAPTION,
    "blockquote": SegmentKind.BLOCKQUOTE,
    "summary": SegmentKind.SUMMARY,
    "label": SegmentKind.CONTROL,
    "option": SegmentKind.CONTROL,
    "button": SegmentKind.CONTROL,
    "legend": SegmentKind.CAPTION,
}
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
# Start tags that end an open <p>, as the HTML parsing algorithm has it.
CLOSES_P = frozenset(
    (
        "address article aside blockquote center details dialog dir div dl dd dt fieldset "
        "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu "
        "nav ol p plaintext pre search section summary table ul xmp"
    ).split()
)
# start tag -> (open elements it closes, elements that stop the search)
IMPLIED_END = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "thead": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tbody": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"tbody", "thead", "tfoot", "tr", "td", "th"}, {"table"}),
    "option": ({"option"}, {"select", "datalist", "optgroup"}),
    "optgroup": ({"option", "optgroup"}, {"select"}),
}
# HTML's "formatting elements": left open, a browser reopens them in the blocks that follow.
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# The classes site generators give the link a heading carries to itself: Sphinx and MkDocs
# (headerlink), Hugo themes and GitHub (anchor), Docusaurus (hash-link), markdown-it-anchor and
# VitePress (header-anchor), Astro and Starlight (heading-anchor), AnchorJS (anchorjs-link).
PERMALINK_CLASSES = frozenset(
    "headerlink anchor anchor-link hash-link header-anchor heading-anchor anchorjs-link".split()
)


def is_inline(tag: str) -> bool:
    return tag not in BLOCK


_LETTERS = re.compile(r"[a-z]+")


def tag_label(tag: str, has_attributes: bool) -> tuple[str, bool]:
    """The name an element's tag takes in a msgid, and whether it is numbered: its own name
    (``em``, numbered when it has attributes: ``a1``), or for a name a msgid tag cannot spell
    (``lite-youtube``, ``x_2``) its letters, always numbered so ``<liteyoutube1>`` can never
    be confused with an element of that name."""
    tag = tag.lower()
    if _LETTERS.fullmatch(tag):
        return tag, has_attributes
    return "".join(_LETTERS.findall(tag)) or "html", True
