"""Entity resolution: merge authors and works across documents and reference lists.

`resolve(documents, overrides)` turns extracted `Document` records into author and work
entities with stable keys, maps every corpus document and reference entry to its work, and
explains every merge and refusal (`describe` renders that for `litgraph resolve --explain`).
Author rules live in `authors`, work rules in `works`.

Overrides come from `litgraph.toml`:

    [same]                      # force these together
    authors = [["Osborne, S.", "Osborne, Stephen P."]]
    works = [["Alford 2011", "doi:10.1234/x"]]

    [different]                 # never merge these
    authors = [["Smith, J.", "Smith, John"]]
    works = [["Osborne 2008a", "Osborne 2008b"]]

An author is a loose name ("Osborne, S.P.", "Stephen P. Osborne") or an author key
(`a:osborne:sp`). A work is a DOI, a work key (`w:...`, `doi:...`), a corpus source path, a
reference as `path#r12`, or "Family 2011[a] [title words]". Lists may be omitted; other tables
of the file are ignored. Override lines that match nothing are reported under the explain key
"overrides".
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import ConfigError
from ..keys import normalise_doi, short_hash, title_words, work_key
from ..lexicon.ambiguity import all_used_note
from ..lexicon.names import family_key, initials
from ..lexicon.years import split_cited
from ..model import Document, Person
from .authors import AuthorEntity, AuthorResolver, Form, first_name, parse_name
from .works import (
    SIMILAR,
    Event,
    WorkEntity,
    WorkMatcher,
    WorkRecord,
    build_records,
    looks_like_work,
    similarity,
)

NOTES_KEY = "overrides"
_KINDS = ("authors", "works")


@dataclass(frozen=True)
class Overrides:
    same: tuple[tuple[str, str], ...] = ()
    different: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Resolution:
    authors: dict[str, AuthorEntity]
    works: dict[str, WorkEntity]
    doc_work: dict[str, str]  # Document.source.path -> work key
    ref_work: dict[tuple[str, str], str]  # (source path, reference id) -> work key
    explain: dict[str, tuple[str, ...]]  # entity key -> reasons
    # the author key of a person as written (None: a placeholder, not a person)
    author_of: Callable[[Person], str | None] | None = field(default=None, compare=False)
    bases: dict[str, str] = field(default_factory=dict, compare=False)  # work key -> unsuffixed


# --- overrides ----------------------------------------------------------------------------


def load_overrides(path: str | None) -> Overrides:
    """Read [same] / [different] from a litgraph.toml; a missing file gives no overrides."""
    if not path or not os.path.isfile(path):
        return Overrides()
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read overrides ({exc}); check the file") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = m.group(1) if m else str(max(1, len(text.splitlines())))
        raise ConfigError(f"{path}:{line}: invalid TOML: {exc}; fix the syntax") from exc
    return Overrides(
        same=_pairs(data, "same", path, text), different=_pairs(data, "different", path, text)
    )


def _pairs(
    data: dict[str, object], table: str, path: str, text: str
) -> tuple[tuple[str, str], ...]:
    section = data.get(table, {})
    where = f"{path}:{_line_of(text, table, None)}"
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [{table}] must be a table with 'authors'/'works' lists")
    out: list[tuple[str, str]] = []
    for kind, value in section.items():
        where = f"{path}:{_line_of(text, table, kind)}"
        if kind not in _KINDS:
            raise ConfigError(f"{where}: unknown key '{table}.{kind}'; use 'authors' or 'works'")
        if not isinstance(value, list) or not all(_is_pair(v) for v in value):
            raise ConfigError(
                f"{where}: '{table}.{kind}' must be a list of pairs of names, "
                f'e.g. {kind} = [["Osborne, S.", "Osborne, Stephen P."]]'
            )
        for a, b in value:
            for name in (a, b):
                _check_kind(name, kind, table, where)
            out.append((a.strip(), b.strip()))
    return tuple(out)


def _is_pair(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, str) and v.strip() for v in value)
    )


def _check_kind(name: str, kind: str, table: str, where: str) -> None:
    if kind == "authors" and looks_like_work(name):
        raise ConfigError(f"{where}: {name!r} names a work; move it to '{table}.works'")
    if kind == "works" and not looks_like_work(name):
        raise ConfigError(
            f"{where}: {name!r} does not name a work; use a DOI, a w: key, a source path "
            "or 'Family 2011'"
        )


def _line_of(text: str, table: str, key: str | None) -> int:
    """1-based line of `key =` inside [table] (or of the table header); 1 when not found."""
    current, header = "", 0
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if m:
            current = m.group(1)
            header = n if current == table else header
            continue
        if key and current == table and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return n
        if key and not current and re.match(rf"\s*{table}\.{re.escape(key)}\s*=", line):
            return n
    return header or 1


def _split(pairs: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    authors = [p for p in pairs if not any(looks_like_work(n) for n in p)]
    works = [p for p in pairs if any(looks_like_work(n) for n in p)]
    return authors, works


# --- resolution ---------------------------------------------------------------------------


def resolve(
    documents: Sequence[Document], overrides: Overrides = Overrides(), *, explain: bool = True
) -> Resolution:
    """Merge authors and works; the same input (in any order) always gives the same keys.
    Without `explain`, the works' merges are not explained (the same entities, faster)."""
    docs = sorted(documents, key=lambda d: (d.source.path, d.title or "", d.doi or ""))
    author_same, work_same = _split(overrides.same)
    author_diff, work_diff = _split(overrides.different)
    people = resolve_people(mentions(docs), author_diff, author_same)
    recs = build_records(docs, people.key_of)
    matched = match_works(recs, work_diff, work_same, explain=explain)
    said: dict[str, list[str]] = defaultdict(list)
    for part in (people.explain(), matched.explain):
        for key, lines in part.items():
            said[key].extend(lines)
    if people.notes or matched.notes:
        said[NOTES_KEY] = [*people.notes, *matched.notes]
    return Resolution(
        authors=people.entities(),
        works=matched.works,
        doc_work=matched.doc_work,
        ref_work=matched.ref_work,
        explain={k: tuple(v) for k, v in sorted(said.items())},
        author_of=people.key_of,
        bases=matched.bases,
    )


