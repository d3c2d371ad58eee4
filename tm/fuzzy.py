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
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

FORMAT_VERSION = 1
START = 0x110000  # one past the last Unicode code point: cannot occur in text
END = 0x110001
_SHIFT = 21  # bits of one code point (and of START/END)
_ARRAYS = (
    "doc_keys",
    "doc_len",
    "text_offsets",
    "text_blob",
    "gram_keys",
    "gram_offsets",
    "postings",
    "long_rows",
    "block_offsets",
)
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
    """The sorted distinct bigram keys of *text* (padded with START/END when *padded*)."""
    codes = [ord(c) for c in text]
    if padded:
        codes = [START, *codes, END]
    keys = {(a << _SHIFT) | b for a, b in zip(codes, codes[1:], strict=False)}
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
        self.text_offsets = arrays["text_offsets"]
        self.text_blob = arrays["text_blob"]
        self.gram_keys = arrays["gram_keys"]
        self.gram_offsets = arrays["gram_offsets"]
        self.postings = arrays["postings"]
        self.long_rows = arrays["long_rows"]
        self.block_offsets = arrays["block_offsets"]
        self.block_size = max(1, -(-len(self.doc_keys) // BLOCKS))
        self.common = COMMON
        self.meta = dict(meta or {})

    def __len__(self) -> int:
        return len(self.doc_keys)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, entries: Iterable[tuple[int, str]], meta: dict | None = None) -> FuzzyIndex:
        """Index (key, normal-form text) pairs. Work is vectorised: 1M segments take seconds."""
        keys: list[int] = []
        texts: list[str] = []
        for key, text in entries:
            keys.append(key)
            texts.append(text.replace("\x00", " "))
        n = len(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int32, count=n)
        order = np.argsort(lengths, kind="stable")
        texts = [texts[i] for i in order]
        doc_keys = np.asarray(keys, dtype=np.int64)[order] if n else np.zeros(0, np.int64)
        doc_len = lengths[order]

        encoded = [t.encode("utf-8") for t in texts]
        text_offsets = np.zeros(n + 1, dtype=np.int64)
        if n:
            np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=text_offsets[1:])
        text_blob = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        del encoded

        gram_keys, gram_offsets, postings = _build_postings(texts)
        long_rows, block_offsets = _build_blocks(gram_offsets, postings, n)
        arrays = {
            "doc_keys": doc_keys,
            "doc_len": doc_len,
            "text_offsets": text_offsets,
            "text_blob": text_blob,
            "gram_keys": gram_keys,
            "gram_offsets": gram_offsets,
            "postings": postings,
            "long_rows": long_rows,
            "block_offsets": block_offsets,
        }
        return cls(arrays, meta)

    # -- persistence ----------------------------------------------------------------------

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write the index to *directory*, atomically: a reader sees the old or the new one."""
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name in _ARRAYS:
                with open(tmp / f"{name}.npy", "wb") as fh:
                    np.save(fh, getattr(self, name))
                    fh.flush()
                    os.fsync(fh.fileno())
            manifest = {"format": FORMAT_VERSION, "documents": len(self), **self.meta}
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
            old = None
            if target.exists():
                old = target.with_name(f".{target.name}.old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(target, old)
            os.replace(tmp, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> FuzzyIndex | None:
        """Memory-map a saved index; None when there is none or it is of another format."""
        path = Path(directory)
        try:
            meta = json.loads((path / "manifest.json").read_text())
            if meta.get("format") != FORMAT_VERSION:
                return None
            # np.asarray drops the memmap subclass (and its per-slice overhead); the data
            # stay mapped, so only pages a query touches are read.
            arrays = {
                name: np.asarray(np.load(path / f"{name}.npy", mmap_mode="r")) for name in _ARRAYS
            }
        except (OSError, ValueError):
            return None
        return cls(arrays, meta)

    def size_bytes(self) -> int:
        return sum(getattr(self, name).nbytes for name in _ARRAYS)

    # -- queries --------------------------------------------------------------------------

    def text(self, doc: int) -> str:
        start, end = self.text_offsets[doc], self.text_offsets[doc + 1]
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

        Yields document numbers in index order (shortest documents first).
        """
        if not needle or not len(self):
            return iter(())
        if len(needle) == 1:
            code = ord(needle)
            lo = np.searchsorted(self.gram_keys, code << _SHIFT, "left")
            hi = np.searchsorted(self.gram_keys, (code + 1) << _SHIFT, "left")
            lists = [self._postings(int(g)) for g in range(lo, hi)]
            if not lists:
                return iter(())
            return (int(d) for d in np.unique(np.concatenate(lists)))
        grams = query_grams(needle, padded=False)
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


def _build_blocks(
    gram_offsets: np.ndarray, postings: np.ndarray, n_docs: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each long posting list, the offset in it where each block of documents starts."""
    lengths = np.diff(gram_offsets)
    long_grams = np.flatnonzero(lengths > LONG_LIST)
    long_rows = np.full(len(lengths), -1, dtype=np.int32)
    long_rows[long_grams] = np.arange(len(long_grams), dtype=np.int32)
    block_size = max(1, -(-n_docs // BLOCKS))
    bounds = np.arange(BLOCKS + 1, dtype=np.int64) * block_size
    block_offsets = np.zeros((len(long_grams), BLOCKS + 1), dtype=np.int32)
    for row, g in enumerate(long_grams):
        plist = postings[gram_offsets[g] : gram_offsets[g + 1]]
        block_offsets[row] = np.searchsorted(plist, bounds)
    return long_rows, block_offsets


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    values = np.sort(values)
    if len(values) < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def _build_postings(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted distinct bigram keys, their offsets, and per-key sorted document numbers."""
    n = len(texts)
    if not n:
        return np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32)
    doc_bits = max(1, n.bit_length())
    combined_fits = 2 * _SHIFT + doc_bits <= 63
    chunks = []
    chunk_docs = 100_000
    for first in range(0, n, chunk_docs):
        part = texts[first : first + chunk_docs]
        joined = "\x00" + "\x00".join(part) + "\x00"
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        left, right = codes[:-1], codes[1:]
        docs = np.cumsum(left == 0) - 1 + first
        grams = (np.where(left == 0, START, left) << _SHIFT) | np.where(right == 0, END, right)
        if combined_fits:
            chunks.append(_sorted_unique((grams << doc_bits) | docs))
        else:
            pairs = np.unique(np.stack([grams, docs], axis=1), axis=0)
            chunks.append(pairs)
    if combined_fits:
        # Chunks are sorted runs: a stable (merging) sort of their concatenation is cheap.
        combined = np.sort(np.concatenate(chunks), kind="stable")
        chunks.clear()
        grams_sorted = combined >> doc_bits
        postings = (combined & ((1 << doc_bits) - 1)).astype(np.int32)
        del combined
    else:
        pairs = np.concatenate(chunks)
        order = np.lexsort((pairs[:, 1], pairs[:, 0]))
        grams_sorted = pairs[order, 0]
        postings = pairs[order, 1].astype(np.int32)
    starts = np.flatnonzero(np.diff(grams_sorted)) + 1
    gram_keys = grams_sorted[np.concatenate(([0], starts))]
    gram_offsets = np.concatenate(([0], starts, [len(grams_sorted)])).astype(np.int64)
    return gram_keys, gram_offsets, postings
