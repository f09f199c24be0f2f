"""Online services through deep-translator: Google, MyMemory, LibreTranslate, Microsoft.

API keys come only from the environment:

- ``libre``: ``--endpoint URL`` of your LibreTranslate server; ``LOCALIZE_POST_LIBRE_KEY`` if
  the server requires keys.
- ``microsoft``: ``LOCALIZE_POST_MICROSOFT_KEY``, and ``LOCALIZE_POST_MICROSOFT_REGION`` for a
  regional resource.
- ``mymemory``: optionally ``LOCALIZE_POST_MYMEMORY_EMAIL``, which raises the free daily quota.
- ``google``: deep-translator uses Google's free web endpoint, which takes no key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import deep_translator
from deep_translator import exceptions
from requests import exceptions as http

from ..errors import ConfigError
from . import Engine, EngineOptions, abridged
from .client import UNEXPECTED_SHAPE, RobustCaller, ServiceError, is_retryable_status
from .languages import cannot_translate, pick_code

LIBRE_KEY = "LOCALIZE_POST_LIBRE_KEY"
MICROSOFT_KEY = "LOCALIZE_POST_MICROSOFT_KEY"
MICROSOFT_REGION = "LOCALIZE_POST_MICROSOFT_REGION"
MYMEMORY_EMAIL = "LOCALIZE_POST_MYMEMORY_EMAIL"

# What deep-translator's clients refuse before sending (it wants fewer than 5000 and 500).
_GOOGLE_MAX_CHARACTERS = 4999
_MYMEMORY_MAX_CHARACTERS = 499
# Google spells a few languages its own way; other candidates are tried as they are.
_GOOGLE_ALIASES = {
    "he": "iw",
    "zh-Hans": "zh-CN",
    "zh-Hant": "zh-TW",
    "nb": "no",
    "jv": "jw",
    "fil": "tl",
}


class DeepTranslatorEngine(Engine):
    """One deep-translator client behind the robust caller.

    The client is created on the first translation, inside the caller's timeout: Microsoft's
    fetches its language list over the network when created.
    """

    def __init__(
        self,
        name: str,
        cache_id: str,
        create: Callable[[], Any],
        options: EngineOptions,
        max_characters: int | None = None,
    ) -> None:
        self.name = name
        self.cache_id = cache_id
        self.max_characters = max_characters
        self._create = create
        self._client: Any = None
        self._caller = RobustCaller(name, self._call, options.policy)

    def translate(self, text: str) -> str:
        return self._caller(text)

    def _call(self, text: str) -> str:
        try:
            if self._client is None:
                self._client = self._create()
            result = self._read_reply(self._client, text)
        except Exception as error:
            converted = as_service_error(error)
            if converted is None:
                raise
            raise converted from error
        if not isinstance(result, str):
            raise ServiceError(UNEXPECTED_SHAPE, retryable=False)
        if not result.strip():
            raise ServiceError(f"{self.name} returned no translation", retryable=False)
        return result

    def _read_reply(self, client: Any, text: str) -> Any:
        """What the client makes of the reply to ``text``. The clients index replies without
        looking at them, so a reply of another shape (an error object, a list, a page) surfaces
        as a KeyError or the like from inside the client: a failure of the reply, not ours."""
        try:
            return self._send(client, text)
        except http.JSONDecodeError as error:
            raise _unreadable_reply(error, "the reply is not JSON") from None
        except _MISREAD_REPLY as error:
            raise _unreadable_reply(error, UNEXPECTED_SHAPE) from None

    def _send(self, client: Any, text: str) -> Any:
        return client.translate(text)


# What a client raises reading a reply of an unexpected shape: a missing field, a string or a
# list where an object should be, an empty list.
_MISREAD_REPLY = (KeyError, IndexError, TypeError, AttributeError)


def _unreadable_reply(error: BaseException, reason: str) -> ServiceError:
    """A reply the client could not read, as ServiceError: by its HTTP status when that is a
    failure (Microsoft's client reads a 503's gateway page as JSON), else by ``reason``."""
    status = _reply_status(error)
    if status is not None and not 200 <= status < 300:
        return ServiceError(f"HTTP {status}", is_retryable_status(status))
    return ServiceError(reason, retryable=False)


class _MyMemoryEngine(DeepTranslatorEngine):
    def _send(self, client: Any, text: str) -> Any:
        try:
            return client.translate(text)
        except StopIteration:
            # Given an empty translation, the client takes the reply's first other match, and
            # runs off the end of an empty list of them.
            raise ServiceError(f"{self.name} returned no translation", retryable=False) from None


class _MicrosoftEngine(DeepTranslatorEngine):
    def _send(self, client: Any, text: str) -> Any:
        try:
            return client.translate(text)
        except AttributeError as error:
            if _reply_status(error) is not None:
                raise  # a reply, which the client misread
            # The client only logs a failed request (a dropped connection...), then reads the
            # reply it never got.
            raise ServiceError("no reply from Microsoft", retryable=True) from None


def as_service_error(error: Exception) -> ServiceError | None:
    """deep-translator's and requests' exceptions as ServiceError, retryable or not; None for
    anything else (a ConfigError, a bug), which must not be taken for a service failure."""
    if isinstance(error, exceptions.TooManyRequests):
        return ServiceError("too many requests (HTTP 429)", retryable=True)
    if isinstance(error, exceptions.ServerException):
        # It keeps only a message: recover the status from its own table.
        statuses = {text: code for code, text in exceptions.ServerException.errors.items()}
        status = statuses.get(str(error))
        if status is None:
            # Statuses missing from the table (502, 504...) are mostly gateways: try again.
            return ServiceError(f"server error ({error})", retryable=True)
        return ServiceError(f"HTTP {status} ({error})", is_retryable_status(status))
    if isinstance(error, exceptions.MicrosoftAPIerror):
        status = _microsoft_status(error.api_message)
        message = abridged(error.api_message, 100)
        return ServiceError(f"Microsoft error: {message}", is_retryable_status(status))
    if isinstance(error, exceptions.RequestError):
        status = _reply_status(error)
        if status is None:
            return ServiceError("request failed", retryable=True)
        return ServiceError(f"HTTP {status}", is_retryable_status(status))
    if isinstance(error, exceptions.NotValidLength):
        return ServiceError(f"text too long for this service ({error.message})", retryable=False)
    if isinstance(error, exceptions.TranslationNotFound):
        return ServiceError("the service found no translation", retryable=False)
    if isinstance(error, exceptions.AuthorizationException):
        return ServiceError("the service refused the API key", retryable=False)
    if isinstance(error, http.Timeout):
        return ServiceError("the request timed out", retryable=False)
    if isinstance(error, http.ConnectionError):
        return ServiceError(f"cannot connect ({error.__class__.__name__})", retryable=True)
    if isinstance(error, http.RequestException):
        return ServiceError(f"request failed ({error.__class__.__name__})", retryable=False)
    return None


def _reply_status(error: BaseException) -> int | None:
    """The HTTP status of the reply a client was handling when it raised ``error``: the clients
    drop the response from what they raise (Google's and MyMemory's raise one bare RequestError
    for any failed status but 429), but it is still the ``response`` local of a frame the error
    passed through. Without it a 403 would be retried like a 503."""
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame)
        traceback = traceback.tb_next
    for frame in reversed(frames):
        status = getattr(frame.f_locals.get("response"), "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _microsoft_status(api_message: str) -> int | None:
    """Microsoft's error codes are the HTTP status times 1000 plus a detail: 429001."""
    digits = "".join(char for char in api_message.split("code", 1)[-1] if char.isdigit())
    return int(digits[:3]) if len(digits) >= 3 else None


