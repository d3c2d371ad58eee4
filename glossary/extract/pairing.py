"""Bilingual pairing: for each ranked candidate, its likely renderings in the other language.

Works the same in both directions (the sides are only swapped):

* association: the Dice coefficient of the candidate and each candidate of the other side
  over aligned segments (counted once from the per-segment key sets; frequent candidates are
  counted on an even sample of their segments and scaled);
* a longer candidate of nearly the same strength wins over the one it contains
  (上下文管理器 over 上下文管理, "context manager" over "context");
* direct evidence: a phrase quoted on both sides of a pair, a parenthetical in the other
  language, a ``:term:`` role, the termbase;
* for candidates seen in at most three segments, where Dice cannot tell apart the words of
  one sentence, competitive linking inside each segment: pairs are linked greedily by
  association x closeness of relative position x a length prior, each target phrase taken
  by one source phrase (or phrases nested in it), so "backbone and ballast" / 顶梁柱、压舱石
  pair up in order. Single characters, and phrases never seen without one more character
  (压舱 of 压舱石), are not linked.

Results: the top three renderings with score (0-1), count and examples, and a flag when the
corpus renders the candidate in several ways that do not contain each other.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from glossary.extract import chinese, dictionary, english
from glossary.extract.analysis import Analysis, Side
from glossary.extract.ranking import Ranked, fragments, is_coordination

SAMPLE = 300  # segments counted per candidate
UNIT_TERMHOOD = 0.8  # a rendering this term-like (a noun and a nominalised verb) is a unit
COMPOUND_COVERAGE = 0.9  # a rendering the dictionary explains this well shows a compound
LOW_FREQUENCY = 3  # at most this many segments: competitive linking decides
EVIDENCE_BONUS = {"quote": 0.35, "paren": 0.35, "termbase": 0.6, "role": 0.2}
LINK_BONUS = 0.4
LONGER_RATIO = 0.8
DICT_WEIGHT = 1.0  # dictionary coverage of a pair seen once; less as counts grow
DICT_COUNT = 3  # co-occurrences at which the dictionary weighs half as much
DICT_CHECKED = 30  # renderings of a frequent candidate checked against the dictionary


@dataclass
class Rendering:
    key: str
    score: float
    count: int
    evidence: list[str] = field(default_factory=list)
    segments: list[int] = field(default_factory=list)  # example segment indexes
    coverage: float = 0.0  # how well a general dictionary explains the pair (0-1)


@dataclass
class Paired:
    renderings: list[Rendering]
    flag: dict[str, int] | None = None


def _eligible(side: Side, key: str) -> bool:
    if side.rules.cjk:
        return key not in chinese.STOPWORDS
    return any(c.isalpha() for c in key)


def _contains(longer: str, shorter: str, cjk: bool) -> bool:
    """Whether key *shorter* is a part of key *longer* (English keys lemmatise their last
    word only: "core function" is a part of "core functions and competence")."""
    if longer == shorter:
        return False
    if cjk:
        return shorter in longer
    if f" {shorter} " in f" {longer} ":
        return True
    # Cheap tests first: this runs for every pair of renderings of every candidate.
    last = shorter.rsplit(" ", 1)[-1]
    head = shorter[: len(shorter) - len(last)]
    if last[:3] not in longer or (head and head not in longer) or len(shorter) > len(longer) + 2:
        return False
    words, part = longer.split(), shorter.split()
    return len(part) < len(words) and part_at(words, part) >= 0


def part_at(words: list[str], part: list[str]) -> int:
    """Where the words of an English key *part* stand in *words*, the last by its lemma; -1."""
    n = len(part)
    for i in range(len(words) - n + 1):
        if (
            words[i : i + n - 1] == part[:-1]
            and english._word_info(words[i + n - 1])[4] == part[-1]
        ):
            return i
    return -1


def _length_prior(s_key: str, t_key: str, src: Side, tgt: Side) -> float:
    """Mild preference for renderings of plausible length (about two Han characters a word):
    the square root of the smaller length over the larger (exp(-|log ratio| / 2))."""
    s = len(s_key) / 2.0 if src.rules.cjk else s_key.count(" ") + 1
    t = len(t_key) / 2.0 if tgt.rules.cjk else t_key.count(" ") + 1
    return math.sqrt(t / s if t < s else s / t)


def _coverage(lexicon: dictionary.Dictionary, s_key: str, t_key: str, reverse: bool) -> float:
    """Dictionary coverage of a pair, whichever side is English."""
    return lexicon.coverage(t_key, s_key) if reverse else lexicon.coverage(s_key, t_key)


def pair(
    analysis: Analysis, ranked: list[Ranked], *, reverse: bool = False, top: int = 3
) -> dict[str, Paired]:
    """Renderings for each ranked candidate of the source side (target side if *reverse*)."""
    src, tgt = (analysis.tgt, analysis.src) if reverse else (analysis.src, analysis.tgt)
    assert tgt is not None and src is not None
    evidence: dict[str, dict[str, Counter]] = defaultdict(dict)
    for (s_key, t_key), kinds in analysis.evidence.items():
        if reverse:
            s_key, t_key = t_key, s_key
        evidence[s_key][t_key] = kinds
    tgt_df = tgt.df
    cjk = tgt.rules.cjk
    mixed = src.rules.cjk != cjk  # Chinese and English: a Chinese key may quote the English

    lexicon = dictionary.load()
    coverage: dict[str, dict[str, float]] = defaultdict(dict)
    scores: dict[str, dict[str, float]] = {}
    counts: dict[str, Counter] = {}
    samples: dict[str, list[int]] = {}
    for r in ranked:
        posts = r.postings
        step = max(1, len(posts) // SAMPLE)
        sample = posts[::step][:SAMPLE] if step > 1 else posts
        co: Counter = Counter()
        for i in sample:
            co.update(tgt.keys[i])
        scale = len(posts) / len(sample) if sample else 1.0
        least = max(1, int(0.02 * len(sample)))
        fs = r.df
        own = {}
        for t, c in co.items():
            if c >= least and _eligible(tgt, t) and not (mixed and _quotes_english(r.key, t, cjk)):
                c2 = c * scale
                own[t] = (
                    2 * c2 / (fs + tgt_df[t]) * (0.85 + 0.15 * _length_prior(r.key, t, src, tgt))
                )
        if lexicon is not None:
            # A rare candidate's renderings all tie on counts: check them all.
            checked = (
                own
                if fs <= LOW_FREQUENCY or len(own) <= DICT_CHECKED
                else sorted(own, key=own.__getitem__)[-DICT_CHECKED:]
            )
            cov_own = coverage[r.key] = {}
            for t in checked:
                cov = _coverage(lexicon, r.key, t, reverse)
                if cov > 0:
                    cov_own[t] = cov
                    own[t] += DICT_WEIGHT * cov / (1 + co[t] * scale / DICT_COUNT)
        for t, kinds in evidence.get(r.key, {}).items():
            bonus = min(0.8, sum(EVIDENCE_BONUS.get(k, 0.2) for k in kinds))
            # One parenthetical among thousands of uses is weak evidence; among two, strong.
            seen = sum(kinds.values())
            own[t] = own.get(t, 0.0) + bonus * min(1.0, seen / (1 + 0.02 * fs))
        scores[r.key] = own
        counts[r.key] = Counter({t: round(co[t] * scale) for t in own})
        samples[r.key] = sample

    links = _link_low_frequency(analysis, ranked, src, tgt, scores, coverage)
    result: dict[str, Paired] = {}
    bests = {}
    for r in ranked:
        own = scores[r.key]
        for t, n in links.get(r.key, {}).items():
            own[t] = own.get(t, 0.0) + LINK_BONUS * n / max(1, r.df)
        bests[r.key] = sorted(own, key=lambda t: (-own[t], -len(t), t))[:20]
    # A rare candidate's renderings may be pieces of a longer phrase ("people's livelihood"
    # of "national economy and people's livelihood"): the whole phrase is the rendering.
    pieces = fragments(tgt, {t for r in ranked if r.df <= LOW_FREQUENCY for t in bests[r.key][:3]})
    for r in ranked:
        own = scores[r.key]
        best = _prefer_longer(bests[r.key], own, counts[r.key], coverage[r.key], tgt, pieces)
        if r.key in src.entities:
            best = _full_name(best, own, tgt)
        elif not is_coordination(src, r.key):
            best = _one_term(best, own, tgt)
        renderings = []
        # Evidence adds up past 1: scale so that the best is at most 1 and the others show
        # how far behind they are.
        scale = max(1.0, own[best[0]]) if best else 1.0
        for t in best[:top]:
            kinds = [k for k in evidence.get(r.key, {}).get(t, {})]
            if t in links.get(r.key, {}):
                kinds.append("linked")
            examples = [i for i in samples[r.key] if t in tgt.keys[i]][:2]
            renderings.append(
                Rendering(
                    t,
                    min(1.0, own[t] / scale),
                    counts[r.key][t],
                    kinds,
                    examples,
                    coverage[r.key].get(t, 0.0),
                )
            )
        result[r.key] = Paired(renderings, _flag(renderings, samples[r.key], tgt, r.df, cjk))
    return result


def _quotes_english(s_key: str, t_key: str, target_cjk: bool) -> bool:
    """Whether the Latin words of the Chinese key of a pair rule it out as a rendering of the
    English key: a Latin word the English term lacks (Python 解释器 is no rendering of
    "interpreter", input 文件 none of "binary file"), or every English word there in Latin
    letters (命名空间 portion quotes "portion": its Han words render something else).
    lambda 表达式 renders "lambda expression": 表达式 is its "expression"."""
    en, zh = (s_key, t_key) if target_cjk else (t_key, s_key)
    latin = {w.lower() for w in dictionary.LATIN_WORD.findall(zh)}
    if not latin:
        return False
    words = set(en.lower().replace("-", " ").split())
    return not latin <= words or words <= latin


def compound_noun(side: Side, key: str, coverage: float) -> bool:
    """Whether a Chinese key that jieba's tags call a verb and its object (导入|路径) is a
    compound noun, as the dictionary's word-for-word explanation of its pair shows ("import
    path"): a Chinese noun at its end (a Latin name after a verb is its object: 安装 Python),
    and *coverage* at least COMPOUND_COVERAGE."""
    if not side.rules.cjk or coverage < COMPOUND_COVERAGE:
        return False
    words = side.rules.words(key)
    return (
        len(words) > 1
        and 0 < side.rules.termhood(key) < UNIT_TERMHOOD
        and chinese.is_nominal(words[-1])
        and not chinese.is_latin(words[-1])
    )


def _prefer_longer(
    best: list[str],
    score: dict[str, float],
    count: Counter,
    cov: dict[str, float],
    tgt: Side,
    pieces: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Let a longer rendering of nearly the same strength take the place of one it contains.

    The longer one must be a rendering in its own right: as term-like as the shorter, and its
    extra words explained, by repeated co-occurrence or by the dictionary (经济顶梁柱 seen
    once does not take the place of 顶梁柱 for "backbone"; 提高资源配置效率 is a clause).
    """
    cjk = tgt.rules.cjk
    adjusted = dict(score)
    for t in best:
        # A phrase that always goes on with a noun ("new growth" of "new growth drivers"), or
        # is only seen inside one longer phrase, is no rendering of its own: the phrase it goes
        # on to takes its place. (Chinese compounds hide their heads: 区域协调 is no modifier.)
        modifier = t in pieces or (not cjk and tgt.modifier[t] >= tgt.df[t])  # not 区域协调
        for longer in best:
            if (
                _contains(longer, t, cjk)
                and (modifier or score[longer] >= LONGER_RATIO * score[t])
                and count[longer] >= LONGER_RATIO * count[t]
                and adjusted[longer] <= adjusted[t]
                and (modifier or count[longer] >= 2 or cov.get(longer, 0.0) >= cov.get(t, 0.0))
                and (
                    tgt.rules.termhood(longer) >= tgt.rules.termhood(t)
                    or compound_noun(tgt, longer, cov.get(longer, 0.0))
                )
            ):
                adjusted[longer] = adjusted[t] + 1e-6
                adjusted[t] *= LONGER_RATIO
    for t in best:
        score[t] = max(score[t], min(adjusted[t], 1.0)) if adjusted[t] > score[t] else score[t]
    return sorted(best, key=lambda t: (-adjusted[t], -len(t), t))


