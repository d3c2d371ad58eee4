"""Bilingual TSV: the shared round trip, headers, encodings, escapes and malformed lines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.roundtrip_suite import RoundTripSuite, pair
from tm.errors import InputError
from tm.tsvfile import read_tsv, write_tsv

FIXTURES = Path(__file__).parent / "fixtures" / "tsv"


def read(data: bytes, src="en", tgt="zh-CN"):
    return list(read_tsv(io.BytesIO(data), "test.tsv", src_lang=src, tgt_lang=tgt))


def write(units, src="en", tgt="zh-CN", **kw) -> bytes:
    out = io.BytesIO()
    write_tsv(out, units, src_lang=src, tgt_lang=tgt, **kw)
    return out.getvalue()


def pairs(units, src="en", tgt="zh-CN"):
    return [(u.variant(src).text, u.variant(tgt).text) for u in units]


class TestTsvRoundTrip(RoundTripSuite):
    keeps_context = False

    def write(self, units, src, tgt):
        return write(units, src, tgt)

    def read(self, data, src, tgt):
        return read(data, src, tgt)


class TestTsvRoundTripWithHeader(TestTsvRoundTrip):
    def write(self, units, src, tgt):
        return write(units, src, tgt, header=True)


def test_glossary_fixture():
    with (FIXTURES / "glossary.tsv").open("rb") as fh:
        units = list(read_tsv(fh, "glossary.tsv"))  # languages from the header line
    assert pairs(units) == [
        ("national team", "国家队"),
        ("ballast", "压舱石"),
        ("central SOEs", "中央企业"),
        ("line one\nline two", "第一行\n第二行"),
        ("C:\\temp\\new", "目录 C:\\temp\\new"),
        ("C:\\Windows", "Windows 目录"),
    ]
    assert [u.notes for u in units[:3]] == [[], ["metaphor: stabiliser of the economy"], []]
    assert [u.origin_line for u in units] == [2, 3, 4, 6, 7, 8]  # the blank line 5 is skipped
    assert units[0].origin == "glossary.tsv:2"


def test_header_agreeing_with_arguments():
    assert pairs(read(b"en\tzh-CN\nball\t\xe7\x90\x83\n")) == [("ball", "球")]
    assert pairs(read(b"EN\tzh_cn\nball\t\xe7\x90\x83\n")) == [("ball", "球")]
    assert pairs(read(b"en\tzh\nball\t\xe7\x90\x83\n")) == [("ball", "球")]  # zh serves zh-CN


def test_header_contradicting_arguments():
    with pytest.raises(InputError, match="header line says zh-CN -> en") as exc:
        read(b"zh-CN\ten\n\xe7\x90\x83\tball\n")
    assert (exc.value.file, exc.value.line) == ("test.tsv", 1)
    with pytest.raises(InputError, match="zh-TW"):
        read(b"en\tzh-TW\nball\t\xe7\x90\x83\n")


def test_header_defines_languages_when_none_given():
    units = list(read_tsv(io.BytesIO(b"zh-CN\ten\n\xe7\x90\x83\tball\n"), "t.tsv"))
    assert [v.lang for v in units[0].variants] == ["zh-CN", "en"]


def test_no_header_and_no_languages():
    with pytest.raises(InputError, match="--src and --tgt"):
        list(read_tsv(io.BytesIO(b"ball\t\xe7\x90\x83\n"), "t.tsv"))


def test_pairs_that_look_like_tags_are_not_headers():
    data = b"API\tAPI\ncat\tdog\n"
    assert pairs(read(data)) == [("API", "API"), ("cat", "dog")]


def test_utf8_bom_and_crlf():
    data = "\ufeffnational team\t国家队\r\nballast\t压舱石\r\n".encode()
    assert pairs(read(data)) == [("national team", "国家队"), ("ballast", "压舱石")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    text = "en\tzh-CN\r\nnational team\t国家队\r\n\r\nballast\t压舱石\r\n"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    units = read((bom + text).encode(encoding))
    assert pairs(units) == [("national team", "国家队"), ("ballast", "压舱石")]
    assert [u.origin_line for u in units] == [2, 4]


def test_utf16_without_bom_is_refused():
    with pytest.raises(InputError, match="byte-order mark"):
        read("ball\t球\n".encode("utf-16-le"))


def test_not_utf8_names_line_and_column():
    with pytest.raises(InputError, match="not UTF-8") as exc:
        read("ball\t球\nteam\t国家队\n".encode("gbk"))
    assert (exc.value.line, exc.value.column) == (1, 6)


@pytest.mark.parametrize(
    ("line", "found"),
    [(b"just one field", "1 field"), (b"a\tb\tc\td", "4 field")],
)
def test_wrong_number_of_fields(line, found):
    with pytest.raises(InputError, match=found) as exc:
        read(b"ball\t\xe7\x90\x83\n" + line + b"\n")
    assert (exc.value.file, exc.value.line) == ("test.tsv", 2)
    assert str(exc.value).startswith("test.tsv:2: expected source<TAB>target")


def test_empty_field():
    with pytest.raises(InputError, match="empty target") as exc:
        read(b"ball\t\n")
    assert exc.value.line == 1


def test_blank_lines_skipped():
    assert pairs(read(b"\n  \nball\t\xe7\x90\x83\n\n")) == [("ball", "球")]


def test_escapes_written_and_read():
    unit = pair("tab\there\nnew \\ line\r", "制表\t符")
    unit.notes = ["first note", "second\tnote"]
    data = write([unit])
    assert data == "tab\\there\\nnew \\\\ line\\r\t制表\\t符\tfirst note\\nsecond\\tnote\n".encode()
    back = read(data)[0]
    assert pairs([back]) == [("tab\there\nnew \\ line\r", "制表\t符")]
    assert back.notes == ["first note\nsecond\tnote"]


def test_writer_skips_units_it_cannot_represent():
    units = [
        pair("ok", "好"),
        pair("", "空"),
        pair("english", "x", tgt_lang="fr"),
        pair(" ", "\u3000"),
    ]
    out = io.BytesIO()
    assert write_tsv(out, units, src_lang="en", tgt_lang="zh-CN") == 1
    assert pairs(read(out.getvalue())) == [("ok", "好")]


def test_zh_to_en_header():
    data = write([pair("压舱石", "ballast", "zh-CN", "en")], "zh-CN", "en", header=True)
    assert data.startswith(b"zh-CN\ten\n")
    assert pairs(read(data, "zh-CN", "en"), "zh-CN", "en") == [("压舱石", "ballast")]


TEXT = st.text(
    st.sampled_from(list('ab Z"\\\t\n\r\u3000，。甲乙𠀀#nrt') + ["\u2028", "\x85"]), max_size=12
)


@given(st.lists(st.tuples(TEXT, TEXT), max_size=8))
def test_write_read_tsv_roundtrip(entries):
    back = read(write([pair(s, t) for s, t in entries]))
    # The writer leaves out units whose line would read as blank (whitespace only).
    visible = str.maketrans("\t\n\r", "xxx")
    kept = [(s, t) for s, t in entries if s and t and (s + t).translate(visible).strip()]
    assert pairs(back) == kept
