"""The build pipeline against a real embedded store: counts, incremental rebuilds, retraction,
bad input, bib enrichment, and the seeds end to end."""

from __future__ import annotations

import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from litgraph.cli import cli
from litgraph.graph.provenance import without
from litgraph.graph.schema import KEPT_BY_ANY, KEPT_BY_SOURCES
from litgraph.model import cached_json
from litgraph.pipeline import build
from litgraph.store import GraphStore
from litgraph.store.embedded import EmbeddedStore

import pdf_fixtures as fx
from conftest import SEEDS

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DIGESTS = ("osborne2006.md", "osborne2010.md", "hood1991.md", "moore1995.md")
PDFS = ("bovaird2007.pdf",)

Dump = tuple[list[str], list[str]]


# --- helpers shared by the build tests ------------------------------------------------------


def _canon(props: dict[str, Any]) -> dict[str, Any]:
    """Properties with the (order-irrelevant) `srcs` list sorted, without a Source's record of
    its file's modification time and the token of the resolution ledger written with it (the
    same text written twice is the same graph)."""
    out = {k: v for k, v in props.items() if k not in ("mtime", "ledger")}
    if isinstance(out.get("srcs"), list):
        out["srcs"] = sorted(out["srcs"])
    return out


def dump(store: GraphStore) -> Dump:
    """Every node (labels + properties) and relationship (type, end keys, properties), sorted."""
    nodes = store.query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels = store.query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.key AS s, b.key AS e, properties(r) AS p"
    )
    n = [json.dumps([sorted(r["l"]), _canon(r["p"])], sort_keys=True) for r in nodes]
    r = [json.dumps([x["t"], x["s"], x["e"], _canon(x["p"])], sort_keys=True) for x in rels]
    return sorted(n), sorted(r)


def without_source(d: Dump, src: str) -> Dump:
    """A dump as it should look once `src` is retracted: nodes others contributed stay, and
    of the nodes no source owns, a work or mined concept stays while another source asserts a
    relationship of it, an author while a relationship reaches it."""
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for line in d[0]:
        labels, props = json.loads(line)
        if "Source" in labels and props.get("key") == src:
            continue
        if isinstance(props.get("srcs"), list) and src in props["srcs"]:
            props["srcs"] = [s for s in props["srcs"] if s != src]
            if not props["srcs"]:
                continue
        nodes[props.get("key")] = (labels, props)
    rels: list[tuple[str, str, str, dict[str, Any]]] = []
    for line in d[1]:
        rtype, start, end, props = json.loads(line)
        if src in (props.get("srcs") or []):
            props = without(props, src)  # the other sources' parts stay, combined again
        if props is not None:
            rels.append((rtype, start, end, props))
    for kept_by, tracked_only in ((KEPT_BY_SOURCES, True), (KEPT_BY_ANY, False)):
        rels = [r for r in rels if {r[1], r[2]} <= set(nodes)]
        kept = {k for r in rels if r[3].get("srcs") or not tracked_only for k in r[1:3]}
        nodes = {
            k: (labels, props) for k, (labels, props) in nodes.items()
            if "srcs" in props or k in kept or not set(labels) & set(kept_by)
        }  # fmt: skip
    rels = [r for r in rels if {r[1], r[2]} <= set(nodes)]
    return (
        sorted(json.dumps(v, sort_keys=True) for v in nodes.values()),
        sorted(json.dumps(list(r), sort_keys=True) for r in rels),
    )


def identities(nodes: list[str]) -> list[tuple[str, ...]]:
    """(labels..., key) of each node in a dump."""
    out = []
    for line in nodes:
        labels, props = json.loads(line)
        out.append((*labels, str(props.get("key"))))
    return sorted(out)


def clean_dump(folder: Path, store_dir: Path, **kw: Any) -> Dump:
    """The graph a build of `folder` into a fresh store gives."""
    with EmbeddedStore(store_dir) as s:
        r = build([str(folder)], s, **kw)
        assert r.recovered == 0 and r.retracted == 0
        return dump(s)


