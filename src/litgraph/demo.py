"""The end-to-end demo (`make demo`): build the shipped corpus into an embedded store, answer
the two questions, write the HTML views and say how to open them.

    python -m litgraph.demo [--corpus corpus] [--store embedded:.litgraph-demo] [--out demo-out]
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

from .ask.lineage import lineage
from .ask.link import link
from .errors import LitgraphError
from .pipeline import build
from .present.answers import lineage_subgraph, lineage_text, link_subgraph, link_text
from .present.html import render_html
from .store import open_store


def run(corpus: str, store_url: str, out: str) -> int:
    t0 = time.perf_counter()
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open_store(store_url) as store:
        report = build([corpus], store, jobs=2)
        print(f"$ litgraph --store {store_url} build {corpus}")
        print(f"built {report.files} files ({report.extracted} extracted, {report.cached} cached, "
              f"{len(report.failures)} failed) in {report.seconds['total']:.1f} s")  # fmt: skip
        for k, v in sorted(report.counts.get("nodes", {}).items()):
            print(f"  {k:8} {v}")
        for p, e in report.failures:
            print(f"  FAILED {p}: {e}")
        print(f"\n$ litgraph --store {store_url} link Ostrom Osborne")
        ans = link(store, "Ostrom", "Osborne")
        print(link_text(ans, evidence=2))
        link_html = render_html(link_subgraph(ans), out_dir / "link-ostrom-osborne.html")
        print(f"\n$ litgraph --store {store_url} lineage co-production")
        lin = lineage(store, "co-production")
        print(lineage_text(lin))
        lin_html = render_html(
            lineage_subgraph(lin), out_dir / "lineage-co-production.html", layout="timeline"
        )
    print(
        f"\nHTML views (they work offline; open them in a browser):\n  {link_html.resolve()}\n"
        f"  {lin_html.resolve()}\ne.g. xdg-open {lin_html}  (or: python -m webbrowser {lin_html})"
    )
    where = store_url.removeprefix("embedded:")
    print(f"\ndemo finished in {time.perf_counter() - t0:.1f} s; the graph stays in {where}. "
          "Next, ask it your own questions:")  # fmt: skip
    print("\n".join(f"  {line}" for line in next_steps(store_url)))
    return 0


def next_steps(store_url: str) -> list[str]:
    """The commands to type after the demo, in this folder, to question the demo's graph."""
    steps = []
    if sys.prefix != sys.base_prefix:  # running in a virtualenv: its activate script
        venv = os.path.relpath(sys.prefix)
        venv = venv if not venv.startswith("..") else sys.prefix
        steps.append(f"{'. ' + shlex.quote(venv + '/bin/activate'):<46} # puts `litgraph` on PATH")
    export = f"export LITGRAPH_STORE={shlex.quote(store_url)}"
    steps.append(f"{export:<46} # the demo's graph (or --store on each command)")
    steps += [
        "litgraph link Ostrom Osborne --html link.html",
        'litgraph show "Osborne, S."',
        'litgraph find "service dominant"',
    ]
    return steps


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m litgraph.demo", description=__doc__)
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--store", default="embedded:.litgraph-demo")
    ap.add_argument("--out", default="demo-out")
    args = ap.parse_args(argv)
    try:
        return run(args.corpus, args.store, args.out)
    except LitgraphError as e:
        print(f"litgraph demo: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
