"""The resolution ledger: what the last build's resolution decided, kept beside the store.

A SQLite file (in the embedded store's directory; for a server store, in the user's cache
directory, one per store address) holds, for every record (a corpus document or a reference
entry) of the library: its identifying fields, the people it names with their author keys, the
links that can tie it to other records (its (first author, year) block, its DOI, a long title)
and the work it was resolved to; for every author and work entity, what it is; and, per source,
the graph-wide facts its documents bring (mined concept spellings, first uses of concepts,
concepts its citing sentences credit by scope, .bib entries and what they match).

A build that changes a few files re-resolves from the ledger only the families and record
groups those files touch (`pipeline.incremental`). The ledger is trusted only when the token it
holds is the one the store's vocabulary Source holds: a build clears the store's token before
writing and sets both after the ledger is committed, so a ledger that is missing, older or
newer than the graph (a killed build, another copy of the store) is rebuilt from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..lexicon.names import family_key
from ..model import Person
from .resolution import AuthorEntity, WorkEntity
from .works import WorkRecord, distinct_keys, make_record

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE IF NOT EXISTS recs(
    id INTEGER PRIMARY KEY, src TEXT, path TEXT, rid TEXT, fam TEXT, year INTEGER,
    suffix TEXT, title TEXT, doi TEXT, venue TEXT, kind TEXT, people TEXT, keys TEXT,
    work TEXT);
CREATE TABLE IF NOT EXISTS links(link TEXT, rec INTEGER);
CREATE TABLE IF NOT EXISTS names(fkey TEXT, rec INTEGER, family TEXT, given TEXT, key TEXT);
CREATE TABLE IF NOT EXISTS authors(key TEXT PRIMARY KEY, fkey TEXT, entity TEXT);
CREATE TABLE IF NOT EXISTS works(key TEXT PRIMARY KEY, base TEXT, entity TEXT);
CREATE TABLE IF NOT EXISTS wauth(akey TEXT, work TEXT);
CREATE TABLE IF NOT EXISTS mined(src TEXT, key TEXT, label TEXT);
CREATE TABLE IF NOT EXISTS firsts(owner TEXT, concept TEXT, year INTEGER);
CREATE TABLE IF NOT EXISTS scoped(src TEXT, concept TEXT);
CREATE TABLE IF NOT EXISTS bibs(src TEXT, match TEXT);
CREATE TABLE IF NOT EXISTS enriched(src TEXT PRIMARY KEY);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS recs_src ON recs(src);
CREATE INDEX IF NOT EXISTS recs_work ON recs(work);
CREATE INDEX IF NOT EXISTS links_link ON links(link);
CREATE INDEX IF NOT EXISTS links_rec ON links(rec);
CREATE INDEX IF NOT EXISTS names_spelling ON names(fkey, family, given);
CREATE INDEX IF NOT EXISTS names_rec ON names(rec);
CREATE INDEX IF NOT EXISTS names_key ON names(key, family, given);
CREATE INDEX IF NOT EXISTS authors_fkey ON authors(fkey);
CREATE INDEX IF NOT EXISTS works_base ON works(base);
CREATE INDEX IF NOT EXISTS wauth_akey ON wauth(akey);
CREATE INDEX IF NOT EXISTS wauth_work ON wauth(work);
CREATE INDEX IF NOT EXISTS mined_src ON mined(src);
CREATE INDEX IF NOT EXISTS mined_key ON mined(key);
CREATE INDEX IF NOT EXISTS firsts_owner ON firsts(owner);
CREATE INDEX IF NOT EXISTS firsts_concept ON firsts(concept, year);
CREATE INDEX IF NOT EXISTS scoped_src ON scoped(src);
CREATE INDEX IF NOT EXISTS scoped_concept ON scoped(concept);
CREATE INDEX IF NOT EXISTS bibs_src ON bibs(src);
CREATE INDEX IF NOT EXISTS bibs_match ON bibs(match);
"""
_TABLES = ("recs", "links", "names", "authors", "works", "wauth", "mined", "firsts", "scoped",
           "bibs", "enriched")  # fmt: skip
_CHUNK = 500  # parameters per IN (...) query
_RECORD = ("recs.id, src, path, rid, fam, year, suffix, title, doi, venue, kind, keys, "
           "work")  # what `records` reads of a record  # fmt: skip


# what a ledger that cannot be read or written raises (a full disk, a read-only folder)
LEDGER_ERRORS = (sqlite3.Error, OSError)


def ledger_path(store: Any) -> Path:
    """Where the ledger of `store` lives: its directory (embedded), else the cache."""
    directory = getattr(store, "directory", None)
    if directory is not None:
        return Path(directory) / "resolution.sqlite"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "litgraph"
    url = str(getattr(store, "url", "store"))
    return cache / f"resolution-{hashlib.sha256(url.encode()).hexdigest()[:16]}.sqlite"


# --- entities as text ------------------------------------------------------------------------


