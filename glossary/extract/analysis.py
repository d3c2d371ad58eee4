"""The one pass over the corpus: clean, find candidates, count, collect hints.

Everything later (ranking, pairing) works from the counts kept here: each segment's set of
candidate keys per language, segment frequencies, and the hints. Occurrences (positions) are
not kept as objects for the whole corpus (they would cost gigabytes on a large memory), but
pickled, within a bound (``LangRules.occurrences``): the segments that ranking and pairing
read again are not analysed again.

A large input is counted by several processes (``parallel``), each over a contiguous range of
segments, merged in segment order: the counts come out the same as from one process.
"""

from __future__ import annotations

import functools
import pickle
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from glossary.extract import chinese, english, parallel
from glossary.extract.markup import Cleaned, Hint, clean, is_title
from glossary.extract.model import Segment
from tm.lang import is_cjk_lang

ProgressFn = Callable[[int, int, str], None]
HINT_KINDS = ("quote", "role", "emphasis")
PROGRESS_EVERY = 500  # segments between two progress reports
# Ranking and pairing read again the occurrences of tens of thousands of segments, most of
# them several times (surfaces, examples, fragments, for each side). The counting pass keeps
# a pickled copy of each segment's: a sixth of the objects' memory, and a third of the time
# finding them again takes. Bounded per language (python-docs needs 28 MB in English, 36 MB
# in Chinese); past the bound, the earliest segments' copies stay, as examples come from
# the first segments holding a term.
MEMO_BYTES = 64 << 20


