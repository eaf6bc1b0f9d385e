"""The embedded store: one SQLite file with articles, actors, mentions and relations.

Each article is written in one transaction, so a build that is interrupted (Ctrl-C, kill -9)
loses at most the article in flight; a re-run skips articles whose content and extractor are
unchanged and replaces the evidence of those that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from graphbuild.errors import GraphbuildError
from graphbuild.model import (
    Actor,
    Article,
    ArticleActor,
    DocResult,
    Entity,
    Evidence,
    Link,
    Relation,
)

SCHEMA_VERSION = 3
BUSY_SECONDS = 30  # how long to wait for another process's lock on the store

# The data, not meta: what extraction stored per article.
TABLES = ("articles", "actors", "aliases", "mentions", "relations", "rejected")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT, date TEXT, url TEXT, source TEXT,
    fingerprint TEXT NOT NULL, n_chars INTEGER NOT NULL, text TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS actors (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id), alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL REFERENCES articles(id), actor_id TEXT NOT NULL REFERENCES actors(id),
    text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    sent_start INTEGER NOT NULL, sent_end INTEGER NOT NULL, title TEXT
);
CREATE TABLE IF NOT EXISTS relations (
    article_id TEXT NOT NULL REFERENCES articles(id),
    subject_id TEXT NOT NULL REFERENCES actors(id), relation TEXT NOT NULL,
    object_id TEXT NOT NULL REFERENCES actors(id), role TEXT, status TEXT,
    sentence TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    extractor TEXT NOT NULL, confidence REAL NOT NULL, modality TEXT NOT NULL,
    negated INTEGER NOT NULL, date TEXT
);
CREATE TABLE IF NOT EXISTS rejected (
    article_id TEXT NOT NULL REFERENCES articles(id), text TEXT NOT NULL, type TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL, wikidata TEXT,
    reference_id TEXT, resolved INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id), alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE TABLE IF NOT EXISTS links (
    article_id TEXT NOT NULL REFERENCES articles(id), actor_id TEXT NOT NULL REFERENCES actors(id),
    entity_id TEXT NOT NULL REFERENCES entities(id), rule TEXT NOT NULL,
    PRIMARY KEY (article_id, actor_id)
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
CREATE INDEX IF NOT EXISTS relations_article ON relations(article_id);
CREATE INDEX IF NOT EXISTS rejected_article ON rejected(article_id);
"""


# What becomes an edge: neither negated nor hypothetical (Evidence.stated).
STATED = "negated = 0 AND modality != 'hypothetical'"