def work_keys(store: GraphStore) -> dict[str, dict[str, Any]]:
    rows = store.query("MATCH (w:Work) RETURN w.key AS k, properties(w) AS p")
    return {r["k"]: r["p"] for r in rows}


def cites(store: GraphStore) -> set[tuple[str, str]]:
    rows = store.query(
        "MATCH (a:Work)-[:CITES]->(b:Work) RETURN a.title AS a, b.title AS b, a.year AS ay, "
        "b.year AS by"
    )
    return {(f"{r['a']} ({r['ay']})", f"{r['b']} ({r['by']})") for r in rows}


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in DIGESTS:
        shutil.copy(CORPUS / "digests" / name, folder / name)
    for name in PDFS:
        shutil.copy(CORPUS / "pdf" / name, folder / name)
    return folder


def _work_titled(store: GraphStore, fragment: str) -> list[dict[str, Any]]:
    return [p for p in work_keys(store).values() if fragment.lower() in (p["title"] or "").lower()]


# --- first build, unchanged rebuild -----------------------------------------------------------


def test_first_build_counts_and_graph(tmp_path: Path, embedded_store: EmbeddedStore) -> None:
    folder = small_corpus(tmp_path / "papers")
    r = build([str(folder)], embedded_store)
    assert r.failures == []
    assert (r.files, r.extracted, r.cached) == (5, 5, 0)
    assert r.written == 6  # five sources plus the vocabulary
    nodes, rels = r.counts["nodes"], r.counts["relationships"]
    assert nodes["Source"] == 6
    assert nodes["Work"] >= 5 and nodes["Author"] >= 4
    assert rels["CITES"] >= 4 and rels["AUTHORED"] >= 5 and rels["DESCRIBES"] == 5
    in_corpus = [p for p in work_keys(embedded_store).values() if p["in_corpus"]]
    assert len(in_corpus) == 5
    edges = cites(embedded_store)
    assert any("New Public Governance" in a and "all seasons" in b for a, b in edges)
    assert r.seconds["extract"] > 0 and r.seconds["total"] >= r.seconds["load"]


