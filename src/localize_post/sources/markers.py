"""Author markers, the same in Markdown and HTML: HTML comments that steer extraction.

<!-- localize-post: off -->  ...  <!-- localize-post: on -->   nothing between is translated
<!-- localize-post: skip -->                                   the next block is not translated
<!-- localize-post: context="menu" note="Keep it short" -->    msgctxt and a translator comment
                                                               for the next block
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import SourceError

_MARKER = re.compile(r"^\s*<!--\s*localize-post:(.*?)-->\s*$", re.DOTALL)
_ITEM = re.compile(r'\s*([a-z]+)(?:="((?:[^"\\]|\\.)*)")?')


@dataclass(frozen=True, slots=True)
class Marker:
    off: bool = False
    on: bool = False
    skip: bool = False
    context: str | None = None
    note: str | None = None


def parse_marker(html: str, path: PurePosixPath, line: int) -> Marker | None:
    """The marker an HTML comment holds, None if it is an ordinary comment."""
    match = _MARKER.match(html)
    if match is None:
        return None
    body = match.group(1).strip()
    values: dict[str, str | None] = {}
    position = 0
    while position < len(body):
        item = _ITEM.match(body, position)
        if item is None or item.end() == position:
            raise SourceError(
                f"cannot read localize-post marker at {body[position:]!r}", path, line
            )
        key, value = item.group(1), item.group(2)
        if key in ("off", "on", "skip") and value is None:
            values[key] = None
        elif key in ("context", "note") and value is not None:
            values[key] = value.replace('\\"', '"')
        else:
            raise SourceError(
                f'unknown localize-post marker {key!r}: use off, on, skip, context="…" or note="…"',
                path,
                line,
            )
        position = item.end()
    return Marker(
        off="off" in values,
        on="on" in values,
        skip="skip" in values,
        context=values.get("context"),
        note=values.get("note"),
    )
