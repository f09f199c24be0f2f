"""Errors that name the file and line a user must fix.

``str(error)`` is always one line, ``path:line: message``, so the command line can print it as is.
"""

from __future__ import annotations

import errno
import os
import stat
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


class EnvironmentVariableError(LocalizePostError):
    """An environment variable the tool reads (SOURCE_DATE_EPOCH) holds a value it cannot use."""


class OutputError(LocalizePostError):
    """A folder to write into is one the command must not replace (the project, its posts...)."""


def read_utf8(path: Path, shown: str, error: type[LocalizePostError]) -> str:
    """A text file's content as text mode reads it (every line end a newline), without the
    byte order mark some Windows editors write. See read_file and decode_utf8 for the errors."""
    text = decode_utf8(read_file(path, shown, error), shown, error)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_file(path: Path, shown: str, error: type[LocalizePostError]) -> bytes:
    """A regular file's bytes. A folder, a symbolic link to nothing, a loop of links, a device
    or pipe (which could block or never end) or a file the user may not read raises ``error``
    naming ``shown``, never an OSError."""
    try:
        # Opening a pipe that has no writer would wait for one; without blocking it opens.
        # Windows opens descriptors in text mode unless told otherwise.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
    except OSError as failure:
        raise error(_cannot_open(path, failure), shown) from None
    try:
        kind = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(kind):
            raise error("is a folder, not a file", shown)
        if not stat.S_ISREG(kind):
            raise error("is not a regular file", shown)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read()
    except OSError as failure:
        raise error(f"cannot be read: {failure.strerror or failure}", shown) from None
    finally:
        os.close(descriptor)


def _cannot_open(path: Path, failure: OSError) -> str:
    if failure.errno == errno.ELOOP:
        return "is a loop of symbolic links"
    if failure.errno == errno.ENOENT and path.is_symlink():
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    return f"cannot be read: {failure.strerror or failure}"


def decode_utf8(data: bytes, shown: str, error: type[LocalizePostError]) -> str:
    """A file's bytes as text, without the byte order mark some Windows editors write; bytes
    that are not UTF-8 raise ``error`` naming their line."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as decoding:
        line = data[: decoding.start].count(b"\n") + 1
        raise error("not valid UTF-8", shown, line) from None
