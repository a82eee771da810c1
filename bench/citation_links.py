"""Citation linking against hand-made gold: every in-text citation -> the entry it points to.

The gold (bench/citation_gold.jsonl) holds one compact record per in-text citation, written by
reading the documents: {"doc": path under the shared data folder, "page": n, "cited": [first
family name(s) as cited], "year": "2008a", "ref": [first author's family name, "2008a"] or null
when the reference list has no entry for it}. No text of the documents is kept.

A predicted link is (page, the linked entry's first-author family key, its year and suffix). It
is correct when a gold record of the same page points to the same family and year (each gold
record used once). Precision divides by all predicted links, recall by the linkable gold
records (those with a `ref`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litgraph.errors import ExtractionError
from litgraph.extract.document import extract_raw, read_source
from litgraph.lexicon.names import family_key

Key = tuple[int, str, str]


@dataclass
class LinkScore:
    docs: int = 0
    predicted: int = 0
    linkable: int = 0
    correct: int = 0
    citations_found: int = 0
    gold_records: int = 0

    def summary(self) -> dict[str, Any]:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.correct / self.linkable if self.linkable else 0.0
        return {
            "docs": self.docs,
            "gold_citations": self.gold_records,
            "gold_linkable": self.linkable,
            "citations_found": self.citations_found,
            "links_predicted": self.predicted,
            "links_correct": self.correct,
            "precision": round(p, 4),
            "recall": round(r, 4),
        }


def _key(page: int | None, family: str, year: str) -> Key:
    return (page or 0, family_key(family), year)


def read_gold(path: Path) -> dict[str, list[dict[str, Any]]]:
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            by_doc.setdefault(rec["doc"], []).append(rec)
    return by_doc


def predicted_links(path: Path, pdf_engine: str = "pdfminer") -> tuple[list[Key], int]:
    """(the links our extraction makes, the number of citations it finds)."""
    doc = extract_raw(read_source(str(path), pdf_engine))
    refs = {r.id: r for r in doc.references}
    out = []
    for c in doc.citations:
        ref = refs.get(c.reference or "")
        if ref is None:
            continue
        family = ref.authors[0].family if ref.authors else ""
        year = f"{ref.year or ''}{ref.year_suffix if ref.year else ''}"
        out.append(_key(c.page, family, year))
    return out, len(doc.citations)


def evaluate(
    gold_path: Path, root: Path, show: bool = False, pdf_engine: str = "pdfminer"
) -> LinkScore:
    score = LinkScore()
    for name, records in read_gold(gold_path).items():
        path = root / name
        try:
            links, found = predicted_links(path, pdf_engine)
        except ExtractionError as exc:
            print(f"citation gold: cannot read {name}: {exc.reason}")
            continue
        gold = Counter(_key(r["page"], r["ref"][0], str(r["ref"][1])) for r in records if r["ref"])
        pred = Counter(links)
        correct = sum((gold & pred).values())
        score.docs += 1
        score.gold_records += len(records)
        score.linkable += sum(gold.values())
        score.predicted += sum(pred.values())
        score.correct += correct
        score.citations_found += found
        if show:
            print(f"--- {name}: gold {sum(gold.values())} predicted {sum(pred.values())}")
            for k, n in sorted((gold - pred).items()):
                print(f"    MISSED link p{k[0]} -> {k[1]} {k[2]} x{n}")
            for k, n in sorted((pred - gold).items()):
                print(f"    WRONG  link p{k[0]} -> {k[1]} {k[2]} x{n}")
    return score
