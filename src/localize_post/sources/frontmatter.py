"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines, as Hugo reads it."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from ..errors import SourceError


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The parsed fields, the body after the block, and where things are in the file."""

    fields: Mapping[str, object]
    body: str
    body_line: int  # 1-based line of the file where the body starts
    field_lines: Mapping[str, int]  # top-level key -> 1-based line of the file


_FENCES = {"---": "yaml", "+++": "toml"}


class _Loader(yaml.SafeLoader):
    """YAML's safe loader, with an impossible date (``2020-13-45``) reported where it is
    instead of escaping as a bare ValueError."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError) as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"impossible date {node.value!r} ({error})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def split_front_matter(text: str, path: PurePosixPath) -> FrontMatter:
    """Separate and parse the front matter; a file without one has empty fields."""
    lines = text.splitlines(keepends=True)
    fence = lines[0].rstrip() if lines else ""
    if fence not in _FENCES:
        return FrontMatter({}, text, 1, {})
    for end in range(1, len(lines)):
        if lines[end].rstrip() == fence:
            break
    else:
        raise SourceError(f"front matter opened with {fence} is never closed", path, 1)
    block = "".join(lines[1:end])
    fields = _parse(block, _FENCES[fence], path)
    key_pattern = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]")
    field_lines: dict[str, int] = {}
    for offset, line in enumerate(lines[1:end]):
        match = key_pattern.match(line)
        if match:
            field_lines.setdefault(match.group(1), offset + 2)
    return FrontMatter(fields, "".join(lines[end + 1 :]), end + 2, field_lines)


def _parse(block: str, syntax: str, path: PurePosixPath) -> Mapping[str, object]:
    if syntax == "toml":
        try:
            return tomllib.loads(block)
        except tomllib.TOMLDecodeError as error:
            line = _toml_error_line(str(error))
            message = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(error))
            raise SourceError(f"invalid TOML front matter: {message}", path, line) from None
    try:
        fields = yaml.load(block, Loader=_Loader)
    except RecursionError:
        raise SourceError("invalid YAML front matter: nested too deep", path, 2) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 1  # +1 for the fence, +1 for 1-based
        problem = error.problem or error.context or "syntax error"
        raise SourceError(f"invalid YAML front matter: {problem}", path, line) from None
    except yaml.YAMLError as error:
        raise SourceError(f"invalid YAML front matter: {error}", path, 1) from None
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise SourceError("front matter must be a mapping of keys to values", path, 2)
    return fields


def _toml_error_line(message: str) -> int:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) + 1 if match else 1
