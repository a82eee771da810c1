"""Query latency on synthetic graphs, on the embedded store.

    python bench/bench_queries.py [--works 100000] [--cites 500000] [--store DIR] [--repeat 3]
    python bench/bench_queries.py --papers 1000,10000 [--keep DIR] [--jobs 2] [--repeat 3]

The first form generates a bare citation graph with the shape of a real one (newer works cite
older ones, a few hundred very prolific authors, the vocabulary's concepts mentioned by every
work), loads it with the store's batched upserts, and prints load rate and the latency of link
and lineage.

The second form measures libraries shaped like a real field instead: for each size N it
generates N text papers with `bench/scale_corpus.py` (citing sentences on the citations, concept
mentions, sentences crediting concepts to the works they cite) and builds them with the real
pipeline, then prints the latency of `link` (the two most-cited families: every author of
each name, so the answer grows with the library; then the two most-cited single authors),
`lineage co-production`, `show` and `most_cited` with the store open. With `--keep DIR` the
libraries and stores stay in DIR and a store already there is measured without building it
again.

Every latency is the cold first call, then the median of the repeats.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from litgraph.ask.entities import show
from litgraph.ask.lineage import lineage
from litgraph.ask.link import link
from litgraph.ask.named import get_query
from litgraph.extract.concepts import load_vocabulary
from litgraph.graph.contributions import vocabulary_contribution
from litgraph.graph.schema import SCHEMA
from litgraph.pipeline import build
from litgraph.store.embedded import EmbeddedStore

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_corpus import generate as generate_library
from scale_corpus import most_cited


def generate(n_works: int, n_cites: int, seed: int = 7) -> dict[str, list[dict]]:
    rnd = random.Random(seed)
    vocab = load_vocabulary()
    concepts = sorted(vocab.concepts)
    n_authors = max(50, n_works // 5)
    works = [
        {
            "key": f"w{i}",
            "props": {
                "title": f"Synthetic work {i}",
                "year": 1950 + i * 70 // n_works,
                "in_corpus": i % 3 == 0,
            },
        }
        for i in range(n_works)
    ]
    authors = [
        {"key": f"a:fam{i}:x", "props": {"name": f"X Fam{i}", "family": f"Fam{i}"}}
        for i in range(n_authors)
    ]
    authors += [
        {"key": "a:ostrom:e", "props": {"name": "Elinor Ostrom", "family": "Ostrom"}},
        {"key": "a:osborne:s", "props": {"name": "Stephen P. Osborne", "family": "Osborne"}},
    ]
    authored = []
    for i in range(n_works):
        for pos in range(1, rnd.randint(1, 3) + 1):
            authored.append(
                {
                    "start": f"a:fam{rnd.randrange(n_authors)}:x",
                    "end": f"w{i}",
                    "props": {"position": pos},
                }
            )
    early, late = range(0, n_works // 50), range(n_works - n_works // 50, n_works)
    for i in rnd.sample(early, 5):
        authored.append({"start": "a:ostrom:e", "end": f"w{i}", "props": {"position": 1}})
    for i in rnd.sample(late, 12):
        authored.append({"start": "a:osborne:s", "end": f"w{i}", "props": {"position": 1}})
    cites: set[tuple[int, int]] = set()
    while len(cites) < n_cites:
        a = rnd.randrange(1, n_works)
        b = int(a * rnd.random() ** 0.5)  # older works, skewed towards recent ones
        if a != b:
            cites.add((a, b))
    cites_rows = [
        {
            "start": f"w{a}",
            "end": f"w{b}",
            "props": {"count": 1, "sentences": [f"Work {a} builds on work {b}."], "pages": [1]},
        }
        for a, b in sorted(cites)
    ]
    mentions = []
    for i in range(n_works):
        for c in rnd.sample(concepts, 3):
            mentions.append(
                {
                    "start": f"w{i}",
                    "end": c,
                    "props": {"count": rnd.randint(1, 9), "attributed": False},
                }
            )
    return {
        "works": works,
        "authors": authors,
        "authored": authored,
        "cites": cites_rows,
        "mentions": mentions,
    }


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    cold = time.perf_counter() - t
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return cold, statistics.median(runs)


def library(n: int, root: Path, jobs: int, repeat: int) -> None:
    """Build (or reuse) a synthetic library of n papers and time the questions on it."""
    folder, directory = root / f"lib{n}", root / f"store{n}"
    if not (directory / "graph.rdb").exists():
        t = time.perf_counter()
        generate_library(folder, n)
        with EmbeddedStore(directory) as store:
            report = build([str(folder)], store, jobs=jobs)
        print(f"{n} papers: built in {time.perf_counter() - t:.0f} s "
              f"({len(report.failures)} failures)")  # fmt: skip
    t = time.perf_counter()
    with EmbeddedStore(directory) as store:
        opened = time.perf_counter() - t
        works = store.query("MATCH (w:Work) RETURN count(w) AS n")[0]["n"]
        cites = store.query("MATCH (:Work)-[c:CITES]->(:Work) RETURN count(c) AS n")[0]["n"]
        print(f"{n} papers: {works} works, {cites} citations; store opened in {opened:.1f} s")
        a, b = most_cited(store)
        # the same question about two single authors (their keys): a small answer
        ka, kb = most_cited(store, "key")
        q = get_query("most_cited")
        calls = {
            f"link {a} {b}": lambda: link(store, a, b),
            f"link {ka} {kb}": lambda: link(store, ka, kb),
            "lineage co-production": lambda: lineage(store, "co-production"),
            f"show {a}": lambda: show(store, a),
            "most_cited": lambda: store.query(q.text_for(store.dialect), q.bind({})),
        }
        for name, fn in calls.items():
            cold, warm = timed(fn, repeat)
            print(f"  {name:<36} cold {cold * 1000:7.0f} ms, median {warm * 1000:7.0f} ms")


def bare(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    data = generate(args.works, args.cites)
    print(
        f"generated {args.works} works, {len(data['cites'])} citations, "
        f"{len(data['authored'])} authorships, {len(data['mentions'])} mentions "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(args.store or Path(tmp) / "store")
        with EmbeddedStore(directory) as store:
            store.ensure_schema(SCHEMA)
            t = time.perf_counter()
            vc = vocabulary_contribution(load_vocabulary())
            for label, rows in vc.node_rows():
                store.upsert_nodes(label, rows)
            store.upsert_nodes("Work", data["works"], batch=10_000)
            store.upsert_nodes("Author", data["authors"], batch=10_000)
            store.upsert_relationships("AUTHORED", "Author", "Work", data["authored"], batch=10_000)
            store.upsert_relationships("CITES", "Work", "Work", data["cites"], batch=10_000)
            store.upsert_relationships(
                "MENTIONS", "Work", "Concept", data["mentions"], batch=10_000
            )
            load = time.perf_counter() - t
            n = sum(len(v) for v in data.values()) + len(vc.nodes)
            print(f"loaded {n} elements in {load:.1f} s = {n / load:,.0f} elements/s")
            cold, warm = timed(lambda: link(store, "Ostrom", "Osborne"), args.repeat)
            ans = link(store, "Ostrom", "Osborne")
            print(
                f"link Ostrom Osborne:   cold {cold * 1000:6.0f} ms, median {warm * 1000:6.0f} ms "
                f"({len(ans.concepts)} concepts, {len(ans.chains)} chains)"
            )
            cold, warm = timed(lambda: lineage(store, "co-production"), args.repeat)
            lin = lineage(store, "co-production")
            print(
                f"lineage co-production: cold {cold * 1000:6.0f} ms, median {warm * 1000:6.0f} ms "
                f"({len(lin.used_by)} works use it, {len(lin.flow)} flows shown)"
            )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--works", type=int, default=100_000)
    ap.add_argument("--cites", type=int, default=500_000)
    ap.add_argument("--store", help="store directory (default: a temporary one)")
    ap.add_argument("--papers", help="library sizes, e.g. 1000,10000 (instead of the bare graph)")
    ap.add_argument("--keep", type=Path, help="keep the libraries and their stores here")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes for a build")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.papers:
        bare(args)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for n in (int(x) for x in args.papers.split(",")):
            library(n, root, args.jobs, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
