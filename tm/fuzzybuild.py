"""Building a :class:`~tm.fuzzy.FuzzyIndex` on disk with bounded memory.

A million segments make about a hundred million (bigram, document) postings: sorting them in
memory at once needs gigabytes. The build therefore streams:

1. the documents are read once and their normal forms appended to ``text_blob.bin``
   (NUL-terminated), keeping only keys, lengths and offsets in memory, plus a histogram of
   each bigram's first character;
2. the histogram cuts the bigram space into partitions of bounded size; the blob is read
   back in chunks and each chunk's postings are spilled to the partition files;
3. each partition is sorted and deduplicated alone and appended to ``postings.bin``. The
   partitions cover consecutive ranges of bigram keys, so the result is globally sorted.

Peak memory is set by the chunk and partition sizes, not by the size of the memory.
Everything is written to a temporary folder beside the target and swapped in at the end:
a reader sees the old index or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from tm.fuzzy import (
    BLOCKS,
    END,
    FORMAT_VERSION,
    LARGE_ARRAYS,
    LONG_LIST,
    SHIFT,
    SMALL_ARRAYS,
    START,
)

CODES = END + 1  # left characters: every code point plus START (END only ends a bigram)
WIDTH_BITS = 18  # a partition spans at most 2**18 first characters ...
MAX_DOC_BITS = 63 - SHIFT - WIDTH_BITS  # ... so (bigram, document) packs into an int64
CHUNK_BYTES = 1 << 19
PARTITION_POSTINGS = 6_000_000


def build_index(
    directory: str | os.PathLike[str], entries: Iterable[tuple[int, str]], meta: dict | None = None
) -> None:
    """Index (key, normal-form text) pairs into *directory* (replaced atomically)."""
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        keys, lengths, offsets, histogram = _write_blob(tmp / "text_blob.bin", entries)
        n = len(keys)
        doc_bits = max(1, n.bit_length())
        if doc_bits > MAX_DOC_BITS:
            raise ValueError(
                f"{n} segments in one language: an index holds at most {2**MAX_DOC_BITS}"
            )
        doc_entry = np.argsort(lengths, kind="stable").astype(np.int32)
        doc_of_entry = np.empty(n, dtype=np.int64)
        doc_of_entry[doc_entry] = np.arange(n, dtype=np.int64)
        bounds = _partition_bounds(histogram)
        del histogram
        spills = _spill(tmp, offsets, doc_of_entry, bounds, doc_bits)
        del doc_of_entry
        grams = _merge_partitions(tmp, spills, bounds, doc_bits, n)
        arrays = {
            "doc_keys": keys[doc_entry],
            "doc_len": lengths[doc_entry],
            "doc_entry": doc_entry,
            "text_offsets": offsets,
            **grams,
        }
        write_small_arrays(tmp, arrays, {"documents": n, **(meta or {})})
        publish(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_small_arrays(directory: Path, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write the small arrays as ``.npy`` and the manifest; large ones are already there."""
    for name in SMALL_ARRAYS:
        with open(directory / f"{name}.npy", "wb") as fh:
            np.save(fh, arrays[name])
    for name in LARGE_ARRAYS:
        with open(directory / f"{name}.bin", "rb+") as fh:
            os.fsync(fh.fileno())
    manifest = {**meta, "format": FORMAT_VERSION}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1))


def publish(tmp: Path, target: Path) -> None:
    """Swap the finished folder *tmp* in as *target*."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _write_blob(
    path: Path, entries: Iterable[tuple[int, str]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pass 1: the blob, each entry's key, length and offset, and the first-character histogram."""
    keys, lengths, offsets = array("q"), array("i"), array("q", [0])
    histogram = np.zeros(CODES, dtype=np.int64)
    pending: list[str] = []
    pending_chars = 0
    position = 0
    with open(path, "wb") as blob:
        for key, text in entries:
            text = text.replace("\x00", " ")
            data = text.encode("utf-8") + b"\x00"
            blob.write(data)
            position += len(data)
            keys.append(key)
            lengths.append(len(text))
            offsets.append(position)
            pending.append(text)
            pending_chars += len(text) + 1
            if pending_chars > CHUNK_BYTES // 2:
                _count_first_chars(pending, histogram)
                pending, pending_chars = [], 0
        _count_first_chars(pending, histogram)
    return (
        np.frombuffer(keys, dtype=np.int64).copy() if keys else np.zeros(0, np.int64),
        np.frombuffer(lengths, dtype=np.int32).copy() if lengths else np.zeros(0, np.int32),
        np.frombuffer(offsets, dtype=np.int64).copy(),
        histogram,
    )


def _count_first_chars(texts: list[str], histogram: np.ndarray) -> None:
    if not texts:
        return
    codes = np.frombuffer("\x00".join(texts).encode("utf-32-le"), dtype=np.uint32)
    histogram += np.bincount(codes, minlength=CODES)[:CODES]
    histogram[32] = 0  # bigrams with a space are not indexed
    histogram[START] += len(texts)  # every document starts with a (START, c) bigram


