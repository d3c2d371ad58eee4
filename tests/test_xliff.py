"""XLIFF 1.2 and 2.x: the shared round trip, inline codes, filling targets, safety, other tools."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import build_memory, copy_memory
from tests.roundtrip_suite import RoundTripSuite, pair
from tm.errors import InputError
from tm.importer import import_files
from tm.inline import plain_text
from tm.store import SQLiteStore
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
