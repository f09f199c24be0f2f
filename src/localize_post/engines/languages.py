"""From the project's BCP 47 languages to each engine's own codes.

Engines spell languages their own way (Google ``iw`` and ``zh-CN``, MyMemory ``es-ES``, DeepL
``PT-BR``, Apertium ``spa``). A language is tried from its most specific form to its plain
language, then in its likely full form from CLDR (``es`` is ``es-Latn-ES``), so ``pt-BR`` finds
``PT-BR`` where it exists and ``pt`` where it does not.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from babel.core import get_global

from ..errors import ConfigError
from ..locales import Language


def candidates(language: Language) -> list[str]:
    """BCP 47 spellings of a language, most specific first, without repeats.

    The bare language is left out when it implies another script: ``zh`` means Simplified
    Chinese, so it must not stand in for ``zh-Hant``.
    """
    locale = language.locale
    code, script, territory = locale.language, locale.script, locale.territory
    forms = _forms(code, script, territory)
    likely = _likely(code, script, territory)
    if likely is not None:
        forms += _forms(*likely)
        default = _likely(code, None, None)
        if default is not None and default[1] != likely[1]:
            forms = [form for form in forms if form != code]
    return list(dict.fromkeys(forms))


def _forms(code: str, script: str | None, territory: str | None) -> list[str]:
    forms = []
    if script and territory:
        forms.append(f"{code}-{script}-{territory}")
    if script:
        forms.append(f"{code}-{script}")
    if territory:
        forms.append(f"{code}-{territory}")
    forms.append(code)
    return forms


def _likely(
    code: str, script: str | None, territory: str | None
) -> tuple[str, str | None, str | None] | None:
    """The language with script and territory filled in from CLDR's likely subtags."""
    table: Mapping[str, str] = get_global("likely_subtags")
    keys = [f"{code}_{script}" if script else "", f"{code}_{territory}" if territory else "", code]
    for key in keys:
        if key in table:
            parts = table[key].split("_")
            full_script = script or (parts[1] if len(parts) > 2 else None)
            return code, full_script, territory or parts[-1]
    return None


def pick_code(
    language: Language, codes: Iterable[str], aliases: Mapping[str, str] | None = None
) -> str | None:
    """The engine's code for ``language`` among ``codes`` (compared ignoring case), or None.
    ``aliases`` maps a BCP 47 spelling to an engine's odd one (Google's ``he`` is ``iw``)."""
    by_lower = {code.lower(): code for code in codes}
    for candidate in candidates(language):
        spelled = (aliases or {}).get(candidate, candidate)
        if spelled.lower() in by_lower:
            return by_lower[spelled.lower()]
    return None


def cannot_translate(
    engine: str, source: Language, target: Language, offered: Iterable[str]
) -> ConfigError:
    """The error for a pair an engine lacks, naming what it has (the first dozen)."""
    shown = sorted(offered)
    listed = ", ".join(shown[:12]) + (f", … ({len(shown)} in all)" if len(shown) > 12 else "")
    return ConfigError(
        f"engine {engine} cannot translate {source.tag}→{target.tag}; it has {listed or 'nothing'}"
    )


@functools.cache
def iso639_3_aliases() -> Mapping[str, str]:
    """Three-letter codes (``spa``) to the two-letter BCP 47 ones (``es``), from CLDR."""
    aliases: Mapping[str, str] = get_global("language_aliases")
    return {
        long: short
        for long, short in aliases.items()
        if len(long) == 3 and long.isalpha() and short.isalpha() and len(short) == 2
    }
