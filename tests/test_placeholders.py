"""Placeholders and numbers: what a translation must carry over."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tm.placeholders import (
    compare_numbers,
    compare_placeholders,
    extract_numbers,
    extract_placeholders,
    placeholder_names,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%s files", ["%s"]),
        ("%(name)s has %d items", ["%(name)s", "%d"]),
        ("%5.2f and %-10s", ["%5.2f", "%-10s"]),
        ("%1$s", ["%1$s"]),
        ("%s个文件", ["%s"]),  # Chinese runs straight on from a placeholder
        ("{0} and {name}", ["{0}", "{name}"]),
        (
            "{} {name!r:>10} {obj.attr} {items[0]}",
            ["{}", "{name!r:>10}", "{obj.attr}", "{items[0]}"],
        ),
    ],
)
def test_placeholders_are_found(text, expected):
    assert placeholder_names(text) == expected


@pytest.mark.parametrize(
    "text",
    ["50% of the votes", "100%.", "%-style formatting", "uses %-formatting", "%%", "{{literal}}",
     "a dict {'a': 1}", "完成率 95%以上"],
)  # fmt: skip
def test_prose_is_not_a_placeholder(text):
    assert placeholder_names(text) == []


def test_a_format_flag_reads_printf_as_gettext_does():
    assert placeholder_names("50% of", ["c-format"]) == ["% o"]
    assert placeholder_names("%+d", ["python-format"]) == ["%+d"]
    assert placeholder_names("%+d") == []


def test_positions_are_reported():
    (p,) = extract_placeholders("abc %(x)s")
    assert (p.start, p.end, p.kind) == (4, 9, "printf")


def test_placeholders_compare_as_multisets_since_order_may_change():
    assert compare_placeholders("%(a)s of %(b)s", "%(b)s 的 %(a)s") is None
    mismatch = compare_placeholders("%s and %d", "%s 和")
    assert mismatch.missing == ("%d",) and mismatch.extra == ()
    assert str(mismatch) == "placeholders differ: missing %d"
    assert compare_placeholders("{0}", "{0} {1}").extra == ("{1}",)


def test_numbers_fold_width_and_thousands_separators():
    assert extract_numbers("第１号，２０２４年 1,000 人, version 3.14.") == [
        "1",
        "2024",
        "1000",
        "3.14",
    ]
    assert compare_numbers("Python 3.14 has 1,000 changes", "Python 3.14 有 1000 处变化") is None
    assert str(compare_numbers("3 files", "4 个文件")) == "numbers differ: missing 3, extra 4"
    assert extract_numbers("no digits") == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("%{}()sd0123456789.,:-$! a国２"), max_size=30))
def test_extraction_never_fails_and_a_text_matches_itself(text):
    assert compare_placeholders(text, text) is None
    assert compare_numbers(text, text) is None
    for p in extract_placeholders(text):
        assert text[p.start : p.end] == p.text