def mentions(docs: Iterable[Document]) -> Iterator[tuple[Person, str]]:
    """Every person a document names (its authors, its references' authors), with where."""
    for doc in docs:
        for person in doc.authors:
            yield person, f"author of {doc.source.path}"
        for ref in doc.references:
            for person in ref.authors:
                yield person, f"ref {ref.id} in {doc.source.path}"


def resolve_people(
    named: Iterable[tuple[Person, str]],
    different: Sequence[tuple[str, str]] = (),
    same: Sequence[tuple[str, str]] = (),
) -> AuthorResolver:
    """People from the persons named (with where): clustered, overrides applied, keyed."""
    people = AuthorResolver()
    for person, origin in named:
        people.add(person, origin)
    return people.settle(different, same)


@dataclass(frozen=True)
class MatchedWorks:
    works: dict[str, WorkEntity]
    bases: dict[str, str]  # work key -> the key its content gives (before a collision suffix)
    rec_keys: list[str]  # the work of each record
    doc_work: dict[str, str]
    ref_work: dict[tuple[str, str], str]
    explain: dict[str, list[str]]
    notes: list[str]


def match_works(
    recs: list[WorkRecord],
    different: Sequence[tuple[str, str]] = (),
    same: Sequence[tuple[str, str]] = (),
    *,
    explain: bool = True,
) -> MatchedWorks:
    """Works from records in canonical order (`build_records`); without `explain`, the
    matching is the same and no explanation is written."""
    matcher = WorkMatcher(recs, different, quiet=not explain)
    matcher.run(same)
    root = [matcher.find(i) for i in range(len(recs))]
    works, bases, rec_keys, work_explain = _build_works(recs, root, matcher.events)
    doc_work: dict[str, str] = {}
    ref_work: dict[tuple[str, str], str] = {}
    for rec, key in zip(recs, rec_keys):
        if rec.ref_id is None:
            doc_work.setdefault(rec.path, key)
        else:
            ref_work[(rec.path, rec.ref_id)] = key
    return MatchedWorks(works, bases, rec_keys, doc_work, ref_work, work_explain, matcher.notes)


# --- work entities -----------------------------------------------------------------------------


