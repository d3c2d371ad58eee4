"""XLIFF 1.2 and 2.x: the shared round trip, inline codes, filling targets, safety, other tools,
characters XML 1.0 cannot carry."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import build_memory, copy_memory
from tests.roundtrip_suite import RoundTripSuite, pair
from tests.unwritable import DIRECTIONS, EN_TEXT, NOT_XML, ZH_TEXT, texts_with
from tm.errors import InputError
from tm.importer import import_files
from tm.inline import plain_text
from tm.store import SQLiteStore
from tm.tmxchars import char_placeholder
from tm.unit import TranslationUnit, Variant
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
from tm.xmlsafe import safe_parser
from tui.cli import main

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


# Module and extension data survive a pre-translation ---------------------------------------

# Text nodes of the fixtures' sources, English and Chinese: each fixture is English to
# Chinese; its Chinese to English twin has these texts swapped in, and its languages.
PHRASES = {
    "Save the ": "保存",
    "national team": "国家队",
    " file": "文件",
    "now": "现在",
    "Bold start": "粗体开始",
    " and ": "和",
    "ballast": "压舱石",
    "The ": "",
    "central SOEs": "中央企业",
    " are the ": "是",
    "The central SOEs reported a profit in 2023!": "中央企业在2023年实现了利润！",
}
FUZZY = ("The central SOEs reported a profit in 2022.", "中央企业在2022年实现了利润。")
MODULE_FIXTURES = {"2": "modules_v2.xlf", "1.2": "okapi_v12.xlf"}


def chinese_source(data: bytes) -> bytes:
    """An English to Chinese fixture as a Chinese to English file, byte for byte otherwise."""
    for en, zh in PHRASES.items():
        data = data.replace(f">{en}<".encode(), f">{zh}<".encode())
    for a, b in (
        (b'srcLang="en" trgLang="zh-CN"', b'srcLang="zh-CN" trgLang="en"'),
        (b'source-language="en" target-language="zh-CN"', b'source-language="zh-CN" '
         b'target-language="en"'),
        (b'xml:lang="en"', b'xml:lang="zh-CN"'),
    ):  # fmt: skip
        data = data.replace(a, b)
    return data


def module_input(kind: str, direction: str, version: str | None = None) -> bytes:
    data = (FIXTURES / MODULE_FIXTURES[kind]).read_bytes()
    if version is not None:
        data = data.replace(b'version="2.1"', f'version="{version}"'.encode(), 1)
    return data if direction == "en-zh" else chinese_source(data)


def strip_fills(data: bytes) -> bytes:
    """A pre-translated file without what pre-translation adds: targets, states, match data."""
    for pattern in (
        rb"<mtc:matches[ >].*?</mtc:matches>\s*",
        rb"\s*<alt-trans[ >].*?</alt-trans>",
        rb"\s*<target[ >].*?</target>",
        rb' state="[a-z-]+"',
        rb' state-qualifier="[a-z-]+"',
        rb' id="concord-s\d+"',
    ):
        data = re.sub(pattern, b"", data, flags=re.S)
    return data


def inner(data: bytes, tag: bytes) -> list[bytes]:
    """The content of each <tag> of a document (not nested), as written."""
    return re.findall(rb"<" + tag + rb"(?: [^>]*)?>(.*?)</" + tag + rb">", data, flags=re.S)


@pytest.fixture(scope="module")
def module_memory(tmp_path_factory) -> Path:
    """Both fixtures' segments, both directions, as a memory would hold them; one near miss."""
    units = []
    for kind in MODULE_FIXTURES:
        english = XliffDocument.parse(module_input(kind, "en-zh"), "en").segments()
        chinese = XliffDocument.parse(module_input(kind, "zh-en"), "zh").segments()
        for en, zh in zip(english[:-1], chinese[:-1], strict=True):  # the last: fuzzy
            for a, b in ((en, zh), (zh, en)):
                units.append(
                    TranslationUnit(
                        variants=[
                            Variant(a.src_lang, a.source, a.source_markup),
                            Variant(b.src_lang, b.source, b.source_markup),
                        ],
                        origin_file="mem.xlf",
                        origin_line=1,
                    )
                )
    for src, tgt in (("en", "zh-CN"), ("zh-CN", "en")):
        texts = FUZZY if src == "en" else FUZZY[::-1]
        units.append(TranslationUnit(variants=[Variant(src, texts[0]), Variant(tgt, texts[1])]))
    return build_memory(tmp_path_factory.mktemp("modules") / "mem.db", units)


