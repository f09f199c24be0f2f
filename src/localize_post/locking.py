"""One writer at a time per project, and no litter from runs that were killed.

Atomic writes already make every file whole; the lock makes whole *runs*: without it, an
``update`` and a ``pretranslate`` started together would each read the catalogs, and the one
that saves last would drop the other's work. The lock is an advisory ``flock`` on the project
folder itself, so no lock file is left in anyone's repository. Where ``flock`` does not exist
(Windows) runs are not serialised; each file is still written atomically.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

# What catalogs.atomic_write leaves behind when killed: mkstemp's
# names, a dot, the target's name and eight random characters.
_CATALOG_LEFTOVER = re.compile(r"\..+\.pot?\.[a-z0-9_]{8}\.tmp")


@contextlib.contextmanager
def project_lock(root: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock; ``on_wait`` is called once if another run holds it first."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


def remove_catalog_leftovers(locales: Path) -> None:
    """Delete the temporary files of writes that a killed run never finished. Only safe while
    holding the project lock: then no other run is in the middle of such a write."""
    if locales.is_dir():
        for path in locales.rglob(".*.tmp"):
            if _CATALOG_LEFTOVER.fullmatch(path.name) and path.is_file():
                path.unlink(missing_ok=True)
