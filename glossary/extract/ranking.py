"""Ranking one language's candidates: nestedness, frequency, dispersion, specificity, hints.

score = C-value x specificity x dispersion x hints, where

* C-value (Frantzi et al.) is log2(1 + words) x (f - mean f of the candidates containing it),
  counting only containers that occur at least twice, so a one-off longer phrase does not
  swallow its parts; f counts segments. A phrase seen once gets no length bonus: length is
  evidence of a unit only when the unit repeats;
* specificity compares the candidate's frequency here with its frequency in general language
  (wordfreq; a phrase's general frequency is estimated from its words as wordfreq does), as
  a log ratio clipped to [-1.5, 4] and mapped to a factor in [0.25, 3];
* dispersion is the share of files the candidate occurs in (for input of several files);
* hints are quotes, ``:term:`` roles, emphasis and parentheticals around occurrences, and a
  document's title holding the candidate;
* shape: the key's own termhood (a Chinese noun head, not a verb and its object), a penalty
  for a candidate that always goes on with a noun ("central" of "central SOEs") and for a
  general word wrapped round a stronger candidate ("role of central SOEs"), a very general
  word heading "X of Y" ("field of electronic information") or a verb form in
  front of one ("promoted China Huaneng Group"), and for a fragment: an English candidate
  every occurrence of which lies inside one and the same longer noun phrase ("development
  capabilities" of "research and development capabilities", "central" of "central SOEs");
  names (entities) are boosted, a name inside a longer name seen as often is not.

The frequency part saturates (at about one occurrence per thousand tokens): in a short text
every term is rare, so shape and specificity decide there, while a large corpus's cut lies far
below the saturation.

Counting nestedness for every key would cost too much on a large memory, so a preliminary
score (frequency x length) picks the keys worth scoring fully.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field

import wordfreq

from glossary.extract import chinese, dictionary, english
from glossary.extract.analysis import Analysis, Side

PRELIMINARY = 30_000
CONTAINERS = 300_000
ENTITY_BOOST = 1.5
ENTITY_PART = 0.3  # a name inside a longer name seen as often: "State Grid Corporation"
MODIFIER = 0.25  # a candidate that always goes on with a noun: "central" (SOEs)
WRAPPER = 0.4  # a general word wrapped round a stronger candidate: "role of central SOEs"
FRAGMENT = 0.3  # a candidate seen only inside one longer noun phrase: "development capabilities"
BOUND = 0.9  # a key seen this often with one more character is a piece of that word
FRAGMENT_MAX_DF = 3  # checked for rarer keys, and for keys inside a container seen as often
LONE_VERB = 0.35  # a Chinese verb standing alone (chinese.termhood gives tagged verbs as much)
CONTAINER_TERMHOOD = 0.5  # a container less term-like than this leaves its parts whole
COORDINATORS = frozenset({"和", "与", "及", "以及", "、", "并且"})
GENERAL_HEAD_ZIPF = 4.6  # "field", "number", "development": too general to head "X of Y"
HINT_WEIGHTS = {
    "quote": 0.8,
    "role": 1.0,
    "emphasis": 0.3,
    "paren": 0.8,
    "termbase": 1.0,
    "title": 0.5,
}


@dataclass
class Ranked:
    key: str
    score: float
    df: int
    files: int
    postings: list[int] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)
    # Why the score is what it is: each factor by name (for ``--explain`` and tuning).
    factors: dict[str, float] = field(default_factory=dict)


@functools.cache
def _general(lang: str) -> dict[str, float]:
    return wordfreq.get_frequency_dict("zh" if lang.startswith("zh") else lang[:2], wordlist="best")


def general_frequency(words: list[str], lang: str) -> float:
    """A phrase's frequency in general language, from its words (as wordfreq combines them)."""
    table = _general(lang)
    inverse = 0.0
    for word in words:
        # wordfreq keeps Latin words lower case (API and api of Chinese text alike).
        freq = table.get(word) or table.get(word.lower().rstrip("-"), 0.0)
        inverse += 1.0 / max(freq, 1e-9)
    freq = 1.0 / inverse if inverse else 1e-9
    return freq


def zipf(side: Side, key: str) -> float:
    """General frequency of a key on the zipf scale, from its words as ranking counts them."""
    return math.log10(general_frequency(side.rules.words(key), side.lang)) + 9


