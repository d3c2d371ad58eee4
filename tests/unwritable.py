"""Test data for the characters XML 1.0 cannot carry, shared by the TMX and XLIFF tests."""

from __future__ import annotations

from hypothesis import strategies as st

NOT_XML = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"]
DIRECTIONS = [("en", "zh-CN"), ("zh-CN", "en")]
EN_TEXT = "Press \x1b[1mEnter\x1b[0m\fnext page\x00\x0b"
ZH_TEXT = "按\x1b[1m回车\x1b[0m键\f下一页\ufffe\uffff"


def texts_with(lookalikes: list[str]) -> st.SearchStrategy[str]:
    """Every character there is (UTF-8 has all but the surrogates), with those XML cannot
    carry drawn often (among a million others, hypothesis would rarely pick one of them),
    and *lookalikes*: text that merely looks like a placeholder and must stay text."""
    return st.lists(
        st.one_of(
            st.text(st.characters(codec="utf-8"), max_size=6),
            st.text(st.sampled_from(NOT_XML), min_size=1, max_size=3),
            st.sampled_from(lookalikes),
        ),
        max_size=4,
    ).map("".join)
