"""Extracted records + resolution -> neutral batches of nodes and relationships.

Each source file contributes one `Contribution`: the nodes it needs and the relationships it
asserts. A relationship several sources contribute exists once and lists them all (`srcs`),
keeping each source's values apart (`graph.provenance`), so a changed or removed file retracts
exactly what it added. Works, mined concepts and authors are nobody's: they exist while
relationships keep them (`schema.KEPT_BY_SOURCES`). No store access here.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..extract.concepts import Vocabulary, concepts_in
from ..keys import concept_key
from ..model import Attribution, ConceptHit, Document
from ..resolve import Resolution
from .schema import (
    AUTHOR,
    AUTHORED,
    BROADER,
    CITES,
    CONCEPT,
    CREDITED,
    DEFINES,
    DESCRIBES,
    DISTINCT_FROM,
    MAX_CONTEXTS,
    MENTIONS,
    SOURCE,
    SUCCEEDED_BY,
    VOCABULARY_SOURCE,
    WORK,
)


@dataclass(frozen=True)
class RelBatch:
    type: str
    start: str  # label
    end: str
    rows: tuple[dict[str, Any], ...]


@dataclass
class Contribution:
    """What one source file adds to the graph."""

    src: str
    # nodes the source owns (listed in their `srcs`): the vocabulary's concepts
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    # nodes kept by the relationships the source asserts (works, mined concepts): no `srcs`
    kept: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    rels: dict[tuple[str, str, str], dict[tuple[str, str], dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(dict)
    )

    # facts of a work itself, the same from every source that writes the work: its authors in
    # byline order and, for a cited-only work, the vocabulary concepts its title uses
    works: dict[str, WorkFacts] = field(default_factory=dict)
    # the authors of those works: nodes that exist while a work has them as authors
    authors: dict[str, dict[str, Any]] = field(default_factory=dict)

    def node(self, label: str, key: str, props: dict[str, Any]) -> None:
        self.nodes[label][key] = props

    def kept_node(self, label: str, key: str, props: dict[str, Any]) -> None:
        self.kept[label][key] = props

    def rel(self, rtype: str, start: tuple[str, str], end: tuple[str, str]) -> dict[str, Any]:
        """The property dict of the relationship (created empty on first use)."""
        return self.rels[(rtype, start[0], end[0])].setdefault((start[1], end[1]), {})

    def node_rows(self) -> list[tuple[str, list[dict[str, Any]]]]:
        return [
            (label, [{"key": k, "props": p} for k, p in sorted(rows.items())])
            for label, rows in sorted(self.nodes.items())
        ]

    def rel_batches(self) -> list[RelBatch]:
        out = []
        for (t, s, e), rows in sorted(self.rels.items()):
            items = tuple({"start": a, "end": b, "props": p} for (a, b), p in sorted(rows.items()))
            out.append(RelBatch(t, s, e, items))
        return out

    def footprint(self) -> dict[str, Any]:
        """The keys of the nodes and the ends of the relationships it asserts, and the works'
        authors it wrote: how its retraction finds them through the key indexes instead of
        scanning the graph (a work, concept or author nothing keeps any more goes)."""
        nodes: dict[str, list[str]] = defaultdict(list)
        for group in (self.nodes, self.kept):
            for label, rows in group.items():
                nodes[label] += rows
        if self.authors:
            nodes[AUTHOR] += self.authors
        nodes = {label: sorted(set(keys)) for label, keys in sorted(nodes.items()) if keys}
        return {
            "nodes": nodes,
            "rels": sorted(
                [t, s, a, e, b] for (t, s, e), rows in self.rels.items() for (a, b) in rows
            ),
        }

    def fact_nodes(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Nodes no source owns (written without `srcs`): the works, the mined concepts and
        the works' authors."""
        groups = {label: rows for label, rows in self.kept.items() if rows}
        if self.authors:
            groups[AUTHOR] = self.authors
        return [
            (label, [{"key": k, "props": p} for k, p in sorted(rows.items())])
            for label, rows in sorted(groups.items())
        ]

    def fact_rows(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """Per relationship type, the rows setting each work's own facts (`store.set_links`)."""
        authored, titles = [], []
        for key, f in sorted(self.works.items()):
            authored.append({"anchor": key, "links": [
                {"key": a, "props": {"position": i}} for i, a in enumerate(f.authors, start=1)
            ]})  # fmt: skip
            titles.append({"anchor": key, "links": [
                {"key": c, "props": {"count": 1, "in_title": True}} for c in f.title_concepts
            ]})  # fmt: skip
        return [(AUTHORED, authored), (MENTIONS, titles)]

    def fingerprint(self) -> str:
        data = [
            self.node_rows(),
            [(b.type, b.start, b.end, b.rows) for b in self.rel_batches()],
            self.fact_nodes(),
            self.fact_rows(),
        ]
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def size(self) -> int:
        return (
            sum(len(r) for r in self.nodes.values())
            + sum(len(r) for r in self.rels.values())
            + sum(len(r) for r in self.kept.values())
            + len(self.works)
            + len(self.authors)
        )


@dataclass(frozen=True)
class WorkFacts:
    authors: tuple[str, ...]
    title_concepts: tuple[str, ...] = ()


def _add_work(
    c: Contribution, res: Resolution, key: str, vocab: Vocabulary, wide: GraphWide
) -> None:
    """The work's node, its authors' nodes and its own facts (authorship; a cited-only work's
    title concepts): what every source that names the work writes alike."""
    if key in c.works:
        return
    w = res.works[key]
    c.kept_node(WORK, key, {
        "title": w.title, "year": w.year, "doi": w.doi, "venue": w.venue, "kind": w.kind,
        "in_corpus": w.in_corpus,
    })  # fmt: skip
    for akey in w.authors:
        a = res.authors[akey]
        c.authors[akey] = {"name": a.name, "family": a.family, "given": a.given}
    titles = () if w.in_corpus else wide.titles.get(key, ())
    for ck in titles:
        _concept_node(c, ck, vocab.concepts[ck].label, "vocabulary")
    c.works[key] = WorkFacts(w.authors, titles)


def _append(
    props: dict[str, Any], sentence: str, page: int | None, text: str = "", **aligned: str
) -> None:
    """One more evidence sentence (the first MAX_CONTEXTS are kept), with values that stay
    aligned with it (`via=` the work it is in, `kinds=` how it credits)."""
    props["count"] = props.get("count", 0) + 1
    if len(props.setdefault("sentences", [])) < MAX_CONTEXTS:
        props["sentences"].append(sentence)
        props.setdefault("pages", []).append(page if page is not None else 0)
        if text:
            props.setdefault("texts", []).append(text)
        for name, value in aligned.items():
            props.setdefault(name, []).append(value)


def _concept_node(c: Contribution, key: str, label: str, origin: str) -> None:
    """A mined concept's node is kept by the sources that mention it (its label is the one
    the whole build gives it); a vocabulary concept's node is the vocabulary's own."""
    if origin != "vocabulary" and key not in c.kept[CONCEPT]:
        c.kept_node(CONCEPT, key, {"label": label, "origin": origin})


@dataclass(frozen=True)
class GraphWide:
    """What every document's contribution reads from the whole build (computed once).

    `labels`: the label of each mined concept key over all documents (a node several sources
    share must get the same properties from each, whatever the order they are written in).
    `earliest`: the year of each concept's first own use or explicit attribution in the graph;
    a citing sentence's concept is never credited (in scope) to a work older than that.
    `titles`: the vocabulary concepts in each work's title (a cited work's own use).
    """

    labels: Mapping[str, str] = field(default_factory=dict)
    earliest: Mapping[str, int] = field(default_factory=dict)
    titles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def document_contribution(
    c: Contribution, doc: Document, res: Resolution, vocab: Vocabulary, wide: GraphWide
) -> None:
    """Add one document's nodes and relationships to its source's contribution."""
    path = doc.source.path
    own = res.doc_work[path]
    _add_work(c, res, own, vocab, wide)
    c.rel(DESCRIBES, (SOURCE, c.src), (WORK, own))
    ref_work = {r.id: res.ref_work.get((path, r.id)) for r in doc.references}
    for wk in ref_work.values():
        if wk and wk != own:
            _add_work(c, res, wk, vocab, wide)
            c.rel(CITES, (WORK, own), (WORK, wk)).setdefault("count", 0)
    for cit in doc.citations:
        wk = ref_work.get(cit.reference or "")
        if not wk or wk == own:
            continue
        _append(c.rel(CITES, (WORK, own), (WORK, wk)), cit.sentence, cit.page, cit.text)
    for a in doc.attributions:  # concepts the citing sentences credit to the cited works
        wk = ref_work.get(a.reference or "")
        if not wk or wk == own or a.concept not in vocab.concepts:
            continue
        if a.kind == "scope" and _before(res.works[wk].year, wide.earliest.get(a.concept)):
            continue  # never credit a concept to a work older than its first known use
        _concept_node(c, a.concept, vocab.concepts[a.concept].label, "vocabulary")
        props = c.rel(CREDITED, (WORK, wk), (CONCEPT, a.concept))
        _append(props, a.sentence, a.page, via=own, kinds=a.kind)
    for hit in doc.concepts:
        key = _concept_key(hit)
        _concept_node(c, key, wide.labels.get(key, hit.label), hit.origin)
        props = c.rel(MENTIONS, (WORK, own), (CONCEPT, key))
        props.update({"count": hit.count, "pages": list(hit.pages)})
        if hit.score is not None:
            props["score"] = round(hit.score, 4)
    for d in doc.definitions:
        if d.concept not in vocab.concepts:
            continue
        wk = ref_work.get(d.reference or "") or own
        _concept_node(c, d.concept, vocab.concepts[d.concept].label, "vocabulary")
        _append(c.rel(DEFINES, (WORK, wk), (CONCEPT, d.concept)), d.sentence, d.page, via=own)


def _before(year: int | None, first: int | None) -> bool:
    return year is not None and first is not None and year < first


def _credit_kept(doc: Document, a: Attribution, res: Resolution, wide: GraphWide) -> tuple[
        str, str, bool]:  # fmt: skip
    """Whether a citing sentence's credit is kept: only the decision enters a signature, not
    the concept's first year itself (an earlier first use elsewhere changes nothing here unless
    it moves past the cited work's year)."""
    wk = res.ref_work.get((doc.source.path, a.reference or ""))
    year = res.works[wk].year if wk in res.works else None
    dropped = a.kind == "scope" and _before(year, wide.earliest.get(a.concept))
    return (a.concept, a.reference or "", not dropped)


def title_concepts(res: Resolution, vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    """work key -> the vocabulary concepts its title uses."""
    out = {k: tuple(concepts_in(w.title or "", vocab)) for k, w in res.works.items() if w.title}
    return {k: v for k, v in out.items() if v}


def earliest_uses(
    docs: Iterable[Document],
    res: Resolution,
    vocab: Vocabulary,
    titles: Mapping[str, tuple[str, ...]],
) -> dict[str, int]:
    """The year each concept is first used: a work's own text or title, or a citing sentence
    that explicitly credits the concept to a work (`coined` or `explicit`)."""
    first: dict[str, int] = {}
    uses = (u for doc in docs for u in document_uses(doc, res, vocab))
    for key, year in itertools.chain(uses, title_uses(titles, res)):
        first[key] = min(year, first.get(key, year))
    return first


def document_uses(doc: Document, res: Resolution, vocab: Vocabulary) -> Iterator[tuple[str, int]]:
    """(concept, year) of each use a document shows: its own text's vocabulary concepts in its
    own year, and the concepts its citing sentences explicitly credit to a cited work, in that
    work's year."""
    path = doc.source.path
    own = res.works[res.doc_work[path]]
    if own.year is not None:
        for hit in doc.concepts:
            if hit.origin == "vocabulary" and hit.key in vocab.concepts:
                yield hit.key, own.year
    for a in doc.attributions:
        wk = res.ref_work.get((path, a.reference or ""))
        if wk and a.kind != "scope" and a.concept in vocab.concepts:
            year = res.works[wk].year
            if year is not None:
                yield a.concept, year


def title_uses(titles: Mapping[str, tuple[str, ...]], res: Resolution) -> Iterator[tuple[str, int]]:
    """(concept, year) of each vocabulary concept a work's title uses."""
    for wk, keys in titles.items():
        year = res.works[wk].year
        if year is not None:
            for key in keys:
                yield key, year


def _concept_key(hit: ConceptHit) -> str:
    return hit.key if hit.origin == "vocabulary" else f"mined:{concept_key(hit.label)}"


def mined_spellings(doc: Document) -> Iterator[tuple[str, str]]:
    """(mined concept key, label as this document spells it) of each mined concept."""
    for hit in doc.concepts:
        if hit.origin != "vocabulary":
            yield _concept_key(hit), hit.label


def most_used_label(spellings: Mapping[str, int]) -> str:
    """A mined concept's label: the spelling most documents use (ties: sorted first)."""
    return min(spellings, key=lambda lab: (-spellings[lab], lab))


def mined_labels(docs: Iterable[Document]) -> dict[str, str]:
    """One label per mined concept key: the spelling most documents use (ties: sorted first)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        for key, label in mined_spellings(d):
            seen[key][label] += 1
    return {k: most_used_label(c) for k, c in seen.items()}


def vocabulary_contribution(vocab: Vocabulary) -> Contribution:
    c = Contribution(VOCABULARY_SOURCE)
    for k, concept in sorted(vocab.concepts.items()):
        c.node(CONCEPT, k, {
            "label": concept.label, "origin": "vocabulary", "description": concept.description,
            "aliases": list(concept.aliases) + list(concept.acronyms),
        })  # fmt: skip
    for k, concept in sorted(vocab.concepts.items()):
        for b in concept.broader:
            if b in vocab.concepts:
                c.rel(BROADER, (CONCEPT, k), (CONCEPT, b))
        for rtype, links in ((SUCCEEDED_BY, concept.succeeded_by),
                             (DISTINCT_FROM, concept.distinct_from)):  # fmt: skip
            for link in links:
                if link.concept in vocab.concepts:
                    props = {"year": link.year, "source": link.source, "note": link.note}
                    c.rel(rtype, (CONCEPT, k), (CONCEPT, link.concept)).update(
                        {name: v for name, v in props.items() if v}
                    )
    return c


def graph_wide(docs: Sequence[Document], res: Resolution, vocab: Vocabulary) -> GraphWide:
    """What every contribution reads from the whole build (documents or their resolution
    views give the same)."""
    titles = title_concepts(res, vocab)
    return GraphWide(mined_labels(docs), earliest_uses(docs, res, vocab, titles), titles)


def source_contribution(
    src: str, docs: Sequence[Document], res: Resolution, vocab: Vocabulary, wide: GraphWide
) -> Contribution:
    c = Contribution(src)
    for doc in docs:
        document_contribution(c, doc, res, vocab, wide)
    return c


def build_contributions(
    sources: Iterable[tuple[str, Sequence[Document]]], res: Resolution, vocab: Vocabulary
) -> dict[str, Contribution]:
    """One Contribution per source file (its documents), plus the vocabulary's."""
    out: dict[str, Contribution] = {VOCABULARY_SOURCE: vocabulary_contribution(vocab)}
    sources = list(sources)
    wide = graph_wide([d for _, docs in sources for d in docs], res, vocab)
    for src, docs in sources:
        out[src] = source_contribution(src, docs, res, vocab, wide)
    return out


# A contribution is a function of the source's documents and of what it reads from the whole
# build. Bump when the rules above change what a contribution holds, so that every source is
# written again by the next build.
CONTRIBUTION_RULES = "3"


def signature(docs: Sequence[Document], res: Resolution, wide: GraphWide) -> str:
    """A digest of everything a source's contribution reads from the whole build: for each of
    its works (its own and those it cites) the resolved entity with its authors and title
    concepts, and the graph-wide values its concepts take. Equal signatures of unchanged
    documents give equal contributions, so a build writes again only the sources whose
    signature changed (those whose works or concepts another file changed)."""
    facts: list[Any] = [CONTRIBUTION_RULES]
    for doc in docs:
        path = doc.source.path
        keys = [res.doc_work.get(path)] + [res.ref_work.get((path, r.id)) for r in doc.references]
        for wk in keys:
            w = res.works.get(wk or "")
            if w is None:
                facts.append(None)
                continue
            names = [(a, res.authors[a].name, res.authors[a].family, res.authors[a].given)
                     for a in w.authors]  # fmt: skip
            facts.append([wk, w.title, w.year, w.doi, w.venue, w.kind, w.in_corpus, names,
                          wide.titles.get(w.key, ())])  # fmt: skip
        facts.append(sorted(_credit_kept(doc, a, res, wide) for a in doc.attributions))
        facts.append(sorted({(k, wide.labels.get(k)) for k in map(_concept_key, doc.concepts)}))
    data = json.dumps(facts, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()