def _sub_keys(side: Side, key: str) -> list[str]:
    """Keys of the contiguous parts of a key (for nestedness)."""
    if side.rules.cjk:
        n = len(key)
        return [key[i:j] for i in range(n) for j in range(i + 2, min(n, i + 9) + 1) if j - i < n]
    words = key.split()
    subs = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            if j - i == len(words):
                continue
            part = words[i:j]
            if j < len(words):
                part = part[:-1] + [english._word_info(part[-1])[4]]
            subs.append(" ".join(part))
    return subs


def _entity_parts(side: Side, keys: set[str]) -> set[str]:
    """Entity keys contained in a longer entity key of the same frequency."""
    df = side.df
    names = [k for k in side.entities if k in keys]
    parts = set()
    if side.rules.cjk:
        # A name may be longer than the nesting window: any part counts, inside a longer name
        # as term-like as it (not a verb and its object, 推动中国华能集团有限公司, nor phrases
        # joined by 的, 所属的中国水利电力对外有限公司).
        names_set = set(names)
        for long in names:
            if "的" in long:
                continue
            n = len(long)
            for short in {long[i:j] for i in range(n) for j in range(i + 2, n + 1)}:
                if (
                    short != long
                    and short in names_set
                    and df[short] == df[long]
                    and side.rules.termhood(long) >= side.rules.termhood(short)
                ):
                    parts.add(short)
        return parts
    for long in names:
        for short in _sub_keys(side, long):
            if short in side.entities and df[short] == df[long]:
                parts.add(short)
    return parts


def _is_left_extension(side: Side, text: str, inner, outer) -> bool:
    """Whether Chinese occurrence *outer* is *inner* with a modifier in front: 运营能力 in
    专业化运营能力, where 专业化 never stands alone. (Chinese compounds hide their heads, so
    only a word that always goes on marks the whole; 区域协调发展战略 leaves 区域协调发展 whole.)
    """
    if outer.end != inner.end or outer.start >= inner.start:
        return False
    left = text[outer.start : inner.start]
    if left in dictionary_verbs()[1] and len(side.rules.words(inner.key)) < 2:
        return False  # a verb and its object: 关系国计民生 ("concerning ..."), not 国民经济命脉
    df = side.df.get(left, 0)
    return df > 0 and side.modifier[left] >= df and side.rules.termhood(outer.key) >= 0.8


def _is_extension(side: Side, text: str, inner, outer) -> bool:
    """Whether occurrence *outer* extends *inner* into a longer noun phrase of one head.

    Words added before (modifiers) or after (the head) count; a link word does not ("layout of
    the state-owned sector" leaves "state-owned sector" whole, "smart manufacturing and data
    storage" leaves both parts whole), nor does a verb in front ("promoted China Huaneng
    Group"). Only a coordinated single modifier may come in: "research and development
    capabilities".
    """
    if outer.start > inner.start or outer.end < inner.end or outer.key == inner.key:
        return False
    left = text[outer.start : inner.start].lower().split()
    right = text[inner.end : outer.end].lower().split()
    if left and "-" not in left[0] and english._word_info(left[0])[5]:
        return False  # a verb, not "state-owned"
    if len(left) == 2 and left[1] == "and" and " " in inner.key:
        left = left[:1]  # a modifier coordinated with the first word; not "backbone and ballast"
    return not any(w in english.INNER for w in left + right)


def fragments(side: Side, keys: set[str]) -> set[str]:
    """The rare English keys among *keys* seen only inside one longer phrase (see _fragments).

    For renderings: a Chinese word before a rendering may be a verb jieba calls a noun
    (关系国计民生), so Chinese renderings are taken as they are.
    """
    if side.rules.cjk:
        return set()
    keys = {k for k in keys if side.df[k] <= FRAGMENT_MAX_DF}
    postings: dict[str, list[int]] = {k: [] for k in keys}
    if keys:
        for i, seg_keys in enumerate(side.keys):
            for k in keys.intersection(seg_keys):
                postings[k].append(i)
    return _fragments(side, keys, postings)


def _fragments(side: Side, keys: set[str], postings: dict[str, list[int]]) -> set[str]:
    """Rare keys whose every occurrence lies inside one and the same longer phrase."""
    extends = _is_left_extension if side.rules.cjk else _is_extension
    cache: dict[int, list] = {}
    found = set()
    for k in keys:
        common: set[str] | None = None
        for i in postings[k]:
            occs = cache.get(i)
            if occs is None:
                occs = cache[i] = side.rules.occurrences(side.texts[i])
            text = side.texts[i]
            for o in occs:
                if o.key != k:
                    continue
                outer = {c.key for c in occs if extends(side, text, o, c)}
                common = outer if common is None else common & outer
                if not common:
                    break
            if not common:
                break
        if common:
            found.add(k)
    return found


