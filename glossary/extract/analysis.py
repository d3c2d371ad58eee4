"""The one pass over the corpus: clean, find candidates, count, collect hints.

Everything later (ranking, pairing) works from the counts kept here: each segment's set of
candidate keys per language, segment frequencies, and the hints. Positions are not kept for
the whole corpus (they would cost gigabytes on a large memory); the few segments that need
them later are analysed again.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from glossary.extract import chinese, english
from glossary.extract.markup import Cleaned, Hint, clean
from glossary.extract.model import Segment
from tm.lang import is_cjk_lang

ProgressFn = Callable[[int, int, str], None]
HINT_KINDS = ("quote", "role", "emphasis")


class LangRules:
    """Candidate rules of one language behind one small interface."""

    def __init__(self, lang: str, user_words: Iterable[str] = ()) -> None:
        self.lang = lang
        self.cjk = is_cjk_lang(lang)
        self.tokenizer = chinese.ChineseTokenizer(user_words) if self.cjk else None

    def occurrences(self, text: str) -> list:
        if self.tokenizer is not None:
            return chinese.candidates(self.tokenizer, text)
        return english.candidates(text)

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
        """Whether a key may be listed as a term (single Han characters are only renderings)."""
        if self.cjk:
            return len(key) > 1
        return len(key) > 1 and any(c.isalpha() for c in key)

    def termhood(self, key: str) -> float:
        """A factor in (0, 1]: how much the shape of a key looks like a term (its head)."""
        if self.cjk:
            return chinese.termhood(self.words(key))
        return 1.0

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
    for i, seg in enumerate(segments):
        s_clean = clean(seg.source)
        s_occ = src.rules.occurrences(s_clean.text)
        _count(src, s_clean, s_occ)
        if tgt is not None:
            t_clean = clean(seg.target or "")
            t_occ = tgt.rules.occurrences(t_clean.text)
            _count(tgt, t_clean, t_occ)
            _pair_evidence(analysis, s_clean, s_occ, t_clean, t_occ)
        if progress is not None and (i % 500 == 0 or i == total - 1):
            progress(i + 1, total, "reading")

    for s_term, t_term in known_pairs:
        s_key = src.rules.key_of(s_term) or s_term.lower()
        t_key = (tgt.rules.key_of(t_term) if tgt else None) or t_term
        analysis.evidence[(s_key, t_key)]["termbase"] += 1
    return analysis


def _count(side: Side, cleaned: Cleaned, occs: list) -> None:
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
    if cleaned.hints:
        spans = {(o.start, o.end): o.key for o in occs}
        for hint in cleaned.hints:
            if hint.kind in HINT_KINDS:
                key = spans.get((hint.start, hint.end))
                if key is not None:
                    side.hints[key][hint.kind] += 1


def _spanned(hints: list[Hint], occs: list, kinds: tuple[str, ...]) -> list[str]:
    spans = {(o.start, o.end): o.key for o in occs}
    return [spans[(h.start, h.end)] for h in hints if h.kind in kinds and (h.start, h.end) in spans]


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
        if hint.kind == "paren":
            s_key = analysis.src.rules.key_of(hint.other)
            if s_key is not None:
                for o in t_occ:
                    if o.end == hint.start:
                        analysis.evidence[(s_key, o.key)]["paren"] += 1
    for hint in s_clean.hints:  # ballast (压舱石) in the source
        if hint.kind == "paren" and tgt is not None:
            t_key = tgt.rules.key_of(hint.other)
            if t_key is not None:
                for o in s_occ:
                    if o.end == hint.start:
                        analysis.evidence[(o.key, t_key)]["paren"] += 1
