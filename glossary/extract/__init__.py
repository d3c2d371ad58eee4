"""Term extraction: ranked term candidates, with their renderings for bilingual input.

The core knows nothing about files, the store or the command line::

    segments = [Segment("the national team", "国家队"), ...]      # or corpus.load(paths, ...)
    candidates = extract(segments, "en", "zh-CN", top=50)         # English candidates
    chinese = extract(segments, "en", "zh-CN", top=50, side="target")

To rank both sides of one corpus, analyse once and pass ``analysis=`` to both calls. With
bilingual input a candidate is scored as the pair it makes with its best rendering: the
rendering's shape, the dictionary's explanation of the pair, and the specificity of both
languages count.
Modules: ``markup`` (cleaning and hints), ``english`` and ``chinese`` (candidates),
``analysis`` (the counting pass), ``ranking``, ``pairing``, ``corpus`` (input files).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

from glossary.extract import dictionary, english
from glossary.extract.analysis import Analysis, ProgressFn, Side, analyse
from glossary.extract.model import Example, Segment, TermCandidate, Translation
from glossary.extract.pairing import (
    COMPOUND_COVERAGE,
    LOW_FREQUENCY,
    Rendering,
    _contains,
    compound_noun,
    pair,
    part_at,
)
from glossary.extract.ranking import (
    FRAGMENT,
    MODIFIER,
    WRAPPER,
    Ranked,
    corpus_tokens,
    dictionary_verbs,
    fragments,
    is_coordination,
    rank,
    shape,
    specificity,
    zipf,
)
from tm.normalize import is_han

__all__ = ["Analysis", "Example", "Segment", "TermCandidate", "Translation", "analyse", "extract"]

CONTEXTS = 3
BILINGUAL_POOL = 3  # pair this many times *top* candidates before the final cut
SMALL_POOL = 1000  # ... and at least this many (all of a short document's)
# Bilingual termhood: a candidate whose rendering a general dictionary explains word by word
# is a unit that translates as a unit.
BILINGUAL_TERMHOOD = 2.0
NOMINALISED = 0.8  # chinese.termhood of a verb after a noun: 装备制造
RARE_ZIPF = 4.5  # general frequency (zipf) below which a single word counts as specific
CLOSE_COVERAGE = 0.15  # dictionary coverages this close do not tell nested candidates apart


def _compact(this: Side, key: str, other: Side, rendering: str) -> float:
    """Terms translate into terms: a rendering no longer than the candidate (or two words)
    counts fully; a name is as long as it is."""
    if key in this.entities or rendering in other.entities:
        return 1.0
    allowed = max(2, this.rules.size(key))
    if this.rules.cjk and not other.rules.cjk:
        # English says in three words what Chinese says in two (新能源|汽车, "new energy
        # vehicles"), in four what an idiom says in four characters (国计民生).
        allowed = max(allowed, math.ceil(len(key) / 1.5)) + 1
    return 1.0 / (1.0 + 0.25 * max(0, other.rules.size(rendering) - allowed))


def extract(
    segments: Sequence[Segment],
    src_lang: str,
    tgt_lang: str | None = None,
    *,
    top: int | None = 100,
    side: str = "source",
    known_pairs: Iterable[tuple[str, str]] = (),
    analysis: Analysis | None = None,
    progress: ProgressFn | None = None,
) -> list[TermCandidate]:
    """Ranked candidates of one side of *segments*, best first, with renderings when bilingual.

    *side* is "source" or "target" (candidates in the target language, rendered back into the
    source language). *known_pairs* are (source, target) terms from the termbase: they join
    jieba's dictionary and count as evidence.
    """
    if analysis is None:
        analysis = analyse(segments, src_lang, tgt_lang, known_pairs=known_pairs, progress=progress)
    reverse = side == "target"
    this = analysis.tgt if reverse else analysis.src
    if this is None:
        raise ValueError("side='target' needs bilingual input")
    evidence_keys: Counter = Counter()
    for s_key, t_key in analysis.evidence:
        evidence_keys[t_key if reverse else s_key] += 1
    ranked = rank(analysis, this, evidence_keys)
    if this.rules.cjk and analysis.tgt is None:
        ranked = [r for r in ranked if len(r.key) > 1]  # one character: only with a rendering
    if progress is not None:
        progress(0, 1, "pairing")
    bilingual = analysis.tgt is not None
    other = analysis.src if reverse else analysis.tgt
    limit = len(ranked) if top is None else top
    if bilingual:
        pool = ranked[: max(limit * BILINGUAL_POOL, SMALL_POOL)]
        paired = pair(analysis, pool, reverse=reverse)
        # Renderings seen only inside a longer phrase show their candidates to be pieces too
        # (运营能力 as "operational capabilities" of "professional operational capabilities").
        pieces = fragments(other, {p.renderings[0].key for p in paired.values() if p.renderings})
        other_tokens = corpus_tokens(other)
        alone = set()
        for r in pool:
            renderings = paired[r.key].renderings
            if len(r.key) == 1 and not (
                renderings and _one_word_rendering(r.key, other, renderings[0])
            ):
                alone.add(r.key)  # 参 of 形|参, 器 of 迭代|器: pieces of words jieba cut
                continue
            if not renderings:
                _scale(r, "unpaired", 0.6)
                continue
            _score_as_pair(r, renderings[0], this, other, pieces, other_tokens)
        pool = [r for r in pool if r.key not in alone]
        duplicates = _penalise_wrappers(pool, paired, this)
        pool.sort(key=lambda r: (r.key in duplicates, -r.score, r.key))
        ranked = pool
    out = []
    for r in ranked[:limit]:
        cand = _candidate(analysis, this, r)
        if bilingual:
            p = paired[r.key]
            cand.translations = [
                Translation(
                    _display(other, rd.key, rd.segments),
                    rd.score,
                    rd.count,
                    [_example(analysis, i, reverse) for i in rd.segments],
                    rd.evidence,
                )
                for rd in p.renderings
            ]
            if p.flag:
                cand.renderings_flag = {_display(other, k, []): n for k, n in p.flag.items()}
        out.append(cand)
    return out


def _score_as_pair(
    r: Ranked, first: Rendering, this: Side, other: Side, pieces: set[str], other_tokens: float
) -> None:
    """Scale a candidate's score by what its best rendering shows: how well it is explained,
    its shape, its specificity in the other language (each a factor of its own)."""
    best = first.score * _compact(this, r.key, other, first.key)
    # A single word with a dictionary translation says nothing about termhood; a
    # phrase whose rendering the dictionary explains word by word is a unit.
    phrase = min(1, max(this.rules.size(r.key), other.rules.size(first.key)) - 1)
    unit = phrase * first.coverage
    # A rare English word rendered by a Chinese word of its own (ballast 压舱石, 国资委
    # SASAC) is a term as much as a phrase the dictionary explains, in either direction.
    unit = max(unit, _rare_word(this, r.key, other, first.key))
    _scale(r, "rendering", 0.6 + 0.8 * best)
    # A term pair is as specific in one language as in the other: take the mean.
    spec_other = specificity(other, first.key, other_tokens)
    _scale(r, "specificity", math.sqrt(spec_other / r.factors["specificity"]))
    _scale(r, "unit", 1 + BILINGUAL_TERMHOOD * unit)
    if this.modifier[r.key] >= this.df[r.key] and other.modifier[first.key] < other.df[first.key]:
        # A Chinese compound hides its head (资源配置效率); the rendering shows that the
        # candidate is one ("efficiency of resource allocation"): lift the penalty.
        _scale(r, "head shown", 1 + (1 / MODIFIER - 1) * first.coverage)
    elif (
        this.rules.cjk  # an English modifier shows; a Chinese compound hides its head
        and other.modifier[first.key] >= other.df[first.key]
        and this.modifier[r.key] < this.df[r.key]
    ):
        # An English rendering that always goes on with a noun shows the candidate
        # to be a modifier too (区域协调 as "coordinated regional").
        _scale(r, "modifier shown", 1 - (1 - MODIFIER) * first.coverage)
    # A rendering that is no term itself (a verb and its object, a general word
    # wrapped round a term) shows the candidate to be none either.
    rendering_shape = shape(other, first.key, modifier=False)
    if first.key in pieces:
        rendering_shape *= FRAGMENT
    if other.rules.cjk and (
        NOMINALISED <= other.rules.termhood(first.key) < 1
        or _compound_shown(other, first.key, this, r.key, first.coverage)
    ):
        rendering_shape /= other.rules.termhood(first.key)  # 装备制造, a noun here
    if is_coordination(this, r.key) and is_coordination(other, first.key):
        # Terms joined, rendered as terms joined: 国有资本和中央企业. One word for a
        # coordination is a term: 国计民生, 重组整合.
        rendering_shape *= WRAPPER**2
    _scale(r, "rendering shape", rendering_shape**0.5)
    form = this.rules.termhood(r.key)
    if NOMINALISED <= form < 1 and other.rules.termhood(first.key) >= 1:
        # A verb heading a compound after a noun (智能制造) is nominalised when the
        # rendering the dictionary explains is a noun phrase ("smart manufacturing").
        _scale(r, "nominalised", 1 + (1 / form - 1) * first.coverage)
    elif form < NOMINALISED and _compound_shown(this, r.key, other, first.key, first.coverage):
        _scale(r, "compound shown", 1 / form)  # 导入路径, "import path"


def _one_word_rendering(char: str, other: Side, first) -> bool:
    """Whether a single Chinese character is a word of its own, as its rendering shows: one
    English word the dictionary gives for it (类 "class", 锁 "lock"); not a character the
    dictionary knows only as a verb (设 "to set up", 跳 "to jump": "set", "skip")."""
    return (
        first.coverage >= COMPOUND_COVERAGE
        and other.rules.size(first.key) == 1
        and char not in dictionary_verbs()[0]
    )


def _compound_shown(
    chinese: Side, zh_key: str, english: Side, en_key: str, coverage: float
) -> bool:
    """Whether a Chinese key tagged as a verb and its object is a compound noun, as its
    rendering shows: an English noun phrase of several words ("import path", 导入路径)."""
    return (
        compound_noun(chinese, zh_key, coverage)
        and english.rules.size(en_key) > 1
        and shape(english, en_key, modifier=False) >= 1
    )


def _scale(r: Ranked, name: str, factor: float) -> None:
    r.score *= factor
    r.factors[name] = r.factors.get(name, 1.0) * factor


def _rare_word(this: Side, key: str, other: Side | None, rendering: str) -> float:
    """How rare in general language a candidate rendered by a single word of the other
    language is, in [0, 1]: 1 below one occurrence per million words, 0 from three per
    hundred thousand. The same both ways: "ballast" rendered by 压舱石, 国资委 by "SASAC"."""
    if other is None or this.rules.cjk == other.rules.cjk:
        return 0.0
    english, chinese = (rendering, key) if this.rules.cjk else (key, rendering)
    if " " in english.strip() or not english.strip():
        return 0.0
    if len(chinese) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in chinese):
        return 0.0
    shape = 1.0
    if this.rules.cjk:  # a word of its own (压舱|石), a noun, not a clause: 充分发挥, 着力培育
        if this.rules.size(key) > 2:
            return 0.0
        shape = this.rules.termhood(key)
    # The rendering is rare too: not 着力培育 for "drivers", nor "cyberspace" for 强国.
    frequency = max(zipf(this, key), zipf(other, rendering))
    return shape * min(1.0, max(0.0, (RARE_ZIPF - frequency) / 1.5))


def _penalise_wrappers(pool: list, paired: dict, this: Side) -> set[str]:
    """Penalise wrappers and parts; return the keys that only repeat a better candidate.

    A rare candidate whose rendering explains a part of it as well is that part with
    extra words: 推动国有资本 and 国有资本 both render "state-owned capital". A whole name
    is not a wrapper of its parts: 中国华能集团有限公司 (China Huaneng Group), nor is a phrase
    whose extra words the rendering explains too: "national economy and people's livelihood"
    (国计民生) of "people's livelihood".

    Of two nested candidates with the same rendering one says nothing new to a reviewer: the
    part, when the rendering explains the whole ("base" and "base class", both 基类), else
    the whole (创新驱动发展战略 round 创新驱动发展, "innovation-driven development"). Its key
    is returned, and it goes after every other candidate.
    """
    cjk, entities = this.rules.cjk, this.entities
    by_rendering: dict[str, list] = {}
    for r in pool:
        renderings = paired[r.key].renderings
        if renderings and renderings[0].coverage > 0:
            by_rendering.setdefault(renderings[0].key, []).append(r)
    lexicon = dictionary.load()
    for rendering, group in by_rendering.items():
        for r in group:
            cov = paired[r.key].renderings[0].coverage
            if any(
                _contains(c.key, r.key, cjk)
                and c.score > r.score
                and paired[c.key].renderings[0].coverage >= cov
                for c in group
            ):
                # A part rendered as the whole it stands in: 战略性 and 新兴产业 as "strategic
                # emerging industries", "central" as 中央企业.
                _scale(r, "part of a whole", WRAPPER)
                continue
            if r.df > LOW_FREQUENCY or r.key in entities:
                continue
            cov = paired[r.key].renderings[0].coverage
            if any(
                _contains(r.key, c.key, cjk)
                and paired[c.key].renderings[0].coverage >= cov
                and this.modifier[c.key] < this.df[c.key]  # "new growth" of "new growth drivers"
                and not _explained(lexicon, _rest(r.key, c.key, cjk), rendering, cjk)
                for c in group
            ):
                _scale(r, "wrapper", WRAPPER)
    duplicates = set()
    for rendering, group in by_rendering.items():
        for long in group:
            for short in group:
                if _contains(long.key, short.key, cjk):
                    whole = _whole_wins(paired, long.key, short.key, rendering, this, lexicon)
                    loser = short if whole else long
                    # Counts settle the frequent ("object" and "file object" are both terms).
                    if loser.df <= LOW_FREQUENCY:
                        duplicates.add(loser.key)
    return duplicates


def _whole_wins(paired: dict, long: str, short: str, rendering: str, this: Side, lexicon) -> bool:
    """Of two nested candidates with one rendering, whether the longer is the term: it is when
    the rendering explains it better ("base class" over "base", both 基类), or as well and its
    extra words too, or it is a name (中国华能集团有限公司 over 中国华能集团)."""
    # A noun and a verb after it (智能制造) are as much a term as the noun alone (智能).
    if min(1, this.rules.termhood(long) / NOMINALISED) < this.rules.termhood(short):
        return False  # a clause or phrases joined: 中国华录集团有限公司的重组
    if long in this.entities and this.rules.termhood(long) >= 1:
        return True  # a name, not names joined (…集团有限公司所属的…) nor one after a verb
    if not this.rules.cjk and this.modifier[short] >= this.df[short]:
        return True  # "new growth" never stands alone: "new growth drivers" (新动能)
    cov_long = paired[long].renderings[0].coverage
    cov_short = paired[short].renderings[0].coverage
    if abs(cov_long - cov_short) > CLOSE_COVERAGE:
        return cov_long > cov_short
    # 国计民生 explains "national economy" of "... and people's livelihood" (less well than
    # the dictionary can tell); a measure word does not make 家中央企业 a term.
    extra = _rest(long, short, this.rules.cjk)
    return not (this.rules.cjk and len(extra) < 2) and _explained(
        lexicon, extra, rendering, this.rules.cjk
    )


def _rest(longer: str, part: str, cjk: bool) -> str:
    """What *longer* holds besides *part*."""
    if cjk:
        return longer.replace(part, "", 1)
    words, part_words = longer.split(), part.split()
    at = part_at(words, part_words)
    if at >= 0:
        del words[at : at + len(part_words)]
    return " ".join(w for w in words if w not in english.INNER)


def _explained(lexicon, extra: str, rendering: str, cjk: bool) -> bool:
    """Whether a general dictionary finds words of *extra* in the *rendering*."""
    if lexicon is None or not extra.strip():
        return False
    english, chinese = (rendering, extra) if cjk else (extra, rendering)
    return lexicon.coverage(english, chinese) > 0


def _candidate(analysis: Analysis, side: Side, r) -> TermCandidate:
    surfaces: Counter = Counter()
    for i in r.postings[:20]:
        text = side.texts[i]
        for occ in side.rules.occurrences(text):
            if occ.key == r.key:
                surfaces[text[occ.start : occ.end]] += 1
    term = _best_surface(surfaces, r.key)
    return TermCandidate(
        term=term,
        lang=side.lang,
        type="entity" if r.key in side.entities else "term",
        score=r.score,
        frequency=r.df,
        dispersion=r.files,
        key=r.key,
        variants=[s for s in surfaces if s != term][:5],
        contexts=[_example(analysis, i, side is analysis.tgt) for i in r.postings[:CONTEXTS]],
        hints=dict(r.hints),
        factors=dict(r.factors),
    )


def _best_surface(surfaces: Counter, key: str) -> str:
    """The display form: the lemma when it occurs ("argument", not "arguments"), else the
    most frequent surface; among equals lower case (a sentence start is not a name). A
    Chinese key has no lemma: its most frequent surface shows (lambda 表达式 with its space
    if most writers put one)."""
    if not surfaces:
        return key
    lemma = not any(map(is_han, key))
    return max(
        surfaces,
        key=lambda s: (
            lemma and _normal(s) == key,
            surfaces[s],
            s != s.capitalize() or s.islower(),
            s,
        ),
    )


def _normal(surface: str) -> str:
    return surface.lower().replace("’", "'").replace("-", " ")


def _display(side: Side | None, key: str, segments: list[int]) -> str:
    """The surface form of a rendering: a Chinese one as most writers write it (counted over
    the corpus), an English one as found in its example segments."""
    if side is None:
        return key
    if side.rules.cjk:
        written = side.spellings.get(key)
        if not written:
            return key
        surface, n = written.most_common(1)[0]
        return surface if n >= side.df[key] - sum(written.values()) else key
    surfaces: Counter = Counter()
    for i in segments:
        text = side.texts[i]
        for occ in side.rules.occurrences(text):
            if occ.key == key:
                surfaces[text[occ.start : occ.end]] += 1
    return _best_surface(surfaces, key)


def _example(analysis: Analysis, i: int, reverse: bool) -> Example:
    seg = analysis.segments[i]
    if reverse:
        return Example(seg.target or "", seg.source, seg.origin)
    return Example(seg.source, seg.target, seg.origin)
