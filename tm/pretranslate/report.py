"""The leverage report: how many segments and words fell in each match band, and what was filled.

Leverage is counted per segment and per word: English and other spaced languages by
whitespace-separated words, Chinese, Japanese and Korean by characters (each Han, kana or
hangul character is a word, as CAT tools count them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tm.lang import is_cjk_lang

BANDS = ("in-context", "100%", "95-99", "85-94", "75-84", "no match")


def band(score: float | None, in_context: bool = False) -> str:
    """The leverage band of a match score (None: no match)."""
    if score is None:
        return "no match"
    if score >= 100:
        return "in-context" if in_context else "100%"
    if score >= 95:
        return "95-99"
    if score >= 85:
        return "85-94"
    return "75-84"


_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)


def count_words(text: str, lang: str) -> int:
    """Words of *text*: whitespace-separated words, and each CJK character in CJK languages."""
    if not is_cjk_lang(lang):
        return len(text.split())
    cjk = len(_CJK.findall(text))
    return cjk + len(_CJK.sub(" ", text).split())


@dataclass
class FileReport:
    """What pre-translating one file did."""

    path: str
    output: str | None
    format: str
    segments: int = 0
    words: int = 0
    filled_exact: int = 0
    filled_fuzzy: int = 0
    kept: int = 0  # already translated, left alone
    downgraded: int = 0  # identical source, filled as fuzzy (placeholders, numbers, codes)
    renumbered: int = 0  # filled exact once its inline codes were renumbered as the file's
    unwritable: int = 0  # matches the format cannot carry (a NUL in PO), left unfilled
    bands: dict[str, list[int]] = field(default_factory=lambda: {b: [0, 0] for b in BANDS})
    error: str | None = None

    def count(self, band_name: str, words: int) -> None:
        self.segments += 1
        self.words += words
        self.bands[band_name][0] += 1
        self.bands[band_name][1] += words


@dataclass
class Report:
    """Leverage and fills over a run."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0
    word_unit: str = "words"

    def totals(self) -> FileReport:
        total = FileReport("(total)", None, "")
        for f in self.files:
            for name in (
                "segments", "words", "filled_exact", "filled_fuzzy", "kept", "downgraded",
                "renumbered", "unwritable",
            ):  # fmt: skip
                setattr(total, name, getattr(total, name) + getattr(f, name))
            for b, (segs, words) in f.bands.items():
                total.bands[b][0] += segs
                total.bands[b][1] += words
        return total

    def to_json(self) -> dict:
        total = self.totals()
        return {
            "bands": {b: {"segments": s, "words": w} for b, (s, w) in total.bands.items()},
            "segments": total.segments,
            "words": total.words,
            "filled": {"exact": total.filled_exact, "fuzzy": total.filled_fuzzy},
            "kept": total.kept,
            "downgraded": total.downgraded,
            "renumbered": total.renumbered,
            "unwritable": total.unwritable,
            "files_processed": sum(1 for f in self.files if f.error is None),
            "files_failed": sum(1 for f in self.files if f.error is not None),
            "seconds": round(self.seconds, 3),
            "files": [
                {
                    "path": f.path,
                    "output": f.output,
                    "format": f.format,
                    "segments": f.segments,
                    "words": f.words,
                    "filled": {"exact": f.filled_exact, "fuzzy": f.filled_fuzzy},
                    "kept": f.kept,
                    "downgraded": f.downgraded,
                    "renumbered": f.renumbered,
                    "unwritable": f.unwritable,
                    "bands": {b: {"segments": s, "words": w} for b, (s, w) in f.bands.items()},
                    "error": f.error,
                }
                for f in self.files
            ],
        }

    def table(self) -> str:
        total = self.totals()
        lines = [f"{'band':<12}{'segments':>10}{'%':>7}{self.word_unit:>10}{'%':>7}"]
        for b, (segs, words) in total.bands.items():
            sp = 100 * segs / total.segments if total.segments else 0.0
            wp = 100 * words / total.words if total.words else 0.0
            lines.append(f"{b:<12}{segs:>10}{sp:>6.1f}%{words:>10}{wp:>6.1f}%")
        lines.append(f"{'total':<12}{total.segments:>10}{'':>7}{total.words:>10}")
        lines.append(
            f"filled {total.filled_exact} exact + {total.filled_fuzzy} fuzzy"
            f" ({total.downgraded} identical sources kept for review);"
            f" {total.kept} already translated left alone"
        )
        if total.renumbered:
            lines.append(f"{total.renumbered} exact fill(s) with inline codes renumbered")
        if total.unwritable:
            lines.append(
                f"{total.unwritable} match(es) left out: characters the file format cannot carry"
            )
        return "\n".join(lines)
