"""Term recognition: English inflection and acronyms, Chinese segmentation, offsets, fuzzy."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossary.chinese import Segmenter
from glossary.english import surface_variants
from glossary.recognize import TermEntry, TermMatcher, _PyAutomaton

PAIRS = [
    ("national team", "国家队"),
    ("ballast", "压舱石"),
    ("backbone", "顶梁柱"),
    ("professional integration", "专业化整合"),
    ("central SOE", "中央企业"),
    ("strategic restructuring", "战略性重组"),
    ("context manager", "上下文管理器"),
    ("decorator", "装饰器"),
    ("descriptor", "描述器"),
]
EXTRA = [
    TermEntry("SOE", "en", ("soe", "en")),
    TermEntry("SASAC", "en", ("sasac", "en")),
    TermEntry("integrate", "en", ("integrate", "en")),
    TermEntry("shore up", "en", ("shore-up", "en")),
    TermEntry("analysis", "en", ("analysis", "en")),
    TermEntry("index", "en", ("index", "en")),
    TermEntry("child", "en", ("child", "en")),
    TermEntry("policy", "en", ("policy", "en")),
    TermEntry("process", "en", ("process", "en")),
    TermEntry("building", "en", ("building", "en")),
    TermEntry("state-owned", "en", ("state-owned", "en")),
    TermEntry("e-mail", "en", ("e-mail", "en")),
    TermEntry("web page", "en", ("web page", "en")),
    TermEntry("art", "en", ("art", "en")),
    TermEntry("people's congress", "en", ("pc", "en")),
    TermEntry("积分", "zh-CN", ("integral", "zh")),
    TermEntry("管理器", "zh-CN", ("manager", "zh")),
    TermEntry("Python 装饰器", "zh-CN", ("py-deco", "zh")),
    TermEntry("SOE", "zh-CN", ("soe", "zh")),
    TermEntry("第0号", "zh-CN", ("zero", "zh")),
]
ENTRIES = [
    entry
    for i, (en, zh) in enumerate(PAIRS)
    for entry in (TermEntry(en, "en", (i, "en")), TermEntry(zh, "zh-CN", (i, "zh")))
] + EXTRA


@pytest.fixture(scope="module", params=["ahocorasick-rs", "pure-python"])
def matcher(request: pytest.FixtureRequest) -> TermMatcher:
    return TermMatcher.build(ENTRIES, pure_python=request.param == "pure-python")


@pytest.fixture(scope="module")
def fast() -> TermMatcher:
    return TermMatcher.build(ENTRIES)


def texts(hits) -> list[str]:
    return [h.text for h in hits]


def found(matcher: TermMatcher, text: str, lang: str = "en") -> list[str]:
    """The entry texts of find()'s hits."""
    return [h.entry.text for h in matcher.find(text, lang)]


# --- English ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("All central SOEs report.", "central SOE"),
        ("two strategic restructurings", "strategic restructuring"),
        ("We integrate it.", "integrate"),
        ("It integrates.", "integrate"),
        ("once integrated", "integrate"),
        ("integrating them", "integrate"),
        ("several analyses", "analysis"),
        ("the indices", "index"),
        ("the indexes", "index"),
        ("the children", "child"),
        ("new policies", "policy"),
        ("two processes", "process"),
        ("the decorators", "decorator"),
        ("context managers", "context manager"),
        ("They shored up confidence", "shore up"),
        ("shoring up", "shore up"),
        ("shores up", "shore up"),
        ("our national teams", "national team"),
    ],
)
def test_english_inflections_match(matcher: TermMatcher, text: str, term: str) -> None:
    assert term in found(matcher, text)


def test_entry_in_plural_matches_singular() -> None:
    m = TermMatcher.build([TermEntry("central SOEs", "en", 1), TermEntry("decorators", "en", 2)])
    assert found(m, "a central SOE with a decorator") == ["central SOEs", "decorators"]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("build it", "building"),  # a noun head never takes its verb's forms
        ("data processing", "process"),  # process is a noun too: no -ing form
        ("shore", "shore up"),
        ("the strategic plan", "strategic restructuring"),
    ],
)
def test_no_overgeneration(fast: TermMatcher, text: str, term: str) -> None:
    assert term not in found(fast, text)


