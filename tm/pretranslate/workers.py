"""Fuzzy search for a batch of texts, spread over forked worker processes when it pays.

The fuzzy indexes are large; rather than pickling them to each worker, they are put in a
module global just before the pool forks, and the workers inherit them. Below
:data:`PARALLEL_MIN` distinct texts the search runs in this process: starting workers would
cost more than it saves.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

PARALLEL_MIN = 400  # distinct fuzzy queries before worker processes pay off

Candidates = list[tuple[int, int, float]]  # (store number, unit id, score)

_SEARCH_STATE: tuple | None = None  # set before forking workers, which inherit it


def search_indexes(
    indexes: list[tuple], texts: list[str], min_score: float, jobs: int
) -> list[Candidates]:
    """Candidates for each text from *indexes*: (store number, index, delta keys, delta texts)."""
    if not indexes:
        return [[] for _ in texts]
    global _SEARCH_STATE
    _SEARCH_STATE = (indexes, min_score)
    try:
        if jobs > 1 and len(texts) >= PARALLEL_MIN:
            size = max(50, len(texts) // (jobs * 8))
            chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
            with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
                return [hits for part in pool.map(_search_chunk, chunks) for hits in part]
        return _search_chunk(texts)
    finally:
        _SEARCH_STATE = None


def _search_chunk(texts: list[str]) -> list[Candidates]:
    from tm.fuzzy import exhaustive_search

    indexes, min_score = _SEARCH_STATE
    out = []
    for text in texts:
        found: Candidates = []
        for number, index, delta_keys, delta_texts in indexes:
            for hit in index.search(text, 5, min_score, candidates=20):
                found.append((number, hit.key, hit.score))
            if delta_texts:
                for i, score in exhaustive_search(text, delta_texts, 20, min_score):
                    found.append((number, delta_keys[i], round(score, 2)))
        out.append(found)
    return out
