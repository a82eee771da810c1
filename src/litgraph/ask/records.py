"""Typed answers: what `link`, `lineage`, `show` and `find` return.

Frozen records that the text and HTML renderers (`present/`) and `--json` read. `to_json()`
gives the documented JSON shape (README, "JSON answers"); tests pin it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, _Record):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}  # type: ignore[arg-type]
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        if value and all(isinstance(v, _Record) for v in value.values()):
            return [_plain(v) for _, v in sorted(value.items())]  # works: a list, by key
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    def to_json(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True)
class WorkLabel(_Record):
    """A work as people cite it: 'Osborne et al. (2013)'."""

    key: str
    label: str
    title: str | None = None
    year: int | None = None
    in_corpus: bool = False
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityRef(_Record):
    kind: str  # author | work | concept
    key: str
    label: str
    score: float = 100.0


@dataclass(frozen=True)
class Quote(_Record):
    """A sentence from a work's text, with what it says about which work.

    kind: `cites` (in `source`, citing `work`), `definition` (the definition credited to
    `work`, written in `source`), `coined` / `explicit` / `scope` (a citing sentence in
    `source` credits the concept to `work`).
    """

    kind: str
    work: str  # the work the sentence is about (credited, defined, cited)
    source: str  # the work whose text holds the sentence
    sentence: str
    page: int | None = None
    side: str = ""  # a | b in link answers
    terms: tuple[str, ...] = ()  # definitions: who, phase, how, result terms (ask.contrast)
    adds: tuple[str, ...] = ()  # definitions in lineage: terms no earlier definition used


@dataclass(frozen=True)
class Side(_Record):
    name: str  # as the user typed it
    entities: tuple[EntityRef, ...]
    works: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class Chain(_Record):
    """Works joined by citations, citing first: chain[0] cites chain[1], and so on."""

    works: tuple[str, ...]

    @property
    def direct(self) -> bool:
        return len(self.works) == 2


@dataclass(frozen=True)
class Use(_Record):
    """How one side or one work uses a concept: own text, or credited by citing sentences."""

    own: int = 0  # mentions in its own text (or its title)
    credited: int = 0  # citing sentences that credit it with the concept (in scope)
    explicit: int = 0  # of those, explicit or coinage attributions

    @property
    def total(self) -> int:
        return self.own + self.credited


@dataclass(frozen=True)
class LinkedConcept(_Record):
    key: str
    label: str
    score: float
    specificity: float  # log(1 + works in the graph / works using the concept)
    a: Use
    b: Use
    a_works: tuple[str, ...]
    b_works: tuple[str, ...]
    chains: tuple[Chain, ...] = ()
    evidence: tuple[Quote, ...] = ()
    definitions: tuple[Quote, ...] = ()
    # terms of the definitions shown (ask.contrast): in both sides', only A's, only B's
    contrast: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkAnswer(_Record):
    a: Side
    b: Side
    concepts: tuple[LinkedConcept, ...]
    chains: tuple[Chain, ...]
    chain_evidence: tuple[Quote, ...]
    works: Mapping[str, WorkLabel]
    max_hops: int
    # schools: the clusters of the citation network around both sides holding most of A's and
    # of B's works (concepts naming them), and the works bridging the two
    a_school: tuple[EntityRef, ...] = ()
    b_school: tuple[EntityRef, ...] = ()
    same_school: bool = False
    bridges: tuple[Bridge, ...] = ()
    betweenness: str = ""  # how the bridges' betweenness was computed: exact, or sampled

    def label(self, key: str) -> str:
        w = self.works.get(key)
        return w.label if w else key


@dataclass(frozen=True)
class WorkUse(_Record):
    work: str
    year: int | None
    use: Use


@dataclass(frozen=True)
class Branch(_Record):
    concept: EntityRef
    first: tuple[str, ...]  # earliest works that use it (same thresholds as the timeline)


@dataclass(frozen=True)
class Succession(_Record):
    """A renaming or succession between concepts ('PSDL' -> 'public service logic', 2018)."""

    before: EntityRef
    after: EntityRef
    year: int | None = None
    source: str = ""  # who made the change, as cited: 'Osborne 2018'
    note: str = ""


@dataclass(frozen=True)
class Distinction(_Record):
    """A concept often taken for this one that is not the same (a homonym, a rival)."""

    other: EntityRef
    note: str = ""


@dataclass(frozen=True)
class LineageAnswer(_Record):
    concept: EntityRef
    description: str
    broader: tuple[EntityRef, ...]
    introduced: tuple[Quote, ...]  # coinage: earliest own definition or coinage attribution
    first_use: tuple[str, ...]  # the earliest works using it (own text or explicit credit)
    definitions: tuple[Quote, ...]  # in time order
    used_by: tuple[WorkUse, ...]  # own use, by year
    credited: tuple[WorkUse, ...]  # credited by later works only (mentioned in retrospect)
    narrower: tuple[Branch, ...]
    successions: tuple[Succession, ...]
    distinct_from: tuple[Distinction, ...]
    flow: tuple[Chain, ...]  # citations between these works
    works: Mapping[str, WorkLabel]
    # the backbone of the history: SPC main path over the citation network of the works that
    # use or define the concept, oldest first, each arc with its citing sentence
    main_path: tuple[PathStep, ...] = ()
    bursts: tuple[BurstRecord, ...] = ()  # of the concept's use and of its works' citations
    turning_points: tuple[TurningPoint, ...] = ()  # highest betweenness in that network
    betweenness: str = ""  # how their betweenness was computed: exact, or sampled

    def label(self, key: str) -> str:
        w = self.works.get(key)
        return w.label if w else key

    def year(self, key: str) -> int | None:
        w = self.works.get(key)
        return w.year if w else None


@dataclass(frozen=True)
class ConceptCount(_Record):
    concept: str
    count: int
    own: bool = True


@dataclass(frozen=True)
class ShowAnswer(_Record):
    kind: str
    key: str
    node: Mapping[str, Any]
    others: tuple[str, ...]  # other entities the name matched
    neighbours: Mapping[str, tuple[str, ...]]  # authors, works, cites, cited_by, ...
    concepts: tuple[ConceptCount, ...] = ()
    works: Mapping[str, WorkLabel] = field(default_factory=dict)


@dataclass(frozen=True)
class FindAnswer(_Record):
    text: str
    hits: tuple[EntityRef, ...]


# --- science mapping: clusters, main paths, bursts, turning points, bridges ----------------


@dataclass(frozen=True)
class Cluster(_Record):
    """A community of works (or of authors, in the co-authorship network)."""

    number: int  # 1 = the largest
    members: tuple[str, ...]  # work keys (author keys in the co-authorship network)
    concepts: tuple[EntityRef, ...]  # most specific concepts its works use (score: weight)
    top_works: tuple[str, ...]  # its (or its authors') most-cited works
    years: tuple[int | None, int | None] = (None, None)  # first and last year of its works


@dataclass(frozen=True)
class ClusterScore(_Record):
    """One member's numbers in the network: links, link strength, citations, betweenness."""

    key: str
    cluster: int
    links: int
    strength: float
    citations: int
    betweenness: float
    year: int | None = None


