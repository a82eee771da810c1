"""Evaluate PDF reading + reference extraction against a gold JSONL file.

Usage: python bench/eval_extraction.py DIR GOLD.jsonl [--min-f1 X] [--json] [--show N]
       [--refs-xml XMLDIR] [--fields-show FIELD] [--citation-gold FILE] [--citation-root DIR]
       [--pdf-engine pdfminer|pdfium]

A reference matches a gold entry when the normalised first-author family name and the year
agree (one-to-one, greedy). Gold entries without a surname (corporate authors) match on the
year alone after the named ones. Also counts the in-text citations and the share linked to a
reference entry, and times bare pdfminer `extract_text` on the same files.

Per-field reference F1 (authors, title, year, container, volume, pages, DOI) is scored against
the segmented XML gold (DIR/refs-xml/<file>.xml, one tagged entry a line; see ref_fields.py).
Citation-linking precision and recall are scored against the hand-made citation gold
(bench/citation_gold.jsonl, paths relative to DIR's parent; see citation_links.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from citation_links import evaluate as evaluate_links
from rapidfuzz import fuzz
from ref_fields import FieldCounts, misses, score_file
from ref_fields import read_gold as read_xml_gold

from litgraph.config import PDF_ENGINES
from litgraph.errors import ExtractionError
from litgraph.extract.citations import find_citations
from litgraph.extract.references import split_references
from litgraph.lexicon.fold import fold
from litgraph.lexicon.names import family_key
from litgraph.model import Reference
from litgraph.sources.pdf import read_pdf


def _gold_year(value: Any) -> int | None:
    m = re.search(r"\d{4}", str(value or ""))
    return int(m.group(0)) if m else None


def _surname_key(value: Any) -> str:
    if not value:
        return ""
    return family_key(str(value).strip(" ,.;"))


def _title_ok(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    return fa == fb or fuzz.ratio(fa, fb) >= 90


def match(gold: list[dict[str, Any]], refs: tuple[Reference, ...]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of gold entries to extracted references."""
    keys = [(family_key(r.authors[0].family) if r.authors else "", r.year) for r in refs]
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    order = sorted(range(len(gold)), key=lambda i: not gold[i].get("first_author_surname"))
    for gi in order:
        g = gold[gi]
        gk, gy = _surname_key(g.get("first_author_surname")), _gold_year(g.get("year"))
        best = None
        for ri, (rk, ry) in enumerate(keys):
            if ri in used or ry != gy:
                continue
            if gk and rk != gk:
                continue
            if best is None or (_title_ok(refs[ri].title, g.get("title"))):
                best = ri
                if _title_ok(refs[ri].title, g.get("title")):
                    break
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def evaluate_file(
    pdf: Path, gold: list[dict[str, Any]], engine: str = "pdfminer"
) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        raw = read_pdf(str(pdf), engine=engine)
        body, refs = split_references(raw)
        pages, error = len(raw.pages), None
    except ExtractionError as exc:
        body, refs, pages, error = (), (), 0, exc.reason
    seconds = time.perf_counter() - t0
    citations = find_citations(body, refs)  # linking: how many in-text citations find an entry
    pairs = match(gold, refs)
    titles = sum(1 for gi, ri in pairs if _title_ok(refs[ri].title, gold[gi].get("title")))
    return {
        "file": pdf.name,
        "gold": len(gold),
        "found": len(refs),
        "matched": len(pairs),
        "titles_ok": titles,
        "citations": len(citations),
        "linked": sum(1 for c in citations if c.reference),
        "pages": pages,
        "seconds": seconds,
        "error": error,
        "_refs": refs,
        "_pairs": pairs,
    }


def _prf(m: int, found: int, gold: int) -> tuple[float, float, float]:
    p = m / found if found else 0.0
    r = m / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bare_pdfminer(files: list[Path]) -> float:
    from pdfminer.high_level import extract_text

    t0 = time.perf_counter()
    for f in files:
        try:
            extract_text(str(f))
        except Exception:  # broken files just count their time
            pass
    return time.perf_counter() - t0


def _show(res: dict[str, Any], gold: list[dict[str, Any]]) -> None:
    refs: tuple[Reference, ...] = res["_refs"]
    got_g = {gi for gi, _ in res["_pairs"]}
    got_r = {ri for _, ri in res["_pairs"]}
    for gi, g in enumerate(gold):
        if gi not in got_g:
            name, year = g.get("first_author_surname"), g.get("year")
            print(f"    MISSED gold: {name} {year} | {g['raw'][:110]}")
    for ri, r in enumerate(refs):
        if ri not in got_r:
            fam = r.authors[0].family if r.authors else None
            print(f"    EXTRA  ours: {fam} {r.year} | {r.raw[:110]}")


