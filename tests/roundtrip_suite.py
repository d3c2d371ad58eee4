"""One round-trip suite that every exchange format's tests inherit.

A format's test module subclasses :class:`RoundTripSuite`, implements ``write`` and
``read`` and states what the format can carry; the cases here then run for it.
"""

from __future__ import annotations

from tm.unit import TranslationUnit, Variant


def pair(
    src: str, tgt: str, src_lang: str = "en", tgt_lang: str = "zh-CN", **kw
) -> TranslationUnit:
    return TranslationUnit(variants=[Variant(src_lang, src), Variant(tgt_lang, tgt)], **kw)


CASES: dict[str, list[TranslationUnit]] = {
    "simple": [pair("national team", "国家队")],
    "policy_terms": [
        pair("ballast", "压舱石"),
        pair("professional integration", "专业化整合"),
        pair("central SOEs", "中央企业"),
    ],
    "zh_to_en": [pair("压舱石", "ballast", "zh-CN", "en")],
    "punctuation_and_width": [
        pair("Thank you.", "谢谢。"),
        pair("No. 1, 2024", "第１号，２０２４"),
    ],
    "xml_special_chars": [pair("a < b & c > \"d\" 'e'", "甲 < 乙 & 丙")],
    "leading_trailing_space": [pair("  padded  ", " 留白 ")],
    "many": [pair(f"sentence number {i}", f"第{i}句") for i in range(200)],
}

MULTILINE = [pair("line one\nline two", "第一行\n第二行")]
CONTEXT = [pair("Open", "打开", context="menu|file"), pair("Open", "开放的", context="adjective")]


class RoundTripSuite:
    """Subclass and implement ``write``/``read``; set the flags for what the format keeps."""

    keeps_multiline = True
    keeps_context = True
    keeps_outer_whitespace = True

    def write(self, units: list[TranslationUnit], src: str, tgt: str) -> bytes:  # pragma: no cover
        raise NotImplementedError

    def read(self, data: bytes, src: str, tgt: str) -> list[TranslationUnit]:  # pragma: no cover
        raise NotImplementedError

    def roundtrip(self, units: list[TranslationUnit]) -> list[TranslationUnit]:
        src, tgt = units[0].variants[0].lang, units[0].variants[1].lang
        return self.read(self.write(units, src, tgt), src, tgt)

    def assert_same_pairs(
        self, before: list[TranslationUnit], after: list[TranslationUnit]
    ) -> None:
        src, tgt = before[0].variants[0].lang, before[0].variants[1].lang

        def pairs(units):
            return [(u.variant(src).content, u.variant(tgt).content) for u in units]

        assert pairs(after) == pairs(before)

    def test_cases(self):
        for name, units in CASES.items():
            if not self.keeps_outer_whitespace and name == "leading_trailing_space":
                continue
            after = self.roundtrip(units)
            assert len(after) == len(units), name
            self.assert_same_pairs(units, after)

    def test_multiline(self):
        if self.keeps_multiline:
            self.assert_same_pairs(MULTILINE, self.roundtrip(MULTILINE))

    def test_context(self):
        if self.keeps_context:
            after = self.roundtrip(CONTEXT)
            assert [u.context for u in after] == [u.context for u in CONTEXT]

    def test_twice_is_stable(self):
        units = CASES["policy_terms"]
        src, tgt = "en", "zh-CN"
        once = self.write(units, src, tgt)
        twice = self.write(self.read(once, src, tgt), src, tgt)
        assert self.read(twice, src, tgt) == self.read(once, src, tgt)
