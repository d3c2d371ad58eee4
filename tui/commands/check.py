"""``concord check``: translations against the termbase and against themselves.

Exit codes: 0 clean, 1 findings (at or above ``--fail-on``), 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tm.atomic import atomic_write
from tm.db import resolve_db_path
from tm.errors import UsageError
from tm.lang import normalize_lang
from tui.progress import Progress

if TYPE_CHECKING:  # the checks load the term matcher and jieba: only when they run
    from glossary.checks import CheckTermbase

# The registry's names, spelt out so that --help needs no import of the checks
# (tests/test_check_cli.py keeps the two in step).
CHECK_NAMES = (
    "missing-term",
    "forbidden-term",
    "term-variance",
    "same-source-different-target",
    "same-target-different-source",
    "numbers",
    "placeholders",
)

EXAMPLES = (
    """\
examples:
  concord check 3.13/library --glossary terms.tbx --tgt zh-CN
  concord check zh-en.po --src zh-CN --tgt en --format json > findings.json
  concord check --src en --tgt zh-CN            # the whole memory, the store's termbase
  concord check docs/ --format junit > check.xml --baseline known.json

checks: """
    + ", ".join(CHECK_NAMES)
    + """
Configure in concord.toml ([check] enable/disable, fail-on, [check.severity]).
"""
)


def _lang(value: str) -> str:
    try:
        return normalize_lang(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _names(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _count(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return n


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check translations against the termbase and for consistency",
        description="Check translations against the termbase and against themselves: "
        "missing and forbidden terms, term variance, inconsistent translations, numbers "
        "and placeholders.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="PO, TMX, TSV, XLIFF (.xlz) files or folders "
        "(default: the memory in the store)"
    )  # fmt: skip
    p.add_argument(
        "--glossary", metavar="FILE", help="a TBX or CSV termbase (default: the store's)"
    )
    p.add_argument("--src", type=_lang, help="source language (PO: msgid; default en)")
    p.add_argument("--tgt", type=_lang, help="target language (PO default: its Language header)")
    p.add_argument("--format", choices=("text", "json", "junit"), default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report here, not stdout")
    p.add_argument("--config", metavar="FILE", help="a TOML config (default: ./concord.toml)")
    p.add_argument(
        "--enable", type=_names, metavar="CHECKS", help="run only these (comma-separated)"
    )
    p.add_argument("--disable", type=_names, metavar="CHECKS", help="skip these (comma-separated)")
    p.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="exit 1 only for findings this "
        "severe or worse (default: any)"
    )  # fmt: skip
    p.add_argument("--baseline", metavar="FILE", help="ignore the findings of this JSON output")
    p.add_argument("--write-baseline", metavar="FILE", help="write the findings as a baseline")
    p.add_argument("--max-findings", type=_count, metavar="N", help="report at most N findings")
    p.add_argument("--include-fuzzy", action="store_true", help="check fuzzy PO entries too")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.set_defaults(func=cmd_check)


def _termbase(args: argparse.Namespace) -> CheckTermbase | None:
    from glossary.checks import CheckTermbase, load_concepts

    if args.glossary:
        concepts = load_concepts(args.glossary)
    else:
        from glossary.checks.termbase import load_store_concepts

        concepts = load_store_concepts(resolve_db_path(args.db))
    return CheckTermbase(concepts) if concepts else None


def cmd_check(args: argparse.Namespace) -> int:
    from glossary.checks import load_config, run_checks
    from glossary.checks.inputs import count_files, file_segments, store_segments
    from glossary.checks.output import (
        Baseline,
        apply_baseline,
        read_baseline,
        to_json,
        write_junit,
        write_text,
    )

    config = load_config(args.config)
    if args.enable:
        config.enable(args.enable)
    if args.disable:
        config.disable(args.disable)
    if args.fail_on:
        config.set_fail_on(args.fail_on)
    known = read_baseline(args.baseline) if args.baseline else Baseline()
    if not args.files and not resolve_db_path(args.db).exists():
        raise UsageError(
            f"no FILES given and no store at {resolve_db_path(args.db)}: name files to check"
        )
    termbase = _termbase(args)

    if args.files:
        total = count_files(args.files)
        progress = Progress(
            total if total > 1 else None, "checking", enabled=None if total > 3 else False
        )

        def on_file(number: int, total: int, name: str) -> None:
            progress.update(number - 1, f"checking {name[-40:]}")

        with progress:
            segments = file_segments(
                args.files, args.src, args.tgt, include_fuzzy=args.include_fuzzy, on_file=on_file
            )
            report = run_checks(segments, termbase, config)
    else:
        from tm.store import open_store

        with open_store(args.db) as store:
            report = run_checks(store_segments(store, args.src, args.tgt), termbase, config)

    if args.write_baseline:
        with atomic_write(Path(args.write_baseline), "w", encoding="utf-8") as fh:
            json.dump(to_json(report, report.findings), fh, ensure_ascii=False, indent=1)
    findings, _suppressed = apply_baseline(report.findings, known)
    report.findings = findings
    failing = any(config.fails(f.severity) for f in findings)
    hidden = 0
    if args.max_findings is not None and len(findings) > args.max_findings:
        hidden = len(findings) - args.max_findings
        findings = findings[: args.max_findings]

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        if args.format == "json":
            json.dump(to_json(report, findings, hidden), out, ensure_ascii=False, indent=1)
            out.write("\n")
        elif args.format == "junit":
            write_junit(report, findings, out, config)
        else:
            colour = args.color == "always" or (
                args.color == "auto"
                and not args.output
                and out.isatty()
                and os.environ.get("NO_COLOR") is None
            )
            write_text(report, findings, out, colour=colour, hidden=hidden)
    finally:
        if args.output:
            out.close()
    return 1 if failing else 0
