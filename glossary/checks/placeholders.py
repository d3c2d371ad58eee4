"""Numbers and placeholders that a translation must carry over from its source.

Extraction and comparison are ``tm.placeholders``' (shared with pre-translation). Numbers
are compared in markup-free text, so a number inside code (``:pep:`8```, ````0o777````) is
not counted; a number the other side spells out in words (``3`` and ``三``, ``2`` and
``two``, ``2月`` and ``February``) is not reported either.
"""

from __future__ import annotations

import re

from glossary.checks.analysis import cleaned
from glossary.checks.model import Finding, Segment, finding_for
from glossary.checks.registry import segment_check
from tm.placeholders import compare_numbers, compare_placeholders

_DIGIT = re.compile(r"\d")
_MAYBE_PLACEHOLDER = re.compile(r"[%{]")
_HAN_DIGITS = "零一二三四五六七八九"
_EN_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_EN_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety", 100: "hundred"}  # fmt: skip
_EN_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split()
# English names its months where Chinese writes 2月: "February 6, 2024" = "2024年2月6日".
_EN_MONTHS = (
    "january february march april may june july august september october november december"
).split()


def _han_number(n: int) -> set[str]:
    """Ways Chinese writes *n* (0-99) in characters."""
    if n < 10:
        forms = {_HAN_DIGITS[n]}
        if n == 2:
            forms.add("两")
        return forms
    tens, unit = divmod(n, 10)
    head = "" if tens == 1 else _HAN_DIGITS[tens]
    forms = {head + "十" + (_HAN_DIGITS[unit] if unit else "")}
    if tens == 1:
        forms.add("一十" + (_HAN_DIGITS[unit] if unit else ""))
    return forms


def _en_number(n: int) -> set[str]:
    forms = set()
    if n < len(_EN_NUMBERS):
        forms.add(_EN_NUMBERS[n])
    if n in _EN_TENS:
        forms.add(_EN_TENS[n])
    if n < len(_EN_ORDINALS):
        forms.add(_EN_ORDINALS[n])
    if 1 <= n <= 12:
        month = _EN_MONTHS[n - 1]
        forms.update({month, month[:3], "sept" if n == 9 else month[:3]})
    if n == 2:
        forms.update({"twice", "double", "pair", "both"})
    if n == 1:
        forms.update({"once", "single", "a", "an"})
    return forms


def spelled_out(number: str, text: str, lang: str) -> bool:
    """True when *text* (in *lang*) writes the small integer *number* in words."""
    if not number.isdigit() or int(number) > 99:
        return False
    n = int(number)
    if lang.lower().startswith("zh"):
        return any(form in text for form in _han_number(n))
    lowered = text.lower()
    return any(re.search(rf"\b{form}\b", lowered) for form in _en_number(n))


@segment_check("numbers", "warning")
def numbers(termbase, segment: Segment) -> list[Finding]:
    """Numbers differ between source and target."""
    if not (_DIGIT.search(segment.source) or _DIGIT.search(segment.target)):
        return []
    source = cleaned(segment, "source").text
    target = cleaned(segment, "target").text
    mismatch = compare_numbers(source, target)
    if mismatch is None:
        return []
    missing = [n for n in mismatch.missing if not spelled_out(n, target, segment.tgt_lang)]
    extra = [n for n in mismatch.extra if not spelled_out(n, source, segment.src_lang)]
    if not missing and not extra:
        return []
    parts = []
    if missing:
        parts.append("missing " + ", ".join(missing))
    if extra:
        parts.append("extra " + ", ".join(extra))
    return [
        finding_for(
            segment,
            "numbers",
            "numbers differ: " + "; ".join(parts),
            term=" ".join(missing + extra),
            expected=missing,
            details={"missing": missing, "extra": extra},
        )
    ]


@segment_check("placeholders", "error")
def placeholders(termbase, segment: Segment) -> list[Finding]:
    """Placeholders (printf, brace, python-format) differ between source and target."""
    if not (_MAYBE_PLACEHOLDER.search(segment.source) or _MAYBE_PLACEHOLDER.search(segment.target)):
        return []
    mismatch = compare_placeholders(segment.source, segment.target, segment.flags)
    if mismatch is None:
        return []
    parts = []
    if mismatch.missing:
        parts.append("missing " + " ".join(mismatch.missing))
    if mismatch.extra:
        parts.append("extra " + " ".join(mismatch.extra))
    return [
        finding_for(
            segment,
            "placeholders",
            "placeholders differ: " + "; ".join(parts),
            term=" ".join(mismatch.missing + mismatch.extra),
            expected=list(mismatch.missing),
            details={"missing": list(mismatch.missing), "extra": list(mismatch.extra)},
        )
    ]
