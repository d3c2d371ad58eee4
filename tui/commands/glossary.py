"""``concord glossary ...``: the termbase on the command line.

Exit codes: 0 success; 1 nothing found (list, show, lookup, search) or violations
(validate); 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from glossary.model import PARTS_OF_SPEECH, STATES, STATUSES, TERM_TYPES, Concept, Term
from glossary.store import GlossaryStore, ImportReport, default_user
from tm.atomic import atomic_write
from tm.db import resolve_db_path
from tm.errors import ConcordError, UsageError
from tm.lang import lang_matches, normalize_lang
from tm.unit import utc_now
from tui.progress import Progress

EXPORT_FORMATS = ("tbx3", "tbx2", "csv", "tsv", "tmx", "omegat")
IMPORT_FORMATS = ("tbx", "csv", "tsv", "omegat")


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
    p.set_defaults(func=cmd_import)

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
    p.set_defaults(func=cmd_export)

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
    p.set_defaults(func=cmd_list)

    p = _help(
        sub,
        "show",
        "show concepts in full (by id, or by a term)",
        "  concord glossary show c12\n  concord glossary show 国家队 --json\n  concord glossary show c12 --history\n",
    )
    p.add_argument("ref", nargs="+", help="concept id or a term")
    p.add_argument("--json", action="store_true", help="a JSON array of concepts")
    p.add_argument("--history", action="store_true", help="also the recorded changes")
    p.set_defaults(func=cmd_show)

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
    p.set_defaults(func=cmd_add)

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
    p.set_defaults(func=cmd_edit)

    p = _help(sub, "remove", "delete concepts", "  concord glossary remove c12 c13\n")
    p.add_argument("ref", nargs="+", help="concept id")
    p.set_defaults(func=cmd_remove)

    p = _help(
        sub,
        "undo",
        "undo the latest termbase edit (add, edit, remove, import, merge)",
        "  concord glossary undo\n",
    )
    p.set_defaults(func=cmd_undo)
    p = _help(sub, "redo", "redo the latest undone edit", "  concord glossary redo\n")
    p.set_defaults(func=cmd_redo)
    p = _help(
        sub,
        "history",
        "the recorded edits, newest first",
        "  concord glossary history --limit 20\n",
    )
    p.add_argument("ref", nargs="?", help="only this concept")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = _help(
        sub,
        "validate",
        "check a TBX file: v3 structure (RelaxNG) and TBX-Basic data categories and picklists",
        "  concord glossary validate terms.tbx\n",
    )
    p.add_argument("file", nargs="+")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_validate)

    p = _help(
        sub, "stats", "counts by language, state, status", "  concord glossary stats --json\n"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

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
    p.set_defaults(func=cmd_lookup)

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
    p.set_defaults(func=cmd_search)


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


def _open(args: argparse.Namespace) -> GlossaryStore:
    return GlossaryStore.open(resolve_db_path(args.db))


def _lang(tag: str) -> str:
    return normalize_lang(tag)


# --- import / export --------------------------------------------------------------------------


def _import_format(path: Path, given: str | None) -> str:
    if given:
        return given
    ext = path.suffix.lower()
    if ext in (".tbx", ".xml", ".tbxm"):
        return "tbx"
    if ext == ".csv":
        return "csv"
    if ext in (".tsv", ".tab", ".txt", ".utf8"):
        return "tsv"
    raise UsageError(f"{path}: cannot tell the format from the extension; use --format")


def _concept_source(args, path: Path, fmt: str, fh, warn) -> tuple[Iterator[Concept], Any]:
    lang_map = {}
    for item in args.map_lang:
        if "=" not in item:
            raise UsageError(f"--map-lang {item!r}: expected FROM=TO, e.g. xx=zh-CN")
        a, b = item.split("=", 1)
        lang_map[a.strip()] = _lang(b)
    if fmt == "tbx":
        from glossary.tbx import read_tbx

        reader = read_tbx(fh, str(path), strict=args.strict, warn=warn, lang_map=lang_map)
        return iter(reader), reader
    from glossary import csvfile

    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    if fmt == "tsv":
        first = text.readline()
        text.seek(0)
        import csv as _csv

        header = next(_csv.reader([first], delimiter="\t"), [])
        if not csvfile.has_language_columns(header):
            fmt = "omegat"
    if fmt == "omegat":
        if not (args.src and args.tgt):
            raise UsageError(f"{path}: a headerless (OmegaT) glossary needs --src and --tgt")
        concepts = csvfile.read_omegat(text, str(path), args.src, args.tgt, args.state)
    else:
        concepts = csvfile.read_csv(
            text,
            str(path),
            delimiter="\t" if fmt == "tsv" else ",",
            strict=args.strict,
            warn=warn,
            default_state=args.state,
        )
    if lang_map:
        concepts = _remap(concepts, lang_map)
    return concepts, None


def _remap(concepts: Iterator[Concept], lang_map: dict[str, str]) -> Iterator[Concept]:
    lower = {k.lower(): v for k, v in lang_map.items()}
    for c in concepts:
        for sec in c.languages:
            sec.lang = lower.get(sec.lang.lower(), sec.lang)
        yield c


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    fmt = _import_format(path, args.format)
    warnings: list[str] = []

    def warn(message: str) -> None:
        warnings.append(message)
        if len(warnings) <= 20 and not args.json:
            print(f"concord: warning: {message}", file=sys.stderr)

    size = path.stat().st_size
    with (
        _open(args) as store,
        path.open("rb") as fh,
        Progress(size, f"importing {path.name}") as bar,
    ):
        concepts, reader = _concept_source(args, path, fmt, fh, warn)
        report = store.import_concepts(
            concepts,
            default_user(),
            merge=args.merge,
            source=str(path),
            on_progress=lambda n: bar.update(min(size, fh.tell())),
        )
        if reader is not None and (reader.info.header or reader.info.people):
            store.save_info(reader.info)
    if len(warnings) > 20 and not args.json:
        print(f"concord: warning: {len(warnings) - 20} more warnings", file=sys.stderr)
    _print_report(report, path, warnings, args.json)
    return 0


def _print_report(report: ImportReport, path: Path, warnings: list[str], as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(
                {
                    "file": str(path),
                    "added": report.added,
                    "merged": report.merged,
                    "duplicates": [d.__dict__ for d in report.duplicates],
                    "renamed": report.renamed,
                    "warnings": warnings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print(f"{path}: {report.added} concepts added, {report.merged} merged")
    for dup in report.duplicates[:20]:
        verb = "merged into" if dup.merged else "duplicates"
        print(
            f"  duplicate: {dup.incoming or '(new)'} {verb} {dup.existing} ({dup.lang} {dup.term!r})"
        )
    if len(report.duplicates) > 20:
        print(f"  ... {len(report.duplicates) - 20} more duplicates")
    if report.duplicates and not report.merged:
        print("  (import again with --merge to merge duplicates)")
    for old, new in list(report.renamed.items())[:20]:
        print(f"  id {old} was taken; imported as {new}")


def _export_format(path: str, given: str | None) -> str:
    if given:
        return given
    ext = Path(path).suffix.lower()
    fmt = {".tbx": "tbx3", ".csv": "csv", ".tsv": "tsv", ".tmx": "tmx", ".txt": "omegat"}.get(ext)
    if fmt is None:
        raise UsageError(f"{path}: cannot tell the format from the extension; use --format")
    return fmt


def cmd_export(args: argparse.Namespace) -> int:
    fmt = _export_format(args.file, args.format)
    with _open(args) as store:
        langs = list(store.stats()["languages"])
        if not langs:
            raise UsageError("the termbase is empty: nothing to export")
        src = _lang(args.src) if args.src else langs[0]
        tgts = [_lang(t) for t in args.tgt] if args.tgt else [x for x in langs if x != src]
        concepts = store.concepts(
            lang=args.lang and _lang(args.lang), state=args.state, status=args.status
        )
        binary = fmt in ("tbx3", "tbx2", "tmx")

        def write(fh) -> int:
            if fmt == "tbx3":
                from glossary.tbx import write_tbx3

                return write_tbx3(fh, concepts, source_lang=src, info=store.info())
            if fmt == "tbx2":
                from glossary.tbx import write_tbx2

                return write_tbx2(fh, concepts, source_lang=src, info=store.info())
            if fmt == "tmx":
                from glossary.tmxterms import write_term_tmx

                return write_term_tmx(fh, concepts, src, tgts)
            from glossary import csvfile

            if fmt == "omegat":
                if len(tgts) != 1:
                    raise UsageError("OmegaT glossaries hold one language pair: give --tgt once")
                return csvfile.write_omegat(fh, concepts, src, tgts[0])
            return csvfile.write_csv(
                fh, concepts, [src, *tgts], delimiter="\t" if fmt == "tsv" else ","
            )

        if args.file == "-":
            n = write(sys.stdout.buffer if binary else sys.stdout)
        elif binary:
            with atomic_write(args.file, "wb") as fh:
                n = write(fh)
        else:
            with atomic_write(args.file, "w", encoding="utf-8", newline="") as fh:
                n = write(fh)
    if args.file != "-":
        unit = "units" if fmt == "tmx" else "lines" if fmt == "omegat" else "concepts"
        print(f"{args.file}: {n} {unit} written ({fmt})")
    return 0


# --- list / show ------------------------------------------------------------------------------


def concept_json(concept: Concept) -> dict[str, Any]:
    """A concept as the JSON ``list`` and ``show`` print."""
    from glossary.model import concept_to_dict

    data = concept_to_dict(concept)
    for sec in data.get("languages", []):
        for term in sec.get("terms", []):
            term.setdefault("state", "approved")
    return data


def _line(concept: Concept) -> str:
    parts = []
    for sec in concept.languages:
        terms = ", ".join(_term_label(t) for t in sec.terms)
        parts.append(f"{sec.lang}: {terms}")
    return f"{concept.id}\t" + " | ".join(parts)


def _term_label(t: Term) -> str:
    marks = [
        m for m in (t.status, t.part_of_speech, None if t.state == "approved" else t.state) if m
    ]
    return t.text + (f" [{', '.join(marks)}]" if marks else "")


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args) as store:
        concepts = store.concepts(
            lang=args.lang and _lang(args.lang),
            state=args.state,
            status=args.status,
            text=args.text,
            limit=args.limit,
        )
        n = 0
        if args.json:
            out = [concept_json(c) for c in concepts]
            n = len(out)
            print(json.dumps(out, ensure_ascii=False, indent=2))
        else:
            for c in concepts:
                print(_line(c))
                n += 1
    return 0 if n else 1


def _resolve(store: GlossaryStore, ref: str) -> list[Concept]:
    concept = store.get(ref)
    if concept is not None:
        return [concept]
    return store.find_term(ref)


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as store:
        found = [c for ref in args.ref for c in _resolve(store, ref)]
        histories = {c.id: store.history(c.db_id) for c in found} if args.history else {}
    if args.json:
        out = []
        for c in found:
            data = concept_json(c)
            if args.history:
                data["history"] = [_history_json(h) for h in histories[c.id]]
            out.append(data)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for c in found:
            print(_describe(c))
            for h in histories.get(c.id, []):
                print(f"  {h.at} {h.who} {h.action}{' (undone)' if h.undone else ''}")
    if not found:
        print(f"concord: nothing found for {' '.join(args.ref)}", file=sys.stderr)
    return 0 if found else 1


def _describe(c: Concept) -> str:
    lines = [f"concept {c.id}"]
    if c.subject_field:
        lines.append(f"  subject: {c.subject_field}")
    if c.definition:
        lines.append(f"  definition: {c.definition}")
    for note in c.notes:
        lines.append(f"  note: {note}")
    for x in c.xrefs:
        lines.append(f"  {x.kind}: {x.text} -> {x.target}")
    for sec in c.languages:
        lines.append(f"  [{sec.lang}]")
        if sec.definition:
            lines.append(f"    definition: {sec.definition}")
        for t in sec.terms:
            lines.append(f"    {_term_label(t)}")
            for ctx in t.contexts:
                lines.append(
                    f"      context: {ctx.text}" + (f" ({ctx.source})" if ctx.source else "")
                )
            for note in t.notes:
                lines.append(f"      note: {note}")
            if t.reviewer or t.review_date:
                lines.append(f"      reviewed: {t.reviewer or ''} {t.review_date or ''}".rstrip())
    return "\n".join(lines)


# --- add / edit / remove / undo ------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    pairs = [(_lang(lang), text) for lang, text in args.term]
    if args.terms:
        if len(args.terms) > 2:
            raise UsageError("give at most a source and a target term (use --term for more)")
        pairs = (
            [(_lang(args.src), args.terms[0])]
            + ([(_lang(args.tgt), args.terms[1])] if len(args.terms) > 1 else [])
            + pairs
        )
    if not pairs:
        raise UsageError("no term given: concord glossary add SOURCE TARGET --src en --tgt zh-CN")
    concept = Concept(id=args.id, subject_field=args.subject, definition=args.definition)
    if args.note:
        concept.notes.append(args.note)
    for lang, text in pairs:
        if not text.strip():
            raise UsageError(f"an empty term in {lang}")
        sec = concept.section(lang, create=True)
        term = Term(text.strip())
        _apply_term_options(term, args)
        sec.terms.append(term)
    with _open(args) as store:
        store.add(concept, default_user())
    if args.json:
        print(json.dumps(concept_json(concept), ensure_ascii=False, indent=2))
    else:
        print(f"added {_line(concept)}")
    return 0


def _apply_term_options(term: Term, args: argparse.Namespace, who: str | None = None) -> None:
    if args.pos:
        term.part_of_speech = args.pos
    if args.status:
        term.status = args.status
    if args.term_type:
        term.term_type = args.term_type
    if args.context:
        from glossary.model import Context

        term.contexts.append(Context(args.context))
    if args.state:
        term.state = args.state
        if who:
            term.reviewer = who
            term.review_date = utc_now()[:10]


def cmd_edit(args: argparse.Namespace) -> int:
    with _open(args) as store:
        concept = store.get(args.ref)
        if concept is None:
            raise UsageError(f"no concept {args.ref!r} in the termbase")
        who = args.reviewer or default_user()
        for lang, text in args.remove_term:
            sec = concept.section(_lang(lang))
            if sec is None or not any(t.text == text for t in sec.terms):
                raise UsageError(f"concept {concept.id} has no {lang} term {text!r}")
            sec.terms = [t for t in sec.terms if t.text != text]
        concept.languages = [s for s in concept.languages if s.terms]
        added = []
        for lang, text in args.add_term:
            term = Term(text.strip())
            concept.section(_lang(lang), create=True).terms.append(term)
            added.append(term)
        chosen = added or [
            t
            for sec in concept.languages
            if not args.lang or lang_matches(args.lang, sec.lang)
            for t in sec.terms
            if args.term_text is None or t.text == args.term_text
        ]
        term_change = (
            any(getattr(args, k) for k in ("pos", "status", "term_type", "state", "context"))
            or args.rename
        )
        if term_change and not chosen:
            raise UsageError("no term matches --lang/--term-text")
        if args.rename and len(chosen) != 1:
            raise UsageError(
                "--rename needs exactly one term: choose it with --lang and --term-text"
            )
        for term in chosen if term_change else []:
            _apply_term_options(term, args, who)
            if args.rename:
                term.text = args.rename
        if args.definition is not None:
            concept.definition = args.definition
        if args.note:
            concept.notes.append(args.note)
        if args.subject is not None:
            concept.subject_field = args.subject
        store.update(concept, default_user())
    print(f"edited {_line(concept)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _open(args) as store:
        missing = [r for r in args.ref if store.get(r) is None]
        if missing:
            raise UsageError(f"no concept {', '.join(missing)} in the termbase")
        for ref in args.ref:
            c = store.remove(ref, default_user())
            print(f"removed {_line(c)}")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with _open(args) as store:
        entry = store.undo(default_user())
    if entry is None:
        print("nothing to undo", file=sys.stderr)
        return 1
    print(f"undone: {entry.action} {entry.summary or ''} ({entry.at}, {entry.who})")
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    with _open(args) as store:
        entry = store.redo(default_user())
    if entry is None:
        print("nothing to redo", file=sys.stderr)
        return 1
    print(f"redone: {entry.action} {entry.summary or ''} ({entry.at}, {entry.who})")
    return 0


def _history_json(h) -> dict[str, Any]:
    return {
        "batch": h.batch_id,
        "at": h.at,
        "who": h.who,
        "action": h.action,
        "summary": h.summary,
        "undone": h.undone,
        "concept": h.concept_id,
        "before": h.before,
        "after": h.after,
    }


def cmd_history(args: argparse.Namespace) -> int:
    with _open(args) as store:
        entries = store.history(args.ref, args.limit)
    if args.json:
        print(json.dumps([_history_json(h) for h in entries], ensure_ascii=False, indent=2))
    else:
        for h in entries:
            what = "added" if h.before is None else "removed" if h.after is None else "changed"
            flag = " (undone)" if h.undone else ""
            print(f"{h.at}\t{h.who}\t{h.action}\t{h.concept_id} {what}{flag}")
    return 0 if entries else 1


# --- validate / stats ----------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from glossary.validate import validate_tbx

    total = 0
    report = {}
    for name in args.file:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        with path.open("rb") as fh:
            violations = validate_tbx(fh, str(path))
        total += len(violations)
        report[name] = [{"line": v.line, "message": v.message} for v in violations]
        if not args.json:
            for v in violations:
                print(v.format(str(path)))
            if not violations:
                print(f"{path}: valid TBX-Basic", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if total else 0


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"concepts: {stats['concepts']}\nterms: {stats['terms']}")
    for key in ("languages", "states", "statuses", "parts_of_speech"):
        values = ", ".join(f"{k} {v}" for k, v in stats[key].items())
        print(f"{key.replace('_', ' ')}: {values or '-'}")
    print(f"duplicate preferred terms: {stats['duplicates']}\nedits: {stats['edits']}")
    return 0


# --- lookup / search -------------------------------------------------------------------------


def _matcher(store: GlossaryStore):
    try:
        from glossary.recognize import TermEntry, TermMatcher
    except ImportError as exc:
        raise ConcordError(
            "term recognition is not available in this build (glossary.recognize is missing)"
        ) from exc
    entries = [
        TermEntry(text, lang, (concept_id, lang, text))
        for concept_id, lang, text, state, _status in store.term_rows()
        if state != "rejected"
    ]
    return TermMatcher.build(entries)


def _sentence_lang(text: str, given: str | None, langs: list[str]) -> str:
    has_han = any("\u4e00" <= ch <= "\u9fff" for ch in text)
    wanted = _lang(given) if given else ("zh" if has_han else "en")
    exact = [x for x in langs if x == wanted]
    close = [x for x in langs if lang_matches(wanted, x)]
    return (exact or close or [wanted])[0]


def _renderings(concept: Concept, lang: str) -> list[dict[str, Any]]:
    out = []
    for sec in concept.languages:
        if lang_matches(lang, sec.lang) or lang_matches(sec.lang, lang):
            continue
        for t in sec.terms:
            if t.state == "approved" and t.status not in ("deprecated", "superseded"):
                out.append({"lang": sec.lang, "text": t.text, "status": t.status})
    order = {"preferred": 0, None: 1, "admitted": 2}
    out.sort(key=lambda r: order.get(r["status"], 3))
    return out


def cmd_lookup(args: argparse.Namespace) -> int:
    with _open(args) as store:
        langs = list(store.stats()["languages"])
        lang = _sentence_lang(args.text, args.src, langs)
        matcher = _matcher(store)
        hits = matcher.find(args.text, lang)
        near = matcher.near_misses(args.text, lang, min_score=args.near)
        hit_keys = {h.entry.key for h in hits}
        near = [m for m in near if m.entry.key not in hit_keys]
        cache: dict[int, Concept] = {}

        def concept_of(key) -> Concept:
            if key[0] not in cache:
                cache[key[0]] = store.get(key[0])
            return cache[key[0]]

        result = {
            "text": args.text,
            "lang": lang,
            "hits": [
                {
                    "start": h.start,
                    "end": h.end,
                    "text": h.text,
                    "term": h.entry.text,
                    "lang": h.entry.lang,
                    "concept": concept_of(h.entry.key).id,
                    **_term_facts(concept_of(h.entry.key), h.entry),
                    "renderings": _renderings(concept_of(h.entry.key), h.entry.lang),
                }
                for h in hits
            ],
            "near_misses": [
                {
                    "text": m.text,
                    "term": m.entry.text,
                    "lang": m.entry.lang,
                    "score": round(m.score, 1),
                    "concept": concept_of(m.entry.key).id,
                    "renderings": _renderings(concept_of(m.entry.key), m.entry.lang),
                }
                for m in near
            ],
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for h in result["hits"]:
            tr = "; ".join(f"{r['text']} ({r['lang']})" for r in h["renderings"]) or "-"
            warn = f" [{h['status']}]" if h.get("status") in ("deprecated", "superseded") else ""
            print(f"{h['start']}-{h['end']}\t{h['text']}{warn}\t-> {tr}\t[{h['concept']}]")
        for m in result["near_misses"]:
            tr = "; ".join(f"{r['text']} ({r['lang']})" for r in m["renderings"]) or "-"
            print(f"~{m['score']:.0f}\t{m['text']} ≈ {m['term']}\t-> {tr}\t[{m['concept']}]")
    return 0 if result["hits"] or result["near_misses"] else 1


def _term_facts(concept: Concept, entry) -> dict[str, Any]:
    for t in concept.terms(entry.lang):
        if t.text == entry.text:
            return {"status": t.status, "state": t.state}
    return {}


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        matcher = _matcher(store)
        found = matcher.search(args.query, limit=args.limit, min_score=args.min_score)
        rows = []
        for m in found:
            concept = store.get(m.entry.key[0])
            rows.append(
                {
                    "term": m.entry.text,
                    "lang": m.entry.lang,
                    "score": round(m.score, 1),
                    "concept": concept.id if concept else None,
                    "renderings": _renderings(concept, m.entry.lang) if concept else [],
                }
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            tr = "; ".join(f"{x['text']} ({x['lang']})" for x in r["renderings"]) or "-"
            print(f"{r['score']:.0f}\t{r['term']} ({r['lang']})\t-> {tr}\t[{r['concept']}]")
    return 0 if rows else 1