def open_deep_translator(name: str, options: EngineOptions) -> DeepTranslatorEngine:
    deep = deep_translator
    if name != "libre" and options.endpoint is not None:
        raise ConfigError(f"engine {name} takes no --endpoint")
    openers = {"google": _google, "mymemory": _mymemory, "libre": _libre, "microsoft": _microsoft}
    return openers[name](deep, options)


def _google(deep: Any, options: EngineOptions) -> DeepTranslatorEngine:
    codes = deep.constants.GOOGLE_LANGUAGES_TO_CODES.values()
    source, target = _pair("google", options, codes, _GOOGLE_ALIASES)
    return DeepTranslatorEngine(
        "google",
        "google",
        lambda: deep.GoogleTranslator(source=source, target=target),
        options,
        _GOOGLE_MAX_CHARACTERS,
    )


def _mymemory(deep: Any, options: EngineOptions) -> DeepTranslatorEngine:
    codes = deep.constants.MY_MEMORY_LANGUAGES_TO_CODES.values()
    source, target = _pair("mymemory", options, codes)
    email = os.environ.get(MYMEMORY_EMAIL) or None
    return _MyMemoryEngine(
        "mymemory",
        "mymemory",
        lambda: deep.MyMemoryTranslator(source=source, target=target, email=email),
        options,
        _MYMEMORY_MAX_CHARACTERS,
    )


def _libre(deep: Any, options: EngineOptions) -> DeepTranslatorEngine:
    if not options.endpoint:
        raise ConfigError("engine libre needs --endpoint URL, your LibreTranslate server")
    source, target = _pair("libre", options, deep.constants.LIBRE_LANGUAGES_TO_CODES.values())
    # The client appends "translate" to the URL as it is.
    endpoint = options.endpoint.rstrip("/") + "/"
    # deep-translator refuses to run without a key, but servers without keys ignore it.
    key = os.environ.get(LIBRE_KEY) or "none"
    return DeepTranslatorEngine(
        "libre",
        f"libre {endpoint}",
        lambda: deep.LibreTranslator(
            source=source, target=target, api_key=key, custom_url=endpoint
        ),
        options,
    )


def _microsoft(deep: Any, options: EngineOptions) -> DeepTranslatorEngine:
    key = os.environ.get(MICROSOFT_KEY)
    if not key:
        raise ConfigError(f"engine microsoft needs an API key in {MICROSOFT_KEY}")
    region = os.environ.get(MICROSOFT_REGION) or None

    def create() -> Any:
        """Microsoft's client fetches its languages when created, so only then can the pair
        be checked."""
        try:
            client = deep.MicrosoftTranslator(source="en", target="en", api_key=key, region=region)
        except (*_MISREAD_REPLY, ValueError) as error:
            # The client reads the list whatever the status: a 429's or a 5xx's error object,
            # or a gateway's HTML page, is not a list. The list needs no key, so its failures
            # are throttling or outages, worth another try.
            raise ServiceError("Microsoft sent no language list", retryable=True) from error
        client.source, client.target = _pair("microsoft", options, client._languages.values())
        return client

    return _MicrosoftEngine("microsoft", "microsoft", create, options)


def _pair(
    name: str,
    options: EngineOptions,
    codes: Iterable[str],
    aliases: Mapping[str, str] | None = None,
) -> tuple[str, str]:
    offered = list(codes)
    source = pick_code(options.source, offered, aliases)
    target = pick_code(options.target, offered, aliases)
    if source is None or target is None:
        raise cannot_translate(name, options.source, options.target, offered)
    return source, target