class LangRules:
    """Candidate rules of one language behind one small interface."""

    def __init__(self, lang: str, user_words: Iterable[str] = ()) -> None:
        self.lang = lang
        self.cjk = is_cjk_lang(lang)
        self.tokenizer = chinese.ChineseTokenizer(user_words) if self.cjk else None
        self._memo: dict[str, bytes] = {}  # text -> pickled occurrences
        self._memo_bytes = 0
        self._termhood: dict[str, float] = {}
        self._memo_words = self._user_words()

    def __getstate__(self) -> dict:
        # A pickled analysis (shipped or cached) leaves its memos behind: they are only caches.
        state = dict(self.__dict__)
        state.update(_memo={}, _memo_bytes=0, _termhood={})
        return state

    def find(self, text: str) -> list:
        """Every candidate occurrence in one cleaned text (computed, not memoised)."""
        if self.tokenizer is not None:
            return chinese.candidates(self.tokenizer, text)
        return english.candidates(text)

    def occurrences(self, text: str) -> list:
        """Every candidate occurrence in one cleaned text, memoised (a new list each call)."""
        self._check_memo()
        blob = self._memo.get(text)
        if blob is not None:
            return pickle.loads(blob)
        occs = self.find(text)
        if self._memo_bytes < MEMO_BYTES:
            try:
                blob = pickle.dumps(occs, pickle.HIGHEST_PROTOCOL)
            except (pickle.PicklingError, TypeError, AttributeError):
                return occs  # occurrences that cannot be copied are simply not kept
            self._memo[text] = blob
            self._memo_bytes += len(blob)
        return occs

    def memo(self) -> dict[str, bytes]:
        """The memoised occurrences, pickled, by text (read only: for a worker to hand over)."""
        return self._memo

    def add_memo(self, memo: Iterable[tuple[str, bytes | None]]) -> None:
        """Take (text, pickled occurrences) memoised by a copy of these rules elsewhere (a
        worker process); None for a text not memoised there."""
        self._check_memo()
        for text, blob in memo:
            if self._memo_bytes >= MEMO_BYTES:
                break
            if blob is not None and text not in self._memo:
                self._memo[text] = blob
                self._memo_bytes += len(blob)

    def _user_words(self) -> int:
        return len(self.tokenizer.user_words) if self.tokenizer is not None else 0

    def _check_memo(self) -> None:
        # A word added to the tokenizer changes its cuts: what was memoised is stale.
        if self._memo_words != self._user_words():
            self._memo.clear()
            self._memo_bytes = 0
            self._termhood.clear()
            self._memo_words = self._user_words()

    def words(self, key: str) -> list[str]:
        """The words of a key (for general-language frequencies and nesting)."""
        if self.tokenizer is not None:
            if key in self.tokenizer.user_words:  # a quoted name is one word: 爱达·魔都号
                return [key]
            return self.tokenizer.words(key.replace("·", ""))
        return key.split()

    def size(self, key: str) -> int:
        """Length in words, not counting inner function words."""
        inner = chinese.INNER if self.cjk else english.INNER
        return max(1, sum(w not in inner for w in self.words(key)))

    def is_candidate(self, key: str) -> bool:
        """Whether a key may be listed as a term (a single Han character only as a word of its
        own that may be a noun: 类 "class", 锁 "lock"; not 中, 个, 的)."""
        if self.cjk:
            return len(key) > 1 or chinese.single_noun(key)
        return len(key) > 1 and any(c.isalpha() for c in key)

    def termhood(self, key: str) -> float:
        """A factor in (0, 1]: how much the shape of a key looks like a term (its head)."""
        if not self.cjk:
            return 1.0
        self._check_memo()
        value = self._termhood.get(key)
        if value is None:  # ranking and pairing ask for the same keys again and again
            value = self._termhood[key] = chinese.termhood(self.words(key))
        return value

    def extends_right(self, text: str, occ, longer) -> bool:
        """Whether *longer* (same start) goes on with a noun that *occ*'s phrase modifies.

        "central" in "central SOEs", 战略性 in 战略性新兴产业: a modifier, not a head. A link
        word ("layout of ...", 党的) or, in Chinese, a nominalised verb (国有经济布局优化) does
        not count: the shorter phrase is still a head there.
        """
        gap = text[occ.end : longer.end]
        if self.tokenizer is not None:
            words = self.tokenizer.words(gap.lstrip("“”"))
            if not words or words[0] in chinese.INNER:
                return False
            tag = chinese._tags().get(words[0])
            return tag is None or (tag[0] == "n" and tag != "vn")
        first = gap.split(None, 1)
        return bool(first) and first[0].lower() not in english.INNER

    def is_entity(self, surface: str) -> bool:
        return chinese.is_entity(surface) if self.cjk else english.is_entity(surface)

    def key_of(self, text: str) -> str | None:
        """The key of a whole phrase, when the phrase is a candidate."""
        text = text.strip()
        for occ in self.occurrences(text):
            if occ.start == 0 and occ.end == len(text):
                return occ.key
        return None


@dataclass
class Side:
    """One language's view of the corpus."""

    rules: LangRules
    texts: list[str] = field(default_factory=list)  # cleaned
    keys: list[tuple[str, ...]] = field(default_factory=list)  # distinct keys per segment
    df: Counter = field(default_factory=Counter)  # segments holding each key
    # Segments where every occurrence of the key goes on with a noun (a modifier there).
    modifier: Counter = field(default_factory=Counter)
    entities: set[str] = field(default_factory=set)  # keys seen written as a name
    hints: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # How a Chinese key is written where that is not the key itself (“十四五”规划, lambda 表达式):
    # renderings show as most writers write them.
    spellings: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def lang(self) -> str:
        return self.rules.lang


@dataclass
class Analysis:
    segments: Sequence[Segment]
    src: Side
    tgt: Side | None
    # (source key, target key) -> kinds of direct evidence with counts (quote, paren, termbase).
    evidence: dict[tuple[str, str], Counter] = field(default_factory=lambda: defaultdict(Counter))
    files: list[str | None] = field(default_factory=list)  # file index per segment, as names

    @functools.cached_property
    def file_ids(self) -> list[int]:
        ids: dict[str | None, int] = {}
        return [ids.setdefault(s.file, len(ids)) for s in self.segments]

    @functools.cached_property
    def file_count(self) -> int:
        return len(set(self.file_ids))


