"""A pre-translation run: read every file, look everything up in one pass, then write.

Batching across files is what makes a run over hundreds of files fast: the memory is read
once, exact matches come from one dictionary, and the fuzzy index sees each distinct text
once. Files that cannot be read or written are reported and the rest are done. Outputs are
written beside their targets under temporary names and renamed only once all are written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tm.errors import ConcordError, InputError
from tm.lang import is_cjk_lang, lang_matches, normalize_lang
from tm.pretranslate.jobs import FileJob, LoadedFile, detect
from tm.pretranslate.matching import Hit, MatchFinder, Query
from tm.pretranslate.po import fill_lines, header_lines, load_po
from tm.pretranslate.report import FileReport, Report, band, count_words
from tm.pretranslate.xliff import fill_segment, load_xliff
from tm.store import MemoryStore


def memory_target(stores: Sequence[MemoryStore], src: str | None) -> str | None:
    """The target language the stores imply: the one language besides the source, if one."""
    src = normalize_lang(src or "en")
    langs = {lang for store in stores for lang in store.languages() if not lang_matches(src, lang)}
    return langs.pop() if len(langs) == 1 else None


def pretranslate(
    jobs: Sequence[FileJob],
    finder_for: Callable[[str, str], MatchFinder],
    *,
    overwrite: bool = False,
    src: str | None = None,
    tgt: str | None = None,
    record_usage: bool = True,
    default_tgt: str | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> Report:
    """Pre-translate *jobs*; files that cannot be read are reported and the rest done.

    Languages come from *src*/*tgt*, else from each file (PO: source English, target the
    header's Language; XLIFF: its declared languages); *default_tgt* serves files that name
    no target language (templates).
    """
    started = time.perf_counter()
    report = Report()
    loaded: list[tuple[LoadedFile, FileReport]] = []
    for job in jobs:
        fmt = detect(job.path) or "po"
        file_report = FileReport(job.name, str(job.output) if job.output else None, fmt)
        report.files.append(file_report)
        try:
            load = load_po if fmt == "po" else load_xliff
            item = load(job, src, tgt, default_tgt)
        except (ConcordError, OSError) as exc:
            file_report.error = str(exc) if isinstance(exc, ConcordError) else f"{job.name}: {exc}"
            continue
        loaded.append((item, file_report))
    if on_progress:
        on_progress(f"read {len(loaded)} file(s); looking up")
    by_pair: dict[tuple[str, str], list[Query]] = {}
    for item, _ in loaded:
        queries = by_pair.setdefault((item.src, item.tgt), [])
        for it in item.items:
            queries.extend(it.queries)
    results: dict[tuple[str, str], list[Hit | None]] = {}
    finders: dict[tuple[str, str], MatchFinder] = {}
    for pair, queries in by_pair.items():
        finders[pair] = finder_for(*pair)
        results[pair] = finders[pair].find(queries)
    if on_progress:
        on_progress("writing")
    cursors = dict.fromkeys(results, 0)
    used_by_pair: dict[tuple[str, str], list[Hit]] = {}
    written: list[tuple[Path, Path]] = []
    for item, file_report in loaded:
        pair = (item.src, item.tgt)
        hits_list = results[pair]
        per_item = []
        for it in item.items:
            start = cursors[pair]
            per_item.append(hits_list[start : start + len(it.queries)])
            cursors[pair] = start + len(it.queries)
        try:
            used = _apply(item, per_item, overwrite, file_report)
            if item.job.output is not None:
                written.append((_write_temp(item, item.job.output), item.job.output))
        except (ConcordError, OSError) as exc:
            file_report.error = (
                str(exc) if isinstance(exc, ConcordError) else f"{item.job.name}: {exc}"
            )
            continue
        if item.job.output is not None:
            used_by_pair.setdefault(pair, []).extend(used)
    try:
        _commit(written)
    except BaseException:
        for tmp, _ in written:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    if record_usage:
        for pair, used in used_by_pair.items():
            finders[pair].record_usage(used)
    src_langs = {item.src for item, _ in loaded}
    report.word_unit = "words*" if any(is_cjk_lang(s) for s in src_langs) else "words"
    report.seconds = time.perf_counter() - started
    return report


def _apply(
    loaded: LoadedFile, hits: list[list[Hit | None]], overwrite: bool, report: FileReport
) -> list[Hit]:
    """Fill the loaded file's items from their hits; returns the hits used."""
    used: list[Hit] = []
    changes: dict[int, list[str]] = {}
    po = loaded.doc if loaded.format == "po" else None
    if po is not None:
        header = header_lines(po, loaded.tgt)
        if header is not None:
            changes[po.header.start] = header
    for item, item_hits in zip(loaded.items, hits, strict=True):
        words = count_words(item.queries[0].text, loaded.src)
        found = [h for h in item_hits if h is not None]
        complete = bool(found) and len(found) == len(item_hits)
        if not found:
            report.count("no match", words)
            continue
        worst = min(found, key=lambda h: h.score)
        if complete:
            report.count(band(worst.score, all(h.in_context for h in found)), words)
        else:
            report.count(band(min(max(h.score for h in found), 99.0)), words)
        if item.translated and not overwrite:
            report.kept += 1
            continue
        exact = complete and all(h.exact for h in found)
        reasons = list(dict.fromkeys(r for h in found for r in h.reasons))
        if not complete:
            reasons.append("some plural forms had no match")
        if not exact and not overwrite and po is not None and any(item.handle.msgstr.values()):
            continue  # a translator's fuzzy draft is not replaced by a suggestion
        try:
            if po is not None:
                changes[item.handle.start] = fill_lines(po, item, item_hits, exact, reasons)
            else:
                fill_segment(loaded, item, found[0], exact)
        except InputError:
            # A match the format cannot carry (a NUL in a PO string) is left out; the rest of
            # the file is still filled.
            report.unwritable += 1
            continue
        used.extend(found)
        if exact:
            report.filled_exact += 1
            if any(h.notes for h in found):
                report.renumbered += 1
        else:
            report.filled_fuzzy += 1
            if all(h.score >= 100 for h in found) and complete:
                report.downgraded += 1
    loaded.changes = changes
    return used


def _write_temp(loaded: LoadedFile, output: Path) -> Path:
    """Write the output beside its target under a temporary name (renamed once all are done)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if loaded.format == "po":
                fh.write(loaded.doc.render(loaded.changes))
            else:
                loaded.doc.write(fh)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _commit(written: list[tuple[Path, Path]]) -> None:
    """Make the temporary outputs durable with one sync, then rename each over its target.

    Like :func:`tm.atomic.atomic_write` (a reader never sees half a file), but one sync for
    the batch instead of one per file: five hundred fsyncs cost seconds.
    """
    if written:
        os.sync()
    for tmp, target in written:
        os.replace(tmp, target)
