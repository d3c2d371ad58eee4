"""``concord review``: the Textual workbench where translators review term candidates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tm.db import resolve_db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "review",
        help="review term candidates and curate the termbase (terminal UI)",
        description=(
            "Review extracted candidates and curate the termbase, keyboard first. "
            "Every decision is saved at once; u undoes it. Press ? inside for the keys."
        ),
        epilog=(
            "examples:\n"
            "  concord review\n"
            "  concord review terms.tbx            (imported into the store, then reviewed)\n"
            "  concord --db team.db review --src en --tgt zh-CN\n"
            "  concord check --format json > findings.json; concord review --findings findings.json\n"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", nargs="?", help="a TBX or CSV termbase to import and review")
    p.add_argument("--src", help="source language (default: en when present)")
    p.add_argument("--tgt", help="target language (default: Chinese when present)")
    p.add_argument("--no-memory", action="store_true", help="no concordance or fuzzy matches")
    p.add_argument(
        "--findings",
        metavar="FILE.json",
        help="open on the findings of a saved `concord check --format json` report",
    )
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from glossary.store import default_user
    from tui.app import make_review_app

    db_path = resolve_db_path(args.db)
    if args.file:
        from tui.screens.transfer import import_termbase

        report = import_termbase(db_path, Path(args.file), default_user())
        print(
            f"{args.file}: {report.added} concepts added, {report.merged} merged",
            file=sys.stderr,
        )
    app = make_review_app(
        db_path,
        src=args.src,
        tgt=args.tgt,
        use_memory=not args.no_memory,
        findings=args.findings,
    )
    app.run()
    return 0