def test_variants_only_inflect_head_and_verb_lead() -> None:
    forms = {v for v, _ in surface_variants("strategic restructuring")}
    assert forms == {"strategic restructuring", "strategic restructurings"}
    assert "shored up" in {v for v, _ in surface_variants("shore up")}
    assert "shore ups" not in {v for v, _ in surface_variants("shore up")}
    assert {v for v, _ in surface_variants("decorator", inflect=False)} == {"decorator"}


def test_acronyms_match_only_in_capitals(matcher: TermMatcher) -> None:
    assert texts(matcher.find("SOE and SOEs and SASAC", "en")) == ["SOE", "SOEs", "SASAC"]
    assert matcher.find("soe, Soe, soes, Sasac", "en") == []
    # The rest of a term with an acronym stays case-insensitive.
    assert texts(matcher.find("CENTRAL SOEs, Central SOE", "en")) == ["CENTRAL SOEs", "Central SOE"]
    assert matcher.find("central soe", "en") == []


def test_case_insensitive_otherwise(matcher: TermMatcher) -> None:
    assert found(matcher, "DECORATOR and Ballast") == ["decorator", "ballast"]


def test_hyphen_space_and_solid_variants(matcher: TermMatcher) -> None:
    for text in ("state-owned", "state owned", "stateowned", "State-Owned"):
        assert found(matcher, f"a {text} firm") == ["state-owned"], text
    for text in ("e-mail", "email", "e mail", "emails", "e-mails"):
        assert found(matcher, f"send {text} now") == ["e-mail"], text
    m = TermMatcher.build([TermEntry("email", "en", 1), TermEntry("state owned", "en", 2)])
    assert texts(m.find("an e-mail from a state-owned bank", "en")) == ["e-mail", "state-owned"]


def test_whitespace_runs_and_line_breaks(matcher: TermMatcher) -> None:
    text = "the professional\n   integration of\tcentral\r\nSOEs"
    hits = matcher.find(text, "en")
    assert texts(hits) == ["professional\n   integration", "central\r\nSOEs"]
    assert all(text[h.start : h.end] == h.text for h in hits)


def test_typographic_apostrophes_and_quotes(matcher: TermMatcher) -> None:
    assert texts(matcher.find("the people’s congress", "en")) == ["people’s congress"]
    assert texts(matcher.find("“decorator”", "en")) == ["decorator"]


def test_longest_match_first_and_find_all(matcher: TermMatcher) -> None:
    assert texts(matcher.find("central SOEs", "en")) == ["central SOEs"]
    all_hits = matcher.find_all("central SOEs", "en")
    assert [(h.text, h.entry.text) for h in all_hits] == [
        ("central SOEs", "central SOE"),
        ("SOEs", "SOE"),
    ]


def test_overlapping_hits_longest_wins() -> None:
    m = TermMatcher.build(
        [
            TermEntry("web page", "en", 1),
            TermEntry("page layout", "en", 2),
            TermEntry("page", "en", 3),
        ]
    )
    assert texts(m.find("web page layouts", "en")) == ["page layouts"]
    assert len(m.find_all("web page layouts", "en")) == 3


def test_homonyms_share_a_span() -> None:
    m = TermMatcher.build([TermEntry("index", "en", 1), TermEntry("index", "en", 2)])
    assert [h.entry.key for h in m.find("an index", "en")] == [1, 2]


@pytest.mark.parametrize("text", ["SOEX", "XSOE", "SOE2", "start", "artist", "smart_art", "art2"])
def test_whole_words_only(matcher: TermMatcher, text: str) -> None:
    assert matcher.find(text, "en") == []


def test_hyphen_and_punctuation_are_boundaries(matcher: TermMatcher) -> None:
    assert texts(matcher.find("SOE-related (art) SOE's", "en")) == ["SOE", "art", "SOE"]


# --- Chinese ---------------------------------------------------------------------------------


def test_chinese_terms(matcher: TermMatcher) -> None:
    text = "中央企业是国家队，也是压舱石和顶梁柱。"
    assert texts(matcher.find(text, "zh")) == ["中央企业", "国家队", "压舱石", "顶梁柱"]


