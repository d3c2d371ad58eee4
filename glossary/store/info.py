"""What a termbase file says about itself (header paragraphs, people), kept with the terms.

TBX files carry these in their header and back matter; the store keeps them so an export
writes them back.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, field


@dataclass
class Person:
    """Someone a transaction names (TBX back matter: ``refObject`` of type respPerson)."""

    id: str
    name: str | None = None
    items: list[tuple[str, str]] = field(default_factory=list)  # (item type, text), e.g. fn, email


@dataclass
class TermbaseInfo:
    """What a termbase file says about itself: header paragraphs and the people it names."""

    header: list[tuple[str, str]] = field(default_factory=list)  # (section, text), e.g. sourceDesc
    people: list[Person] = field(default_factory=list)


class InfoMixin:
    """The termbase-level information of :class:`~glossary.store.GlossaryStore`.

    Uses the store's ``edit`` (and ``_batch``, the edit in progress) for its writes.
    """

    conn: sqlite3.Connection
    _batch: int | None

    def info(self) -> TermbaseInfo:
        row = self.conn.execute("SELECT value FROM glossary_meta WHERE key = 'header'").fetchone()
        header = [tuple(p) for p in json.loads(row[0])] if row else []
        people = [
            Person(pid, name, [tuple(i) for i in json.loads(data or "[]")])
            for pid, name, data in self.conn.execute(
                "SELECT id, name, data FROM glossary_person ORDER BY rowid"
            )
        ]
        return TermbaseInfo(header, people)

    def save_info(self, info: TermbaseInfo) -> None:
        """Add *info*'s header paragraphs and people to the termbase's (inside an edit or not)."""
        with self.edit("info") if self._batch is None else contextlib.nullcontext():
            current = self.info()
            header = list(current.header)
            for item in info.header:
                if tuple(item) not in header:
                    header.append(tuple(item))
            self.conn.execute(
                "INSERT INTO glossary_meta(key, value) VALUES ('header', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (json.dumps(header, ensure_ascii=False),),
            )
            for person in info.people:
                self.conn.execute(
                    "INSERT INTO glossary_person(id, name, data) VALUES (?, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data",
                    (person.id, person.name, json.dumps(person.items, ensure_ascii=False)),
                )
