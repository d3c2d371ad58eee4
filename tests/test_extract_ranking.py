"""Ranking: titles, general words round a phrase, and term pairs as specific both ways."""

import pytest

from glossary.extract import analyse, extract
from glossary.extract.chinese import ChineseTokenizer, termhood
from glossary.extract.markup import is_title
from glossary.extract.model import Segment
from glossary.extract.ranking import is_coordination, rank, shape

BODY = [
    ("The ministry met on Monday.", "部里周一开会。"),
    ("Market access matters to investors.", "市场准入对投资者很重要。"),
    ("Core functions and market access were discussed.", "会上讨论了核心功能和市场准入。"),
]


def test_a_title_is_one_short_line_that_does_not_end_as_a_sentence():
    assert is_title("SCIO press conference on boosting core functions")
    assert is_title("国新办就推动中央企业增强核心功能举行新闻发布会")
    assert not is_title("We held two ceremonies.") and not is_title("我们举行了两次仪式。")
    assert not is_title("Two sentences. Here") and not is_title("第一句。第二句")
    assert not is_title("") and not is_title("2024") and not is_title("x" * 300)


@pytest.mark.parametrize("side", ["source", "target"])
def test_the_candidates_of_a_document_title_get_a_title_hint(side):
    title = ("Press conference on core functions", "关于核心功能的新闻发布会")
    titled = analyse(
        [Segment(*title, file="a")] + [Segment(s, t, file="a") for s, t in BODY], "en", "zh-CN"
    )
    # The same text as a document's second segment is no title.
    untitled = analyse(
        [Segment(*BODY[0], file="a"), Segment(*title, file="a")]
        + [Segment(s, t, file="a") for s, t in BODY[1:]],
        "en",
        "zh-CN",
    )
    key = "核心功能" if side == "target" else "core function"
    got = {
        c.key: c
        for c in extract(titled.segments, "en", "zh-CN", top=None, analysis=titled, side=side)
    }
    plain = {
        c.key: c
        for c in extract(untitled.segments, "en", "zh-CN", top=None, analysis=untitled, side=side)
    }
    assert got[key].hints.get("title") == 1 and "title" not in plain[key].hints
    assert got[key].score > plain[key].score
    # A single word inside a longer candidate of the title is no title term of its own.
    part = "功能" if side == "target" else "function"
    hints = (titled.tgt if side == "target" else titled.src).hints
    assert hints[key]["title"] == 1 and hints[part]["title"] == 0


def test_a_general_word_or_a_name_round_a_phrase_is_a_wrapper():
    segments = [
        Segment("We work in the field of electronic information.", "我们从事电子信息领域的工作。"),
        Segment("It is a subsidiary of China Three Gorges Corp.", "它是中国长江三峡集团的子公司。"),
        Segment("It protects the lifeline of the national economy.", "它保护国民经济命脉。"),
    ]
    analysis = analyse(segments, "en", "zh-CN")
    src = analysis.src
    assert shape(src, "field of electronic information") < 0.5  # "field" is a general word
    assert shape(src, "subsidiary of china three gorges corp") < 0.5  # round a name
    assert shape(src, "lifeline of the national economy") == 1.0  # a specific word heads it


def test_an_adjective_before_a_verb_makes_a_verb_phrase_not_a_compound():
    tok = ChineseTokenizer()
    assert termhood(tok.words("稳妥推进")) < 0.5  # a: "advance steadily"
    assert termhood(tok.words("装备制造")) >= 0.8  # n + v: "equipment manufacturing"


def test_a_term_pair_is_as_specific_in_one_language_as_in_the_other():
    segments = [Segment(s, t) for s, t in BODY] + [
        Segment("Market access is open.", "市场准入已经开放。")
    ]
    analysis = analyse(segments, "en", "zh-CN")
    en = {c.key: c for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis)}
    zh = {
        c.key: c
        for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis, side="target")
    }
    pair_en, pair_zh = en["market access"], zh["市场准入"]
    assert pair_en.translations[0].term == "市场准入"
    assert pair_zh.translations[0].term.lower() == "market access"
    assert pair_en.factors["specificity"] == pytest.approx(pair_zh.factors["specificity"])
    # Monolingual ranking keeps each language's own specificity.
    own = {r.key: r for r in rank(analysis, analysis.src)}
    assert own["market access"].factors["specificity"] != pytest.approx(
        pair_en.factors["specificity"]
    )


