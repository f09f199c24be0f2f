"""markdown-it-py rules for Markdown as Hugo sites write it.

- Shortcodes (``{{< name args >}}``, ``{{% name %}}``, paired, namespaced) pass through as raw
  text: on lines of their own they are blocks, inside a paragraph an opaque inline token. Their
  words are never translatable text.
- Heading ids ``## Title {#id}`` and attribute lines ``{.class}`` under a block become attributes
  of the element, so they stay out of msgids.
- GitHub alerts (``> [!NOTE]``) become a block quote with a class; the marker is not text. A
  title after the marker (``> [!TIP] Read this first``, Hugo's extended syntax) becomes the
  quote's first child, ``<p class="alert-heading">``, as in the alert hook of Hugo's
  documentation, so it is a msgid of its own and the body keeps only the body.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

SHORTCODE = re.compile(r"(\{\{<.*?>\}\}|\{\{%.*?%\}\})", re.DOTALL)
SHORTCODE_BLOCK = "shortcode_block"
SHORTCODE_INLINE = "shortcode_inline"
ALERT_TITLE_OPEN = "alert_title_open"
ALERT_TITLE_CLOSE = "alert_title_close"
_CLOSERS = {"<": ">}}", "%": "%}}"}
_ATTRIBUTE_LINE = re.compile(r"^\{((?:\s*[.#][\w-]+)+)\s*\}$")
_HEADING_ATTRIBUTES = re.compile(r"\s*\{((?:\s*[.#][\w-]+)+)\s*\}\s*$")
# Hugo's blockquote render hooks also accept a title after the marker: `> [!NOTE] Title`.
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][+-]?[ \t]*", re.IGNORECASE)
# The marker as written in the source, where an escaped ``\[!NOTE]`` makes an alert too.
_ALERT_SOURCE = re.compile(r"^\\?" + _ALERT.pattern[1:], re.IGNORECASE)
_ALERT_TITLE_CLASS = "alert-heading"
_LINE_BREAKS = ("softbreak", "hardbreak")


def hugo_plugin(parser: MarkdownIt) -> None:
    parser.block.ruler.before(
        "paragraph", SHORTCODE_BLOCK, _shortcode_block, {"alt": ["paragraph", "blockquote"]}
    )
    parser.inline.ruler.before("text", SHORTCODE_INLINE, _shortcode_inline)
    parser.core.ruler.push("hugo_attributes", _attributes)
    parser.core.ruler.push("github_alerts", _alerts)
    parser.add_render_rule(
        SHORTCODE_BLOCK, lambda self, tokens, idx, options, env: tokens[idx].content
    )
    parser.add_render_rule(
        SHORTCODE_INLINE, lambda self, tokens, idx, options, env: tokens[idx].content
    )


def _shortcode_end(text: str, start: int) -> int:
    """The index just past the shortcode opening at ``start``, or -1."""
    if not text.startswith("{{", start) or len(text) < start + 3 or text[start + 2] not in _CLOSERS:
        return -1
    close = text.find(_CLOSERS[text[start + 2]], start + 3)
    return -1 if close < 0 else close + 3


def _shortcode_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Lines that begin with a shortcode and end with one: raw, whatever lies between."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    source = state.src
    if _shortcode_end(source, begin) < 0:
        return False
    line = start_line
    while line < end_line:
        text = source[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()
        if text.endswith((">}}", "%}}")):
            break
        line += 1
    else:
        return False
    if silent:
        return True
    token = state.push(SHORTCODE_BLOCK, "", 0)
    token.content = source[begin : state.eMarks[line]] + "\n"
    token.map = [start_line, line + 1]
    token.block = True
    state.line = line + 1
    return True


def _shortcode_inline(state: StateInline, silent: bool) -> bool:
    end = _shortcode_end(state.src, state.pos)
    if end < 0 or end > state.posMax:
        return False
    if not silent:
        token = state.push(SHORTCODE_INLINE, "", 0)
        token.content = state.src[state.pos : end]
    state.pos = end
    return True


def _apply(attributes: str, token: Token) -> None:
    for item in attributes.split():
        if item.startswith("#"):
            token.attrSet("id", item[1:])
        else:
            existing = token.attrGet("class")
            token.attrSet("class", f"{existing} {item[1:]}" if existing else item[1:])


def _attributes(state: StateCore) -> None:
    """``{#id}`` ending a heading, ``{.class}`` on the last line of a block."""
    _table_attributes(state.tokens)
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children or index == 0:
            continue
        opening = tokens[index - 1]
        last = token.children[-1]
        if last.type != "text":
            continue
        if opening.type == "heading_open":
            match = _HEADING_ATTRIBUTES.search(last.content)
            if match:
                _apply(match.group(1), opening)
                last.content = last.content[: match.start()]
                token.content = _HEADING_ATTRIBUTES.sub("", token.content)
            continue
        match = _ATTRIBUTE_LINE.match(last.content.strip())
        if match and len(token.children) >= 2 and token.children[-2].type == "softbreak":
            target = opening if not opening.hidden else _enclosing_open(tokens, index)
            _apply(match.group(1), target)
            del token.children[-2:]
            token.content = token.content.rsplit("\n", 1)[0]


def _table_attributes(tokens: list[Token]) -> None:
    """An attribute line under a table parses as a last row whose first cell is ``{.class}``."""
    closes = [index for index, token in enumerate(tokens) if token.type == "table_close"]
    for close in reversed(closes):  # last first: a deletion moves only the tokens after it
        _table_row_attributes(tokens, close)


def _table_row_attributes(tokens: list[Token], close: int) -> None:
    row_end = close - 1
    while row_end > 0 and tokens[row_end].type != "tr_close":
        row_end -= 1
    row_start = row_end
    while row_start > 0 and tokens[row_start].type != "tr_open":
        row_start -= 1
    cells = [token for token in tokens[row_start:row_end] if token.type == "inline"]
    if not cells or any(cell.content.strip() for cell in cells[1:]):
        return
    match = _ATTRIBUTE_LINE.match(cells[0].content.strip())
    if match is None:
        return
    opening = next(
        token
        for token in reversed(tokens[:row_start])
        if token.type == "table_open" and token.level == tokens[close].level
    )
    _apply(match.group(1), opening)
    first, last = row_start, row_end
    if tokens[first - 1].type == "tbody_open" and tokens[last + 1].type == "tbody_close":
        first, last = first - 1, last + 1
    del tokens[first : last + 1]


def _enclosing_open(tokens: list[Token], index: int) -> Token:
    """The visible block that holds a hidden (tight list) paragraph."""
    for candidate in reversed(tokens[:index]):
        if candidate.nesting == 1 and not candidate.hidden:
            return candidate
    return tokens[index - 1]


def _alerts(state: StateCore) -> None:
    tokens = state.tokens
    # last first: the title tokens inserted after an index leave the earlier ones in place
    for index in reversed(range(len(tokens) - 2)):
        token = tokens[index]
        if token.type != "blockquote_open" or tokens[index + 1].type != "paragraph_open":
            continue
        inline = tokens[index + 2]
        children = inline.children or []
        if not children or children[0].type != "text":
            continue
        match = _ALERT.match(children[0].content)
        if match is None:
            continue
        token.attrSet("class", f"alert alert-{match.group(1).lower()}")
        children[0].content = children[0].content[match.end() :]
        if not children[0].content:
            del children[0]
        inline.content = _ALERT_SOURCE.sub("", inline.content, count=1)
        _split_title(tokens, index + 1)


def _split_title(tokens: list[Token], start: int) -> None:
    """The rest of the marker line, if any, becomes the alert's title paragraph.

    Hugo cuts the title at the first line end of the rendered paragraph, even inside an element
    (``*two\nlines*``); the cut here is at the first line end outside any, so the title and
    the body both stay well-formed.
    """
    opening, inline, closing = tokens[start : start + 3]
    children = inline.children or []
    end = _first_line_end(children)
    title, inline.children = children[:end], children[end + 1 :]
    lines = 1 + sum(_line_ends(child) for child in title)
    content = inline.content.split("\n")
    inline.content = "\n".join(content[lines:])
    if not title:
        return
    title_inline = Token(
        "inline",
        "",
        0,
        map=_lines(opening.map, 0, lines),
        level=inline.level,
        children=title,
        content="\n".join(content[:lines]),
    )
    title_opening = Token(
        ALERT_TITLE_OPEN,
        "p",
        1,
        attrs={"class": _ALERT_TITLE_CLASS},
        map=title_inline.map,
        level=opening.level,
        block=True,
    )
    title_closing = Token(ALERT_TITLE_CLOSE, "p", -1, level=closing.level, block=True)
    if inline.children:
        opening.map = inline.map = _lines(opening.map, lines, None)
        tokens[start:start] = [title_opening, title_inline, title_closing]
        return
    # the title alone: no empty body paragraph, and an attribute line's attributes go on the title
    for name, value in opening.attrs.items():
        title_opening.attrSet(name, f"{value} {_ALERT_TITLE_CLASS}" if name == "class" else value)
    tokens[start : start + 3] = [title_opening, title_inline, title_closing]


def _first_line_end(children: list[Token]) -> int:
    """The index of the first line break outside any inline element, or the length."""
    depth = 0
    for index, child in enumerate(children):
        depth += child.nesting
        if depth == 0 and child.type in _LINE_BREAKS:
            return index
    return len(children)


def _line_ends(child: Token) -> int:
    """How many line ends of the source a token covers. A code span's are lost (markdown-it
    turns them into spaces), so a title with one reports its body a line early."""
    if child.type in _LINE_BREAKS:
        return 1
    if child.type == "html_inline":
        return child.content.count("\n")
    return sum(_line_ends(grandchild) for grandchild in child.children or [])


def _lines(block_map: list[int] | None, skip: int, count: int | None) -> list[int] | None:
    """The source lines of part of a block: ``count`` lines after the first ``skip``, or all
    the rest."""
    if block_map is None:
        return None
    first = block_map[0] + skip
    return [first, block_map[1] if count is None else first + count]