def pretranslate_bytes(memory: Path, data: bytes, tmp_path: Path) -> bytes:
    db = copy_memory(memory, tmp_path)
    src, out = tmp_path / "in.xlf", tmp_path / "out.xlf"
    src.write_bytes(data)
    assert main(["--db", str(db), "pretranslate", str(src), "-o", str(out)]) == 0
    return out.read_bytes()


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
@pytest.mark.parametrize("version", ["2.0", "2.1", "2.2"])
def test_xliff2_pretranslation_keeps_module_and_extension_data(
    module_memory, tmp_path, version, direction
):
    data = module_input("2", direction, version)
    out = pretranslate_bytes(module_memory, data, tmp_path)
    # The filled targets' codes are the source's with all their attributes (fs:fs,
    # slr:sizeRestriction, acme:style...): what the other language's file has as its source.
    other = module_input("2", "zh-en" if direction == "en-zh" else "en-zh", version)
    targets = inner(out, b"target")
    assert (
        b'<pc id="1" type="fmt" fs:fs="b" slr:sizeRestriction="20" acme:style="bold">'
        in (targets[0])
    )
    assert targets[:2] == [s for s in inner(other, b"source") if s.strip()][:2]  # no ignorable
    # Everything but what was filled is as it was, byte for byte: the prolog, the comment,
    # fs/slr/mda/val modules and acme extension data on file, group, unit, notes, segment.
    assert strip_fills(out) == data
    root = etree.fromstring(out)
    segments = list(root.iter(f"{{{NS20}}}segment"))
    assert [s.get("state") for s in segments] == ["translated", "translated", "initial"]
    assert root.find(f".//{{{NS20}}}unit[@id='u2']/{{{MTC}}}matches") is not None


@pytest.mark.parametrize("direction", ["en-zh", "zh-en"])
def test_xliff12_pretranslation_keeps_okapi_and_its_data(module_memory, tmp_path, direction):
    data = module_input("1.2", direction)
    out = pretranslate_bytes(module_memory, data, tmp_path)
    other = module_input("1.2", "zh-en" if direction == "en-zh" else "en-zh")
    targets = inner(out, b"target")
    # ITS on the id-less <mrk> codes and okp: on <g>/<x> come back on the target's codes.
    assert b'<x id="2" ctype="lb" okp:tag="br"/>' in targets[0]
    assert b'its:locNote="SOE: state-owned enterprise"' in targets[1]
    assert targets[:2] == inner(other, b"source")[:2]
    # The rest is as it was: okp: and its: on the root, file and units; their elements.
    assert strip_fills(out) == data
    root = etree.fromstring(out)
    states = [t.get("state") for t in root.iter(f"{{{NS12}}}target") if t.get("state")]
    assert states == ["translated", "translated", "needs-review-translation"]


@pytest.mark.parametrize(
    ("kind", "direction"), [(k, d) for k in "2 1.2".split() for d in ("en-zh", "zh-en")]
)
def test_a_document_written_back_unfilled_is_the_same_bytes(kind, direction):
    data = module_input(kind, direction)
    out = io.BytesIO()
    XliffDocument.parse(data, "x.xlf").write(out)
    assert out.getvalue() == data


@pytest.mark.parametrize(
    "data",
    [
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<?pi a?>\n<!-- c -->\n<!DOCTYPE xliff [\n'
        b'<!ATTLIST xliff a CDATA "]>">\n]>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0"'
        b' version="2.0" srcLang="en"><file id="f"/></xliff>\n<!-- after -->\n\n',
        b'<x:xliff xmlns:x="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        b'<x:file source-language="en"/></x:xliff >',
    ],
    ids=["bom-pi-doctype-comments", "prefixed-root"],
)
def test_bytes_around_the_root_are_kept(data):
    out = io.BytesIO()
    XliffDocument.parse(data, "x.xlf").write(out)
    assert out.getvalue() == data.replace(b"</x:xliff >", b"</x:xliff>")


@pytest.mark.parametrize("kind", ["2", "1.2"])
def test_crlf_line_breaks_stay_crlf(kind):
    data = module_input(kind, "en-zh").replace(b"\n", b"\r\n")
    doc = XliffDocument.parse(data, "x.xlf")
    out = io.BytesIO()
    doc.write(out)
    assert out.getvalue() == data
    seg = doc.segments()[-1]
    doc.fill(seg, FillInfo("中央企业", None, True, 100.0))
    out = io.BytesIO()
    doc.write(out)
    filled = out.getvalue()
    assert "中央企业</target>".encode() in filled
    assert b"\n" not in filled.replace(b"\r\n", b"")  # every line break is still CRLF


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en"/></xliff>'
        b"\n<!-- </xliff> -->\n",
        '<?xml version="1.0" encoding="UTF-16"?>\n<xliff version="1.2">'
        '<file source-language="en"/></xliff>'.encode("utf-16"),
    ],
    ids=["root-end-tag-in-a-trailing-comment", "utf-16"],
)
def test_unsure_where_the_root_is_falls_back_to_lxml(data):
    doc = XliffDocument.parse(data, "x.xlf")
    assert doc.outside is None
    out = io.BytesIO()
    doc.write(out)
    assert etree.fromstring(out.getvalue()).get("version") == "1.2"


