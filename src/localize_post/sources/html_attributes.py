"""The attribute values of a start tag that people read: alt, title and aria-label, a field's
placeholder, a button's value. Each becomes a segment of its own, cut out of the tag as a hole."""

from __future__ import annotations

import html
import re

from ..document import Hole, Location, Markup, SegmentKind
from .collector import SegmentCollector

_ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_TAG_NAME = re.compile(r"<([^\s/>]+)")
TRANSLATABLE_ATTRIBUTES = {
    "alt": SegmentKind.IMAGE_ALT,
    "title": SegmentKind.ATTRIBUTE_TITLE,
    "aria-label": SegmentKind.ARIA_LABEL,
}
PLACEHOLDER_ELEMENTS = frozenset({"input", "textarea"})
# Only these inputs show their value as a label; any other input's value is data sent with the form.
BUTTON_INPUT_TYPES = frozenset({"button", "submit", "reset"})


def _attribute_kind(tag: str, name: str, input_type: str) -> SegmentKind | None:
    if name == "placeholder" and tag in PLACEHOLDER_ELEMENTS:
        return SegmentKind.PLACEHOLDER
    if name == "value" and tag == "input" and input_type.lower() in BUTTON_INPUT_TYPES:
        return SegmentKind.CONTROL
    return TRANSLATABLE_ATTRIBUTES.get(name)


def cut_attributes(raw: str, collector: SegmentCollector, location: Location) -> Markup:
    """A start tag as written, with its translatable attribute values cut out as holes."""
    tag_name = _TAG_NAME.match(raw)
    tag = tag_name.group(1).lower() if tag_name else ""
    attributes = []
    for match in _ATTRIBUTE.finditer(raw):
        group = next((group for group in (2, 3, 4) if match.group(group) is not None), None)
        attributes.append((match, match.group(1).lower(), group))
    # A browser keeps the first of repeated attributes.
    input_type = next(
        (
            html.unescape(match.group(group)) if group is not None else ""
            for match, name, group in attributes
            if name == "type"
        ),
        "",
    )
    parts: list[str | Hole] = []
    position = 0
    for match, name, group in attributes:
        kind = _attribute_kind(tag, name, input_type)
        if kind is None or group is None:
            continue
        text = html.unescape(match.group(group))
        hole = collector.attribute_hole(text, kind, location)
        if isinstance(hole, str):
            continue
        value_start, value_end = match.span(group)
        if group != 4:  # the hole is written between double quotes, whatever the source used
            value_start, value_end = value_start - 1, value_end + 1
        parts.extend([raw[position:value_start], '"', hole, '"'])
        position = value_end
    parts.append(raw[position:])
    return tuple(parts)
