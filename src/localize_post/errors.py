"""Errors that name the file and line a user must fix.

``str(error)`` is always one line, ``path:line: message``, so the command line can print it as is.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class LocalizePostError(Exception):
    """Something in the user's input or invocation is wrong; nothing has been written."""

    def __init__(
        self, message: str, path: PurePosixPath | str | None = None, line: int | None = None
    ):
        # One line whatever a library put in its message (a parser's excerpt, a file name).
        message = " ".join(message.split())
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class SourceError(LocalizePostError):
    """A source post cannot be parsed (front matter, markup)."""


class CatalogError(LocalizePostError):
    """A .po or .pot file cannot be read, or its header is invalid."""


class ConfigError(LocalizePostError):
    """The project configuration is invalid (unknown option, bad value, unknown language)."""


class TemplateError(LocalizePostError):
    """A page template cannot be loaded or rendered."""


def read_utf8(path: Path, shown: str, error: type[LocalizePostError]) -> str:
    """A text file's content, without the byte order mark some Windows editors write; bytes
    that are not UTF-8 raise ``error`` naming their line."""
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as decoding:
        line = path.read_bytes()[: decoding.start].count(b"\n") + 1
        raise error("not valid UTF-8", shown, line) from None
