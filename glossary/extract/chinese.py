"""Chinese term candidates: n-grams of jieba words inside runs of Han text.

A run is a stretch of Han characters, middle dots and Chinese quotation marks (so
“十四五”规划 and 爱达·魔都号 stay whole), with the Latin words written into it (lambda 表达式,
f-字符串, 暂定 API: one word each, between Han words or at an edge, never at both; the
key without the space and with full-width letters folded: 暂定 ＡＰＩ, 暂定API);
punctuation, code and markup separators end it. A candidate is 1-5 consecutive words of a
run whose first and last words are not function words (的, 了, 在, 进行, ...); 的, 和, 与, 及
may stand inside (党的二十大). Quotation marks inside a candidate must pair up; the key drops
them.

jieba cuts in dictionary mode (no HMM: term boundaries should come from the dictionary, and it
is twice as fast) with a user dictionary of known terms, so 装饰器 is one word rather than
装饰|器. Its dictionary cache lives in the user cache directory. 可 and the verb after it are
joined into the adjective they make (可迭代 "iterable", 不可变 "immutable").
"""

from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from glossary.chinese import base_dictionary

jieba.setLogLevel(logging.WARNING)

MAX_WORDS = 5
MAX_CHARS = 16
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = f"[{HAN}·“”]+"
# A Latin word written into Chinese text (lambda 表达式, f-字符串, 暂定 API): letters, digits,
# inner hyphens, a trailing hyphen; not part of code (os.path, __init__, print(), a URL).
_LETTER = f"[^\\W\\d_{HAN}]"  # a letter of any script but Han: A, ü, Ａ (full width)
_ALNUM = f"[^\\W_{HAN}]"
_LATIN = (
    f"(?<!{_ALNUM})(?<![_.\\-/@#+]){_LETTER}(?:{_ALNUM}|[+#])*(?:-{_ALNUM}+)*-?"
    f"(?!{_ALNUM}|[_(\\-/@]|\\.{_ALNUM})"
)
# A run: Han text, with a Latin word at either end or between two stretches, joined by at
# most one space (one word: "Nick Coghlan 撰写" gives Coghlan 撰写, a name's last word).
_RUN = re.compile(
    f"(?:{_LATIN} ?(?=[{HAN}“]))?{_HAN_RUN}(?: ?{_LATIN} ?{_HAN_RUN})*(?: ?{_LATIN})?"
)
_LATIN_WORD = re.compile(_LATIN)
_LATIN_KEY = re.compile(_LETTER)
_LATIN_TOKEN = re.compile(f"{_LETTER}(?:{_ALNUM}|[-+#])*")
HAN_CHAR = re.compile(f"[{HAN}]")

_QUOTED = re.compile(f"“([{HAN}·]{{2,16}})”")