def analyse(
    segments: Sequence[Segment],
    src_lang: str,
    tgt_lang: str | None = None,
    *,
    known_pairs: Iterable[tuple[str, str]] = (),
    progress: ProgressFn | None = None,
) -> Analysis:
    """Clean and count *segments*; *known_pairs* (source, target) come from the termbase."""
    known_pairs = list(known_pairs)
    src_words = [s for s, _ in known_pairs]
    tgt_words = [t for _, t in known_pairs]
    bilingual = tgt_lang is not None and any(s.target for s in segments)
    # Quoted Chinese phrases join the user dictionary before anything is cut.
    if is_cjk_lang(src_lang):
        src_words += [q for s in segments for q in chinese.quoted_phrases(s.source)]
    if bilingual and is_cjk_lang(tgt_lang):
        tgt_words += [q for s in segments if s.target for q in chinese.quoted_phrases(s.target)]
    src = Side(LangRules(src_lang, src_words))
    tgt = Side(LangRules(tgt_lang, tgt_words)) if bilingual else None
    analysis = Analysis(segments, src, tgt)

    total = len(segments)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total, "reading")

    if parallel.count(analysis, _read_range, report):
        # A worker's keys came back as its own string objects: share them with the parent's.
        for side in (src, tgt):
            if side is not None:
                _intern_keys(side)
    else:
        _read_range(analysis, 0, total, report)

    for s_term, t_term in known_pairs:
        s_key = src.rules.key_of(s_term) or s_term.lower()
        t_key = (tgt.rules.key_of(t_term) if tgt else None) or t_term
        analysis.evidence[(s_key, t_key)]["termbase"] += 1
    return analysis


def _read_range(analysis: Analysis, lo: int, hi: int, done: Callable[[int], None]) -> None:
    """Count segments[lo:hi] into *analysis*; *done* gets the number read now and then."""
    segments = analysis.segments
    src, tgt = analysis.src, analysis.tgt
    first = len(src.keys)  # where this range's keys go (a worker's analysis starts empty)
    last = hi - lo - 1
    for n in range(hi - lo):
        i = lo + n
        seg = segments[i]
        # A document's first segment may be its title (a heading, a PO file's first entry).
        opens_file = i == 0 or segments[i - 1].file != seg.file
        s_clean = clean(seg.source)
        s_occ = src.rules.occurrences(s_clean.text)
        _count(src, s_clean, s_occ, opens_file)
        if tgt is not None:
            t_clean = clean(seg.target or "")
            t_occ = tgt.rules.occurrences(t_clean.text)
            _count(tgt, t_clean, t_occ, opens_file)
            _pair_evidence(analysis, s_clean, s_occ, t_clean, t_occ)
        if n % PROGRESS_EVERY == 0 or n == last:
            done(n + 1)
    for side in (src, tgt):
        if side is not None:
            _intern_keys(side, first)


def _intern_keys(side: Side, start: int = 0) -> None:
    """One string object per key in ``side.keys[start:]`` rather than one per segment.

    Each segment's keys are new strings; sharing them saves some fifty bytes per key
    and segment (35 MB on python-docs) and makes a worker's counts pickle small.
    """
    keys = side.keys
    for i in range(start, len(keys)):
        try:
            keys[i] = tuple(map(sys.intern, keys[i]))
        except TypeError:  # not plain strings: left as they are
            pass


