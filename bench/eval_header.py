"""Evaluate a paper's own header (title, authors, year, venue, DOI) against a gold JSONL file.

Usage: python bench/eval_header.py DIR HEADER-GOLD.jsonl [--json] [--show] [--min-year X]
       [--pdf-engine pdfminer|pdfium]

Each gold line: {"file", "title", "authors": [{"family", "given"}], "year", "venue", "doi"}.
A gold year of null means the PDF prints none: the extracted year must be null too.
Scores, in the way header evaluations of GROBID are reported:
- title: equal after folding case, accents and punctuation, or a fuzzy ratio >= 90;
- first author: the family names share a key (`Löffler` = `Loeffler`);
- authors: precision, recall and F1 of family-name keys over all files (micro average);
- year: equal (null = null); venue: fuzzy partial ratio >= 90 when gold has one; DOI: equal.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from litgraph.config import PDF_ENGINES
from litgraph.errors import ExtractionError
from litgraph.extract.document import read_source
from litgraph.extract.header import Header, extract_header
from litgraph.extract.references import split_references
from litgraph.keys import normalise_doi
from litgraph.lexicon.fold import fold
from litgraph.lexicon.names import family_key


def title_ok(got: str | None, gold: str | None) -> bool:
    if not got or not gold:
        return not got and not gold
    a, b = fold(got), fold(gold)
    return a == b or fuzz.ratio(a, b) >= 90


def venue_ok(got: str | None, gold: str | None) -> bool | None:
    if not gold:
        return None  # not scored
    if not got:
        return False
    return fuzz.partial_ratio(fold(got), fold(gold)) >= 90


def _families(people: Any) -> list[str]:
    return [family_key(p["family"] if isinstance(p, dict) else p.family) for p in people]


def header_of(pdf: Path, engine: str = "pdfminer") -> tuple[Header | None, str | None, float]:
    t0 = time.perf_counter()
    try:
        raw = read_source(str(pdf), engine)
        _, refs = split_references(raw)
        header = extract_header(raw, refs)
    except ExtractionError as exc:
        return None, exc.reason, time.perf_counter() - t0
    return header, None, time.perf_counter() - t0


def score(gold: dict[str, Any], header: Header | None) -> dict[str, Any]:
    h = header or Header()
    want, got = _families(gold.get("authors") or []), _families(h.authors)
    common = sum((Counter(want) & Counter(got)).values())
    doi = normalise_doi(h.doi) if h.doi else None
    gold_doi = normalise_doi(gold["doi"]) if gold.get("doi") else None
    return {
        "file": gold["file"],
        "title": title_ok(h.title, gold.get("title")),
        "first_author": bool(want and got and want[0] == got[0]) or (not want and not got),
        "authors_common": common,
        "authors_found": len(got),
        "authors_gold": len(want),
        "year": h.year == gold.get("year"),
        "venue": venue_ok(h.venue, gold.get("venue")),
        "doi": doi == gold_doi,
        "_got": h,
    }


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows) or 1
    common = sum(r["authors_common"] for r in rows)
    found = sum(r["authors_found"] for r in rows)
    gold = sum(r["authors_gold"] for r in rows)
    p = common / found if found else 0.0
    rc = common / gold if gold else 0.0
    venues = [r["venue"] for r in rows if r["venue"] is not None]
    return {
        "files": len(rows),
        "title": round(sum(r["title"] for r in rows) / n, 4),
        "first_author": round(sum(r["first_author"] for r in rows) / n, 4),
        "authors_precision": round(p, 4),
        "authors_recall": round(rc, 4),
        "authors_f1": round(2 * p * rc / (p + rc), 4) if p + rc else 0.0,
        "year": round(sum(r["year"] for r in rows) / n, 4),
        "venue": round(sum(venues) / len(venues), 4) if venues else None,
        "doi": round(sum(r["doi"] for r in rows) / n, 4),
    }


def _show(row: dict[str, Any], gold: dict[str, Any]) -> None:
    h: Header = row["_got"]
    marks = [k for k in ("title", "first_author", "year", "venue", "doi") if row[k] is False]
    if not marks and row["authors_common"] == row["authors_gold"] == row["authors_found"]:
        return
    print(f"--- {row['file']}  wrong: {', '.join(marks) or 'authors'}")
    print(f"    title  {h.title!r}\n      gold {gold.get('title')!r}")
    print(f"    authors {[p.family for p in h.authors]} gold {_families(gold['authors'])}")
    print(f"    year {h.year} gold {gold.get('year')}   evidence {h.evidence.get('year')}")
    if h.evidence.get("year_dropped"):
        print(f"    dropped {h.evidence['year_dropped']}")
    if "venue" in marks:
        print(f"    venue {h.venue!r} gold {gold.get('venue')!r}")
    if "doi" in marks:
        print(f"    doi {h.doi!r} gold {gold.get('doi')!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("dir", type=Path, help="folder the gold 'file' paths are relative to")
    ap.add_argument("gold", type=Path)
    ap.add_argument("--json", action="store_true", help="print the JSON summary only")
    ap.add_argument("--show", action="store_true", help="print every file with a wrong field")
    ap.add_argument("--min-year", type=float, default=0.0, help="exit 1 below this year accuracy")
    ap.add_argument("--pdf-engine", choices=PDF_ENGINES, default="pdfminer", help="what reads PDFs")
    args = ap.parse_args(argv)

    golds = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows, seconds = [], 0.0
    for g in golds:
        header, error, secs = header_of(args.dir / g["file"], args.pdf_engine)
        seconds += secs
        if error and not args.json:
            print(f"{g['file']}: ERROR {error}")
        rows.append(score(g, header))
        if args.show:
            _show(rows[-1], g)
    summary = summarise(rows)
    summary["pdf_engine"] = args.pdf_engine
    summary["seconds"] = round(seconds, 2)
    print(json.dumps(summary, indent=None if args.json else 2))
    return 1 if summary["year"] < args.min_year else 0


if __name__ == "__main__":
    sys.exit(main())