STOPWORDS = frozenset(
    """的 了 和 与 及 或 是 在 将 被 把 对 为 以 从 到 由 于 中 上 下 也 都 而 并 其 该 此 这 那 这些
    那些 这个 那个 一个 一种 一些 个 种 如果 则 但 但是 可以 可能 会 能 要 就 不 没有 所有 每个 任何
    使用 通过 进行 时 后 前 等 之 所 即 又 还 如 例如 如何 什么 哪些 我们 你 您 它 他 她 他们 它们
    自己 已 已经 地 得 着 过 吗 呢 吧 啊 里 内 外 更 最 很 非常 一 二 三 四 方面 可 用于 因为 所以
    因此 如下 以下 以上 下面 上面 其他 其它 另 另一个 同时 并且 而且 或者 以及 比如 即使 虽然 还是
    只 只是 仅 仅仅 必须 需要 应该 应 当 当前 对于 关于 根据 按照 作为 由于 直到 为了 除了 来 去
    做 让 使 使得 给 向 跟 同 比 再 才 又 很多 许多 各 各种 多 少 大 小 新 旧 好 每 某 某些 本
    请 见 参见 注意 注 即可 也可 可用 时候 之后 之前 以后 以前 里面 中的 之一 一样 这样 那样 这种
    那种 此类 如此 有 没 无 非 所述 相应 相关 对应 分别 其中 之间 通常 一般 总是 也是 就是 都是 还有
    已被 被称为 称为 叫做 包括 包含 是否 即将 正在 谢谢 我 我来 第""".split()
)  # fmt: skip
INNER = frozenset({"的", "和", "与", "及"})
# Stop words that may open a term before a noun: 新动能, 新能源汽车 (not 新的).
OPENERS = frozenset({"新"})
ABLE = ("可", "不可")  # 可 + verb makes an adjective: 可迭代 "iterable"
# A numeral needs a measure word before a noun (三个文件); one straight before a noun makes a
# word with it: 三引号 "triple quotes". Such a numeral may open a term.
NUMERALS = frozenset("一二三四五六七八九十两")
# Characters that stand alone as function words yet are common inside names: 国能 (cut 国|能)
# in 国能生物发电集团有限公司. A span holding one is a candidate only as a whole name.
NAME_CHARS = frozenset("能大中新小上下内外一二三四五六七八九十")
LEGAL_FORMS = frozenset({"有限公司", "股份有限公司", "有限责任公司"})
# Words of an organisation's form: a name needs more than these (集团有限公司 is none).
GENERIC_ORG = LEGAL_FORMS | {"集团", "公司", "有限", "股份", "总公司", "控股"}


@dataclass(frozen=True)
class Occurrence:
    key: str
    start: int
    end: int
    n: int  # words, not counting inner function words


class ChineseTokenizer:
    """jieba words of Han runs, with *user_words* kept whole."""

    def __init__(self, user_words: Iterable[str] = ()) -> None:
        freq, total = base_dictionary()
        self._jieba = jieba.Tokenizer()
        self._jieba.FREQ = dict(freq)
        self._jieba.total = total
        self._jieba.initialized = True
        self.user_words: set[str] = set()
        for word in user_words:
            self.add_word(word)
        self._cache: dict[str, list[str]] = {}

    def __reduce__(self):
        # jieba's tokenizer holds a lock: pickle the user words and rebuild (for a cached or
        # shipped analysis).
        return (ChineseTokenizer, (sorted(self.user_words),))

    def add_word(self, word: str) -> None:
        word = word.replace("“", "").replace("”", "").strip()
        if len(word) > 1 and HAN_CHAR.search(word) and word not in self.user_words:
            if word not in self._jieba.FREQ or not self._jieba.FREQ[word]:
                self._jieba.add_word(word)  # the smallest frequency that keeps it whole
            self.user_words.add(word)
            self._cache = {}

    def words(self, piece: str) -> list[str]:
        """jieba's words of a piece of Han text, a Latin word as one (cached: documentation
        repeats itself)."""
        if not _LATIN_KEY.search(piece):
            return self._cut(piece)
        cut = self._cache.get(piece)
        if cut is None:
            cut = self._cache[piece] = [w for w, _, _ in self._spans(piece, 0)]
        return cut

    def _cut(self, text: str) -> list[str]:
        """jieba's words of *text* (no Latin word inside), 可 adjectives joined; cached."""
        cut = self._cache.get(text)
        if cut is None:
            if len(self._cache) > 500_000:
                self._cache.clear()
            cut = self._cache[text] = _join_able(self._jieba.lcut(text, HMM=False))
        return cut

    def _spans(self, piece: str, pos: int) -> list[tuple[str, int, int]]:
        """Words of a piece of a run with their spans: Latin words whole, the Han between
        them cut by jieba, spaces left out."""
        out: list[tuple[str, int, int]] = []
        at = 0
        for m in _LATIN_WORD.finditer(piece):
            out += self._han_spans(piece[at : m.start()], pos + at)
            out.append((m.group(), pos + m.start(), pos + m.end()))
            at = m.end()
        out += self._han_spans(piece[at:], pos + at)
        return out

    def _han_spans(self, text: str, pos: int) -> list[tuple[str, int, int]]:
        stripped = text.strip(" ")
        if not stripped:
            return []
        pos += len(text) - len(text.lstrip(" "))
        out = []
        for word in self._cut(stripped):
            out.append((word, pos, pos + len(word)))
            pos += len(word)
        return out

    def tokens(self, text: str) -> list[list[tuple[str, int, int]]]:
        """For each Han run of *text*, its words with their spans (quotes as their own words)."""
        runs = []
        for m in _RUN.finditer(text):
            toks: list[tuple[str, int, int]] = []
            pos = m.start()
            pieces = re.split("([“”])", m.group())
            for k, piece in enumerate(pieces):
                if not piece:
                    continue
                if piece in "“”":
                    toks.append((piece, pos, pos + 1))
                    pos += 1
                    continue
                quoted = 0 < k < len(pieces) - 1 and pieces[k - 1] == "“" and pieces[k + 1] == "”"
                if quoted and len(piece) <= 10 and not _LATIN_KEY.search(piece):
                    # A quoted name is one word: “爱达·魔都号”.
                    toks.append((piece, pos, pos + len(piece)))
                    pos += len(piece)
                    continue
                toks += self._spans(piece, pos)
                pos += len(piece)
            runs.append(toks)
        return runs


