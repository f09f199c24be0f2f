"""Apertium: rule-based machine translation, offline, through the ``apertium`` command.

Each language pair is a package (Debian: ``apertium-eng-spa``) that adds modes such as
``eng-spa``, listed by ``apertium -l``; codes are ISO 639-3, with variants as in ``spa-eng_US``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence

from ..errors import ConfigError
from ..locales import Language
from . import Engine, EngineFailure
from .languages import candidates, cannot_translate, iso639_3_aliases

_MODE = re.compile(r"^([a-z]{2,3}(?:_\w+)?)-([a-z]{2,3}(?:_\w+)?)$")
INSTALL_HINT = "Debian: apt-get install apertium apertium-eng-spa (one package per pair)"


class ApertiumEngine(Engine):
    name = "apertium"

    def __init__(self, command: str, mode: str, timeout: float) -> None:
        self.cache_id = f"apertium {mode}"
        self._command = command
        self._mode = mode
        self._timeout = timeout
        self._batched: dict[str, str] = {}

    def prefetch(self, texts: Sequence[str]) -> None:
        """Translate all texts in one run, a line each: starting Apertium costs more than
        translating a paragraph. Texts that span lines are left to ``translate``."""
        batch = [text for text in dict.fromkeys(texts) if "\n" not in text]
        if not batch:
            return
        try:
            lines = self._run("\n".join(batch)).split("\n")
        except EngineFailure:
            return  # translate() tries each text again and reports its own failure
        if len(lines) == len(batch):
            self._batched.update(zip(batch, lines, strict=True))

    def translate(self, text: str) -> str:
        if text in self._batched:
            return self._batched[text]
        return self._run(text)

    def _run(self, text: str) -> str:
        try:
            # -u: no "*" before unknown words, which a reviewer would have to delete
            completed = subprocess.run(
                [self._command, "-u", self._mode],
                input=text + "\n",
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=self._timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EngineFailure(f"apertium gave no answer within {self._timeout:g} s") from None
        except OSError as error:
            raise EngineFailure(f"apertium could not run: {error}") from None
        if completed.returncode != 0:
            reason = (completed.stderr.strip().splitlines() or ["no message"])[0]
            raise EngineFailure(f"apertium failed: {reason}")
        return completed.stdout.rstrip("\n")


def open_apertium(source: Language, target: Language, timeout: float) -> ApertiumEngine:
    command = shutil.which("apertium")
    if command is None:
        raise ConfigError(f"engine apertium needs the apertium command ({INSTALL_HINT})")
    modes = _modes(command)
    mode = pick_mode(modes, source, target)
    if mode is None:
        offered = [f"{bcp47(a)}→{bcp47(b)}" for a, b in map(_split_mode, modes)]
        raise cannot_translate("apertium", source, target, offered)
    return ApertiumEngine(command, mode, timeout)


def _modes(command: str) -> list[str]:
    listed = subprocess.run(
        [command, "-l"], capture_output=True, text=True, encoding="utf-8", check=False, timeout=30
    )
    return [line.strip() for line in listed.stdout.splitlines() if _MODE.match(line.strip())]


def _split_mode(mode: str) -> tuple[str, str]:
    match = _MODE.match(mode)
    assert match is not None  # _modes keeps only modes that match
    return match.group(1), match.group(2)


def bcp47(code: str) -> str:
    """An Apertium code as BCP 47: ``spa`` is ``es``, ``eng_US`` is ``en-US``."""
    language, _, variant = code.partition("_")
    short = iso639_3_aliases().get(language, language)
    return f"{short}-{variant}" if variant else short


def pick_mode(modes: Sequence[str], source: Language, target: Language) -> str | None:
    """The mode for a pair, preferring the most specific match on each side: ``en-US``
    takes ``spa-eng_US``, plain ``en`` takes ``spa-eng``."""
    by_pair = {}
    for mode in modes:
        left, right = _split_mode(mode)
        by_pair[(bcp47(left), bcp47(right))] = mode
    for source_code in candidates(source):
        for target_code in candidates(target):
            if (source_code, target_code) in by_pair:
                return by_pair[(source_code, target_code)]
    return None
