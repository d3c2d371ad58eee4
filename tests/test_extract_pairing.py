"""Pairing in both directions, the multi-rendering flag, and the seed pair."""

import functools
from pathlib import Path

from glossary.extract import analyse, extract
from glossary.extract.corpus import load

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SEEDS = Path(__file__).parent.parent / "seeds"


@functools.cache
def python_terms():
    segments = load([FIXTURES / "python_terms.tsv"], "en", "zh-CN")
    return analyse(segments, "en", "zh-CN")


@functools.cache
def seed():
    texts = [
        SEEDS / "sasac-soe-press-conference-2024.en.txt",
        SEEDS / "sasac-soe-press-conference-2024.zh-CN.txt",
    ]
    return analyse(load(texts, "en", "zh-CN"), "en", "zh-CN")


def analyse_rows(tmp_path, rows):
    """The analysis of aligned (English, Chinese) rows, read as a TSV file."""
    tsv = tmp_path / "rows.tsv"
    tsv.write_text("".join(f"{en}\t{zh}\n" for en, zh in rows), encoding="utf-8")
    return analyse(load([tsv], "en", "zh-CN"), "en", "zh-CN")


def by_key(analysis, side="source"):
    return {
        c.key: c
        for c in extract(analysis.segments, "en", "zh-CN", top=None, analysis=analysis, side=side)
    }


def best(cand):
    return cand.translations[0].term.replace("“", "").replace("”", "")


def test_english_to_chinese_prefers_the_longer_rendering():
    cands = by_key(python_terms())
    assert best(cands["decorator"]) == "装饰器"
    assert best(cands["context manager"]) == "上下文管理器"
    assert best(cands["iterator"]) == "迭代器"
    t = cands["context manager"].translations[0]
    assert t.count == 3 and 0 < t.score <= 1 and t.examples


def test_chinese_to_english():
    cands = by_key(python_terms(), side="target")
    assert cands["上下文管理器"].translations[0].term == "context manager"
    assert cands["装饰器"].translations[0].term == "decorator"


def test_several_renderings_are_flagged_with_counts():
    flag = by_key(python_terms())["descriptor"].renderings_flag
    assert flag == {"描述器": 4, "描述符": 3}
    assert by_key(python_terms())["decorator"].renderings_flag is None


def test_seed_terms_that_occur_once_are_reachable():
    cands = by_key(seed())
    assert best(cands["national team"]) == "国家队"
    assert "quote" in cands["national team"].translations[0].evidence
    assert best(cands["professional integration"]) == "专业化整合"
    assert best(cands["ballast"]) == "压舱石"
    assert cands["ballast"].frequency == 1


def test_seed_chinese_to_english():
    cands = by_key(seed(), side="target")
    assert cands["国家队"].translations[0].term == "national team"
    assert cands["压舱石"].translations[0].term == "ballast"
    assert cands["专业化整合"].translations[0].term == "professional integration"


def test_seed_backbone():
    # "backbone and ballast" / 顶梁柱、压舱石: 经济顶梁柱, seen once, does not take the place of
    # 顶梁柱, since the dictionary does not explain its extra word.
    assert best(by_key(seed())["backbone"]) == "顶梁柱"


def test_entities_are_typed():
    cands = by_key(seed())
    assert cands["china three gorges corp"].type == "entity"
    assert cands["national team"].type == "term"


def test_seed_fragments_yield_to_the_whole_phrase():
    cands = extract(seed().segments, "en", "zh-CN", top=60, analysis=seed())
    keys = [c.key for c in cands]
    # "development capabilities" only occurs in "research and development capabilities";
    # "coordinated regional" only before "development": fragments, not terms.
    assert "development capability" not in keys and "coordinated regional" not in keys
    # A single word yields only to a phrase of one head, not to a coordination.
    assert "ballast" in keys
    # Ordinals stay with their names and explain the rendering.
    assert best(next(c for c in cands if c.key == "14th five year plan")) == "十四五规划"
    assert best(next(c for c in cands if c.key == "20th cpc national congress")) == "党的二十大"


