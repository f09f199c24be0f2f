"""Progress of long work, reported to whoever shows it: library code never prints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """Sent after each unit of work: ``done`` of ``total`` units, ``item`` the one just done."""

    item: str
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


class Counter:
    """Counts units of work done and tells the callback, if there is one."""

    def __init__(self, total: int, on_progress: ProgressCallback | None) -> None:
        self.total = total
        self.done = 0
        self._on_progress = on_progress

    def step(self, item: str, count: int = 1) -> None:
        self.done += count
        if self._on_progress is not None:
            self._on_progress(Progress(item, self.done, self.total))
