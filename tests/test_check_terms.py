"""missing-term, forbidden-term and term-variance, in both directions."""

from __future__ import annotations

import pytest

from glossary.checks import CheckConfig, CheckTermbase, Segment, run_checks
from glossary.checks.markup import SEP, clean
from glossary.checks.terms import forbidden_term, missing_term
from glossary.model import Concept, LangSection, Term


def _concept(cid: str, en: list[tuple[str, str | None]], zh: list[tuple[str, str | None]]):
    return Concept(
        id=cid,
        languages=[
            LangSection("en", [Term(t, status=s) for t, s in en]),
            LangSection("zh-CN", [Term(t, status=s) for t, s in zh]),
        ],
    )


@pytest.fixture(scope="module")
def termbase() -> CheckTermbase:
    concepts = [
        _concept(
            "soe",
            [("SOE", "preferred"), ("state-owned enterprise", "admitted")],
            [("国有企业", "preferred"), ("国企", "admitted"), ("公营企业", "deprecated")],
        ),
        _concept(
            "central",
            [("central SOE", "preferred")],
            [("中央企业", "preferred"), ("央企", "admitted")],
        ),
        _concept("integral", [("integral", None)], [("积分", None)]),
        _concept(
            "iterator",
            [("iterator", "preferred"), ("iterater", "superseded")],
            [("迭代器", "preferred"), ("迭代子", "superseded")],
        ),
        _concept("integrate", [("integrate", None)], [("整合", None)]),
        _concept("context-manager", [("context manager", None)], [("上下文管理器", None)]),
        _concept("manager", [("manager", None)], [("管理器", None)]),
        _concept("tuple", [("tuple", None)], [("元组", None)]),
    ]
    # A candidate and a rejected term: neither may ever be required.
    concepts.append(
        Concept(
            id="cand",
            languages=[
                LangSection("en", [Term("namespace", state="candidate")]),
                LangSection("zh-CN", [Term("命名空间", state="candidate")]),
            ],
        )
    )
    return CheckTermbase(concepts)


def en(source: str, target: str, **kw) -> Segment:
    return Segment(source, target, "en", "zh-CN", file="a.po", line=1, **kw)


def zh(source: str, target: str, **kw) -> Segment:
    return Segment(source, target, "zh-CN", "en", file="b.po", line=1, **kw)


def missing(tb, seg) -> list[str]:
    return [f.term for f in missing_term(tb, seg)]


def forbidden(tb, seg) -> list[str]:
    return [f.term for f in forbidden_term(tb, seg)]


# --- missing-term --------------------------------------------------------------------------


def test_missing_term_fires_en_zh(termbase):
    found = missing_term(termbase, en("The SOE grew.", "该公司增长了。"))
    assert [f.term for f in found] == ["SOE"]
    assert found[0].expected == ["国有企业", "国企"]
    assert found[0].where == "source" and found[0].span == (4, 7)


def test_missing_term_does_not_fire_on_preferred_or_admitted(termbase):
    assert missing(termbase, en("The SOE grew.", "该国有企业增长了。")) == []
    assert missing(termbase, en("The SOE grew.", "该国企增长了。")) == []  # a synonym
    # An admitted source synonym asks for the same renderings.
    assert missing(termbase, en("Each state-owned enterprise.", "每家国企。")) == []
    assert missing(termbase, en("Each state owned enterprise.", "每家公司。")) == [
        "state owned enterprise"
    ]


def test_missing_term_inflection(termbase):
    assert missing(termbase, en("Two SOEs merged.", "两家公司合并。")) == ["SOEs"]
    assert missing(termbase, en("Two SOEs merged.", "两家国有企业合并。")) == []
    assert missing(termbase, en("It integrated them.", "它合并了它们。")) == ["integrated"]
    assert missing(termbase, en("It integrates them.", "它整合了它们。")) == []
    # Acronyms only in capitals: "soe" is not SOE.
    assert missing(termbase, en("a soe here", "这里")) == []


