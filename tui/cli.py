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
from tui.commands import align, check, extract, glossary, pretranslate, review, tm

EPILOG = """\
examples:
  concord align seeds/sasac-soe-press-conference-2024.en.txt \\
                seeds/sasac-soe-press-conference-2024.zh-CN.txt
  concord extract --src en --tgt zh-CN --top 60     # candidates from the memory
  concord review                                    # approve them in the terminal UI
  concord tm lookup "professional integration" --src en --tgt zh-CN
  concord check po/ --format junit > check.xml
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
    # Each module defines its parser only; heavy libraries load inside its handlers, so
    # starting the command line stays fast (tests/test_cli_startup.py).
    for commands in (tm, align, extract, glossary, review, check, pretranslate):
        commands.register(sub)
    _db_after_the_command(parser)
    return parser


def _db_after_the_command(parser: argparse.ArgumentParser) -> None:
    """Let ``--db`` stand after the command too (``concord align A B --db X.db``), as people
    type it. SUPPRESS keeps the value given before the command when it is not repeated."""
    for action in parser._actions:  # argparse keeps its subcommands there and nowhere else
        if isinstance(action, argparse._SubParsersAction):
            for child in set(action.choices.values()):
                if not any("--db" in a.option_strings for a in child._actions):
                    child.add_argument(
                        "--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS
                    )
                _db_after_the_command(child)


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
