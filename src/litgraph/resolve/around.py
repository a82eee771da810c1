"""Why one entity was resolved as it was, from the ledger: only its family of names, or only the
group of records its works' blocks, DOIs and titles tie together, is resolved again (as the
whole library's resolution resolves them: see `pipeline.incremental`), so the answer costs what
the entity's neighbourhood costs, not what the library does."""

from __future__ import annotations

from collections import defaultdict

from ..keys import normalise_doi
from ..lexicon.names import family_key
from ..lexicon.years import split_cited
from ..model import Person
from .authors import parse_name
from .ledger import Ledger, author_from_text, work_from_text
from .resolution import NOTES_KEY, Resolution, describe, match_works, resolve_people
from .works import WorkRecord


def _reach(ledger: Ledger, query: str) -> tuple[set[str], set[str]] | None:
    """(record links, family keys) the entity named by `query` lies within; None when the
    query cannot be bounded (a title phrase, the overrides' notes)."""
    if query == NOTES_KEY:
        return None
    row = ledger.db.execute("SELECT fkey FROM authors WHERE key = ?", (query,)).fetchone()
    if row:
        return set(), {row[0]}
    doi = normalise_doi(query)
    if query.startswith(("w:", "doi:")) or doi:
        work = f"doi:{doi}" if doi else query
        ids = ledger.column("SELECT id FROM recs WHERE work IN ({})", [work])
        links = ledger.column("SELECT link FROM links WHERE rec IN ({})", ids)
        return links | ({f"d:{doi}"} if doi else set()), set()
    path, _, ref = query.partition("#")
    ids = ledger.column("SELECT id FROM recs WHERE path IN ({})", [path])
    if ids:
        if ref:
            ids = {r[0] for r in ledger.rows("SELECT id FROM recs WHERE id IN ({}) AND rid = ?",
                                             ids, ref)}  # fmt: skip
        return ledger.column("SELECT link FROM links WHERE rec IN ({})", ids), set()
    cited = split_cited(query)
    if cited:
        who, year, _, _ = cited
        return {f"b:{family_key(parse_name(who).family)}|{year}"}, set()
    fkey = family_key(parse_name(query).family)
    if fkey and ledger.db.execute("SELECT 1 FROM names WHERE fkey = ? LIMIT 1", (fkey,)).fetchone():
        return set(), {fkey}
    return None


def explain_around(ledger: Ledger, query: str, limit: int = 50) -> list[str] | None:
    """`describe`'s lines for `query`, resolving only its neighbourhood; None when the query
    needs the whole library."""
    query = query.strip()
    reach = _reach(ledger, query)
    if reach is None:
        return None
    links, families = reach
    recs: list[WorkRecord] = []
    for _, _, rec, _, _ in ledger.reach(links, set()):
        recs.append(rec)
    recs.sort(key=WorkRecord.sort_key)
    matched = match_works(recs)
    named: list[tuple[Person, str]] = []
    sql = ("SELECT n.family, n.given, r.path, r.rid FROM names n JOIN recs r ON r.id = n.rec "
           "WHERE n.fkey IN ({})")  # fmt: skip
    for family, given, path, rid in ledger.rows(sql, families):
        origin = f"author of {path}" if rid is None else f"ref {rid} in {path}"
        named.append((Person(family, given), origin))
    people = resolve_people(named)
    authors = people.entities()
    works = dict(matched.works)
    for key, text in ledger.rows(
        "SELECT w.key, w.entity FROM wauth a JOIN works w ON w.key = a.work WHERE a.akey IN ({})",
        authors,
    ):
        works.setdefault(key, work_from_text(text))
    wanted = {a for w in works.values() for a in w.authors} - set(authors)
    for key, text in ledger.rows("SELECT key, entity FROM authors WHERE key IN ({})", wanted):
        authors[key] = author_from_text(text)
    explain: dict[str, list[str]] = defaultdict(list)
    for part in (people.explain(), matched.explain):
        for key, lines in part.items():
            explain[key].extend(lines)
    res = Resolution(
        authors=dict(sorted(authors.items())), works=dict(sorted(works.items())),
        doc_work=matched.doc_work, ref_work=matched.ref_work,
        explain={k: tuple(v) for k, v in sorted(explain.items())},
    )  # fmt: skip
    return describe(res, query, limit)
