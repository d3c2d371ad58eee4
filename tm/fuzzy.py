"""A persistent character-bigram index for fuzzy matching and substring search.

Segments are kept in normal form (see :mod:`tm.normalize`) and scored with character-level
Levenshtein similarity, so Chinese and English are treated alike. Candidates come from the
index, never from a scan of the whole memory:

* documents are numbered in order of length, so the length window a score threshold allows
  (a string of length L can reach score S only against lengths L*S/100 .. L*100/S) is one
  contiguous range of document numbers, cut out of every posting list by binary search;
* each document is indexed by the set of its character bigrams, padded at both ends so that
  one- and two-character segments (common in Chinese) have bigrams too;
* an edit changes at most two bigrams, so a document within the allowed edit distance shares
  at least ``|grams(query)| - 2k`` of the query's bigrams: documents below that are skipped,
  the best of the rest (by shared bigrams) are scored exactly with RapidFuzz.

Arrays are saved with numpy and memory-mapped on load: a new process answers its first
query without reading the whole index.
"""

from __future__ import annotations

import json
import math
import mmap
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

FORMAT_VERSION = 3
START = 0x110000  # one past the last Unicode code point: cannot occur in text
END = 0x110001
SHIFT = 21  # bits of one code point (and of START/END)
SMALL_ARRAYS = (
    "doc_keys",  # per document (numbered by length): the caller's key
    "doc_len",  # per document: length of its normal form, ascending
    "doc_entry",  # per document: its entry in the blob
    "text_offsets",  # per entry (+1): where its NUL-terminated normal form starts in the blob
    "gram_keys",  # sorted distinct bigram keys (first << SHIFT | second)
    "gram_offsets",  # per bigram (+1): where its documents start in postings
    "long_rows",  # per bigram: its row in block_offsets, or -1 for a short list
    "block_offsets",
)
LARGE_ARRAYS = {"text_blob": np.uint8, "postings": np.int32}  # raw files, written by streaming
# Documents are cut into BLOCKS runs of consecutive numbers (similar lengths). For every
# posting list longer than LONG_LIST, the position where each run starts is precomputed, so
# the length window is cut out of all of a query's lists with one vectorised lookup.
BLOCKS = 128
LONG_LIST = 512
# Grams found in more than this share of the candidate window are not counted.
COMMON = 0.2


def similarity(a: str, b: str) -> float:
    """Character-level Levenshtein similarity of two normal-form strings, 0-100."""
    return Levenshtein.normalized_similarity(a, b) * 100.0


def _scorer(a: str, b: str, *, score_cutoff: float | None = None, **_: object) -> float:
    return Levenshtein.normalized_similarity(a, b, score_cutoff=score_cutoff)


def exhaustive_search(
    query: str, texts: list[str], limit: int = 5, min_score: float = 75.0
) -> list[tuple[int, float]]:
    """Score *query* against every text (the reference the index is measured against)."""
    found = process.extract(
        query,
        texts,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=min_score / 100.0,
        limit=limit,
    )
    return [(i, s * 100.0) for _, s, i in found]


def query_grams(text: str, padded: bool = True) -> np.ndarray:
    """The sorted distinct bigram keys of *text* that the index holds.

    Padded with START/END when *padded*. Bigrams with a space are not indexed: a quarter of
    English bigrams, found in nearly every document, they cost space and time and tell
    little (an edit still changes at most two of the remaining bigrams).
    """
    codes = [ord(c) for c in text]
    if padded:
        codes = [START, *codes, END]
    keys = {(a << SHIFT) | b for a, b in zip(codes, codes[1:], strict=False) if a != 32 and b != 32}
    return np.fromiter(sorted(keys), dtype=np.int64, count=len(keys))


@dataclass(frozen=True)
class FuzzyHit:
    key: int  # the caller's key for the document (a unit id)
    score: float
    text: str  # the document's normal form


