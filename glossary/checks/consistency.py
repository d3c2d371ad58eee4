"""Checks of a translation against itself: one source translated two ways, or two sources
given one translation. Pairs in different contexts (msgctxt) are never compared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from glossary.checks.model import Finding, Segment, finding_for
from glossary.checks.registry import corpus_check
from tm.normalize import normalize

MAX_EXAMPLES = 3


def _groups(segments: Sequence[Segment], key_side: str) -> list[dict[str, list[Segment]]]:
    """For each (context, normalised key text): the segments by normalised other text,
    kept only when there is more than one other text."""
    other_side = "target" if key_side == "source" else "source"
    groups: dict[tuple, list[Segment]] = defaultdict(list)
    for segment in segments:
        key = getattr(segment, key_side)
        if not key.strip():
            continue
        norm = _normal(segment, key_side)
        groups[(segment.context or "", segment.src_lang, segment.tgt_lang, norm)].append(segment)
    found = []
    for members in groups.values():
        if len(members) < 2:
            continue  # most texts occur once: their other side need not be normalised
        variants: dict[str, list[Segment]] = defaultdict(list)
        for segment in members:
            variants[_normal(segment, other_side)].append(segment)
        if len(variants) > 1:
            found.append(variants)
    return found


def _normal(segment: Segment, side: str) -> str:
    found = segment.cache.get("norm-" + side)
    if found is None:
        found = segment.cache["norm-" + side] = normalize(getattr(segment, side))
    return found


def _report(check: str, variants: dict[str, list[Segment]], key_side: str) -> Finding:
    ranked = sorted(
        variants.values(), key=lambda segs: (-len(segs), segs[0].file or "", segs[0].line or 0)
    )
    odd = ranked[-1][0]  # the least used one is the likely slip
    other_side = "target" if key_side == "source" else "source"
    summary = ", ".join(f"'{_short(getattr(s[0], other_side))}' x{len(s)}" for s in ranked)
    what = "translated" if key_side == "source" else "the translation of"
    message = (
        f"{len(ranked)} different {other_side}s: {summary}"
        if key_side == "source"
        else f"{what} {len(ranked)} different sources: {summary}"
    )
    return finding_for(
        odd,
        check,
        message,
        expected=[getattr(ranked[0][0], other_side)],
        details={
            "variants": [
                {
                    other_side: getattr(segs[0], other_side),
                    "count": len(segs),
                    "examples": [{"file": s.file, "line": s.line} for s in segs[:MAX_EXAMPLES]],
                }
                for segs in ranked
            ]
        },
    )


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@corpus_check("same-source-different-target", "warning")
def same_source_different_target(termbase, segments: Sequence[Segment]) -> list[Finding]:
    """One source text (in one context) has different translations."""
    return [
        _report("same-source-different-target", v, "source") for v in _groups(segments, "source")
    ]


@corpus_check("same-target-different-source", "info")
def same_target_different_source(termbase, segments: Sequence[Segment]) -> list[Finding]:
    """One translation (in one context) stands for different source texts."""
    return [
        _report("same-target-different-source", v, "target") for v in _groups(segments, "target")
    ]
