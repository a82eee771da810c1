"""Named Cypher queries: `.cypher` files whose leading `//` comment is their documentation.

Header format (the first comment lines of the file)::

    // Most-cited works, corpus and cited-only alike.
    // @param limit int = 20  how many works to list
    // @param min_year int = 0  ignore works before this year

The description is every comment line that is not an `@param`. Types: str, int, float, bool.
Files come from the packaged `cypher/` folder, then from extra folders (later ones win by name).
A dialect-specific variant `NAME.neo4j.cypher` or `NAME.falkordb.cypher` replaces `NAME.cypher`
on that store.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError

_PARAM = re.compile(r"^@param\s+(\w+)\s+(str|int|float|bool)(?:\s*=\s*(\S+))?\s*(.*)$")
_DIALECTS = ("neo4j", "falkordb")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str

    def coerce(self, raw: str) -> Any:
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "bool":
                if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                    raise ValueError(raw)
                return raw.lower() in ("true", "1", "yes")
        except ValueError:
            raise ConfigError(f"parameter {self.name} must be {self.type}, got {raw!r}") from None
        return raw


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    cypher: str
    path: str
    variants: tuple[tuple[str, str], ...] = ()  # (dialect, cypher)

    def text_for(self, dialect: str) -> str:
        return dict(self.variants).get(dialect, self.cypher)

    def bind(self, given: Mapping[str, str]) -> dict[str, Any]:
        """Coerce `-p key=value` strings by the declared types and fill in defaults."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared) or "none"
            raise ConfigError(
                f"query {self.name} has no parameter {', '.join(unknown)} (it takes: {names})"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.coerce(given[p.name])
            elif p.default is not None:
                out[p.name] = p.coerce(p.default)
            else:
                raise ConfigError(f"query {self.name} needs -p {p.name}=... ({p.help or p.type})")
        return out


def parse_query_file(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    desc: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("//"):
            break
        body = s[2:].strip()
        m = _PARAM.match(body)
        if m:
            params.append(Param(m[1], m[2], m[3], m[4].strip()))
        elif body.startswith("@param"):
            raise ConfigError(f"{path}: cannot read the header line {s!r}")
        elif body:
            desc.append(body)
    name = path.name.removesuffix(".cypher")
    return NamedQuery(name, " ".join(desc), tuple(params), text, str(path))


def _folders(extra: Iterable[str | Path]) -> list[Path]:
    packaged = Path(str(importlib.resources.files("litgraph.ask.cypher")))
    return [packaged, *(Path(e).expanduser() for e in extra)]


def load_queries(extra: Iterable[str | Path] = ()) -> dict[str, NamedQuery]:
    base: dict[str, NamedQuery] = {}
    variants: dict[str, dict[str, str]] = {}
    for folder in _folders(extra):
        if not folder.is_dir():
            raise ConfigError(f"the queries folder {folder} does not exist")
        for f in sorted(folder.glob("*.cypher")):
            stem = f.name.removesuffix(".cypher")
            dialect = stem.rsplit(".", 1)[-1] if "." in stem else ""
            if dialect in _DIALECTS:
                variants.setdefault(stem.rsplit(".", 1)[0], {})[dialect] = f.read_text("utf-8")
            else:
                base[stem] = parse_query_file(f)
    return {
        n: NamedQuery(q.name, q.description, q.params, q.cypher, q.path,
                      tuple(sorted(variants.get(n, {}).items())))
        for n, q in sorted(base.items())
    }  # fmt: skip


def get_query(name: str, extra: Iterable[str | Path] = ()) -> NamedQuery:
    found = load_queries(extra)
    if name not in found:
        near = [n for n in found if name.lower() in n.lower()] or list(found)
        raise ConfigError(f"no query named {name!r}; try: {', '.join(near[:12])}")
    return found[name]
