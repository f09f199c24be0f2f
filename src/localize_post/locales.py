"""Language codes: BCP 47 in configuration and URLs, gettext on disk, CLDR (Babel) for the rest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.plurals import get_plural

from .errors import ConfigError

# A POSIX locale name with a character set or a modifier: language[_TERRITORY][.charset][@modifier]
_SYSTEM_LOCALE = re.compile(
    r"(?P<language>[A-Za-z]{2,3})(?:_(?P<territory>[A-Za-z]{2}|\d{3}))?"
    r"(?:\.[\w-]+)?(?:@(?P<modifier>\w+))?"
)
# gettext's script modifiers, as BCP 47 script subtags: sr@latin is sr-Latn
_SCRIPT_MODIFIERS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva", "arabic": "Arab"}
# Languages whose writing puts no spaces between words (nor between sentences).
_WRITTEN_WITHOUT_SPACES = frozenset({"ja", "zh", "yue", "th", "lo", "km", "my", "bo"})


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the site, with what CLDR knows about it."""

    locale: Locale

    @property
    def tag(self) -> str:
        """BCP 47, as in URLs and ``<html lang>``: ``pt-BR``, ``zh-Hans``."""
        return "-".join(
            part
            for part in (self.locale.language, self.locale.script, self.locale.territory)
            if part
        )

    @property
    def gettext_code(self) -> str:
        """The folder name under locales/ and the ``Language`` header: ``pt_BR``."""
        return str(self.locale)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.text_direction == "rtl" else "ltr"

    @property
    def native_name(self) -> str:
        """The language's name in itself, capitalised as a menu entry: ``Français``."""
        name = self.locale.get_display_name(self.locale) or self.tag
        return name[:1].upper() + name[1:]

    @property
    def plural_forms(self) -> str:
        """The ``Plural-Forms`` header gettext expects, from CLDR."""
        return get_plural(self.locale).plural_forms

    @property
    def plural_count(self) -> int:
        return get_plural(self.locale).num_plurals

    @property
    def spaces_between_sentences(self) -> bool:
        return self.locale.language not in _WRITTEN_WITHOUT_SPACES

    def format_date(self, value: date) -> str:
        """A date as this language writes it in prose: ``5 novembre 2020``."""
        return format_date(value, format="long", locale=self.locale)


def parse_language(code: str, where: str = "language") -> Language:
    """Accept BCP 47 (``pt-BR``) or gettext (``pt_BR``) and return the Language.

    Raises ConfigError for codes CLDR does not know, so a typo never creates a folder, and for
    a system locale's name (``fr_FR.UTF-8@euro``, ``C``), which Babel would quietly accept
    and turn into a catalog folder no translation tool recognises.
    """
    system_locale = _SYSTEM_LOCALE.fullmatch(code)
    if system_locale and ("." in code or "@" in code):
        language, territory, modifier = system_locale.group("language", "territory", "modifier")
        script = _SCRIPT_MODIFIERS.get(modifier or "")
        if script:
            language = f"{language}-{script}"
        suggestion = language if not territory else f"{language} or {language}-{territory}"
        raise ConfigError(
            f"{where} code {code!r} is a system locale, not a language: use BCP 47, {suggestion}"
        )
    if code in ("C", "POSIX"):
        raise ConfigError(f"{where} code {code!r} is a system locale, not a language")
    try:
        locale = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ConfigError(
            f"unknown {where} code {code!r} (use BCP 47, such as fr or pt-BR)"
        ) from None
    return Language(locale)
