"""Command-line interface: thin click commands over the library.

The only module that prints or exits. Every LitgraphError becomes one line on stderr and a
non-zero exit; there is never a traceback for a user mistake.
"""

from __future__ import annotations

import contextlib
import json
import os
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
from .store import (
    GraphStore,
    open_store,
    redact,
    require_built,
    require_read_only,
    require_store_or_new,
)


@dataclass
class Ctx:
    """The global options, wherever they were typed; settings are read when first needed."""

    store_url: str | None = None
    config_path: str | None = None
    as_json: bool = False
    timeout: float | None = None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            loaded = load_settings(self.config_path)
            for w in loaded.warnings:
                click.echo(f"litgraph: warning: {w}", err=True)
            self._settings = with_flags(loaded, store=self.store_url, read_timeout=self.timeout)
        return self._settings

    @contextlib.contextmanager
    def store(self, *, create: bool = False) -> Iterator[GraphStore]:
        """Open the configured store; only commands that write may create a new one."""
        if create:
            require_store_or_new(self.settings.store)
        else:
            require_built(self.settings.store)
        with open_store(self.settings.store, **self.settings.store_options()) as s:
            yield s


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """A global option given before or after the command: the one nearest the end wins."""
    if value is not None and value is not False and param.name:
        setattr(ctx.ensure_object(Ctx), param.name, value)
    return value


def global_options() -> list[click.Parameter]:
    """--store, --config, --json, --timeout: accepted before and after every command."""
    common: dict[str, Any] = {"expose_value": False, "callback": _remember}
    return [
        click.Option(
            ["--store", "store_url"],
            metavar="URL",
            help="embedded:PATH (default .litgraph), neo4j://HOST:7687 or bolt://HOST:7687. "
            "Env: LITGRAPH_STORE.",
            **common,
        ),
        click.Option(
            ["--config", "config_path"],
            metavar="FILE",
            help="settings file (default ./litgraph.toml)",
            **common,
        ),
        click.Option(
            ["--json", "as_json"], is_flag=True, help="machine-readable JSON output", **common
        ),
        click.Option(
            ["--timeout"],
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="read query timeout",
            **common,
        ),
    ]


class LitgraphCommand(click.Command):
    """A command that also takes the global options after its name (`link A B --json`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(global_options())


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


POSITIVE = click.IntRange(min=1)
MAX_HOPS = 8  # citation chains longer than this say nothing and take long to search
MAX_VIEW_NODES = 2000  # beyond this a browser page is too slow to explore

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

    command_class = LitgraphCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LitgraphError as e:
            click.echo(f"litgraph: error: {e}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("litgraph: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:  # the reader went away (`| head -1`): not an error
            _quiet_stdout()
            ctx.exit(0)
        except OSError as e:  # a path the user gave cannot be read or written
            where = f" {e.filename}" if e.filename else ""
            click.echo(f"litgraph: error: cannot use{where}: {e.strerror or e}", err=True)
            ctx.exit(1)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """A usage mistake is one line on stderr and exit code 2, as for any other error."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]
        except click.UsageError as e:
            if e.ctx is not None and type(e).__name__ == "NoArgsIsHelpError":
                click.echo(e.ctx.get_help())  # `litgraph` alone: the help, as asked for
                sys.exit(0)
            where = e.ctx.command_path if e.ctx else "litgraph"
            click.echo(f"litgraph: error: {e.format_message()} (see `{where} --help`)", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("litgraph: interrupted", err=True)
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)


