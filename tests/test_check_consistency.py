"""same-source-different-target, same-target-different-source, numbers, placeholders."""

from __future__ import annotations

from glossary.checks import CheckConfig, Segment, run_checks
from glossary.checks.placeholders import numbers, placeholders, spelled_out


def seg(source, target, src="en", tgt="zh-CN", file="a.po", line=1, **kw) -> Segment:
    return Segment(source, target, src, tgt, file=file, line=line, **kw)


def only(*names: str) -> CheckConfig:
    config = CheckConfig()
    config.enable(list(names))
    return config


# --- same source, different target ---------------------------------------------------------


def test_same_source_different_target_fires():
    segments = [
        seg("Reset", "重置", line=1),
        seg("Reset", "重置", file="b.po", line=5),
        seg("Reset", "复位", file="c.po", line=9),
    ]
    (f,) = run_checks(segments, None, only("same-source-different-target")).findings
    assert (f.file, f.line, f.target) == ("c.po", 9, "复位")  # the odd one out
    assert f.expected == ["重置"]
    assert [v["count"] for v in f.details["variants"]] == [2, 1]


def test_same_source_respects_context_and_normalisation():
    segments = [
        seg("Reset", "重置"),
        seg("Reset", "复位", context="button"),  # another msgctxt: not compared
        seg("reset ", "重置"),  # case and spacing fold
        seg("Reset", "重置 "),
    ]
    assert run_checks(segments, None, only("same-source-different-target")).findings == []


def test_same_source_different_target_zh_en():
    segments = [seg("重置", "Reset", "zh-CN", "en"), seg("重置", "Restore", "zh-CN", "en")]
    (f,) = run_checks(segments, None, only("same-source-different-target")).findings
    assert f.source == "重置"


def test_same_target_different_source():
    segments = [seg("Reset", "重置"), seg("Restore", "重置"), seg("Reset", "重置")]
    (f,) = run_checks(segments, None, only("same-target-different-source")).findings
    assert f.source == "Restore" and f.severity == "info"
    segments = [seg("Reset", "重置"), seg("Restore", "重置", context="menu")]
    assert run_checks(segments, None, only("same-target-different-source")).findings == []


# --- numbers -------------------------------------------------------------------------------


def test_numbers_fire_both_ways():
    (f,) = numbers(None, seg("Grew 5% in 2024.", "在2023年增长了5%。"))
    assert f.details == {"missing": ["2024"], "extra": ["2023"]}
    (f,) = numbers(None, seg("在2024年增长。", "Grew in 2023.", "zh-CN", "en"))
    assert f.details["missing"] == ["2024"]


def test_numbers_do_not_fire():
    assert numbers(None, seg("Grew 5% in 2024.", "在２０２４年增长了5%。")) == []  # full width
    assert numbers(None, seg("1,000 items", "1000 个条目")) == []  # thousands separator
    assert numbers(None, seg("Wait 3 seconds.", "等待三秒。")) == []  # spelled out in Chinese
    assert numbers(None, seg("等待三秒。", "Wait 3 seconds.", "zh-CN", "en")) == []
    assert numbers(None, seg("Wait three seconds.", "等待 3 秒。")) == []
    assert numbers(None, seg("See :pep:`8`.", "参见 PEP。")) == []  # inside markup
    assert numbers(None, seg("No digits.", "没有数字。")) == []
    # A month named in English is a number in Chinese, both ways.
    assert numbers(None, seg("China.org.cn | February 6, 2024", "中国网 | 2024年2月6日")) == []
    assert numbers(None, seg("2024年9月1日", "Sept. 1, 2024", "zh-CN", "en")) == []
    (f,) = numbers(None, seg("February 6, 2024", "2024年3月6日"))
    assert f.details["extra"] == ["3"]


def test_spelled_out():
    assert spelled_out("12", "十二个", "zh-CN") and spelled_out("2", "两个", "zh")
    assert spelled_out("2", "twice", "en") and not spelled_out("2", "tw", "en")
    assert not spelled_out("120", "一百二十", "zh")


# --- placeholders --------------------------------------------------------------------------


def test_placeholders_fire():
    (f,) = placeholders(
        None, seg("Found %(count)d in %s", "在 %s 中找到", flags=("python-format",))
    )
    assert f.details == {"missing": ["%(count)d"], "extra": []}
    (f,) = placeholders(None, seg("Hello {name}", "你好 {nmae}"))
    assert f.details == {"missing": ["{name}"], "extra": ["{nmae}"]}
    (f,) = placeholders(None, seg("你好 {0}", "Hello", "zh-CN", "en"))
    assert f.details["missing"] == ["{0}"]


def test_placeholders_do_not_fire():
    assert placeholders(None, seg("%s of %d", "%d 中的 %s")) == []  # order may change
    assert placeholders(None, seg("50% of {{x}}", "50% 的 {{x}}")) == []
    assert placeholders(None, seg("50% off", "五折")) == []  # prose percent
    assert (
        placeholders(None, seg("Hello {name}", "你好 {name}", flags=("python-brace-format",))) == []
    )
