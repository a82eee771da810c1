"""The resolution ledger: a change of a few files is resolved from the ledger, only where it
reaches, and the graph is the one a clean build gives; whenever the ledger cannot be trusted
(missing, out of step with the graph, a .bib involved) the whole library is resolved."""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from litgraph.ask.explain import cached_documents, explain_documents, explain_entity
from litgraph.lexicon.names import family_key
from litgraph.pipeline import build, incremental
from litgraph.resolve.around import explain_around
from litgraph.resolve.ledger import Ledger, ledger_path
from litgraph.store import GraphStore
from litgraph.store.embedded import EmbeddedStore
from test_pipeline import CORPUS, clean_dump, dump

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from scale_corpus import extra_paper, generate  # the seeded scale library


def _edit(path: Path, rnd: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    if rnd.random() < 0.5:  # a year read again differently moves the paper to another block
        path.write_text(text.replace("(19", "(20", 1), encoding="utf-8")
    else:
        path.write_text(text + "\nSee also Ostrom (1996) on co-production.\n", encoding="utf-8")


@pytest.mark.parametrize("any_store", ["embedded", "bolt"], indirect=True)
def test_a_library_changed_file_by_file_equals_a_clean_build(
    tmp_path: Path, any_store: GraphStore
) -> None:
    """A generated library with spelling variants, typos and shared classics: papers added,
    edited and deleted one at a time in a seeded random order; after every step the graph is
    the clean build's, and each step re-resolved only part of the library."""
    rnd = random.Random(5)
    pool = sorted(generate(tmp_path / "pool", 36, seed=3, refs=12))
    rnd.shuffle(pool)
    folder = tmp_path / "papers"
    folder.mkdir()
    for f in pool[:18]:
        shutil.copy(f, folder / f.name)
    first = build([str(folder)], any_store)
    assert first.regrouped is None  # a new store: the whole library
    records = 18 * 13  # each paper and its references, at least
    waiting = pool[18:]
    for step in range(8):
        present = sorted(folder.glob("*.md"))
        what = ("add", "edit", "delete", "add")[step % 4]
        if what == "add":
            f = waiting.pop()
            shutil.copy(f, folder / f.name)
        elif what == "edit":
            _edit(rnd.choice(present), rnd)
        else:
            rnd.choice(present).unlink()
        r = build([str(folder)], any_store)
        assert r.failures == []
        assert r.regrouped is not None and r.regrouped < records, f"step {step}: {what}"
        assert dump(any_store) == clean_dump(folder, tmp_path / f"clean{step}"), f"{step} {what}"


def test_a_paper_named_to_sort_first_rewrites_only_the_sources_it_touches(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = tmp_path / "papers"
    generate(folder, 40, seed=7, refs=12)
    build([str(folder)], embedded_store)
    extra_paper(folder / "aaaa-first.md", 40, seed=7)
    r = build([str(folder)], embedded_store)
    assert r.regrouped is not None
    assert r.extracted == 1 and r.written < 10  # itself and the few whose works it changed
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean")


def test_a_bib_file_among_the_changes_resolves_the_whole_library(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    """A .bib entry enriches the document of the file it describes, across sources: a change
    that involves one is resolved over the whole library."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("osborne2006.md", "osborne2010.md", "hood1991.md"):
        shutil.copy(CORPUS / "digests" / name, folder / name)
    build([str(folder)], embedded_store)
    shutil.copy(CORPUS / "psdl.bib", folder / "psdl.bib")
    r = build([str(folder)], embedded_store)
    assert r.regrouped is None
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean1")
    shutil.copy(CORPUS / "digests" / "moore1995.md", folder / "moore1995.md")
    r = build([str(folder)], embedded_store)  # psdl.bib may describe the new file
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean2")


# --- `resolve --explain` from the ledger -------------------------------------------------------


def test_explaining_from_the_ledger_says_what_the_whole_library_resolution_says(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    """Authors (loose names and keys), works (cited form, DOI, key, a corpus path and a
    reference): the lines are those of a resolution of every cached document."""
    folder = tmp_path / "papers"
    folder.mkdir()
    for f in sorted((CORPUS / "digests").glob("*.md")):
        shutil.copy(f, folder / f.name)
    build([str(folder)], embedded_store)
    path = str((folder / "osborne2006.md").resolve())
    work = explain_documents(cached_documents(embedded_store), path, None)[0].split()[0]
    author = embedded_store.query(
        "MATCH (a:Author {family: 'Osborne'}) RETURN a.key AS k ORDER BY k LIMIT 1"
    )[0]["k"]
    doi = embedded_store.query(
        "MATCH (w:Work) WHERE w.doi IS NOT NULL RETURN w.doi AS d ORDER BY d LIMIT 1"
    )[0]["d"]
    names = ["Osborne", "Stephen P. Osborne", "Ostrom", author, "Ostrom 1996", "Alford 2002",
             "Osborne et al. 2013", doi, work, path, f"{path}#r1"]  # fmt: skip
    docs = cached_documents(embedded_store)
    ledger = Ledger(ledger_path(embedded_store))
    try:
        for name in names:
            whole = explain_documents(docs, name, None)
            assert explain_around(ledger, name) == whole, name
            assert explain_entity(embedded_store, name, None) == whole, name
        for name in ("the public service", "Nobody"):  # a title phrase, a name nobody has
            assert explain_around(ledger, name) is None  # the whole library says
            assert explain_entity(embedded_store, name, None) == explain_documents(docs, name, None)
    finally:
        ledger.close()


def test_only_a_family_that_gains_or_loses_a_spelling_is_clustered_again(
    tmp_path: Path, embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A family's clusters follow from its set of spellings: a paper naming only people as
    the library already spells them clusters no family again (their counts, hence display
    names, are read again); a new spelling clusters its family again, and removing the only
    paper that spells it so does too. After each step the graph is the clean build's."""
    folder = tmp_path / "papers"
    pool = sorted(generate(folder, 12, seed=3, refs=12))
    build([str(folder)], embedded_store)
    seen: list[set[str]] = []
    real = incremental.people_after

    def spy(*args: Any) -> incremental.People:
        people = real(*args)
        seen.append(set(people.families))
        return people

    monkeypatch.setattr(incremental, "people_after", spy)
    text = pool[0].read_text(encoding="utf-8").split("\n", 1)[1]
    extra = folder / "zz-extra.md"
    extra.write_text("# Trust in the co-production of local services\n" + text, encoding="utf-8")
    build([str(folder)], embedded_store)
    assert seen == [set()]
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean1")
    ref = "Garrow, Q. Z. (2001). Trust and the new local governance. Public Money, 1, 1-9.\n"
    with_ref = text.rstrip("\n") + "\n" + ref  # one more reference, by a new Garrow
    extra.write_text("# Trust in the co-production of local services\n" + with_ref, "utf-8")
    build([str(folder)], embedded_store)
    assert seen[1] == {family_key("Garrow")}
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean2")
    extra.unlink()
    build([str(folder)], embedded_store)
    assert seen[2] == {family_key("Garrow")}
    assert dump(embedded_store) == clean_dump(folder, tmp_path / "clean3")