def _one_character_short(side: Side, keys: set[str]) -> set[str]:
    """Chinese keys nearly always seen with one more character, where jieba cut a word:
    仅限位置形 of 仅限位置形|参, 装饰 of 装饰|器 (as pairing's renderings, 压舱 of 压舱石)."""
    df = side.df
    short = set()
    for key in keys:
        if len(key) < 3:
            continue
        for piece, extra in ((key[:-1], key[-1]), (key[1:], key[0])):
            if (
                piece in keys
                and df[piece] > FRAGMENT_MAX_DF  # in a short text every phrase is seen once
                and df[key] >= BOUND * df[piece]
                and not chinese.is_function_word(extra)  # not 至 of 至中国交通建设集团
            ):
                short.add(piece)
    return short


def corpus_tokens(side: Side) -> float:
    """The size of one side of the corpus in words (estimated from characters)."""
    return sum(len(t) for t in side.texts) / (1.6 if side.rules.cjk else 6.0) or 1.0


def specificity(side: Side, key: str, tokens: float) -> float:
    """How much more frequent a key is here than in general language: a factor in [0.25, 3]."""
    # A rendering known only from evidence (a parenthetical) may be no counted candidate.
    p_corpus = max(side.df[key], 1) / tokens
    ratio = math.log10(p_corpus / general_frequency(side.rules.words(key), side.lang))
    return 1 + max(-1.5, min(4.0, ratio)) / 2


def is_coordination(side: Side, key: str) -> bool:
    """Whether a key joins phrases with a coordinator (和, 与, 及, 、; "and", "&")."""
    if side.rules.cjk:
        # A coordinator is a word of its own: not 和 of 总和 ("sum") nor 与 of 参与.
        return any(m in key for m in "和与及、") and any(
            w in COORDINATORS for w in side.rules.words(key)
        )
    return " and " in key or " & " in key


def _is_action(side: Side, rest: str) -> bool:
    """Whether Chinese words after a phrase are only verbs done to it (优化, 调整, 划转).

    A phrase and a verb after it make a longer noun phrase in Chinese ("the optimisation of
    X") that the English says with a verb; the phrase stays a term of its own there.
    """
    tags = chinese._tags()
    words = side.rules.words(rest)
    return bool(words) and all((tags.get(w) or "x")[0] == "v" for w in words)


@functools.cache
def dictionary_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """Words CC-CEDICT glosses only as verbs, and words with a verb sense (none without it)."""
    lexicon = dictionary.load()
    if lexicon is None:
        return frozenset(), frozenset()
    return lexicon.verbs, lexicon.verb_senses


def shape(side: Side, key: str, *, modifier: bool = True) -> float:
    """Termhood from the form of a key and how it is used (a factor in (0, 1])."""
    df = side.df
    shape = side.rules.termhood(key)
    if side.rules.cjk and shape >= 1 and key in dictionary_verbs()[0]:
        shape = LONE_VERB  # 深化 ("to deepen"), which jieba tags as an abbreviation
    if modifier and side.modifier[key] >= df[key]:
        shape *= MODIFIER
    if not side.rules.cjk and key not in side.entities:
        words = key.split()
        if len(words) > 2 and "of" in words[1:-1]:
            at = words.index("of")
            rest = words[at + 1 :]
            rest = rest[1:] if rest[0] == "the" else rest
            rest_key = " ".join(rest)
            if (
                df.get(rest_key, 0) > df[key]
                or rest_key in side.entities
                or (at == 1 and zipf(side, words[0]) >= GENERAL_HEAD_ZIPF)
            ):
                # "role of central SOEs", "subsidiary of China Three Gorges Corp"; a general
                # word round any phrase says nothing of its own: "field of electronic
                # information", "number of arguments".
                shape *= WRAPPER
        rest = " ".join(words[1:])
        if (
            len(words) > 1
            and english._word_info(words[0])[5]
            and (df.get(rest, 0) > df[key] or rest in side.entities)
        ):
            shape *= WRAPPER  # "guided central SOEs", "promoted China Huaneng Group"
    return shape