def test_codes_differing_only_in_module_attributes_have_the_same_markup():
    """Module data stays out of the memory's markup, so it never stops a match being exact."""
    plain = XliffDocument.parse(
        module_input("2", "en-zh").replace(
            b' fs:fs="b" slr:sizeRestriction="20" acme:style="bold"', b""
        ),
        "x",
    ).segments()
    full = XliffDocument.parse(module_input("2", "en-zh"), "x").segments()
    assert full[0].source_markup == plain[0].source_markup


def test_extension_elements_inline_keep_their_namespace():
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:xliff-extensions" version="1.2">'
        b'<file source-language="en" target-language="zh-CN"><body>'
        b'<trans-unit id="1"><source>a<okp:x k="v"/>b</source></trans-unit>'
        b'<trans-unit id="2"><source>c</source></trans-unit>'
        b"</body></file></xliff>"
    )
    doc = XliffDocument.parse(data, "x")
    first, second = doc.segments()
    assert '&lt;okp:x xmlns:okp="okapi-framework:xliff-extensions" k="v"/&gt;' in (
        first.source_markup
    )
    doc.fill(second, FillInfo("丙", first.source_markup, True, 100.0))
    # Back into a file declaring the namespace: the element itself, not an XLIFF <x> code.
    assert etree.tostring(second.target_element) == (
        b'<target xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:xliff-extensions" '
        b'state="translated" state-qualifier="exact-match">a<okp:x k="v"/>b</target>'
    )
    # Into a file that does not know it: a native code, as any tool's code.
    other = XliffDocument.parse(
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="en">'
        b'<body><trans-unit id="1"><source>c</source></trans-unit></body></file></xliff>',
        "y",
    )
    (seg,) = other.segments()
    other.fill(seg, FillInfo("丙", first.source_markup, True, 100.0))
    (code,) = seg.target_element
    assert etree.QName(code).localname == "ph" and code.text.startswith("<okp:x ")


def test_a_namespace_declared_on_the_source_code_alone_keeps_its_prefix():
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        b'trgLang="zh-CN"><file id="f"><unit id="u"><segment><source>a<pc id="1" '
        b'xmlns:loc="urn:example:loc" loc:max="9">b</pc></source></segment></unit></file></xliff>'
    )
    doc = XliffDocument.parse(data, "x")
    (seg,) = doc.segments()
    assert (
        seg.source_markup
        == 'a<bpt i="1" x="1">&lt;pc id="1"&gt;</bpt>b<ept i="1">&lt;/pc&gt;</ept>'
    )
    zh = '甲<bpt i="1" x="1">&lt;pc id="1"&gt;</bpt>乙<ept i="1">&lt;/pc&gt;</ept>'
    doc.fill(seg, FillInfo("甲乙", zh, True, 100))
    assert etree.tostring(seg.target_element, encoding="unicode").endswith(
        '>甲<pc xmlns:loc="urn:example:loc" id="1" loc:max="9">乙</pc></target>'
    )


# Characters XML 1.0 cannot carry ------------------------------------------------------------
#
# XLIFF 2.x writes them as <cp hex="001B"/>, 1.2 as <ph id="char1" ctype="x-concord-char">
# U+001B</ph> (tm.xliff.chars); both read back as the character, in sources read for
# matching too. The memory's markup holds TMX's placeholder for them, as a TMX file's does.