def test_chinese_term_splitting_a_word_is_no_hit(matcher: TermMatcher) -> None:
    assert found(matcher, "累积分布函数", "zh") == []  # jieba: 累积|分布
    assert found(matcher, "积分是一种运算", "zh") == ["积分"]


def test_user_dictionary_keeps_terms_whole(matcher: TermMatcher) -> None:
    assert Segmenter([]).cut("使用装饰器") == ["使用", "装饰", "器"]
    assert Segmenter(["装饰器"]).cut("使用装饰器") == ["使用", "装饰器"]
    assert found(matcher, "类装饰器的用法", "zh") == ["装饰器"]
    assert found(matcher, "使用上下文管理器协议", "zh") == ["上下文管理器"]


def test_chinese_nested_terms_in_find_all(matcher: TermMatcher) -> None:
    hits = matcher.find_all("使用上下文管理器协议", "zh")
    assert [h.entry.text for h in hits] == ["上下文管理器", "管理器"]


@pytest.mark.parametrize("lang", ["zh", "zh-CN", "zh-Hans", "zh_CN"])
def test_chinese_entries_serve_every_chinese_tag(matcher: TermMatcher, lang: str) -> None:
    assert found(matcher, "国家队", lang) == ["国家队"]


def test_languages_by_primary_subtag(matcher: TermMatcher) -> None:
    assert found(matcher, "national team", "en-US") == ["national team"]
    assert matcher.find("national team", "zh") == []
    assert matcher.find("国家队", "en") == []
    assert matcher.find("national team", "fr") == []


def test_full_and_half_width(matcher: TermMatcher) -> None:
    assert texts(matcher.find("“ＳＯＥ”，SOE", "en")) == ["ＳＯＥ", "SOE"]
    assert texts(matcher.find("第０号，第0号", "zh")) == ["第０号", "第0号"]
    m = TermMatcher.build([TermEntry("ＳＯＥ", "en", 1), TermEntry("国家队，压舱石", "zh", 2)])
    assert texts(m.find("an SOE", "en")) == ["SOE"]
    assert texts(m.find("是国家队,压舱石", "zh")) == ["国家队,压舱石"]


def test_mixed_script(matcher: TermMatcher) -> None:
    assert texts(matcher.find("Python 的 装饰器", "zh")) == ["装饰器"]
    assert texts(matcher.find("用 Ｐｙｔｈｏｎ 装饰器", "zh")) == ["Ｐｙｔｈｏｎ 装饰器"]
    # Latin terms inside Chinese text need Latin word boundaries only.
    assert texts(matcher.find("使用SOE和 SOE", "en")) == ["SOE", "SOE"]
    assert texts(matcher.find("使用SOE", "zh")) == ["SOE"]
    assert matcher.find("使用SOEX", "zh") == []
    assert texts(matcher.find("请使用decorator。", "en")) == ["decorator"]


# --- offsets ---------------------------------------------------------------------------------