def rank(
    analysis: Analysis, side: Side, evidence_keys: dict[str, int] | None = None
) -> list[Ranked]:
    """Score the candidates of one side, best first (only the preliminary selection)."""
    rules = side.rules
    df = side.df
    hinted = side.hints

    def rough_size(key: str) -> float:
        return len(key) / 2 if rules.cjk else key.count(" ") + 1

    pool = [k for k in df if rules.is_candidate(k)]
    prelim = {
        k: df[k]
        * math.log2(1 + rough_size(k))
        * (3 if k in hinted or (evidence_keys and k in evidence_keys) else 1)
        for k in pool
    }
    chosen = sorted(prelim, key=prelim.__getitem__, reverse=True)[:PRELIMINARY]
    chosen_set = set(chosen)
    chosen_set.update(k for k in hinted if k in prelim)
    if evidence_keys:
        chosen_set.update(k for k in evidence_keys if k in prelim)

    # Nestedness: containers that repeat, among the best-scored keys.
    # A container swallows its parts only when it is a unit itself, not a verb and its
    # object (实现高质量发展 leaves 高质量发展 whole).
    containers = [
        k
        for k, v in sorted(prelim.items(), key=lambda kv: -kv[1])[:CONTAINERS]
        if df[k] >= 2 and rules.termhood(k) >= CONTAINER_TERMHOOD
    ]
    nested_sum: dict[str, int] = defaultdict(int)
    nested_n: dict[str, int] = defaultdict(int)
    contained: set[str] = set()  # keys inside a container seen at least as often
    acts = functools.lru_cache(maxsize=100_000)(lambda rest: _is_action(side, rest))
    for b in containers:
        fb = df[b]
        for a in set(_sub_keys(side, b)):
            if a in chosen_set:
                if rules.cjk and b.startswith(a) and acts(b[len(a) :]):
                    continue  # 国有经济布局 in 国有经济布局优化 ("optimising the layout ...")
                if is_coordination(side, b) and not is_coordination(side, a):
                    continue  # a coordination joins terms: "backbone and ballast", 优化和调整
                nested_sum[a] += fb
                nested_n[a] += 1
                if fb >= df[a]:
                    contained.add(a)

    postings: dict[str, list[int]] = {k: [] for k in chosen_set}
    for i, keys in enumerate(side.keys):
        for k in keys:
            p = postings.get(k)
            if p is not None:
                p.append(i)

    file_ids = analysis.file_ids
    total_files = analysis.file_count
    tokens = corpus_tokens(side)
    # In a short text every term is rare: counts saturate, so the shape of a candidate and its
    # specificity decide; in a large corpus the saturation lies far above the cut.
    saturation = max(2.0, tokens / 1000)
    entity_parts = _entity_parts(side, chosen_set)
    pieces = _fragments(
        side, {k for k in chosen_set if df[k] <= FRAGMENT_MAX_DF or k in contained}, postings
    )
    if rules.cjk:
        pieces |= _one_character_short(side, chosen_set)
    ranked = []
    for k in chosen_set:
        f = df[k]
        n = rules.size(k)
        # Length is evidence of a unit only when the unit repeats; a long phrase seen once is
        # more likely a piece of a sentence than a term (关键技术产品供给能力).
        if f > 1:
            length = math.log2(1 + n)
        elif k in side.entities:
            length = 1.0
        else:
            length = 1.0 / (1 + 0.25 * max(0, n - 4))
        cv = length * (f - (nested_sum[k] / nested_n[k] if nested_n[k] else 0.0))
        cv = max(cv, 0.05 * f * length)
        cv = cv / (1 + cv / saturation)
        spec = specificity(side, k, tokens)
        files = len({file_ids[i] for i in postings[k]}) if total_files > 1 else 1
        disp = 0.7 + 0.6 * math.log1p(files) / math.log1p(total_files) if total_files > 1 else 1.0
        hints = dict(hinted.get(k, {}))
        if evidence_keys and k in evidence_keys:
            hints["paired"] = evidence_keys[k]
        boost = 1 + sum(HINT_WEIGHTS.get(kind, 0.6) for kind in hints)
        form = shape(side, k)
        if k in pieces:
            form *= FRAGMENT
        if k in side.entities:
            form *= ENTITY_PART if k in entity_parts else ENTITY_BOOST
        factors = {
            "cvalue": cv,
            "specificity": spec,
            "dispersion": disp,
            "hints": boost,
            "shape": form,
        }
        ranked.append(
            Ranked(k, cv * spec * disp * boost * form, f, files, postings[k], hints, factors)
        )
    ranked.sort(key=lambda r: (-r.score, r.key))
    return ranked
