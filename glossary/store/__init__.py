"""The termbase in the store's SQLite file, with a history of every edit for audit and undo.

Each concept is one row holding its JSON (the source of truth) plus an index of its terms
(``glossary_term``) for lookups, filters and duplicate checks. Every edit runs in one
transaction and is recorded as a *batch* in ``glossary_batch`` with one
``glossary_history`` row per concept touched (before and after, as JSON). Undo restores
the befores of the newest batch; redo re-applies its afters; a new edit drops the redo
stack. An import is one batch and one transaction: a failed import changes nothing.

* :class:`GlossaryStore` and its writes: :mod:`~glossary.store.termbase`; the tables and
  their triggers: :mod:`~glossary.store.schema`; a concept's JSON and term rows:
  :mod:`~glossary.store.rows`.
* Edits, undo, redo and history: :mod:`~glossary.store.history`; reads:
  :mod:`~glossary.store.queries`; header and people: :mod:`~glossary.store.info`.
* Imports: :mod:`~glossary.store.importing`, writing through the chunked buffer of
  :mod:`~glossary.store.buffer`.

This package's namespace is the public API; import from here.
"""

from glossary.store.history import HistoryEntry, default_user
from glossary.store.importing import ImportReport
from glossary.store.info import Person, TermbaseInfo
from glossary.store.queries import Duplicate
from glossary.store.rows import term_norm
from glossary.store.schema import MIGRATIONS
from glossary.store.termbase import GlossaryStore

__all__ = [
    "MIGRATIONS",
    "Duplicate",
    "GlossaryStore",
    "HistoryEntry",
    "ImportReport",
    "Person",
    "TermbaseInfo",
    "default_user",
    "term_norm",
]
