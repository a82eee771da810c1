"""Resolution of a few changed files against the ledger, as a whole-library resolution gives it.

Author clustering never looks beyond one family key, and work matching never beyond the
records that a (first author, year) block, a DOI or a long title tie together (`record_links`).
So when files are added, changed or removed, re-resolving the families their people belong to
and the record groups their records (old and new) reach gives the entities a resolution of the
whole library gives them. From the entities that changed, the ledger names the sources whose
contribution may change (those whose records point at a changed work, whose works' authors
changed, whose mined concept labels or concept first uses moved); only those are read back and
compared by signature.

`update` returns None when a change needs the whole library: a .bib file among the changes, a
file a .bib entry describes, or a work key shared with a work outside the re-resolved groups.
`record_library` writes the ledger from a whole-library resolution.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..extract.concepts import Vocabulary
from ..graph.contributions import (
    GraphWide,
    document_uses,
    mined_spellings,
    most_used_label,
    signature,
    title_concepts,
    title_uses,
)
from ..model import Document, Person, documents_from_json, unpack_text
from ..resolve import Resolution, prepare_documents
from ..resolve.authors import AuthorEntity, AuthorResolver, clean_person, entity_of, form_of
from ..resolve.ledger import (
    Ledger,
    author_from_text,
    author_text,
    stored_author_keys,
    work_from_text,
    work_text,
)
from ..resolve.prepare import bib_matches, bib_targets
from ..resolve.resolution import MatchedWorks, match_works, mentions
from ..resolve.works import (
    WorkRecord,
    distinct_keys,
    make_record,
    record_fields,
    record_links,
)
from ..store import GraphStore
from .library import read_property

KeyOf = Callable[[Person], str | None]  # a person as written -> author key
WorkOf = Callable[[WorkRecord], str]  # a record -> the key of its work


@lru_cache(maxsize=1 << 16)
def _family(p: Person) -> str | None:
    """The family key a person as written is resolved under (None: a placeholder)."""
    cleaned = clean_person(p)
    return form_of(cleaned).fkey if cleaned else None


def _source_rows(
    src: str, docs: Sequence[Document], key_of: KeyOf, work_of: WorkOf
) -> tuple[list[tuple[Any, ...]], list[tuple[str, ...]], list[list[tuple[Any, ...]]]]:
    rows, links, names = [], [], []
    for fields, people in record_fields(docs):
        pkeys = [key_of(p) for p in people]
        rec = make_record(fields, distinct_keys(pkeys))
        rows.append((src, *fields, json.dumps([[p.family, p.given] for p in people],
                     ensure_ascii=False), json.dumps(pkeys), work_of(rec)))  # fmt: skip
        links.append(record_links(rec))
        names.append([(_family(p), p.family, p.given, k) for p, k in zip(people, pkeys) if k])
    return rows, links, names


def _work_of(res: Resolution) -> WorkOf:
    def work_of(r: WorkRecord) -> str:
        return res.doc_work[r.path] if r.ref_id is None else res.ref_work[(r.path, r.ref_id)]

    return work_of


def _source_facts(
    ledger: Ledger,
    src: str,
    docs: Sequence[Document],
    views: Sequence[Document],
    res: Resolution,
    vocab: Vocabulary,
) -> None:
    ledger.put_source_facts(
        src,
        mined=[m for d in docs for m in mined_spellings(d)],
        firsts=[u for d in docs for u in document_uses(d, res, vocab)],
        scoped=[a.concept for d in docs for a in d.attributions if a.kind == "scope"],
        bibs=[m for d in views if d.kind == "bibtex" for m in bib_targets(d)],
        enriched=any("bibfile" in d.extra for d in docs),
    )


def record_library(
    ledger: Ledger,
    grouped: dict[str, list[Document]],
    views: dict[str, list[Document]],
    res: Resolution,
    wide: GraphWide,
    vocab: Vocabulary,
) -> None:
    """Write the ledger of a whole-library resolution (`grouped`: each source's prepared
    documents; `views`: its documents as extracted)."""
    key_of, work_of = res.author_of, _work_of(res)
    if key_of is None:  # only `resolve()` of the whole library knows every name's key
        raise ValueError("the ledger is written from a whole-library resolution")
    ledger.clear()
    rows: list[tuple[Any, ...]] = []
    links: list[tuple[str, ...]] = []
    names: list[list[tuple[Any, ...]]] = []
    for src in sorted(grouped):
        r, lk, nm = _source_rows(src, grouped[src], key_of, work_of)
        rows += r
        links += lk
        names += nm
        _source_facts(ledger, src, grouped[src], views.get(src, []), res, vocab)
        if len(rows) > 20_000:
            ledger.add_records(rows, links, names)
            rows, links, names = [], [], []
    ledger.add_records(rows, links, names)
    ledger.replace_works([], [(w, res.bases.get(k, k)) for k, w in res.works.items()])
    ledger.replace_authors([], res.authors.values())
    for wk, keys in wide.titles.items():
        ledger.put_firsts(f"work {wk}", title_uses({wk: keys}, res))
    ledger.index()


@dataclass
class Update:
    """What a build writes after an incremental resolution: the sources that may have changed
    (prepared documents, views, signatures), and the resolution and graph-wide values they
    read."""

    res: Resolution
    wide: GraphWide
    grouped: dict[str, list[Document]]
    views: dict[str, list[Document]]
    signatures: dict[str, str]
    regrouped: int  # records matched again


def _earliest(ledger: Ledger) -> dict[str, int]:
    rows = ledger.db.execute("SELECT concept, MIN(year) FROM firsts GROUP BY concept")
    return {c: int(y) for c, y in rows}


def _labels(ledger: Ledger, keys: Iterable[str]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sql = "SELECT key, label, COUNT(*) FROM mined WHERE key IN ({}) GROUP BY key, label"
    for key, label, n in ledger.rows(sql, keys):
        counts[key][label] = n
    return {k: most_used_label(c) for k, c in counts.items()}


def _needs_whole_library(
    ledger: Ledger, changed: dict[str, list[Document]], gone: set[str]
) -> bool:
    if any(d.kind == "bibtex" for docs in changed.values() for d in docs):
        return True
    if ledger.column("SELECT src FROM bibs WHERE src IN ({})", gone):
        return True
    if ledger.column("SELECT src FROM enriched WHERE src IN ({})", gone):
        return True
    if ledger.is_empty("bibs"):
        return False
    matches = {m for docs in changed.values() for d in docs for m in bib_matches(d)}
    return bool(ledger.column("SELECT match FROM bibs WHERE match IN ({})", matches))


def update(
    ledger: Ledger,
    store: GraphStore,
    changed: dict[str, list[Document]],
    vanished: Sequence[str],
    touched: Iterable[str],
    vocab: Vocabulary,
) -> Update | None:
    """Re-resolve what `changed` (new or changed sources: their documents' views) and
    `vanished` touch; the ledger is updated (uncommitted). None: resolve the whole library."""
    gone = set(changed) | set(vanished)
    if _needs_whole_library(ledger, changed, gone):
        return None
    earliest_before = _earliest(ledger)
    prepared = {s: prepare_documents(list(docs)) for s, docs in changed.items()}
    new_docs = [d for s in sorted(prepared) for d in prepared[s]]

    # 1. the people the changed files name, and the families whose spellings changed
    dropped = ledger.column("SELECT id FROM recs WHERE src IN ({})", gone)
    people = people_after(ledger, dropped, new_docs)
    rekeyed = _rekeyed(ledger, people.respelled) - dropped

    # 2. the record groups the old and new records reach, matched again
    g = _regroup(ledger, people, prepared, dropped, rekeyed)
    recs, old, matched = g.recs, g.old, g.matched

    # 3. which works changed; a key shared with a work outside the groups needs the whole library
    old_works = {w for _, _, w in old.values()} | ledger.column(
        "SELECT work FROM recs WHERE id IN ({})", dropped
    )
    before = {k: (b, e) for k, b, e in ledger.rows(
        "SELECT key, base, entity FROM works WHERE key IN ({})", old_works)}  # fmt: skip
    bases = set(matched.bases.values()) | {b for b, _ in before.values()}
    if ledger.column("SELECT key FROM works WHERE base IN ({})", bases) - set(before):
        return None
    after = {k: work_text(w) for k, w in matched.works.items()}
    changed_works = {k for k in set(before) | set(after)
                     if k not in before or k not in after or before[k][1] != after[k]}  # fmt: skip
    by_author = ledger.column("SELECT work FROM wauth WHERE akey IN ({})", people.changed)
    candidates = set(changed) | set(touched)
    candidates |= ledger.column(
        "SELECT src FROM recs WHERE work IN ({})", changed_works | by_author
    )
    work_of: dict[int, str] = {}
    for rec, key in zip(recs, matched.rec_keys):
        known = g.by_rec.get((rec.path, rec.ref_id))
        if known is not None:
            work_of[known] = key
            if old[known][2] != key:
                candidates.add(old[known][0])

    # 4. the ledger as it is after the change (committed only when the build has written)
    mined_keys = ledger.column("SELECT key FROM mined WHERE src IN ({})", gone)
    mined_keys |= {k for d in new_docs for k, _ in mined_spellings(d)}
    labels_before = _labels(ledger, mined_keys)
    ledger.drop_sources(sorted(gone))
    for rec_id, key in work_of.items():
        if key != old[rec_id][2] or g.new_keys[rec_id] != old[rec_id][1]:
            ledger.db.execute("UPDATE recs SET keys = ?, work = ? WHERE id = ?",
                              (g.new_keys[rec_id], key, rec_id))  # fmt: skip
    for (family, given), akey in people.respelled.items():
        ledger.db.execute("UPDATE names SET key = ? WHERE fkey = ? AND family = ? AND given = ?",
                          (akey, _family(Person(family, given)), family, given))  # fmt: skip
    for rows, links, names in g.new_rows:
        rows = [(*row[:12], _new_work(matched, row)) for row in rows]
        ledger.add_records(rows, links, names)
    ledger.replace_works(before, [(w, matched.bases[k]) for k, w in matched.works.items()])
    ledger.replace_authors(people.families, people.entities.values())
    for src in sorted(prepared):
        ledger.put_source_facts(src, [m for d in prepared[src] for m in mined_spellings(d)], (),
                                [a.concept for d in prepared[src] for a in d.attributions
                                 if a.kind == "scope"], (), False)  # fmt: skip
    labels_after = _labels(ledger, mined_keys)
    relabelled = {k for k in mined_keys if labels_before.get(k) != labels_after.get(k)}
    candidates |= ledger.column("SELECT src FROM mined WHERE key IN ({})", relabelled)
    candidates -= set(vanished)

    # 5. the candidates' documents, the resolution they read, their first uses of concepts
    out = _read(store, ledger, candidates, prepared, changed)
    if out is None:
        return None
    grouped, views = out
    res = _partial(ledger, grouped)
    titles = title_concepts(res, vocab)
    regrouped = Resolution(authors={}, works=matched.works, doc_work={}, ref_work={}, explain={})
    for wk, concepts in title_concepts(regrouped, vocab).items():
        ledger.put_firsts(f"work {wk}", title_uses({wk: concepts}, regrouped))
    for src in sorted(set(grouped) - set(prepared)):
        ledger.db.execute("DELETE FROM firsts WHERE owner = ?", (src,))
    for src in sorted(grouped):
        ledger.put_firsts(src, [u for d in grouped[src] for u in document_uses(d, res, vocab)])
    earliest = _earliest(ledger)
    moved = {c for c in set(earliest) | set(earliest_before)
             if earliest.get(c) != earliest_before.get(c)}  # fmt: skip
    more = ledger.column("SELECT src FROM scoped WHERE concept IN ({})", moved) - set(grouped)
    if more:
        extra = _read(store, ledger, more, {}, {})
        if extra is None:
            return None
        grouped.update(extra[0])
        views.update(extra[1])
        res = _partial(ledger, grouped)
        titles = title_concepts(res, vocab)
    spelled = {k for docs in grouped.values() for d in docs for k, _ in mined_spellings(d)}
    wide = GraphWide(_labels(ledger, spelled), earliest, titles)
    signatures = {src: signature(docs, res, wide) for src, docs in grouped.items()}
    return Update(res, wide, grouped, views, signatures, len(recs))


@dataclass
class Regrouped:
    """The records of the groups a change reaches, matched again."""

    recs: list[WorkRecord]  # stored and new records, in canonical order
    old: dict[int, tuple[str, str, str]]  # stored record id -> (src, stored keys, stored work)
    by_rec: dict[tuple[str, str | None], int]  # (path, reference id) -> stored record id
    new_keys: dict[int, str]  # stored record id -> its people's keys after the change
    new_rows: list[tuple[list[tuple[Any, ...]], list[tuple[str, ...]], list[list[tuple[Any, ...]]]]]
    matched: MatchedWorks


def _regroup(
    ledger: Ledger,
    people: People,
    prepared: dict[str, list[Document]],
    dropped: set[int],
    rekeyed: set[int],
) -> Regrouped:
    """Stage 2: the changed sources' records, and every stored record that the links of
    those, of the dropped records and of the records whose names moved reach, matched again
    (stored records keep their ids; their people's keys follow the families clustered
    again)."""
    new_rows = []
    seeds = ledger.column("SELECT link FROM links WHERE rec IN ({})", dropped | rekeyed)
    for src in sorted(prepared):
        rows, links, names = _source_rows(src, prepared[src], people.key_of, lambda r: "")
        new_rows.append((rows, links, names))
        seeds |= {lk for rec_links in links for lk in rec_links}
    reached = list(ledger.reach(seeds, dropped))
    group = {row[0] for row in reached}
    recs: list[WorkRecord] = []
    old: dict[int, tuple[str, str, str]] = {}
    by_rec: dict[tuple[str, str | None], int] = {}
    new_keys: dict[int, str] = {}
    respelled_people = ledger.people(rekeyed & group)
    for rec_id, src, rec, keys, work in reached:
        if rec_id in respelled_people:  # a name of it now resolves to another author
            pkeys = [k if k is None or _family(p) not in people.families else people.key_of(p)
                     for p, k in zip(respelled_people[rec_id], json.loads(keys))]  # fmt: skip
            new_keys[rec_id] = json.dumps(pkeys)
            rec = replace(rec, authors=distinct_keys(pkeys))
        else:
            new_keys[rec_id] = keys
        recs.append(rec)
        by_rec[(rec.path, rec.ref_id)] = rec_id
        old[rec_id] = (src, keys, work)
    for rows, _, _ in new_rows:
        for row in rows:
            recs.append(make_record(row[1:10], stored_author_keys(row[11])))
    recs.sort(key=WorkRecord.sort_key)
    return Regrouped(recs, old, by_rec, new_keys, new_rows, match_works(recs, explain=False))


def _new_work(matched: MatchedWorks, row: tuple[Any, ...]) -> str:
    path, rid = row[1], row[2]
    return str(matched.doc_work[path] if rid is None else matched.ref_work[(path, rid)])


Spelling = tuple[str, str]  # a person as written: (family, given)


@dataclass
class People:
    """Who the changed files name, after the change."""

    key_of: KeyOf  # for the persons the changed files name and those of `families`
    families: set[str]  # family keys clustered again: their set of spellings changed
    respelled: dict[Spelling, str | None]  # spellings of those families now under another key
    entities: dict[str, AuthorEntity]  # the authors written again
    changed: set[str]  # keys of authors whose entity changed, appeared or vanished


def people_after(ledger: Ledger, dropped: set[int], new_docs: Sequence[Document]) -> People:
    """A family's clusters and keys follow from the set of its spellings alone (forms are
    placed by specificity, keys come from the forms), so a family the change leaves with the
    same spellings keeps them: of its authors, only those whose names are counted differently
    are described again (their display name follows the counts). A family that gains or loses
    a spelling is clustered again, all of it, as a whole-library resolution clusters it."""
    new: Counter[Spelling] = Counter()
    for p, _ in mentions(new_docs):
        if _family(p):
            new[(p.family, p.given)] += 1
    old: Counter[Spelling] = Counter()
    sql = "SELECT family, given, COUNT(*) FROM names WHERE rec IN ({}) GROUP BY family, given"
    for family, given, n in ledger.rows(sql, dropped):
        old[(family, given)] += n
    held: dict[Spelling, str] = {}  # spelling -> the one author key it has in the ledger
    families: set[str] = set()
    for spelling in sorted(set(new) | set(old)):
        fkey = _family(Person(*spelling))
        rows = ledger.db.execute(
            "SELECT key, COUNT(*) FROM names WHERE fkey = ? AND family = ? AND given = ? "
            "GROUP BY key", (fkey, *spelling)).fetchall()  # fmt: skip
        times = sum(n for _, n in rows)
        if len(rows) == 1:
            held[spelling] = rows[0][0]
        if len(rows) > 1 or (times > 0) != (times - old[spelling] + new[spelling] > 0):
            families.add(str(fkey))
    before: dict[str, str] = {}
    entities: dict[str, AuthorEntity] = {}
    resolver, respelled = AuthorResolver(), dict[Spelling, str | None]()
    if families:
        before.update(ledger.rows("SELECT key, entity FROM authors WHERE fkey IN ({})", families))
        resolver, respelled = _cluster_again(ledger, families, dropped, new_docs)
        entities.update(resolver.entities())
    kept = {s: k for s, k in held.items() if _family(Person(*s)) not in families}
    counts: dict[str, Counter[Spelling]] = defaultdict(Counter)
    sql = "SELECT key, family, given, COUNT(*) FROM names WHERE key IN ({}) GROUP BY 1, 2, 3"
    for key, family, given, n in ledger.rows(sql, set(kept.values())):
        counts[key][(family, given)] += n
    for spelling, key in kept.items():
        counts[key][spelling] += new[spelling] - old[spelling]
    for key, named in counts.items():
        entities[key] = entity_of(key, [(Person(*s), n) for s, n in named.items() if n > 0])
    before.update(ledger.rows("SELECT key, entity FROM authors WHERE key IN ({})", counts))
    changed = {k for k in set(before) | set(entities)
               if k not in entities or before.get(k) != author_text(entities[k])}  # fmt: skip

    def key_of(p: Person) -> str | None:
        fkey = _family(p)
        if fkey is None:
            return None
        return resolver.key_of(p) if fkey in families else kept.get((p.family, p.given))

    return People(key_of, families, respelled, entities, changed)


def _cluster_again(
    ledger: Ledger, families: set[str], dropped: set[int], new_docs: Sequence[Document]
) -> tuple[AuthorResolver, dict[Spelling, str | None]]:
    """Every person of `families` clustered again (the ledger's names less the dropped
    records', with the changed files'), and the spellings whose key moved."""
    named: Counter[Spelling] = Counter()
    count = "SELECT family, given, COUNT(*) FROM names WHERE {} GROUP BY family, given"
    for family, given, n in ledger.rows(count.format("fkey IN ({})"), families):
        named[(family, given)] += n
    for family, given, n in ledger.rows(count.format("rec IN ({})"), dropped):
        named[(family, given)] -= n
    stored = {(f, g): k for f, g, k in ledger.rows(
        "SELECT DISTINCT family, given, key FROM names WHERE fkey IN ({})", families)
        if named[(f, g)] > 0}  # fmt: skip
    people = AuthorResolver()
    for (family, given), n in named.items():
        if n > 0:
            people.add(Person(family, given), "", n)  # where: only explanations need it
    for person, origin in mentions(new_docs):
        if _family(person) in families:
            people.add(person, origin)
    people.settle()
    respelled = {s: people.key_of(Person(*s)) for s in stored}
    return people, {s: k for s, k in respelled.items() if k != stored[s]}


def _rekeyed(ledger: Ledger, respelled: dict[tuple[str, str], str | None]) -> set[int]:
    out: set[int] = set()
    for family, given in respelled:
        rows = ledger.db.execute(
            "SELECT rec FROM names WHERE fkey = ? AND family = ? AND given = ?",
            (_family(Person(family, given)), family, given),
        )
        out |= {r[0] for r in rows}
    return out


def _read(
    store: GraphStore,
    ledger: Ledger,
    srcs: set[str],
    prepared: dict[str, list[Document]],
    changed: dict[str, list[Document]],
) -> tuple[dict[str, list[Document]], dict[str, list[Document]]] | None:
    """Prepared documents and views of `srcs` (the changed ones from memory, the others from
    the views the store keeps); None when a view is missing."""
    grouped = {s: prepared[s] for s in srcs if s in prepared}
    views = {s: changed[s] for s in srcs if s in changed}
    rest = sorted(srcs - set(grouped))
    for key, text in read_property(store, rest, "views"):
        if not text:
            return None
        views[key] = documents_from_json(unpack_text(text))
        grouped[key] = prepare_documents(list(views[key]))
    if len(grouped) != len(srcs):
        return None
    return grouped, views


def _partial(ledger: Ledger, grouped: dict[str, list[Document]]) -> Resolution:
    """The resolution restricted to what the sources in `grouped` read."""
    doc_work: dict[str, str] = {}
    ref_work: dict[tuple[str, str], str] = {}
    for path, rid, work in ledger.rows("SELECT path, rid, work FROM recs WHERE src IN ({})",
                                       grouped):  # fmt: skip
        if rid is None:
            doc_work.setdefault(path, work)
        else:
            ref_work[(path, rid)] = work
    keys = set(doc_work.values()) | set(ref_work.values())
    works = {k: work_from_text(e) for k, e in ledger.rows(
        "SELECT key, entity FROM works WHERE key IN ({})", keys)}  # fmt: skip
    akeys = {a for w in works.values() for a in w.authors}
    authors = {k: author_from_text(e) for k, e in ledger.rows(
        "SELECT key, entity FROM authors WHERE key IN ({})", akeys)}  # fmt: skip
    return Resolution(authors=authors, works=works, doc_work=doc_work, ref_work=ref_work,
                      explain={})  # fmt: skip
