"""Text rendering for people: tables and JSON (returns strings; the CLI prints them)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping):
        if "_labels" in value:
            inner = (
                value.get("title") or value.get("name") or value.get("label") or value.get("key")
            )
            return cell(f"({':'.join(value['_labels'])} {inner})", width)
        text = json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, list):
        text = ", ".join(cell(v, width) for v in value)
    elif isinstance(value, float):
        text = f"{value:.3g}"
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A plain aligned table; empty input gives '(no rows)'."""
    if not rows:
        return "(no rows)"
    cols = list(columns or rows[0].keys())
    cells = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]

    def line(vals: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    return "\n".join(out)


def key_values(pairs: Mapping[str, Any]) -> str:
    width = max((len(k) for k in pairs), default=0)
    return "\n".join(f"{k.ljust(width)}  {cell(v, 200)}" for k, v in pairs.items())


def _is_key(column: str) -> bool:
    return column == "key" or column.endswith("_key")


def key_values_of(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The values of the key columns (`key`, `a_key`, ...) of query rows."""
    return [str(v) for r in rows for c, v in r.items() if _is_key(c) and isinstance(v, str)]


def labelled(rows: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows people scan: a key column whose values have labels gets a label column in its place
    (`a_key` -> `a`: 'Parks et al. (1981)'), and the key columns move to the end."""
    if not rows:
        return []
    cols = list(rows[0].keys())
    keys = [c for c in cols if _is_key(c)]
    named = {c for c in keys if any(r.get(c) in labels for r in rows)}
    order: list[str] = []
    for c in cols:
        if c in named:
            order.append(c.removesuffix("key").rstrip("_") or "work")
        elif c not in keys:
            order.append(c)
    order += keys
    out = []
    for r in rows:
        row = {c: r.get(c) for c in cols}
        for c in named:
            row[c.removesuffix("key").rstrip("_") or "work"] = labels.get(str(r.get(c)), r.get(c))
        out.append({c: row.get(c) for c in order})
    return out
