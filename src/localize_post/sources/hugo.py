"""markdown-it-py rules for Markdown as Hugo sites write it.

- Shortcodes (``{{< name args >}}``, ``{{% name %}}``, paired, namespaced) pass through as raw
  text: on lines of their own they are blocks, inside a paragraph an opaque inline token. Their
  words are never translatable text.
- Heading ids ``## Title {#id}`` and attribute lines ``{.class}`` under a block become attributes
  of the element, so they stay out of msgids.
- GitHub alerts (``> [!NOTE]``) become a block quote with a class; the marker is not text.
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
_CLOSERS = {"<": ">}}", "%": "%}}"}
_ATTRIBUTE_LINE = re.compile(r"^\{((?:\s*[.#][\w-]+)+)\s*\}$")
_HEADING_ATTRIBUTES = re.compile(r"\s*\{((?:\s*[.#][\w-]+)+)\s*\}\s*$")
# Hugo's blockquote render hooks also accept a title after the marker: `> [!NOTE] Title`.
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][+-]?[ \t]*", re.IGNORECASE)


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
    for index, token in enumerate(tokens[:-2]):
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
            drop = 2 if len(children) > 1 and children[1].type == "softbreak" else 1
            del children[:drop]
        inline.content = inline.content[match.end() :].lstrip("\n")
