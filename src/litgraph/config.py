"""Settings: defaults < litgraph.toml < LITGRAPH_* environment < command-line flags.

litgraph.toml (in the working directory, or the file named by --config / LITGRAPH_CONFIG)::

    store = "embedded:.litgraph"       # or "bolt://localhost:7687"
    read_timeout = 30                  # seconds per read query
    write_timeout = 600
    queries = ["my-queries"]           # extra folders of named .cypher files
    vocabulary = ["my-concepts.toml"]  # extra concept vocabularies
    jobs = 2                           # extraction processes (default: cores)
    pdf_engine = "pdfium"              # or "pdfminer" (the default): what reads PDFs

    [same]        # resolution overrides, see litgraph.resolve
    [different]

Neo4j credentials are read only from LITGRAPH_NEO4J_USER / LITGRAPH_NEO4J_PASSWORD.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_STORE = "embedded:.litgraph"
PDF_ENGINES = ("pdfminer", "pdfium")  # pdfminer.six; PDFium through pypdfium2
DEFAULT_PDF_ENGINE = "pdfminer"
CONFIG_FILE = "litgraph.toml"


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    read_timeout: float = 30.0
    write_timeout: float = 600.0
    queries: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    pdf_engine: str = DEFAULT_PDF_ENGINE
    config_path: str | None = None  # the litgraph.toml that was read, if any
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    warnings: tuple[str, ...] = ()  # what the settings file holds that litgraph does not read

    def store_options(self) -> dict[str, float]:
        return {"read_timeout": self.read_timeout, "write_timeout": self.write_timeout}


KNOWN_KEYS = ("store", "read_timeout", "write_timeout", "queries", "vocabulary", "jobs")
KNOWN_TABLES = ("same", "different")  # resolution overrides, read by litgraph.resolve


def unknown_keys(data: dict[str, Any], where: str) -> tuple[str, ...]:
    """One warning per key of a settings file that nothing reads (a typo, usually)."""
    out = []
    for key in data:
        if key in KNOWN_KEYS or key in KNOWN_TABLES:
            continue
        near = difflib.get_close_matches(key, KNOWN_KEYS + KNOWN_TABLES, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        out.append(f"{where}: unknown key {key!r} ignored{hint}")
    return tuple(out)


def _as_list(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v for v in value.split(os.pathsep) if v)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"{where}: {key} must be a list of paths")


def _number(value: Any, key: str, where: str) -> float:
    try:
        n = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key} must be a number, got {value!r}") from None
    if n <= 0:
        raise ConfigError(f"{where}: {key} must be positive")
    return n


def _apply(s: Settings, values: dict[str, Any], where: str, base: Path) -> Settings:
    """Apply known keys; relative paths in a file are relative to that file's folder."""

    def rel(p: str) -> str:
        return str((base / p).expanduser()) if not os.path.isabs(p) else p

    changes: dict[str, Any] = {}
    if values.get("store") is not None:
        store = str(values["store"])
        if store.startswith("embedded:") and not os.path.isabs(store[9:]):
            store = "embedded:" + rel(store[9:])
        changes["store"] = store
    for key in ("read_timeout", "write_timeout"):
        if values.get(key) is not None:
            changes[key] = _number(values[key], key, where)
    if values.get("pdf_engine") is not None:
        engine = str(values["pdf_engine"]).strip().lower()
        if engine not in PDF_ENGINES:
            raise ConfigError(
                f"{where}: pdf_engine must be one of {', '.join(PDF_ENGINES)}, "
                f"got {values['pdf_engine']!r}"
            )
        changes["pdf_engine"] = engine
    if values.get("jobs") is not None:
        changes["jobs"] = int(_number(values["jobs"], "jobs", where))
    for key in ("queries", "vocabulary"):
        if values.get(key) is not None:
            changes[key] = getattr(s, key) + tuple(
                rel(p) for p in _as_list(values[key], key, where)
            )
    return replace(s, **changes)


def load_settings(config: str | None = None, cwd: str | Path | None = None) -> Settings:
    here = Path(cwd or os.getcwd())
    s = Settings()
    path = config or os.environ.get("LITGRAPH_CONFIG")
    candidate = Path(path) if path else here / CONFIG_FILE
    if path and not candidate.is_file():
        raise ConfigError(f"the config file {candidate} does not exist")
    if candidate.is_file():
        try:
            data = tomllib.loads(candidate.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ConfigError(f"{candidate}: not valid TOML ({e})") from None
        s = _apply(s, data, str(candidate), candidate.parent)
        s = replace(
            s, config_path=str(candidate), raw=data, warnings=unknown_keys(data, str(candidate))
        )
    env = {
        "store": os.environ.get("LITGRAPH_STORE"),
        "read_timeout": os.environ.get("LITGRAPH_READ_TIMEOUT"),
        "write_timeout": os.environ.get("LITGRAPH_WRITE_TIMEOUT"),
        "queries": os.environ.get("LITGRAPH_QUERIES"),
        "vocabulary": os.environ.get("LITGRAPH_VOCABULARY"),
        "jobs": os.environ.get("LITGRAPH_JOBS"),
        "pdf_engine": os.environ.get("LITGRAPH_PDF_ENGINE"),
    }
    return _apply(s, {k: v for k, v in env.items() if v}, "environment", here)


def with_flags(s: Settings, **flags: Any) -> Settings:
    """Command-line flags win over everything; None means 'not given'."""
    return _apply(s, {k: v for k, v in flags.items() if v not in (None, ())}, "flags", Path.cwd())
