"""``concord tm ...``: build, search and export the translation memory."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tm.atomic import atomic_write
from tm.errors import InputError, UsageError
from tm.lang import normalize_lang
from tm.store import SQLiteStore, open_store
from tui.progress import Progress

if TYPE_CHECKING:  # the search loads numpy and RapidFuzz: only in commands that search
    from tm.search import ConcordanceLine, Match


def register(sub: argparse._SubParsersAction) -> None:
    tm = sub.add_parser(
        "tm",
        help="translation memory: import, lookup, concordance, export, stats",
        description="Build and search the translation memory.",
        epilog='example:\n  concord tm lookup "professional integration" --src en --tgt zh-CN',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    tm_sub = tm.add_subparsers(dest="tm_command", metavar="COMMAND")
    tm_sub.required = True
    _add_import(tm_sub)
    _add_export(tm_sub)
    _add_lookup(tm_sub)
    _add_concordance(tm_sub)
    _add_stats(tm_sub)
    _add_reindex(tm_sub)


def _parser(sub: argparse._SubParsersAction, name: str, help: str, examples: str):
    return sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _lang(value: str) -> str:
    try:
        return normalize_lang(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


# -- import ---------------------------------------------------------------------------------


def _add_import(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub,
        "import",
        "import TMX, PO/POT, bilingual TSV and XLIFF (also .xlz) files or folders into the memory",
        "  concord tm import memory.tmx\n"
        "  concord tm import ../shared/corpora/python-docs-zh-cn/3.13 --src en --tgt zh-CN\n"
        "  concord tm import pairs.tsv --src zh-CN --tgt en --keep-going",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="files or folders to import")
    p.add_argument("--src", type=_lang, help="source language (PO default en; TSV needs it)")
    p.add_argument("--tgt", type=_lang, help="target language (PO default: its Language header)")
    p.add_argument(
        "--keep-going", action="store_true", help="import the good files and list the bad ones"
    )
    p.add_argument("--include-fuzzy", action="store_true", help="import fuzzy PO entries too")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from tm.importer import import_files
    from tm.search import Memory

    with open_store(args.db) as store, Progress(None, "importing") as progress:

        def on_file(number: int, total: int, name: str) -> None:
            from tui.widgets.cells import truncate_start

            progress.total = total
            progress.update(number - 1, f"importing {truncate_start(name, 40)}")

        reports = import_files(
            store,
            args.files,
            src=args.src,
            tgt=args.tgt,
            keep_going=args.keep_going,
            include_fuzzy=args.include_fuzzy,
            on_file=on_file,
        )
        progress.update(len(reports), "indexing")
        Memory(store).refresh()
    bad = [r for r in reports if r.error]
    if args.json:
        print(json.dumps([r.__dict__ for r in reports], ensure_ascii=False, indent=1))
    else:
        added = sum(r.added for r in reports)
        dups = sum(r.duplicates for r in reports)
        skipped: dict[str, int] = {}
        for r in reports:
            for reason, n in r.skipped.items():
                skipped[reason] = skipped.get(reason, 0) + n
        print(
            f"{len(reports) - len(bad)} file(s) imported: {added} units added, {dups} already there"
        )
        for reason, n in sorted(skipped.items()):
            print(f"  skipped {n} {reason}")
        for r in bad:
            print(f"concord: error: {r.error} (file not imported)", file=sys.stderr)
    return 2 if bad else 0


# -- export ---------------------------------------------------------------------------------


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub,
        "export",
        "export the memory as TMX, PO or TSV (written atomically)",
        "  concord tm export memory.tmx\n"
        "  concord tm export memory.tmx --src en --tgt zh-CN\n"
        "  concord tm export zh-en.po --src zh-CN --tgt en",
    )
    p.add_argument("output", metavar="OUT", help="OUT.tmx, OUT.po or OUT.tsv")
    p.add_argument("--src", type=_lang, help="source language (default: the largest pair's first)")
    p.add_argument("--tgt", type=_lang, help="target language (TMX: all languages when omitted)")
    p.set_defaults(func=cmd_export)


def _default_pair(store: SQLiteStore) -> tuple[str, str]:
    pairs = store.stats()["pairs"]
    if not pairs:
        raise UsageError("the memory is empty: nothing to export")
    a, b = pairs[0]["languages"]
    return (a, b) if a.startswith("en") else (b, a)


def cmd_export(args: argparse.Namespace) -> int:
    from tm.importer import detect_format

    out = Path(args.output)
    fmt = detect_format(out)
    if fmt not in ("tmx", "po", "tsv"):
        raise UsageError(f"{out}: export writes .tmx, .po or .tsv")
    with open_store(args.db) as store:
        if bool(args.src) != bool(args.tgt) or fmt != "tmx":
            src, tgt = (args.src, args.tgt) if args.src and args.tgt else _default_pair(store)
            src, tgt = args.src or src, args.tgt or tgt
        else:
            src, tgt = args.src, args.tgt
        langs = [src, tgt] if src and tgt else None
        total = store.count_units()
        with Progress(total, "exporting") as progress:
            # Only TMX carries every origin of a unit (tm.tmx); PO and TSV have no place for them.
            units = store.iter_units(langs, with_origins=fmt == "tmx")
            units = _counting(units, progress)
            with atomic_write(out) as fh:
                written = _write(fmt, fh, units, src, tgt, langs)
    print(f"{written} units written to {out}")
    return 0


def _counting(units: Iterable, progress: Progress):
    for unit in units:
        progress.advance()
        yield unit


def _write(fmt: str, fh, units, src: str | None, tgt: str | None, langs) -> int:
    if fmt == "tmx":
        from tm.tmx import write_tmx

        return write_tmx(fh, units, srclang=src or "*all*", langs=langs)
    if fmt == "po":
        from tm.pofile import write_po

        return write_po(fh, units, src_lang=src, tgt_lang=tgt)
    from tm.tsvfile import write_tsv

    return write_tsv(fh, units, src_lang=src, tgt_lang=tgt)


# -- lookup ---------------------------------------------------------------------------------


def _add_lookup(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub,
        "lookup",
        "fuzzy matches from the memory for a sentence (or a file of sentences)",
        '  concord tm lookup "professional integration" --src en --tgt zh-CN -n 5 --min 75\n'
        "  concord tm lookup 压舱石 --src zh-CN --tgt en --json\n"
        "  concord tm lookup --file queries.txt --json > matches.jsonl",
    )
    p.add_argument("text", nargs="?", help="the sentence to look up")
    p.add_argument("--file", metavar="QUERIES", help="one query a line ('-' for stdin)")
    p.add_argument("--src", type=_lang, default="en", help="language of the query (default en)")
    p.add_argument("--tgt", type=_lang, default="zh-CN", help="language wanted (default zh-CN)")
    p.add_argument("-n", "--limit", type=int, default=5, help="matches per query (default 5)")
    p.add_argument("--min", type=float, default=75.0, help="minimum score 0-100 (default 75)")
    p.add_argument("--context", help="prefer units with this context (msgctxt)")
    p.add_argument("--json", action="store_true", help="JSON: one object per query, a line each")
    p.set_defaults(func=cmd_lookup)


# Queries looked up before their matches' origins are fetched (one store query for the lot)
# and printed: few enough that a long --file still streams its output.
LOOKUP_BATCH = 100


def cmd_lookup(args: argparse.Namespace) -> int:
    from tm.search import Memory

    if bool(args.text) == bool(args.file):
        raise UsageError("give either TEXT or --file QUERIES")
    if not 0 <= args.min <= 100:
        raise UsageError("--min must be between 0 and 100")
    queries = [args.text] if args.text else _read_queries(args.file)
    found_any = False
    with open_store(args.db) as store:
        memory = Memory(store)

        def look(query: str) -> list[Match]:
            return memory.lookup(
                query, args.src, args.tgt, args.limit, min_score=args.min, context=args.context
            )

        for start in range(0, len(queries), LOOKUP_BATCH):
            batch = [(query, look(query)) for query in queries[start : start + LOOKUP_BATCH]]
            memory.attach_origins([m for _, matches in batch for m in matches])
            for query, matches in batch:
                found_any = found_any or bool(matches)
                if args.json:
                    print(json.dumps(_lookup_json(query, matches), ensure_ascii=False))
                else:
                    _print_matches(query, matches, len(queries) > 1)
    return 0 if found_any or args.file else 1


def _read_queries(path: str) -> list[str]:
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from exc
    try:
        text = (
            data.decode("utf-8-sig")
            if not data.startswith((b"\xff\xfe", b"\xfe\xff"))
            else data.decode("utf-16")
        )
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 or UTF-16 text", path, line) from exc
    return [line.strip() for line in text.splitlines() if line.strip()]


def _lookup_json(query: str, matches: list[Match]) -> dict:
    return {
        "query": query,
        "matches": [
            {
                "score": m.score,
                "source": m.source,
                "target": m.target,
                "origin": m.origin,
                "origins": m.origins,
                "differences": m.differences,
                "context": m.context,
                "unit_id": m.unit_id,
                "usage_count": m.usage_count,
            }
            for m in matches
        ],
    }


def _print_matches(query: str, matches: list[Match], show_query: bool) -> None:
    if show_query:
        print(f"» {query}")
    if not matches:
        print("  (no match)")
        return
    from rich.cells import cell_len

    from tui.widgets.one_line import one_line

    width = shutil.get_terminal_size((100, 24)).columns
    for m in matches:
        extra = f"  [differs only in {', '.join(m.differences)}]" if m.differences else ""
        where = origins_text(m.origins or [m.origin or ""], width - 8 - cell_len(extra))
        # Control characters from a file (an escape sequence in a PO string) are shown as
        # spaces, never sent to the terminal; --json keeps them.
        print(f"{m.score:6.1f}  {one_line(m.source)}")
        print(f"        {one_line(m.target)}")
        print(f"        {where}{extra}")


def origins_summary(origins: Sequence[str], width: int) -> str:
    """The origins that fit in *width* columns, the first always, then how many are left out.

    A pair from a few files lists them all; one repeated in dozens of PO files shows the
    first few and ``(+N more)`` (``--json`` lists them all), so a match stays three lines.
    Measured in terminal cells, control characters shown as spaces, as the review UI does.
    """
    from rich.cells import cell_len

    from tui.widgets.one_line import one_line

    origins = [one_line(origin) for origin in origins]
    if len(origins) == 1 or cell_len(", ".join(origins)) <= width:
        return ", ".join(origins)  # (a lone origin too wide is no "(+0 more)")
    shown = [origins[0]]
    for origin in origins[1:]:
        more = len(origins) - len(shown) - 1
        if cell_len(", ".join([*shown, origin]) + f" (+{more} more)") > width:
            break
        shown.append(origin)
    return ", ".join(shown) + f" (+{len(origins) - len(shown)} more)"


def origins_text(origins: Sequence[str], width: int) -> str:
    """*origins* in at most *width* cells: as many as fit and ``(+N more)``, the first one
    cut at its start (its file name and line are at the end) when it alone is too wide."""
    from rich.cells import cell_len

    from tui.widgets.cells import truncate, truncate_start
    from tui.widgets.one_line import one_line

    summary = origins_summary(origins, width)
    if cell_len(summary) <= width:
        return summary
    more = f" (+{len(origins) - 1} more)" if len(origins) > 1 else ""
    return truncate(truncate_start(one_line(origins[0]), width - cell_len(more)) + more, width)


# -- concordance ----------------------------------------------------------------------------


def _add_concordance(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub,
        "concordance",
        "segments containing words, in either language, as keyword-in-context lines",
        "  concord tm concordance national team\n"
        "  concord tm concordance 压舱石\n"
        "  concord tm concordance 装饰 --lang zh-CN --json",
    )
    p.add_argument(
        "words", nargs="+", help="the words to find (Chinese: any length, even 1 character)"
    )
    p.add_argument("--lang", type=_lang, action="append", help="only this language (repeatable)")
    p.add_argument("-n", "--limit", type=int, default=20, help="lines to show (default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.set_defaults(func=cmd_concordance)


def cmd_concordance(args: argparse.Namespace) -> int:
    from tm.search import Memory

    words = " ".join(args.words)
    with open_store(args.db) as store:
        memory = Memory(store)
        lines = memory.concordance(words, args.lang, limit=args.limit)
        memory.attach_origins(lines)
    if args.json:
        print(json.dumps([line.to_json() for line in lines], ensure_ascii=False, indent=1))
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        color = sys.stdout.isatty()
        for line in lines:
            print(kwic(line, width, color))
        if not lines:
            print(f"no segment contains {words!r}", file=sys.stderr)
    return 0 if lines else 1


_WRAP_TOKEN = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+\s*|\s+"
)


def wrap_display(text: str, width: int, max_lines: int) -> list[str]:
    """Wrap by terminal cells: Latin words stay whole, CJK characters (two cells) break
    anywhere; a word wider than the line is cut, and an ellipsis ends the last line when
    there is more."""
    from rich.cells import cell_len

    from tui.widgets.cells import ELLIPSIS, head, truncate
    from tui.widgets.one_line import one_line

    rows, row, used = [], "", 0
    for token in _WRAP_TOKEN.findall(one_line(text)):
        w = cell_len(token.rstrip())
        if used and used + w > width:
            rows.append(row.rstrip())
            row, used = "", 0
        row += token
        used += cell_len(token)
    rows.append(row.rstrip())
    rows = [truncate(r, width) for r in rows]
    if len(rows) > max_lines:
        rows = rows[:max_lines]
        rows[-1] = head(rows[-1].removesuffix(ELLIPSIS), width - 1) + ELLIPSIS
    return rows


def kwic(line: ConcordanceLine, width: int = 100, color: bool = False) -> str:
    """One keyword-in-context line (keyword in the middle) plus the aligned partner segment.

    Cut by terminal cells with the review UI's helpers (``tui.widgets.cells``), so the
    command line and the concordance pane cut alike: Chinese characters whole, the
    ellipsis right next to the last one kept, control characters shown as spaces, and the
    keyword at the same column on every line.
    """
    from rich.cells import cell_len

    from tui.widgets.cells import truncate, truncate_start
    from tui.widgets.one_line import one_line

    text = one_line(line.text)  # one for one: start and end still hold
    left, key, right = text[: line.start], text[line.start : line.end], text[line.end :]
    body = width - 8  # after the language column, two cells spare
    side = max(4, (body - cell_len(key)) // 2)  # (at least 4 cells, as the pane has)
    left = truncate_start(left, side)
    left = " " * (side - cell_len(left)) + left
    cut = truncate(key, max(1, body - side))
    # A keyword cut short ends the line (its ellipsis, not a second one for the right).
    right = truncate(right, max(0, body - side - cell_len(cut))) if cut == key else ""
    key = cut
    shown = f"\x1b[1;7m{key}\x1b[0m" if color else key
    head = f"{line.lang:<6}{left}{shown}{right}"
    partner = ""
    if line.partner_text is not None:
        for row in wrap_display(" ".join(line.partner_text.split()), width - 8, max_lines=6):
            partner += f"\n{'':6}{row}"
    if line.origin:
        partner += f"\n{'':6}{origins_text(line.origins or [line.origin], width - 8)}"
    return head + partner


# -- stats and maintenance ------------------------------------------------------------------


def _add_stats(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub, "stats", "what the memory holds", "  concord tm stats\n  concord tm stats --json"
    )
    p.add_argument("--json", action="store_true", help="print a JSON object")
    p.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return 0
    print(f"store     {stats['store']} ({stats['size_bytes'] / 1e6:.1f} MB)")
    print(f"units     {stats['units']}")
    print("languages " + ", ".join(f"{k} ({v})" for k, v in stats["languages"].items()))
    for pair in stats["pairs"][:5]:
        print(f"pair      {' ↔ '.join(pair['languages'])}: {pair['units']}")
    print(f"origins   {len(stats['origins'])}")
    for origin in stats["origins"][:10]:
        print(f"  {origin['units']:>8}  {origin['origin']}")
    if len(stats["origins"]) > 10:
        print(f"  ... and {len(stats['origins']) - 10} more (--json lists all)")
    return 0


def _add_reindex(sub: argparse._SubParsersAction) -> None:
    p = _parser(
        sub,
        "reindex",
        "rebuild the fuzzy indexes beside the store (they are rebuilt on demand anyway)",
        "  concord tm reindex",
    )
    p.set_defaults(func=cmd_reindex)


def cmd_reindex(args: argparse.Namespace) -> int:
    from tm.search import Memory

    with open_store(args.db) as store:
        memory = Memory(store)
        for lang in store.language_tags():
            index = memory.build_index(lang)
            print(f"{lang}: {len(index)} segments, {index.size_bytes() / 1e6:.1f} MB")
    return 0
