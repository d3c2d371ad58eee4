"""Importing concepts: one transaction and one history batch, however many concepts.

An error anywhere leaves the store unchanged. New concepts go through an
:class:`~glossary.store.buffer.ImportBuffer`; duplicates (a preferred term another concept
already holds) are reported, or merged into that concept.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from glossary.model import Concept, concept_to_dict, merge_concepts
from glossary.store.buffer import ImportBuffer
from glossary.store.queries import Duplicate
from glossary.store.rows import check_concept, dumps
from tm.gcpause import gc_paused

_CHUNK = 1000  # concepts an import looks up and writes at a time


@dataclass
class ImportReport:
    added: int = 0
    merged: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # incoming id -> id given (clash)
    batch_id: int | None = None


class ImportMixin:
    """The import of :class:`~glossary.store.GlossaryStore`.

    Uses the store's ``edit``, ``get`` and ``_write`` (to merge into a stored concept).
    """

    conn: sqlite3.Connection
    _batch: int | None

    def import_concepts(
        self,
        concepts: Iterable[Concept],
        who: str | None = None,
        *,
        merge: bool = False,
        source: str | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Add every concept in one transaction: an error anywhere leaves the store unchanged.

        A concept whose preferred term in some language is already the preferred term of
        another concept is a duplicate: reported, and with *merge* merged into that concept.
        """
        report = ImportReport()
        renamed_with_refs: list[int] = []
        n = 0
        with gc_paused(), self.edit("import", who, source) as batch:
            report.batch_id = batch
            buffer = ImportBuffer(self, batch)
            for chunk in _chunks(_checked(concepts), _CHUNK):
                buffer.start_chunk(chunk)
                for concept in chunk:
                    n += 1
                    dups = buffer.duplicates(concept)
                    report.duplicates.extend(dups)
                    if dups and merge:
                        buffer.flush()
                        buffer.forget_lookups()
                        target = self.get(dups[0].existing)
                        merge_concepts(target, concept)
                        self._write(target, target.db_id)
                        for dup in dups:
                            dup.merged = True
                        report.merged += 1
                    else:
                        wanted = concept.id
                        concept.id = buffer.free_id(wanted)
                        if wanted and wanted != concept.id:
                            report.renamed[wanted] = concept.id
                        db_id = buffer.add(concept)
                        if _has_cross_reference(concept):
                            renamed_with_refs.append(db_id)
                        report.added += 1
                    if on_progress and n % 500 == 0:
                        on_progress(n)
            buffer.flush()
            if report.renamed and renamed_with_refs:
                self._retarget(renamed_with_refs, report.renamed)
            summary = f"{source or 'import'}: {report.added} added, {report.merged} merged"
            self.conn.execute(
                "UPDATE glossary_batch SET summary = ? WHERE id = ?", (summary, batch)
            )
        return report

    def _retarget(self, db_ids: list[int], renamed: dict[str, str]) -> None:
        """Point cross-references of just-imported concepts at their concepts' new ids."""
        for db_id in db_ids:
            concept = self.get(db_id)
            changed = False
            for xref in _all_xrefs(concept):
                if xref.kind == "crossReference" and xref.target in renamed:
                    xref.target = renamed[xref.target]
                    changed = True
            if changed:
                data = dumps(concept_to_dict(concept))
                self.conn.execute(
                    "UPDATE glossary_concept SET data = ? WHERE id = ?", (data, db_id)
                )
                self.conn.execute(
                    "UPDATE glossary_history SET after = ? WHERE batch_id = ? AND concept_id = ?",
                    (data, self._batch, db_id),
                )


def _chunks(items: Iterable[Concept], size: int) -> Iterator[list[Concept]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _checked(concepts: Iterable[Concept]) -> Iterator[Concept]:
    for concept in concepts:
        check_concept(concept)
        yield concept


def _has_cross_reference(concept: Concept) -> bool:
    """True when *concept* or one of its sections or terms refers to another concept.

    Most cross-reference lists are empty, so each is tested before it is searched.
    """
    if concept.xrefs and _refers(concept.xrefs):
        return True
    for sec in concept.languages:
        if sec.xrefs and _refers(sec.xrefs):
            return True
        for term in sec.terms:
            if term.xrefs and _refers(term.xrefs):
                return True
    return False


def _refers(xrefs: list) -> bool:
    return any(x.kind == "crossReference" for x in xrefs)


def _all_xrefs(concept: Concept):
    yield from concept.xrefs
    for sec in concept.languages:
        yield from sec.xrefs
        for term in sec.terms:
            yield from term.xrefs
