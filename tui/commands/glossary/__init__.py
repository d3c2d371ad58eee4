"""``concord glossary ...``: the termbase on the command line.

Exit codes: 0 success; 1 nothing found (list, show, lookup, search) or violations
(validate); 2 usage or input errors.

The parsers are all in :mod:`~tui.commands.glossary.parser`; the handlers by topic:
import, export and validate (:mod:`~tui.commands.glossary.transfer`); list, show and
stats (:mod:`~tui.commands.glossary.show`); add, edit and remove
(:mod:`~tui.commands.glossary.edit`); undo, redo and history
(:mod:`~tui.commands.glossary.history`); lookup and search
(:mod:`~tui.commands.glossary.lookup`). What they share is in
:mod:`~tui.commands.glossary.common`.
"""

from tui.commands.glossary.parser import register

__all__ = ["register"]
