"""Paragraph and sentence segmentation for English and Chinese.

Paragraphs are blank-line separated blocks. Inside a block, a line break is a space between
Latin text and nothing between Chinese characters (a Chinese line break falls anywhere in a
sentence). A short line ending in a colon ("Li Bing:", "李冰：") is a speaker label and
becomes a paragraph of its own.

English sentences end at ``.``, ``?`` or ``!`` (closing quotes and brackets stay with the
sentence) followed by a space and an upper-case letter, a digit or an opening quote, unless
the word before the period is an abbreviation (Co., No., U.S., e.g.) or an initial
("J. Smith"). Chinese sentences end at ``。！？`` and ellipses, whatever follows; ``；`` does
not end a sentence.

:func:`segment` keeps offsets into the original text, for concordance and display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tm.lang import is_cjk_lang
from tm.normalize import is_han


@dataclass(frozen=True)
class Sentence:
    """A sentence: its text (line breaks joined) and where it lies in the original text."""

    text: str
    start: int  # offset of the first character in the original text
    end: int  # offset just past the last character
    paragraph: int = 0  # index of its paragraph in the document


# Abbreviations after which a period never ends a sentence (titles, "No. 5", "Jan. 24").
_NEVER_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "e.g", "i.e", "cf", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
# Abbreviations that can also close a sentence ("... for Acme Corp. The company ..."): the
# period ends one only when a word that typically starts a sentence follows.
_MAYBE_FINAL = {"co", "corp", "inc", "ltd", "etc", "u.s", "u.k", "u.n", "e.u", "jr", "sr"}
_STARTERS = {
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "we", "i", "he", "she",
    "they", "you", "our", "their", "his", "her", "in", "on", "at", "for", "from", "by", "as",
    "after", "before", "but", "and", "or", "so", "if", "when", "while", "however", "also",
    "there", "here", "what", "which", "who", "how", "why", "all", "some", "many", "most",
    "first", "second", "third", "fourth", "next", "finally", "meanwhile", "thank", "thanks",
}  # fmt: skip

_OPENERS = "\"'“‘([{«「『（《〈【"
_CLOSERS = "\"'”’)]}»」』）》〉】"
# A candidate English end: terminators, closers, whitespace, then what starts a sentence.
_EN_END = re.compile(rf"([.?!…]+)[{re.escape(_CLOSERS)}]*(?=\s+[{re.escape(_OPENERS)}\dA-Z])")
# A Chinese end: full-width or ASCII terminators or ellipses, then closers; an ASCII period
# only directly before a Han character (English sentences inside follow the English rules).
_ZH_END = re.compile(
    rf"(?:[。！？!?]+|…+|\.{{3,}}|\.(?=\s*[\u3400-\u9fff]))[{re.escape(_CLOSERS)}]*"
)
_WORD_BEFORE = re.compile(r"([^\s" + re.escape(_OPENERS) + r"]+)$")
_NEXT_WORD = re.compile(r"\s+[" + re.escape(_OPENERS) + r"]*([\w'’-]+)")
_SPEAKER = re.compile(r"^[^。!?！？,，;；:：]{1,40}[:：]$")


def is_speaker_label(line: str) -> bool:
    """True for a line that is only a speaker's name and a colon ("Li Bing:", "李冰：")."""
    line = line.strip()
    if not _SPEAKER.match(line):
        return False
    if any(is_han(ch) for ch in line):
        return len(line) <= 16
    return len(line.split()) <= 5


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of *text*, line breaks inside each joined (see the module docstring)."""
    return [text for text, _ in _blocks(text)]


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of one paragraph (or any text) in language *lang*."""
    return [text[s:e] for s, e in _sentence_spans(text, lang)]


def segment(text: str, lang: str) -> list[Sentence]:
    """Paragraphs, then sentences, of a whole document, with offsets into *text*."""
    out: list[Sentence] = []
    for number, (para, offsets) in enumerate(_blocks(text)):
        for s, e in _sentence_spans(para, lang):
            out.append(Sentence(para[s:e], offsets[s], offsets[e - 1] + 1, number))
    return out


def _blocks(text: str) -> list[tuple[str, list[int]]]:
    """Joined paragraphs, each with the offset in *text* of every character."""
    blocks: list[tuple[str, list[int]]] = []
    chars: list[str] = []
    offsets: list[int] = []

    def flush() -> None:
        if chars:
            blocks.append(("".join(chars), offsets.copy()))
        chars.clear()
        offsets.clear()

    pos = 0
    for raw in text.split("\n"):
        start = pos + len(raw) - len(raw.lstrip())
        line = raw.strip()
        pos += len(raw) + 1
        if not line:
            flush()
            continue
        if is_speaker_label(line):
            flush()
            blocks.append((line, list(range(start, start + len(line)))))
            continue
        if chars and not _joins_without_space(chars[-1], line[0]):
            chars.append(" ")
            offsets.append(start - 1)
        chars.extend(line)
        offsets.extend(range(start, start + len(line)))
    flush()
    return blocks


def _joins_without_space(before: str, after: str) -> bool:
    """A line break between two Han characters, or next to full-width punctuation, is nothing."""
    return (is_han(before) and is_han(after)) or _cjk_punct(before) or _cjk_punct(after)


def _cjk_punct(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—"


def _sentence_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of *text*, surrounding whitespace excluded."""
    ends = _zh_ends(text) if is_cjk_lang(lang) else _en_ends(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*ends, len(text)]:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = end
    return spans


def _en_ends(text: str) -> list[int]:
    ends = []
    for m in _EN_END.finditer(text):
        if m.group(1) == "." and not _period_ends(text, m.start(1), m.end()):
            continue
        ends.append(m.end())
    return ends


def _period_ends(text: str, period: int, after: int, next_word: bool = True) -> bool:
    """Whether the single period at *period* ends a sentence (abbreviations, initials).

    Without *next_word* (Chinese follows), an abbreviation never ends a sentence.
    """
    before = _WORD_BEFORE.search(text, 0, period)
    if not before:
        return True
    word = before.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return False
    key = word.lower()
    if key in _NEVER_FINAL:
        return False
    if key in _MAYBE_FINAL:
        if not next_word:
            return False
        nxt = _NEXT_WORD.match(text, after)
        return bool(nxt) and nxt.group(1).lower() in _STARTERS
    return True


def _zh_ends(text: str) -> list[int]:
    ends = {
        m.end()
        for m in _ZH_END.finditer(text)
        if m.group() != "." or _period_ends(text, m.start(), m.end(), next_word=False)
    }
    return sorted(ends | set(_en_ends(text)))
