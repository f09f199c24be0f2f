"""Machine translations already received, so a second run sends nothing.

One JSON file per engine and language pair, ``.localize-post/cache/<engine>/<source>-<target>.json``
under the project, mapping the engine's cache id (its name and server) to protected text and
its raw translation. Only answers whose translation was verified are stored (pretranslate puts
them), never failures nor rejected replies, so such a text is sent again.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..catalogs import atomic_write
from ..locales import Language

CACHE_DIR = Path(".localize-post") / "cache"


class TranslationCache:
    def __init__(self, path: Path, cache_id: str) -> None:
        self.path = path
        self._data = _load(path)
        self._entries = self._data.setdefault(cache_id, {})
        self._dirty = False

    @classmethod
    def for_pair(
        cls, root: Path, engine: str, cache_id: str, source: Language, target: Language
    ) -> TranslationCache:
        return cls(root / CACHE_DIR / engine / f"{source.tag}-{target.tag}.json", cache_id)

    def get(self, text: str) -> str | None:
        return self._entries.get(text)

    def put(self, text: str, translation: str) -> None:
        if self._entries.get(text) != translation:
            self._entries[text] = translation
            self._dirty = True

    def forget(self, text: str) -> None:
        if self._entries.pop(text, None) is not None:
            self._dirty = True

    def save(self) -> None:
        """Write atomically if anything was added, so a killed run leaves the old file."""
        if self._dirty:
            text = json.dumps(self._data, ensure_ascii=False, indent=1, sort_keys=True)
            atomic_write(self.path, text + "\n")
            self._dirty = False


def _load(path: Path) -> dict[str, dict[str, str]]:
    """The cache file's content; an unreadable one counts as empty, since it only saves
    requests, and is replaced on the next save."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: {text: str(value) for text, value in entries.items() if isinstance(value, str)}
        for key, entries in data.items()
        if isinstance(entries, dict)
    }
