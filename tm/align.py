"""Sentence alignment of two parallel documents (Gale-Church with lexical anchors).

The cost of a bead is Gale and Church's: the prior of its kind (1-1, 1-2, 2-1, 1-0, 0-1)
plus how improbable its length ratio is. Lengths are non-space characters; the expected
target/source ratio is measured on the two texts themselves (an English sentence is some
3.7 times as long as its Chinese translation, but this varies with the text), so any
language pair works. Lexical anchors lower the cost of a bead whose two sides share them:
numbers (``2023``, ``20th`` -> 20, full-width ``２２``), Latin tokens found in both texts
(``SASAC``, ``CPC`` inside the Chinese), quoted phrases, known term pairs, and paragraph
starts when the paragraphs do not correspond one to one.

Omissions (1-0, 0-1) cost a constant rather than a length penalty: a long sentence missing
from a translation is not less likely than a short one. The dynamic programme runs in a band
around the length diagonal and widens the band when the best path touches its edge, so a
few thousand sentences align in well under a second.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tm.lang import is_cjk_lang
from tm.segment import Sentence, segment

# Gale and Church's priors for the bead kinds (src count, tgt count).
_PRIORS = {(1, 1): 0.89, (2, 1): 0.089, (1, 2): 0.089, (1, 0): 0.0099, (0, 1): 0.0099}
_PRIOR_COST = {k: -math.log(p) for k, p in _PRIORS.items()}
_VARIANCE = 6.8  # Gale and Church's s^2; the seed pair measures about 5 for EN-ZH
_DELETE_COST = 2.0  # the length part of an omission's cost (see the module docstring)
_ANCHOR_BONUS = 1.0  # cost removed per anchor a bead's two sides share
_ANCHOR_CAP = 3  # at most this many shared anchors count for one bead
_ANCHOR_PENALTY = 0.5  # cost added per strong anchor on one side only (not for omissions)
_PARAGRAPH_MISMATCH = 6.0  # |delta| of a paragraph pair beyond which paragraphs are not trusted
_BAND = 10  # initial half-width of the band, in sentences

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-&.][A-Za-z0-9]+)*")
# Enumerations: "First, ..." / "一是……", "第二，……" (common in official texts).
_EN_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                     "eighth", "ninth", "tenth")  # fmt: skip
_EN_ORDINAL = re.compile(rf"^\W*({'|'.join(_EN_ORDINAL_WORDS)})(?:ly)?\b", re.I)
_ZH_ORDINAL = re.compile(r"^\W*(?:第?([一二三四五六七八九十])是|第([一二三四五六七八九十])[，、,])")
_ORDINALS = {w: n for n, w in enumerate(_EN_ORDINAL_WORDS, 1)}
_ORDINALS.update({w: n for n, w in enumerate("一二三四五六七八九十", 1)})
_QUOTED = re.compile(r'"[^"\n]{1,200}"|“[^”]{1,200}”|「[^」]{1,200}」|『[^』]{1,200}』')


@dataclass(frozen=True)
class Bead:
    """A group of source sentences aligned to a group of target sentences."""

    src: tuple[int, ...]  # indexes into the source sentences
    tgt: tuple[int, ...]  # indexes into the target sentences
    kind: str  # "1-1", "1-2", "2-1", "1-0" or "0-1"
    confidence: float  # 0-1; omissions are 0
    cost: float  # the bead's share of the DP cost (lower is better)


@dataclass(frozen=True)
class AlignedPair:
    """A bead with its sentences joined: what goes into the memory."""

    source: str
    target: str
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    kind: str
    confidence: float


def align(
    src_sents: Sequence[str | Sentence],
    tgt_sents: Sequence[str | Sentence],
    src_lang: str,
    tgt_lang: str,
    anchors: Sequence[tuple[str, str]] | None = None,
) -> list[Bead]:
    """Align two lists of sentences; return the beads in document order.

    Given :class:`Sentence` objects, the paragraph structure is used: paragraph by
    paragraph when both sides have as many paragraphs and their lengths agree, else the
    paragraph starts are soft anchors. *anchors* are known (source, target) term pairs.
    """
    src_texts = [_text(s) for s in src_sents]
    tgt_texts = [_text(s) for s in tgt_sents]
    src_len = [_length(t) for t in src_texts]
    tgt_len = [_length(t) for t in tgt_texts]
    ratio = (sum(tgt_len) or 1) / (sum(src_len) or 1)
    src_keys, tgt_keys = _anchor_keys(src_texts, tgt_texts, src_lang, tgt_lang, anchors)

    src_paras = _paragraph_ranges(src_sents)
    tgt_paras = _paragraph_ranges(tgt_sents)
    if len(src_paras) == len(tgt_paras) > 1 and all(
        abs(_delta(sum(src_len[a:b]), sum(tgt_len[c:d]), ratio)) < _PARAGRAPH_MISMATCH
        for (a, b), (c, d) in zip(src_paras, tgt_paras, strict=True)
    ):
        beads: list[Bead] = []
        for (a, b), (c, d) in zip(src_paras, tgt_paras, strict=True):
            part = _align_block(src_len[a:b], tgt_len[c:d], src_keys[a:b], tgt_keys[c:d], ratio)
            beads.extend(_shift(bead, a, c) for bead in part)
        return beads
    if len(src_paras) > 1 or len(tgt_paras) > 1:  # paragraph starts as soft anchors
        for keys, paras in ((src_keys, src_paras), (tgt_keys, tgt_paras)):
            for start, _ in paras:
                keys[start] = (keys[start] or frozenset()) | {"~¶"}
    return _align_block(src_len, tgt_len, src_keys, tgt_keys, ratio)


def align_documents(
    src_text: str,
    tgt_text: str,
    src_lang: str,
    tgt_lang: str,
    anchors: Sequence[tuple[str, str]] | None = None,
) -> list[AlignedPair]:
    """Segment and align two documents; return the beads as pairs of joined texts."""
    src = segment(src_text, src_lang)
    tgt = segment(tgt_text, tgt_lang)
    src_join = "" if is_cjk_lang(src_lang) else " "
    tgt_join = "" if is_cjk_lang(tgt_lang) else " "
    return [
        AlignedPair(
            source=src_join.join(src[i].text for i in bead.src),
            target=tgt_join.join(tgt[j].text for j in bead.tgt),
            src=bead.src,
            tgt=bead.tgt,
            kind=bead.kind,
            confidence=bead.confidence,
        )
        for bead in align(src, tgt, src_lang, tgt_lang, anchors)
    ]


# -- the dynamic programme ----------------------------------------------------------------

Keys = frozenset[str] | None


def _align_block(
    src_len: list[int], tgt_len: list[int], src_keys: list[Keys], tgt_keys: list[Keys], ratio: float
) -> list[Bead]:
    n, m = len(src_len), len(tgt_len)
    width = _BAND
    while True:
        lo, hi = _band(src_len, tgt_len, ratio, width)
        path = _dp(src_len, tgt_len, src_keys, tgt_keys, ratio, lo, hi)
        full = width >= max(n, m)
        if full or not any(
            (j - lo[i] < 2 and lo[i] > 0) or (hi[i] - j < 2 and hi[i] < m) for i, j in path
        ):
            break
        width *= 2
    beads = []
    for (i0, j0), (i1, j1) in zip(path, path[1:], strict=False):
        di, dj = i1 - i0, j1 - j0
        s, t = _len_sum(src_len, i0, i1), _len_sum(tgt_len, j0, j1)
        if di and dj:
            evidence = _length_cost(s, t, ratio) + _anchor_cost(
                _union(src_keys, i0, i1), _union(tgt_keys, j0, j1)
            )
            cost = _PRIOR_COST[di, dj] + evidence
            extra = 0.0 if di == dj else 0.5  # a merge is a little less certain than a 1-1
            confidence = min(1.0, math.exp(-max(0.0, evidence + extra) / 3))
        else:
            cost, confidence = _PRIOR_COST[di, dj] + _DELETE_COST, 0.0
        beads.append(
            Bead(
                tuple(range(i0, i1)),
                tuple(range(j0, j1)),
                f"{di}-{dj}",
                round(confidence, 4),
                round(cost, 4),
            )
        )
    return beads


def _band(
    src_len: list[int], tgt_len: list[int], ratio: float, width: int
) -> tuple[list[int], list[int]]:
    """For each source position, the range of target positions the DP considers."""
    n, m = len(src_len), len(tgt_len)
    cum_tgt = [0]
    for x in tgt_len:
        cum_tgt.append(cum_tgt[-1] + x)
    lo, hi = [0] * (n + 1), [0] * (n + 1)
    done = 0
    for i in range(n + 1):
        centre = bisect.bisect_left(cum_tgt, done * ratio)
        lo[i] = max(0, centre - width)
        hi[i] = min(m, centre + width)
        if i:
            lo[i] = max(lo[i - 1], min(lo[i], hi[i - 1]))  # rows must overlap and not go back
            hi[i] = max(hi[i], hi[i - 1])
        if i < n:
            done += src_len[i]
    lo[0], hi[n] = 0, m
    return lo, hi


def _dp(
    src_len: list[int],
    tgt_len: list[int],
    src_keys: list[Keys],
    tgt_keys: list[Keys],
    ratio: float,
    lo: list[int],
    hi: list[int],
) -> list[tuple[int, int]]:
    """The cheapest path from (0, 0) to (n, m) through the band, as a list of points."""
    n = len(src_len)
    inf = math.inf
    cost: list[list[float]] = []
    back: list[list[tuple[int, int]]] = []
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    delete = {k: _PRIOR_COST[k] + _DELETE_COST for k in ((1, 0), (0, 1))}
    for i in range(n + 1):
        row_lo = lo[i]
        row = [inf] * (hi[i] - row_lo + 1)
        brow = [(0, 0)] * len(row)
        for j in range(row_lo, hi[i] + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, step = inf, (0, 0)
            for di, dj in moves:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                if di == 0:
                    if pj < row_lo:
                        continue
                    prev = row[pj - row_lo]
                else:
                    plo = lo[pi]
                    if pj < plo or pj > hi[pi]:
                        continue
                    prev = cost[pi][pj - plo]
                if prev == inf:
                    continue
                if di and dj:
                    s = src_len[pi] if di == 1 else src_len[pi] + src_len[pi + 1]
                    t = tgt_len[pj] if dj == 1 else tgt_len[pj] + tgt_len[pj + 1]
                    c = prev + _PRIOR_COST[di, dj] + _length_cost(s, t, ratio)
                    if c - _ANCHOR_CAP * _ANCHOR_BONUS < best:
                        c += _anchor_cost(_union(src_keys, pi, i), _union(tgt_keys, pj, j))
                else:
                    c = prev + delete[di, dj]
                if c < best:
                    best, step = c, (di, dj)
            row[j - row_lo] = best
            brow[j - row_lo] = step
        cost.append(row)
        back.append(brow)
    path = [(n, hi[n])]
    i, j = n, hi[n]
    while i or j:
        di, dj = back[i][j - lo[i]]
        i, j = i - di, j - dj
        path.append((i, j))
    path.reverse()
    return path


def _delta(s: int, t: int, ratio: float) -> float:
    """Gale and Church's delta: how far *t* is from the expected length of *s*, in SDs."""
    t_in_src = t / ratio
    mean = max((s + t_in_src) / 2, 1.0)
    return (t_in_src - s) / math.sqrt(mean * _VARIANCE)


