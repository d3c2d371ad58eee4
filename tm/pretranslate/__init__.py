"""Pre-translation: fill PO, POT and XLIFF files from the memory alone, with honest marking.

The work is batched across all files: every segment is read first, then looked up in one
pass, then each file is written (:mod:`~tm.pretranslate.run`).

* **Exact matches** come from a dictionary of the memory's source texts, in-context ones
  ranking first; **fuzzy matches** from the fuzzy index, in worker processes when there are
  many (:mod:`~tm.pretranslate.matching`, :mod:`~tm.pretranslate.workers`).
* A fill is **exact** (translated) only when the source is identical and the translation
  keeps the source's placeholders and numbers. Inline codes that differ only in their ids
  are renumbered as the file's, and the match stays exact (:mod:`~tm.pretranslate.codes`).
  Anything else is a suggestion for review:
  PO ``#, fuzzy`` with a ``# Concord: 87% match from FILE:LINE`` comment
  (:mod:`~tm.pretranslate.po`, editing the file as text with :mod:`tm.potext`); XLIFF 1.2
  ``state="needs-review-translation"`` with an ``alt-trans``, XLIFF 2 ``state="initial"``
  with the matches module (:mod:`~tm.pretranslate.xliff`).
* Leverage is reported per band, in segments and words (:mod:`~tm.pretranslate.report`);
  which files to do and where to write them is :mod:`~tm.pretranslate.jobs`.

This package's namespace is the public API; import from here.
"""

from tm.potext import PoText
from tm.pretranslate.codes import CodesDiffer, transfer_codes
from tm.pretranslate.jobs import PO_SUFFIXES, XLIFF_SUFFIXES, FileJob, detect, plan_jobs
from tm.pretranslate.matching import Hit, MatchFinder, Query
from tm.pretranslate.po import COMMENT_PREFIX
from tm.pretranslate.report import BANDS, FileReport, Report, band, count_words
from tm.pretranslate.run import memory_target, pretranslate
from tm.pretranslate.workers import PARALLEL_MIN

__all__ = [
    "BANDS",
    "COMMENT_PREFIX",
    "CodesDiffer",
    "PARALLEL_MIN",
    "PO_SUFFIXES",
    "XLIFF_SUFFIXES",
    "FileJob",
    "FileReport",
    "Hit",
    "MatchFinder",
    "PoText",
    "Query",
    "Report",
    "band",
    "count_words",
    "detect",
    "memory_target",
    "plan_jobs",
    "pretranslate",
    "transfer_codes",
]
