"""Calling an online service without hanging, hammering or giving up too early.

deep-translator's clients call ``requests`` with no timeout, so a stalled server would block a
run forever. Each call therefore runs in a worker thread the caller stops waiting for after
``timeout`` seconds: the only bound that holds whatever the client does (DNS, a server that
sends one byte a minute). The worker also gives ``requests`` that timeout, so the socket of an
abandoned call is closed and its thread ends instead of lingering.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

from . import EngineFailure, RequestPolicy

# Why a reply a client could not read failed: an error object, a list or a page where the
# service's answer should be.
UNEXPECTED_SHAPE = "the reply has an unexpected shape"


class ServiceError(Exception):
    """One request failed; ``retryable`` for 429, 5xx and dropped connections."""

    def __init__(self, message: str, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


def is_retryable_status(status: int | None) -> bool:
    return status == 429 or (status is not None and 500 <= status < 600)


class DeadlineExceeded(Exception):
    pass


_worker = threading.local()


def _install_request_timeout() -> None:
    """Make requests calls made in our worker threads use the worker's timeout when the
    caller passed none; every other thread is left as it was."""
    request = requests.Session.request
    if getattr(request, "_localize_post_timeout", False):
        return

    @functools.wraps(request)
    def with_timeout(self: requests.Session, *args: Any, **kwargs: Any) -> requests.Response:
        # Session.request(method, url, params, data, headers, cookies, files, auth, timeout...)
        timeout = getattr(_worker, "timeout", None)
        if timeout is not None and len(args) <= 8 and kwargs.get("timeout") is None:
            kwargs["timeout"] = timeout
        return request(self, *args, **kwargs)

    with_timeout._localize_post_timeout = True  # type: ignore[attr-defined]
    requests.Session.request = with_timeout  # type: ignore[method-assign]


def call_with_deadline(function: Callable[[str], str], text: str, seconds: float) -> str:
    """``function(text)``, or DeadlineExceeded once ``seconds`` have passed."""
    _install_request_timeout()
    outcome: list[str | BaseException] = []

    def work() -> None:
        _worker.timeout = seconds
        try:
            outcome.append(function(text))
        except BaseException as error:  # handed to the waiting thread, which re-raises it
            outcome.append(error)

    # A daemon, so an abandoned call can never keep the process alive.
    worker = threading.Thread(target=work, name="localize-post-request", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive() or not outcome:
        raise DeadlineExceeded
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class RobustCaller:
    """Wraps one text-in, text-out service call with a timeout, retries with exponential
    backoff on 429 and 5xx, a minimum interval between requests, and a circuit breaker."""

    def __init__(self, name: str, call: Callable[[str], str], policy: RequestPolicy) -> None:
        self._name = name
        self._call = call
        self._policy = policy
        self._last_start: float | None = None
        self._failures_in_a_row = 0

    def __call__(self, text: str) -> str:
        policy = self._policy
        if self._failures_in_a_row >= policy.max_consecutive_failures:
            raise EngineFailure(
                f"not sent: {self._name} failed {self._failures_in_a_row} times in a row"
            )
        try:
            result = self._with_retries(text)
        except EngineFailure:
            self._failures_in_a_row += 1
            raise
        self._failures_in_a_row = 0
        return result

    def _with_retries(self, text: str) -> str:
        policy = self._policy
        attempt = 0
        while True:
            self._wait_for_turn()
            try:
                return call_with_deadline(self._call, text, policy.timeout)
            except DeadlineExceeded:
                raise EngineFailure(f"no answer within {policy.timeout:g} s") from None
            except ServiceError as error:
                if not error.retryable or attempt >= policy.retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise EngineFailure(f"{error}{tries}") from None
            time.sleep(min(policy.backoff * 2**attempt, policy.max_backoff))
            attempt += 1

    def _wait_for_turn(self) -> None:
        now = time.monotonic()
        if self._last_start is not None:
            wait = self._last_start + self._policy.min_interval - now
            if wait > 0:
                time.sleep(wait)
                now += wait
        self._last_start = now
