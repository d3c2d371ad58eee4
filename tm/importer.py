"""Importing exchange files into the store: format detection, language filters, transactions.

A batch is one transaction. Each file runs in a savepoint of its own, so with
``keep_going`` a bad file is rolled back alone and listed while the good ones are kept;
without it, the first bad file rolls the whole batch back and the store is as it was.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import ConcordError, InputError, UsageError
from tm.lang import lang_matches, normalize_lang
from tm.store import MemoryStore
from tm.unit import TranslationUnit

EXTENSIONS = {
    ".tmx": "tmx",
    ".po": "po",
    ".pot": "po",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xlz": "xliff",
}


@dataclass
class FileReport:
    """What importing one file did."""

    path: str
    format: str
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    error: str | None = None

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + n


def detect_format(path: Path) -> str:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{path}: unknown file type {path.suffix or '(none)'!r}; "
            "expected .tmx, .po, .pot, .tsv, .xlf/.xliff or .xlz"
        )
    return fmt


def expand_paths(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[Path, str]]:
    """Files to import with the names they are recorded under.

    A directory stands for every importable file below it, named relative to the
    directory's parent (``3.13/library/os.po``), so origins stay meaningful.
    """
    found: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if file.suffix.lower() in EXTENSIONS:
                    found.append((file, file.relative_to(path.parent).as_posix()))
        elif path.exists():
            found.append((path, str(raw)))
        else:
            raise UsageError(f"{raw}: no such file or directory")
    return found


def read_units(
    path: Path,
    name: str,
    fmt: str,
    src: str | None,
    tgt: str | None,
    report: FileReport,
    include_fuzzy: bool = False,
) -> Iterator[TranslationUnit]:
    """The units of one file, before language filtering."""
    if fmt == "po":
        from tm.pofile import PoStats, read_po

        stats = PoStats()
        yield from read_po(
            path, name, src_lang=src or "en", tgt_lang=tgt, include_fuzzy=include_fuzzy, stats=stats
        )
        report.skip("fuzzy", stats.skipped_fuzzy)
        report.skip("obsolete", stats.skipped_obsolete)
        report.skip("untranslated", stats.untranslated)
        return
    with open(path, "rb") as fh:
        if fmt == "tmx":
            from tm.tmx import read_tmx

            _header, units = read_tmx(fh, name)
            yield from units
        elif fmt == "tsv":
            from tm.tsvfile import read_tsv

            yield from read_tsv(fh, name, src_lang=src, tgt_lang=tgt)
        elif fmt == "xliff":
            try:
                xliff = importlib.import_module("tm.xliff")
            except ModuleNotFoundError as exc:
                raise UsageError(f"{name}: XLIFF support is not available") from exc
            read = xliff.read_xlz if path.suffix.lower() == ".xlz" else xliff.read_xliff
            yield from read(fh, name)
        else:  # pragma: no cover - detect_format guards this
            raise UsageError(f"{name}: unknown format {fmt}")


def filter_languages(
    units: Iterable[TranslationUnit], langs: Sequence[str] | None, report: FileReport
) -> Iterator[TranslationUnit]:
    """Keep the variants in *langs*; units left with fewer than two languages are skipped."""
    for unit in units:
        report.read += 1
        if langs:
            unit.variants = [
                v for v in unit.variants if any(lang_matches(w, v.lang) for w in langs)
            ]
        if len({v.lang for v in unit.variants}) < 2:
            report.skip("fewer than two languages" if not langs else "not in the language pair")
            continue
        if sum(1 for v in unit.variants if v.content.strip()) < 2:
            report.skip("empty segment")
            continue
        yield unit


def import_files(
    store: MemoryStore,
    paths: Sequence[str | os.PathLike[str]],
    src: str | None = None,
    tgt: str | None = None,
    keep_going: bool = False,
    include_fuzzy: bool = False,
    on_file: Callable[[int, int, str], None] | None = None,
) -> list[FileReport]:
    """Import *paths* in one transaction; see the module docstring for failure handling.

    Raises the first file's error when not *keep_going*; then nothing is imported.
    """
    src = normalize_lang(src) if src else None
    tgt = normalize_lang(tgt) if tgt else None
    langs = [lang for lang in (src, tgt) if lang]
    files = expand_paths(paths)
    if not files:
        raise UsageError("no importable files (.tmx, .po, .pot, .tsv, .xlf) were given")
    reports: list[FileReport] = []
    with store.transaction():
        for number, (path, name) in enumerate(files, start=1):
            if on_file:
                on_file(number, len(files), name)
            fmt = detect_format(path)
            report = FileReport(name, fmt)
            reports.append(report)
            try:
                with store.savepoint(f"file{number}"):
                    units = read_units(path, name, fmt, src, tgt, report, include_fuzzy)
                    result = store.add_units(
                        filter_languages(units, langs if fmt in ("tmx", "xliff") else None, report)
                    )
                    report.added, report.duplicates = result.added, result.duplicates
            except (ConcordError, OSError) as exc:
                report.error = str(exc) if isinstance(exc, ConcordError) else f"{name}: {exc}"
                report.added = report.duplicates = 0
                if not keep_going:
                    if isinstance(exc, ConcordError):
                        raise
                    raise InputError(str(exc.strerror or exc), name) from exc
    return reports
