"""Narrowing the findings: words anywhere in a finding, and ``check:`` / ``severity:`` tokens.

A filter text is words and tokens separated by spaces (a ``"quoted phrase"`` is one word).
A finding is kept when every word occurs in its term, source, target, message or
``file:line``, its check is one of the ``check:`` values and its severity one of the
``severity:`` values. Words compare folded (:func:`tm.normalize.fold`: case, full- and
half-width forms, quote and dash variants), as plain substrings, so one- and two-character
Chinese queries work. ``check:term`` matches every check with "term" in its name,
``severity:e`` (or ``sev:err``) the errors; ``check:a,b`` or two tokens mean either.

The folded text of each finding is built once per list (about 50 ms for 10k findings) and
each key press is a substring scan over it (a few ms); typing on narrows the last result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glossary.checks.model import SEVERITIES, Finding
from tm.normalize import fold

_TOKEN = re.compile(r'"[^"]*"?|\S+')
_KEYS = {"check": "check", "severity": "severity", "sev": "severity"}


@dataclass(frozen=True)
class Query:
    """A parsed filter text; an empty query keeps every finding."""

    words: tuple[str, ...] = ()  # folded
    checks: tuple[str, ...] = ()  # folded values of check: tokens
    severities: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.checks or self.severities)

    def narrows(self, other: Query) -> bool:
        """True when everything this query keeps, *other* keeps too (so this one can
        search *other*'s result)."""
        return (
            self.checks == other.checks
            and self.severities == other.severities
            and all(any(w in mine for mine in self.words) for w in other.words)
        )


def split(text: str) -> list[tuple[str | None, str]]:
    """The filter text as ``(key, raw)`` pieces: key "check" or "severity" for a token,
    None for a word."""
    pieces = []
    for raw in _TOKEN.findall(text):
        name, colon, _value = raw.partition(":")
        pieces.append((_KEYS.get(name.casefold()) if colon else None, raw))
    return pieces


def parse(text: str) -> Query:
    words: list[str] = []
    values: dict[str, list[str]] = {"check": [], "severity": []}
    for key, raw in split(text):
        if key is None:
            word = fold(raw.strip('"')).strip()
            if word:
                words.append(word)
        else:
            for value in raw.partition(":")[2].split(","):
                if value.strip():
                    values[key].append(fold(value.strip()))
    return Query(tuple(words), tuple(values["check"]), tuple(values["severity"]))


def with_token(text: str, key: str, value: str | None) -> str:
    """*text* with its ``key:`` tokens replaced by ``key:value`` (or removed for None).

    Tokens come first, check before severity, then the words as typed.
    """
    pieces = split(text)
    tokens = {k: raw for k, raw in pieces if k is not None}  # the last of each key
    if value is None:
        tokens.pop(key, None)
    else:
        tokens[key] = f"{key}:{value}"
    words = [raw for k, raw in pieces if k is None]
    return " ".join([tokens[k] for k in ("check", "severity") if k in tokens] + words)


def token_value(text: str, key: str) -> str | None:
    """The value of the only ``key:`` token of *text* with one value, else None."""
    found = [raw.partition(":")[2] for k, raw in split(text) if k == key]
    if len(found) == 1 and found[0] and "," not in found[0]:
        return found[0]
    return None


def finding_key(f: Finding) -> str:
    """What the words of a filter are looked for in, folded; fields apart by newlines (a
    word never spans two)."""
    where = f"{f.file}:{f.line}" if f.file and f.line else f.file or ""
    return fold("\n".join((f.term or "", f.source, f.target, f.message, where)))


def check_matches(name: str, values: Iterable[str]) -> bool:
    name = name.casefold()
    return any(v in name for v in values)


def severity_matches(name: str, values: Iterable[str]) -> bool:
    return any(name.startswith(v) for v in values)


def build_keys(findings: Iterable[Finding]) -> dict[int, str]:
    """The key of every finding, by ``id``; slow for long lists (run it in a worker)."""
    return {id(f): finding_key(f) for f in findings}


class FindingFilter:
    """Filters findings in a given order, with their keys built beforehand (see
    :meth:`set_keys`) and the last result remembered: typing on searches only that."""

    def __init__(self) -> None:
        self._keys: dict[int, str] = {}  # id(finding) -> key
        self._for: Sequence[Finding] | None = None  # the list the keys are for
        self._items: Sequence[Finding] | None = None  # the ordered list last filtered
        self._pairs: list[tuple[Finding, str]] = []
        self._last: tuple[Query, list[tuple[Finding, str]]] | None = None

    def set_keys(self, findings: Sequence[Finding], keys: dict[int, str]) -> None:
        """The keys (:func:`build_keys`) of *findings*, which any order of them shares."""
        self._keys, self._for = keys, findings
        self._items, self._last = None, None

    def ready_for(self, findings: Sequence[Finding]) -> bool:
        return findings is self._for

    def __call__(self, ordered: Sequence[Finding], text: str) -> list[Finding]:
        """The findings of *ordered* (some order of the list the keys are for) that
        *text* keeps, in that order."""
        query = parse(text)
        if not query:
            return list(ordered)
        if ordered is not self._items:
            keys = self._keys
            self._pairs = [(f, keys[id(f)]) for f in ordered]
            self._items, self._last = ordered, None
        pairs = self._pairs
        if self._last is not None and query.narrows(self._last[0]):
            pairs = self._last[1]
        if query.checks or query.severities:
            checks, severities = query.checks, query.severities
            kinds = {(f.check, f.severity) for f, _key in pairs}  # a handful: match each once
            keep = {
                kind
                for kind in kinds
                if (not checks or check_matches(kind[0], checks))
                and (not severities or severity_matches(kind[1], severities))
            }
            pairs = [p for p in pairs if (p[0].check, p[0].severity) in keep]
        for word in query.words:
            pairs = [p for p in pairs if word in p[1]]
        self._last = (query, pairs)
        return [f for f, _key in pairs]


def cycle(current: str | None, values: Sequence[str]) -> str | None:
    """The value after *current* in *values*, None (no token: everything) after the last."""
    if not values:
        return None
    if current is None:
        return values[0]
    folded = [v.casefold() for v in values]
    if current.casefold() in folded:
        i = folded.index(current.casefold()) + 1
        return values[i] if i < len(values) else None
    return values[0]


def severities_in(findings: Iterable[Finding]) -> list[str]:
    present = {f.severity for f in findings}
    return [s for s in SEVERITIES if s in present]


def checks_in(findings: Iterable[Finding]) -> list[str]:
    return sorted({f.check for f in findings})
