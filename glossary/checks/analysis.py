"""What several checks need from a segment, computed once and cached on it.

Target hits stay raw ``(start, end, entry index)`` tuples (see ``recognize.TextScan``): a
Chinese target of the python-docs corpus holds ten hits on average, homonyms included, and
a check turns one into a :class:`TermHit` only when it reports it.
"""

from __future__ import annotations

from glossary.checks.markup import Cleaned, clean
from glossary.checks.model import Segment
from glossary.checks.termbase import CheckTermbase, RawHit
from glossary.recognize import TermHit, TextScan


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


def target_scan(termbase: CheckTermbase, segment: Segment) -> TextScan:
    """The cleaned target through the automaton; its hits are worked out on first need."""
    found = segment.cache.get("target-scan")
    if found is None:
        found = segment.cache["target-scan"] = termbase.scan(
            cleaned(segment, "target").text, segment.tgt_lang
        )
    return found


def target_hits(termbase: CheckTermbase, segment: Segment) -> list[RawHit]:
    """The terms in the target as raw hits, nested ones included (a rendering inside a
    longer term is still there): all that decide where the source's concepts and the
    forbidden terms are, which is all the checks ask about."""
    found = segment.cache.get("target-hits")
    if found is None:
        concepts = {h.entry.key.concept for h in source_hits(termbase, segment)}
        found = segment.cache["target-hits"] = termbase.serving_hits(
            target_scan(termbase, segment), segment.tgt_lang, concepts
        )
    return found


def target_longest(termbase: CheckTermbase, segment: Segment) -> list[RawHit]:
    """:func:`longest` of the target hits (forbidden-term and term-variance both ask)."""
    found = segment.cache.get("target-longest")
    if found is None:
        found = segment.cache["target-longest"] = longest(target_hits(termbase, segment))
    return found


def longest(hits: list[RawHit]) -> list[RawHit]:
    """The non-overlapping hits of *hits*, longest winning, homonyms on one span all kept
    (what ``TermMatcher.find`` returns, without a second scan)."""
    if len(hits) < 2:
        return list(hits)
    ranked = sorted(hits, key=lambda h: (h[0] - h[1], h[0]))
    chosen: list[RawHit] = []
    spans: set[tuple[int, int]] = set()
    taken = bytearray(max(h[1] for h in hits))  # 1 where a chosen span lies
    for hit in ranked:
        start, end = span = hit[0], hit[1]
        if span in spans:
            chosen.append(hit)  # a homonym of a hit already chosen
        elif taken.find(1, start, end) == -1:
            chosen.append(hit)
            spans.add(span)
            taken[start:end] = b"\x01" * (end - start)
    chosen.sort(key=lambda h: h[0])
    return chosen


def original_span(segment: Segment, side: str, hit: TermHit) -> tuple[int, int]:
    return cleaned(segment, side).span(hit.start, hit.end)


def original_text(segment: Segment, side: str, hit: TermHit) -> str:
    start, end = original_span(segment, side, hit)
    return (segment.source if side == "source" else segment.target)[start:end]
