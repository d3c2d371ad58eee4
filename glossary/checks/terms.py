"""Checks against the termbase: missing, forbidden and inconsistently rendered terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from glossary.checks.analysis import (
    original_span,
    original_text,
    source_hits,
    target_hits,
    target_longest,
    target_scan,
)
from glossary.checks.model import Finding, Segment, finding_for
from glossary.checks.registry import corpus_check, segment_check
from glossary.checks.termbase import CheckTermbase, RawHit
from glossary.recognize import TermHit

MAX_EXAMPLES = 3


def _by_span(hits: list[TermHit]) -> list[list[TermHit]]:
    """Source hits grouped by span: homonyms on one span are one occurrence."""
    groups: dict[tuple[int, int], list[TermHit]] = {}
    for hit in hits:
        groups.setdefault((hit.start, hit.end), []).append(hit)
    return list(groups.values())


def _raw_by_span(hits: list[RawHit]) -> list[list[RawHit]]:
    """Raw target hits grouped by span, as :func:`_by_span` groups hits."""
    groups: dict[tuple[int, int], list[RawHit]] = {}
    for hit in hits:
        groups.setdefault(hit[:2], []).append(hit)
    return list(groups.values())


@segment_check("missing-term", "warning", needs_termbase=True)
def missing_term(termbase: CheckTermbase, segment: Segment) -> list[Finding]:
    """The source has a term whose approved renderings are all absent from the target."""
    hits = source_hits(termbase, segment)
    if not hits:
        return []  # and the target need not be scanned
    # A forbidden rendering counts as one: forbidden-term reports it, with the fix.
    if termbase.may_render(target_scan(termbase, segment), {h.entry.key.concept for h in hits}):
        concept = termbase.entry_concept
        present = {concept[h[2]] for h in target_hits(termbase, segment)}
    else:
        present = set()  # no rendering even as a substring: no need to scan the target
    findings, seen = [], set()
    for group in _by_span(hits):
        concepts = {h.entry.key.concept for h in group}
        if concepts & present or concepts <= seen:
            continue
        seen |= concepts
        expected = [r for c in sorted(concepts) for r in termbase.acceptable(c, segment.tgt_lang)]
        if not expected:
            continue  # the termbase has no rendering in the target language
        hit = group[0]
        term = original_text(segment, "source", hit)
        findings.append(
            finding_for(
                segment,
                "missing-term",
                f"'{term}' is not rendered as {_alternatives(expected)}",
                term=term,
                expected=list(dict.fromkeys(expected)),
                where="source",
                span=original_span(segment, "source", hit),
            )
        )
    return findings


@segment_check("forbidden-term", "error", needs_termbase=True)
def forbidden_term(termbase: CheckTermbase, segment: Segment) -> list[Finding]:
    """The target uses a deprecated or superseded term."""
    if not termbase.may_forbid(target_scan(termbase, segment)):
        return []
    forbidden = termbase.entry_forbidden
    if not any(forbidden[h[2]] for h in target_hits(termbase, segment)):
        return []  # and longest() need not run
    chosen = target_longest(termbase, segment)
    findings = []
    for group in _raw_by_span(chosen):
        if not all(forbidden[h[2]] for h in group):
            continue  # also an acceptable term (of this or another concept) on this span
        hit = target_scan(termbase, segment).hit(group[0])
        fix = termbase.preferred(hit.entry.key.concept, segment.tgt_lang)
        term = original_text(segment, "target", hit)
        status = hit.entry.key.status
        message = f"'{term}' is {status}" + (f"; use '{fix}'" if fix else "")
        findings.append(
            finding_for(
                segment,
                "forbidden-term",
                message,
                term=term,
                expected=[fix] if fix else [],
                where="target",
                span=original_span(segment, "target", hit),
            )
        )
    return findings


@corpus_check("term-variance", "info", needs_termbase=True)
def term_variance(termbase: CheckTermbase, segments: Sequence[Segment]) -> list[Finding]:
    """The same source term is rendered in different ways across the files."""
    # (concept, source term) -> rendering -> segments that use it
    uses: dict[tuple[int, str], dict[str, list[Segment]]] = defaultdict(lambda: defaultdict(list))
    for segment in segments:
        sources = source_hits(termbase, segment)
        if not sources:
            continue
        scan = target_scan(termbase, segment)
        if not termbase.may_render(scan, {h.entry.key.concept for h in sources}):
            continue
        targets = target_hits(termbase, segment)
        if not targets:
            continue
        by_concept: dict[int, set[str]] = defaultdict(set)
        entries = termbase.matcher.entries
        for h in target_longest(termbase, segment):
            key = entries[h[2]].key
            by_concept[key.concept].add(key.text)
        for group in _by_span(sources):
            for hit in group:
                for rendering in by_concept.get(hit.entry.key.concept, ()):
                    uses[(hit.entry.key.concept, hit.entry.key.text)][rendering].append(segment)
    findings = []
    for (_concept, source_term), renderings in uses.items():
        if len(renderings) < 2:
            continue
        ranked = sorted(renderings.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        odd, odd_segments = ranked[-1]
        first = odd_segments[0]
        summary = ", ".join(f"'{r}' x{len(s)}" for r, s in ranked)
        findings.append(
            finding_for(
                first,
                "term-variance",
                f"'{source_term}' is rendered {len(ranked)} ways: {summary}",
                term=source_term,
                expected=[r for r, _ in ranked],
                details={"renderings": [_usage(r, s) for r, s in ranked]},
            )
        )
    return findings


def _usage(text: str, segments: list[Segment]) -> dict:
    return {
        "text": text,
        "count": len(segments),
        "examples": [_where(s) for s in segments[:MAX_EXAMPLES]],
    }


def _where(segment: Segment) -> dict:
    return {
        "file": segment.file,
        "line": segment.line,
        "source": segment.source,
        "target": segment.target,
    }


def _alternatives(texts: list[str]) -> str:
    quoted = [f"'{t}'" for t in dict.fromkeys(texts)]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
