"""Pre-translating XLIFF 1.2 and 2 files, and XLZ archives of them: segments to queries,
and fills to marked targets.

The document model and its marking live in :mod:`tm.xliff`: an exact fill is translated;
a fuzzy one is left for review, XLIFF 1.2 ``state="needs-review-translation"`` with an
``alt-trans``, XLIFF 2 ``state="initial"`` with the matches module. An XLZ archive is one
file of the run: its XLIFF members are filled and a new archive is written with every
other member as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tm.errors import InputError, UsageError
from tm.lang import normalize_lang
from tm.pretranslate.jobs import FileJob, Item, LoadedFile
from tm.pretranslate.matching import Hit, Query

if TYPE_CHECKING:  # tm.xliff loads lxml: only when an XLIFF file is read
    from tm.xliff import XliffDocument, XliffSegment


def load_xliff(
    job: FileJob, src: str | None, tgt: str | None, default_tgt: str | None
) -> LoadedFile:
    """Read an XLIFF file or XLZ archive: one item per segment, languages the file's unless given."""
    from tm.xliff import XliffDocument, XlzDocument, is_xlz

    if job.output is not None and is_xlz(job.output) != is_xlz(job.path):
        kinds = ("an XLIFF file", "an XLZ archive")
        raise UsageError(
            f"{job.name}: {kinds[is_xlz(job.path)]} cannot be written as "
            f"{kinds[is_xlz(job.output)]} ({job.output})"
        )
    if is_xlz(job.path):
        doc = XlzDocument.parse(job.path, job.name)
        parts = [(part, part.segments()) for part in doc.documents]
        _same_languages(parts)
    else:
        with open(job.path, "rb") as fh:
            doc = XliffDocument.parse(fh, job.name)
        parts = [(doc, doc.segments())]
    first = next((segments[0] for _, segments in parts if segments), None)
    src = normalize_lang(src) if src else (first.src_lang if first else "en")
    tgt = normalize_lang(tgt) if tgt else (first.tgt_lang if first else None) or default_tgt
    if not tgt:
        raise InputError("the XLIFF file names no target language; pass --tgt", job.name)
    loaded = LoadedFile(job, "xliff", src, tgt)
    loaded.doc = doc
    for part, segments in parts:
        # Neighbours are the member's own: an archive's files are separate documents.
        for k, seg in enumerate(segments):
            prev = segments[k - 1].source if k else None
            nxt = segments[k + 1].source if k + 1 < len(segments) else None
            query = Query(seg.source, seg.source_markup, seg.context, prev, nxt, (), part.name)
            loaded.items.append(Item([query], seg.is_translated, seg, [0]))
    return loaded


def _same_languages(parts: list[tuple[XliffDocument, list[XliffSegment]]]) -> None:
    """Refuse an archive whose members declare different language pairs: a run has one."""
    firsts = [(part, segments[0]) for part, segments in parts if segments]
    if not firsts:
        return
    _, one = firsts[0]
    for part, seg in firsts[1:]:
        other_target = seg.tgt_lang and one.tgt_lang and seg.tgt_lang != one.tgt_lang
        if seg.src_lang != one.src_lang or other_target:
            raise InputError(
                f"declares {seg.src_lang} to {seg.tgt_lang}, but {firsts[0][0].name} declares "
                f"{one.src_lang} to {one.tgt_lang}; an archive is pre-translated as one "
                "language pair",
                part.name,
                seg.line,
            )


def fill_segment(loaded: LoadedFile, item: Item, hit: Hit, exact: bool) -> None:
    """Fill *item*'s segment in the document from *hit*."""
    from tm.xliff import FillInfo

    loaded.doc.fill(
        item.handle,
        FillInfo(
            text=hit.target,
            markup=hit.target_markup,
            exact=exact,
            score=hit.score,
            origin=hit.origin,
            match_source=hit.source,
            match_source_markup=hit.source_markup,
            in_context=hit.in_context,
        ),
    )
