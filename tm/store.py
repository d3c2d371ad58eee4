"""Where the memory lives: a small store interface and its SQLite implementation.

``MemoryStore`` is what the rest of Concord uses; ``SQLiteStore`` keeps units in the
embedded store file. A shared PostgreSQL store for teams implements the same protocol.

Writes happen inside :meth:`SQLiteStore.transaction` (one ``BEGIN IMMEDIATE .. COMMIT``):
an import that fails or is killed half-way leaves the store as it was. Units are
deduplicated by :meth:`TranslationUnit.content_key`, so running the same import again adds
nothing.

A pair found in several files (a string repeated across the PO files of a project) is one
unit with one origin per file and line, in ``tm_origins``: pre-translation needs the unit's
neighbours in each file to find in-context matches. The unit's ``origin_file`` and
``origin_line`` columns keep the first origin, which listings show. A file imported again (a
new version of it) replaces its origins, every one that names it, so that neighbours always
come from one version of a file.

A TMX exported by Concord carries every origin of each unit (:mod:`tm.tmx`). Importing it
records those origins for its units instead of the TMX's own lines, and only adds them
(``INSERT OR IGNORE``): reading the TMX replaces the origins of the TMX itself, never those of
the files its props name, so a TMX naming ``docs/a.po`` leaves every origin the store has in
``docs/a.po`` as it was and its units join them. A memory exported and imported elsewhere
finds the same in-context matches. Reading ``docs/a.po`` itself again later replaces every
origin in it, those a TMX brought included.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tm import db
from tm.errors import StoreError
from tm.unit import Origin, TranslationUnit, Variant, utc_now

MIGRATIONS: list[db.Migration] = [
    """
    CREATE TABLE tm_units (
        id INTEGER PRIMARY KEY,
        content_key TEXT NOT NULL UNIQUE,
        tuid TEXT,
        context TEXT,
        origin_file TEXT,
        origin_line INTEGER,
        notes TEXT,
        props TEXT,
        attrs TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT,
        changed_at TEXT,
        changed_by TEXT,
        usage_count INTEGER NOT NULL DEFAULT 0,
        last_used_at TEXT
    );
    CREATE TABLE tm_variants (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES tm_units(id) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        markup TEXT,
        notes TEXT,
        props TEXT,
        attrs TEXT
    );
    CREATE INDEX tm_variants_unit ON tm_variants(unit_id);
    CREATE INDEX tm_variants_lang ON tm_variants(lang, unit_id);
    CREATE INDEX tm_units_origin ON tm_units(origin_file);
    CREATE TABLE tm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO tm_meta(key, value) VALUES ('rewrite_generation', '0');
    """,
    # Every origin of a unit, not only the first. Line 0 stands for "no line" so that the key
    # (NULLs are all distinct in SQLite keys) keeps a re-import from adding the origin again.
    """
    CREATE TABLE tm_origins (
        unit_id INTEGER NOT NULL REFERENCES tm_units(id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (unit_id, file, line)
    ) WITHOUT ROWID;
    INSERT INTO tm_origins(unit_id, file, line)
        SELECT id, origin_file, COALESCE(origin_line, 0) FROM tm_units
        WHERE origin_file IS NOT NULL;
    """,
    # A file read again replaces its origins (SQLiteStore._forget_places): found by file.
    """
    CREATE INDEX tm_origins_file ON tm_origins(file);
    """,
]


@dataclass
class AddResult:
    added: int = 0
    duplicates: int = 0
    origins: int = 0  # origins recorded that the store did not have (new units' included)
    languages: set[str] = field(default_factory=set)


class MemoryStore(Protocol):
    """What Concord needs from a memory store (SQLite now, PostgreSQL for teams later)."""

    path: Path

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...
    def savepoint(self, name: str) -> contextlib.AbstractContextManager[None]: ...
    def add_units(self, units: Iterable[TranslationUnit]) -> AddResult: ...
    def get_units(self, ids: Sequence[int]) -> list[TranslationUnit]: ...
    def origins(self, ids: Sequence[int]) -> dict[int, list[Origin]]: ...
    def iter_units(
        self, langs: Sequence[str] | None = None, *, with_origins: bool = False
    ) -> Iterator[TranslationUnit]: ...
    def iter_texts(self, lang: str, after_id: int = 0) -> Iterator[tuple[int, str]]: ...
    def language_tags(self) -> list[str]: ...
    def delete_units(self, ids: Sequence[int]) -> int: ...
    def record_usage(self, ids: Sequence[int]) -> None: ...
    def count_units(self) -> int: ...
    def max_unit_id(self) -> int: ...
    def rewrite_generation(self) -> int: ...
    def stats(self) -> dict: ...
    def close(self) -> None: ...


def _dump(value: list | dict) -> str | None:
    return json.dumps(value, ensure_ascii=False) if value else None


def _load_list(text: str | None) -> list:
    return json.loads(text) if text else []


class SQLiteStore:
    """The memory in the embedded SQLite store file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.conn = db.connect(self.path)
        db.apply_migrations(self.conn, "tm", MIGRATIONS)
        self._in_transaction = False
        # Files this transaction has read (their origins replaced): their units before.
        self._had: dict[str, set[int]] = {}

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one."""
        if self._in_transaction:
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        self._had = {}
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        finally:
            self._in_transaction = False

    @contextlib.contextmanager
    def savepoint(self, name: str) -> Iterator[None]:
        """A part of a transaction that can fail alone (one file of a ``--keep-going`` batch).

        A rollback restores which files the transaction has read too: a file whose origins
        the failed part replaced has them back, and is replaced again when read later.
        """
        sp = f'"{name.replace(chr(34), "")}"'
        had = dict(self._had)  # its sets are replaced, never changed: a shallow copy will do
        self.conn.execute(f"SAVEPOINT {sp}")
        try:
            yield
            self.conn.execute(f"RELEASE {sp}")
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {sp}")
            self.conn.execute(f"RELEASE {sp}")
            self._had = had
            raise

    # -- writing --------------------------------------------------------------------------

    def add_units(self, units: Iterable[TranslationUnit]) -> AddResult:
        """Insert units not already present (same content key); must run in a transaction.

        A unit's origins are :meth:`TranslationUnit.recorded_origins` (those a Concord TMX
        export carries, else the place it was read from). A unit already present gains the
        new unit's origins (file and line) it did not have.

        The first unit of a file read (its ``origin_file``) replaces the origins the store
        had in that file (:meth:`_forget_places`), once a transaction. Origins a unit carries
        (:attr:`TranslationUnit.origins`) replace nothing: they are added to the files they
        name, whatever origins those files have.
        """
        if not self._in_transaction:
            raise StoreError("add_units must run inside store.transaction()")
        result = AddResult()
        now = utc_now()
        cur = self.conn.cursor()
        for unit in units:
            # Only the file being read replaces its origins; those a unit carries from another
            # memory (a TMX export) are added to what the store knows of their files.
            if unit.origin_file and unit.origin_file not in self._had:
                self._forget_places(cur, unit.origin_file)
            origins = unit.recorded_origins()
            first = origins[0] if origins else None
            key = unit.content_key()
            row = (
                key,
                unit.tuid,
                unit.context,
                first.file if first else None,
                first.line if first else None,
                _dump(unit.notes),
                _dump([list(p) for p in unit.props]),
                _dump(unit.attrs),
                unit.created_at or now,
                unit.created_by,
                unit.changed_at,
                unit.changed_by,
                unit.usage_count,
                unit.last_used_at,
            )
            cur.execute(
                "INSERT OR IGNORE INTO tm_units(content_key, tuid, context, origin_file,"
                " origin_line, notes, props, attrs, created_at, created_by, changed_at,"
                " changed_by, usage_count, last_used_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                row,
            )
            if not cur.rowcount:
                result.duplicates += 1
                if origins:  # the same pair in another file (or the same again)
                    found = cur.execute(
                        "SELECT id FROM tm_units WHERE content_key = ?", (key,)
                    ).fetchone()
                    if found:
                        for origin in origins:
                            # The unit came first from this file: its place there is the new one.
                            cur.execute(
                                "UPDATE tm_units SET origin_line = ? WHERE id = ?"
                                " AND origin_file = ? AND origin_line IS NULL",
                                (origin.line, found[0], origin.file),
                            )
                            result.origins += self._add_origin(cur, found[0], origin)
                continue
            unit_id = cur.lastrowid
            unit.id = unit_id
            for origin in origins:
                result.origins += self._add_origin(cur, unit_id, origin)
            cur.executemany(
                "INSERT INTO tm_variants(unit_id, lang, text, markup, notes, props, attrs)"
                " VALUES (?,?,?,?,?,?,?)",
                [
                    (
                        unit_id,
                        v.lang,
                        v.text,
                        v.markup,
                        _dump(v.notes),
                        _dump([list(p) for p in v.props]),
                        _dump(v.attrs),
                    )
                    for v in unit.variants
                ],
            )
            result.added += 1
            result.languages.update(v.lang for v in unit.variants)
        return result

    def _forget_places(self, cur: sqlite3.Cursor, file: str) -> None:
        """A file read again replaces its origins: its entries may have moved (a new
        version), and neighbours must come from one version of it. Units that came first
        from it keep the file, and take their new line when they are read again."""
        had = cur.execute("SELECT unit_id FROM tm_origins WHERE file = ?", (file,))
        self._had[file] = {uid for (uid,) in had}  # reading it again finds nothing new there
        cur.execute("DELETE FROM tm_origins WHERE file = ?", (file,))
        cur.execute("UPDATE tm_units SET origin_line = NULL WHERE origin_file = ?", (file,))

    def _add_origin(self, cur: sqlite3.Cursor, unit_id: int, origin: Origin) -> int:
        """Record an origin; 1 if the unit was not known from this file before (a new line
        of a file read again is the same origin moved)."""
        cur.execute(
            "INSERT OR IGNORE INTO tm_origins(unit_id, file, line) VALUES (?,?,?)",
            (unit_id, origin.file, origin.line or 0),
        )
        had = self._had.get(origin.file, ())
        return int(cur.rowcount > 0 and unit_id not in had)

    def delete_units(self, ids: Sequence[int]) -> int:
        with self.transaction():
            deleted = 0
            for chunk in _chunks(list(ids), 500):
                marks = ",".join("?" * len(chunk))
                cur = self.conn.execute(f"DELETE FROM tm_units WHERE id IN ({marks})", chunk)
                deleted += cur.rowcount
            if deleted:
                self._bump_rewrite_generation()
            return deleted

    def record_usage(self, ids: Sequence[int]) -> None:
        """Count that these units were used (a pre-translation took them)."""
        now = utc_now()
        with self.transaction():
            self.conn.executemany(
                "UPDATE tm_units SET usage_count = usage_count + 1, last_used_at = ? WHERE id = ?",
                [(now, i) for i in ids],
            )

    def _bump_rewrite_generation(self) -> None:
        # Deletions and edits invalidate persisted indexes; additions only extend them.
        self.conn.execute(
            "UPDATE tm_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rewrite_generation'"
        )

    # -- reading --------------------------------------------------------------------------

    def rewrite_generation(self) -> int:
        row = self.conn.execute(
            "SELECT value FROM tm_meta WHERE key = 'rewrite_generation'"
        ).fetchone()
        return int(row[0]) if row else 0

    def count_units(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM tm_units").fetchone()[0]

    def max_unit_id(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM tm_units").fetchone()[0]

    def iter_texts(self, lang: str, after_id: int = 0) -> Iterator[tuple[int, str]]:
        """(unit id, plain text) of every variant in *lang*, for building indexes."""
        yield from self.conn.execute(
            "SELECT unit_id, text FROM tm_variants WHERE lang = ? AND unit_id > ? ORDER BY unit_id",
            (lang, after_id),
        )

    def language_tags(self) -> list[str]:
        """The languages present, cheaply: one index probe per language, not a table scan."""
        rows = self.conn.execute(
            "WITH RECURSIVE tags(lang) AS ("
            " SELECT MIN(lang) FROM tm_variants"
            " UNION ALL SELECT (SELECT MIN(lang) FROM tm_variants WHERE lang > tags.lang)"
            " FROM tags WHERE tags.lang IS NOT NULL)"
            " SELECT lang FROM tags WHERE lang IS NOT NULL"
        )
        return [row[0] for row in rows]

    def languages(self) -> dict[str, int]:
        """Units per language (counts every variant: use :meth:`language_tags` for the list)."""
        return dict(
            self.conn.execute(
                "SELECT lang, COUNT(DISTINCT unit_id) FROM tm_variants GROUP BY lang ORDER BY 2 DESC"
            )
        )

    def get_units(self, ids: Sequence[int]) -> list[TranslationUnit]:
        """The units with these ids, in the order asked (missing ids are left out)."""
        found: dict[int, TranslationUnit] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT {_UNIT_COLUMNS} FROM tm_units WHERE id IN ({marks})", chunk
            )
            units = {row[0]: _unit_from_row(row) for row in rows}
            for v in self.conn.execute(
                f"SELECT unit_id, {_VARIANT_COLUMNS} FROM tm_variants WHERE unit_id IN ({marks})"
                " ORDER BY id",
                chunk,
            ):
                units[v[0]].variants.append(_variant_from_row(v[1:]))
            found.update(units)
        return [found[i] for i in ids if i in found]

    def origins(self, ids: Sequence[int]) -> dict[int, list[Origin]]:
        """Every place each of these units was read from, the unit's own (first) origin first.

        Units without a recorded origin are left out.
        """
        found: dict[int, list[Origin]] = {}
        for chunk in _chunks(list(dict.fromkeys(ids)), 500):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                "SELECT o.unit_id, o.file, o.line FROM tm_origins o"
                " JOIN tm_units u ON u.id = o.unit_id"
                f" WHERE o.unit_id IN ({marks})"
                " ORDER BY o.unit_id,"
                " (o.file IS u.origin_file AND o.line = COALESCE(u.origin_line, 0)) DESC,"
                " o.file, o.line",
                chunk,
            )
            for uid, file, line in rows:
                found.setdefault(uid, []).append(Origin(file, line or None))
        return found

    def iter_units(
        self, langs: Sequence[str] | None = None, batch: int = 2000, *, with_origins: bool = False
    ) -> Iterator[TranslationUnit]:
        """Every unit in id order, streamed in batches (flat memory on a million units).

        With *langs*, only units that have a variant in each of those languages. With
        *with_origins*, each unit's ``origins`` lists every origin, its own first (what an
        export needs to carry them; one more query a batch).
        """
        last = 0
        while True:
            if langs:
                where = " AND ".join(
                    "EXISTS (SELECT 1 FROM tm_variants v WHERE v.unit_id = tm_units.id AND v.lang = ?)"
                    for _ in langs
                )
                params: list = [last, *langs, batch]
                sql = f"SELECT id FROM tm_units WHERE id > ? AND {where} ORDER BY id LIMIT ?"
            else:
                params = [last, batch]
                sql = "SELECT id FROM tm_units WHERE id > ? ORDER BY id LIMIT ?"
            ids = [row[0] for row in self.conn.execute(sql, params)]
            if not ids:
                return
            units = self.get_units(ids)
            if with_origins:
                found = self.origins(ids)
                for unit in units:
                    # A unit whose file was read again without it keeps the file, lineless.
                    unit.origins = found.get(unit.id) or unit.recorded_origins()
            yield from units
            last = ids[-1]

    def stats(self) -> dict:
        """Counts for ``concord tm stats``: units, variants per language, pairs, origins."""
        origins = [
            {"origin": origin or "(unknown)", "units": n}
            for origin, n in self.conn.execute(
                "SELECT origin_file, COUNT(*) FROM tm_units GROUP BY origin_file ORDER BY 2 DESC, 1"
            )
        ]
        pairs = [
            {"languages": [a, b], "units": n}
            for a, b, n in self.conn.execute(
                "SELECT a.lang, b.lang, COUNT(DISTINCT a.unit_id) FROM tm_variants a"
                " JOIN tm_variants b ON a.unit_id = b.unit_id AND a.lang < b.lang"
                " GROUP BY a.lang, b.lang ORDER BY 3 DESC"
            )
        ]
        dates = self.conn.execute(
            "SELECT MIN(created_at), MAX(COALESCE(changed_at, created_at)) FROM tm_units"
        ).fetchone()
        return {
            "store": str(self.path),
            "units": self.count_units(),
            "variants": self.conn.execute("SELECT COUNT(*) FROM tm_variants").fetchone()[0],
            "languages": self.languages(),
            "pairs": pairs,
            "origins": origins,
            "oldest": dates[0],
            "newest": dates[1],
            "size_bytes": _file_size(self.path),
        }


_UNIT_COLUMNS = (
    "id, tuid, context, origin_file, origin_line, notes, props, attrs, created_at, created_by,"
    " changed_at, changed_by, usage_count, last_used_at"
)
_VARIANT_COLUMNS = "lang, text, markup, notes, props, attrs"


def _unit_from_row(row: Sequence) -> TranslationUnit:
    (uid, tuid, context, ofile, oline, notes, props, attrs, cat, cby, chat, chby, usage, last) = row
    return TranslationUnit(
        variants=[],
        tuid=tuid,
        context=context,
        origin_file=ofile,
        origin_line=oline,
        notes=_load_list(notes),
        props=[tuple(p) for p in _load_list(props)],
        attrs=json.loads(attrs) if attrs else {},
        created_at=cat,
        created_by=cby,
        changed_at=chat,
        changed_by=chby,
        usage_count=usage,
        last_used_at=last,
        id=uid,
    )


def _variant_from_row(row: Sequence) -> Variant:
    lang, text, markup, notes, props, attrs = row
    return Variant(
        lang=lang,
        text=text,
        markup=markup,
        notes=_load_list(notes),
        props=[tuple(p) for p in _load_list(props)],
        attrs=json.loads(attrs) if attrs else {},
    )


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def open_store(path: str | os.PathLike[str] | None = None) -> SQLiteStore:
    """Open the store at *path* (or ``$CONCORD_DB``, or ``./concord.db``)."""
    try:
        return SQLiteStore(db.resolve_db_path(path))
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a Concord store: {exc}") from exc
