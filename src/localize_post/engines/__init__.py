"""Machine translation engines, by name.

An engine translates protected text (see protect.py) from one language to another; it raises
EngineFailure when it cannot translate one text, and ConfigError, when it is opened, for what
the user must fix (a pair it lacks, a missing API key or package). ``memory`` is not here: it
reads the project's catalogs rather than text, so pretranslate opens it itself.

Online engines import their client libraries only when opened, so the core runs without them.
"""

from __future__ import annotations

import abc
import functools
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError
from ..locales import Language


class EngineFailure(Exception):
    """One text could not be translated; the message says why, for the translator."""


class Engine(abc.ABC):
    """One engine opened for one language pair."""

    name: str
    # What decides an engine's output besides the text (its name, its server), for the cache;
    # None for engines not worth caching.
    cache_id: str | None = None
    # The longest text the service accepts in one request; longer ones are sent in pieces.
    max_characters: int | None = None

    @abc.abstractmethod
    def translate(self, text: str) -> str:
        """Translate one protected text; raise EngineFailure if it cannot."""

    def prefetch(self, texts: Sequence[str]) -> None:  # noqa: B027 - optional hook
        """Called with every text about to be translated, for engines faster in batches."""


@dataclass(frozen=True, slots=True)
class RequestPolicy:
    """How patiently to talk to a service (see client.py); tests shorten every delay."""

    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    min_interval: float = 0.2
    # After this many failed texts in a row the service is taken to be down: the rest of the
    # run fails fast instead of waiting out every timeout.
    max_consecutive_failures: int = 5


@dataclass(frozen=True, slots=True)
class EngineOptions:
    source: Language
    target: Language
    endpoint: str | None = None
    policy: RequestPolicy = field(default_factory=RequestPolicy)


def _pseudo(options: EngineOptions) -> Engine:
    from .pseudo import PseudoEngine

    _no_endpoint("pseudo", options)
    return PseudoEngine(rtl=False)


def _pseudo_rtl(options: EngineOptions) -> Engine:
    from .pseudo import PseudoEngine

    _no_endpoint("pseudo-rtl", options)
    return PseudoEngine(rtl=True)


def _apertium(options: EngineOptions) -> Engine:
    from .apertium import open_apertium

    _no_endpoint("apertium", options)
    return open_apertium(options.source, options.target, options.policy.timeout)


ONLINE_EXTRA = "pip install 'localize-post[online]'"


def _online(name: str) -> Callable[[EngineOptions], Engine]:
    def open_online(options: EngineOptions) -> Engine:
        opener: Callable[[EngineOptions], Engine]
        try:
            if name == "deepl":
                from .deepl import open_deepl

                opener = open_deepl
            else:
                from .deep import open_deep_translator

                opener = functools.partial(open_deep_translator, name)
        except ImportError:
            raise ConfigError(f"engine {name} needs the 'online' extra: {ONLINE_EXTRA}") from None
        return opener(options)

    return open_online


ENGINES: dict[str, Callable[[EngineOptions], Engine]] = {
    "pseudo": _pseudo,
    "pseudo-rtl": _pseudo_rtl,
    "apertium": _apertium,
    "google": _online("google"),
    "mymemory": _online("mymemory"),
    "libre": _online("libre"),
    "microsoft": _online("microsoft"),
    "deepl": _online("deepl"),
}
MEMORY = "memory"
ENGINE_NAMES = (*ENGINES, MEMORY)


def open_engine(name: str, options: EngineOptions) -> Engine:
    """The engine called ``name`` for the options' language pair."""
    if name not in ENGINES:
        known = ", ".join(ENGINE_NAMES)
        raise ConfigError(f"unknown engine {name!r}; use one of: {known}")
    if options.endpoint is not None:
        check_endpoint(options.endpoint)
    return ENGINES[name](options)


def check_endpoint(endpoint: str) -> None:
    """Raise ConfigError, naming ``endpoint``, unless it is an http or https URL with a host:
    anything else would reach the client as a path, a scheme it cannot speak, or a request to
    nowhere, and fail on every text instead of once."""
    problem = _endpoint_problem(endpoint)
    if problem is not None:
        raise ConfigError(f"--endpoint {abridged(repr(endpoint), 80)} is not a URL: {problem}")


def _endpoint_problem(endpoint: str) -> str | None:
    if any(char.isspace() or not char.isprintable() for char in endpoint):
        return "it holds a space or a control character"
    try:
        parts = urllib.parse.urlsplit(endpoint)
        parts.port  # noqa: B018 - parsed on access: raises for a port that is not a number
    except ValueError as error:
        return f"it cannot be parsed ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return "it must start with http:// or https://"
    if not parts.hostname:
        return "it names no host"
    return None


def abridged(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters: for messages quoting what a user or a
    service wrote, which can be a whole page."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _no_endpoint(name: str, options: EngineOptions) -> None:
    if options.endpoint is not None:
        raise ConfigError(f"engine {name} runs locally and takes no --endpoint")