def test_seed_chinese_names_and_rare_words_rank_high():
    cands = extract(seed().segments, "en", "zh-CN", top=60, analysis=seed(), side="target")
    keys = [c.key for c in cands]
    # A bare legal form is no name; a part of a name seen only inside it is no term.
    assert "集团有限公司" not in keys and "长江三峡集团有限公司" not in keys
    assert "中国长江三峡集团有限公司" in keys
    # A rare Chinese word rendered by a rare English word is a term both ways (SASAC).
    assert "国资委" in keys and "压舱石" in keys
    # A verb and its object (实现高质量发展) does not swallow the term inside it.
    assert "高质量发展" in keys


def test_english_keys_contain_their_parts_by_lemma():
    from glossary.extract.pairing import _contains

    assert _contains("core functions and competence", "core function", cjk=False)
    assert _contains("state owned capital", "capital", cjk=False)
    assert not _contains("core function", "core functions and competence", cjk=False)
    assert not _contains("decorators", "decorator", cjk=False)  # the same key, not a part
    assert _contains("上下文管理器", "上下文", cjk=True)


def test_seed_modifier_and_fragment_renderings_yield_to_the_whole_phrase():
    cands = by_key(seed(), side="target")
    # "new growth" always goes on with "drivers"; "people's livelihood" only occurs inside
    # "national economy and people's livelihood".
    assert cands["新动能"].translations[0].term == "new growth drivers"
    assert cands["国计民生"].translations[0].term == "national economy and people's livelihood"


def test_seed_one_line_per_concept():
    keys = [c.key for c in extract(seed().segments, "en", "zh-CN", top=60, analysis=seed())]
    # "core functions and competence" renders 核心功能 as "core functions" does, and the
    # dictionary explains "core functions" better: one line for the concept.
    assert "core function" in keys and "core functions and competence" not in keys
    zh = [
        c.key
        for c in extract(seed().segments, "en", "zh-CN", top=60, analysis=seed(), side="target")
    ]
    # 创新驱动发展战略 is 创新驱动发展 with an extra word the English leaves out.
    assert "创新驱动发展" in zh and "创新驱动发展战略" not in zh
    # Terms joined, rendered as terms joined, are two terms.
    assert "国有资本和中央企业" not in zh and "国有资本" in zh


def test_seed_explains_its_scores():
    cand = by_key(seed())["ballast"]
    assert {"cvalue", "specificity", "shape", "rendering", "unit"} <= set(cand.factors)
    assert cand.to_dict()["factors"]["unit"] > 1


def test_seed_names_render_as_full_names_both_ways():
    en = by_key(seed())
    assert best(en["china huaneng group"]) == "中国华能集团有限公司"  # the registered name
    assert best(en["china three gorges corp"]) == "中国长江三峡集团有限公司"
    zh = by_key(seed(), side="target")
    assert best(zh["国家电网有限公司"]) == "State Grid Corporation of China"


def test_seed_one_term_renders_as_one_term_not_as_terms_joined():
    # "improve the layout of the state-owned sector and adjust its structure": 国有经济布局优化和
    # 结构调整 joins two changes; the term is one of them.
    got = best(by_key(seed())["layout of the state owned sector"])
    assert got.startswith("国有经济布局") and "和" not in got


def test_ke_adjectives_pair_with_english_able_words_both_ways(tmp_path):
    rows = [
        ("Return an iterator over the iterable.", "返回可迭代对象的迭代器。"),
        ("The argument must be an iterable.", "参数必须是一个可迭代对象。"),
        ("Convert an iterable into a list.", "将可迭代对象转换为列表。"),
        ("The iterator is exhausted.", "该迭代器已耗尽。"),
        ("Keys must be hashable.", "键必须是可哈希的。"),
        ("Only hashable objects can be keys.", "只有可哈希的对象才能作为键。"),
    ]
    analysis = analyse_rows(tmp_path, rows)
    en = by_key(analysis)
    assert best(en["iterable"]) == "可迭代对象"
    assert best(en["hashable"]) == "可哈希"
    zh = by_key(analysis, side="target")
    assert best(zh["可迭代对象"]) == "iterable"


