"""What a build reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..resolve import Resolution

Progress = Callable[[str, int, int, str], None]  # (stage, done, total, item)


@dataclass
class BuildReport:
    files: int = 0
    extracted: int = 0
    cached: int = 0
    written: int = 0
    unchanged: int = 0
    retracted: int = 0
    recovered: int = 0  # sources left incomplete by an interrupted build, redone
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    resolution: Resolution | None = field(default=None, repr=False)
    # records matched again when only what the change touched was resolved (None: the whole
    # library was resolved, or nothing changed)
    regrouped: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "extracted": self.extracted, "cached": self.cached,
            "written": self.written, "unchanged": self.unchanged, "retracted": self.retracted,
            "recovered": self.recovered, "pages": self.pages, "regrouped": self.regrouped,
            "failures": [{"path": p, "error": e} for p, e in self.failures],
            "warnings": [{"path": p, "warning": w} for p, w in self.warnings],
            "counts": self.counts, "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }  # fmt: skip
