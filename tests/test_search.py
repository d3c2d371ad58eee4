"""Fuzzy lookup and concordance over a store, in both directions."""

from __future__ import annotations

import pytest

from tests.roundtrip_suite import pair
from tm.search import Memory
from tm.store import SQLiteStore
from tm.unit import TranslationUnit, Variant

UNITS = [
    pair("We will vigorously promote professional integration.", "我们将大力推进专业化整合。"),
    pair("Central SOEs act as the national team.", "中央企业发挥国家队作用。"),
    pair(
        "We held 2 signing ceremonies for 25 key projects.",
        "我们举办了2场签约仪式，涉及25个重点项目。",
    ),
    pair("the backbone and ballast of the economy", "经济的顶梁柱、压舱石"),
    pair("Thank you.", "谢谢。"),
    pair("积分", "integral"),
    pair("累积分布", "cumulative distribution"),
    pair("Open", "打开", context="menu"),
    pair("Open", "开放", context="adjective"),
]


@pytest.fixture
def memory(db_path):
    store = SQLiteStore(db_path)
    with store.transaction():
        store.add_units(UNITS)
    yield Memory(store)
    store.close()


def test_exact_and_fuzzy_english_to_chinese(memory: Memory) -> None:
    (best, *_) = memory.lookup(
        "We will vigorously promote professional integration!", "en", "zh-CN"
    )
    assert best.target == "我们将大力推进专业化整合。"
    assert 90 <= best.score < 100
    exact = memory.lookup("Thank you.", "en", "zh-CN")[0]
    assert (exact.score, exact.target, exact.differences) == (100.0, "谢谢。", [])


def test_chinese_to_english_full_width_folds(memory: Memory) -> None:
    best = memory.lookup("中央企业发挥国家队作用.", "zh-CN", "en")[0]
    assert best.score == 100.0 and best.target == "Central SOEs act as the national team."
    assert best.differences == ["formatting"]


def test_match_that_differs_only_in_numbers_says_so(memory: Memory) -> None:
    best = memory.lookup("We held 3 signing ceremonies for 31 key projects.", "en", "zh-CN")[0]
    assert best.differences == ["numbers"] and best.score < 100
    zh = memory.lookup("我们举办了7场签约仪式，涉及12个重点项目。", "zh-CN", "en")[0]
    assert zh.differences == ["numbers"]


def test_match_that_differs_only_in_tags_says_so(db_path) -> None:
    unit = TranslationUnit(
        [
            Variant("en", "Click here", markup='Click <ph x="1">&lt;br/&gt;</ph>here'),
            Variant("zh-CN", "点击这里"),
        ]
    )
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([unit])
        best = Memory(store).lookup("Click here", "en", "zh-CN")[0]
    assert best.score == 100.0 and best.differences == ["tags"]


def test_context_ranks_in_context_match_first(memory: Memory) -> None:
    assert memory.lookup("Open", "en", "zh-CN", context="adjective")[0].target == "开放"
    assert memory.lookup("Open", "en", "zh-CN", context="menu")[0].target == "打开"


def test_min_score_and_limit(memory: Memory) -> None:
    assert memory.lookup("something entirely different", "en", "zh-CN") == []
    assert len(memory.lookup("Open", "en", "zh-CN", limit=1)) == 1


def test_language_subtag_request(memory: Memory) -> None:
    assert memory.lookup("Thank you.", "en", "zh")[0].target == "谢谢。"


