"""Clusters as VOSviewer files (van Eck & Waltman's VOSviewer manual, "map and network files"
and "JSON files"):

- `OUT-map.txt`: tab-separated, a header row, one item per line: `id` (a positive integer),
  `label`, `description`, `cluster` (a positive integer), `weight<Links>`,
  `weight<Total link strength>`, `weight<Citations>`, `score<Avg. pub. year>` (the work's year),
  `score<Betweenness>`. No x/y columns: VOSviewer lays the map out itself.
- `OUT-network.txt`: tab-separated, no header, `id1 id2 strength` per link.
- `OUT.json`: the same map as {"network": {"items": [...], "links": [...]}}, items with
  `weights` and `scores` objects, links with `source_id`, `target_id`, `strength`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..ask.records import ClustersAnswer
from .text_safety import XML_BAD

MAP_COLUMNS = (
    "id", "label", "description", "cluster", "weight<Links>", "weight<Total link strength>",
    "weight<Citations>", "score<Avg. pub. year>", "score<Betweenness>",
)  # fmt: skip


def paths(out: str | Path) -> tuple[Path, Path, Path]:
    """`OUT` (or `OUT.txt` / `OUT.json`) -> OUT-map.txt, OUT-network.txt, OUT.json."""
    p = Path(out)
    stem = p.with_suffix("") if p.suffix.lower() in (".txt", ".json") else p
    return (stem.with_name(stem.name + "-map.txt"), stem.with_name(stem.name + "-network.txt"),
            stem.with_name(stem.name + ".json"))  # fmt: skip


def _clean(text: str) -> str:
    """One line of text, no tabs (the map file is tab-separated)."""
    return " ".join(XML_BAD.sub("", text).split())


def items(ans: ClustersAnswer) -> list[dict[str, Any]]:
    """The map's items, numbered 1.. in key order."""
    out = []
    for i, s in enumerate(ans.scores, start=1):
        w = ans.works.get(s.key)
        out.append({
            "id": i, "key": s.key, "label": _clean(ans.label(s.key)),
            "description": _clean(w.title or "") if w else "",
            "cluster": s.cluster,
            "weights": {"Links": s.links, "Total link strength": s.strength,
                        "Citations": s.citations},
            "scores": {"Avg. pub. year": s.year if s.year is not None else 0,
                       "Betweenness": s.betweenness},
        })  # fmt: skip
    return out


def write_vosviewer(ans: ClustersAnswer, out: str | Path) -> tuple[Path, Path, Path]:
    """Write the three files; returns their paths."""
    map_path, net_path, json_path = paths(out)
    its = items(ans)
    ids = {it["key"]: it["id"] for it in its}
    with map_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(MAP_COLUMNS)
        for it in its:
            wt, sc = it["weights"], it["scores"]
            w.writerow([it["id"], it["label"], it["description"], it["cluster"], wt["Links"],
                        wt["Total link strength"], wt["Citations"], sc["Avg. pub. year"],
                        sc["Betweenness"]])  # fmt: skip
    links = [(ids[x.a], ids[x.b], x.weight) for x in ans.links if x.a in ids and x.b in ids]
    with net_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerows(links)
    data = {
        "network": {
            "items": [{k: v for k, v in it.items() if k != "key"} for it in its],
            "links": [{"source_id": a, "target_id": b, "strength": s} for a, b, s in links],
        }
    }
    with json_path.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return map_path, net_path, json_path
