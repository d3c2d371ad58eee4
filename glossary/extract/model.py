"""What extraction takes and gives: segments in, ranked term candidates out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Segment:
    """One segment of input: a source text and, for bilingual input, its translation."""

    source: str
    target: str | None = None
    origin: str | None = None  # file:line, or file#n for aligned plain text
    file: str | None = None  # for dispersion across files


@dataclass
class Example:
    """A segment that shows a candidate (and, for a translation, its rendering) in use."""

    source: str
    target: str | None = None
    origin: str | None = None


@dataclass
class Translation:
    term: str
    score: float  # 0-1
    count: int  # aligned segments holding both
    examples: list[Example] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # quote, paren, role, termbase, linked


@dataclass
class TermCandidate:
    term: str  # the most frequent surface form
    lang: str
    type: str  # "term" | "entity"
    score: float
    frequency: int  # segments holding it
    dispersion: int  # files holding it
    key: str = ""  # the normal form variants share
    variants: list[str] = field(default_factory=list)  # other surface forms seen
    contexts: list[Example] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)
    # Set when the corpus renders the term in several ways: {rendering: segments}.
    renderings_flag: dict[str, int] | None = None
    hints: dict[str, int] = field(default_factory=dict)  # quote/role/emphasis/paren/title counts
    factors: dict[str, float] = field(default_factory=dict)  # the score's parts, by name

    def to_dict(self) -> dict:
        """A JSON-ready dict (the shape of ``concord extract --json``)."""
        return {
            "term": self.term,
            "lang": self.lang,
            "type": self.type,
            "score": round(self.score, 4),
            "frequency": self.frequency,
            "dispersion": self.dispersion,
            "variants": self.variants,
            "translations": [
                {
                    "term": t.term,
                    "score": round(t.score, 4),
                    "count": t.count,
                    "evidence": t.evidence,
                    "examples": [_example(e) for e in t.examples],
                }
                for t in self.translations
            ],
            "renderings_flag": self.renderings_flag,
            "hints": self.hints,
            "factors": {k: round(v, 4) for k, v in self.factors.items()},
            "contexts": [_example(e) for e in self.contexts],
        }


def _example(e: Example) -> dict:
    return {"source": e.source, "target": e.target, "origin": e.origin}