VERSIONS = ["1.2", "2.0", "2.1"]
TEXTS = {"en": EN_TEXT, "zh-CN": ZH_TEXT}
# Text that merely looks like a code or a character reference stays text.
LOOKALIKES = [
    "U+001B",
    '<cp hex="001B"/>',
    '<ph id="char1" ctype="x-concord-char">U+001B</ph>',
    "&#x1B;",
    "&amp;#x1B;",
]
any_texts = texts_with(LOOKALIKES)
# An XLIFF code of each version, as the memory's markup holds it (it round-trips as itself).
NATIVE_CODE = {"1.2": '<ph x="1">&lt;x id="1"/&gt;</ph>', "2": '<ph x="1">&lt;ph id="1"/&gt;</ph>'}


def parsed(data: bytes) -> etree._Element:
    """The document, parsed as every file Concord reads: it must be well-formed XML."""
    return etree.fromstring(data, safe_parser())


CHAR_CODE = re.compile(
    rb'<cp hex="[0-9A-F]{4}"/>|<ph id="char\d+" ctype="x-concord-char">U\+[0-9A-F]{4}</ph>'
)


def char_codes(data: bytes) -> list[bytes]:
    """The 2.x cp and 1.2 character placeholders of a document, as written."""
    return CHAR_CODE.findall(data)


def short(version: str) -> str:
    return "1.2" if version == "1.2" else "2"


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
@pytest.mark.parametrize("version", VERSIONS)
def test_characters_xml_cannot_carry_are_written_as_codes(version, src, tgt):
    data = write([pair(TEXTS[src], TEXTS[tgt], src, tgt)], src, tgt, version)
    parsed(data)
    assert not any(c.encode() in data for c in NOT_XML)
    if version == "1.2":
        assert b'Press <ph id="char1" ctype="x-concord-char">U+001B</ph>[1mEnter' in data
        assert '键<ph id="char3" ctype="x-concord-char">U+000C</ph>下一页'.encode() in data
    else:
        assert b'Press <cp hex="001B"/>[1mEnter<cp hex="001B"/>[0m<cp hex="000C"/>next' in data
        assert '下一页<cp hex="FFFE"/><cp hex="FFFF"/>'.encode() in data
    assert len(char_codes(data)) == 10
    (after,) = read(data)
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (src, TEXTS[src], None),
        (tgt, TEXTS[tgt], None),
    ]
    assert write(read(data), src, tgt, version) == data


@settings(max_examples=200, deadline=None)
@given(
    src=any_texts,
    tgt=any_texts,
    langs=st.sampled_from(DIRECTIONS),
    version=st.sampled_from(VERSIONS),
)
def test_any_text_survives_write_and_read(src, tgt, langs, version):
    data = write([pair(src, tgt, *langs)], *langs, version)
    parsed(data)
    (after,) = read(data)
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (langs[0], src, None),
        (langs[1], tgt, None),
    ]


def with_code(text: str, version: str, at: int) -> str:
    """The markup of *text* with an XLIFF code at *at*: TMX placeholders for the characters."""
    pieces = [char_placeholder(c) if c in NOT_XML else escape_markup(c) for c in text]
    pieces.insert(min(at, len(pieces)), NATIVE_CODE[short(version)])
    return "".join(pieces)


def escape_markup(char: str) -> str:
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}.get(char, char)


@settings(max_examples=100, deadline=None)
@given(
    src=any_texts,
    tgt=any_texts,
    langs=st.sampled_from(DIRECTIONS),
    version=st.sampled_from(VERSIONS),
    data=st.data(),
)
def test_characters_beside_codes_survive_write_and_read(src, tgt, langs, version, data):
    before = [
        Variant(lang, text, with_code(text, version, data.draw(st.integers(0, 30), label=lang)))
        for lang, text in zip(langs, (src, tgt), strict=True)
    ]
    out = write([TranslationUnit(before)], *langs, version)
    parsed(out)
    (after,) = read(out)
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (v.lang, v.text, v.markup) for v in before
    ]


XLIFF_12 = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file '
    'source-language="{src}" target-language="{tgt}" datatype="plaintext" original="x"><body>'
    '<trans-unit id="1"><source>{source}</source></trans-unit></body></file></xliff>'
)
XLIFF_2 = (
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}" '
    'trgLang="{tgt}"><file id="f"><unit id="u1"><segment><source>{source}</source></segment>'
    "</unit></file></xliff>"
)


def xliff_with_source(version: str, source: str, src: str = "en", tgt: str = "zh-CN") -> bytes:
    """A file from another tool: one segment whose source is *source*, no target."""
    template = XLIFF_12 if version == "1.2" else XLIFF_2
    return template.format(src=src, tgt=tgt, source=source).encode()