def _print_tables(summary: dict[str, Any]) -> None:
    if "fields" in summary:
        print("reference fields     P      R      F1   (gold)")
        for name, v in summary["fields"].items():
            print(f"  {name:14} {v['p']:.3f}  {v['r']:.3f}  {v['f1']:.3f}  ({v['gold']})")
    if "citation_links" in summary:
        c = summary["citation_links"]
        print(
            f"citation links: P {c['precision']:.3f} R {c['recall']:.3f} "
            f"({c['links_correct']} correct of {c['links_predicted']} predicted, "
            f"{c['gold_linkable']} linkable in gold)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path, help="folder the gold 'file' paths are relative to")
    ap.add_argument("gold", type=Path)
    ap.add_argument("--min-f1", type=float, default=0.0)
    ap.add_argument("--json", action="store_true", help="print a JSON summary only")
    ap.add_argument("--show", type=int, default=0, help="print misses for the N worst files")
    ap.add_argument("--no-bare", action="store_true", help="skip timing bare pdfminer")
    ap.add_argument("--refs-xml", type=Path, help="segmented gold folder (default DIR/refs-xml)")
    ap.add_argument("--fields-show", default="", help="print the misses of one field")
    ap.add_argument(
        "--citation-gold",
        type=Path,
        default=Path(__file__).with_name("citation_gold.jsonl"),
        help="hand-made citation gold (JSONL)",
    )
    ap.add_argument("--citation-root", type=Path, help="folder its paths are relative to")
    ap.add_argument("--show-links", action="store_true", help="print missed and wrong links")
    ap.add_argument("--pdf-engine", choices=PDF_ENGINES, default="pdfminer", help="what reads PDFs")
    args = ap.parse_args(argv)
    xml_dir = args.refs_xml or args.dir / "refs-xml"
    fields = FieldCounts()

    golds = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    results, files = [], []
    for g in golds:
        pdf = args.dir / g["file"]
        files.append(pdf)
        res = evaluate_file(pdf, g["references"], args.pdf_engine)
        results.append((res, g["references"]))
        xml = xml_dir / (pdf.stem + ".xml")
        if xml.is_file():
            seg = read_xml_gold(xml)
            fields.add(score_file(seg, res["_refs"]))
            if args.fields_show:
                for line in misses(seg, res["_refs"], args.fields_show):
                    print(f"  {pdf.name} {args.fields_show}: {line}")
        if not args.json:
            p, r, f = _prf(res["matched"], res["found"], res["gold"])
            err = f"  ERROR {res['error']}" if res["error"] else ""
            print(
                f"{pdf.name:24} gold {res['gold']:3} found {res['found']:3} match "
                f"{res['matched']:3}  P {p:.2f} R {r:.2f} F1 {f:.2f}  {res['seconds']:.2f}s{err}"
            )
    m = sum(r["matched"] for r, _ in results)
    found = sum(r["found"] for r, _ in results)
    gold_n = sum(r["gold"] for r, _ in results)
    p, r, f1 = _prf(m, found, gold_n)
    secs = sum(x["seconds"] for x, _ in results)
    pages = sum(x["pages"] for x, _ in results) or 1
    bare = 0.0 if args.no_bare else bare_pdfminer(files)
    summary: dict[str, Any] = {
        "pdf_engine": args.pdf_engine,
        "files": len(results),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "title_accuracy": round(sum(x["titles_ok"] for x, _ in results) / m, 4) if m else 0.0,
        "citations": sum(x["citations"] for x, _ in results),
        "citations_linked": round(
            sum(x["linked"] for x, _ in results) / max(1, sum(x["citations"] for x, _ in results)),
            4,
        ),
        "mean_abs_count_error": round(
            sum(abs(x["found"] - x["gold"]) for x, _ in results) / max(1, len(results)), 2
        ),
        "seconds": round(secs, 2),
        "seconds_per_page": round(secs / pages, 4),
        "bare_pdfminer_seconds": round(bare, 2),
        "ratio_vs_bare": round(secs / bare, 3) if bare else None,
    }
    if sum(fields.gold.values()):
        summary["fields"] = fields.scores()
    if args.citation_gold.is_file():
        root = args.citation_root or args.dir.parent
        links = evaluate_links(args.citation_gold, root, args.show_links, args.pdf_engine)
        summary["citation_links"] = links.summary()
    if args.show:
        worst = sorted(results, key=lambda x: _prf(x[0]["matched"], x[0]["found"], x[0]["gold"])[2])
        for res, gold in worst[: args.show]:
            print(f"--- {res['file']}")
            _show(res, gold)
    if not args.json:
        _print_tables(summary)
    print(json.dumps(summary, indent=None if args.json else 2))
    return 1 if f1 < args.min_f1 else 0


if __name__ == "__main__":
    sys.exit(main())
