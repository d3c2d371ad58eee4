"""The argparse parsers of ``concord glossary ...``: every subcommand, its options and examples.

The handlers live in the topic modules of this package. They import only light modules at
the top and load the heavy ones (term recognition, TBX, validation) when they run, so
building the parser stays fast (tests/test_cli_startup.py).
"""

from __future__ import annotations

import argparse

from glossary.model import PARTS_OF_SPEECH, STATES, STATUSES, TERM_TYPES
from tui.commands.glossary import edit, history, lookup, show, transfer
from tui.commands.glossary.transfer import EXPORT_FORMATS, IMPORT_FORMATS


def _help(
    sub: argparse._SubParsersAction, name: str, text: str, examples: str
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=text,
        description=text,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "glossary",
        help="the termbase: import, edit, check and look up terms",
        description="The termbase: concepts with their terms in each language (TBX-Basic).",
        epilog=(
            "examples:\n"
            "  concord glossary import terms.tbx\n"
            "  concord glossary add 'national team' 国家队 --src en --tgt zh-CN --pos noun\n"
            "  concord glossary lookup 'The national teams met.' --src en\n"
            "  concord glossary export out.tbx\n"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="glossary_command", metavar="SUBCOMMAND")
    sub.required = True

    p = _help(
        sub,
        "import",
        "import a termbase (TBX v3 or v2, CSV/TSV with a header, OmegaT TSV)",
        "  concord glossary import Example_Astronomy_DCA_VALID.tbx\n"
        "  concord glossary import terms.csv --merge\n"
        "  concord glossary import omegat-glossary.txt --format omegat --src en --tgt zh-CN\n"
        "  concord glossary import csv2tbx-output.tbx --map-lang xx=zh-CN\n",
    )
    p.add_argument("file", help="the file to import")
    p.add_argument("--format", choices=IMPORT_FORMATS, help="default: from the extension")
    p.add_argument("--src", help="source language (OmegaT files)")
    p.add_argument("--tgt", help="target language (OmegaT files)")
    p.add_argument(
        "--merge", action="store_true", help="merge duplicates into the existing concept"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="reject unknown data categories instead of keeping them as notes",
    )
    p.add_argument(
        "--state",
        choices=STATES,
        default="approved",
        help="workflow state of imported terms (CSV, OmegaT; default approved)",
    )
    p.add_argument(
        "--map-lang",
        action="append",
        default=[],
        metavar="FROM=TO",
        help="rename a language on the way in, e.g. xx=zh-CN",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=transfer.cmd_import)

    p = _help(
        sub,
        "export",
        "export the termbase (TBX v3 DCA, TBX v2, CSV, TSV, TMX term pairs, OmegaT TSV)",
        "  concord glossary export termbase.tbx\n"
        "  concord glossary export termbase.tbx --format tbx2\n"
        "  concord glossary export pairs.tmx --src en --tgt zh-CN\n"
        "  concord glossary export glossary.txt --format omegat --src zh-CN --tgt en\n",
    )
    p.add_argument("file", help="the output file, or - for standard output")
    p.add_argument(
        "--format", choices=EXPORT_FORMATS, help="default: from the extension (.tbx is v3)"
    )
    p.add_argument(
        "--src",
        help="source language (TBX header, TMX, OmegaT); default: the first in the termbase",
    )
    p.add_argument(
        "--tgt", action="append", help="target language(s) for TMX, OmegaT and CSV columns"
    )
    _filters(p)
    p.set_defaults(func=transfer.cmd_export)

    p = _help(
        sub,
        "list",
        "list concepts, filtered by state, status, language and text",
        "  concord glossary list --state candidate\n"
        "  concord glossary list 压舱石 --lang zh\n"
        "  concord glossary list --status deprecated --json\n",
    )
    p.add_argument("text", nargs="?", help="only concepts with a term containing this text")
    _filters(p)
    p.add_argument("--limit", type=int, help="at most this many concepts")
    p.add_argument("--json", action="store_true", help="a JSON array of concepts with their terms")
    p.set_defaults(func=show.cmd_list)

    p = _help(
        sub,
        "show",
        "show concepts in full (by id, or by a term)",
        "  concord glossary show c12\n  concord glossary show 国家队 --json\n  concord glossary show c12 --history\n",
    )
    p.add_argument("ref", nargs="+", help="concept id or a term")
    p.add_argument("--json", action="store_true", help="a JSON array of concepts")
    p.add_argument("--history", action="store_true", help="also the recorded changes")
    p.set_defaults(func=show.cmd_show)

    p = _help(
        sub,
        "add",
        "add a concept with its terms",
        "  concord glossary add 'national team' 国家队 --src en --tgt zh-CN --pos noun\n"
        "  concord glossary add 压舱石 ballast --src zh-CN --tgt en --definition '...'\n"
        "  concord glossary add --term en 'professional integration' --term zh-CN 专业化整合\n",
    )
    p.add_argument("terms", nargs="*", help="source term and target term (with --src, --tgt)")
    p.add_argument("--src", default="en", help="language of the first term (default en)")
    p.add_argument("--tgt", default="zh-CN", help="language of the second term (default zh-CN)")
    p.add_argument(
        "--term",
        nargs=2,
        action="append",
        default=[],
        metavar=("LANG", "TEXT"),
        help="a term in a language (repeatable)",
    )
    p.add_argument("--id", help="the concept id (default: assigned)")
    _term_options(p)
    _concept_options(p)
    p.add_argument("--json", action="store_true", help="print the concept as JSON")
    p.set_defaults(func=edit.cmd_add)

    p = _help(
        sub,
        "edit",
        "change a concept; term options apply to the terms chosen by --lang/--term-text",
        "  concord glossary edit c12 --state approved --reviewer lin\n"
        "  concord glossary edit c12 --add-term zh-CN 国足 --status admitted\n"
        "  concord glossary edit c12 --lang en --term-text ballast --status deprecated\n"
        "  concord glossary edit c12 --definition 'A stabilising force.'\n",
    )
    p.add_argument("ref", help="concept id")
    p.add_argument("--lang", help="only terms in this language")
    p.add_argument("--term-text", help="only the term with this text")
    p.add_argument("--add-term", nargs=2, metavar=("LANG", "TEXT"), action="append", default=[])
    p.add_argument("--remove-term", nargs=2, metavar=("LANG", "TEXT"), action="append", default=[])
    p.add_argument("--rename", metavar="NEW_TEXT", help="new text for the chosen term")
    _term_options(p)
    _concept_options(p)
    p.add_argument("--reviewer", help="who reviewed (default: you, when --state is given)")
    p.set_defaults(func=edit.cmd_edit)

    p = _help(sub, "remove", "delete concepts", "  concord glossary remove c12 c13\n")
    p.add_argument("ref", nargs="+", help="concept id")
    p.set_defaults(func=edit.cmd_remove)

    p = _help(
        sub,
        "undo",
        "undo the latest termbase edit (add, edit, remove, import, merge)",
        "  concord glossary undo\n",
    )
    p.set_defaults(func=history.cmd_undo)
    p = _help(sub, "redo", "redo the latest undone edit", "  concord glossary redo\n")
    p.set_defaults(func=history.cmd_redo)
    p = _help(
        sub,
        "history",
        "the recorded edits, newest first",
        "  concord glossary history --limit 20\n",
    )
    p.add_argument("ref", nargs="?", help="only this concept")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=history.cmd_history)

    p = _help(
        sub,
        "validate",
        "check a TBX file: v3 structure (RelaxNG) and TBX-Basic data categories and picklists",
        "  concord glossary validate terms.tbx\n",
    )
    p.add_argument("file", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=transfer.cmd_validate)

    p = _help(
        sub, "stats", "counts by language, state, status", "  concord glossary stats --json\n"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=show.cmd_stats)

    p = _help(
        sub,
        "lookup",
        "the termbase entries in a sentence, with approved renderings and near misses",
        "  concord glossary lookup 'Central SOEs act as ballast for the economy.' --src en\n"
        "  concord glossary lookup 国有企业是国民经济的压舱石 --json\n",
    )
    p.add_argument("text")
    p.add_argument("--src", help="the sentence's language (default: zh if it has Chinese, else en)")
    p.add_argument("--near", type=float, default=80, help="minimum near-miss score (default 80)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lookup.cmd_lookup)

    p = _help(
        sub,
        "search",
        "fuzzy search over all terms of every language",
        "  concord glossary search 'profesional integraton'\n  concord glossary search 压仓石 --json\n",
    )
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--min-score", type=float, default=60)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lookup.cmd_search)


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--state", choices=STATES, help="only concepts with a term in this workflow state"
    )
    p.add_argument("--status", choices=STATUSES, help="only concepts with a term of this status")
    p.add_argument("--lang", help="only concepts with a term in this language")


def _term_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pos", choices=PARTS_OF_SPEECH, help="part of speech")
    p.add_argument("--status", choices=STATUSES, help="administrative status")
    p.add_argument("--type", dest="term_type", choices=TERM_TYPES, help="term type")
    p.add_argument("--state", choices=STATES, help="workflow state")
    p.add_argument("--context", help="a sentence using the term")


def _concept_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--definition")
    p.add_argument("--note")
    p.add_argument("--subject", help="subject field")