def _join_able(words: list[str]) -> list[str]:
    """可 (不可) and the verb after it as one word: the "-able" adjectives of technical Chinese
    (可迭代 iterable, 可调用 callable, 不可变 immutable) that jieba cuts as 可|迭代."""
    if not any(able in words for able in ABLE):
        return words
    tags = _tags()
    out: list[str] = []
    for word in words:
        if out and out[-1] in ABLE and _takes_able(word, tags.get(word)):
            out[-1] += word
        else:
            out.append(word)
    return out


def is_latin(word: str) -> bool:
    """Whether a word of Chinese text is written in Latin letters (lambda, API, f-)."""
    return _LATIN_TOKEN.fullmatch(word) is not None


def _tag(word: str) -> str | None:
    """jieba's tag of a word; a 可 adjective (可迭代, 可变) is one that also names a thing
    ("an": a callable, an iterable), not a verb taking an object (可变对象 is no clause)."""
    tag = _tags().get(word)
    if word not in ABLE and word.startswith(ABLE) and (tag is None or tag[0] == "v"):
        return "an"  # not 可是 "but" (c), 可乐 "cola" (n)
    if is_latin(word):
        return "eng"  # jieba's tag of a Latin word: a name (API, lambda), a noun
    return tag


def _takes_able(word: str, tag: str | None) -> bool:
    # A verb or a bound or foreign morpheme (选 of 可选, 哈希 "hash"), not a noun (可能 is
    # jieba's word already), function word or stop word (可使用, 可通过 stay apart).
    return (
        tag is not None
        and (tag[0] == "v" or tag in ("zg", "nrt"))
        and word not in STOPWORDS
        and not is_function_word(word)
    )


@functools.cache
def _tags() -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary words (read from its dict.txt, no model)."""
    tags: dict[str, str] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


# jieba's tags of characters that are no terms on their own: locatives, prepositions,
# conjunctions, particles, pronouns, adverbs, numerals, interjections, onomatopoeia, morphemes.
_NOT_SINGLE = ("f", "p", "c", "u", "r", "d", "m", "y", "e", "o", "z", "h", "k", "x", "w")


def is_function_word(word: str) -> bool:
    """A stop word or a word jieba tags as a preposition, conjunction, particle, pronoun,
    adverb or locative: 至, 的, 在 (not 器 or 式, which make words)."""
    tag = _tags().get(word) or ""
    return word in STOPWORDS or tag.startswith(("p", "c", "u", "r", "d", "f"))


def single_noun(char: str) -> bool:
    """Whether one Han character may be a term of its own (类, 锁, 包: jieba tags some of them
    as verbs or measure words, so only the tags that never name a thing rule one out)."""
    if len(char) != 1 or not ("\u4e00" <= char <= "\u9fff") or char in STOPWORDS:
        return False
    tag = _tags().get(char)
    return tag is None or not tag.startswith(_NOT_SINGLE)


def is_nominal(word: str) -> bool:
    """Whether jieba's tag of a word makes it a noun (a word it does not know counts as one)."""
    return _nominal(_tags().get(word))