def test_terms_with_a_latin_word_pair_both_ways(tmp_path):
    rows = [
        ("A lambda expression creates a function.", "lambda 表达式会创建一个函数。"),
        ("The body of a lambda expression is one expression.", "lambda 表达式的主体是一个表达式。"),
        ("Lambda expressions cannot hold statements.", "lambda 表达式不能包含语句。"),
        ("An expression returns a value.", "表达式返回一个值。"),
        ("Use an f-string to format values.", "使用 f-字符串格式化值。"),
        ("An f-string is a string literal.", "f-字符串是一种字符串字面值。"),
    ]
    analysis = analyse_rows(tmp_path, rows)
    en = by_key(analysis)
    assert best(en["lambda expression"]) == "lambda 表达式"  # as the text writes it
    assert best(en["f string"]).replace(" ", "") == "f-字符串"
    zh = by_key(analysis, side="target")
    assert best(zh["lambda表达式"]).lower() == "lambda expression"


def test_a_verb_and_a_latin_name_is_no_compound_noun():
    from glossary.extract.pairing import compound_noun

    analysis = python_terms()
    # 导入路径 "import path" is a compound noun; 安装 Python "installing Python" a verb and its
    # object, however well the dictionary explains the pair.
    assert compound_noun(analysis.tgt, "导入路径", 1.0)
    assert not compound_noun(analysis.tgt, "安装Python", 1.0)


def test_a_chinese_term_shows_as_most_writers_write_it(tmp_path):
    rows = [("Each lambda expression.", "每个lambda表达式。")] + [
        ("A lambda expression.", "一个 lambda 表达式。")
    ] * 3  # the first example is written without the space
    analysis = analyse_rows(tmp_path, rows)
    zh = by_key(analysis, side="target")
    assert zh["lambda表达式"].term == "lambda 表达式" and zh["lambda表达式"].frequency == 4
    assert by_key(analysis)["lambda expression"].translations[0].term == "lambda 表达式"


def test_a_chinese_phrase_quoting_the_english_term_is_no_rendering_of_it(tmp_path):
    rows = [
        ("A namespace portion is a directory.", "命名空间 portion 是一个目录。"),
        ("Each portion holds modules.", "每个部分都包含模块。"),
        ("The portion is found on the path.", "该部分在路径上找到。"),
        ("Find the namespace portion.", "找到命名空间 portion。"),
    ]
    analysis = analyse_rows(tmp_path, rows)
    en = by_key(analysis)
    assert en["portion"].translations
    assert "portion" not in "".join(t.term for t in en["portion"].translations)
    # Chinese to English: the quoted word does not render the phrase quoting it.
    zh = by_key(analysis, side="target")
    assert all(t.term.lower() != "portion" for t in zh["命名空间portion"].translations)


def test_a_latin_word_the_english_term_lacks_rules_a_rendering_out(tmp_path):
    rows = [
        ("The Python interpreter runs code.", "Python 解释器运行代码。"),
        ("Start the Python interpreter.", "启动 Python 解释器。"),
        ("An interpreter reads programs.", "解释器读取程序。"),
        ("Each interpreter has a state.", "每个解释器都有一个状态。"),
    ]
    analysis = analyse_rows(tmp_path, rows)
    en = by_key(analysis)
    assert best(en["interpreter"]) == "解释器"
    assert all("Python" not in t.term for t in en["interpreter"].translations)
    assert best(en["python interpreter"]) == "Python 解释器"
    # Chinese to English: 解释器 is "interpreter", not the phrase with a name it lacks.
    assert by_key(analysis, side="target")["解释器"].translations[0].term == "interpreter"


def test_chinese_in_brackets_after_a_latin_word_of_chinese_text_is_no_english(tmp_path):
    rows = [
        ("Bitwise OR of the flags.", "标志的按位 OR（非异或）。"),
        ("Bitwise OR returns an int.", "按位 OR（非异或）返回整数。"),
    ]
    analysis = analyse_rows(tmp_path, rows)
    assert not any(
        any("\u4e00" <= ch <= "\u9fff" for ch in s_key) for s_key, _ in analysis.evidence
    )
    from glossary.extract.ranking import corpus_tokens, specificity

    # A rendering known only from evidence has no count: its specificity is still a number.
    assert specificity(analysis.src, "never seen", corpus_tokens(analysis.src)) > 0
