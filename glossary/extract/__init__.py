"""Term extraction: ranked term candidates, with their renderings for bilingual input.

The core knows nothing about files, the store or the command line::

    segments = [Segment("the national team", "国家队"), ...]      # or corpus.load(paths, ...)
    candidates = extract(segments, "en", "zh-CN", top=50)         # English candidates
    chinese = extract(segments, "en", "zh-CN", top=50, side="target")

To rank both sides of one corpus, analyse once and pass ``analysis=`` to both calls.
Modules: ``markup`` (cleaning and hints), ``english`` and ``chinese`` (candidates),
``analysis`` (the counting pass), ``ranking``, ``pairing``, ``corpus`` (input files).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from glossary.extract.analysis import Analysis, ProgressFn, Side, analyse
from glossary.extract.model import Example, Segment, TermCandidate, Translation
from glossary.extract.pairing import pair
from glossary.extract.ranking import rank

__all__ = ["Analysis", "Example", "Segment", "TermCandidate", "Translation", "analyse", "extract"]

CONTEXTS = 3
BILINGUAL_POOL = 3  # pair this many times *top* candidates before the final cut
ENTITY_BOOST = 1.5


def _compact(side: Side | None, key: str) -> float:
    """Terms translate into terms: a rendering of one or two words counts fully."""
    if side is None:
        return 1.0
    return 1.0 / (1.0 + 0.25 * max(0, side.rules.size(key) - 2))


def extract(
    segments: Sequence[Segment],
    src_lang: str,
    tgt_lang: str | None = None,
    *,
    top: int | None = 100,
    side: str = "source",
    known_pairs: Iterable[tuple[str, str]] = (),
    analysis: Analysis | None = None,
    progress: ProgressFn | None = None,
) -> list[TermCandidate]:
    """Ranked candidates of one side of *segments*, best first, with renderings when bilingual.

    *side* is "source" or "target" (candidates in the target language, rendered back into the
    source language). *known_pairs* are (source, target) terms from the termbase: they join
    jieba's dictionary and count as evidence.
    """
    if analysis is None:
        analysis = analyse(segments, src_lang, tgt_lang, known_pairs=known_pairs, progress=progress)
    reverse = side == "target"
    this = analysis.tgt if reverse else analysis.src
    if this is None:
        raise ValueError("side='target' needs bilingual input")
    evidence_keys: Counter = Counter()
    for s_key, t_key in analysis.evidence:
        evidence_keys[t_key if reverse else s_key] += 1
    ranked = rank(analysis, this, evidence_keys)
    if progress is not None:
        progress(0, 1, "pairing")
    bilingual = analysis.tgt is not None
    other = analysis.src if reverse else analysis.tgt
    limit = len(ranked) if top is None else top
    if bilingual:
        pool = ranked[: max(limit * BILINGUAL_POOL, 200)]
        paired = pair(analysis, pool, reverse=reverse)
        for r in pool:
            renderings = paired[r.key].renderings
            best = renderings[0].score * _compact(other, renderings[0].key) if renderings else 0.0
            r.score *= 0.6 + 0.8 * best
            if this.rules.is_entity(r.key if this.rules.cjk else _display(this, r.key, r.postings[:3])):
                r.score *= ENTITY_BOOST
        pool.sort(key=lambda r: (-r.score, r.key))
        ranked = pool
    out = []
    for r in ranked[:limit]:
        cand = _candidate(analysis, this, r)
        if bilingual:
            p = paired[r.key]
            cand.translations = [
                Translation(
                    _display(other, rd.key, rd.segments),
                    rd.score,
                    rd.count,
                    [_example(analysis, i, reverse) for i in rd.segments],
                    rd.evidence,
                )
                for rd in p.renderings
            ]
            if p.flag:
                cand.renderings_flag = {_display(other, k, []): n for k, n in p.flag.items()}
        out.append(cand)
    return out


def _candidate(analysis: Analysis, side: Side, r) -> TermCandidate:
    surfaces: Counter = Counter()
    for i in r.postings[:20]:
        text = side.texts[i]
        for occ in side.rules.occurrences(text):
            if occ.key == r.key:
                surfaces[text[occ.start : occ.end]] += 1
    term = _best_surface(surfaces, r.key)
    return TermCandidate(
        term=term,
        lang=side.lang,
        type="entity" if side.rules.is_entity(term) else "term",
        score=r.score,
        frequency=r.df,
        dispersion=r.files,
        key=r.key,
        variants=[s for s in surfaces if s != term][:5],
        contexts=[_example(analysis, i, side is analysis.tgt) for i in r.postings[:CONTEXTS]],
        hints=dict(r.hints),
    )


def _best_surface(surfaces: Counter, key: str) -> str:
    if not surfaces:
        return key
    # Most frequent; among equals prefer lower case (a sentence start is not a name).
    return max(surfaces, key=lambda s: (surfaces[s], s != s.capitalize() or s.islower(), s))


def _display(side: Side | None, key: str, segments: list[int]) -> str:
    """The surface form of a rendering as found in its example segments."""
    if side is None or side.rules.cjk:
        if side is not None:
            for i in segments:
                text = side.texts[i]
                for occ in side.rules.occurrences(text):
                    if occ.key == key:
                        return text[occ.start : occ.end]
        return key
    surfaces: Counter = Counter()
    for i in segments:
        text = side.texts[i]
        for occ in side.rules.occurrences(text):
            if occ.key == key:
                surfaces[text[occ.start : occ.end]] += 1
    return _best_surface(surfaces, key)


def _example(analysis: Analysis, i: int, reverse: bool) -> Example:
    seg = analysis.segments[i]
    if reverse:
        return Example(seg.target or "", seg.source, seg.origin)
    return Example(seg.source, seg.target, seg.origin)