@dataclass(frozen=True)
class ClusterLink(_Record):
    a: str  # a < b
    b: str
    weight: float  # works citing both, references shared, or works written together


@dataclass(frozen=True)
class ClustersAnswer(_Record):
    network: str  # cocitation | coupling | coauthorship | citation
    resolution: float
    clusters: tuple[Cluster, ...]
    scores: tuple[ClusterScore, ...]  # every member, by key
    links: tuple[ClusterLink, ...]
    betweenness: str  # how it was computed: exact, or sampled
    works: Mapping[str, WorkLabel]
    authors: Mapping[str, str] = field(default_factory=dict)  # author key -> name
    network_size: int = 0  # members of the whole network (those clustered: the strongest)

    def label(self, key: str) -> str:
        if key in self.authors:
            return self.authors[key]
        w = self.works.get(key)
        return w.label if w else key


@dataclass(frozen=True)
class PathStep(_Record):
    """One arc of a main path: `citing` builds on `cited`, with the sentence that says so."""

    cited: str
    citing: str
    spc: float  # search path count relative to the network's largest arc (0..1)
    sentence: str = ""
    page: int | None = None


@dataclass(frozen=True)
class BurstRecord(_Record):
    """A burst of a concept's use or of a work's citations (Kleinberg)."""

    subject: str  # the concept key or the work key
    kind: str  # mentions | citations
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class TurningPoint(_Record):
    """A pivotal work: high betweenness in the concept's citation network."""

    work: str
    betweenness: float  # relative to the largest (0..1)


@dataclass(frozen=True)
class Bridge(_Record):
    """A work joining A's cluster and B's in the citation network around both sides, with the
    sentences in which it cites (or is cited by) each side's cluster."""

    work: str
    betweenness: float  # in that network, relative to the largest (0..1)
    evidence: tuple[Quote, ...] = ()  # kind `cites`: `source` cites `work`; side a | b
