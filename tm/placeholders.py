"""Placeholders and numbers in a segment: what a translation must carry over unchanged.

Used by pre-translation (a fill whose placeholders differ from its source is only a
suggestion) and by consistency checks. Three placeholder syntaxes are recognised:

* printf, as in C and Python's ``%`` operator: ``%s``, ``%d``, ``%5.2f``, ``%(name)s``,
  ``%1$s``; ``%%`` is a literal percent sign, not a placeholder;
* braces, as in ``str.format`` and many message formats: ``{0}``, ``{name}``, ``{}``,
  ``{name!r:>10}``; ``{{`` and ``}}`` are literal braces;
* with a ``python-format`` / ``c-format`` flag (PO), printf is read as gettext does;
  without a flag, only printf forms that cannot be ordinary prose are taken (``50% of``
  is prose: a space flag and ``o`` conversion would make it ``% o``).

Numbers are runs of digits with decimal or thousands separators, compared in one form:
full-width digits fold to ASCII (``２０２４`` is ``2024``) and thousands separators go
(``1,000`` is ``1000``), so an English source and a Chinese target compare alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

PRINTF_FLAGS = frozenset({"c-format", "python-format", "php-format", "perl-format", "sh-format"})
BRACE_FLAGS = frozenset({"python-brace-format", "csharp-format", "java-format"})

# gettext's reading of a printf directive, used when the text is flagged as printf.
_PRINTF_STRICT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?:\d+\$)?[-#0 +']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcrsp%]"
)
# Without a flag: no flags but a left-justifying width, and a named form or a common
# conversion not followed by a Latin letter, so "50% of", "%-style" and "100%." stay prose.
_PRINTF_LOOSE = re.compile(
    r"%(?:\((?P<name>[A-Za-z_][\w.]*)\)[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|(?:\d+\$)?(?:-?\d+)?(?:\.\d+)?(?:l|ll|z)?[disuxXfFgGeEcr](?![A-Za-z]))"
)
_BRACE = re.compile(
    r"\{\{|\}\}|\{(?:\d+|[A-Za-z_]\w*(?:\.\w+|\[\w+\])*)?(?:![rsa])?(?::[^{}\s]{0,20})?\}"
)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*", re.ASCII)
_ANY_DIGIT = re.compile(r"\d")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


@dataclass(frozen=True)
class Placeholder:
    """One placeholder as written (``%(name)s``) and where it is in the text."""

    text: str
    start: int
    end: int
    kind: str  # "printf" or "brace"


def extract_placeholders(text: str, flags: Iterable[str] = ()) -> list[Placeholder]:
    """The placeholders of *text* in order; *flags* are PO flags such as ``python-format``."""
    if "%" not in text and "{" not in text:
        return []
    flags = set(flags)
    printf = _PRINTF_STRICT if flags & PRINTF_FLAGS else _PRINTF_LOOSE
    found = []
    for match in printf.finditer(text):
        if match.group() != "%%":
            found.append(Placeholder(match.group(), match.start(), match.end(), "printf"))
    taken = [(p.start, p.end) for p in found]
    for match in _BRACE.finditer(text):
        if match.group() in ("{{", "}}"):
            continue
        if any(a < match.end() and match.start() < b for a, b in taken):
            continue
        found.append(Placeholder(match.group(), match.start(), match.end(), "brace"))
    found.sort(key=lambda p: p.start)
    return found


def placeholder_names(text: str, flags: Iterable[str] = ()) -> list[str]:
    """Just the placeholders' texts, in order."""
    return [p.text for p in extract_placeholders(text, flags)]


def extract_numbers(text: str) -> list[str]:
    """The numbers of *text* in order, in comparable form (ASCII digits, no thousands commas)."""
    if not _ANY_DIGIT.search(text):
        return []
    folded = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    numbers = []
    for match in _NUMBER.finditer(folded):
        value = match.group()
        if _THOUSANDS.match(value):
            value = value.replace(",", "")
        numbers.append(value.rstrip(".,:"))
    return numbers


@dataclass(frozen=True)
class Mismatch:
    """What a translation lacks or adds compared with its source."""

    kind: str  # "placeholders" or "numbers"
    missing: tuple[str, ...]  # in the source, not in the translation
    extra: tuple[str, ...]  # in the translation, not in the source

    def __str__(self) -> str:
        parts = []
        if self.missing:
            parts.append("missing " + " ".join(self.missing))
        if self.extra:
            parts.append("extra " + " ".join(self.extra))
        return f"{self.kind} differ: {', '.join(parts)}"


def _diff(kind: str, source: list[str], target: list[str]) -> Mismatch | None:
    a, b = Counter(source), Counter(target)
    if a == b:
        return None
    return Mismatch(kind, tuple(sorted((a - b).elements())), tuple(sorted((b - a).elements())))


def compare_placeholders(source: str, target: str, flags: Iterable[str] = ()) -> Mismatch | None:
    """How *target*'s placeholders differ from *source*'s (as multisets: order may change)."""
    flags = tuple(flags)
    return _diff("placeholders", placeholder_names(source, flags), placeholder_names(target, flags))


def compare_numbers(source: str, target: str) -> Mismatch | None:
    """How *target*'s numbers differ from *source*'s (as multisets)."""
    return _diff("numbers", extract_numbers(source), extract_numbers(target))
