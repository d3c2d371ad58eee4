"""Dictionary evidence: CC-CEDICT parsing, phrase-pair coverage, and pairing one-off phrases."""

import pytest

from glossary.extract import analyse, dictionary, extract
from glossary.extract.model import Segment

CEDICT = """\
# CC-CEDICT sample
智能 智能 [zhi4 neng2] /intelligent/able/smart (phone, system, bomb etc)/
製造 制造 [zhi4 zao4] /to manufacture/to make/
數據 数据 [shu4 ju4] /data/numbers/digital/
存儲 存储 [cun2 chu3] /to store up/to stockpile/(computer) memory or storage/
國家隊 国家队 [guo2 jia1 dui4] /national team/
頂梁柱 顶梁柱 [ding3 liang2 zhu4] /pillar/backbone/
王 王 [Wang2] /surname Wang/
協同 协同 [xie2 tong2] /to cooperate/in coordination with/
優勢 优势 [you1 shi4] /superiority/dominance/advantage/
"""


@pytest.fixture
def lexicon(monkeypatch):
    """A small inline dictionary in place of the package's CC-CEDICT file."""
    lex = dictionary.Dictionary(
        {zh: keys for zh, keys in dictionary.parse_cedict(CEDICT.splitlines())}
    )
    monkeypatch.setattr(dictionary, "load", lambda: lex)
    return lex


def test_parse_cedict_reads_simplified_lemmatised_glosses():
    entries = dict(dictionary.parse_cedict(CEDICT.splitlines()))
    assert "制造" in entries and "製造" not in entries
    assert {"manufacture", "make"} <= entries["制造"].keys()
    assert "phone" not in entries["智能"]  # parenthetical notes are skipped
    assert "王" not in entries  # "surname Wang" says nothing about a term
    assert entries["国家队"]["team"] == 2  # the gloss it comes from has two words


def test_coverage_scores_phrase_pairs(lexicon):
    assert lexicon.coverage("smart manufacturing", "智能制造") == pytest.approx(1.0)
    assert lexicon.coverage("smart manufacturing", "协同优势") == 0.0
    # Unexplained characters and words lower the score.
    assert 0 < lexicon.coverage("backbone", "经济顶梁柱") < 1.0
    assert 0 < lexicon.coverage("smart manufacturing", "智能") < 1.0
    # A word explains a dictionary word only as far as its gloss goes.
    assert lexicon.coverage("team", "国家队") < lexicon.coverage("national team", "国家队")
    assert lexicon.coverage("data", "") == 0.0 and lexicon.coverage("of the", "数据") == 0.0


def test_a_character_inside_a_longer_word_counts_half_unless_it_is_the_head():
    lex = dictionary.Dictionary.from_pairs(
        [("新", "new"), ("能源", "energy"), ("国", "country"), ("国家队", "national team"),
         ("车", "vehicle"), ("汽车", "car")]
    )  # fmt: skip
    # 新 of 新能源 is no part of a longer dictionary word: it counts fully.
    assert lex.coverage("new energy", "新能源") == pytest.approx(1.0)
    # 国 "country" inside 国家队 is a character of another word: half, for itself only.
    assert lex.coverage("country", "国家队") == pytest.approx((0.5 * 0.5 / 3) ** 0.5)
    # 车 "vehicle" heads 汽车 ("car"): a car is a kind of vehicle, half for the whole word.
    assert lex.coverage("vehicle", "汽车") == pytest.approx(0.5)
    assert lex.coverage("new energy vehicles", "新能源汽车") == pytest.approx(
        ((1 + 1 + 0.5) / 3 * (1 + 2 + 0.5 + 0.5) / 5) ** 0.5
    )


def test_from_pairs_and_build(tmp_path):
    small = dictionary.Dictionary.from_pairs([("制造", "to manufacture"), ("智能", ["smart"])])
    assert small.coverage("smart manufacturing", "智能制造") == pytest.approx(1.0)
    path = tmp_path / "cedict.txt"
    path.write_text(CEDICT, encoding="utf-8")
    built = dictionary.build(str(path))
    assert built.coverage("data storage", "数据存储") > 0.8  # "storage" is one of two words


# One segment: word order differs, every pair co-occurs once, so only the dictionary can tell.
SEGMENT = Segment(
    "This formed synergistic advantages in fields such as smart manufacturing and data storage.",
    "此举在数据存储、智能制造等领域形成了协同优势。",
)


def _best(cands, key):
    return {c.key: c for c in cands}[key].translations[0].term


def test_one_off_phrase_pairs_by_dictionary_english_to_chinese(lexicon):
    analysis = analyse([SEGMENT], "en", "zh-CN")
    cands = extract([SEGMENT], "en", "zh-CN", top=None, analysis=analysis)
    assert _best(cands, "smart manufacturing") == "智能制造"
    assert _best(cands, "data storage") == "数据存储"
    t = {c.key: c for c in cands}["smart manufacturing"].translations[0]
    assert "linked" in t.evidence


