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