def test_missing_term_longest_match_wins(termbase):
    # "central SOEs" is one term: not also "SOEs" (which would want 国有企业).
    assert missing(termbase, en("Central SOEs reported.", "中央企业报告了。")) == []
    assert missing(termbase, en("Central SOEs reported.", "央企报告了。")) == []
    assert missing(termbase, en("Central SOEs reported.", "国有企业报告了。")) == ["Central SOEs"]


def test_missing_term_nested_rendering_in_target_counts(termbase):
    # 管理器 sits inside 上下文管理器 in the target: "manager" is rendered.
    seg = en("The context manager and its manager.", "上下文管理器及其管理器。")
    assert missing(termbase, seg) == []


def test_missing_term_chinese_straddling_in_target(termbase):
    # 积分 inside 累积分布 splits words: the term is not there.
    assert missing(termbase, en("The integral.", "累积分布。")) == ["integral"]
    assert missing(termbase, en("The integral.", "该积分。")) == []


def test_missing_term_zh_en(termbase):
    assert missing(termbase, zh("中央企业公布了利润。", "Central SOEs reported profits.")) == []
    assert missing(termbase, zh("中央企业公布了利润。", "Central enterprises reported.")) == [
        "中央企业"
    ]
    # Inflected English renderings count: 国有企业 -> SOEs.
    assert missing(termbase, zh("两家国有企业合并。", "Two SOEs merged.")) == []
    assert missing(termbase, zh("两家国企合并。", "Two state-owned enterprises merged.")) == []
    # A source term that straddles a word boundary is no term: 累积分布 has no 积分.
    assert missing(termbase, zh("累积分布函数", "cumulative distribution function")) == []
    assert missing(termbase, zh("计算积分。", "Compute it.")) == ["积分"]


def test_missing_term_ignores_markup(termbase):
    # Code is not prose: no term in ``...``, :func:`...`, tags, placeholders.
    assert missing(termbase, en("Use ``iterator`` objects.", "使用对象。")) == []
    assert missing(termbase, en("See :class:`tuple`.", "参见。")) == []
    assert missing(termbase, en("Pass <code>SOE</code>.", "传入。")) == ["SOE"]  # inline tag
    assert missing(termbase, en("Set %(SOE)s now.", "现在设置。")) == []
    assert missing(termbase, en("Set {SOE} now.", "现在设置。")) == []
    # Prose roles keep their text; accelerators vanish.
    assert missing(termbase, en("A :term:`context manager`.", "一个对象。")) == ["context manager"]
    assert missing(termbase, en("&Integrate", "合并(&I)")) == ["Integrate"]
    assert missing(termbase, en("&Integrate", "整合(&I)")) == []
    # Markup in the target does not hide a rendering either.
    assert missing(termbase, en("The SOE.", "该<b>国有</b>企业。")) == []


def test_missing_term_reports_original_span_through_markup(termbase):
    seg = en("Call ``x`` for the :term:`context manager`.", "调用。")
    (f,) = missing_term(termbase, seg)
    assert seg.source[f.span[0] : f.span[1]] == "context manager"


def test_missing_term_leaves_a_forbidden_rendering_to_forbidden_term(termbase):
    assert missing(termbase, en("An iterator.", "一个迭代子。")) == []
    assert forbidden(termbase, en("An iterator.", "一个迭代子。")) == ["迭代子"]


def test_candidate_terms_are_never_required(termbase):
    assert missing(termbase, en("The namespace.", "该名字空间。")) == []


# --- forbidden-term ------------------------------------------------------------------------


def test_forbidden_term_fires_with_fix(termbase):
    (f,) = forbidden_term(termbase, en("The SOE.", "该公营企业。"))
    assert f.term == "公营企业" and f.expected == ["国有企业"] and f.severity
    assert "deprecated" in f.message and f.where == "target"
    (f,) = forbidden_term(termbase, en("An iterator.", "一个迭代子。"))
    assert f.term == "迭代子" and f.expected == ["迭代器"] and "superseded" in f.message