def test_one_off_phrase_pairs_by_dictionary_chinese_to_english(lexicon):
    analysis = analyse([SEGMENT], "en", "zh-CN")
    cands = extract([SEGMENT], "en", "zh-CN", top=None, analysis=analysis, side="target")
    assert _best(cands, "智能制造") == "smart manufacturing"
    assert _best(cands, "数据存储") == "data storage"


def test_longer_rendering_needs_its_extra_words_explained(lexicon):
    seg = Segment("They are the backbone of the economy.", "它们是经济顶梁柱。")
    cands = extract([seg], "en", "zh-CN", top=None)
    assert _best(cands, "backbone") == "顶梁柱"


def test_without_the_dictionary_extraction_still_works(monkeypatch):
    monkeypatch.setattr(dictionary, "load", lambda: None)
    cands = extract([SEGMENT], "en", "zh-CN", top=None)
    assert {c.key for c in cands} >= {"smart manufacturing", "data storage"}


def test_missing_package_turns_the_feature_off(monkeypatch):
    monkeypatch.setattr(dictionary, "_source", lambda: None)
    dictionary.load.cache_clear()
    try:
        assert dictionary.load() is None
    finally:
        dictionary.load.cache_clear()


def test_numbers_abbreviations_and_legal_forms(lexicon):
    lex = dictionary.Dictionary.from_pairs(
        [("规划", "plan"), ("五", "five"), ("集团", "group/corporation"), ("整合", "to integrate")]
    )
    assert dictionary.numerals(14)[0] == "十四" and dictionary.numerals(20)[0] == "二十"
    # "14th" is explained by 十四, not left as an unexplained word "th".
    assert lex.coverage("14th five-year plan", "十四五规划") > lex.coverage(
        "five-year plan", "十四五规划"
    )
    assert lex.coverage("in 2023", "2023年") > 0.5
    assert lex.coverage("three gorges corp", "集团") > 0  # corp -> corporation
    assert lex.coverage("integration", "整合") == pytest.approx(1.0)  # integrate
    # A company's legal form needs no explaining, when a name comes before it.
    assert lex.coverage("huaneng group", "华能集团有限公司") == lex.coverage(
        "huaneng group", "华能集团"
    )


def test_verb_words_are_those_glossed_only_as_verbs():
    lines = CEDICT.splitlines() + [
        "深化 深化 [shen1 hua4] /to deepen/to intensify/",
        "謀劃 谋划 [mou2 hua4] /to plan/to scheme/scheme/plan/",
    ]
    verbs, senses = dictionary.verb_words(lines)
    assert "深化" in verbs and "制造" in verbs
    assert "谋划" not in verbs and "数据" not in verbs and "协同" not in verbs
    assert "谋划" in senses and "协同" in senses and "深化" in senses and "数据" not in senses


def test_abbreviations_and_clipped_words_in_names():
    lex = dictionary.Dictionary.from_pairs(
        [("生物", "biological"), ("党", "party"), ("企业", "enterprise"), ("集团", "group")]
    )
    assert lex.coverage("bio group", "生物集团") == pytest.approx(1.0)
    assert lex.coverage("CPC", "党") == pytest.approx(1.0)  # a one-character word
    assert lex.coverage("SOEs", "企业") > 0


def test_the_index_is_cached_once_and_older_versions_go(tmp_path, monkeypatch):
    source = tmp_path / "cedict.txt"
    source.write_text(CEDICT, encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    stale = cache_dir / "cedict-index-v1-1-1.pickle"
    stale.write_bytes(b"old")
    other = cache_dir / "jieba.cache"
    other.write_bytes(b"keep")
    # Another install's index of this version (other data file) stays.
    elsewhere = cache_dir / f"cedict-index-v{dictionary.INDEX_VERSION}-1-1.pickle"
    elsewhere.write_bytes(b"theirs")
    monkeypatch.setattr(dictionary, "_source", lambda: str(source))
    monkeypatch.setattr(dictionary, "user_cache_dir", lambda app: str(cache_dir))
    dictionary.load.cache_clear()
    try:
        built = dictionary.load()
        assert built is not None and "国家队" in built.entries
        assert not stale.exists() and other.exists() and elsewhere.exists()
        assert len(list(cache_dir.glob("cedict-index-*.pickle"))) == 2
        dictionary.load.cache_clear()
        assert dictionary.load().entries == built.entries  # read back from the cache
    finally:
        dictionary.load.cache_clear()


def test_a_latin_word_explains_itself_once():
    d = dictionary.Dictionary.from_pairs([("表达式", "expression"), ("测试", "test")])
    assert d.coverage("lambda expression", "lambda 表达式") == 1.0
    # "doctest" is one word of doctest测试: 测试 is left unexplained.
    assert 0.4 < d.coverage("doctest", "doctest测试") < 0.7