def _length_cost(s: int, t: int, ratio: float) -> float:
    """-log P(|delta| at least this large) under the normal model."""
    d = abs(_delta(s, t, ratio))
    if d > 6:  # erfc underflows; its log is about -d^2/2 - log(d sqrt(pi/2))
        return d * d / 2 + math.log(d * 1.2533)
    return -math.log(math.erfc(d / math.sqrt(2)))


def _anchor_cost(a: Keys, b: Keys) -> float:
    """Shared anchors lower a bead's cost; strong ones on one side only raise it."""
    if not a and not b:
        return 0.0
    a, b = a or frozenset(), b or frozenset()
    unmatched = sum(1 for k in a ^ b if not k.startswith("~"))
    return _ANCHOR_PENALTY * unmatched - _ANCHOR_BONUS * min(len(a & b), _ANCHOR_CAP)


def _union(keys: list[Keys], start: int, end: int) -> Keys:
    if end - start == 1:
        return keys[start]
    out: frozenset[str] = frozenset()
    for k in keys[start:end]:
        if k:
            out |= k
    return out


def _len_sum(lengths: list[int], start: int, end: int) -> int:
    return sum(lengths[start:end])


def _shift(bead: Bead, di: int, dj: int) -> Bead:
    return Bead(
        tuple(i + di for i in bead.src),
        tuple(j + dj for j in bead.tgt),
        bead.kind,
        bead.confidence,
        bead.cost,
    )


