"""DeepL through its official client (deep-translator's DeepL client predates DeepL's current
API). The key comes from ``LOCALIZE_POST_DEEPL_KEY``; keys ending in ``:fx`` use the free API.
``--endpoint`` points the client at another server (a proxy, a test double)."""

from __future__ import annotations

import os

import deepl

from ..errors import ConfigError
from . import Engine, EngineOptions, abridged
from .client import UNEXPECTED_SHAPE, RobustCaller, ServiceError, is_retryable_status
from .languages import cannot_translate, pick_code

DEEPL_KEY = "LOCALIZE_POST_DEEPL_KEY"
# DeepL's documented languages; English and Portuguese targets must name a variant.
SOURCES = (
    "AR BG CS DA DE EL EN ES ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TH TR"
    " UK VI ZH"
).split()
TARGETS = (
    "AR BG CS DA DE EL EN-GB EN-US ES ES-419 ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT-BR"
    " PT-PT RO RU SK SL SV TH TR UK VI ZH-HANS ZH-HANT"
).split()


class DeepLEngine(Engine):
    name = "deepl"

    def __init__(self, key: str, codes: tuple[str, str], options: EngineOptions):
        self.cache_id = f"deepl {options.endpoint or 'api'}"
        self._translator = deepl.Translator(
            key, server_url=options.endpoint, send_platform_info=False
        )
        self._codes = codes
        self._caller = RobustCaller(self.name, self._call, options.policy)

    def translate(self, text: str) -> str:
        return self._caller(text)

    def _call(self, text: str) -> str:
        try:
            result = self._translator.translate_text(
                text,
                source_lang=self._codes[0],
                target_lang=self._codes[1],
                # keeps the engine from recasing or repunctuating the ends of a text
                preserve_formatting=True,
            )
        except deepl.ConnectionException as error:
            reason = abridged(str(error), 100)
            raise ServiceError(f"cannot connect ({reason})", error.should_retry) from error
        except deepl.QuotaExceededException as error:
            raise ServiceError("the DeepL quota is used up", retryable=False) from error
        except deepl.DeepLException as error:
            # The client's message for an odd status quotes the whole reply.
            status = error.http_status_code
            reason = abridged(str(error), 100)
            raise ServiceError(f"HTTP {status}: {reason}", is_retryable_status(status)) from error
        except _MISREAD_REPLY as error:
            # The client reads a reply it cannot parse as no translations, then takes the
            # first, and reads each translation's fields without checking their types.
            raise ServiceError(UNEXPECTED_SHAPE, retryable=False) from error
        # One text in, so one result out, whose text is whatever the reply held.
        translation = result.text if isinstance(result, deepl.TextResult) else None
        if not isinstance(translation, str):
            raise ServiceError(UNEXPECTED_SHAPE, retryable=False)
        if not translation.strip():
            raise ServiceError("deepl returned no translation", retryable=False)
        return translation


# What the client raises reading a reply of an unexpected shape: a missing field or list
# item, a string or list where an object should be, a count that is not a number.
_MISREAD_REPLY = (KeyError, IndexError, TypeError, AttributeError, ValueError)


def open_deepl(options: EngineOptions) -> DeepLEngine:
    key = os.environ.get(DEEPL_KEY)
    if not key:
        raise ConfigError(f"engine deepl needs an API key in {DEEPL_KEY}")
    source = pick_code(options.source, SOURCES)
    target = pick_code(options.target, TARGETS)
    if source is None or target is None:
        offered = [f"{source or options.source.tag}→{code}" for code in TARGETS]
        raise cannot_translate("deepl", options.source, options.target, offered)
    # Our caller retries and times out for every engine alike; the client's own retries would
    # multiply its attempts and wait past our timeout. These are the client's module settings.
    deepl.http_client.max_network_retries = 0
    deepl.http_client.min_connection_timeout = options.policy.timeout
    return DeepLEngine(key, (source, target), options)
