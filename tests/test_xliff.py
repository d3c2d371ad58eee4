"""XLIFF 1.2 and 2.x: the shared round trip, inline codes, filling targets, safety, other tools."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from tests.roundtrip_suite import RoundTripSuite, pair
from tm.errors import InputError
from tm.importer import import_files
from tm.inline import plain_text
from tm.store import SQLiteStore
from tm.xliff import (
    MTC,
    NS12,
    NS20,
    FillInfo,
    XliffDocument,
    iter_segments,
    read_xliff,
    write_xliff,
)

FIXTURES = Path(__file__).parent / "fixtures" / "xliff"


def write(units, src="en", tgt="zh-CN", version="1.2") -> bytes:
    out = io.BytesIO()
    write_xliff(out, units, src_lang=src, tgt_lang=tgt, version=version)
    return out.getvalue()


def read(data: bytes, name="test.xlf", **kw):
    return list(read_xliff(io.BytesIO(data), name, **kw))


def fixture_units(name: str, **kw):
    with (FIXTURES / name).open("rb") as fh:
        return list(read_xliff(fh, name, **kw))


class TestXliff12RoundTrip(RoundTripSuite):
    def write(self, units, src, tgt):
        return write(units, src, tgt, "1.2")

    def read(self, data, src, tgt):
        return read(data)


class TestXliff20RoundTrip(RoundTripSuite):
    def write(self, units, src, tgt):
        return write(units, src, tgt, "2.0")

    def read(self, data, src, tgt):
        return read(data)


class TestXliff21RoundTrip(TestXliff20RoundTrip):
    def write(self, units, src, tgt):
        return write(units, src, tgt, "2.1")


# Reading real-looking files ----------------------------------------------------------------


def test_xliff12_units_languages_notes_state_and_segments():
    units = fixture_units("v12_inline.xlf")
    assert [u.tuid for u in units] == ["1", "2", "3#1", "3#2"]
    first = units[0]
    assert [v.lang for v in first.variants] == ["en-US", "zh-CN"]  # normalised
    assert first.notes == ["A button label"]
    assert ("x-xliff-state", "translated") in first.props
    assert ("x-xliff-resname", "title") in first.props
    assert first.origin == "v12_inline.xlf:7"
    assert [(u.variants[0].text, u.variants[1].text) for u in units[2:]] == [
        ("First sentence.", "第一句。"),
        ("Second sentence.", "第二句。"),
    ]


def test_xliff12_inline_codes_become_tmx_markup_and_plain_text():
    units = fixture_units("v12_inline.xlf")
    source = units[0].variants[0]
    assert source.text == "Save the national team filenow"
    assert source.markup.startswith('Save the <bpt i="1" x="1" type="bold">&lt;g id="1"')
    assert plain_text(source.markup) == source.text
    click = units[1].variants[0]
    assert click.text == "Click here or  more ballast"  # native codes go, marked text stays
    # The native bpt keeps its id as i; the paired <mrk> is numbered around it.
    assert '<bpt i="1" x="1">&lt;bpt id="1"&gt;' in click.markup
    assert '<bpt i="2">&lt;mrk mtype="term"&gt;</bpt>ballast<ept i="2">' in click.markup


def test_xliff20_units_codes_notes_and_untranslated():
    units = fixture_units("v20_inline.xlf", include_untranslated=True)
    assert [u.tuid for u in units] == ["u1#s1", "u1#s2", "u2"]
    assert units[0].variants[1].lang == "zh-CN"
    assert units[0].notes == ["A button label"]
    assert units[1].variants[0].text == "Bold start and ballast"
    assert '<it pos="begin" x="3">&lt;sc id="3"/&gt;</it>' in units[1].variants[0].markup
    assert len(units[2].variants) == 1  # no target: the source alone
    assert [u.tuid for u in fixture_units("v20_inline.xlf")] == ["u1#s1", "u1#s2"]


def test_xliff21_and_chinese_source():
    (unit,) = fixture_units("v21.xlf")
    assert [(v.lang, v.text) for v in unit.variants] == [("zh-CN", "压舱石"), ("en", "ballast")]


@pytest.mark.parametrize("name", ["v12_inline.xlf", "v20_inline.xlf"])
def test_inline_markup_survives_write_and_read(name):
    units = fixture_units(name)
    version = "1.2" if "12" in name else "2.0"
    src, tgt = units[0].variants[0].lang, units[0].variants[1].lang
    again = read(write(units, src, tgt, version))
    assert [[v.content for v in u.variants] for u in again] == [
        [v.content for v in u.variants] for u in units
    ]


def test_foreign_tmx_codes_are_written_as_valid_codes():
    unit = pair("Hello world", "你好世界")
    unit.variants[
        0
    ].markup = '<bpt i="1">&lt;b&gt;</bpt>Hello<ept i="1">&lt;/b&gt;</ept> <ph x="2">{0}</ph>world'
    data12 = write([unit])
    assert (
        b'<bpt id="1">&lt;b&gt;</bpt>Hello<ept id="1">&lt;/b&gt;</ept> <ph id="2">{0}</ph>'
        in data12
    )
    data20 = write([unit], version="2.0")
    source = etree.fromstring(data20).find(f".//{{{NS20}}}source")
    assert [etree.QName(c).localname for c in source] == ["sc", "ec", "ph"]
    assert read(data20)[0].variants[0].text == "Hello world"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("malformed.xlf", r"malformed.xlf:5:\d+: malformed XML"),
        ("xxe.xlf", "xxe.xlf:1: the document declares entities"),
        ("no_source_language.xlf", "no_source_language.xlf:3: <file> without source-language"),
    ],
)
def test_bad_files_name_file_and_line(name, pattern):
    with pytest.raises(InputError, match=pattern):
        fixture_units(name)
    with pytest.raises(InputError, match=pattern.replace(r"\d+: malformed", r"\d+: malformed")):
        XliffDocument.parse((FIXTURES / name).read_bytes(), name).segments()


def test_not_xliff_is_refused():
    with pytest.raises(InputError, match="not an XLIFF file"):
        read(b"<tmx/>")


def test_import_into_the_memory(tmp_path):
    with SQLiteStore(tmp_path / "t.db") as store:
        reports = import_files(store, [FIXTURES / "v12_inline.xlf", FIXTURES / "v20_inline.xlf"])
        assert [r.added for r in reports] == [4, 2]
        assert store.languages() == {"en-US": 4, "zh-CN": 6, "en": 2}


def test_iter_segments_streams_units_of_nested_groups():
    with (FIXTURES / "v20_inline.xlf").open("rb") as fh:
        segments = list(iter_segments(fh, "v20"))
    assert [(s.unit_id, s.segment_id, s.state) for s in segments] == [
        ("u1", "s1", "translated"),
        ("u1", "s2", None),
        ("u2", None, None),
    ]


# Filling targets in place ------------------------------------------------------------------


def _fill_all(name: str, exact: bool) -> tuple[XliffDocument, etree._Element]:
    doc = XliffDocument.parse((FIXTURES / name).read_bytes(), name)
    for seg in doc.segments():
        if not seg.is_translated:
            doc.fill(
                seg,
                FillInfo(
                    "未翻译", None, exact, 100.0 if exact else 87.5, "mem.po:3", "Untranslate"
                ),
            )
    out = io.BytesIO()
    doc.write(out)
    return doc, etree.fromstring(out.getvalue())


def test_fill_xliff12_exact_and_fuzzy():
    _, root = _fill_all("v12_inline.xlf", exact=True)
    tu = root.find(f".//{{{NS12}}}trans-unit[@id='4']")
    target = tu.find(f"{{{NS12}}}target")
    assert target.text == "未翻译" and target.get("state") == "translated"
    assert target.get("state-qualifier") == "exact-match"
    assert tu.find(f"{{{NS12}}}alt-trans") is None
    _, root = _fill_all("v12_inline.xlf", exact=False)
    tu = root.find(f".//{{{NS12}}}trans-unit[@id='4']")
    assert tu.find(f"{{{NS12}}}target").get("state") == "needs-review-translation"
    alt = tu.find(f"{{{NS12}}}alt-trans")
    assert alt.get("match-quality") == "87.5" and alt.get("origin") == "mem.po:3"
    assert alt.find(f"{{{NS12}}}source").text == "Untranslate"
    # The rest of the document is as it was: the translated units keep their targets.
    kept = root.find(f".//{{{NS12}}}trans-unit[@id='1']/{{{NS12}}}target")
    assert "".join(kept.itertext()) == "保存国家队文件现在"
    assert root.find(f".//{{{NS12}}}header/{{{NS12}}}tool") is not None


def test_fill_xliff12_segmented_unit_creates_target_marks(tmp_path):
    data = (
        (FIXTURES / "v12_inline.xlf")
        .read_bytes()
        .replace(
            b'<target><mrk mtype="seg" mid="1">\xe7\xac\xac\xe4\xb8\x80\xe5\x8f\xa5\xe3\x80\x82</mrk>'
            b'<mrk mtype="seg" mid="2">\xe7\xac\xac\xe4\xba\x8c\xe5\x8f\xa5\xe3\x80\x82</mrk></target>',
            b"",
        )
    )
    doc = XliffDocument.parse(data, "seg.xlf")
    second = [s for s in doc.segments() if s.segment_id == "2"][0]
    doc.fill(second, FillInfo("第二句。", None, True, 100.0))
    out = io.BytesIO()
    doc.write(out)
    again = [u for u in read(out.getvalue()) if u.tuid.startswith("3#")]
    assert [(u.tuid, u.variants[1].text) for u in again] == [("3#1", ""), ("3#2", "第二句。")]


def test_fill_xliff2_state_and_matches_module():
    _, root = _fill_all("v20_inline.xlf", exact=False)
    unit = root.find(f".//{{{NS20}}}unit[@id='u2']")
    segment = unit.find(f"{{{NS20}}}segment")
    assert segment.get("state") == "initial"
    assert segment.find(f"{{{NS20}}}target").text == "未翻译"
    match = unit.find(f"{{{MTC}}}matches/{{{MTC}}}match")
    assert match.get("ref") == f"#{segment.get('id')}"
    assert match.get("matchQuality") == "87.50" and match.get("origin") == "mem.po:3"
    assert unit[0].tag == f"{{{MTC}}}matches"  # modules come before the segments
    _, root = _fill_all("v20_inline.xlf", exact=True)
    assert root.find(f".//{{{NS20}}}unit[@id='u2']/{{{NS20}}}segment").get("state") == "translated"


def test_fill_with_markup_rebuilds_codes():
    doc = XliffDocument.parse((FIXTURES / "v12_inline.xlf").read_bytes(), "x")
    seg = [s for s in doc.segments() if s.unit_id == "4"][0]
    first = [s for s in doc.segments() if s.unit_id == "1"][0]
    doc.fill(seg, FillInfo(first.target, first.target_markup, True, 100.0))
    assert etree.tostring(seg.target_element, encoding="unicode").count("<g ") == 1
    out = io.BytesIO()
    doc.write(out)
    again = [u for u in read(out.getvalue()) if u.tuid == "4"][0]
    assert again.variants[1].markup == first.target_markup


# Other tools read what we write ------------------------------------------------------------


def test_translate_toolkit_reads_our_xliff():
    xliff = pytest.importorskip("translate.storage.xliff")
    units = [pair("national team", "国家队"), pair("Open", "打开", context="menu")]
    store = xliff.xlifffile.parsestring(write(units))
    found = [(u.source, u.target) for u in store.units]
    assert found == [("national team", "国家队"), ("Open", "打开")]
    assert store.units[1].getcontextgroups("po-entry") == [[("x-po-msgctxt", "menu")]]
    assert store.gettargetlanguage() == "zh-CN"
