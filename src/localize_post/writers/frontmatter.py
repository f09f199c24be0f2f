"""Translated front-matter values, written into the source's own front matter.

Only the bytes of a translated value change: its key, the other keys, their order, comments and
quoting stay. A value keeps its style where the translation allows it (plain, single- or
double-quoted, folded or literal block in YAML; literal or basic string in TOML) and is quoted as
the syntax needs otherwise, so a translation is always one string and never structure. Keys a
generator needs (Hugo's ``translationKey``, jekyll-polyglot's ``lang``) are added last.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from .edits import Edit

_FENCES = {"---": "yaml", "+++": "toml"}


@dataclass(frozen=True, slots=True)
class _Block:
    syntax: str
    start: int  # offset of the first line after the opening fence
    end: int  # offset of the closing fence line
    text: str


def _front_block(text: str) -> _Block | None:
    lines = text.splitlines(keepends=True)
    fence = lines[0].rstrip() if lines else ""
    if fence not in _FENCES:
        return None
    offset = len(lines[0])
    start = offset
    for line in lines[1:]:
        if line.rstrip() == fence:
            return _Block(_FENCES[fence], start, offset, text[start:offset])
        offset += len(line)
    return None


def front_matter_edits(
    text: str, values: Mapping[str, str], added: Mapping[str, str]
) -> list[Edit] | None:
    """Edits that give each key of ``values`` its new string and add ``added`` keys (replacing
    a value already there); None where a value cannot be found as written."""
    block = _front_block(text)
    if block is None:
        if not added:
            return None if values else []
        lines = "".join(f"{key}: {_yaml_scalar(value, None)}\n" for key, value in added.items())
        return [Edit(0, 0, f"---\n{lines}---\n")]
    if block.syntax == "yaml":
        return _yaml_edits(block, values, added)
    return _toml_edits(block, values, added)


# --- YAML --------------------------------------------------------------------------------------

# YAML 1.1 reads these as line ends, and forbids the C0 and C1 controls but tab and newline.
_YAML_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_edits(
    block: _Block, values: Mapping[str, str], added: Mapping[str, str]
) -> list[Edit] | None:
    try:
        root = yaml.compose(block.text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None if values or added else []
    spans: dict[str, yaml.ScalarNode] = {}
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            spans.setdefault(str(key.value), value)
    edits = []
    for name, new in {**values, **added}.items():
        node = spans.get(name)
        if node is None:
            if name in values:
                return None
            line = f"{name}: {_yaml_scalar(new, None)}\n"
            edits.append(Edit(block.end, block.end, line))
            continue
        start, end = node.start_mark.index, node.end_mark.index
        written = block.text[start:end]
        replacement = _yaml_replacement(new, node.style, written, _column(block.text, start))
        edits.append(Edit(block.start + start, block.start + end, replacement))
    return edits


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _yaml_replacement(value: str, style: str | None, written: str, column: int) -> str:
    if style in ("|", ">") and not _YAML_UNPRINTABLE.search(value) and value == value.strip():
        header, _, rest = written.partition("\n")
        indent = re.match(r"[ \t]*", rest)
        spaces = indent.group(0) if indent and indent.group(0) else " " * (column + 2)
        tail = written[len(written.rstrip()) :]
        return f"{header}\n{spaces}{value}{tail}"
    return _yaml_scalar(value, style)


def _yaml_scalar(value: str, style: str | None) -> str:
    """One YAML scalar that loads as exactly ``value``: plain if the source was and it reads
    back the same, single-quoted where that can say it, else double-quoted with escapes."""
    printable = not _YAML_UNPRINTABLE.search(value) and "\n" not in value and "\t" not in value
    if style is None and printable and value and value == value.strip() and _plain_reads(value):
        return value
    if style != '"' and printable:
        return "'" + value.replace("'", "''") + "'"
    return _yaml_double_quoted(value)


def _plain_reads(value: str) -> bool:
    try:
        loaded = yaml.safe_load(f"key: {value}\n")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded == {"key": value}


_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _yaml_double_quoted(value: str) -> str:
    return _double_quoted(value, _YAML_ESCAPES, _YAML_UNPRINTABLE, "\\u{:04x}")


def _double_quoted(
    value: str, escapes: dict[str, str], unprintable: re.Pattern[str], code_point: str
) -> str:
    """A string in double quotes, as YAML and TOML both write one: their own escapes, and any
    other unprintable character as a code point."""
    out = []
    for char in value:
        if char in escapes:
            out.append(escapes[char])
        elif unprintable.match(char):
            out.append(code_point.format(ord(char)))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


# --- TOML --------------------------------------------------------------------------------------

_TOML_KEY = re.compile(r"""^[ \t]*(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')[ \t]*=[ \t]*""", re.M)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)
_TOML_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _toml_edits(
    block: _Block, values: Mapping[str, str], added: Mapping[str, str]
) -> list[Edit] | None:
    header = _TABLE_HEADER.search(block.text)
    top_end = header.start() if header else len(block.text)
    found: dict[str, tuple[int, int]] = {}
    for match in _TOML_KEY.finditer(block.text, 0, top_end):
        name = next(group for group in match.groups() if group is not None)
        span = _toml_string_span(block.text, match.end())
        if span is not None:
            found.setdefault(name, span)
    edits = []
    for name, new in {**values, **added}.items():
        if name not in found:
            if name in values:
                return None
            key = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name)
            edits.append(
                Edit(block.start + top_end, block.start + top_end, f"{key} = {_toml_basic(new)}\n")
            )
            continue
        start, end = found[name]
        literal = block.text.startswith("'", start) and not block.text.startswith("'''", start)
        edits.append(Edit(block.start + start, block.start + end, _toml_string(new, literal)))
    return edits


def _toml_string_span(text: str, start: int) -> tuple[int, int] | None:
    """Where the string value starting at ``start`` ends, or None if it is no string."""
    for quote in ('"""', "'''"):
        if text.startswith(quote, start):
            position = start + 3
            while True:
                position = text.find(quote, position)
                if position < 0:
                    return None
                escaped = quote == '"""' and _backslashes_before(text, position) % 2 == 1
                if not escaped:
                    end = position + 3
                    while end < len(text) and end - position < 5 and text[end] == quote[0]:
                        end += 1  # up to two quotes of the content may touch the delimiter
                    return start, end
                position += 1
    if text.startswith("'", start):
        end = text.find("'", start + 1)
        return (start, end + 1) if end > 0 and "\n" not in text[start:end] else None
    if text.startswith('"', start):
        position = start + 1
        while position < len(text) and text[position] not in '"\n':
            position += 2 if text[position] == "\\" else 1
        return (start, position + 1) if text.startswith('"', position) else None
    return None


def _backslashes_before(text: str, position: int) -> int:
    count = 0
    while position - count > 0 and text[position - count - 1] == "\\":
        count += 1
    return count


def _toml_string(value: str, literal: bool) -> str:
    if literal and "'" not in value and not _TOML_CONTROL.search(value):
        return f"'{value}'"
    return _toml_basic(value)


_TOML_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_basic(value: str) -> str:
    return _double_quoted(value, _TOML_ESCAPES, _TOML_CONTROL, "\\u{:04X}")