_FILLER = st.lists(
    st.sampled_from(list("ab xyz-’'\n\t\u3000，。的了使用ＡＢ０1") + ["  ", "\r\n"]), max_size=30
).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=_FILLER,
    after=_FILLER,
    pair=st.sampled_from(PAIRS),
    spacing=st.sampled_from([" ", "  ", "\n", " \n\t"]),
)
def test_offsets_map_back_exactly(fast: TermMatcher, before, after, pair, spacing) -> None:
    en, zh = pair
    term = en.replace(" ", spacing)
    text = f"{before} {term} {after}"
    hits = fast.find_all(text, "en")
    assert all(text[h.start : h.end] == h.text for h in hits)
    at = len(before) + 1
    assert any(h.start == at and h.end == at + len(term) for h in hits)

    text = f"{before}，{zh}。{after}"
    hits = fast.find_all(text, "zh")
    assert all(text[h.start : h.end] == h.text for h in hits)
    at = len(before) + 1
    assert any(h.start == at and h.end == at + len(zh) and h.text == zh for h in hits)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.lists(
        st.sampled_from(
            [
                "central",
                " ",
                "SOE",
                "s",
                "-",
                "\n",
                "ＳＯＥ",
                "  ",
                "上下文",
                "管理器",
                "积分",
                "累",
                "布",
                "，",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_hits_are_exact_slices_and_find_does_not_overlap(fast: TermMatcher, text: str) -> None:
    for lang in ("en", "zh"):
        for hit in fast.find_all(text, lang):
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start : hit.end] == hit.text
        chosen = fast.find(text, lang)
        assert chosen == sorted(chosen, key=lambda h: h.start)
        for a, b in zip(chosen, chosen[1:], strict=False):
            assert a.end <= b.start or (a.start, a.end) == (b.start, b.end)


def test_pure_python_automaton_agrees_with_brute_force() -> None:
    rng = random.Random(7)
    keys = sorted({"".join(rng.choices("abc", k=rng.randint(1, 4))) for _ in range(30)})
    automaton = _PyAutomaton(keys)
    for _ in range(50):
        text = "".join(rng.choices("abcd", k=40))
        expected = {
            (p, i, i + len(k))
            for p, k in enumerate(keys)
            for i in range(len(text))
            if text.startswith(k, i)
        }
        assert set(automaton.find_matches_as_indexes(text, overlapping=True)) == expected


def test_other_languages_match_whole_words_without_inflection() -> None:
    m = TermMatcher.build([TermEntry("entreprise publique", "fr", 1)])
    assert texts(m.find("Une Entreprise  publique.", "fr-FR")) == ["Entreprise  publique"]
    assert m.find("entreprises publiques", "fr") == []


def test_duplicates_and_empty_inputs() -> None:
    assert TermMatcher.build([TermEntry("  ", "en", 0)]).find("a  b", "en") == []
    m = TermMatcher.build([TermEntry("ballast", "en", 1)] * 3)
    assert len(m.find("ballast", "en")) == 1
    assert m.find("", "en") == [] and m.find_all("   ", "en") == []
    assert TermMatcher.build([]).find("ballast", "en") == []


# --- near misses and search ------------------------------------------------------------------


def test_near_misses_english(fast: TermMatcher) -> None:
    misses = fast.near_misses("We need profesional integration of the natinal team.", "en")
    by_term = {m.entry.text: m for m in misses}
    assert by_term["professional integration"].text == "profesional integration"
    assert 80 <= by_term["professional integration"].score < 100
    assert by_term["national team"].text == "natinal team"
    assert misses == sorted(misses, key=lambda m: -m.score)


def test_near_misses_exclude_exact_hits(fast: TermMatcher) -> None:
    assert fast.near_misses("the central SOEs and a decorator", "en") == []
    # A lower-case acronym is not a hit, so it is reported as a near miss.
    assert [m.entry.text for m in fast.near_misses("the soe", "en")] == ["SOE"]


def test_near_misses_chinese(fast: TermMatcher) -> None:
    misses = fast.near_misses("推进专业整合和压仓石建设", "zh")
    assert [(m.entry.text, m.text) for m in misses][:1] == [("专业化整合", "专业整合")]
    assert all(80 <= m.score < 100 for m in misses)
    # 积分 inside 累积分布 is a refused hit, not a misspelling.
    assert all(m.entry.text != "积分" for m in fast.near_misses("累积分布", "zh"))


def test_near_miss_limit_and_cutoff(fast: TermMatcher) -> None:
    text = "profesional integration, natinal team, decorater, descripter"
    assert len(fast.near_misses(text, "en", limit=2)) == 2
    assert fast.near_misses(text, "en", min_score=99) == []


def test_search_both_languages(fast: TermMatcher) -> None:
    assert fast.search("decorator")[0].entry == TermEntry("decorator", "en", (7, "en"))
    assert fast.search("装饰器")[0].score == 100
    assert fast.search("decoratr")[0].entry.text == "decorator"
    assert fast.search("central SOEs")[0].entry.text == "central SOE"  # inflected form
    assert fast.search("Context")[0].entry.text == "context manager"  # containment


@pytest.mark.parametrize(
    ("query", "first"), [("装", "装饰器"), ("积分", "积分"), ("管理", "管理器"), ("器", "装饰器")]
)
def test_search_short_chinese_queries(fast: TermMatcher, query: str, first: str) -> None:
    results = fast.search(query)
    assert results[0].entry.text == first
    assert all(query in m.entry.text for m in results)  # nothing fuzzy for 1-2 characters


def test_search_ranks_containment_first(fast: TermMatcher) -> None:
    results = fast.search("manager")
    assert results[0].entry.text == "context manager"
    assert [m.score for m in results] == sorted((m.score for m in results), reverse=True)
    assert fast.search("zzzz") == []


# --- scans: candidates first, hits on demand ---------------------------------------------------

_SCAN_TEXT = st.lists(
    st.sampled_from(
        [
            "上下文",
            "管理器",
            "积分",
            "累",
            "布",
            "装饰器",
            "Python ",
            "，",
            "国家队",
            "SOE",
            "-",
            " ",
        ]
        + ["central", "SOEs", "e-mail", "web page", "layout", "第0号"]
    ),
    max_size=14,
).map("".join)


def _longest(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    from glossary.checks.analysis import longest

    return longest(hits)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_SCAN_TEXT, picks=st.sets(st.integers(0, len(ENTRIES) - 1), max_size=4))
def test_scan_agrees_with_find_all(fast: TermMatcher, text: str, picks: set[int]) -> None:
    for lang in ("en", "zh"):
        scan = fast.scan(text, lang)
        every = scan.hits()
        assert [scan.hit(h) for h in every] == fast.find_all(text, lang)
        assert {h[2] for h in every} <= scan.candidates()
        # Restricted to some entries: the same hits of those entries, and the same
        # longest-match choice among them.
        wanted = {fast.entries.index(ENTRIES[i]) for i in picks}
        some = scan.hits(wanted)
        assert [h for h in some if h[2] in wanted] == [h for h in every if h[2] in wanted]
        chosen = [h for h in _longest(some) if h[2] in wanted]
        assert chosen == [h for h in _longest(every) if h[2] in wanted]


def test_scan_of_a_nested_chinese_term() -> None:
    m = TermMatcher.build(ENTRIES)
    scan = m.scan("使用上下文管理器协议", "zh")
    manager = m.entries.index(TermEntry("管理器", "zh-CN", ("manager", "zh")))
    # 管理器 is a hit only as a part of 上下文管理器: the restricted scan keeps the outer one.
    assert [m.entries[h[2]].text for h in scan.hits({manager})] == ["上下文管理器", "管理器"]
    assert scan.hits({manager}) == scan.hits()
    assert m.scan("", "zh").hits() == [] and m.scan("国家队", "fr").candidates() == set()


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("lambda 表达式", "使用lambda表达式。"),
        ("lambda表达式", "使用 lambda 表达式。"),
        ("暂定API", "这是暂定 API。"),
        ("暂定 API", "这是暂定 ＡＰＩ。"),
    ],
)
def test_a_space_between_han_and_latin_is_optional(term: str, text: str) -> None:
    m = TermMatcher([TermEntry(term, "zh-CN", 1), TermEntry("lambda expression", "en", 2)])
    assert [h.entry.key for h in m.find(text, "zh-CN")] == [1]
    # English to Chinese: the English term is found as before, its space a word boundary.
    assert [h.entry.key for h in m.find("A lambda expression.", "en")] == [2]
    assert m.find("A lambdaexpression.", "en") == []


@pytest.mark.parametrize("text", ["使用 lambda表达式", "使用lambda 表达式", "使用lambda表达式"])
def test_a_term_with_two_han_latin_boundaries_is_found_spaced_either_way(text: str) -> None:
    m = TermMatcher([TermEntry("使用 lambda 表达式", "zh-CN", 1)])
    (hit,) = m.find(text, "zh-CN")
    assert (hit.start, hit.end, hit.text) == (0, len(text), text)


def test_a_lone_surrogate_is_no_crash() -> None:
    m = TermMatcher([TermEntry("表达式", "zh-CN", 1), TermEntry("lambda", "en", 2)])
    assert [h.text for h in m.find_all("表达式\ud800", "zh-CN")] == ["表达式"]
    assert [h.text for h in m.find_all("a lambda\ud800 b", "en")] == ["lambda"]