def _partition_bounds(histogram: np.ndarray) -> np.ndarray:
    """First characters where partitions start: balanced by count, each at most 2**18 wide."""
    cuts = {0, CODES}
    cuts.update(range(0, CODES, 1 << WIDTH_BITS))
    running = np.cumsum(histogram)
    total = int(running[-1]) if len(running) else 0
    for k in range(1, total // PARTITION_POSTINGS + 1):
        cuts.add(int(np.searchsorted(running, k * PARTITION_POSTINGS, "right")))
    return np.array(sorted(c for c in cuts if 0 <= c <= CODES), dtype=np.int64)


def _chunks(offsets: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive entry ranges of about CHUNK_BYTES of blob each."""
    ranges, first = [], 0
    n = len(offsets) - 1
    while first < n:
        last = int(np.searchsorted(offsets, offsets[first] + CHUNK_BYTES, "right")) - 1
        last = min(max(last, first + 1), n)
        ranges.append((first, last))
        first = last
    return ranges


def _spill(
    tmp: Path, offsets: np.ndarray, doc_of_entry: np.ndarray, bounds: np.ndarray, doc_bits: int
) -> list[Path]:
    """Pass 2: every (bigram, document) of the blob, packed, appended to its partition file."""
    paths = [tmp / f"spill{p}.bin" for p in range(len(bounds) - 1)]
    files = [open(p, "wb") for p in paths]  # noqa: SIM115 - closed below, many at once
    try:
        blob = np.memmap(tmp / "text_blob.bin", dtype=np.uint8, mode="r") if offsets[-1] else None
        for first, last in _chunks(offsets):
            raw = bytes(blob[offsets[first] : offsets[last]])
            codes = np.frombuffer(("\x00" + raw.decode("utf-8")).encode("utf-32-le"), np.uint32)
            left = codes[:-1].astype(np.int64)
            right = codes[1:].astype(np.int64)
            entries = np.cumsum(left == 0) - 1 + first
            left[left == 0] = START
            right[right == 0] = END
            indexed = (left != 32) & (right != 32)  # see tm.fuzzy.query_grams
            left, right, entries = left[indexed], right[indexed], entries[indexed]
            part = np.searchsorted(bounds, left, "right") - 1
            packed = ((((left - bounds[part]) << SHIFT) | right) << doc_bits) | doc_of_entry[
                entries
            ]
            order = np.argsort(part, kind="stable")
            part, packed = part[order], packed[order]
            edges = np.flatnonzero(np.diff(part)) + 1
            for start, end in zip(np.r_[0, edges], np.r_[edges, len(part)], strict=True):
                if end > start:
                    packed[start:end].tofile(files[part[start]])
        del blob
    finally:
        for fh in files:
            fh.close()
    return paths


def _merge_partitions(
    tmp: Path, spills: list[Path], bounds: np.ndarray, doc_bits: int, n_docs: int
) -> dict[str, np.ndarray]:
    """Pass 3: sort and deduplicate each partition; append its postings; gather gram arrays."""
    mask = (1 << doc_bits) - 1
    block_size = max(1, -(-n_docs // BLOCKS))
    block_bounds = np.arange(BLOCKS + 1, dtype=np.int64) * block_size
    gram_keys, gram_offsets, long_rows, block_offsets = [], [], [], []
    written = 0
    with open(tmp / "postings.bin", "wb") as out:
        for p, path in enumerate(spills):
            packed = np.fromfile(path, dtype=np.int64)
            path.unlink()
            if not len(packed):
                continue
            # In place where possible: a partition of a heavy first character (the space in
            # English) holds tens of millions of postings.
            packed.sort()
            keep = np.empty(len(packed), dtype=bool)
            keep[0] = True
            np.not_equal(packed[1:], packed[:-1], out=keep[1:])
            packed = packed[keep]
            del keep
            docs = (packed & mask).astype(np.int32)
            packed >>= doc_bits
            packed += int(bounds[p]) << SHIFT
            grams = packed
            starts = np.concatenate(([0], np.flatnonzero(grams[1:] != grams[:-1]) + 1))
            ends = np.concatenate((starts[1:], [len(grams)]))
            gram_keys.append(grams[starts])
            gram_offsets.append(starts + written)
            # Long posting lists get block offsets: see FuzzyIndex._window_postings.
            long = np.flatnonzero(ends - starts > LONG_LIST)
            rows = np.full(len(starts), -1, dtype=np.int32)
            rows[long] = np.arange(len(long), dtype=np.int32) + sum(len(b) for b in block_offsets)
            long_rows.append(rows)
            block_offsets.append(
                np.array(
                    [np.searchsorted(docs[starts[g] : ends[g]], block_bounds) for g in long],
                    dtype=np.int32,
                ).reshape(len(long), BLOCKS + 1)
            )
            docs.tofile(out)
            written += len(docs)
            del grams, packed, docs
    empty64 = np.zeros(0, np.int64)
    return {
        "gram_keys": np.concatenate(gram_keys) if gram_keys else empty64,
        "gram_offsets": np.concatenate([*gram_offsets, [written]]).astype(np.int64),
        "long_rows": np.concatenate(long_rows) if long_rows else np.zeros(0, np.int32),
        "block_offsets": (
            np.concatenate(block_offsets) if block_offsets else np.zeros((0, BLOCKS + 1), np.int32)
        ),
    }