def _build_works(
    recs: list[WorkRecord], root: list[int], events: list[Event]
) -> tuple[dict[str, WorkEntity], dict[str, str], list[str], dict[str, list[str]]]:
    """Entities keyed by work key, each key's base, the key of every record, and the
    explanation lines (`root`: each record's cluster, by the first record in it)."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(root):
        clusters[r].append(i)
    drafts = {r: _draft(recs, members) for r, members in clusters.items()}
    # works that would share a key: the one ranked first by what it is (not by which file
    # holds it) keeps the plain key, the others take a suffix from their own content
    sharing: dict[str, list[int]] = defaultdict(list)
    for r in sorted(clusters):
        sharing[drafts[r].key].append(r)
    keys: dict[int, str] = {}
    for key, roots in sharing.items():
        if len(roots) > 1:
            roots.sort(key=lambda r: _collision_rank(recs, clusters[r], drafts[r]))
        keys[roots[0]] = key
        for r in roots[1:]:
            keys[r] = f"{key}~{short_hash(_content(recs, clusters[r]), 6)}"
    order = [r for roots in sharing.values() for r in roots]
    works = {keys[r]: _replace_key(drafts[r], keys[r]) for r in order}
    bases = {keys[r]: drafts[r].key for r in order}
    rec_keys = [keys[r] for r in root]
    explain: dict[str, list[str]] = defaultdict(list)
    for i, template, refs in events:
        explain[rec_keys[i]].append(template.format(*(rec_keys[r] for r in refs)))
    return dict(sorted(works.items())), bases, rec_keys, explain


def _replace_key(w: WorkEntity, key: str) -> WorkEntity:
    return w if w.key == key else WorkEntity(key, w.title, w.year, w.doi, w.venue, w.kind,
                                             w.in_corpus, w.authors, w.sources)  # fmt: skip


def _mode(values: Iterable[object]) -> object | None:
    counts = Counter(v for v in values if v is not None and v != "")
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], str(v)))


# A work's canonical title and author list are chosen from what its records say, never from
# which file holds them: a corpus document's own record wins; else the variant most records
# give, then the one DOI-backed records give, then the longest, then the first in text order.
# So adding, changing or removing a paper changes only the works it cites or is.


def _canonical_title(rs: Sequence[WorkRecord]) -> str | None:
    own = sorted(r.title for r in rs if r.in_corpus and r.title)
    if own:
        return own[0]
    titled = [(r.title, bool(r.doi)) for r in rs if r.title]
    return _most_given(titled) if titled else None


def _representative(rs: Sequence[WorkRecord]) -> WorkRecord:
    """The record whose author list the work takes."""
    own = sorted((r for r in rs if r.in_corpus and r.authors), key=lambda r: r.authors)
    if own:
        return own[0]
    listed = [r for r in rs if r.authors]
    if not listed:
        return min(rs, key=lambda r: (r.first_family, r.title or "", r.doi or ""))
    best = _most_given([(r.authors, bool(r.doi)) for r in listed])
    return next(r for r in sorted(listed, key=lambda r: r.authors) if r.authors == best)


V = TypeVar("V", str, tuple[str, ...])


def _most_given(values: Sequence[tuple[V, bool]]) -> V:
    """The value given most often (then by DOI-backed records, then the longest, then the
    first in sorted order): (value, backed by a DOI) pairs."""
    count: Counter[V] = Counter(v for v, _ in values)
    backed: Counter[V] = Counter(v for v, doi in values if doi)
    return min(count, key=lambda v: (-count[v], -backed[v], -len(v), v))


def _content(recs: list[WorkRecord], members: list[int]) -> str:
    """What a work's records say (sorted), for a key suffix that does not depend on paths."""
    said = sorted({f"{recs[i].title}|{recs[i].doi}|{recs[i].year}" for i in members})
    return "\n".join(said)


def _collision_rank(
    recs: list[WorkRecord], members: list[int], draft: WorkEntity
) -> tuple[object, ...]:
    return (not draft.in_corpus, -len(members), draft.title or "", draft.doi or "",
            _content(recs, members))  # fmt: skip


def _draft(recs: list[WorkRecord], members: list[int]) -> WorkEntity:
    rs = [recs[i] for i in members]  # canonical order: corpus documents first
    corpus = [r for r in rs if r.in_corpus]
    title = _canonical_title(rs)
    year = next((r.year for r in corpus if r.year), None) or _mode(r.year for r in rs)
    doi = next((r.doi for r in corpus if r.doi), None) or _mode(r.doi for r in rs)
    venue = next((r.venue for r in corpus if r.venue), None) or _mode(r.venue for r in rs)
    # a corpus work's kind comes from its own record only (stable when citing papers change)
    kind = next((r.kind for r in corpus if r.kind), None) if corpus else _mode(r.kind for r in rs)
    rep = _representative(rs)
    y = year if isinstance(year, int) else None
    d = doi if isinstance(doi, str) else None
    if corpus:  # a corpus work's key comes from its own document only, so that adding or
        c0 = corpus[0]  # removing papers that cite it never renames it
        key = work_key(c0.doi, c0.first_family, c0.year, c0.title)
    else:
        key = work_key(d, rep.first_family or rs[0].first_family, y, title)
    return WorkEntity(
        key=key,
        title=title,
        year=y,
        doi=d,
        venue=venue if isinstance(venue, str) else None,
        kind=kind if isinstance(kind, str) else None,
        in_corpus=bool(corpus),
        authors=rep.authors,
        sources=tuple(sorted({r.path for r in corpus})),
    )