def _nominal(tag: str | None) -> bool:
    # A word jieba does not know (a user word, 压舱石) counts as a noun, as in English.
    # A suffix makes a noun: 推导|式 ("comprehension"), 装饰|器.
    return tag is None or tag[0] == "n" or tag in ("vn", "an", "j", "i", "l", "eng", "k")


def termhood(words: list[str]) -> float:
    """How much a sequence of words looks like a term: a noun head, not a verb and its object.

    jieba tags many nominalised verbs as verbs (整合, 制造, 配置), so a verb may head a
    candidate after a modifier (专业化整合, 装备制造) but not stand alone (推进, 提升). A verb
    followed by a noun, anywhere, is a verb and its object (推进战略性重组, 实现高质量发展).
    """
    content = [w for w in words if w not in INNER]
    if not content or all(w in GENERIC_ORG for w in content):
        return 0.0
    tags = [_tag(w) for w in content]
    if len(tags) > 1 and tags[-1] == "q" and tags[-2] != "r" and not set(content[-2]) <= NUMERALS:
        tags[-1] = "n"  # a measure word after no numeral is a noun: 元类 "metaclass", 新式类
    last = tags[-1]
    if _nominal(last):
        score = 1.0
    elif last is not None and last[0] == "v":
        score = 0.8 if len(tags) > 1 and (_nominal(tags[-2]) or tags[-2] == "b") else 0.35
        if content[-2:-1] and (content[-2].endswith(_ORG_ENDINGS) or tags[-2] == "eng"):
            score = 0.35  # a name and its predicate: 中国水利电力对外有限公司划转, Cannon 实现
    elif last in ("b", "a", "ad"):
        score = 0.3  # 新兴, 国有, 积极: modifiers
    else:
        score = 0.2  # adverbs, numerals, measure words, pronouns, locatives
    if tags[0] == "p" or (len(tags) > 1 and last == "p"):
        score *= 0.2  # a preposition at an edge: 至国家电力投资集团
    # Inside a name a verb is part of it (国|能|生物发电集团有限公司); only one in front is not.
    pairs = (
        zip(tags[:2], tags[1:2], strict=False)
        if is_entity("".join(content))
        else zip(tags, tags[1:], strict=False)
    )
    for a, b in pairs:
        if a == "v" and (b is None or b[0] == "n" or b in ("b", "p", "j", "m", "eng")):
            score *= 0.35  # a clause inside: 有助于补强产业链关键环节
            break
    if "的" in words and (
        len(words) != 3 or words[1] != "的" or not _nominal(_tags().get(words[0]))
    ):
        # 的 joins phrases (结构调整的部署, 国计民生的重要行业); 党的二十大 is a word's word.
        score *= 0.5
    return score


def quoted_phrases(text: str) -> list[str]:
    """Phrases in Chinese quotation marks: “国家队”."""
    return _QUOTED.findall(text)


def _edge_ok(word: str) -> bool:
    if is_latin(word):
        return len(word) > 1  # not a variable's letter (x); f- of f-字符串 is a word
    return word not in STOPWORDS and bool(HAN_CHAR.match(word)) and not word.isdigit()