def _full_name(best: list[str], score: dict[str, float], tgt: Side) -> list[str]:
    """A name's rendering in full when it is among the first: with its legal form
    (中国华能集团有限公司 rather than 中国华能集团 for "China Huaneng Group") or the place it
    belongs to ("State Grid Corporation of China" for 国家电网有限公司)."""
    if not best:
        return best
    if tgt.rules.cjk:
        longer = [best[0] + form for form in dictionary.LEGAL_FORMS]
    else:
        longer = [t for t in best[1:3] if t.startswith(best[0] + " of ") and t in tgt.entities]
    for full in longer:
        if full in best[:3]:
            score[full] = max(score[full], score[best[0]])
            return [full] + [t for t in best if t != full]
    return best


def _one_term(best: list[str], score: dict[str, float], tgt: Side) -> list[str]:
    """One term renders as one term, not as terms joined: 国有经济布局 of 国有经济布局优化和结构
    调整 for "layout of the state-owned sector" (the sentence coordinates two changes)."""
    # Chinese words and idioms render English coordinations: 国计民生, 重组整合.
    if not best or not tgt.rules.cjk or not is_coordination(tgt, best[0]):
        return best
    cjk = tgt.rules.cjk
    for t in best[1:3]:
        if _contains(best[0], t, cjk) and not is_coordination(tgt, t):
            score[t] = max(score[t], score[best[0]])
            return [t] + [x for x in best if x != t]
    return best


