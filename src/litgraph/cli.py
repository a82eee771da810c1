"""Command-line interface: thin click commands over the library.

The only module that prints or exits. Every LitgraphError becomes one line on stderr and a
non-zero exit; there is never a traceback for a user mistake.
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import click

from . import __version__
from .config import Settings, load_settings, with_flags
from .errors import ConfigError, LitgraphError
from .render import key_values, table, to_json
from .store import GraphStore, open_store, redact


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


@click.group(cls=LitgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="litgraph")
@click.option("--store", "store_url", metavar="URL", help="embedded:PATH (default .litgraph), "
              "neo4j://HOST:7687 or bolt://HOST:7687. Env: LITGRAPH_STORE.")
@click.option("--config", "config_path", metavar="FILE", help="settings file (default ./litgraph.toml)")
@click.option("--json", "as_json", is_flag=True, help="machine-readable JSON output")
@click.option("--timeout", type=float, metavar="SECONDS", help="read query timeout")
@click.pass_context
def cli(ctx: click.Context, store_url: str | None, config_path: str | None, as_json: bool,
        timeout: float | None) -> None:
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
    import pdfminer

    report: dict[str, Any] = {
        "litgraph": __version__,
        "python": sys.version.split()[0],
        "config": ctx.settings.config_path or "(none)",
        "store": redact(ctx.settings.store),
        "neo4j driver": neo4j.__version__,
        "falkordb client": getattr(falkordb, "__version__", "installed"),
        "pdfminer.six": pdfminer.__version__,
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
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="query parameter (string; use $KEY in the query)")
@click.option("--write", is_flag=True, help="allow the query to change the graph")
@click.pass_obj
def cypher(ctx: Ctx, query: str, params: tuple[str, ...], write: bool) -> None:
    """Run a Cypher QUERY (read-only unless --write)."""
    from .store.base import require_read_only

    values = parse_params(params)
    with ctx.store() as s:
        if write:
            rows = s.write(query, values)
        else:
            require_read_only(query)
            rows = s.query(query, values)
    emit(ctx, rows, table(rows))


@cli.command("queries")
@click.option("--dir", "dirs", multiple=True, metavar="DIR", help="extra folder of .cypher files")
@click.pass_obj
def list_queries(ctx: Ctx, dirs: tuple[str, ...]) -> None:
    """List the named queries and their parameters."""
    from .queries import load_queries

    found = load_queries(ctx.settings.queries + dirs)
    data = [
        {"name": q.name, "description": q.description,
         "params": [f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "") for p in q.params]}
        for q in found.values()
    ]
    text = "\n".join(
        f"{d['name']}\n    {d['description']}" + (f"\n    params: {' '.join(d['params'])}"
                                                   if d["params"] else "")
        for d in data
    )
    emit(ctx, data, text)


@cli.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="query parameter")
@click.option("--dir", "dirs", multiple=True, metavar="DIR", help="extra folder of .cypher files")
@click.pass_obj
def run_query(ctx: Ctx, name: str, params: tuple[str, ...], dirs: tuple[str, ...]) -> None:
    """Run the named query NAME (see `litgraph queries`)."""
    from .queries import get_query

    q = get_query(name, ctx.settings.queries + dirs)
    values = q.bind(parse_params(params))
    with ctx.store() as s:
        rows = s.query(q.text_for(s.dialect), values)
    emit(ctx, rows, table(rows))


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