@pytest.mark.parametrize(
    ("version", "source", "text"),
    [
        ("2", 'a<cp hex="001B"/>b', "a\x1bb"),
        ("2", '<cp hex="0000"/><cp hex="FFFF"/>', "\x00\uffff"),
        ("2", '<pc id="1">a<cp hex="000c"/></pc>', "a\f"),  # lower case is hex too
        ("2", 'a<cp hex="0041"/>b', "aAb"),  # writers must not, but the meaning is plain
        ("1.2", 'a<ph id="7" ctype="x-concord-char">U+001B</ph>b', "a\x1bb"),
        ("1.2", 'a<ph ctype="x-concord-char">U+000B</ph>b', "a\x0bb"),
        ("1.2", '<g id="1">a<ph id="c" ctype="x-concord-char">U+FFFE</ph></g>', "a\ufffe"),
    ],
)
def test_sources_with_characters_read_as_the_characters(version, source, text):
    data = xliff_with_source(version, source)
    (segment,) = XliffDocument.parse(data, "x").segments()
    assert segment.source == text
    (unit,) = read(data, include_untranslated=True)
    assert unit.variants[0].text == text
    if "<g " in source or "<pc " in source:  # a real code too: markup, with placeholders
        assert all(char_placeholder(c) in segment.source_markup for c in text if c in NOT_XML)
    else:
        assert segment.source_markup is None


@pytest.mark.parametrize(
    ("version", "code"),
    [
        ("2", '<cp hex="D800"/>'),  # a surrogate: not a character
        ("2", '<cp hex="110000"/>'),
        ("2", '<cp hex="1B x"/>'),
        ("2", '<ph id="1"/>'),
        ("1.2", '<ph id="1">U+001B</ph>'),
        ("1.2", '<ph id="1" ctype="x-char">U+001B</ph>'),
        ("1.2", '<ph id="1" ctype="x-concord-char" crc="5">U+001B</ph>'),
        ("1.2", '<ph id="1" ctype="x-concord-char">u+001b</ph>'),
        ("1.2", '<ph id="1" ctype="x-concord-char">U+1B</ph>'),
        ("1.2", '<ph id="1" ctype="x-concord-char">U+0041</ph>'),  # XML carries "A"
        ("1.2", '<ph id="1" ctype="x-concord-char">U+D800</ph>'),
        ("1.2", '<ph id="1" ctype="x-concord-char">U+001B<sub>tip</sub></ph>'),
        ("1.2", '<x id="1" ctype="x-concord-char"/>'),
    ],
)
def test_other_codes_stay_codes(version, code):
    """A real code from another tool, and anything unlike what Concord writes, is a code."""
    data = xliff_with_source(version, f"a {code}b")
    (segment,) = XliffDocument.parse(data, "x").segments()
    assert segment.source == "a b" and segment.source_markup is not None
    unit = TranslationUnit([Variant("en", "a b", segment.source_markup), Variant("zh-CN", "甲")])
    assert f"a {code}b".encode() in write([unit], version="1.2" if version == "1.2" else "2.0")


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
@pytest.mark.parametrize("version", ["1.2", "2"])
@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("coded", [False, True])
def test_a_fill_with_characters_writes_them_as_codes(version, src, tgt, exact, coded):
    data = xliff_with_source(version, "x", src, tgt)
    doc = XliffDocument.parse(data, "x")
    (segment,) = doc.segments()
    markup = with_code(TEXTS[tgt], version, 3) if coded else None
    fill = FillInfo(TEXTS[tgt], markup, exact, 100.0 if exact else 80.0, "m.tmx:3", TEXTS[src])
    doc.fill(segment, fill)
    out = io.BytesIO()
    doc.write(out)
    filled = out.getvalue()
    parsed(filled)
    assert not any(c.encode() in filled for c in NOT_XML)
    # The target, and a fuzzy match's source and target (alt-trans, mtc:match), as codes.
    assert len(char_codes(filled)) == (5 if exact else 15)
    (unit,) = read(filled)
    assert [(v.text, v.markup) for v in unit.variants] == [("x", None), (TEXTS[tgt], markup)]


