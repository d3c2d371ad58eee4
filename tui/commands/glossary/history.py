"""``concord glossary undo``, ``redo`` and ``history``: the recorded edits."""

from __future__ import annotations

import argparse
import json
import sys

from glossary.store import default_user
from tui.commands.glossary.common import history_json, open_store


def cmd_undo(args: argparse.Namespace) -> int:
    return _swing(args, redo=False)


def cmd_redo(args: argparse.Namespace) -> int:
    return _swing(args, redo=True)


def _swing(args: argparse.Namespace, redo: bool) -> int:
    """Undo (or redo) the latest edit and say which; 1 when there is nothing to do."""
    with open_store(args) as store:
        entry = store.redo(default_user()) if redo else store.undo(default_user())
    if entry is None:
        print(f"nothing to {'redo' if redo else 'undo'}", file=sys.stderr)
        return 1
    done = "redone" if redo else "undone"
    print(f"{done}: {entry.action} {entry.summary or ''} ({entry.at}, {entry.who})")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        entries = store.history(args.ref, args.limit)
    if args.json:
        print(json.dumps([history_json(h) for h in entries], ensure_ascii=False, indent=2))
    else:
        for h in entries:
            what = "added" if h.before is None else "removed" if h.after is None else "changed"
            flag = " (undone)" if h.undone else ""
            print(f"{h.at}\t{h.who}\t{h.action}\t{h.concept_id} {what}{flag}")
    return 0 if entries else 1