def _flag(
    renderings: list[Rendering], sample: list[int], tgt: Side, df: int, cjk: bool
) -> dict[str, int] | None:
    """Several renderings that neither contains the other, each used on its own."""
    if len(renderings) < 2 or df < 4:
        return None
    first = renderings[0]
    flag = {}
    for other in renderings[1:]:
        if (
            other.score < 0.25
            or _contains(first.key, other.key, cjk)
            or _contains(other.key, first.key, cjk)
        ):
            continue
        alone = sum(1 for i in sample if other.key in tgt.keys[i] and first.key not in tgt.keys[i])
        if alone >= max(2, 0.1 * len(sample)):
            flag[other.key] = alone
    if not flag:
        return None
    with_first = sum(1 for i in sample if first.key in tgt.keys[i])
    return {first.key: with_first, **flag}


def _link_low_frequency(
    analysis: Analysis,
    ranked: list[Ranked],
    src: Side,
    tgt: Side,
    scores: dict[str, dict[str, float]],
    coverage: dict[str, dict[str, float]],
) -> dict[str, Counter]:
    """Competitive linking inside the segments of rare candidates."""
    rare = {r.key for r in ranked if r.df <= LOW_FREQUENCY}
    segments = sorted({i for r in ranked if r.key in rare for i in r.postings})
    links: dict[str, Counter] = defaultdict(Counter)
    for i in segments:
        s_text, t_text = src.texts[i], tgt.texts[i]
        s_occ = [o for o in src.rules.occurrences(s_text) if o.key in rare]
        t_occ = _free_standing(
            [o for o in tgt.rules.occurrences(t_text) if _eligible(tgt, o.key) and len(o.key) > 1],
            tgt,
        )
        if not s_occ or not t_occ:
            continue
        s_len, t_len = max(1, len(s_text)), max(1, len(t_text))
        options = []
        for so in s_occ:
            own = scores.get(so.key, {})
            cov_own = coverage.get(so.key, {})
            s_pos = (so.start + so.end) / 2 / s_len
            for to in t_occ:
                assoc = own.get(to.key, 0.0)
                if assoc <= 0:
                    continue
                t_pos = (to.start + to.end) / 2 / t_len
                near = max(0.0, 1 - abs(s_pos - t_pos)) ** 4
                # Dictionary evidence outweighs position when word order differs.
                cov = cov_own.get(to.key, 0.0)
                near += (1 - near) * cov**2
                prior = _length_prior(so.key, to.key, src, tgt)
                prior += (1 - prior) * cov  # explained words need no length prior
                # A rendering is a unit of its own: not a clause (集团有限公司划转至国家) nor
                # phrases joined by 的 (集团有限公司所属的中国水利电力).
                unit = min(1.0, tgt.rules.termhood(to.key) / UNIT_TERMHOOD)
                options.append((assoc * near * prior * unit, so, to))
        options.sort(key=lambda x: -x[0])
        linked: set[tuple[int, int]] = set()
        claims: list[tuple[int, int, int, int]] = []  # target span, source span
        for _, so, to in options:
            if (so.start, so.end) in linked:
                continue
            # A target phrase serves one source phrase, or phrases nested in one another
            # ("ballast" and "backbone and ballast" may share 压舱石; "backbone" may not).
            if any(
                to.start < te and ts < to.end and not _nested(so.start, so.end, ss, se)
                for ts, te, ss, se in claims
            ):
                continue
            linked.add((so.start, so.end))
            claims.append((to.start, to.end, so.start, so.end))
            links[so.key][to.key] += 1
    return links


def _nested(a: int, b: int, c: int, d: int) -> bool:
    return (a <= c and d <= b) or (c <= a and b <= d)


def _free_standing(occs: list, side: Side) -> list:
    """Drop a phrase never seen on its own: without one more character (压舱 of 压舱石, cut
    压舱|石), or without the noun it goes on with ("new growth" of "new growth drivers")."""
    df = side.df
    spans = {(o.start, o.end): o for o in occs}
    out = []
    for o in occs:
        if not side.rules.cjk and side.modifier[o.key] >= df[o.key]:
            continue
        longer = [spans.get((o.start - 1, o.end)), spans.get((o.start, o.end + 1))]
        if any(x is not None and df[x.key] == df[o.key] for x in longer):
            continue
        out.append(o)
    return out
