"""The folder translated sources go into, which may be the site's own content folder.

Nothing in it is ever deleted, and a file is written only if localize-post owns it: it did not
exist, or localize-post wrote it and nobody changed it since. What localize-post wrote is listed,
with the SHA-256 of each file, in ``.localize-post-sources`` (``sha256sum -c`` reads it), so a
translation a person wrote or edited by hand is never overwritten: it is reported and left alone.

Like build's, the folder may not be the project's posts, catalogs or templates, nor lie inside
them: the next ``extract`` would take a translation for a post.
"""

from __future__ import annotations

import enum
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..catalogs import atomic_write
from ..config import Config
from ..errors import OutputError, decode_utf8, read_file

MANIFEST = ".localize-post-sources"


class Refusal(enum.StrEnum):
    """Why a file was not written."""

    FOREIGN = "exists and localize-post did not write it"
    EDITED = "was changed since localize-post wrote it"
    LINK = "is a symbolic link"


def checked_out(config: Config, out: Path) -> Path:
    """The absolute folder for ``out`` (relative to the project root unless absolute), refused
    with OutputError if it is or lies inside the project's posts, catalogs or templates."""
    shown = str(out)
    absolute = Path(os.path.abspath(config.root / out))
    resolved = absolute.resolve()
    for what, folder in _protected(config):
        if resolved == folder:
            raise OutputError(f"is the project's {what} folder", shown)
        if resolved.is_relative_to(folder):
            raise OutputError(f"lies inside the project's {what} folder", shown)
    if resolved.exists() and not resolved.is_dir():
        raise OutputError("is a file, not a folder", shown)
    return absolute


def _protected(config: Config) -> list[tuple[str, Path]]:
    return [
        ("posts", config.source_path.resolve()),
        ("catalogs", config.locales_path.resolve()),
        ("templates", config.templates_path.resolve()),
    ]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class OwnedFiles:
    """The files of ``out`` localize-post wrote, and what it wrote in each."""

    config: Config
    out: Path
    written: dict[str, str] = field(default_factory=dict)  # relative path -> sha256

    @classmethod
    def open(cls, config: Config, out: Path) -> OwnedFiles:
        owned = cls(config, out)
        manifest = out / MANIFEST
        if manifest.is_file() and not manifest.is_symlink():
            shown = str(manifest)
            text = decode_utf8(read_file(manifest, shown, OutputError), shown, OutputError)
            for number, line in enumerate(text.splitlines(), start=1):
                digest, separator, relative = line.partition("  ")
                if not separator or len(digest) != 64:
                    raise OutputError("not a list of files localize-post wrote", shown, number)
                owned.written[relative] = digest
        return owned

    def refusal(self, relative: PurePosixPath) -> Refusal | None:
        """Why the file at ``relative`` may not be written, or None."""
        target = self.out / relative
        shown = str(target)
        self._check_inside(relative, shown)
        if target.is_symlink():
            return Refusal.LINK
        if not target.exists():
            return None
        recorded = self.written.get(relative.as_posix())
        if recorded is None:
            return Refusal.FOREIGN
        if _digest(read_file(target, shown, OutputError)) != recorded:
            return Refusal.EDITED
        return None

    def _check_inside(self, relative: PurePosixPath, shown: str) -> None:
        """A file may land neither outside ``out`` (a folder of it may be a link elsewhere) nor
        among the project's posts, catalogs or templates."""
        real = (self.out / relative).parent.resolve()
        if not real.is_relative_to(self.out.resolve()):
            raise OutputError(f"would be written outside the output folder, in {real}", shown)
        for what, folder in _protected(self.config):
            if real == folder or real.is_relative_to(folder):
                raise OutputError(f"would be written among the project's {what}", shown)

    def write(self, relative: PurePosixPath, text: str) -> bool:
        """Write one owned file (atomically); False if it already said ``text``."""
        target = self.out / relative
        data = text.encode("utf-8")
        self.written[relative.as_posix()] = _digest(data)
        if target.is_file() and read_file(target, str(target), OutputError) == data:
            return False
        atomic_write(target, text, shown=str(target))
        return True

    def save(self) -> None:
        lines = [f"{digest}  {relative}\n" for relative, digest in sorted(self.written.items())]
        manifest = self.out / MANIFEST
        if manifest.is_file() and read_file(manifest, str(manifest), OutputError) == "".join(
            lines
        ).encode("utf-8"):
            return
        atomic_write(manifest, "".join(lines), shown=str(manifest))