def candidates(
    tokenizer: ChineseTokenizer, text: str, max_words: int = MAX_WORDS
) -> list[Occurrence]:
    """Every candidate occurrence in one cleaned segment (single characters included)."""
    found: list[Occurrence] = []
    tags = _tags()
    for toks in tokenizer.tokens(text):
        words = [t for t in toks if t[0] not in "“”"]
        edge = [_edge_ok(w) for w, _, _ in words]
        latin = [is_latin(w) for w, _, _ in words]
        for i in range(len(words)):
            if not edge[i]:
                nxt = words[i + 1][0] if i + 1 < len(words) else ""
                opener = (
                    bool(nxt)
                    and edge[i + 1]
                    and (
                        (words[i][0] in OPENERS and _nominal(tags.get(nxt)))
                        or (words[i][0] in NUMERALS and (tags.get(nxt) or "").startswith("n"))
                    )
                )
                if not opener:
                    continue
            inner = 0
            name_only = False  # a name character inside: only a whole name may come out
            for j in range(i, len(words)):
                word = words[j][0]
                if j > i and not edge[j] and word not in INNER:
                    if word not in NAME_CHARS or inner:
                        break
                    name_only = True
                if word in INNER or (j > i and word in LEGAL_FORMS):
                    if name_only and word in INNER:
                        break
                    inner += 1  # 有限公司 ends a name without lengthening it
                if j - i + 1 - inner > max_words:
                    break
                if not edge[j]:
                    continue
                start, end = words[i][1], words[j][2]
                if end - start > MAX_CHARS:
                    break
                if name_only and not is_entity(text[start:end]):
                    continue
                surface = text[start:end]
                if "“" in surface or "”" in surface or (start and text[start - 1] == "“"):
                    surface, start, end = _balance(text, start, end)
                    if surface is None:
                        continue
                if (latin[i] or latin[j]) and not _mixed_ok(words[i : j + 1], latin[i : j + 1]):
                    continue
                key = _key(surface)
                found.append(Occurrence(key, start, end, j - i + 1 - inner))
    return found


def _key(surface: str) -> str:
    """A candidate's key: no quotes, no space beside a Latin word, width folded (ＡＰＩ, API)."""
    key = surface.replace("“", "").replace("”", "").replace(" ", "")
    return (
        key if key.isascii() or not _LATIN_KEY.search(key) else unicodedata.normalize("NFKC", key)
    )


def _mixed_ok(words: list[tuple[str, int, int]], latin: list[bool]) -> bool:
    """A Latin word at one edge of a Han term (lambda 表达式, 暂定 API), not Latin words
    alone or at both edges (Stinner 和 Erlend) nor one beside a single character (号 dest)."""
    if latin[0] and latin[-1]:
        return False
    han = [w for (w, _, _), is_latin in zip(words, latin, strict=True) if not is_latin]
    return any(w not in INNER for w in han) and sum(map(len, han)) > 1


def _balance(text: str, start: int, end: int) -> tuple[str | None, int, int]:
    """Widen a span by one quotation mark on a side if that pairs its quotes up."""
    surface = text[start:end]
    opens, closes = surface.count("“"), surface.count("”")
    if closes > opens and start and text[start - 1] == "“":
        start -= 1
    elif opens > closes and end < len(text) and text[end] == "”":
        end += 1
    surface = text[start:end]
    if surface.count("“") != surface.count("”") or "“" in surface[1:]:
        return None, start, end  # a quote opens only at the start: “十四五”规划, not 企业“国家队”
    if surface.startswith("“") and surface.endswith("”") and surface.count("“") == 1:
        return surface[1:-1], start + 1, end - 1
    return surface, start, end


def is_entity(term: str) -> bool:
    """An organisation's name: ends in 公司, 集团, 委员会 and the like."""
    return len(term) > 4 and term.endswith(_ORG_ENDINGS)


_ORG_ENDINGS = (
    "公司",
    "集团",
    "委员会",
    "银行",
    "大学",
    "研究院",
    "协会",
    "办公室",
    "国资委",
    "基金会",
)
