"""Findings for people and for machines: text, JSON, JUnit XML; baselines."""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from glossary.checks.config import CheckConfig
from glossary.checks.model import Finding
from glossary.checks.runner import Report
from tm.errors import InputError

BOLD, RED, YELLOW, CYAN, RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"
_COLOURS = {"error": RED, "warning": YELLOW, "info": CYAN}
_EXCERPT = 110


# --- text --------------------------------------------------------------------------------


def _excerpt(text: str, span: tuple[int, int] | None, colour: bool) -> str:
    """One line of *text* around *span*, the span in bold on a terminal."""
    flat = text.replace("\n", " ").replace("\t", " ")
    if span is None:
        return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
    start, end = span
    room = max(0, _EXCERPT - (end - start)) // 2
    lo, hi = max(0, start - room), min(len(flat), end + room)
    head = ("…" if lo else "") + flat[lo:start]
    tail = flat[end:hi] + ("…" if hi < len(flat) else "")
    term = flat[start:end]
    return head + (f"{BOLD}{term}{RESET}" if colour else term) + tail


def format_finding(f: Finding, colour: bool = False) -> list[str]:
    where = f"{f.file or '(memory)'}:{f.line}" if f.line else f"{f.file or '(memory)'}"
    severity = f"{_COLOURS[f.severity]}{f.severity}{RESET}" if colour else f.severity
    message = f.message
    if colour and f.term and f"'{f.term}'" in message:
        message = message.replace(f"'{f.term}'", f"'{BOLD}{f.term}{RESET}'", 1)
    lines = [f"{where}: {severity} {f.check}: {message}"]
    if f.where in ("source", "target"):
        text = f.source if f.where == "source" else f.target
        lines.append(f"    {f.where}: {_excerpt(text, f.span, colour)}")
    elif f.check in ("numbers", "placeholders"):
        lines.append(f"    source: {_excerpt(f.source, None, False)}")
        lines.append(f"    target: {_excerpt(f.target, None, False)}")
    return lines


def write_text(
    report: Report, findings: list[Finding], out: IO[str], colour: bool = False, hidden: int = 0
) -> None:
    """Findings grouped by file, then a summary line."""
    current: str | None = None
    for i, f in enumerate(findings):
        name = f.file or "(memory)"
        if i == 0 or name != current:
            if i:
                out.write("\n")
            current = name
            out.write(f"{BOLD}{name}{RESET}\n" if colour else f"{name}\n")
        for line in format_finding(f, colour):
            out.write(line + "\n")
    if hidden:
        out.write(f"... and {hidden} more finding(s) (--max-findings)\n")
    out.write(summary(report, findings, hidden) + "\n")


def summary(report: Report, findings: list[Finding], hidden: int = 0) -> str:
    total = len(findings) + hidden
    files = len(report.files)
    checked = (
        f"{report.segments} segment(s) in {files} file(s)"
        if files
        else (f"{report.segments} segment(s)")
    )
    if not total:
        text = f"no findings: {checked} checked"
    else:
        counts = report.counts() if not hidden else _counts(findings)
        parts = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        text = f"{total} finding(s) ({parts}{', shown' if hidden else ''}): {checked} checked"
    if report.skipped:
        text += f"; skipped without a termbase: {', '.join(report.skipped)}"
    return text


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(("error", "warning", "info"), 0)
    for f in findings:
        counts[f.severity] += 1
    return counts


# --- JSON --------------------------------------------------------------------------------


def to_json(report: Report, findings: list[Finding], hidden: int = 0) -> dict[str, Any]:
    return {
        "findings": [f.to_dict() for f in findings],
        "summary": {
            "segments": report.segments,
            "files": len(report.files),
            "findings": len(findings) + hidden,
            "shown": len(findings),
            "by_severity": dict(report.counts()),
            "by_check": dict(report.by_check()),
            "skipped_checks": report.skipped,
        },
    }


def write_json(report: Report, findings: list[Finding], out: IO[str], hidden: int = 0) -> None:
    json.dump(to_json(report, findings, hidden), out, ensure_ascii=False, indent=1)
    out.write("\n")


# --- JUnit XML ---------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: object) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def write_junit(
    report: Report, findings: list[Finding], out: IO[str], config: CheckConfig | None = None
) -> None:
    """One testsuite per file, one testcase per finding (a failure when its severity fails
    the run), and one passing testcase for a file without findings."""
    config = config or CheckConfig()
    by_file: dict[str, list[Finding]] = {name: [] for name in report.files}
    for f in findings:
        by_file.setdefault(f.file or "(memory)", []).append(f)
    root = ET.Element("testsuites", name="concord check")
    total = failures = 0
    for name, items in by_file.items():
        suite = ET.SubElement(root, "testsuite", name=_x(name))
        failed = 0
        if not items:
            ET.SubElement(suite, "testcase", classname=_x(name), name="concord check")
        for f in items:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=_x(name),
                name=_x(f"{f.check}:{f.line or 0}: {f.term or f.message[:60]}"),
                file=_x(name),
                line=str(f.line or 0),
            )
            body = _x(f"{f.message}\nsource: {f.source}\ntarget: {f.target}")
            if config.fails(f.severity):
                failed += 1
                failure = ET.SubElement(
                    case, "failure", type=f"{f.severity}:{f.check}", message=_x(f.message)
                )
                failure.text = body
            else:
                ET.SubElement(case, "system-out").text = f"{f.severity}: {body}"
        cases = max(1, len(items))
        suite.set("tests", str(cases))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        total += cases
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


# --- baselines ---------------------------------------------------------------------------


Fingerprint = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Baseline:
    """Known findings by fingerprint (check, file, source, target, term), no line numbers.

    A file renamed or moved since the baseline was written keeps its baseline: a finding in
    a file the baseline does not name matches on everything but the file.
    """

    exact: frozenset[Fingerprint] = frozenset()
    files: frozenset[str] = frozenset()

    @functools.cached_property
    def anywhere(self) -> frozenset[tuple[str, str, str, str]]:
        return frozenset((c, s, t, term) for c, _, s, t, term in self.exact)

    def knows(self, finding: Finding) -> bool:
        fp = finding.fingerprint
        if fp in self.exact:
            return True
        check, file, source, target, term = fp
        return file not in self.files and (check, source, target, term) in self.anywhere


def _fingerprint(d: dict[str, Any]) -> Fingerprint:
    return (
        d.get("check") or "",
        d.get("file") or "",
        d.get("source") or "",
        d.get("target") or "",
        d.get("term") or "",
    )


def read_baseline(path: str | Path) -> Baseline:
    """The findings of a ``--format json`` output file, as a Baseline."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read the baseline: {exc.strerror or exc}", str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not a JSON baseline: {exc}", str(path)) from exc
    items = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError(
            "not a baseline: no 'findings' list (write one with --write-baseline)", str(path)
        )
    exact = frozenset(_fingerprint(d) for d in items if isinstance(d, dict))
    return Baseline(exact, frozenset(fp[1] for fp in exact))


def apply_baseline(findings: list[Finding], known: Baseline) -> tuple[list[Finding], int]:
    """(findings not in the baseline, how many were suppressed)."""
    kept = [f for f in findings if not known.knows(f)]
    return kept, len(findings) - len(kept)
