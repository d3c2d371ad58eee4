"""What several checks need from a segment, computed once and cached on it."""

from __future__ import annotations

from glossary.checks.markup import Cleaned, clean
from glossary.checks.model import Segment
from glossary.checks.termbase import CheckTermbase
from glossary.recognize import TermHit


def cleaned(segment: Segment, side: str) -> Cleaned:
    """The markup-free source or target (*side*) of *segment*."""
    key = "clean-" + side
    found = segment.cache.get(key)
    if found is None:
        text = segment.source if side == "source" else segment.target
        found = segment.cache[key] = clean(text, segment.flags)
    return found


def source_hits(termbase: CheckTermbase, segment: Segment) -> list[TermHit]:
    """Terms in the source, longest match winning (``central SOEs`` hides ``SOEs``).

    Spans are in the cleaned text: see :func:`original_span`.
    """
    found = segment.cache.get("source-hits")
    if found is None:
        found = segment.cache["source-hits"] = termbase.find(
            cleaned(segment, "source").text, segment.src_lang
        )
    return found


def target_hits(termbase: CheckTermbase, segment: Segment) -> list[TermHit]:
    """Every term in the target, nested ones included (a rendering inside a longer term
    is still there)."""
    found = segment.cache.get("target-hits")
    if found is None:
        found = segment.cache["target-hits"] = termbase.find_all(
            cleaned(segment, "target").text, segment.tgt_lang
        )
    return found


def target_candidates(termbase: CheckTermbase, segment: Segment) -> tuple[set[int], bool]:
    """See :meth:`CheckTermbase.candidates`: what the target may hold, without a scan."""
    found = segment.cache.get("target-candidates")
    if found is None:
        found = segment.cache["target-candidates"] = termbase.candidates(
            cleaned(segment, "target").text, segment.tgt_lang
        )
    return found


def longest(hits: list[TermHit]) -> list[TermHit]:
    """The non-overlapping hits of *hits*, longest winning, homonyms on one span all kept
    (what ``TermMatcher.find`` returns, without a second scan)."""
    if len(hits) < 2:
        return list(hits)
    ranked = sorted(hits, key=lambda h: (h.start - h.end, h.start))
    chosen: list[TermHit] = []
    spans: set[tuple[int, int]] = set()
    taken: list[tuple[int, int]] = []
    for hit in ranked:
        span = (hit.start, hit.end)
        if span in spans or not any(a < hit.end and hit.start < b for a, b in taken):
            chosen.append(hit)
            if span not in spans:
                spans.add(span)
                taken.append(span)
    chosen.sort(key=lambda h: h.start)
    return chosen


def original_span(segment: Segment, side: str, hit: TermHit) -> tuple[int, int]:
    return cleaned(segment, side).span(hit.start, hit.end)


def original_text(segment: Segment, side: str, hit: TermHit) -> str:
    start, end = original_span(segment, side, hit)
    return (segment.source if side == "source" else segment.target)[start:end]