def test_unchanged_rebuild_extracts_nothing_and_changes_nothing(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    before = dump(embedded_store)
    r = build([str(folder)], embedded_store)
    assert (r.extracted, r.written, r.retracted, r.recovered) == (0, 0, 0, 0)
    assert (r.cached, r.unchanged) == (5, 6)
    assert dump(embedded_store) == before


# --- a modified file, a deleted file ----------------------------------------------------------

ADDED = (
    "\n\nA later reading ties these doctrines to the plural state described by Osborne (2006).\n"
    "\n## References\n"
    "Osborne, S. P. (2006). The New Public Governance? Public Management Review, 8(3), "
    "377-387.\n"
)


def test_modified_file_only_that_source_is_redone(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    before = dump(embedded_store)
    changed = str((folder / "hood1991.md").resolve())
    with open(changed, "a", encoding="utf-8") as fh:
        fh.write(ADDED)
    r = build([str(folder)], embedded_store)
    assert r.failures == []
    assert (r.extracted, r.cached, r.written, r.retracted) == (1, 4, 1, 0)
    assert r.unchanged == 5
    assert any(
        "all seasons" in a and "New Public Governance" in b for a, b in cites(embedded_store)
    )
    # everything the other sources wrote is exactly as it was (their parts of shared facts too)
    after = dump(embedded_store)
    assert without_source(after, changed)[1] == without_source(before, changed)[1]
    assert after == clean_dump(folder, tmp_path / "fresh")


def test_deleted_uncited_file_is_retracted_exactly(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    before = dump(embedded_store)
    gone = folder / "osborne2010.md"  # cited by none of the other files
    key = str(gone.resolve())
    gone.unlink()
    r = build([str(folder)], embedded_store)
    assert (r.extracted, r.retracted) == (0, 1)
    # other sources are rewritten only when the resolution of a work they share changed
    assert r.written < 4
    assert not _work_titled(embedded_store, "Emerging perspectives")
    after, expected = dump(embedded_store), without_source(before, key)
    assert after[1] == expected[1]  # every other source's relationships, props included
    assert identities(after[0]) == identities(expected[0])
    assert after == clean_dump(folder, tmp_path / "fresh")


def test_deleted_cited_file_keeps_a_cited_only_work(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    (folder / "osborne2006.md").unlink()  # cited by osborne2010.md
    r = build([str(folder)], embedded_store)
    assert r.retracted == 1 and r.extracted == 0
    works = _work_titled(embedded_store, "The New Public Governance?")
    kept = [w for w in works if w["year"] == 2006]
    assert len(kept) == 1 and kept[0]["in_corpus"] is False
    assert any(a.endswith("(2010)") and b.endswith("(2006)") for a, b in cites(embedded_store))
    rows = embedded_store.query(
        "MATCH (s:Source)-[:DESCRIBES]->(w:Work {key: $k}) RETURN s.key AS s", {"k": kept[0]["key"]}
    )
    assert rows == []
    assert r.counts["nodes"]["Source"] == 5
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "fresh")


# --- bad input ----------------------------------------------------------------------------------

BAD = {
    "x.pdf": "",
    "locked.pdf": "encrypt",
    "empty.txt": "empty",
    "binary.txt": "binary",
    "broken.bib": "@article{oops,\n  title = {Unclosed brace,\n  year = 2001\n\n@book{,\n",
}


def bad_folder(tmp_path: Path) -> Path:
    folder = small_corpus(tmp_path / "papers")
    rnd = random.Random(7)
    (folder / "x.pdf").write_bytes(bytes(rnd.randrange(256) for _ in range(4000)))
    fx.encrypted_pdf(folder / "locked.pdf")
    fx.corrupt_pdf(folder / "truncated.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.bib").write_text(BAD["broken.bib"], encoding="utf-8")
    return folder


def test_bad_inputs_are_reported_and_the_rest_is_built(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = bad_folder(tmp_path)
    r = build([str(folder)], embedded_store)
    failed = {os.path.basename(p): e for p, e in r.failures}
    warned = {os.path.basename(p) for p, _ in r.warnings}
    assert {"x.pdf", "locked.pdf", "truncated.pdf", "empty.txt", "binary.txt"} <= set(failed)
    assert "broken.bib" in set(failed) | warned
    assert "encrypt" in failed["locked.pdf"].lower() or "password" in failed["locked.pdf"].lower()
    assert "empty" in failed["empty.txt"].lower()
    assert "binary" in failed["binary.txt"].lower()
    assert all(e.strip() and "Traceback" not in e for e in failed.values())
    assert r.extracted >= 5
    assert len([w for w in work_keys(embedded_store).values() if w["in_corpus"]]) >= 5


def test_strict_cli_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    store = tmp_path / "store"
    args = ["--store", f"embedded:{store}", "build", str(folder), "--jobs", "1"]
    relaxed = CliRunner().invoke(cli, args)
    assert relaxed.exit_code == 0, relaxed.output
    strict = CliRunner().invoke(cli, [*args, "--strict"])
    assert strict.exit_code != 0
    for res in (relaxed, strict):
        assert "Traceback" not in res.output
        assert res.exception is None or isinstance(res.exception, SystemExit)
    for name in ("x.pdf", "locked.pdf", "empty.txt", "binary.txt"):
        assert any(
            line.startswith("FAILED") and name in line for line in strict.output.splitlines()
        ), name


def test_litgraphignore_is_honoured(tmp_path: Path, embedded_store: EmbeddedStore) -> None:
    folder = small_corpus(tmp_path / "papers")
    (folder / "drafts").mkdir()
    shutil.copy(CORPUS / "digests" / "ostrom1972.md", folder / "drafts" / "ostrom1972.md")
    shutil.copy(CORPUS / "digests" / "lipsky1980.md", folder / "lipsky1980.md")
    (folder / "notes.tmp.md").write_text("# Scratch\n\nNothing here.\n", encoding="utf-8")
    (folder / ".litgraphignore").write_text("# local\ndrafts/\n*.tmp.md\n", encoding="utf-8")
    r = build([str(folder)], embedded_store)
    assert r.failures == [] and r.files == 6
    assert _work_titled(embedded_store, "Street-level")
    assert not [w for w in _work_titled(embedded_store, "Metropolitan") if w["in_corpus"]]


# --- a Zotero-style .bib naming files in the folder -----------------------------------------

OWN_MD = """# Draft title as typed in the manuscript

Ada Quill (2011)

## Abstract
We look at how tenants and housing officers share the upkeep of common stairwells.

## Digest
Maintenance is treated here as a joint service, in the spirit of Hood (1991).

## References
Hood, C. (1991). A public management for all seasons? Public Administration, 69(1), 3-19.
"""

BIB = """@article{quill2012,
  author = {Quill, Ada},
  title = {Stairwells as Shared Services},
  journal = {Journal of Invented Housing},
  year = {2012},
  file = {Full Text:notes/quill.md:text/markdown}
}

@article{bovaird2007,
  author = {Bovaird, Tony},
  title = {Beyond engagement and participation},
  journal = {Public Administration Review},
  year = {2007},
  file = {:bovaird2007.pdf:PDF}
}

@book{nobody2020,
  author = {Nobody, Ned},
  title = {A Record Without a File},
  year = {2020}
}
"""


def test_bib_file_field_enriches_the_document(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    (folder / "notes").mkdir()
    (folder / "notes" / "quill.md").write_text(OWN_MD, encoding="utf-8")
    (folder / "library.bib").write_text(BIB, encoding="utf-8")
    r = build([str(folder)], embedded_store)
    assert r.failures == [] and r.files == 7
    quill = _work_titled(embedded_store, "stairwell")
    assert [(w["title"], w["year"]) for w in quill] == [("Stairwells as Shared Services", 2012)]
    assert not _work_titled(embedded_store, "Draft title")
    assert len(_work_titled(embedded_store, "Beyond engagement")) == 1
    assert len(_work_titled(embedded_store, "Record Without a File")) == 1
    rows = embedded_store.query(
        "MATCH (s:Source)-[:DESCRIBES]->(w:Work {key: $k}) RETURN s.key AS s",
        {"k": quill[0]["key"]},
    )
    assert [os.path.basename(x["s"]) for x in rows] == ["quill.md"]


def test_bib_file_field_through_a_symlink(tmp_path: Path, embedded_store: EmbeddedStore) -> None:
    folder = small_corpus(tmp_path / "papers")
    (folder / "notes").mkdir()
    (folder / "notes" / "quill.md").write_text(OWN_MD, encoding="utf-8")
    (tmp_path / "link").symlink_to(folder)
    absolute = tmp_path / "link" / "notes" / "quill.md"  # as a reference manager stored it
    bib = BIB.replace("Full Text:notes/quill.md:text/markdown", str(absolute))
    (folder / "library.bib").write_text(bib, encoding="utf-8")
    build([str(folder)], embedded_store)
    quill = _work_titled(embedded_store, "stairwell")
    assert [(w["title"], w["year"]) for w in quill] == [("Stairwells as Shared Services", 2012)]
    assert quill[0]["in_corpus"] and not _work_titled(embedded_store, "Draft title")


def _die() -> None:
    os._exit(3)


def test_a_dead_extraction_worker_is_a_failure_not_a_crash(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    with ProcessPoolExecutor(max_workers=1, initializer=_die) as broken:
        r = build([str(folder)], embedded_store, executor=broken)
    assert len(r.failures) == 5
    assert all("extraction process failed" in e for _, e in r.failures)
    assert r.written == 1  # the vocabulary only
    assert r.counts["nodes"].get("Work", 0) == 0


# --- the seeds, read in place -------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not available")
def test_seeds_end_to_end(embedded_store: EmbeddedStore) -> None:
    r = build([str(SEEDS)], embedded_store)
    assert r.failures == [] and r.files == 5 and r.extracted == 5
    authors = embedded_store.query("MATCH (a:Author) RETURN a.key AS k, a.name AS n, a.family AS f")
    osborne = [a for a in authors if (a["f"] or "").lower() == "osborne"]
    assert len(osborne) == 1
    assert osborne[0]["k"].startswith("a:osborne:s")
    for a in authors:
        text = f"{a['n']} {a['f']}".lower()
        assert "et al" not in text and "xxxx" not in text, a
    n = embedded_store.query(
        "MATCH (a:Author {key: $k})-[:AUTHORED]->(w:Work) RETURN count(DISTINCT w) AS n",
        {"k": osborne[0]["k"]},
    )[0]["n"]
    assert n >= 3  # one person across the seeds' works


def test_any_executor_can_run_the_extraction(tmp_path: Path) -> None:
    """The extraction stage takes any concurrent.futures.Executor (e.g. a cluster's)."""
    from concurrent.futures import ThreadPoolExecutor

    folder = small_corpus(tmp_path / "papers")
    with ThreadPoolExecutor(max_workers=2) as pool, EmbeddedStore(tmp_path / "s1") as s:
        report = build([str(folder)], s, executor=pool)
        threaded = dump(s)
    assert report.extracted == report.files and not report.failures
    assert threaded == clean_dump(folder, tmp_path / "s2", jobs=1)


# --- a work's own facts, edits that change nothing, read-only commands -----------------------

DIVIDE = "Crossing the great divide: Coproduction, synergy, and development. World Development."


def _paper(title: str, byline: str, refs: list[str], cite: str = "Ostrom, 1996") -> str:
    return (
        f"# {title}\n\n{byline}\n\n## Abstract\nOn co-production ({cite}).\n\n"
        "## References\n" + "\n".join(refs) + "\n"
    )


def test_a_cited_works_authorship_follows_an_edit_of_the_file_that_gave_it(
    tmp_path: Path, embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one source per write: the work keeps its node while the first citing source is redone
    monkeypatch.setattr("litgraph.pipeline.writing.LOAD_BATCH", 1)
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a.md").write_text(
        _paper("Service users as partners", "Ann Reader (2010)", [f"Ostrom, E. (1996). {DIVIDE}"]),
        encoding="utf-8",
    )
    two = f"Ostrom, E., & Parks, R. B. (1996). {DIVIDE}"
    (folder / "b.md").write_text(_paper("Councils and citizens", "Ben Writer (2012)", [two]),
                                 encoding="utf-8")  # fmt: skip
    parks = "Parks, R. B. (1999). Policing neighbourhoods together. Urban Affairs Review."
    police = _paper("Police and residents", "Cy Author (2013)", [parks], "Parks, 1999")
    (folder / "c.md").write_text(police, encoding="utf-8")
    build([str(folder)], embedded_store)
    q = ("MATCH (a:Author)-[r:AUTHORED]->(w:Work {year: 1996}) "
         "RETURN a.family AS f, r.position AS p ORDER BY p")  # fmt: skip
    assert [r["f"] for r in embedded_store.query(q)] == ["Ostrom", "Parks"]  # the fuller list
    (folder / "b.md").write_text(
        _paper("Councils and citizens", "Ben Writer (2012)", [f"Ostrom, E. (1996). {DIVIDE}"]),
        encoding="utf-8",
    )
    r = build([str(folder)], embedded_store)
    assert (r.extracted, r.written) == (1, 2)  # the edited file, and the other citing one
    assert [r["f"] for r in embedded_store.query(q)] == ["Ostrom"]  # Parks stays, for 1999
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "fresh")


def test_an_edit_that_changes_no_fact_is_not_extracted_again(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = small_corpus(tmp_path / "papers")
    build([str(folder)], embedded_store)
    with open(folder / "hood1991.md", "a", encoding="utf-8") as fh:
        fh.write("\n\n")  # the file's checksum changes, what it says does not
    r = build([str(folder)], embedded_store)
    assert (r.extracted, r.written, r.unchanged) == (1, 0, 6)
    r = build([str(folder)], embedded_store)  # the new checksum was kept with the cache
    assert (r.extracted, r.cached) == (0, 5)


def test_read_only_commands_do_not_save_the_store(tmp_path: Path) -> None:
    folder = small_corpus(tmp_path / "papers")
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", f"embedded:{store}", "build", str(folder)]).exit_code == 0
    saved = (store / "graph.rdb").stat()
    for args in (["show", "Hood"], ["find", "public"], ["link", "Hood", "Osborne"],
                 ["lineage", "co-production"], ["query", "stats"]):  # fmt: skip
        out = runner.invoke(cli, ["--store", f"embedded:{store}", *args])
        assert out.exit_code == 0, out.output
    again = (store / "graph.rdb").stat()
    assert (again.st_mtime_ns, again.st_ino) == (saved.st_mtime_ns, saved.st_ino)


# --- incremental builds in any order give the clean build's graph, on every store ------------

LIBRARY = ("alford1998.md", "alford2002.md", "bovaird2012.md", "brandsen2006.md",
           "gronroos2011.md", "osborne2006.md", "osborne2010.md", "hood1991.md")  # fmt: skip


@pytest.mark.parametrize("any_store", ["embedded", "bolt", "neo4j"], indirect=True)
def test_incremental_builds_in_random_order_equal_a_clean_build(
    tmp_path: Path, any_store: GraphStore
) -> None:
    """Papers arrive one at a time in a random order, one is edited, two are deleted and one
    comes back: after each step the graph is exactly the one a clean build of the folder gives,
    and each step writes again only the sources whose works another file changed."""
    rnd = random.Random(11)
    folder = tmp_path / "papers"
    folder.mkdir()
    order = list(LIBRARY)
    rnd.shuffle(order)
    steps: list[tuple[str, str]] = [("add", n) for n in order]
    steps += [("edit", "hood1991.md"), ("delete", order[0]), ("delete", order[3]),
              ("add", order[0])]  # fmt: skip
    for i, (what, name) in enumerate(steps):
        if what == "add":
            shutil.copy(CORPUS / "digests" / name, folder / name)
        elif what == "edit":
            with open(folder / name, "a", encoding="utf-8") as fh:
                fh.write(ADDED)
        else:
            (folder / name).unlink()
        r = build([str(folder)], any_store)
        assert r.failures == []
        assert r.extracted == (0 if what == "delete" else 1)
        assert i == 0 or r.regrouped is not None  # only what the step touched was resolved
        expected = clean_dump(folder, tmp_path / f"clean{i}")
        assert dump(any_store) == expected, f"step {i}: {what} {name}"
    r = build([str(folder)], any_store)
    assert (r.extracted, r.written, r.retracted) == (0, 0, 0)


def test_documents_cached_plain_by_an_older_store_are_still_read(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    """Sources cache their documents packed; a store written before kept them as plain JSON:
    such a store is read as it is, and a build that writes every source again from those
    documents gives the clean build's graph."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in DIGESTS:
        shutil.copy(CORPUS / "digests" / name, folder / name)
    build([str(folder)], embedded_store)
    rows = embedded_store.query(
        "MATCH (s:Source) WHERE s.documents IS NOT NULL RETURN s.key AS k, s.documents AS d"
    )
    assert len(rows) == len(DIGESTS) and not any(r["d"].startswith("[") for r in rows)
    plain = [{"k": r["k"], "d": cached_json(r["d"])} for r in rows]
    assert all(p["d"].startswith("[") for p in plain)
    embedded_store.write(  # as stored before, and every source's contribution to be redone
        "UNWIND $rows AS r MATCH (s:Source {key: r.k}) SET s.documents = r.d, s.signature = ''",
        {"rows": plain},
    )
    r = build([str(folder)], embedded_store)
    assert r.extracted == 0 and r.written + r.unchanged >= len(DIGESTS)

    def unpacked(d: Dump) -> list[str]:
        out = []
        for line in d[0]:
            labels, props = json.loads(line)
            if "documents" in props:
                props["documents"] = cached_json(props["documents"])
            out.append(json.dumps([labels, props], sort_keys=True))
        return sorted(out) + d[1]

    assert unpacked(dump(embedded_store)) == unpacked(clean_dump(folder, tmp_path / "clean"))
