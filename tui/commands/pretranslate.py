"""``concord pretranslate``: fill PO, POT and XLIFF files from the memory, with a leverage report."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tm.errors import UsageError
from tm.lang import normalize_lang
from tm.store import SQLiteStore, open_store
from tui.progress import Progress

EPILOG = """\
examples:
  concord pretranslate new/os.pot -o os.po
  concord pretranslate python-docs/3.14 -o out/ --report
  concord pretranslate messages.xlf --in-place --min 85
  concord pretranslate docs/ --tm vendor.tmx --json         (an analysis: nothing is written)

Exact matches (identical source) fill the translation; in-context ones (same msgctxt, or the
same neighbours) rank first. Fuzzy matches fill it marked for review: PO "#, fuzzy" and a
"# Concord: 87% match from FILE:LINE" comment; XLIFF 1.2 state needs-review-translation and an
alt-trans; XLIFF 2 state initial and the matches module. A fill whose placeholders or numbers
differ from the source is only a suggestion. Chinese words are counted as characters.
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pretranslate",
        help="fill PO/POT/XLIFF files from the memory (exact and fuzzy), with a leverage report",
        description="Pre-translate PO, POT and XLIFF files (and .xlz archives) from the translation memory alone.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "inputs", nargs="+", metavar="IN", help="PO, POT or XLIFF (.xlz) files or folders"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="output file, or folder mirroring IN")
    p.add_argument("--in-place", action="store_true", help="write each IN over itself")
    p.add_argument("--min", type=float, default=75.0, help="minimum fuzzy score (default 75)")
    p.add_argument(
        "--tm",
        action="append",
        metavar="FILE.tmx",
        help="use this TMX too (repeatable); without --db, instead of the store",
    )
    p.add_argument("--src", type=_lang, help="source language (PO default en; XLIFF: the file's)")
    p.add_argument("--tgt", type=_lang, help="target language (default: the file's)")
    p.add_argument("--overwrite", action="store_true", help="refill entries already translated")
    p.add_argument("--report", action="store_true", help="print the leverage table")
    p.add_argument("--json", action="store_true", help="print the report as a JSON object")
    p.add_argument("--jobs", type=int, help="worker processes for fuzzy matching")
    p.set_defaults(func=cmd_pretranslate)


def _lang(value: str) -> str:
    try:
        return normalize_lang(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


@contextlib.contextmanager
def _stores(
    db: str | None, tmx_files: list[str] | None
) -> Iterator[tuple[list, SQLiteStore | None]]:
    """The stores to search: the store (unless only TMX files are given) and the TMX files'."""
    with contextlib.ExitStack() as stack:
        stores = []
        main = None
        if db is not None or not tmx_files:
            main = stack.enter_context(open_store(db))
            stores.append(main)
        if tmx_files:
            from tm.importer import import_files
            from tm.search import Memory

            for path in tmx_files:
                if not path.lower().endswith(".tmx"):
                    raise UsageError(f"{path}: --tm takes a .tmx file")
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="concord-tm-"))
            store = stack.enter_context(SQLiteStore(Path(tmp) / "tm.db"))
            import_files(store, tmx_files)
            Memory(store).refresh()
            stores.append(store)
        yield stores, main


def cmd_pretranslate(args: argparse.Namespace) -> int:
    # imported here: building the parser for any command should not load pre-translation
    from tm.pretranslate import MatchFinder, memory_target, plan_jobs, pretranslate

    if not 0 <= args.min <= 100:
        raise UsageError("--min must be between 0 and 100")
    writes = args.output is not None or args.in_place
    if not writes and not (args.report or args.json):
        raise UsageError("give -o OUT or --in-place to write, or --report/--json for an analysis")
    jobs = plan_jobs(args.inputs, args.output, args.in_place)
    with _stores(args.db, args.tm) as (stores, main), Progress(None, "pretranslating") as progress:

        def finder_for(src: str, tgt: str) -> MatchFinder:
            return MatchFinder(stores, src, tgt, min_score=args.min, jobs=args.jobs)

        report = pretranslate(
            jobs,
            finder_for,
            overwrite=args.overwrite,
            src=args.src,
            tgt=args.tgt,
            record_usage=main is not None,
            default_tgt=args.tgt or memory_target(stores, args.src),
            on_progress=lambda label: progress.update(0, label),
        )
    failed = [f for f in report.files if f.error]
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        if args.report or not writes:
            print(report.table())
        total = report.totals()
        done = len(report.files) - len(failed)
        where = f" to {args.output}" if args.output else (" in place" if args.in_place else "")
        verb = "written" if writes else "analysed"
        print(
            f"{done} file(s) {verb}{where}: {total.filled_exact} exact, "
            f"{total.filled_fuzzy} fuzzy, {total.segments - total.filled_exact - total.filled_fuzzy}"
            f" not filled ({report.seconds:.1f} s)"
        )
    for f in failed:
        print(f"concord: error: {f.error} (file not written)", file=sys.stderr)
    return 2 if failed else 0