def test_a_coordinator_is_a_word_of_its_own():
    analysis = analyse(
        [Segment("capital and SOEs, a sum", "国有资本和中央企业，总和，参与")], "en", "zh-CN"
    )
    assert is_coordination(analysis.tgt, "国有资本和中央企业")
    assert is_coordination(analysis.tgt, "顶梁柱、压舱石")
    assert not is_coordination(analysis.tgt, "总和") and not is_coordination(analysis.tgt, "参与")
    assert is_coordination(analysis.src, "capital and soe") and not is_coordination(
        analysis.src, "sum"
    )


def test_a_suffix_heads_a_noun():
    tok = ChineseTokenizer()
    assert tok.words("列表推导式")[-1] == "式"
    assert termhood(tok.words("列表推导式")) == 1.0  # "list comprehension"


def test_a_compound_noun_shown_by_its_rendering_in_both_directions():
    pairs = [
        ("The import path is searched.", "搜索导入路径。"),
        ("Set the import path first.", "先设置导入路径。"),
        ("An import path may be empty.", "导入路径可以为空。"),
        ("Return the value.", "返回该值。"),
        ("Return the result.", "返回结果。"),
    ]
    segments = [Segment(s, t) for s, t in pairs]
    analysis = analyse(segments, "en", "zh-CN")
    assert termhood(analysis.tgt.rules.words("导入路径")) < 0.5  # 导入 is tagged a verb
    zh = {
        c.key: c
        for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis, side="target")
    }
    en = {c.key: c for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis)}
    assert zh["导入路径"].translations[0].term == "import path"
    assert "compound shown" in zh["导入路径"].factors
    assert en["import path"].translations[0].term == "导入路径"
    assert en["import path"].factors["rendering shape"] == pytest.approx(1.0)
    # One verb rendered by one word stays a verb: no compound to show.
    assert "返回" not in zh or "compound shown" not in zh["返回"].factors


def _single_char_corpus():
    pairs = [
        ("Define a class here.", "在这里定义一个类。"),
        ("The class has a lock.", "这个类有一个锁。"),
        ("Release the lock of the class.", "释放类的锁。"),
        ("Each parameter of the class.", "类的每个形参。"),
        ("A parameter is a name.", "形参是一个名称。"),
        ("Pass the parameter to the lock.", "把形参传给锁。"),
    ]
    return [Segment(s, t) for s, t in pairs]


def test_a_single_character_is_a_term_when_one_english_word_renders_it():
    segments = _single_char_corpus()
    analysis = analyse(segments, "en", "zh-CN")
    assert analysis.tgt.rules.words("形参") == ["形", "参"]  # jieba cuts it
    zh = {
        c.key: c
        for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis, side="target")
    }
    assert zh["类"].translations[0].term == "class" and zh["锁"].translations[0].term == "lock"
    assert "参" not in zh and "形" not in zh  # pieces of a word jieba cut
    # English to Chinese, single characters render English words as before.
    en = {c.key: c for c in extract(segments, "en", "zh-CN", top=None, analysis=analysis)}
    assert en["class"].translations[0].term == "类"


def test_a_single_character_known_only_as_a_verb_is_no_term():
    pairs = [
        ("Skip the class.", "跳过这个类。"),
        ("Skip the lock.", "跳锁。"),
        ("Skip a class with a lock.", "跳带锁的类。"),
        ("The class has a lock.", "这个类有一个锁。"),
    ]
    segments = [Segment(s, t) for s, t in pairs]
    zh = {c.key: c for c in extract(segments, "en", "zh-CN", top=None, side="target")}
    assert "类" in zh and "锁" in zh
    assert "跳" not in zh  # CC-CEDICT: "to jump; to hop; to skip over", verbs only


def test_no_single_character_without_a_rendering():
    segments = [Segment(t) for t in ("这个类有一个锁。", "释放类的锁。", "类的锁。")]
    found = {c.key for c in extract(segments, "zh-CN", top=None)}
    assert found and all(len(k) > 1 for k in found)


def test_a_chinese_key_nearly_always_one_character_short_is_a_piece():
    texts = [f"第{i}个例子使用装饰器函数。" for i in range(5)] + ["转至中国交通建设集团。"] * 5
    analysis = analyse([Segment(t) for t in texts], "zh-CN")
    assert analysis.src.rules.words("装饰器") == ["装饰", "器"]  # jieba cuts the word
    ranked = {r.key: r for r in rank(analysis, analysis.src)}
    assert ranked["装饰"].factors["shape"] < ranked["装饰器"].factors["shape"]
    # A function word in front is no part of the word: 至 of 至中国交通建设集团.
    assert (
        ranked["中国交通建设集团"].factors["shape"] >= ranked["至中国交通建设集团"].factors["shape"]
    )
