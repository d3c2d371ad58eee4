"""Word boundaries in Chinese text, decided by jieba with the termbase's terms added.

Chinese has no spaces, so a term found as a substring may split a word: 积分 inside 累积分布
(jieba cuts 累积|分布). The matcher asks :class:`Segmenter` whether a position between two
Han characters is a word boundary.

Definitions, so the answer does not depend on how much text is passed in:

* a *run* is a maximal sequence of Han characters; a position next to anything else
  (punctuation, Latin, digits, space) is always a boundary;
* inside a run, the boundaries are those of jieba's dictionary segmentation of the run
  (``HMM=False``: term boundaries should come from the dictionary, not from the HMM guessing
  new words).

Most positions never need a segmentation. If no dictionary word contains the two characters
either side of a position as a pair, no word spans it, every path through jieba's word graph
passes through it, and it is a boundary of the best path too (a *forced* boundary). Forced
boundaries also split the best path into independent pieces, so an ambiguous position is
settled by cutting only the stretch between the nearest forced boundaries around it, which
is short and recurs often (cached). For HMM=False cuts this gives exactly jieba's answer for
the whole run.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable, Iterator

import jieba
from platformdirs import user_cache_dir

jieba.setLogLevel(logging.WARNING)  # jieba logs every dictionary load at DEBUG to stderr

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{HAN}]+")
_CACHE_LIMIT = 100_000


def is_han(char: str) -> bool:
    return (
        "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"
    )


@functools.cache
def base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary (FREQ, total), loaded once per process for every user.

    The cache file goes to the user cache directory, not the system temp directory.
    """
    cache_dir = user_cache_dir("concord")
    os.makedirs(cache_dir, exist_ok=True)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache_dir
    tokenizer.cache_file = "jieba.cache"
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total


@functools.cache
def _base_dictionary() -> tuple[dict[str, int], int, frozenset[str]]:
    """The base dictionary plus every Han character pair inside its words."""
    freq, total = base_dictionary()
    words = (w for w, count in freq.items() if count and len(w) > 1)
    return freq, total, frozenset(_han_pairs(words))


def _han_pairs(words: Iterable[str]) -> Iterator[str]:
    """Every two adjacent Han characters inside the words."""
    for word in words:
        for i in range(len(word) - 1):
            pair = word[i : i + 2]
            if is_han(pair[0]) and is_han(pair[1]):
                yield pair


class Segmenter:
    """Decides whether a position in Chinese text is a word boundary."""

    def __init__(self, words: Iterable[str]) -> None:
        freq, total, pairs = _base_dictionary()
        # A Tokenizer of our own so the termbase's words do not leak into jieba's global one.
        # Loading the dictionary costs ~0.6 s, so we share the loaded table and copy it
        # (FREQ/total/initialized are the attributes jieba's own initialize() sets).
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.FREQ = dict(freq)
        self._tokenizer.total = total
        self._tokenizer.initialized = True
        added = []
        for word in words:
            # Only the Han parts of a term can be jieba words (it cuts Latin separately).
            for run in _HAN_RUN.findall(word):
                if len(run) > 1:
                    # freq=None lets jieba pick the smallest frequency that keeps the word
                    # whole, so a term never overrides the dictionary elsewhere (积分 must
                    # not win over 累积|分布).
                    self._tokenizer.add_word(run)
                    added.append(run)
        # Callers may test a pair themselves before calling is_boundary (it is the hot path).
        self.pairs = pairs | frozenset(_han_pairs(added))
        self._cuts: dict[str, frozenset[int]] = {}
        # jieba's dictionary alone, shared and never written to: see plain_boundaries().
        self._plain = jieba.Tokenizer()
        self._plain.FREQ, self._plain.total, self._plain.initialized = freq, total, True
        self._plain_cuts: dict[str, frozenset[int]] = {}

    def cut(self, run: str) -> list[str]:
        """jieba's words for a run of Han characters."""
        return list(self._tokenizer.cut(run, HMM=False))

    def plain_boundaries(self, text: str) -> frozenset[int]:
        """Word boundaries (0 and len included) of *text* by jieba's dictionary alone.

        Inside a term that was found, the termbase's own words must not hide the terms nested
        in it: 上下文管理器 is one word once added, but 管理器 sits on a boundary of jieba's
        上下文|管理器 and is a nested hit.
        """
        cuts = self._plain_cuts.get(text)
        if cuts is None:
            offsets, at = [0], 0
            for word in self._plain.cut(text, HMM=False):
                at += len(word)
                offsets.append(at)
            cuts = self._plain_cuts[text] = frozenset(offsets)
        return cuts

    def is_boundary(self, text: str, pos: int) -> bool:
        """True when *pos* (0 < pos < len(text)) does not split a word of *text*."""
        pairs = self.pairs
        if text[pos - 1 : pos + 1] not in pairs:
            return True  # forced: also the answer whenever either side is not Han
        start, end = pos - 1, pos + 1
        while start > 0 and text[start - 1 : start + 1] in pairs:
            start -= 1
        while end < len(text) and text[end - 1 : end + 1] in pairs:
            end += 1
        stretch = text[start:end]
        cuts = self._cuts.get(stretch)
        if cuts is None:
            if len(self._cuts) > _CACHE_LIMIT:
                self._cuts.clear()
            cuts = self._cuts[stretch] = self._han_cuts(stretch)
        return pos - start in cuts

    def _han_cuts(self, run: str) -> frozenset[int]:
        """Word ends in a run of Han characters: what cut(run, HMM=False) gives, without
        the splitting of mixed text and the generators that cut() wraps around it."""
        route: dict[int, tuple[float, int]] = {}
        self._tokenizer.calc(run, self._tokenizer.get_DAG(run), route)
        ends, at = [], 0
        while at < len(run):
            at = route[at][1] + 1
            ends.append(at)
        return frozenset(ends)