def _wal(conn: sqlite3.Connection) -> None:
    """Put the store in WAL mode. Switching a new file's mode needs it alone, and SQLite
    answers "locked" at once rather than wait when another process is switching it too."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """A graphbuild SQLite database. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # A store on read-only media or in a folder this process cannot write: SQLite could not
        # create the WAL's shared-memory file beside it. Nothing can change the file either,
        # so it is read as immutable; writing to it fails (one line from the CLI).
        self.readonly = str(path) != ":memory:" and self.path.is_file() and not (
            os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK))
        if str(path) != ":memory:" and not self.path.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise GraphbuildError("E025", f"{path}: cannot create the store "
                                      f"({exc.strerror})") from None
            if not os.access(self.path.parent, os.W_OK):
                raise GraphbuildError("E025", f"{path}: cannot create the store (its folder "
                                      "cannot be written)")
        try:
            if self.readonly:
                self.conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1",
                                            uri=True, isolation_level=None)
            else:
                # Another process may be creating or writing the same file: wait for it.
                self.conn = sqlite3.connect(str(path), isolation_level=None,
                                            timeout=BUSY_SECONDS)
                self.conn.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
                _wal(self.conn)
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self._check_schema()
        except sqlite3.DatabaseError as exc:
            raise GraphbuildError("E020", f"{path}: not a readable graphbuild database ({exc})"
                                  ) from None

    def _check_schema(self) -> None:
        self._create_or_upgrade()
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if missing := [t for t in TABLES if t not in tables]:
            raise GraphbuildError("E026", f"{self.path}: a damaged graphbuild database (no table "
                                  f"{', '.join(missing)}); rebuild it into a new file")

    def _create_or_upgrade(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            if tables - {"sqlite_sequence"}:
                raise GraphbuildError("E021", f"{self.path}: not a graphbuild database")
            # One script, one transaction: a half-created schema never exists. IMMEDIATE takes
            # the write lock first, and a second process creating the same store at the same
            # time finds the tables there and the version row written (OR IGNORE).
            self.conn.executescript(
                f"BEGIN IMMEDIATE; {SCHEMA} INSERT OR IGNORE INTO meta VALUES "
                f"('schema_version', '{SCHEMA_VERSION}'); COMMIT;"
            )
        found = self._version()
        if found == "2":  # version 3 added the records' extra fields: none for older articles
            with self.transaction():  # (IMMEDIATE: another process may be upgrading it too)
                if self._version() == "2":
                    self.conn.execute(
                        "ALTER TABLE articles ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'")
                    self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                                      (str(SCHEMA_VERSION),))
            found = self._version()
        if found != str(SCHEMA_VERSION):
            raise GraphbuildError(
                "E022",
                f"{self.path}: schema version {found}, this graphbuild reads version "
                f"{SCHEMA_VERSION}; rebuild it into a new file",
            )

    def _version(self) -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return row[0] if row else "none"

    def transaction(self):
        return _Transaction(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def is_current(self, article: Article, extractor_version: str) -> bool:
        """True when this article was stored with the same content and extractor."""
        row = self.conn.execute(
            "SELECT fingerprint FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        return bool(row) and row[0] == fingerprint(article, extractor_version)

    def fingerprints(self) -> Iterator[tuple[str, str]]:
        """(id, fingerprint) of every stored article: what `is_current` compares with."""
        yield from self.conn.execute("SELECT id, fingerprint FROM articles")

    def save(self, result: DocResult, extractor_version: str) -> None:
        """Replace everything stored for this article, in one transaction."""
        a = result.article
        with self.transaction():
            for table in ("mentions", "relations", "rejected"):
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (a.id,))
            self.conn.execute(
                "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.title, a.date, a.url, a.source, fingerprint(a, extractor_version),
                 len(a.text), a.full_text, json.dumps(dict(a.extra), ensure_ascii=False)),
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO actors VALUES (?, ?, ?)",
                [(x.id, x.name, x.type) for x in result.actors],
            )
            self.conn.executemany(
                "INSERT OR IGNORE INTO aliases VALUES (?, ?)",
                [(x.id, alias) for x in result.actors for alias in x.aliases],
            )
            self.conn.executemany(
                "INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.article_id, m.actor_id, m.text, m.start, m.end, m.sent_start, m.sent_end,
                  m.title) for m in result.mentions],
            )
            self.conn.executemany(
                "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_relation_row(a, r) for r in result.relations],
            )
            self.conn.executemany(
                "INSERT INTO rejected VALUES (?, ?, ?, ?)",
                [(x.article_id, x.text, x.type, x.reason) for x in result.rejected],
            )

    # -- reading ---------------------------------------------------------------------------

    def articles(self) -> Iterator[dict]:
        """Each article's metadata: id, title, date, url, source and `extra` (its record's
        other fields, a dict)."""
        cur = self.conn.execute(
            "SELECT id, title, date, url, source, extra FROM articles ORDER BY id")
        for *row, extra in cur:
            yield {**dict(zip(("id", "title", "date", "url", "source"), row, strict=True)),
                   "extra": json.loads(extra)}

    def actors(self) -> Iterator[Actor]:
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.conn.execute("SELECT actor_id, alias FROM aliases"):
            aliases.setdefault(actor_id, []).append(alias)
        for aid, name, kind in self.conn.execute("SELECT id, name, type FROM actors ORDER BY id"):
            yield Actor(aid, name, kind, tuple(sorted(aliases.get(aid, ()))))

    def relations(self, *, include_unstated: bool = False) -> Iterator[Relation]:
        """Stored relations; negated and hypothetical ones only with `include_unstated`."""
        sql = "SELECT * FROM relations"
        if not include_unstated:
            sql += f" WHERE {STATED}"
        for row in self.conn.execute(sql + " ORDER BY article_id, start, rowid"):
            (article_id, subject_id, relation, object_id, role, status, sentence, start, end,
             extractor, confidence, modality, negated, date) = row
            evidence = Evidence(article_id, sentence, start, end, extractor, confidence,
                                modality, bool(negated), date)
            yield Relation(subject_id, relation, object_id, evidence, role, status)

    def mention_counts(self) -> Iterator[tuple[str, str, int]]:
        """(article_id, actor_id, number of mentions) for every actor an article names."""
        yield from self.conn.execute(
            "SELECT article_id, actor_id, COUNT(*) FROM mentions GROUP BY article_id, actor_id"
            " ORDER BY article_id, actor_id"
        )

    def dump(self) -> dict[str, list[tuple]]:
        """Every row of every data table, sorted: two stores with equal dumps hold the same."""
        return {t: sorted(self.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in TABLES}

    def stats(self) -> dict:
        q = self.conn.execute
        return {
            "articles": q("SELECT COUNT(*) FROM articles").fetchone()[0],
            "actors": dict(q(
                "SELECT type, COUNT(*) FROM actors WHERE id IN (SELECT actor_id FROM mentions"
                " UNION SELECT subject_id FROM relations UNION SELECT object_id FROM relations)"
                " GROUP BY type ORDER BY type"
            ).fetchall()),
            "entities": dict(q(
                "SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type").fetchall()),
            "unresolved": q("SELECT COUNT(*) FROM entities WHERE resolved = 0").fetchone()[0],
            "relations": dict(q(
                f"SELECT relation, COUNT(*) FROM relations WHERE {STATED}"
                " GROUP BY relation ORDER BY relation"
            ).fetchall()),
            "unstated": q(f"SELECT COUNT(*) FROM relations WHERE NOT ({STATED})").fetchone()[0],
            "rejected": dict(q(
                "SELECT reason, COUNT(*) FROM rejected GROUP BY reason ORDER BY reason"
            ).fetchall()),
        }

    # -- identity (graphbuild.identity) ------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def local_actors(self) -> Iterator[ArticleActor]:
        """Every article's actors with their forms, titles and mention counts, and the actors
        only its relations name (a body a title implies)."""
        found: dict[tuple[str, str], ArticleActor] = {}
        rows = self.conn.execute(
            "SELECT m.article_id, m.actor_id, a.name, a.type, p.date, m.text, m.title"
            " FROM mentions m JOIN actors a ON a.id = m.actor_id"
            " JOIN articles p ON p.id = m.article_id")
        for article_id, actor_id, name, kind, date, text, title in rows:
            local = found.get((article_id, actor_id))
            if local is None:
                local = found[(article_id, actor_id)] = ArticleActor(
                    article_id, actor_id, name, kind, date)
            local.forms.add(text)
            local.mentions += 1
            if title:
                local.titles[title] += 1
        rows = self.conn.execute(
            "SELECT r.article_id, a.id, a.name, a.type, r.date FROM relations r"
            " JOIN actors a ON a.id IN (r.subject_id, r.object_id)")
        for article_id, actor_id, name, kind, date in rows:
            if (article_id, actor_id) not in found:
                found[(article_id, actor_id)] = ArticleActor(article_id, actor_id, name, kind,
                                                             date, {name})
        yield from found.values()

    def identity_state(self) -> str:
        """What the identity links depend on: the stored articles (ids and fingerprints) and
        the identity stage's own code and data."""
        digest = hashlib.sha256(identity_sources_hash().encode())
        for article_id, fp in self.conn.execute(
                "SELECT id, fingerprint FROM articles ORDER BY id"):
            digest.update(f"{article_id}\0{fp}\0".encode())
        return digest.hexdigest()[:24]

    def write_identity(self, entities: list[Entity], links: list[Link], state: str) -> None:
        """Replace the entities and links, in one transaction."""
        with self.transaction():
            for table in ("links", "entity_aliases", "entities"):
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                [(e.id, e.name, e.type, e.wikidata, e.reference_id, int(e.resolved))
                 for e in entities])
            self.conn.executemany(
                "INSERT INTO entity_aliases VALUES (?, ?)",
                [(e.id, alias) for e in entities for alias in e.aliases])
            self.conn.executemany(
                "INSERT INTO links VALUES (?, ?, ?, ?)",
                [(x.article_id, x.actor_id, x.entity_id, x.rule) for x in links])
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('identity_state', ?)",
                              (state,))

    def identity_counts(self) -> tuple[int, int]:
        q = self.conn.execute
        return (q("SELECT COUNT(*) FROM entities").fetchone()[0],
                q("SELECT COUNT(*) FROM links").fetchone()[0])

    def entities(self) -> Iterator[Entity]:
        aliases: dict[str, list[str]] = {}
        for entity_id, alias in self.conn.execute("SELECT entity_id, alias FROM entity_aliases"):
            aliases.setdefault(entity_id, []).append(alias)
        for eid, name, kind, qid, ref, resolved in self.conn.execute(
                "SELECT * FROM entities ORDER BY id"):
            yield Entity(eid, name, kind, tuple(sorted(aliases.get(eid, ()))), qid, ref,
                         bool(resolved))

    def entity_mention_counts(self) -> Iterator[tuple[str, str, int]]:
        """(article_id, entity_id, number of mentions) for every entity an article names."""
        yield from self.conn.execute(
            "SELECT m.article_id, l.entity_id, COUNT(*) FROM mentions m JOIN links l"
            " ON l.article_id = m.article_id AND l.actor_id = m.actor_id"
            " GROUP BY m.article_id, l.entity_id ORDER BY m.article_id, l.entity_id")

    def links(self) -> dict[tuple[str, str], str]:
        """(article id, article actor id) -> entity id."""
        return {(a, x): e for a, x, e in
                self.conn.execute("SELECT article_id, actor_id, entity_id FROM links")}

    def actor_table(self, *, search: str | None = None, limit: int = 50) -> list[dict]:
        """Entities, most mentioned first: name, type, Wikidata id, mentions, articles, aliases;
        `search`: only those whose name or an alias contains it (any case)."""
        where, args = "", []
        if search:
            where = ("WHERE e.name LIKE ? OR e.id IN (SELECT entity_id FROM entity_aliases"
                     " WHERE alias LIKE ?)")
            args = [f"%{search}%"] * 2
        rows = self.conn.execute(
            "SELECT e.id, e.name, e.type, e.wikidata, e.resolved, COUNT(m.rowid),"
            " COUNT(DISTINCT m.article_id) FROM entities e"
            " LEFT JOIN links l ON l.entity_id = e.id"
            " LEFT JOIN mentions m ON m.article_id = l.article_id AND m.actor_id = l.actor_id"
            f" {where} GROUP BY e.id ORDER BY COUNT(m.rowid) DESC, e.name LIMIT ?",
            (*args, limit)).fetchall()
        out = []
        for eid, name, kind, qid, resolved, mentions, articles in rows:
            aliases = [a for (a,) in self.conn.execute(
                "SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias", (eid,))]
            out.append({"id": eid, "name": name, "type": kind, "wikidata": qid,
                        "resolved": bool(resolved), "mentions": mentions,
                        "articles": articles, "aliases": aliases})
        return out

    def rejected_names(self, *, search: str | None = None, limit: int = 50,
                       ) -> list[tuple[int, str, str, str]]:
        """(count, reason, type, name) of the names the junk filter rejected, most first."""
        where, args = ("WHERE text LIKE ?", [f"%{search}%"]) if search else ("", [])
        return self.conn.execute(
            f"SELECT COUNT(*), reason, type, text FROM rejected {where}"
            " GROUP BY reason, type, text ORDER BY COUNT(*) DESC, text LIMIT ?",
            (*args, limit)).fetchall()

    def text(self, article_id: str) -> str | None:
        """The cleaned text extraction read (headline, blank line, body): offsets index it."""
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None


def identity_sources_hash() -> str:
    """A hash of the identity stage's own code: a new one re-links the corpus. (The data and
    code extraction reads, the reference table among them, are in every stored article's
    fingerprint, which the identity state hashes too.)"""
    root = resources.files("graphbuild")
    digest = hashlib.sha256()
    for name in ("identity.py", "corrections.py", "evaluate.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()


def fingerprint(article: Article, extractor_version: str) -> str:
    return f"{article.content_hash}:{extractor_version}"


def _relation_row(article: Article, r: Relation) -> tuple:
    e = r.evidence
    # A relation is dated by the article that states it.
    return (article.id, r.subject_id, r.relation, r.object_id, r.role, r.status, e.sentence,
            e.start, e.end, e.extractor, e.confidence, e.modality, int(e.negated), article.date)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (KeyboardInterrupt too)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, exc, tb) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
