"""The cyclic garbage collector paused while a check run builds its data."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting still frees).

    A run over a 63k-segment corpus keeps millions of small objects alive (segments, their
    cleaned texts and hits, the matcher's tables) and makes no cycles worth collecting, yet
    each full collection walks all of them: a third of the run's CPU time when measured.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
