"""Plain-text input: encodings, BOMs, newlines and the error for undecodable bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tm.errors import InputError
from tm.textfile import read_text

FIXTURES = Path(__file__).parent / "fixtures" / "align"
ZH = "李冰：\n2023年，国资委召开了2次会议。谢谢。\n"


@pytest.mark.parametrize("name", ["utf16le_bom.zh.txt", "utf16be_bom.zh.txt", "gb18030.zh.txt"])
def test_chinese_encodings(name: str) -> None:
    assert read_text(FIXTURES / name) == ZH


def test_utf8_bom_is_dropped() -> None:
    assert read_text(FIXTURES / "utf8_bom.en.txt").startswith("Li Bing:\n")


def test_file_object_and_newlines() -> None:
    assert read_text(io.BytesIO(b"a\r\nb\rc\n"), "x.txt") == "a\nb\nc\n"


def test_latin1_is_an_error_with_position() -> None:
    with pytest.raises(InputError) as info:
        read_text(FIXTURES / "latin1.txt")
    err = info.value
    assert (err.file, err.line, err.column) == (str(FIXTURES / "latin1.txt"), 2, 4)
    assert "0xe9" in err.reason and "offset 15" in err.reason


def test_gb18030_needs_chinese() -> None:
    # Decodes cleanly as GB18030 but into no Han character: not accepted.
    with pytest.raises(InputError):
        read_text(io.BytesIO(b"abc \x81\x30\x81\x30"), "x.txt")


def test_utf16_without_bom_is_an_error() -> None:
    with pytest.raises(InputError, match="BOM"):
        read_text(io.BytesIO("ab".encode("utf-16-le")), "x.txt")


def test_invalid_utf8_after_bom() -> None:
    with pytest.raises(InputError) as info:
        read_text(io.BytesIO(b"\xef\xbb\xbfok\nbad \xff"), "x.txt")
    assert (info.value.line, info.value.column) == (2, 5)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_text(tmp_path / "nope.txt")
