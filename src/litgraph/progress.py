"""A progress bar on a terminal (stderr), silent otherwise."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class ProgressBar:
    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.start = time.monotonic()
        self.stage = ""
        self._shown = False

    def update(self, stage: str, done: int, total: int, item: str) -> None:
        if not self.enabled or total <= 0:
            return
        if stage != self.stage:
            self.stage, self.start = stage, time.monotonic()
        elapsed = time.monotonic() - self.start
        eta = elapsed / done * (total - done) if done else 0.0
        width = 30
        filled = int(width * done / total)
        name = item.rsplit("/", 1)[-1][:30]
        self.stream.write(
            f"\r{stage:8} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"ETA {eta:4.0f}s {name:30}"
        )
        self.stream.flush()
        self._shown = True

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
