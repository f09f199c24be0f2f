"""The folder build publishes into: which folders it may replace, and replacing one in one move.

build replaces its output folder whole, so that a page of a deleted post does not linger. That
is only safe for a folder build made itself: it leaves a marker file in every site it writes,
and replaces only a folder holding that marker, or an empty one. It refuses, before anything is
rendered, a folder that is the project, lies above it, holds or lies inside its posts, catalogs,
templates or static files, or is a symbolic link (replacing a link would act on the folder it
points at).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .catalogs import atomic_write
from .config import Config
from .errors import OutputError
from .site_assets import STATIC_DIR

MARKER = ".localize-post-site"
_MARKER_TEXT = (
    "This folder was written by `localize-post build`, which replaces it whole on every build.\n"
    "Do not keep anything else here.\n"
)


def owned_output(config: Config, out: Path) -> Path:
    """The absolute folder for ``out`` (relative to the project root unless absolute), checked
    to be one build may replace; raise OutputError, naming it, for one it may not."""
    shown = str(out)
    absolute = Path(os.path.abspath(config.root / out))
    if absolute == Path(absolute.anchor):
        raise OutputError("is the root of the file system, not a folder build may replace", shown)
    candidate = absolute.parent.resolve() / absolute.name
    if candidate.is_symlink():
        target = os.readlink(candidate)
        raise OutputError(
            f"is a symbolic link (to {target}): build replaces its output folder whole, "
            "so give --out a real folder",
            shown,
        )
    root = config.root.resolve()
    if candidate == root:
        raise OutputError("is the project folder: build would replace the whole project", shown)
    if root.is_relative_to(candidate):
        raise OutputError("lies above the project folder: build would replace the project", shown)
    for what, folder in _protected(config):
        if folder == candidate:
            raise OutputError(f"is the project's {what} folder", shown)
        if folder.is_relative_to(candidate):
            raise OutputError(f"holds the project's {what} ({_relative(folder, root)}/)", shown)
        if candidate.is_relative_to(folder):
            raise OutputError(
                f"lies inside the project's {what} ({_relative(folder, root)}/)", shown
            )
    if candidate.exists() and not candidate.is_dir():
        raise OutputError("is a file, not a folder", shown)
    if candidate.is_dir() and not _is_owned(candidate):
        raise OutputError(
            f"is not a site localize-post built (it has no {MARKER} file) and is not empty: "
            "build replaces its output folder whole, so empty it or choose another --out",
            shown,
        )
    return candidate


def _protected(config: Config) -> Iterable[tuple[str, Path]]:
    yield "posts", config.source_path.resolve()
    yield "catalogs", config.locales_path.resolve()
    yield "templates", config.templates_path.resolve()
    yield "static files", (config.root / STATIC_DIR).resolve()


def _relative(folder: Path, root: Path) -> str:
    return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(folder)


def _is_owned(folder: Path) -> bool:
    """Whether build may replace a folder: it made it (the marker), or there is nothing in it."""
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    return next(folder.iterdir(), None) is None


def replace_folder(out: Path, files: Mapping[str, str | bytes | Path]) -> None:
    """Write every file into a fresh folder beside ``out``, then swap it in: text (a page),
    bytes, or a copy of a file (an image). Where the system can exchange two folders in one
    step (Linux's renameat2), ``out`` is never missing, not even for a reader between the two
    renames a plain swap takes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        # An error names the page as it will be, not the temporary folder it is written in.
        atomic_write(fresh / MARKER, _MARKER_TEXT, shown=str(out / MARKER))
        for relative, content in sorted(files.items()):
            target = fresh / relative
            if isinstance(content, str):
                atomic_write(target, content, shown=str(out / relative))
            else:
                _write_bytes(target, content, out / relative)
        fresh.chmod(0o755)
        if not out.exists():
            fresh.rename(out)
        elif _exchange(fresh, out):
            shutil.rmtree(fresh)
        else:
            retired = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old."))
            out.rename(retired / out.name)
            fresh.rename(out)
            shutil.rmtree(retired)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def _write_bytes(target: Path, content: bytes | Path, shown: Path) -> None:
    """Bytes, or a copy of a regular file's, at ``target`` in the fresh folder, which no one
    else sees until the swap: no temporary file needed. A failure names the file as it will
    be in the site, or the file copied when reading it failed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(shown)) from None
    if isinstance(content, bytes):
        try:
            target.write_bytes(content)
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(shown)) from None
        return
    try:
        shutil.copyfile(content, target)
    except OSError as error:
        raise OSError(error.errno, error.strerror, error.filename or str(shown)) from None
    target.chmod(0o644)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system or file system cannot."""
    name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(name, use_errno=True) if name else None
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(second))


def remove_site_leftovers(out: Path) -> None:
    """Delete the half-built folders a killed build left beside the site folder. Only folders
    build made: named as replace_folder names them, and holding its marker or nothing (a site
    retired by a plain swap is one level down). Safe only under the project lock, when no
    other build is writing one."""
    leftover = re.compile(rf"\.{re.escape(out.name)}\.(old\.)?[a-z0-9_]{{8}}")
    if not out.parent.is_dir():
        return
    for path in out.parent.iterdir():
        match = leftover.fullmatch(path.name)
        if match is None or path.is_symlink() or not path.is_dir():
            continue
        built = path / out.name if match.group(1) else path
        if _is_owned(path) or (built.is_dir() and _is_owned(built)):
            shutil.rmtree(path, ignore_errors=True)