def test_forbidden_term_zh_en(termbase):
    assert forbidden(termbase, zh("一个迭代器。", "An iterater.")) == ["iterater"]
    assert forbidden(termbase, zh("一个迭代器。", "An iterator.")) == []


def test_forbidden_term_does_not_fire_on_acceptable(termbase):
    assert forbidden(termbase, en("The SOE.", "该国有企业。")) == []
    assert forbidden(termbase, en("The SOE.", "该国企。")) == []
    # Inside markup the term is code, not prose.
    assert forbidden(termbase, en("Use ``x``.", "使用 ``迭代子``。")) == []


# --- the runner: term-variance and severities ----------------------------------------------


def test_term_variance_counts_renderings(termbase):
    segments = [
        en("The SOE grew.", "该国有企业增长了。"),
        en("An SOE shrank.", "一家国有企业缩小了。"),
        Segment("SOEs merged.", "国企合并了。", "en", "zh-CN", file="c.po", line=7),
        en("An iterator.", "一个迭代器。"),
        en("The iterator.", "该迭代器。"),
    ]
    config = CheckConfig()
    config.enable(["term-variance"])
    report = run_checks(segments, termbase, config)
    (f,) = report.findings
    assert f.check == "term-variance" and f.term == "SOE" and f.severity == "info"
    assert (f.file, f.line) == ("c.po", 7)  # the least used rendering's first example
    renderings = {r["text"]: r["count"] for r in f.details["renderings"]}
    assert renderings == {"国有企业": 2, "国企": 1}
    assert "x2" in f.message and "x1" in f.message


def test_term_variance_zh_en(termbase):
    segments = [
        zh("国有企业增长了。", "The SOE grew."),
        zh("国有企业缩小了。", "The state-owned enterprise shrank."),
    ]
    config = CheckConfig()
    config.enable(["term-variance"])
    (f,) = run_checks(segments, termbase, config).findings
    assert f.term == "国有企业"


def test_term_checks_skipped_without_termbase():
    report = run_checks([en("The SOE.", "该公司。")], None)
    assert {"missing-term", "forbidden-term", "term-variance"} <= set(report.skipped)
    assert report.findings == []


# --- markup cleaning -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Use the :func:`print` function", f"Use the {SEP} function"),
        ("a :term:`context manager` here", "a context manager here"),
        ("see :ref:`Sorting <sorting-howto>`", "see Sorting"),
        ("see `Sorting <http://x>`_ here", "see Sorting here"),
        ("the ``state owned`` enterprise", f"the {SEP} enterprise"),
        ("<b>国有</b>企业", "国有企业"),
        ("line<br/>break", f"line{SEP}break"),
        ("Value %(name)s of {0} items", f"Value {SEP} of {SEP} items"),
        ("文件(&F)", "文件"),
        ("&Open file", "Open file"),
        ("R&D and *central* SOEs", "R&D and central SOEs"),
        ("plain text", "plain text"),
    ],
)
def test_clean(text, cleaned):
    assert clean(text).text == cleaned


def test_clean_maps_offsets_back():
    text = "<b>国有</b>企业 and &Open"
    c = clean(text)
    i = c.text.index("企业")
    assert text[slice(*c.span(i, i + 2))] == "企业"
    i = c.text.index("Open")
    assert text[slice(*c.span(i, i + 4))] == "Open"


# --- the target's candidates are the matcher's own (no separate substring prefilter) --------


@pytest.mark.parametrize(
    "source, target",
    [
        ("发送电子邮件", "Send an e-mail."),  # the term email, found in a hyphenated compound
        ("人大的决定", "the people’s congress decided"),  # a typographic apostrophe
    ],
)
def test_renderings_the_matcher_finds_are_never_missing(source, target):
    tb = CheckTermbase(
        [
            _concept("mail", [("email", None)], [("电子邮件", None)]),
            _concept("npc", [("people's congress", None)], [("人大", None)]),
        ]
    )
    seg = zh(source, target)
    assert tb.find_all(target, "en")  # the rendering is there...
    assert missing(tb, seg) == []  # ...so it is not reported missing
