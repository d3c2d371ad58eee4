"""What checks read and what they report: segments in, findings out.

Nothing here knows about files, the store or the termbase's matcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}  # 0 is the most severe


@dataclass
class Segment:
    """One source/target pair to check, and where it came from."""

    source: str
    target: str
    src_lang: str
    tgt_lang: str
    file: str | None = None
    line: int | None = None
    context: str | None = None  # msgctxt: pairs in different contexts are not compared
    flags: tuple[str, ...] = ()  # PO flags such as python-format
    # Analyses shared between checks (markup-free text, term hits), filled on first need.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Finding:
    """One problem a check reports."""

    check: str
    message: str
    source: str
    target: str
    file: str | None = None
    line: int | None = None
    severity: str = "warning"
    term: str | None = None  # the term as written in the text it was found in
    expected: list[str] = field(default_factory=list)  # acceptable renderings, or the fix
    context: str | None = None
    # Where *term* lies: "source" or "target", and its span there (for highlighting).
    where: str | None = None
    span: tuple[int, int] | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> tuple[str, str, str, str, str]:
        """What identifies a finding across runs (for baselines): no line numbers."""
        return (self.check, self.file or "", self.source, self.target, self.term or "")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "check": self.check,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "source": self.source,
            "target": self.target,
            "term": self.term,
            "expected": list(self.expected),
            "message": self.message,
        }
        if self.context is not None:
            d["context"] = self.context
        if self.span is not None:
            d["where"], d["span"] = self.where, list(self.span)
        if self.details:
            d["details"] = self.details
        return d


def finding_for(segment: Segment, check: str, message: str, **kwargs: Any) -> Finding:
    """A finding about *segment* (its texts, file, line and context filled in)."""
    return Finding(
        check=check,
        message=message,
        source=segment.source,
        target=segment.target,
        file=segment.file,
        line=segment.line,
        context=segment.context,
        **kwargs,
    )
