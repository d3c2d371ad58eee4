"""The embedded store's SQLite file: opening it, its pragmas and its schema migrations.

The memory (``tm.store``) and the termbase (``glossary``) share one file. Each component
keeps its own list of migrations and its own version row in ``schema_version``, so either
can evolve without the other knowing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from tm.errors import StoreError

DEFAULT_DB = "concord.db"

# A migration is SQL text (run as a script) or a function taking the connection.
Migration = str | Callable[[sqlite3.Connection], None]


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` wins, then ``$CONCORD_DB``, then ``./concord.db``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("CONCORD_DB")
    return Path(env) if env else Path(DEFAULT_DB)


def connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """Open (creating if needed) the store file with Concord's settings.

    WAL lets readers (a review UI) work while an import writes; ``synchronous=FULL``
    makes a committed import survive power loss. Transactions are explicit
    (``isolation_level=None``): every import or edit is one ``BEGIN ... COMMIT``.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
    return conn


def schema_version(conn: sqlite3.Connection, component: str) -> int:
    row = conn.execute(
        "SELECT version FROM schema_version WHERE component = ?", (component,)
    ).fetchone()
    return row[0] if row else 0


def apply_migrations(
    conn: sqlite3.Connection, component: str, migrations: Sequence[Migration]
) -> None:
    """Bring *component*'s tables to the newest version, one transaction per step.

    Version N means the first N migrations have run. A store written by a newer Concord
    (a version above what this code knows) is refused rather than damaged.
    """
    current = schema_version(conn, component)
    if current > len(migrations):
        raise StoreError(
            f"the store's {component} schema is version {current}, newer than this "
            f"Concord knows ({len(migrations)}); upgrade Concord"
        )
    for version, step in enumerate(migrations[current:], start=current + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in _split_sql(step):
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version(component, version) VALUES (?, ?) "
                "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                (component, version),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit early)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
