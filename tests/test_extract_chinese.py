import functools

from glossary.extract.chinese import ChineseTokenizer, candidates, termhood


@functools.cache
def tokenizer(*words):
    return ChineseTokenizer(words)


def keys(tok, text):
    return [o.key for o in candidates(tok, text)]


def test_user_dictionary_keeps_a_term_whole():
    plain = [w for run in tokenizer().tokens("使用装饰器") for w, _, _ in run]
    assert plain == ["使用", "装饰", "器"]
    with_term = [w for run in tokenizer("装饰器").tokens("使用装饰器") for w, _, _ in run]
    assert with_term == ["使用", "装饰器"]
    assert "装饰" not in keys(tokenizer("装饰器"), "使用装饰器")


def test_quoted_phrases_and_names():
    found = keys(
        tokenizer(), "发挥中央企业“国家队”作用，“十四五”规划，首艘国产大型邮轮“爱达·魔都号”成功"
    )
    assert "国家队" in found and "十四五规划" in found and "爱达·魔都号" in found
    assert "中央企业国家队" not in found  # a quote opens only at the start of a candidate


def test_function_words_not_at_the_edges_but_de_inside():
    found = keys(tokenizer(), "贯彻落实党的二十大的部署")
    assert "党的二十大" in found
    assert not any(k.startswith("的") or k.endswith("的") for k in found)


def test_a_legal_form_does_not_count_towards_the_word_limit():
    found = keys(tokenizer(), "推动中国电子信息产业发展集团有限公司划转")
    assert "中国电子信息产业发展集团有限公司" in found  # five words and the legal form


def test_legal_forms_and_prepositions_are_not_terms():
    from glossary.extract.chinese import termhood

    words = tokenizer().words
    assert termhood(words("集团有限公司")) == 0.0
    assert termhood(words("至国家电力投资集团")) < 0.5
    assert termhood(words("国家电力投资集团")) == 1.0


def test_new_opens_a_term_before_a_noun_only():
    assert "新动能" in keys(tokenizer(), "着力培育新动能")
    assert "新" not in keys(tokenizer(), "着力培育新动能")
    assert keys(tokenizer(), "新的对象") == ["对象"]


def test_a_name_may_hold_characters_that_stand_alone_as_function_words():
    # jieba cuts 国|能 here; 能 alone is a modal verb, inside a name it is "energy".
    text = "推动国家电网有限公司所属的国能生物发电集团有限公司划转至"
    found = keys(tokenizer(), text)
    assert "国能生物发电集团有限公司" in found and "国家电网有限公司" in found
    assert not any(k.startswith("能") for k in found)
    assert "所属的国能生物发电集团有限公司" not in found  # no 的 inside a name
    assert termhood(tokenizer().words("国能生物发电集团有限公司")) == 1.0
    assert termhood(tokenizer().words("推动中国华能集团有限公司")) < 0.5  # a verb in front


def test_a_verb_before_an_abbreviation_or_a_number_is_a_clause():
    assert termhood(tokenizer().words("增强研发")) < 0.5
    assert termhood(tokenizer().words("举行两次集中签约仪式")) < 0.5
    assert termhood(tokenizer().words("国计民生的重要行业")) < termhood(["国计民生"])
    assert termhood(tokenizer().words("党的二十大")) == 1.0


def test_tokenizer_pickles_with_its_user_words():
    import pickle

    tok = pickle.loads(pickle.dumps(ChineseTokenizer(["装饰器"])))
    assert tok.words("使用装饰器") == ["使用", "装饰器"]


def test_ke_and_a_verb_make_one_adjective():
    # 可 + verb is the "-able" of technical Chinese: 可迭代 "iterable", not 可|迭代.
    tok = tokenizer()
    assert tok.words("可迭代对象") == ["可迭代", "对象"]
    assert tok.words("不可变对象") == ["不可变", "对象"]
    assert tok.words("是可哈希的") == ["是", "可哈希", "的"]
    assert "可迭代对象" in keys(tok, "接受一个可迭代对象")
    assert termhood(tok.words("可变对象")) == 1.0  # an adjective and its noun, not a clause
    # 可 before a stop word or a preposition stays apart: "can use", "can pass through".
    assert tok.words("可使用该方法") == ["可", "使用", "该", "方法"]
    assert "可通过" not in keys(tok, "可通过参数设置")


def test_a_latin_word_joins_the_han_term_it_stands_at():
    # Technical Chinese writes names and keywords in Latin letters inside terms.
    tok = tokenizer()
    assert "lambda表达式" in keys(tok, "在 lambda 表达式中")
    assert "f-字符串" in keys(tok, "一个 f-字符串，由")
    assert keys(tok, "这是一个暂定 API。") == keys(
        tok, "这是一个暂定API。"
    )  # one key, spaced or not
    assert "暂定API" in keys(tok, "这是一个暂定 API。")
    # Code, a variable's letter, names alone or coordinated, a name and its verb: no terms.
    assert not any("os" in k or "join" in k for k in keys(tok, "调用 os.path.join 函数"))
    assert not any("x" in k for k in keys(tok, "如果 x 参数为真"))
    assert "Stinner和Erlend" not in keys(tok, "由 Stinner 和 Erlend 提供")
    assert "号dest" not in keys(tok, "号 dest 参数")
    assert termhood(tok.words("Coghlan撰写")) < 0.5
    assert "NickCoghlan撰写" not in keys(tok, "由 Nick Coghlan 撰写")


def test_latin_words_of_any_script_width_or_quoting():
    tok = tokenizer()
    assert "lambda表达式" in keys(tok, "使用“lambda表达式”时")  # quoted
    assert "API规范" in keys(tok, "即“API 规范”")
    assert "f-字符串" in keys(tok, "称为“f-字符串”的字面值")
    assert "Zürich大学" in keys(tok, "位于 Zürich 大学")  # not cut at the ü: rich大学
    assert not any(k.startswith("rich") for k in keys(tok, "位于 Zürich 大学"))
    assert "naïve算法" in keys(tok, "一种 naïve 算法")
    assert keys(tok, "这是一个暂定ＡＰＩ。") == keys(tok, "这是一个暂定 API。")  # width folded
    # Code handed to words() is cut, not looped over.
    assert tok.words("os.path") and tok.words("__init__表达式")[-1] == "表达式"


def test_only_the_ke_words_that_are_adjectives_become_them():
    from glossary.extract.chinese import _tag

    assert _tag("可迭代") == "an" and _tag("可变") == "an"
    assert _tag("可是") == "c"  # "but"
    assert _tag("不可") == "v"  # "must not": the prefix alone is no adjective
    assert termhood(tokenizer().words("可是")) < 0.5


def test_a_numeral_before_a_noun_makes_a_word_before_a_measure_word_a_quantity():
    tok = tokenizer()
    assert "三引号字符串" in keys(tok, "使用三引号字符串")  # "triple-quoted string"
    assert "三个" not in keys(tok, "返回三个值") or termhood(tok.words("三个")) < 0.5
    assert keys(tok, "三") == [] and keys(tok, "新") == []  # a lone opener ends the run
    # A measure word after a word that is no numeral is a noun: 元类 "metaclass".
    assert termhood(tok.words("元类")) == 1.0 and termhood(tok.words("新式类")) == 1.0
    assert termhood(tok.words("这类")) < 0.5


def test_han_beyond_the_basic_plane_is_han():
    # 𠮷 (U+20BB7) is a Han character, not a one-letter Latin word cutting the name.
    from glossary.extract.chinese import is_latin

    assert "𠮷野家" in keys(tokenizer(), "𠮷野家的牛肉饭") and not is_latin("𠮷")
