"""``concord glossary import``, ``export`` and ``validate``: termbase files in and out."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from glossary.model import Concept
from glossary.store import ImportReport, default_user
from tm.atomic import atomic_write
from tm.errors import UsageError
from tm.lang import normalize_lang
from tui.commands.glossary.common import open_store
from tui.progress import Progress

EXPORT_FORMATS = ("tbx3", "tbx2", "csv", "tsv", "tmx", "omegat")
IMPORT_FORMATS = ("tbx", "csv", "tsv", "omegat")


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
        lang_map[a.strip()] = normalize_lang(b)
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
        open_store(args) as store,
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
    with open_store(args) as store:
        langs = list(store.stats()["languages"])
        if not langs:
            raise UsageError("the termbase is empty: nothing to export")
        src = normalize_lang(args.src) if args.src else langs[0]
        tgts = [normalize_lang(t) for t in args.tgt] if args.tgt else [x for x in langs if x != src]
        concepts = store.concepts(
            lang=args.lang and normalize_lang(args.lang), state=args.state, status=args.status
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
