"""Store URLs: what a URL names, checked before anything is opened or created.

`embedded:PATH` (or a bare path) names an embedded store directory; `neo4j://HOST:PORT`,
`neo4j+s://`, `neo4j+ssc://`, `bolt://`, `bolt+s://`, `bolt+ssc://` name a Neo4j server. A
typo (`embeded:x`, `bolt:/host:7687`, `neo4j//host:7687`) is an error with a suggestion, never
a new store folder named after the typo.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
SCHEMES = ("embedded", *NEO4J_SCHEMES)
DEFAULT_EMBEDDED = ".litgraph"
LOCK_FILE = "lock"  # every embedded store directory holds it (see server.py)
FORMS = "embedded:PATH, neo4j://HOST:7687 or bolt://HOST:7687"

# 'scheme:' or 'scheme//' at the start; one letter is a Windows drive, not a scheme
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+)(://|:/?|//)(.*)$", re.S)


@dataclass(frozen=True)
class StoreUrl:
    url: str  # as given, normalised ('embedded:PATH' or the server URL)
    kind: str  # 'embedded' or 'neo4j'
    path: Path | None = None  # the directory of an embedded store

    def is_built(self) -> bool:
        """True for a server, or an embedded directory a store has already been opened in."""
        return self.path is None or (self.path / LOCK_FILE).is_file()


def redact(url: str) -> str:
    """Hide a password written into a URL (`bolt://user:secret@host` -> `bolt://user:***@host`)."""
    return re.sub(r"([/:][^/:@]+):[^@/]*@", r"\1:***@", url)  # also in a mistyped URL


def _suggest(scheme: str) -> str | None:
    near = difflib.get_close_matches(scheme.lower(), SCHEMES, n=1, cutoff=0.6)
    return near[0] if near else None


def parse_store_url(url: str) -> StoreUrl:
    """Check a store URL; a typo raises ConfigError saying what was probably meant."""
    shown = redact(url)
    m = _SCHEME.match(url)
    if m:
        scheme, sep, rest = m.group(1), m.group(2), m.group(3)
        low = scheme.lower()
        if low in NEO4J_SCHEMES:
            if sep != "://" or scheme != low or not rest or rest.startswith("/"):
                fixed = f"{low}://{rest.lstrip('/')}"
                raise ConfigError(
                    f"malformed store URL {shown!r}: did you mean {redact(fixed)!r}? (use {FORMS})"
                )
            return StoreUrl(url, "neo4j")
        if low == "embedded":
            if sep != ":" and sep != ":/":  # 'embedded://x' or 'embedded//x'
                raise ConfigError(
                    f"malformed store URL {shown!r}: did you mean 'embedded:{rest}'? (use {FORMS})"
                )
            return _embedded(url[len("embedded:") :])
        near = _suggest(low)
        advice = f"use {FORMS}"
        if near:
            fixed = f"{near}:{rest}" if near == "embedded" else f"{near}://{rest.lstrip('/')}"
            advice = f"did you mean {redact(fixed)!r}? ({advice})"
        raise ConfigError(f"unknown store URL {shown!r}: {advice}")
    return _embedded(url)


def _embedded(path: str) -> StoreUrl:
    p = Path(path or DEFAULT_EMBEDDED).expanduser()
    if p.exists() and not p.is_dir():
        raise ConfigError(f"the store path {p} exists and is not a directory")
    return StoreUrl(f"embedded:{p}", "embedded", p)


def require_store_or_new(url: str) -> StoreUrl:
    """For commands that write: an embedded store goes in a new or empty folder, or one a
    store already uses, never among other files (`--store embedded:papers` by mistake)."""
    u = parse_store_url(url)
    if u.path is not None and u.path.is_dir() and not u.is_built() and any(u.path.iterdir()):
        raise ConfigError(
            f"{u.path} holds other files and no litgraph store: name a new or empty folder "
            "for the store (e.g. --store embedded:.litgraph)"
        )
    return u


def require_built(url: str) -> StoreUrl:
    """For commands that only read: a missing embedded store is an error, never created."""
    u = parse_store_url(url)
    if not u.is_built():
        raise ConfigError(f"no graph at {u.path}; build one with `litgraph build FOLDER`")
    return u