def work_text(w: WorkEntity) -> str:
    return json.dumps([w.key, w.title, w.year, w.doi, w.venue, w.kind, w.in_corpus,
                       w.authors, w.sources], ensure_ascii=False)  # fmt: skip


def work_from_text(text: str) -> WorkEntity:
    key, title, year, doi, venue, kind, in_corpus, authors, sources = json.loads(text)
    return WorkEntity(key, title, year, doi, venue, kind, in_corpus, tuple(authors),
                      tuple(sources))  # fmt: skip


def author_text(a: AuthorEntity) -> str:
    return json.dumps([a.key, a.name, a.family, a.given, a.variants], ensure_ascii=False)


def author_from_text(text: str) -> AuthorEntity:
    key, name, family, given, variants = json.loads(text)
    return AuthorEntity(key, name, family, given, tuple(variants))


@lru_cache(maxsize=1 << 14)
def stored_author_keys(text: str) -> tuple[str, ...]:
    """A record's author keys from the list stored (records of a work share lists)."""
    return distinct_keys(json.loads(text))


class Ledger:
    """The ledger file, opened for one build: every change waits in one transaction until
    `commit` (a build that fails leaves the ledger as it was)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.executescript(_SCHEMA + _INDEXES)
        except sqlite3.DatabaseError:  # not a ledger (or a damaged one): start it again
            path.unlink(missing_ok=True)
            self.db = sqlite3.connect(str(path), isolation_level=None)
            self.db.executescript(_SCHEMA + _INDEXES)
        self._next: int | None = None  # the id of the next record added
        self._closed = False
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("BEGIN")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
        finally:
            self.db.close()

    def rollback(self) -> None:
        """Forget the changes since the last commit."""
        self.db.execute("ROLLBACK")
        self.db.execute("BEGIN")

    def commit(self, token: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('token', ?)", (token,))
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    @property
    def token(self) -> str:
        row = self.db.execute("SELECT v FROM meta WHERE k = 'token'").fetchone()
        return str(row[0]) if row else ""

    def clear(self) -> None:
        """Empty, to be written in bulk: the indexes come back with `index`."""
        for table in _TABLES:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.execute("DELETE FROM meta")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self.db.execute(statement)
        self._next = 1

    def index(self) -> None:
        for statement in _INDEXES.split(";"):
            if statement.strip():
                self.db.execute(statement)

    # --- reading -----------------------------------------------------------------------

    def rows(self, sql: str, values: Iterable[Any], *extra: Any) -> Iterator[tuple[Any, ...]]:
        """`sql` with `IN ({})` run over `values` in chunks ({} becomes the placeholders)."""
        vals = list(dict.fromkeys(values))
        for i in range(0, len(vals), _CHUNK):
            part = vals[i : i + _CHUNK]
            yield from self.db.execute(sql.format(",".join("?" * len(part))), (*part, *extra))

    def column(self, sql: str, values: Iterable[Any]) -> set[Any]:
        return {r[0] for r in self.rows(sql, values)}

    def reach(
        self, seeds: Iterable[str], skip: Iterable[int]
    ) -> Iterator[tuple[int, str, WorkRecord, str, str]]:
        """`records` of the records the seed links reach through links shared record to
        record (records in `skip` are neither returned nor followed), in one query."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS seed(link TEXT PRIMARY KEY)")
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS skip(rec INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM seed")
        self.db.execute("DELETE FROM skip")
        self.db.executemany("INSERT OR IGNORE INTO seed VALUES (?)", [(s,) for s in seeds])
        self.db.executemany("INSERT OR IGNORE INTO skip VALUES (?)", [(r,) for r in skip])
        rows = self.db.execute(
            "WITH RECURSIVE reach(link) AS (SELECT link FROM seed UNION "
            " SELECT b.link FROM reach JOIN links a ON a.link = reach.link "
            " JOIN links b ON b.rec = a.rec WHERE a.rec NOT IN (SELECT rec FROM skip)), "
            "ids(id) AS (SELECT DISTINCT l.rec FROM reach JOIN links l ON l.link = reach.link "
            " WHERE l.rec NOT IN (SELECT rec FROM skip)) "
            f"SELECT {_RECORD} FROM ids JOIN recs ON recs.id = ids.id ORDER BY recs.id"
        )
        return self._records(rows)

    def records(self, ids: Iterable[int]) -> Iterator[tuple[int, str, WorkRecord, str, str]]:
        """(id, source, record, its people's keys as stored, work) of the given records."""
        return self._records(self.rows(f"SELECT {_RECORD} FROM recs WHERE id IN ({{}})", ids))

    @staticmethod
    def _records(
        rows: Iterable[tuple[Any, ...]],
    ) -> Iterator[tuple[int, str, WorkRecord, str, str]]:
        for rid, src, *fields, keys, work in rows:
            yield rid, src, make_record(tuple(fields), stored_author_keys(keys)), keys, work

    def people(self, ids: Iterable[int]) -> dict[int, list[Person]]:
        """The people each of the given records names, as written."""
        rows = self.rows("SELECT id, people FROM recs WHERE id IN ({})", ids)
        return {i: [Person(f, g) for f, g in json.loads(text)] for i, text in rows}

    def is_empty(self, table: str) -> bool:
        return self.db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None

    # --- writing -----------------------------------------------------------------------

    def add_records(
        self,
        rows: Sequence[tuple[Any, ...]],
        links: Sequence[tuple[str, ...]],
        names: Sequence[Sequence[tuple[Any, ...]]],
    ) -> None:
        """Records (src, path, rid, fam, year, suffix, title, doi, venue, kind, people, keys,
        work), each with its links and its names (fkey, family, given, key)."""
        if self._next is None:
            row = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM recs").fetchone()
            self._next = int(row[0])
        first = self._next
        self._next += len(rows)
        ids = range(first, first + len(rows))
        self.db.executemany(
            "INSERT INTO recs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(i, *row) for i, row in zip(ids, rows)],
        )
        self.db.executemany(
            "INSERT INTO links VALUES (?, ?)",
            [(lk, i) for i, rec_links in zip(ids, links) for lk in rec_links],
        )
        self.db.executemany(
            "INSERT INTO names VALUES (?, ?, ?, ?, ?)",
            [(fk, i, fam, given, key) for i, rec in zip(ids, names) for fk, fam, given, key in rec],
        )

    def drop_sources(self, srcs: Sequence[str]) -> None:
        """Forget everything the given sources brought (their records and per-source facts)."""
        ids = list(self.column("SELECT id FROM recs WHERE src IN ({})", srcs))
        for sql in ("DELETE FROM links WHERE rec IN ({})", "DELETE FROM names WHERE rec IN ({})",
                    "DELETE FROM recs WHERE id IN ({})"):  # fmt: skip
            for i in range(0, len(ids), _CHUNK):
                part = ids[i : i + _CHUNK]
                self.db.execute(sql.format(",".join("?" * len(part))), part)
        for table in ("mined", "scoped", "bibs", "enriched"):
            self._delete(f"DELETE FROM {table} WHERE src IN ({{}})", srcs)
        self._delete("DELETE FROM firsts WHERE owner IN ({})", srcs)

    def _delete(self, sql: str, values: Sequence[Any]) -> None:
        vals = list(values)
        for i in range(0, len(vals), _CHUNK):
            part = vals[i : i + _CHUNK]
            self.db.execute(sql.format(",".join("?" * len(part))), part)

    def put_source_facts(
        self,
        src: str,
        mined: Iterable[tuple[str, str]],
        firsts: Iterable[tuple[str, int]],
        scoped: Iterable[str],
        bibs: Iterable[str],
        enriched: bool,
    ) -> None:
        self.db.executemany(
            "INSERT INTO mined VALUES (?, ?, ?)", [(src, k, lab) for k, lab in mined]
        )
        self.put_firsts(src, firsts)
        self.db.executemany("INSERT INTO scoped VALUES (?, ?)", [(src, c) for c in set(scoped)])
        self.db.executemany("INSERT INTO bibs VALUES (?, ?)", [(src, m) for m in set(bibs)])
        if enriched:
            self.db.execute("INSERT OR IGNORE INTO enriched VALUES (?)", (src,))

    def put_firsts(self, owner: str, firsts: Iterable[tuple[str, int]]) -> None:
        best: dict[str, int] = {}
        for concept, year in firsts:
            best[concept] = min(year, best.get(concept, year))
        self.db.executemany(
            "INSERT INTO firsts VALUES (?, ?, ?)", [(owner, c, y) for c, y in best.items()]
        )

    def replace_works(self, gone: Iterable[str], works: Sequence[tuple[WorkEntity, str]]) -> None:
        """Drop the works `gone` and write `works` (entity, base key), with their authors."""
        gone = list(gone)
        self._delete("DELETE FROM works WHERE key IN ({})", gone)
        self._delete("DELETE FROM wauth WHERE work IN ({})", gone)
        self._delete("DELETE FROM firsts WHERE owner IN ({})", [f"work {k}" for k in gone])
        self.db.executemany(
            "INSERT OR REPLACE INTO works VALUES (?, ?, ?)",
            [(w.key, base, work_text(w)) for w, base in works],
        )
        self.db.executemany(
            "INSERT INTO wauth VALUES (?, ?)", [(a, w.key) for w, _ in works for a in w.authors]
        )

    def replace_authors(self, families: Iterable[str], authors: Iterable[AuthorEntity]) -> None:
        """Drop the authors of `families` and write `authors`."""
        self._delete("DELETE FROM authors WHERE fkey IN ({})", list(families))
        self.db.executemany(
            "INSERT OR REPLACE INTO authors VALUES (?, ?, ?)",
            [(a.key, family_key(a.family), author_text(a)) for a in authors],
        )
