"""Parts of an answer read while the rest is worked out."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Background(Generic[T]):
    """fn(*args, **kwargs) run on a daemon thread while the caller goes on: a part of an
    answer that only reads the store waits on the store, not on the caller's Python. The
    result (or the exception raised) is handed over by `result()`; the stores are safe to
    read from several threads (a connection each), and a daemon thread never holds up an
    interrupted command."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn(*args, **kwargs)
            except BaseException as e:  # handed to the caller by result()
                self._error = e

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)