# --- explanation --------------------------------------------------------------------------


def describe(resolution: Resolution, key_or_name: str, limit: int = 50) -> list[str]:
    """Lines explaining one entity, found by key or loose name; candidates when ambiguous.

    At most `limit` reasons are listed (0 lists all).
    """
    query = key_or_name.strip()
    key = _exact_key(resolution, query)
    if key:
        return _render(resolution, key, limit)
    candidates = _candidates(resolution, query)
    if len(candidates) == 1:
        return _render(resolution, candidates[0], limit)
    if not candidates:
        return [f"no author or work matches {query!r}; try an author name or 'Family 2011'"]
    lines = [all_used_note(query, [f"{_label(resolution, k)} [{k}]" for k in candidates],
                           "explained")]  # fmt: skip
    for k in candidates:
        lines += ["", *_render(resolution, k, limit)]
    return lines


def _exact_key(res: Resolution, query: str) -> str | None:
    if query in res.authors or query in res.works or query == NOTES_KEY:
        return query
    if query in res.doc_work:
        return res.doc_work[query]
    path, _, ref = query.partition("#")
    if (path, ref) in res.ref_work:
        return res.ref_work[(path, ref)]
    doi = normalise_doi(query)
    return f"doi:{doi}" if doi and f"doi:{doi}" in res.works else None


def _candidates(res: Resolution, query: str) -> list[str]:
    cited = split_cited(query)
    if cited:
        who, year, _, rest = cited
        fkey, words = family_key(parse_name(who).family), " ".join(title_words(rest))
        return [
            k
            for k, w in res.works.items()
            if w.year == year
            and w.authors
            and family_key(res.authors[w.authors[0]].family) == fkey
            and (not words or similarity(words, " ".join(title_words(w.title or ""))) >= SIMILAR)
        ]
    person = parse_name(query)
    target = Form(family_key(person.family), initials(person.given), first_name(person.given))
    found = [
        k for k, a in res.authors.items() if any(_form(v).compatible(target) for v in a.variants)
    ]
    if found:
        return found
    words = " ".join(title_words(query))
    return [
        k for k, w in res.works.items() if words and words in " ".join(title_words(w.title or ""))
    ]


def _form(variant: str) -> Form:
    p = parse_name(variant)
    return Form(family_key(p.family), initials(p.given), first_name(p.given))


def _label(res: Resolution, key: str) -> str:
    if key in res.authors:
        a = res.authors[key]
        return f"{a.name} (author; {len(a.variants)} spelling(s))"
    w = res.works[key]
    first = res.authors[w.authors[0]].family if w.authors else "anonymous"
    where = "in corpus" if w.in_corpus else "cited only"
    return f"{first} {w.year or 'n.d.'}: {w.title or '(untitled)'} ({where})"


def _render(res: Resolution, key: str, limit: int) -> list[str]:
    lines: list[str] = []
    if key in res.authors:
        a = res.authors[key]
        works = [k for k, w in res.works.items() if key in w.authors]
        lines += [f"{key}  {a.name}", f"  spellings: {'; '.join(a.variants)}"]
        lines.append(
            f"  works: {len(works)} ({sum(res.works[k].in_corpus for k in works)} in corpus)"
        )
    elif key in res.works:
        lines += _render_work(res, key)
    reasons = res.explain.get(key, ())
    lines.append("  why:" if reasons else "  why: nothing merged or refused")
    shown = reasons[:limit] if limit else reasons
    lines += [f"  - {r}" for r in shown]
    if len(shown) < len(reasons):
        lines.append(f"  ... {len(reasons) - len(shown)} more")
    return lines


def _render_work(res: Resolution, key: str) -> list[str]:
    w = res.works[key]
    names = ", ".join(res.authors[a].name for a in w.authors) or "(no author)"
    citing = sorted(f"{p}#{r}" for (p, r), k in res.ref_work.items() if k == key)
    lines = [f"{key}  {w.title or '(untitled)'} ({w.year or 'n.d.'})", f"  authors: {names}"]
    facts = [f"{n}: {v}" for n, v in (("doi", w.doi), ("venue", w.venue), ("kind", w.kind)) if v]
    if facts:
        lines.append("  " + "; ".join(facts))
    lines.append(f"  in corpus: {', '.join(w.sources)}" if w.in_corpus else "  cited only")
    shown = ", ".join(citing[:8]) + (" ..." if len(citing) > 8 else "")
    lines.append(f"  cited by {len(citing)} reference(s)" + (f": {shown}" if citing else ""))
    return lines