# -- features -----------------------------------------------------------------------------


def _text(sentence: str | Sentence) -> str:
    return sentence.text if isinstance(sentence, Sentence) else sentence


def _length(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _paragraph_ranges(sents: Sequence[str | Sentence]) -> list[tuple[int, int]]:
    """(start, end) sentence indexes of each paragraph; one range for plain strings."""
    ranges: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(sents) + 1):
        if i == len(sents) or _para(sents[i]) != _para(sents[i - 1]):
            ranges.append((start, i))
            start = i
    return ranges


def _para(sentence: str | Sentence) -> int:
    return sentence.paragraph if isinstance(sentence, Sentence) else 0


def _anchor_keys(
    src_texts: list[str],
    tgt_texts: list[str],
    src_lang: str,
    tgt_lang: str,
    terms: Sequence[tuple[str, str]] | None,
) -> tuple[list[Keys], list[Keys]]:
    """For each sentence, the anchor keys it holds (None when it holds none)."""
    src_folded = [unicodedata.normalize("NFKC", t) for t in src_texts]
    tgt_folded = [unicodedata.normalize("NFKC", t) for t in tgt_texts]
    # Latin tokens anchor only when both texts have them (names, acronyms kept in Chinese);
    # between two Latin-script texts only capitalised ones, or every word would anchor.
    both_latin = not (is_cjk_lang(src_lang) or is_cjk_lang(tgt_lang))
    shared = _latin_vocabulary(src_folded, both_latin) & _latin_vocabulary(tgt_folded, both_latin)
    src_doc, tgt_doc = "\n".join(src_folded).casefold(), "\n".join(tgt_folded).casefold()
    term_list = [
        (i, s.casefold(), t.casefold())
        for i, (s, t) in enumerate(terms or ())
        if s.strip() and t.strip() and s.casefold() in src_doc and t.casefold() in tgt_doc
    ]
    src_keys = [_keys(t, shared, [(i, s) for i, s, _ in term_list]) for t in src_folded]
    tgt_keys = [_keys(t, shared, [(i, t) for i, _, t in term_list]) for t in tgt_folded]
    return src_keys, tgt_keys


def _latin_vocabulary(texts: list[str], capitalised_only: bool) -> set[str]:
    return {
        w.casefold()
        for text in texts
        for w in _LATIN.findall(text)
        if len(w) > 1 and (not capitalised_only or w.lower() != w)
    }


def _keys(text: str, shared: set[str], terms: list[tuple[int, str]]) -> Keys:
    """Anchor keys of one sentence; weak ones (quotes, paragraph starts) start with "~"."""
    keys = {"#" + n.replace(",", "") for n in _NUMBER.findall(text)}
    keys.update(w.casefold() for w in _LATIN.findall(text) if w.casefold() in shared)
    keys.update(f"~q{k}" for k in range(1, len(_QUOTED.findall(text)) + 1))
    ordinal = _EN_ORDINAL.match(text) or _ZH_ORDINAL.match(text)
    if ordinal:
        word = next(g for g in ordinal.groups() if g)
        keys.add(f"ord{_ORDINALS[word.lower()]}")
    if terms:
        folded = text.casefold()
        keys.update(f"t{i}" for i, term in terms if term in folded)
    return frozenset(keys) if keys else None
