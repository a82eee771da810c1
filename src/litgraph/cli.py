"""Command-line interface: thin click commands over the library.

The only module that prints or exits. Every LitgraphError becomes one line on stderr and a
non-zero exit; there is never a traceback for a user mistake.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import click

from . import __version__
from .config import PDF_ENGINES, Settings, load_settings, with_flags
from .errors import ConfigError, LitgraphError
from .present.tables import key_values, table, to_json
from .store import GraphStore, open_store, redact, require_read_only


@dataclass
class Ctx:
    settings: Settings
    as_json: bool = False

    @contextlib.contextmanager
    def store(self) -> Iterator[GraphStore]:
        with open_store(self.settings.store, **self.settings.store_options()) as s:
            yield s


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs:
        if "=" not in p:
            raise ConfigError(f"parameter {p!r} must look like key=value")
        k, v = p.split("=", 1)
        out[k.strip()] = v
    return out


def literal(text: str) -> Any:
    """`-p` values: numbers, true/false/null and JSON lists as such, anything else a string."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if isinstance(value, int | float | bool | list) or value is None else text


param_option = click.option(
    "-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
    help="a parameter, used as $KEY in the query (numbers and true/false are typed)",
)  # fmt: skip
pdf_engine_option = click.option(
    "--pdf-engine", type=click.Choice(PDF_ENGINES), help="what reads PDFs (default: pdfminer)"
)
dir_option = click.option(
    "--dir", "dirs", multiple=True, metavar="DIR", help="extra folder of .cypher files"
)


def emit(ctx: Ctx, data: Any, text: str) -> None:
    click.echo(to_json(data) if ctx.as_json else text)