class FuzzyIndex:
    """Bigram postings over normal-form documents, each identified by an integer key."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict | None = None) -> None:
        self.doc_keys = arrays["doc_keys"]
        self.doc_len = arrays["doc_len"]
        self.doc_entry = arrays["doc_entry"]
        self.text_offsets = arrays["text_offsets"]
        self.text_blob = arrays["text_blob"]
        self.gram_keys = arrays["gram_keys"]
        self.gram_offsets = arrays["gram_offsets"]
        self.postings = arrays["postings"]
        self.long_rows = arrays["long_rows"]
        self.block_offsets = arrays["block_offsets"]
        self.block_size = max(1, -(-len(self.doc_keys) // BLOCKS))
        self.common = COMMON
        self._blob_bytes = None
        self._entry_doc: np.ndarray | None = None
        self.meta = dict(meta or {})

    def __len__(self) -> int:
        return len(self.doc_keys)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Iterable[tuple[int, str]], meta: dict | None = None) -> FuzzyIndex:
        """Index (key, normal-form text) pairs in memory (for tests and small sets)."""
        from tm.fuzzybuild import build_index

        with tempfile.TemporaryDirectory() as tmp:
            build_index(Path(tmp) / "index", entries, meta)
            index = cls.load(Path(tmp) / "index", mmap=False)
        assert index is not None
        return index

    # -- persistence ----------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write the index to *directory*, atomically: a reader sees the old or the new one."""
        from tm.fuzzybuild import publish, write_small_arrays

        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name in LARGE_ARRAYS:
                getattr(self, name).tofile(tmp / f"{name}.bin")
            arrays = {name: getattr(self, name) for name in SMALL_ARRAYS}
            write_small_arrays(tmp, arrays, {"documents": len(self), **self.meta})
            publish(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: str | os.PathLike[str], mmap: bool = True) -> FuzzyIndex | None:
        """Open a saved index (memory-mapped); None when there is none or it is of another format."""
        path = Path(directory)
        try:
            meta = json.loads((path / "manifest.json").read_text())
            if meta.get("format") != FORMAT_VERSION:
                return None
            # np.asarray drops the memmap subclass (and its per-slice overhead); the data
            # stay mapped, so only the pages a query touches are read.
            mode = "r" if mmap else None
            arrays = {
                name: np.asarray(np.load(path / f"{name}.npy", mmap_mode=mode))
                for name in SMALL_ARRAYS
            }
            for name, dtype in LARGE_ARRAYS.items():
                file = path / f"{name}.bin"
                if not mmap or file.stat().st_size == 0:
                    arrays[name] = np.fromfile(file, dtype=dtype)
                else:
                    arrays[name] = np.asarray(np.memmap(file, dtype=dtype, mode="r"))
        except (OSError, ValueError):
            return None
        return cls(arrays, meta)

    def size_bytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in (*SMALL_ARRAYS, *LARGE_ARRAYS))

    # -- queries --------------------------------------------------------------------------

    def text(self, doc: int) -> str:
        entry = self.doc_entry[doc]
        start, end = self.text_offsets[entry], self.text_offsets[entry + 1] - 1
        return bytes(self.text_blob[start:end]).decode("utf-8")

    def _postings(self, gram_index: int) -> np.ndarray:
        return self.postings[self.gram_offsets[gram_index] : self.gram_offsets[gram_index + 1]]

    def _gram_indexes(self, grams: np.ndarray) -> np.ndarray:
        if not len(self.gram_keys) or not len(grams):
            return np.zeros(0, dtype=np.int64)
        idx = np.searchsorted(self.gram_keys, grams)
        idx[idx >= len(self.gram_keys)] = 0
        return idx[self.gram_keys[idx] == grams]

    def _window_postings(
        self, gram_indexes: np.ndarray, d_lo: int, d_hi: int, common: float
    ) -> tuple[np.ndarray, int, int]:
        """Postings of the given grams around documents [d_lo, d_hi), without common grams.

        Returns (postings, base, dropped): posting values may fall outside the window
        (callers count them into bins they then ignore), *base* is the first document of the
        first block, *dropped* the number of grams left out because more than *common* of
        the window's documents have them: they say little and cost most.
        """
        empty = np.zeros(0, dtype=np.int32)
        if not len(gram_indexes):
            return empty, d_lo, 0
        starts = self.gram_offsets[gram_indexes]
        ends = self.gram_offsets[gram_indexes + 1]
        rows = self.long_rows[gram_indexes]
        long = rows >= 0
        first_block = d_lo // self.block_size
        base = first_block * self.block_size
        if long.any():
            # Narrow long lists to the blocks overlapping the window (a superset of it).
            last_block = (d_hi - 1) // self.block_size + 1
            block_rows = self.block_offsets[rows[long]]
            ends[long] = starts[long] + block_rows[:, last_block]
            starts[long] = starts[long] + block_rows[:, first_block]
        sizes = ends - starts
        frequent = sizes > max(LONG_LIST, common * (d_hi - d_lo))
        dropped = int(frequent.sum())
        postings = self.postings
        parts = [
            postings[a:b]
            for a, b, skip in zip(starts.tolist(), ends.tolist(), frequent.tolist(), strict=True)
            if b > a and not skip
        ]
        if not parts:
            return empty, base, dropped
        return np.concatenate(parts), base, dropped

    def search(
        self, query: str, limit: int = 5, min_score: float = 75.0, candidates: int | None = None
    ) -> list[FuzzyHit]:
        """The best documents for normal-form *query* with score >= *min_score*, best first.

        *candidates* caps how many documents are scored exactly (default: enough for
        *limit*; callers that filter hits afterwards ask for more).
        """
        length = len(query)
        if not length or not len(self):
            return []
        ratio = max(min_score, 1.0) / 100.0
        lo_len = math.ceil(length * ratio - 1e-9)
        hi_len = math.floor(length / ratio + 1e-9)
        d_lo = int(np.searchsorted(self.doc_len, lo_len, "left"))
        d_hi = int(np.searchsorted(self.doc_len, hi_len, "right"))
        if d_hi <= d_lo:
            return []
        grams = query_grams(query)
        hits, base, dropped = self._window_postings(
            self._gram_indexes(grams), d_lo, d_hi, self.common
        )
        if not len(hits):
            return []
        # Postings outside the window (from short lists, not cut by blocks) go to two
        # overflow bins at either end.
        span = d_hi - base
        counts = np.bincount(np.clip(hits - (base - 1), 0, span + 1), minlength=span + 2)
        counts = counts[d_lo - base + 1 : span + 1]
        docs = np.flatnonzero(counts)
        counts = counts[docs]
        docs += d_lo
        # A document within edit distance k keeps at least |grams| - 2k of the query's
        # grams, of which at most `dropped` were not counted.
        max_edits = math.floor((1.0 - ratio) * max(hi_len, length) + 1e-9)
        needed = max(1, len(grams) - 2 * max_edits - dropped)
        keep = counts >= needed
        docs, counts = docs[keep], counts[keep]
        cap = candidates or max(64, 8 * limit)
        if len(docs) > cap:
            best = np.argpartition(counts, -cap)[-cap:]
            docs = docs[best]
        texts = [self.text(int(d)) for d in docs]
        scored = process.extract(
            query,
            texts,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=min_score / 100.0,
            limit=None,
        )
        scored.sort(key=lambda item: (-item[1], item[2]))
        return [
            FuzzyHit(int(self.doc_keys[docs[i]]), round(s * 100.0, 2), texts[i])
            for _, s, i in scored[: (candidates or limit)]
        ]

    def containing(self, needle: str) -> Iterator[int]:
        """Documents whose normal form may contain *needle* (a superset; callers verify).

        Needles with bigrams are answered from the postings (documents in index order,
        shortest first); a needle without indexed bigrams (one character, or words of one
        letter) by scanning the text blob, in blob order.
        """
        if not needle or not len(self):
            return iter(())
        grams = query_grams(needle, padded=False)
        if not len(grams):
            return self._scan(needle)
        found = self._gram_indexes(grams)
        if len(found) < len(grams):
            return iter(())
        lists = sorted((self._postings(int(g)) for g in found), key=len)
        docs = np.asarray(lists[0])
        for plist in lists[1:]:
            if not len(docs):
                break
            docs = np.intersect1d(docs, plist, assume_unique=True)
        return (int(d) for d in docs)

    def _scan(self, needle: str) -> Iterator[int]:
        """Documents containing *needle*, found by a byte search of the blob."""
        if self._blob_bytes is None:
            self._blob_bytes = _readable_blob(self.text_blob)
            self._entry_doc = np.empty(len(self), dtype=np.int64)
            self._entry_doc[self.doc_entry] = np.arange(len(self))
        blob, pattern = self._blob_bytes, needle.encode("utf-8")
        position, last_entry = blob.find(pattern), -1
        while position >= 0:
            entry = int(np.searchsorted(self.text_offsets, position, "right")) - 1
            if entry != last_entry:
                last_entry = entry
                yield int(self._entry_doc[entry])
            position = blob.find(pattern, int(self.text_offsets[entry + 1]))


def _readable_blob(blob: np.ndarray):
    """Something with a C-speed ``find`` over the blob: the mapped file itself when mapped."""
    base = blob
    while getattr(base, "base", None) is not None and not isinstance(base, mmap.mmap):
        base = base.base
    return base if isinstance(base, mmap.mmap) else blob.tobytes()
