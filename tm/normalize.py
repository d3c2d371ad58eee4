"""Normalisation for matching: what two segments must share to be "the same text".

Chinese and English are scored alike: full-width forms fold to half-width (，-> ,
０１ -> 01), case folds, quote and dash variants fold to one form, whitespace runs are one
space. Display always uses the original text; only comparison sees the normal form.
"""

from __future__ import annotations

import re
import unicodedata

# Punctuation variants NFKC leaves apart but a translator reads as the same mark.
_PUNCT = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u300c": '"',
    "\u300d": '"',
    "\u300e": '"',
    "\u300f": '"',
    "\u301d": '"',
    "\u301e": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u3002": ".",
    "\uff61": ".",
    "\u3001": ",",
    "\uff64": ",",
    "\u300a": "<",
    "\u300b": ">",
    "\u3008": "<",
    "\u3009": ">",
    "\u3010": "[",
    "\u3011": "]",
    "\u3014": "[",
    "\u3015": "]",
    "\u30fb": "\u00b7",
    "\u2022": "\u00b7",
    "\u00a0": " ",
    "\u3000": " ",
}
# Control characters carry no text; the index uses NUL as a separator.
_PUNCT.update({chr(c): " " for c in range(0x20) if chr(c) not in "\t\n\r"})
_TABLE = str.maketrans(_PUNCT)
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


def fold(text: str) -> str:
    """Width, case and punctuation folding of one string (no whitespace handling)."""
    if text.isascii():  # NFKC leaves ASCII alone and casefold is lower: 3x faster
        return text.lower().translate(_TABLE)
    return unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)


def normalize(text: str) -> str:
    """The form fuzzy matching and concordance compare."""
    return _SPACE.sub(" ", fold(text)).strip()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize`, plus for each output character its index in *text*.

    Used to map a hit in the normal form back onto the original for display. Characters
    are folded one at a time, which equals whole-string folding for everything but
    combining sequences.
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        folded = fold(ch)
        for f in folded:
            if f.isspace():
                pending_space = bool(out)
                continue
            if pending_space:
                out.append(" ")
                offsets.append(i)
                pending_space = False
            out.append(f)
            offsets.append(i)
    return "".join(out), offsets


def mask_numbers(normal_text: str) -> str:
    """Replace every number with one placeholder: tells "differs only in numbers"."""
    return _NUMBER.sub("0", normal_text)


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2FA1F
        or 0xF900 <= o <= 0xFAFF
    )


_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A space between Han and a Latin word or a number: Chinese writers put one or not
# (lambda 表达式, lambda表达式); both spellings are one term.
_HAN_LATIN_SPACE = re.compile(
    f"(?<=[{_HAN_CLASS}]) +(?=[^\\W_{_HAN_CLASS}])|(?<=[^\\W_{_HAN_CLASS}]) +(?=[{_HAN_CLASS}])"
)
_HAN_LATIN_EDGE = re.compile(
    f"(?<=[{_HAN_CLASS}])(?=[^\\W_{_HAN_CLASS}])|(?<=[^\\W_{_HAN_CLASS}])(?=[{_HAN_CLASS}])"
)


def join_han_latin(text: str) -> str:
    """*text* without the spaces between Han and Latin words or numbers."""
    return _HAN_LATIN_SPACE.sub("", text)


def space_han_latin(text: str) -> str:
    """*text* with one space wherever Han meets a Latin word or a number."""
    return _HAN_LATIN_EDGE.sub(" ", join_han_latin(text))


MAX_SPELLINGS = 16  # four boundaries spelt every way; a longer phrase gets two spellings


def han_latin_spellings(text: str) -> list[str]:
    """Every way of writing *text* with or without a space where Han meets a Latin word or a
    number, *text* first (使用 lambda表达式 as well as 使用 lambda 表达式)."""
    joined = join_han_latin(text)
    edges = [m.start() for m in _HAN_LATIN_EDGE.finditer(joined)]
    if 2 ** len(edges) > MAX_SPELLINGS:
        return list(dict.fromkeys([text, joined, space_han_latin(text)]))
    out = [text]
    for mask in range(2 ** len(edges)):
        parts, last = [], 0
        for k, at in enumerate(edges):
            parts.append(joined[last:at] + (" " if mask >> k & 1 else ""))
            last = at
        out.append("".join(parts) + joined[last:])
    return list(dict.fromkeys(out))
