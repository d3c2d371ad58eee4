"""The list of checks: each module declares its functions here with a decorator.

A *segment* check is ``(termbase, segment) -> list[Finding]`` and sees one pair at a time.
A *corpus* check is ``(termbase, segments) -> list[Finding]`` and sees every pair of the
run at once (consistency across files). ``termbase`` is None when there is none; checks
that need one declare it and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from glossary.checks.model import SEVERITIES


@dataclass(frozen=True)
class Check:
    name: str
    func: Callable
    scope: str  # "segment" | "corpus"
    severity: str  # the default, which a config file may change
    needs_termbase: bool
    description: str


CHECKS: dict[str, Check] = {}


def _register(scope: str, name: str, severity: str, needs_termbase: bool) -> Callable:
    if severity not in SEVERITIES:
        raise ValueError(f"{name}: unknown severity {severity!r}")

    def decorate(func: Callable) -> Callable:
        doc = (func.__doc__ or "").strip().splitlines()
        CHECKS[name] = Check(name, func, scope, severity, needs_termbase, doc[0] if doc else "")
        return func

    return decorate


def segment_check(name: str, severity: str = "warning", *, needs_termbase: bool = False):
    """Declare ``func(termbase, segment) -> list[Finding]`` as the check *name*."""
    return _register("segment", name, severity, needs_termbase)


def corpus_check(name: str, severity: str = "warning", *, needs_termbase: bool = False):
    """Declare ``func(termbase, segments) -> list[Finding]`` as the check *name*."""
    return _register("corpus", name, severity, needs_termbase)
