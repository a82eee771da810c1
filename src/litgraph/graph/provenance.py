"""One relationship per fact: how the values several sources assert are stored and combined.

A tracked relationship carries:
- `srcs`: the sources that assert it, sorted;
- `parts` (when more than one source asserts it): aligned with `srcs`, one JSON object per
  source: that source's scalar properties and, under `"_n"`, the length of each of its list
  properties (a relationship one source asserts holds just that source's values);
- the combined properties a user reads (rules in `schema.REL_RULES`): a list property is the
  sources' lists joined in `srcs` order, so each source's slice can be cut out again and its
  evidence is stored only once.

`combine` builds the stored properties from each source's values, `split` recovers each
source's values from the stored properties; both are pure and work for any relationship type
and property name. Neither Neo4j nor FalkorDB stores maps, hence the JSON strings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .schema import ALL, ANY, MAX, MIN, REL_RULES, SUM

SRCS, PARTS = "srcs", "parts"
PROVENANCE = (SRCS, PARTS)
_LENGTHS = "_n"

Part = dict[str, Any]  # one source's properties of a relationship


_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _encode(part: Mapping[str, Any]) -> str:
    out: dict[str, Any] = {}
    lengths: dict[str, int] = {}
    for k, v in part.items():
        if isinstance(v, list):
            lengths[k] = len(v)
        elif v is not None:
            out[k] = v
    out[_LENGTHS] = lengths
    return _JSON(out)


def combine_values(name: str, values: list[Any]) -> Any:
    """Several sources' values of one scalar property -> the value users read."""
    try:
        return _apply(REL_RULES.get(name), values)
    except TypeError:  # values the rule cannot combine (e.g. text summed): the first one
        return values[0]


def _apply(rule: str | None, values: list[Any]) -> Any:
    if rule == SUM:
        return sum(values)
    if rule == MIN:
        return min(values)
    if rule == MAX:
        return max(values)
    if rule == ALL:
        return all(values)
    if rule == ANY:
        return any(values)
    return values[0]  # the first source in `srcs` order


def combine(parts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Each source's properties -> the stored properties of the one relationship."""
    srcs = sorted(parts)
    if len(srcs) == 1:  # the source's own values: what every rule gives for one value
        return {SRCS: srcs, **{k: v for k, v in parts[srcs[0]].items() if v is not None}}
    out: dict[str, Any] = {SRCS: srcs, PARTS: [_encode(parts[s]) for s in srcs]}
    names = sorted({k for p in parts.values() for k, v in p.items() if v is not None})
    for name in names:
        values = [parts[s][name] for s in srcs if parts[s].get(name) is not None]
        if any(isinstance(v, list) for v in values):
            out[name] = [x for v in values if isinstance(v, list) for x in v]
        else:
            out[name] = combine_values(name, values)
    return out


def split(props: Mapping[str, Any]) -> dict[str, Part]:
    """The stored properties -> each source's properties (in `srcs` order).

    A relationship written without sources is one part under the source `""`.
    """
    srcs, encoded = props.get(SRCS), props.get(PARTS)
    if isinstance(srcs, list) and len(srcs) == 1 and encoded is None:
        return {str(srcs[0]): _own(props)}
    if not isinstance(srcs, list) or not isinstance(encoded, list) or len(srcs) != len(encoded):
        return {"": _own(props)}
    out: dict[str, Part] = {}
    offsets: dict[str, int] = {}
    for src, text in zip(srcs, encoded, strict=True):
        part: Part = json.loads(text)
        for name, n in part.pop(_LENGTHS, {}).items():
            start = offsets.get(name, 0)
            part[name] = list((props.get(name) or [])[start : start + n])
            offsets[name] = start + n
        out[src] = part
    return out


def _own(props: Mapping[str, Any]) -> Part:
    return {k: v for k, v in props.items() if k not in PROVENANCE and k != "_type"}


def without(props: Mapping[str, Any], src: str) -> dict[str, Any] | None:
    """The stored properties once `src` no longer asserts the relationship (None: none does)."""
    parts = split(props)
    parts.pop(src, None)
    return combine(parts) if parts else None


def appendix(parts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """What sources that all sort after a relationship's present ones add to it: their
    `srcs`, their encoded `parts`, each list property's items (None: none of them has it) and
    each scalar combined over them alone (`combine` of all parts = the stored properties with
    these appended, the scalars combined once more by their rules)."""
    srcs = sorted(parts)
    names = sorted({k for p in parts.values() for k, v in p.items() if v is not None})
    lists: dict[str, Any] = {}
    scalars: dict[str, Any] = {}
    for name in names:
        values = [parts[s][name] for s in srcs if parts[s].get(name) is not None]
        if any(isinstance(v, list) for v in values):
            lists[name] = [x for v in values if isinstance(v, list) for x in v]
        else:
            scalars[name] = combine_values(name, values)
    return {"first": srcs[0], "srcs": srcs, "parts": [_encode(parts[s]) for s in srcs],
            "lists": lists, "scalars": scalars}  # fmt: skip