def units_with_characters(src: str, tgt: str, version: str) -> list[TranslationUnit]:
    """Two units holding characters XML cannot carry: plain text, and beside an XLIFF code."""
    coded = TranslationUnit(
        [
            Variant(src, TEXTS[src], with_code(TEXTS[src], version, 2)),
            Variant(tgt, TEXTS[tgt], with_code(TEXTS[tgt], version, 4)),
        ]
    )
    return [pair(TEXTS[src], TEXTS[tgt], src, tgt), coded]


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
@pytest.mark.parametrize("version", VERSIONS)
def test_pretranslation_matches_sources_with_characters(tmp_path, version, src, tgt):
    """A TMX memory's units fill an XLIFF file's segments: the characters match and go in."""
    from tm.tmx import read_tmx, write_tmx

    units = units_with_characters(src, tgt, short(version))
    tmx = io.BytesIO()
    write_tmx(tmx, units, srclang=src)
    _, memory_units = read_tmx(io.BytesIO(tmx.getvalue()))
    (tmp_path / "mem").mkdir()
    memory = build_memory(tmp_path / "mem" / "mem.db", memory_units)
    untranslated = [TranslationUnit([u.variants[0]]) for u in units]
    out = pretranslate_bytes(memory, write(untranslated, src, tgt, version), tmp_path)
    parsed(out)
    assert [(u.variants[1].text, u.variants[1].markup) for u in read(out)] == [
        (v.text, v.markup) for v in (u.variants[1] for u in units)
    ]
    # Filled exactly, each target as Concord writes one: cp in 2.x, the placeholder in 1.2.
    assert out.count(b'state="translated"') == 2
    assert b"alt-trans" not in out and b"mtc:match" not in out
    assert char_codes(out) == char_codes(write(units, src, tgt, version))


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_characters_in_notes_or_attributes_are_refused_naming_the_unit(version):
    for change in (
        lambda u: u.notes.append("a\x1bb"),
        lambda u: setattr(u, "context", "\x0c"),
        lambda u: u.props.append(("x-xliff-resname", "r\x00")),
    ):
        unit = pair("a", "甲", origin_file="ui.po", origin_line=7)
        change(unit)
        with pytest.raises(InputError, match=r"^ui\.po:7: cannot write U\+00.. to XLIFF"):
            write([unit], version=version)


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_lone_surrogates_are_refused_naming_the_unit(version, src, tgt):
    unit = pair("ok", "坏\ud800\x1b", src, tgt, tuid="t7")
    with pytest.raises(InputError, match=r"^t7: cannot write U\+D800 to XLIFF: a lone surrogate"):
        write([unit], src, tgt, version)
    unit.variants[1].markup = '坏<ph x="1"/>\ud800'
    with pytest.raises(InputError, match=r"^t7: cannot write U\+D800 to XLIFF: a lone surrogate"):
        write([unit], src, tgt, version)


def test_a_placeholder_in_a_fill_does_not_take_a_source_codes_module_attributes():
    """It is text: an attribute more (copied from a code with its id) would make it a code."""
    data = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:okp="okapi-framework:'
        b'xliff-extensions" version="1.2"><file source-language="en" target-language="zh-CN">'
        b'<body><trans-unit id="1"><source>a<ph id="char1" okp:k="v">{0}</ph></source>'
        b"</trans-unit></body></file></xliff>"
    )
    doc = XliffDocument.parse(data, "x")
    (segment,) = doc.segments()
    doc.fill(segment, FillInfo("甲\x1b", None, True, 100.0))
    (placeholder,) = segment.target_element
    assert dict(placeholder.attrib) == {"id": "char1", "ctype": "x-concord-char"}
    out = io.BytesIO()
    doc.write(out)
    assert read(out.getvalue())[0].variants[1].text == "甲\x1b"


@pytest.mark.parametrize("version", ["1.2", "2"])
def test_a_fill_with_a_lone_surrogate_is_refused_naming_file_and_line(version):
    doc = XliffDocument.parse(xliff_with_source(version, "x"), "ui.xlf")
    (segment,) = doc.segments()
    with pytest.raises(InputError, match=r"^ui\.xlf:1: cannot write U\+DC00 to XLIFF: a lone"):
        doc.fill(segment, FillInfo("甲\udc00", None, True, 100.0))


@pytest.mark.parametrize("version", ["1.2", "2.0"])
@pytest.mark.parametrize("markup", ["<bad", "x\ud800y"])
def test_a_refused_fill_leaves_the_target_as_it_was(version, markup):
    from tm.errors import InputError
    from tm.xliff.codes import set_content

    ns = NS12 if version == "1.2" else NS20
    code = '<g id="1">kept</g>' if version == "1.2" else '<pc id="1">kept</pc>'
    target = etree.fromstring(f'<target xmlns="{ns}">old {code}</target>')
    before = etree.tostring(target)
    with pytest.raises(InputError):
        set_content(target, "x", markup, version)
    assert etree.tostring(target) == before
