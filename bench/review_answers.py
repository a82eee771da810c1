"""Ask the forty questions of the scholars' answer review again and print what litgraph says.

    python bench/review_answers.py [--shared ../shared] [--only L1,G9] [--width 220]

Builds four embedded stores in a temporary folder, as the review did: the demo corpus, the
seed texts of ../shared/seeds, the corpus PDFs without their BibTeX, and corpus + seeds. Then
runs each question through the CLI exactly as a user would type it and prints the answer
(long lines cut to --width). Use it to re-read the answers as a scholar would.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from litgraph.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"

# (id, store, arguments after `litgraph --store URL`)
QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("L1", "corpus", ("link", "Ostrom", "Osborne")),
    ("L2", "corpus", ("link", "Vargo", "Osborne")),
    ("L3", "corpus", ("link", "Parks", "Bovaird")),
    ("L4", "corpus", ("link", "Moore", "Osborne")),
    ("L5", "corpus", ("link", "Pestoff", "Alford")),
    ("L6", "corpus", ("link", "Whitaker", "Brudney")),
    ("L7", "corpus", ("link", "Lusch", "Radnor")),
    ("L8", "corpus", ("link", "Grönroos", "Osborne")),
    ("L9", "corpus", ("link", "Brandsen", "Nabatchi")),
    ("L10", "corpus", ("link", "co-production", "value co-creation")),
    ("L11", "corpus", ("link", "Osborne et al. 2013", "Vargo 2004")),
    ("G1", "corpus", ("lineage", "co-production")),
    ("G2", "corpus", ("lineage", "co-creation")),
    ("G3", "corpus", ("lineage", "value co-creation")),
    ("G4", "corpus", ("lineage", "public service-dominant logic")),
    ("G5", "corpus", ("lineage", "service-dominant logic")),
    ("G6", "corpus", ("lineage", "public value")),
    ("G7", "corpus", ("lineage", "co-design")),
    ("G8", "corpus", ("lineage", "citizen participation")),
    ("G9", "corpus", ("lineage", "public service logic")),
    ("G10", "corpus", ("lineage", "new public governance")),
    ("G11", "corpus", ("lineage", "service ecosystem")),
    ("G12", "corpus", ("lineage", "value co-destruction")),
    ("G13", "corpus", ("lineage", "SERVICE framework")),
    ("G14", "corpus", ("lineage", "enhanced co-production")),
    ("G15", "seeds", ("lineage", "co-production")),
    ("G16", "pdf-only", ("lineage", "co-production")),
    ("S1", "corpus", ("show", "Osborne, S.")),
    ("S2", "corpus", ("show", "Bovaird 2007")),
    ("S3", "corpus", ("show", "Ostrom 1972")),
    ("S4", "corpus", ("show", "public service-dominant logic")),
    ("S5", "corpus", ("find", "service dominant")),
    ("Q1", "corpus", ("query", "most_cited")),
    ("Q2", "corpus", ("query", "co_citation")),
    ("Q3", "corpus", ("query", "bibliographic_coupling")),
    ("Q4", "seeds", ("query", "read_next")),
    ("Q5", "corpus", ("query", "citing_both", "-p", "a=ostrom 1972", "-p", "b=vargo 2004")),
    ("Q6", "corpus", ("query", "concept_works", "-p", "concept=value co-creation")),
    ("Q7", "corpus", ("query", "coauthorship")),
    ("Q8", "corpus", ("query", "concept_cooccurrence")),
)


def build_stores(root: Path, shared: Path, needed: set[str]) -> dict[str, str]:
    """The review's stores (only those some chosen question needs), as store URLs."""
    pdf_only = root / "pdf-only"
    pdf_only.mkdir()
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf")):
        shutil.copy(pdf, pdf_only / pdf.name)
    folders = {
        "corpus": [str(CORPUS)],
        "seeds": [str(shared / "seeds")],
        "pdf-only": [str(pdf_only)],
        "both": [str(CORPUS), str(shared / "seeds")],
    }
    urls = {}
    for name in sorted(needed):
        url = f"embedded:{root / (name + '-store')}"
        r = CliRunner().invoke(cli, ["--store", url, "build", *folders[name]])
        if r.exit_code != 0:
            sys.exit(f"building the {name} store failed:\n{r.output}")
        urls[name] = url
    return urls


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--only", default="", help="comma-separated question ids (L1,G9,...)")
    ap.add_argument("--width", type=int, default=220, help="cut longer lines (0: never)")
    args = ap.parse_args()
    only = {q.strip().upper() for q in args.only.split(",") if q.strip()}
    chosen = [q for q in QUESTIONS if not only or q[0] in only]
    shared = Path(args.shared)
    needs_seeds = any(store in ("seeds", "both") for _, store, _ in chosen)
    if needs_seeds and not (shared / "seeds").is_dir():
        sys.exit(f"no seeds at {shared / 'seeds'}: pass --shared or choose corpus questions")
    with tempfile.TemporaryDirectory(prefix="litgraph-review-") as tmp:
        t0 = time.perf_counter()
        urls = build_stores(Path(tmp), shared, {store for _, store, _ in chosen})
        print(f"built {', '.join(urls)} in {time.perf_counter() - t0:.1f} s\n")
        for qid, store, argv in chosen:
            r = CliRunner().invoke(cli, ["--store", urls[store], *argv])
            print(f"=== {qid}  [{store}] litgraph {' '.join(argv)}")
            for line in r.output.rstrip().splitlines():
                cut = args.width and len(line) > args.width
                print(line[: args.width - 1] + "…" if cut else line)
            print()


if __name__ == "__main__":
    main()