class LitgraphGroup(click.Group):
    """Turns library errors into one line and exit code 1, Ctrl-C into 130."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LitgraphError as e:
            click.echo(f"litgraph: error: {e}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("litgraph: interrupted", err=True)
            ctx.exit(130)
        except OSError as e:  # a path the user gave cannot be read or written
            where = f" {e.filename}" if e.filename else ""
            click.echo(f"litgraph: error: cannot use{where}: {e.strerror or e}", err=True)
            ctx.exit(1)


@click.group(cls=LitgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litgraph")
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    help="embedded:PATH (default .litgraph), "
    "neo4j://HOST:7687 or bolt://HOST:7687. Env: LITGRAPH_STORE.",
)
@click.option(
    "--config", "config_path", metavar="FILE", help="settings file (default ./litgraph.toml)"
)
@click.option("--json", "as_json", is_flag=True, help="machine-readable JSON output")
@click.option("--timeout", type=float, metavar="SECONDS", help="read query timeout")
@click.pass_context
def cli(
    ctx: click.Context,
    store_url: str | None,
    config_path: str | None,
    as_json: bool,
    timeout: float | None,
) -> None:
    """litgraph: a literature and citation knowledge graph from a folder of papers."""
    settings = with_flags(load_settings(config_path), store=store_url, read_timeout=timeout)
    ctx.obj = Ctx(settings, as_json)


@cli.command()
@click.pass_obj
def doctor(ctx: Ctx) -> None:
    """Show the configured store, whether it can be reached, and versions."""
    import bibtexparser
    import falkordb
    import neo4j

    from .sources.pdf import engine_versions

    engines = engine_versions()
    report: dict[str, Any] = {
        "litgraph": __version__,
        "python": sys.version.split()[0],
        "config": ctx.settings.config_path or "(none)",
        "store": redact(ctx.settings.store),
        "neo4j driver": neo4j.__version__,
        "falkordb client": getattr(falkordb, "__version__", "installed"),
        "pdfminer.six": engines["pdfminer"] or "not installed",
        "pypdfium2": engines["pdfium"] or "not installed (pip install pypdfium2)",
        "pdf engine": ctx.settings.pdf_engine,
        "bibtexparser": bibtexparser.__version__,
    }
    ok = True
    try:
        with ctx.store() as s:
            report.update({f"store {k}": v for k, v in s.info().items() if k != "store"})
            report["store reachable"] = "yes"
    except LitgraphError as e:
        ok = False
        report["store reachable"] = f"no: {e}"
    emit(ctx, report, key_values(report))
    if not ok:
        sys.exit(1)


@cli.command()
@click.pass_obj
def stats(ctx: Ctx) -> None:
    """Count nodes by label and relationships by type."""
    with ctx.store() as s:
        c = s.counts()
    rows = [{"kind": "node", "name": k, "count": v} for k, v in c["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in c["relationships"].items()]
    emit(ctx, c, table(rows) if rows else "the graph is empty: run `litgraph build FOLDER` first")


@cli.command()
@click.argument("query")
@param_option
@click.option("--write", is_flag=True, help="allow the query to change the graph")
@click.pass_obj
def cypher(ctx: Ctx, query: str, params: tuple[str, ...], write: bool) -> None:
    """Run a Cypher QUERY (read-only unless --write)."""
    values = {k: literal(v) for k, v in parse_params(params).items()}
    with ctx.store() as s:
        if write:
            rows = s.write(query, values)
        else:
            require_read_only(query)
            rows = s.query(query, values)
    emit(ctx, rows, table(rows))


@cli.command("queries")
@dir_option
@click.pass_obj
def list_queries(ctx: Ctx, dirs: tuple[str, ...]) -> None:
    """List the named queries and their parameters."""
    from .ask.named import load_queries

    found = load_queries(ctx.settings.queries + dirs)
    data = [
        {
            "name": q.name,
            "description": q.description,
            "params": [
                f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "") for p in q.params
            ],
        }
        for q in found.values()
    ]
    text = "\n".join(
        f"{d['name']}\n    {d['description']}"
        + (f"\n    params: {' '.join(d['params'])}" if d["params"] else "")
        for d in data
    )
    emit(ctx, data, text)


@cli.command("query")
@click.argument("name")
@param_option
@dir_option
@click.pass_obj
def run_query(ctx: Ctx, name: str, params: tuple[str, ...], dirs: tuple[str, ...]) -> None:
    """Run the named query NAME (see `litgraph queries`)."""
    from .ask.named import get_query

    q = get_query(name, ctx.settings.queries + dirs)
    values = q.bind(parse_params(params))
    with ctx.store() as s:
        rows = s.query(q.text_for(s.dialect), values)
    emit(ctx, rows, table(rows))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--vocabulary", "vocab", multiple=True, metavar="FILE", help="extra concept vocabulary"
)
@pdf_engine_option
@click.pass_obj
def extract(ctx: Ctx, file: str, vocab: tuple[str, ...], pdf_engine: str | None) -> None:
    """Extract one FILE (PDF, text, markdown) without a store and print the record."""
    from .extract.concepts import load_vocabulary
    from .extract.document import extract_file

    engine = with_flags(ctx.settings, pdf_engine=pdf_engine).pdf_engine
    doc = extract_file(file, load_vocabulary(list(ctx.settings.vocabulary + vocab)), engine)
    emit(ctx, doc.to_json(), render_document(doc.to_json()))


def render_document(d: dict[str, Any]) -> str:
    authors = "; ".join(a["name"] for a in d["authors"]) or "(none found)"
    lines = [
        f"title:      {d['title'] or '(none found)'}",
        f"authors:    {authors}",
        f"year:       {d['year'] or ''}    doi: {d['doi'] or ''}",
        f"pages:      {d['source']['pages'] or '-'}",
        f"references: {len(d['references'])}   citations: {len(d['citations'])} "
        f"({sum(1 for c in d['citations'] if c['reference'])} linked)   "
        f"definitions: {len(d['definitions'])}",
        "concepts:   " + ", ".join(f"{c['label']} ({c['count']})" for c in d["concepts"][:12]),
    ]
    for r in d["references"][:400]:
        first = r["authors"][0]["family"] if r["authors"] else "?"
        lines.append(f"  [{r['id']}] {first} {r['year'] or 'n.d.'}: {r['title'] or r['raw'][:70]}")
    return "\n".join(lines)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--bib",
    "bibs",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="a BibTeX file to read besides the PATHS",
)
@click.option("--jobs", "-j", type=int, help="extraction processes (default: cores)")
@click.option("--strict", is_flag=True, help="exit non-zero when any file failed")
@click.option("--rebuild", is_flag=True, help="empty the store and build from scratch")
@click.option(
    "--vocabulary", "vocab", multiple=True, metavar="FILE", help="extra concept vocabulary"
)
@pdf_engine_option
@click.pass_obj
def build(
    ctx: Ctx,
    paths: tuple[str, ...],
    bibs: tuple[str, ...],
    jobs: int | None,
    strict: bool,
    rebuild: bool,
    vocab: tuple[str, ...],
    pdf_engine: str | None,
) -> None:
    """Build or update the graph from the papers under PATHS (PDF, txt, md, bib)."""
    from .pipeline import build as run_build
    from .progress import ProgressBar
    from .resolve import load_overrides

    s = with_flags(ctx.settings, jobs=jobs, pdf_engine=pdf_engine)
    overrides = load_overrides(s.config_path)
    with ctx.store() as store, ProgressBar(enabled=not ctx.as_json) as bar:
        report = run_build(
            list(paths) + list(bibs),
            store,
            jobs=s.jobs,
            rebuild=rebuild,
            vocabulary=s.vocabulary + vocab,
            overrides=overrides,
            on_progress=bar.update,
            pdf_engine=s.pdf_engine,
        )
    emit(ctx, report.to_json(), render_report(report.to_json()))
    if strict and report.failures:
        sys.exit(1)


def render_report(r: dict[str, Any]) -> str:
    n, rel = r["counts"].get("nodes", {}), r["counts"].get("relationships", {})
    out = [
        f"files: {r['files']}  extracted: {r['extracted']}  unchanged (cached): {r['cached']}  "
        f"failed: {len(r['failures'])}",
        f"graph: written {r['written']}  unchanged {r['unchanged']}  retracted {r['retracted']}"
        + (f"  recovered {r['recovered']}" if r["recovered"] else ""),
        "nodes: " + ", ".join(f"{k} {v}" for k, v in sorted(n.items())),
        "relationships: " + ", ".join(f"{k} {v}" for k, v in sorted(rel.items())),
        "time: " + ", ".join(f"{k} {v:.1f}s" for k, v in r["seconds"].items()),
    ]
    for f in r["failures"]:
        out.append(f"FAILED {f['path']}: {f['error']}")
    for w in r["warnings"][:50]:
        out.append(f"warning {w['path']}: {w['warning']}")
    return "\n".join(out)


@cli.command("resolve")
@click.option(
    "--explain",
    "explain",
    metavar="KEY",
    required=True,
    help="an author or work key, a name, or 'Family 2011'",
)
@click.argument("paths", nargs=-1, type=click.Path())
@click.pass_obj
def resolve_cmd(ctx: Ctx, explain: str, paths: tuple[str, ...]) -> None:
    """Explain why entities merged (from the documents cached in the store, or PATHS)."""
    from .ask.explain import explain_entity, explain_files

    config = ctx.settings.config_path
    if paths:  # extracted now, as a build would: no store needed
        lines = explain_files(paths, explain, config, ctx.settings.vocabulary)
    else:
        with ctx.store() as store:
            lines = explain_entity(store, explain, config)
    emit(ctx, lines, "\n".join(lines))


def _write_view(graph: Any, html: str, layout: str = "force", max_nodes: int = 300) -> str:
    from .present.html import render_html

    return str(render_html(graph, html, layout=layout, max_nodes=max_nodes))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", default=4, show_default=True, help="longest citation chain searched")
@click.option("--limit", default=10, show_default=True, help="how many concepts to list")
@click.option("--html", metavar="FILE", help="also write an interactive HTML view")
@click.pass_obj
def link(ctx: Ctx, a: str, b: str, max_hops: int, limit: int, html: str | None) -> None:
    """Which concepts link A to B (authors, works or concepts, named loosely)."""
    from .ask.link import link as ask
    from .present.answers import link_subgraph, link_text

    with ctx.store() as s:
        ans = ask(s, a, b, max_hops=max_hops, limit=limit)
    emit(ctx, ans.to_json(), link_text(ans))
    if html:
        click.echo(f"view written to {_write_view(link_subgraph(ans), html)}", err=ctx.as_json)


@cli.command()
@click.argument("concept")
@click.option("--limit", default=60, show_default=True, help="most works on the timeline")
@click.option("--html", metavar="FILE", help="also write an interactive HTML view (timeline)")
@click.pass_obj
def lineage(ctx: Ctx, concept: str, limit: int, html: str | None) -> None:
    """The history of CONCEPT: first works, definitions, citation flow, branches."""
    from .ask.lineage import lineage as ask
    from .present.answers import lineage_subgraph, lineage_text

    with ctx.store() as s:
        ans = ask(s, concept, limit=limit)
    emit(ctx, ans.to_json(), lineage_text(ans))
    if html:
        path = _write_view(lineage_subgraph(ans), html, layout="timeline")
        click.echo(f"view written to {path}", err=ctx.as_json)


@cli.command()
@click.argument("name")
@click.pass_obj
def show(ctx: Ctx, name: str) -> None:
    """A work, author or concept (key or loose name) with its neighbourhood."""
    from .ask.entities import show as ask
    from .present.answers import show_text

    with ctx.store() as s:
        ans = ask(s, name)
    emit(ctx, ans.to_json(), "\n".join(show_text(ans)))


@cli.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True)
@click.pass_obj
def find(ctx: Ctx, text: str, limit: int) -> None:
    """Fuzzy search over titles, author names and concept labels."""
    from .ask.entities import find as ask
    from .present.answers import find_rows

    with ctx.store() as s:
        ans = ask(s, text, limit)
    rows = find_rows(ans)
    emit(
        ctx,
        ans.to_json(),
        table(rows, ["kind", "label", "key", "score"]) if rows else "(nothing found)",
    )


@cli.command()
@click.option("--author", help="an author and their works")
@click.option("--work", help="a work with what it cites and what cites it")
@click.option("--concept", help="a concept with the works that use it")
@click.option("--all", "everything", is_flag=True, help="the whole graph (most connected nodes)")
@click.option(
    "--max-nodes", default=300, show_default=True, help="most nodes drawn (the most connected)"
)
@click.option("-o", "--output", required=True, metavar="FILE.html")
@click.pass_obj
def view(
    ctx: Ctx,
    author: str | None,
    work: str | None,
    concept: str | None,
    everything: bool,
    max_nodes: int,
    output: str,
) -> None:
    """Write an interactive HTML view (works offline) of part of the graph."""
    from .ask.neighbourhood import neighbourhood, whole_graph

    chosen = [x for x in (author, work, concept) if x] + (["all"] if everything else [])
    if len(chosen) != 1:
        raise ConfigError("name exactly one of --author, --work, --concept or --all")
    with ctx.store() as s:
        if everything:
            graph = whole_graph(s, max_nodes)
        else:
            kind = "author" if author else "work" if work else "concept"
            graph = neighbourhood(s, chosen[0], kind, max_nodes)
    click.echo(f"view written to {_write_view(graph, output, max_nodes=max_nodes)}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["graphml", "gexf", "json", "csv", "bibtex"]),
    help="graphml/gexf for Gephi, json, csv (two files), bibtex (the works)",
)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="FILE",
    help="where to write (csv: FILE-nodes.csv and FILE-edges.csv); - for stdout",
)
@click.option("--sources", is_flag=True, help="include Source nodes (provenance)")
@click.pass_obj
def export(ctx: Ctx, fmt: str, output: str, sources: bool) -> None:
    """Export the graph for Gephi, spreadsheets or a reference manager."""
    from .api import export_graph

    with ctx.store() as s:
        if output == "-":
            counts = export_graph(s, fmt, sys.stdout, include_sources=sources)
        else:
            counts = export_graph(s, fmt, output, include_sources=sources)
    if output != "-":
        what = ", ".join(f"{v} {k}" for k, v in counts.items())
        click.echo(f"wrote {fmt} to {output}: {what}", err=ctx.as_json)


def _raise_exit(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through context managers: the store is closed


def main() -> None:
    signal.signal(signal.SIGTERM, _raise_exit)
    try:
        cli.main(prog_name="litgraph")
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
