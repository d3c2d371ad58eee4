"""Markup out of the way before term matching, with a map back to the original text.

Terms inside code are not prose and must neither be required nor forbidden: RST literals
(````code````) and code roles (``:func:`print```), HTML/XML tags, printf and brace
placeholders become a separator that no term can span. Markup around prose keeps its text:
``:term:`` and ``:ref:`` roles, link labels, ``*emphasis*``. Keyboard accelerators
(``&File``, ``文件(&F)``) are dropped so the word they sit in is whole again.

The cleaned text maps each of its positions back to the original, so a term found in it is
reported (and highlighted) where it stands in the segment.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tm.placeholders import extract_placeholders

SEP = "\u2016"  # neither a word character, a space nor Han: a hard boundary for the matcher

# Roles whose text is prose a translator renders; every other role names code.
PROSE_ROLES = frozenset(
    {"term", "dfn", "ref", "doc", "abbr", "title", "menuselection", "guilabel", "numref", "emphasis", "strong"}
)  # fmt: skip
# Tags that only style a run of text: removed without a trace, so <b>国有</b>企业 stays one word.
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "em", "font", "i", "mark", "q", "s", "small", "span",
     "strong", "sub", "sup", "u", "g", "x", "bx", "ex", "ph", "bpt", "ept", "it", "hi", "mrk"}
)  # fmt: skip

_MARKUP = re.compile(
    # The lookahead lets the engine skip, at one test, every position no branch can start at.
    r"(?=[:`*<(（&])(?:"
    r"(?P<role>(?::[\w.+-]+)+):`(?P<rtext>[^`]*)`"
    r"|``(?P<lit>.+?)``"
    r"|`(?P<link>[^`<]*?)\s*<[^`>]*>`__?"
    r"|`(?P<ref>[^`]+)`(?P<under>__?)?"
    r"|\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|(?<![\w*\\])\*(?P<em>[^*\s](?:[^*\n]*?[^*\s])?)\*(?![\w*])"
    r"|(?P<tag></?(?P<tagname>[A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<accel_zh>[(（]&[A-Za-z0-9][)）])"
    r"|(?<![\w&])(?P<accel>&)(?=[^\W\d_])(?![A-Za-z]+;))"
)
_ROLE_TARGET = re.compile(r"^(?P<text>.*?)\s*<[^<>]*>$", re.S)
# A cheap test: most segments carry no markup at all.
_MAYBE = re.compile(r"[`*<&%{]")


@dataclass
class Cleaned:
    """The text terms are matched in, and the way back to the original's offsets."""

    text: str
    _clean_starts: list[int]  # where each piece of the cleaned text begins
    _orig_starts: list[int]  # where that piece begins in the original

    def original(self, pos: int) -> int:
        """Offset in the original text of cleaned position *pos*."""
        if len(self._clean_starts) == 1:
            return self._orig_starts[0] + pos
        i = bisect.bisect_right(self._clean_starts, pos) - 1
        return self._orig_starts[i] + pos - self._clean_starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of cleaned span [start, end)."""
        if start >= end:
            return self.original(start), self.original(start)
        return self.original(start), self.original(end - 1) + 1


def _plain(text: str) -> Cleaned:
    return Cleaned(text, [0], [0])


def _replacements(text: str, flags: Iterable[str]) -> list[tuple[int, int, int, int]]:
    """(start, end, keep_start, keep_end) of each piece of markup; keep_* is the text kept
    (keep_start == keep_end: nothing kept; keep_start == -1: a separator)."""
    out = []
    for m in _MARKUP.finditer(text):
        # The last group to close names the branch: "rtext" for a role, "under" or "ref" for
        # interpreted text, "tag" (around "tagname"), and each other branch's own group.
        kind, start, end = m.lastgroup, m.start(), m.end()
        if kind == "rtext":
            if any(r in PROSE_ROLES for r in m.group("role").split(":")):
                inner = m.group("rtext")
                target = _ROLE_TARGET.match(inner)
                keep = target.group("text") if target else inner
                keep = keep.lstrip("~!")
                at = m.start("rtext") + inner.find(keep) if keep else m.start("rtext")
                out.append((start, end, at, at + len(keep)))
            else:
                out.append((start, end, -1, -1))
        elif kind == "lit":
            out.append((start, end, -1, -1))
        elif kind == "under":  # a named hyperlink reference: its text is prose
            out.append((start, end, m.start("ref"), m.end("ref")))
        elif kind == "ref":  # interpreted text with the default role: code in the Python docs
            out.append((start, end, -1, -1))
        elif kind in ("link", "strong", "em"):
            out.append((start, end, m.start(kind), m.end(kind)))
        elif kind == "tag":
            inline = m.group("tagname").lower().split(":")[-1] in INLINE_TAGS
            out.append((start, end, start, start) if inline else (start, end, -1, -1))
        else:  # accelerators
            out.append((start, end, start, start))
    if "%" in text or "{" in text:
        starts = [a for a, _, _, _ in out]  # sorted: finditer goes left to right
        for p in extract_placeholders(text, flags):
            i = bisect.bisect_right(starts, p.start) - 1
            inside = i >= 0 and out[i][1] > p.start
            after = i + 1 < len(starts) and starts[i + 1] < p.end
            if not inside and not after:
                out.append((p.start, p.end, -1, -1))
    out.sort()
    return out


def clean(text: str, flags: Iterable[str] = ()) -> Cleaned:
    """*text* with markup replaced as the module docstring says, and its offset map."""
    if not _MAYBE.search(text):
        return _plain(text)
    pieces = _replacements(text, flags)
    if not pieces:
        return _plain(text)
    out: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    length = last = 0
    # Each piece kept or put in is appended with where it starts in both texts (inlined: this
    # runs for every segment of a corpus).
    for start, end, keep_start, keep_end in pieces:
        if start < last:  # overlaps a piece already replaced
            continue
        if start > last:  # the text before this piece
            clean_starts.append(length)
            orig_starts.append(last)
            out.append(text[last:start])
            length += start - last
        if keep_start == -1:
            clean_starts.append(length)
            orig_starts.append(start)
            out.append(SEP)
            length += 1
        elif keep_end > keep_start:
            clean_starts.append(length)
            orig_starts.append(keep_start)
            out.append(text[keep_start:keep_end])
            length += keep_end - keep_start
        last = end
    if len(text) > last:
        clean_starts.append(length)
        orig_starts.append(last)
        out.append(text[last:])
    if not clean_starts or clean_starts[0] != 0:
        clean_starts.insert(0, 0)
        orig_starts.insert(0, 0)
    return Cleaned("".join(out), clean_starts, orig_starts)
