"""The ``concord`` command line: one parser, one subcommand module per area.

Exit codes: 0 success; 1 findings (a check found problems, a lookup found nothing);
2 usage or input errors (bad flags, unreadable or malformed files); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tm import __version__
from tm.errors import ConcordError
from tui.commands import tm as tm_commands

EPILOG = """\
examples:
  concord tm import seeds/sasac-soe-press-conference-2024.en-zh-CN.tsv --src en --tgt zh-CN
  concord tm lookup "professional integration" --src en --tgt zh-CN
  concord --db team.db tm stats --json

The store is ./concord.db unless --db or $CONCORD_DB says otherwise.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="concord",
        description="Bilingual terminology and translation memory (English and Chinese first).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"concord {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="the store file (default: $CONCORD_DB or ./concord.db)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    tm_commands.register(sub)
    _register_optional(sub)
    return parser


def _register_optional(sub: argparse._SubParsersAction) -> None:
    """Areas built in separate modules register themselves when present."""
    import importlib

    for name in ("glossary", "align", "extract", "check", "pretranslate", "review"):
        try:
            module = importlib.import_module(f"tui.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tui.commands.{name}":
                raise
            continue
        module.register(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConcordError as exc:
        print(f"concord: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("concord: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (| head): not an error worth a traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
