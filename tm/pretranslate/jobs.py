"""The files of a run: which to read and where to write them, and what was read of each.

:func:`plan_jobs` turns the command line's inputs and output into :class:`FileJob` objects;
the format modules (:mod:`tm.pretranslate.po`, :mod:`tm.pretranslate.xliff`) read each
into a :class:`LoadedFile`, a list of :class:`Item` objects that carry the queries to look
up and a handle on what to fill.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tm.errors import UsageError
from tm.pretranslate.matching import Query

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlz")  # .xlz: Okapi's zipped XLIFF


@dataclass
class FileJob:
    """One input file, the name it is reported under, and where its output goes."""

    path: Path
    name: str  # relative to the input directory, for reports and same-file ranking
    output: Path | None


@dataclass
class Item:
    """One thing to fill: a PO entry (one query per plural form) or an XLIFF segment."""

    queries: list[Query]
    translated: bool
    handle: object  # tm.potext.PoEntry or tm.xliff.XliffSegment
    forms: list[int] = field(default_factory=list)


class LoadedFile:
    """A file read for filling: its languages, items, document, and (PO) the changed lines."""

    def __init__(self, job: FileJob, fmt: str, src: str, tgt: str) -> None:
        self.job, self.format, self.src, self.tgt = job, fmt, src, tgt
        self.items: list[Item] = []
        self.doc: object = None  # tm.potext.PoText or tm.xliff.XliffDocument
        self.changes: dict[int, list[str]] = {}  # PO: new lines by entry start line


def detect(path: Path) -> str | None:
    """``"po"``, ``"xliff"`` or None, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix in PO_SUFFIXES:
        return "po"
    if suffix in XLIFF_SUFFIXES:
        return "xliff"
    return None


def plan_jobs(
    inputs: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str] | None, in_place: bool
) -> list[FileJob]:
    """Files to pre-translate and their outputs.

    A directory stands for every PO, POT and XLIFF file below it; with OUT a directory, the
    tree below each input directory is mirrored there (``.pot`` becomes ``.po``). A single
    input file may have OUT a file. Without OUT, files are written in place only with
    *in_place*; with neither, nothing is written (an analysis).
    """
    found: list[tuple[Path, str, bool]] = []  # path, name, from a directory
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and detect(p))
            found.extend((p, p.relative_to(path).as_posix(), True) for p in files)
        elif path.is_file():
            if detect(path) is None:
                raise UsageError(
                    f"{raw}: not a PO, POT or XLIFF file (.po, .pot, .xlf, .xliff, .xlz)"
                )
            found.append((path, path.name, False))
        else:
            raise UsageError(f"{raw}: no such file or directory")
    if not found:
        raise UsageError("no PO, POT or XLIFF files in the input")
    if output is not None and in_place:
        raise UsageError("give either -o OUT or --in-place, not both")
    jobs = []
    out = Path(output) if output is not None else None
    single_file = len(found) == 1 and not found[0][2]
    if out is not None and single_file and not out.is_dir() and detect(out):
        return [FileJob(found[0][0], found[0][1], out)]
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(
            f"{out}: is a file; with several inputs or a directory, OUT is a directory"
        )
    names: set[str] = set()
    for path, name, _ in found:
        target = None
        if out is not None:
            rel = name[:-4] + ".po" if name.lower().endswith(".pot") else name
            if rel in names:
                raise UsageError(f"two inputs would both be written to {out / rel}")
            names.add(rel)
            target = out / rel
        elif in_place:
            target = path
        jobs.append(FileJob(path, name, target))
    return jobs