def _quiet_stdout() -> None:
    """After the reader of stdout went away, send what is left to /dev/null (no error at exit)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@click.group(
    "litgraph",
    cls=LitgraphGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    params=global_options(),
)
@click.version_option(__version__, prog_name="litgraph")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """litgraph: a literature and citation knowledge graph from a folder of papers.

    The options below also work after the command (`litgraph link A B --json`).
    """
    ctx.ensure_object(Ctx)


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
    for key, exists in (("queries", os.path.isdir), ("vocabulary", os.path.isfile)):
        for path in getattr(ctx.settings, key):
            found = exists(path)
            ok = ok and found
            report.setdefault(key, [])
            report[key].append(path if found else f"{path} (missing)")
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
    from .ask.lookup import work_labels
    from .ask.named import get_query
    from .present.tables import key_values_of, labelled

    q = get_query(name, ctx.settings.queries + dirs)
    values = q.bind(parse_params(params))
    with ctx.store() as s:
        rows = s.query(q.text_for(s.dialect), values)
        cites = {} if ctx.as_json else work_labels(s, key_values_of(rows))
    emit(ctx, rows, table(labelled(rows, {k: w.label for k, w in cites.items()})))


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
    """The record for people: what was found, empty fields left out."""
    fields = {
        "title": d["title"] or "(none found)",
        "authors": "; ".join(a["name"] for a in d["authors"]) or "(none found)",
        "year": d["year"],
        "doi": d["doi"],
        "venue": d["venue"],
        "pages": d["source"]["pages"],
        "references": len(d["references"]),
        "citations": f"{len(d['citations'])} "
        f"({sum(1 for c in d['citations'] if c['reference'])} linked to a reference)"
        if d["citations"]
        else None,
        "definitions": len(d["definitions"]) or None,
        "concepts": ", ".join(f"{c['label']} ({c['count']})" for c in d["concepts"][:12]),
    }
    lines = [key_values({k: v for k, v in fields.items() if v not in (None, "")})]
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
@click.option("--jobs", "-j", type=POSITIVE, help="extraction processes (default: cores)")
@click.option(
    "--executor",
    metavar="dask://HOST:PORT",
    help="extract on the workers of a dask.distributed cluster instead of local processes",
)
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
    executor: str | None,
    strict: bool,
    rebuild: bool,
    vocab: tuple[str, ...],
    pdf_engine: str | None,
) -> None:
    """Build or update the graph from the papers under PATHS (PDF, txt, md, bib)."""
    from .api import open_executor
    from .pipeline import build as run_build
    from .progress import ProgressBar
    from .resolve import load_overrides
    from .sources.scan import describe_unread, discover, unread_files

    s = with_flags(ctx.settings, jobs=jobs, pdf_engine=pdf_engine)
    found = discover(list(paths) + list(bibs))
    unread = unread_files(list(paths), found)
    if not found:
        why = describe_unread(unread) or "the folder is empty"
        raise ConfigError(f"nothing to build in {' '.join(paths)}: {why}")
    overrides = load_overrides(s.config_path)
    with (
        open_executor(executor) as pool,
        ctx.store(create=True) as store,
        ProgressBar(enabled=not ctx.as_json) as bar,
    ):
        report = run_build(
            list(paths) + list(bibs),
            store,
            jobs=s.jobs,
            executor=pool,
            rebuild=rebuild,
            vocabulary=s.vocabulary + vocab,
            overrides=overrides,
            on_progress=bar.update,
            pdf_engine=s.pdf_engine,
        )
    data = {**report.to_json(), "unread": [{"kind": k, "files": n} for k, n in unread.items()]}
    emit(ctx, data, render_report(data))
    if strict and report.failures:
        sys.exit(1)


def render_report(r: dict[str, Any]) -> str:
    from .sources.scan import describe_unread

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
    if r.get("unread"):
        out.append(describe_unread({u["kind"]: u["files"] for u in r["unread"]}))
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
@click.option(
    "--max-hops",
    default=4,
    show_default=True,
    type=click.IntRange(1, MAX_HOPS),
    help="longest citation chain searched",
)
@click.option(
    "--limit", default=10, show_default=True, type=POSITIVE, help="how many concepts to list"
)
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
@click.option(
    "--limit", default=60, show_default=True, type=POSITIVE, help="most works on the timeline"
)
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
@click.option(
    "--network",
    type=click.Choice(["cocitation", "coupling", "coauthorship", "citation"]),
    default="cocitation",
    show_default=True,
    help="which network to cluster",
)
@click.option("--resolution", default=1.0, show_default=True, help="higher: more, smaller clusters")
@click.option(
    "--max-nodes", default=5000, show_default=True, help="cluster the strongest members only"
)
@click.option("--html", metavar="FILE", help="also write an interactive HTML view")
@click.option(
    "--vosviewer",
    metavar="OUT",
    help="also write VOSviewer files: OUT-map.txt, OUT-network.txt, OUT.json",
)
@click.pass_obj
def clusters(
    ctx: Ctx,
    network: str,
    resolution: float,
    max_nodes: int,
    html: str | None,
    vosviewer: str | None,
) -> None:
    """Schools of thought: Leiden clusters of a network, labelled by concepts and top works."""
    from .ask.clusters import clusters as ask
    from .present.answers import clusters_subgraph, clusters_text
    from .present.vosviewer import write_vosviewer

    if resolution <= 0:
        raise ConfigError("--resolution must be a positive number (1.0 is the usual start)")
    if max_nodes < 2:
        raise ConfigError("--max-nodes must be at least 2")
    with ctx.store() as s:
        ans = ask(s, network, resolution=resolution, max_nodes=max_nodes)
    emit(ctx, ans.to_json(), clusters_text(ans))
    if html:
        click.echo(f"view written to {_write_view(clusters_subgraph(ans), html)}", err=ctx.as_json)
    if vosviewer:
        paths = write_vosviewer(ans, vosviewer)
        click.echo("VOSviewer files written: " + ", ".join(map(str, paths)), err=ctx.as_json)


@cli.command()
@click.argument("name")
@click.pass_obj
def show(ctx: Ctx, name: str) -> None:
    """A work, author or concept (key or loose name) with its neighbourhood."""
    from .ask.entities import show_all
    from .lexicon.ambiguity import all_used_note
    from .present.answers import show_text

    with ctx.store() as s:
        first, *also = show_all(s, name)
    labels = [a.works[a.key].label if a.key in a.works else a.node.get("name")
              or a.node.get("label") or a.key for a in (first, *also)]  # fmt: skip
    note = all_used_note(name, labels, "shown") if also else ""
    data = {**first.to_json(), "note": note, "also": [a.to_json() for a in also]}
    blocks = ["\n".join(show_text(a)) for a in (first, *also)]
    emit(ctx, data, "\n\n".join(([f"note: {note}"] if note else []) + blocks))


@cli.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=POSITIVE, help="most hits listed")
@click.pass_obj
def find(ctx: Ctx, text: str, limit: int) -> None:
    """Fuzzy search over titles, author names and concept labels."""
    from .ask.entities import find as ask
    from .ask.lookup import work_labels
    from .present.answers import find_rows

    with ctx.store() as s:
        ans = ask(s, text, limit)
        cites = work_labels(s, [h.key for h in ans.hits if h.kind == "work"])
    rows = find_rows(ans, {k: w.label for k, w in cites.items()})
    emit(
        ctx,
        ans.to_json(),
        table(rows, ["kind", "label", "score", "key"]) if rows else "(nothing found)",
    )


@cli.command()
@click.option("--author", help="an author and their works")
@click.option("--work", help="a work with what it cites and what cites it")
@click.option("--concept", help="a concept with the works that use it")
@click.option("--all", "everything", is_flag=True, help="the whole graph (most connected nodes)")
@click.option(
    "--max-nodes",
    default=300,
    show_default=True,
    type=click.IntRange(1, MAX_VIEW_NODES),
    help="most nodes drawn (the most connected)",
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
    # the query already chose the nodes (and noted it); the focal ones are kept even past the cap
    path = _write_view(graph, output, max_nodes=max(max_nodes, len(graph.nodes)))
    emit(ctx, {"view": path, "heading": graph.heading}, f"view written to {path}")


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

    if output == "-" and ctx.as_json and fmt != "json":
        raise ConfigError(f"--json prints JSON only: use --format json, or -o FILE for {fmt}")
    with ctx.store() as s:
        if output == "-":
            counts = export_graph(s, fmt, sys.stdout, include_sources=sources)
        else:
            counts = export_graph(s, fmt, output, include_sources=sources)
    if output != "-":
        what = ", ".join(f"{v} {k}" for k, v in counts.items())
        emit(ctx, {"format": fmt, "output": output, **counts}, f"wrote {fmt} to {output}: {what}")


def _raise_exit(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)  # unwinds through context managers: the store is closed


def main() -> None:
    signal.signal(signal.SIGTERM, _raise_exit)
    cli.main(prog_name="litgraph")


if __name__ == "__main__":
    main()
