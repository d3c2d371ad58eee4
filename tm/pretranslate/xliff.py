"""Pre-translating XLIFF 1.2 and 2 files: segments to queries, and fills to marked targets.

The document model and its marking live in :mod:`tm.xliff`: an exact fill is translated;
a fuzzy one is left for review, XLIFF 1.2 ``state="needs-review-translation"`` with an
``alt-trans``, XLIFF 2 ``state="initial"`` with the matches module.
"""

from __future__ import annotations

from tm.errors import InputError
from tm.lang import normalize_lang
from tm.pretranslate.jobs import FileJob, Item, LoadedFile
from tm.pretranslate.matching import Hit, Query


def load_xliff(
    job: FileJob, src: str | None, tgt: str | None, default_tgt: str | None
) -> LoadedFile:
    """Read an XLIFF file: one item per segment, its languages from the file unless given."""
    from tm.xliff import XliffDocument

    with open(job.path, "rb") as fh:
        doc = XliffDocument.parse(fh, job.name)
    segments = doc.segments()
    first = segments[0] if segments else None
    src = normalize_lang(src) if src else (first.src_lang if first else "en")
    tgt = normalize_lang(tgt) if tgt else (first.tgt_lang if first else None) or default_tgt
    if not tgt:
        raise InputError("the XLIFF file names no target language; pass --tgt", job.name)
    loaded = LoadedFile(job, "xliff", src, tgt)
    loaded.doc = doc
    for k, seg in enumerate(segments):
        prev = segments[k - 1].source if k else None
        nxt = segments[k + 1].source if k + 1 < len(segments) else None
        query = Query(seg.source, seg.source_markup, seg.context, prev, nxt, (), job.name)
        loaded.items.append(Item([query], seg.is_translated, seg, [0]))
    return loaded


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