def test_index_persists_and_new_units_are_found_before_a_rebuild(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(UNITS)
        Memory(store).refresh()
    index_dir = db_path.parent / "concord.db.index" / "en"
    assert (index_dir / "manifest.json").exists()
    mtime = (index_dir / "manifest.json").stat().st_mtime_ns
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(
                [pair("A brand new sentence about ballast.", "一个关于压舱石的新句子。")]
            )
        memory = Memory(store)
        assert memory.lookup("A brand new sentence about ballast.", "en", "zh-CN")[0].score == 100
    # A small addition is searched from the delta; the saved index was not rebuilt.
    assert (index_dir / "manifest.json").stat().st_mtime_ns == mtime


def test_deletion_invalidates_the_index(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(UNITS)
        Memory(store).refresh()
        store.delete_units([1])
        assert (
            Memory(store).lookup(
                "We will vigorously promote professional integration.", "en", "zh-CN"
            )
            == []
        )


def test_concordance_chinese_short_queries(memory: Memory) -> None:
    lines = memory.concordance("压舱石")
    assert [(line.text, line.partner_text) for line in lines] == [
        ("经济的顶梁柱、压舱石", "the backbone and ballast of the economy")
    ]
    line = lines[0]
    assert line.text[line.start : line.end] == "压舱石"
    one = memory.concordance("队")
    assert [line.text for line in one] == ["中央企业发挥国家队作用。"]
    # A substring match in Chinese is reported wherever it occurs (this is concordance,
    # not term recognition): 积分 occurs in 累积分布 as characters.
    assert {line.text for line in memory.concordance("积分")} == {"积分", "累积分布"}


def test_concordance_finds_a_character_between_spaces(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([pair("the list of it", "Python 的 list"), pair("a b c", "甲 乙 丙")])
        memory = Memory(store)
        assert [line.text for line in memory.concordance("的")] == ["Python 的 list"]
        assert [line.text for line in memory.concordance("乙")] == ["甲 乙 丙"]
        assert [line.text for line in memory.concordance("b c")] == ["a b c"]


def test_concordance_english_word_start(memory: Memory) -> None:
    lines = memory.concordance("national team")
    assert len(lines) == 1 and lines[0].partner_text == "中央企业发挥国家队作用。"
    assert memory.concordance("ational") == []  # does not start inside a word
    assert len(memory.concordance("integrat")) == 1  # may end inside one
    assert [line.lang for line in memory.concordance("ballast", ["en"])] == ["en"]
    assert memory.concordance("ballast", ["zh-CN"]) == []


def test_concordance_maps_width_folded_hits_to_the_original(db_path) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units([pair("Ｎｏ． ２０２４ report", "第２０２４号报告")])
        (line,) = Memory(store).concordance("no. 2024")
    assert line.text[line.start : line.end] == "Ｎｏ． ２０２４"


# Every origin of a match ---------------------------------------------------------------------


def _from_two_files(src_lang: str, tgt_lang: str, source: str, target: str) -> list:
    """The same pair read from a.po and b.po, then a re-import of both (which adds nothing)."""
    return [
        pair(source, target, src_lang, tgt_lang, origin_file=name, origin_line=line)
        for name, line in (("a.po", 5), ("b.po", 8)) * 2
    ]


@pytest.mark.parametrize(
    ("src", "tgt", "source", "target"),
    [("en", "zh-CN", "ballast stone", "压舱石"), ("zh-CN", "en", "压舱石", "ballast stone")],
)
def test_attach_origins_lists_every_file_first_origin_first(db_path, src, tgt, source, target):
    with SQLiteStore(db_path) as store:
        with store.transaction():
            result = store.add_units(_from_two_files(src, tgt, source, target))
        assert (result.added, result.duplicates) == (1, 3)
        memory = Memory(store)
        (match,) = memory.lookup(source, src, tgt)
        assert match.origins == []  # a lookup alone does not pay for them
        memory.attach_origins([match])
        assert match.origin == "a.po:5"  # unchanged: the first origin
        assert match.origins == ["a.po:5", "b.po:8"]
        assert match.to_json()["origins"] == ["a.po:5", "b.po:8"]
        (line,) = memory.concordance(source, [src])
        memory.attach_origins([line])
        assert (line.origin, line.origins) == ("a.po:5", ["a.po:5", "b.po:8"])
        assert line.to_json()["origins"] == ["a.po:5", "b.po:8"]


def test_attach_origins_asks_the_store_once_for_a_batch(db_path) -> None:
    units = [
        *_from_two_files("en", "zh-CN", "ballast stone", "压舱石"),
        pair("the national team", "国家队", origin_file="c.po", origin_line=2),
        pair("Thank you.", "谢谢。"),  # no origin at all
    ]
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(units)
        memory = Memory(store)
        matches = [
            m
            for q in ("ballast stone", "national team", "Thank you.", "ballast stones")
            for m in memory.lookup(q, "en", "zh-CN", min_score=60)
        ]
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        memory.attach_origins(matches)
        store.conn.set_trace_callback(None)
    assert sum("tm_origins" in sql for sql in statements) == 1
    assert [(m.source, m.origins) for m in matches] == [
        ("ballast stone", ["a.po:5", "b.po:8"]),
        ("the national team", ["c.po:2"]),
        ("Thank you.", []),
        ("ballast stone", ["a.po:5", "b.po:8"]),
    ]


def test_the_first_of_origins_is_written_as_origin_is(db_path) -> None:
    # A unit from a format without lines is known by its tuid; its other origins by file:line.
    units = [
        pair("ballast", "压舱石", origin_file="memory.tmx", tuid="42"),
        pair("ballast", "压舱石", origin_file="b.po", origin_line=8),
        pair("central SOEs", "中央企业", tuid="7"),
        # Known first by its tuid alone, then read from a file: both are listed.
        pair("national team", "国家队", tuid="9"),
        pair("national team", "国家队", origin_file="d.po", origin_line=2),
    ]
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(units)
        memory = Memory(store)
        matches = [
            m for q in ("ballast", "central SOEs", "national team")
            for m in memory.lookup(q, "en", "zh-CN")
        ]  # fmt: skip
        memory.attach_origins(matches)
    assert [(m.origin, m.origins) for m in matches] == [
        ("memory.tmx#42", ["memory.tmx#42", "b.po:8"]),
        ("7", ["7"]),
        ("9", ["9", "d.po:2"]),
    ]


@pytest.mark.parametrize("query", ["lambda 表达式", "lambda表达式", "LAMBDA 表达式"])
def test_concordance_finds_a_han_latin_term_spaced_or_not(db_path, query: str) -> None:
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(
                [
                    pair("A lambda expression.", "一个 lambda 表达式。"),
                    pair("Each lambda expression.", "每个lambda表达式。"),
                    pair("A lambda.", "一个 lambda。"),
                ]
            )
        lines = Memory(store).concordance(query, ["zh-CN"])
    assert sorted(line.text[line.start : line.end] for line in lines) == [
        "lambda 表达式",
        "lambda表达式",
    ]
    # Chinese to English and back: the English side is searched as before.
    with SQLiteStore(db_path) as store:
        found = Memory(store).concordance("lambda expression")
        assert sorted(line.text for line in found) == [
            "A lambda expression.",
            "Each lambda expression.",
        ]


def test_concordance_searches_every_spelling_within_the_limit(db_path) -> None:
    long = [
        pair(f"Example {i}.", f"第{i}个例子里有一个很长的 lambda 表达式，在这里。")
        for i in range(20)
    ]
    short = [pair("A.", "lambda表达式"), pair("B.", "使用 lambda表达式")]
    with SQLiteStore(db_path) as store:
        with store.transaction():
            store.add_units(long + short)
        memory = Memory(store)
        for query in ("lambda 表达式", "lambda表达式"):
            texts = [line.text for line in memory.concordance(query, ["zh-CN"], limit=5)]
            assert texts[:2] == ["lambda表达式", "使用 lambda表达式"], query
        # Two boundaries, spelt either way: 使用 lambda 表达式 finds 使用 lambda表达式.
        found = memory.concordance("使用 lambda 表达式", ["zh-CN"])
        assert [line.text for line in found] == ["使用 lambda表达式"]