def _count(side: Side, cleaned: Cleaned, occs: list, opens_file: bool = False) -> None:
    keys = tuple(dict.fromkeys(o.key for o in occs))
    side.texts.append(cleaned.text)
    side.keys.append(keys)
    side.df.update(keys)
    heads: set[str] = set()
    modifiers: set[str] = set()
    text = cleaned.text
    # Occurrences come grouped by start, shorter first: the next one of a start extends it.
    for n, o in enumerate(occs):
        nxt = occs[n + 1] if n + 1 < len(occs) else None
        if nxt is not None and nxt.start == o.start and side.rules.extends_right(text, o, nxt):
            modifiers.add(o.key)
        else:
            heads.add(o.key)
    side.modifier.update(modifiers - heads)
    rules = side.rules
    for o in occs:
        if o.key in side.entities:
            continue
        starts_name = rules.cjk or text[o.start].isupper() or text[o.start].isdigit()
        if starts_name and rules.is_entity(o.key if rules.cjk else text[o.start : o.end]):
            side.entities.add(o.key)
    if rules.cjk and (" " in text or "“" in text):
        for o in occs:
            if len(o.key) != o.end - o.start:  # a quote or a space dropped from the key
                side.spellings[o.key][text[o.start : o.end]] += 1
    if opens_file and is_title(cleaned.text):
        _title_hints(side, occs)
    if cleaned.hints:
        spans = {(o.start, o.end): o.key for o in occs}
        for hint in cleaned.hints:
            if hint.kind in HINT_KINDS:
                key = spans.get((hint.start, hint.end))
                if key is not None:
                    side.hints[key][hint.kind] += 1


def _title_hints(side: Side, occs: list) -> None:
    """The candidates of a title, but not a word that is only part of a longer one there
    ("SOEs" of "central SOEs", 发布会 of 新闻发布会): general words make titles too."""
    size = side.rules.size
    keys = {
        o.key
        for o in occs
        if size(o.key) > 1
        or not any(
            p.start <= o.start and o.end <= p.end and p.end - p.start > o.end - o.start
            for p in occs
        )
    }
    for key in keys:
        side.hints[key]["title"] += 1


def _spanned(hints: list[Hint], occs: list, kinds: tuple[str, ...]) -> list[str]:
    spans = {(o.start, o.end): o.key for o in occs}
    return [spans[(h.start, h.end)] for h in hints if h.kind in kinds and (h.start, h.end) in spans]


def _written_in(rules: LangRules, text: str | None) -> bool:
    """Whether a parenthetical is in the script of *rules*' language: 按位 OR（非异或） brackets
    Chinese after a Latin word in Chinese text, which is no English for the term before it."""
    han = text is not None and chinese.HAN_CHAR.search(text) is not None
    return han == rules.cjk


def _pair_evidence(
    analysis: Analysis, s_clean: Cleaned, s_occ: list, t_clean: Cleaned, t_occ: list
) -> None:
    """Quotes on both sides and parentheticals in the other language pair terms directly."""
    s_quotes = _spanned(s_clean.hints, s_occ, ("quote", "role"))
    t_quotes = _spanned(t_clean.hints, t_occ, ("quote", "role"))
    if s_quotes and t_quotes and len(s_quotes) <= 3 and len(t_quotes) <= 3:
        for s_key in s_quotes:
            for t_key in t_quotes:
                analysis.evidence[(s_key, t_key)]["quote"] += 1
    tgt = analysis.tgt
    for hint in t_clean.hints:  # 描述器 (descriptor) in the target
        if hint.kind == "paren" and _written_in(analysis.src.rules, hint.other):
            s_key = analysis.src.rules.key_of(hint.other)
            if s_key is not None:
                for o in t_occ:
                    if o.end == hint.start:
                        analysis.evidence[(s_key, o.key)]["paren"] += 1
    for hint in s_clean.hints:  # ballast (压舱石) in the source
        if hint.kind == "paren" and tgt is not None and _written_in(tgt.rules, hint.other):
            t_key = tgt.rules.key_of(hint.other)
            if t_key is not None:
                for o in s_occ:
                    if o.end == hint.start:
                        analysis.evidence[(o.key, t_key)]["paren"] += 1
