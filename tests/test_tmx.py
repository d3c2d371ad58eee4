"""TMX reading and writing: the shared round trip, real-file oddities, safety and streaming."""

from __future__ import annotations

import io
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.roundtrip_suite import RoundTripSuite, pair
from tests.test_inline import CODE_MARK, segment_of, segments, texts
from tests.unwritable import DIRECTIONS, EN_TEXT, NOT_XML, ZH_TEXT, texts_with
from tm.errors import InputError
from tm.inline import CODES, escape_attr, escape_text
from tm.pofile import read_po
from tm.store import SQLiteStore
from tm.tmx import TmxHeader, read_tmx, write_tmx
from tm.tmxchars import char_placeholder
from tm.unit import Origin, TranslationUnit, Variant
from tm.xmlsafe import safe_parser

FIXTURES = Path(__file__).parent / "fixtures" / "tmx"
DTD_PATH = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "tmx14.dtd"


@pytest.fixture(scope="session")
def tmx_dtd() -> etree.DTD:
    if not DTD_PATH.exists():
        pytest.skip(f"TMX 1.4b DTD not found at {DTD_PATH}; cannot validate written files")
    with DTD_PATH.open("rb") as fh:
        return etree.DTD(fh)


def assert_valid(data: bytes, dtd: etree.DTD) -> None:
    """Every file the tests write must validate against the TMX 1.4b DTD."""
    document = etree.fromstring(data, safe_parser())
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def write(units, dtd, **kw) -> bytes:
    kw.setdefault("srclang", "en")
    buf = io.BytesIO()
    write_tmx(buf, units, **kw)
    data = buf.getvalue()
    assert_valid(data, dtd)
    return data


def read(data: bytes, name: str = "<tmx>") -> list[TranslationUnit]:
    return list(read_tmx(io.BytesIO(data), name)[1])


def read_fixture(name: str) -> tuple[TmxHeader, list[TranslationUnit]]:
    with (FIXTURES / name).open("rb") as fh:
        header, units = read_tmx(fh, name)
        return header, list(units)


def contents(unit: TranslationUnit) -> list[tuple[str, str]]:
    return [(v.lang, v.content) for v in unit.variants]


# The shared round trip ----------------------------------------------------------------------


class TestTmxRoundTrip(RoundTripSuite):
    @pytest.fixture(autouse=True)
    def _dtd(self, tmx_dtd):
        self.dtd = tmx_dtd

    def write(self, units, src, tgt):
        return write(units, self.dtd, srclang=src)

    def read(self, data, src, tgt):
        return read(data)


# Round trips specific to TMX ---------------------------------------------------------------


def test_everything_the_model_carries_survives(tmx_dtd):
    unit = TranslationUnit(
        variants=[
            Variant(
                "en",
                "Hello world",
                '<bpt i="1">&lt;b&gt;</bpt>Hello<ept i="1">&lt;/b&gt;</ept> <ph x="2">{0}</ph>world',
                notes=["variant note"],
                props=[("x-origin", "TM")],
                attrs={"datatype": "html", "creationid": "ANNA", "x-state": "final"},
            ),
            Variant("zh-CN", "你好，世界"),
            Variant("zh-CN", "世界你好"),
        ],
        tuid="t-1",
        context="menu|file",
        notes=["first note", "second note"],
        props=[("x-domain", "policy"), ("x-domain", "economy")],
        attrs={"segtype": "phrase", "o-tmf": "Other", "srclang": "en", "x-po-flags": "fuzzy"},
        created_at="2024-01-24T09:30:00Z",
        created_by="anna",
        changed_at="2024-02-01T12:00:00Z",
        changed_by="bo",
        usage_count=5,
        last_used_at="2024-03-01T00:00:00Z",
    )
    data = write([unit], tmx_dtd)
    (after,) = read(data, "mem.tmx")
    assert after.origin == "mem.tmx:6"
    after.origin_file = after.origin_line = None
    assert after == unit
    assert b'creationdate="20240124T093000Z"' in data


def test_dates_in_other_iso_forms_are_written_as_tmx_dates(tmx_dtd):
    unit = pair("a", "甲", created_at="2024-01-24T10:30:00+01:00")
    data = write([unit], tmx_dtd)
    assert b'creationdate="20240124T093000Z"' in data
    assert read(data)[0].created_at == "2024-01-24T09:30:00Z"


def test_dates_that_are_not_dates_stay_verbatim(tmx_dtd):
    data = (
        (FIXTURES / "srclang_all.tmx")
        .read_bytes()
        .replace(b'<tu srclang="*all*">', b'<tu creationdate="yesterday" usagecount="many">')
    )
    (unit,) = read(data)
    assert unit.created_at is None and unit.usage_count == 0
    assert unit.attrs == {"creationdate": "yesterday", "usagecount": "many"}
    assert b'creationdate="yesterday"' in write([unit], tmx_dtd)


@pytest.mark.parametrize("count", ["²", "٣", " 1 2 "])
def test_a_usage_count_of_other_digits_stays_verbatim(count):
    data = (
        (FIXTURES / "srclang_all.tmx")
        .read_bytes()
        .replace(b'<tu srclang="*all*">', f'<tu usagecount="{count}">'.encode())
    )
    (unit,) = read(data)
    assert unit.usage_count == 0 and unit.attrs == {"usagecount": count}


def test_header_is_written_and_read(tmx_dtd):
    header = TmxHeader(
        segtype="paragraph",
        o_tmf="SDL TM8 Format",
        creationid="anna",
        props=[("x-Domain", "Policy"), ("x-attr:odd", "kept")],
        notes=["for review"],
    )
    data = write([pair("a", "甲")], tmx_dtd, srclang="en_us", header=header)
    got, _ = read_tmx(io.BytesIO(data))
    assert (got.creationtool, got.segtype, got.o_tmf, got.srclang) == (
        "Concord",
        "paragraph",
        "SDL TM8 Format",
        "en-US",
    )
    assert (got.creationid, got.props, got.notes) == ("anna", header.props, header.notes)
    assert got.creationdate and got.creationdate.endswith("Z")


def test_srclang_all_is_written(tmx_dtd):
    assert b'srclang="*all*"' in write([pair("a", "甲")], tmx_dtd, srclang="*all*")


def test_langs_filters_variants_and_skips_short_units(tmx_dtd):
    units = [
        TranslationUnit([Variant("en", "a"), Variant("zh-CN", "甲"), Variant("fr", "à")]),
        pair("b", "乙", "en", "fr"),
        pair("c", "丙", "en", "zh-TW"),
    ]
    buf = io.BytesIO()
    assert write_tmx(buf, units, srclang="en", langs=["en", "zh"]) == 2
    assert_valid(buf.getvalue(), tmx_dtd)
    assert [contents(u) for u in read(buf.getvalue())] == [
        [("en", "a"), ("zh-CN", "甲")],
        [("en", "c"), ("zh-TW", "丙")],
    ]


def test_units_without_variants_are_not_written(tmx_dtd):
    buf = io.BytesIO()
    assert write_tmx(buf, [TranslationUnit([]), pair("a", "甲")], srclang="en") == 1
    assert_valid(buf.getvalue(), tmx_dtd)


def test_nothing_to_write_is_still_a_valid_file(tmx_dtd):
    assert read(write([], tmx_dtd)) == []


def test_invalid_markup_is_refused_naming_the_unit():
    unit = TranslationUnit([Variant("en", "x", "<g>x</g>"), Variant("zh-CN", "甲")], tuid="t9")
    with pytest.raises(InputError, match=r"^t9: unknown inline element <g>"):
        write_tmx(io.BytesIO(), [unit], srclang="en")


def test_markup_is_written_as_inline_xml_and_whitespace_kept(tmx_dtd):
    unit = TranslationUnit(
        [Variant("en", " a  b ", ' a <ph x="1"/> b '), Variant("zh-CN", "\t甲\n")]
    )
    data = write([unit], tmx_dtd)
    assert b'<seg> a <ph x="1"/> b </seg>' in data
    assert contents(read(data)[0]) == [("en", ' a <ph x="1"/> b '), ("zh-CN", "\t甲\n")]


def test_writer_streams_from_a_generator(tmx_dtd):
    units = (pair(f"s{i}", f"句{i}") for i in range(50))
    assert len(read(write(units, tmx_dtd))) == 50


# Origins as a store has them: a file (any name) and a line, or a file alone. A file alone
# whose name ends in ":N" would be read back as having line N (see tm.tmx): not drawn.
origins = st.lists(
    st.builds(Origin, texts.filter(bool), st.none() | st.integers(1, 10**7)).filter(
        lambda o: o.line or Origin.parse(o.file) == o
    ),
    max_size=3,
)


@settings(max_examples=100, deadline=None)
@given(src=segments, tgt=segments, note=texts, prop=texts, origins=origins)
def test_random_segments_round_trip(tmx_dtd, src, tgt, note, prop, origins):
    (src_text, src_markup), (tgt_text, tgt_markup) = segment_of(src), segment_of(tgt)
    unit = TranslationUnit(
        [Variant("en", src_text, src_markup), Variant("zh-CN", tgt_text, tgt_markup)],
        notes=[note],
        props=[("x-p", prop)],
        context=note or None,
        origins=origins,
    )
    (after,) = read(write([unit], tmx_dtd))
    assert [(v.text, v.markup) for v in after.variants] == [
        (src_text, src_markup),
        (tgt_text, tgt_markup),
    ]
    assert (after.notes, after.props, after.context) == (unit.notes, unit.props, unit.context)
    assert after.origins == origins
    assert all(CODE_MARK not in v.text for v in after.variants)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(texts, texts), min_size=1, max_size=5))
def test_random_plain_pairs_round_trip(tmx_dtd, pairs):
    units = [pair(s, t) for s, t in pairs]
    after = read(write(units, tmx_dtd))
    assert [contents(u) for u in after] == [contents(u) for u in units]


# Every origin of a unit ---------------------------------------------------------------------


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
def test_every_origin_travels_as_a_prop_of_ours(tmx_dtd, src, tgt):
    texts_by_lang = {"en": "ballast", "zh-CN": "压舱石"}
    unit = pair(
        texts_by_lang[src],
        texts_by_lang[tgt],
        src,
        tgt,
        context="menu",
        props=[("x-domain", "policy"), ("file", "from OmegaT.txt"), ("x-domain", "economy")],
        origins=[Origin("3.13/library/os.po", 12), Origin("a.po", 3), Origin("aligned.txt")],
    )
    data = write([unit], tmx_dtd, srclang=src)  # valid against the TMX 1.4b DTD
    assert (
        b'<prop type="x-context">menu</prop>\n'
        b'  <prop type="x-concord-origin">3.13/library/os.po:12</prop>\n'
        b'  <prop type="x-concord-origin">a.po:3</prop>\n'
        b'  <prop type="x-concord-origin">aligned.txt</prop>\n'
        b'  <prop type="x-domain">policy</prop>\n'
    ) in data
    (after,) = read(data, "memory.tmx")
    assert after.origins == unit.origins and after.origin == "memory.tmx:6"
    assert (after.props, after.context) == (unit.props, "menu")  # other props untouched
    assert after.recorded_origins() == unit.origins  # what a store records
    after.origin_file = after.origin_line = None
    assert after == unit


def test_a_unit_without_origin_props_has_the_tmx_line_as_origin(tmx_dtd):
    data = write([pair("a", "甲", origin_file="a.po", origin_line=3)], tmx_dtd)
    assert b"x-concord-origin" not in data  # only a unit's origins are written (a store's)
    (after,) = read(data, "memory.tmx")
    assert after.origins == [] and after.recorded_origins() == [Origin("memory.tmx", 6)]


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("a.po:12", Origin("a.po", 12)),
        ("C:/po/a.po:3", Origin("C:/po/a.po", 3)),
        ("C:/po/a.po", Origin("C:/po/a.po")),
        ("pack.xlz!a.xlf:7", Origin("pack.xlz!a.xlf", 7)),
        ("a.po:", Origin("a.po:")),
        ("a.po:x1", Origin("a.po:x1")),
        ("a.po:١٢", Origin("a.po:١٢")),  # Arabic-Indic digits are no line number
        # A line is 1 to 2**63-1 (what the store holds); any other number is part of the name.
        ("a.po:9223372036854775807", Origin("a.po", 2**63 - 1)),
        ("a.po:9223372036854775808", Origin("a.po:9223372036854775808")),
        ("a.po:99999999999999999999", Origin("a.po:99999999999999999999")),
        ("a.po:" + "9" * 5000, Origin("a.po:" + "9" * 5000)),  # too long for int() even
        ("a.po:0", Origin("a.po:0")),
    ],
)
def test_origin_text_is_parsed_as_written(text, origin):
    assert Origin.parse(text) == origin
    assert str(origin) == text


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        ("a.po: 12", Origin("a.po", 12)),
        ("a.po:12\n  ", Origin("a.po", 12)),
        ("a.po:007", Origin("a.po", 7)),
        ("a.po:" + "0" * 5000 + "7", Origin("a.po", 7)),
        ("a.po:00", Origin("a.po:00")),
    ],
)
def test_origin_line_is_read_with_whitespace_and_zeros_around_it(text, origin):
    assert Origin.parse(text) == origin


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
def test_an_origin_xml_cannot_carry_is_written_escaped(tmx_dtd, src, tgt):
    texts_by_lang = {"en": "ballast", "zh-CN": "压舱石"}
    origins = [Origin("docs/esc\x1b[31m.po", 5), Origin("国资委\ufffe/b\x00.po")]
    unit = pair(texts_by_lang[src], texts_by_lang[tgt], src, tgt, origins=origins)
    data = write([unit], tmx_dtd, srclang=src)  # valid: every origin written, none refused
    assert rb'<prop type="x-concord-origin">docs/esc\x1b[31m.po:5</prop>' in data
    assert r'<prop type="x-concord-origin">国资委\ufffe/b\x00.po</prop>'.encode() in data
    # Read back as written: the escape is the name, the same in every origin of the file.
    escaped = [Origin(r"docs/esc\x1b[31m.po", 5), Origin(r"国资委\ufffe/b\x00.po")]
    (after,) = read(data)
    assert after.origins == escaped and after.recorded_origins() == escaped
    assert read(write([after], tmx_dtd, srclang=src))[0].origins == escaped  # and stays so


# Characters XML 1.0 cannot carry -----------------------------------------------------------
#
# They travel as <ph type="x-concord-char">U+001B</ph> (tm.tmxchars) and come back as
# themselves; lone surrogates are refused; a real <ph> from another tool stays a code.

# Text that merely looks like a placeholder or a character reference stays text.
LOOKALIKES = ["U+001B", '<ph type="x-concord-char">U+001B</ph>', "&#x1B;", "&amp;#x1B;"]
any_texts = texts_with(LOOKALIKES)


def placeholder(char: str) -> str:
    return f'<ph type="x-concord-char">U+{ord(char):04X}</ph>'


PH_ESC, PH_FF, PH_VT = placeholder("\x1b"), placeholder("\f"), placeholder("\x0b")


def tmx_with_seg(seg: str, ns: str = "") -> bytes:
    """A TMX file from another tool: one unit, *seg* as the English segment's content."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"{ns}>\n'
        '<header creationtool="T" creationtoolversion="1" segtype="sentence" o-tmf="T"'
        ' adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        f'<tu><tuv xml:lang="en"><seg>{seg}</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>甲</seg></tuv></tu>\n</body>\n</tmx>\n'
    ).encode()


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
def test_characters_xml_cannot_carry_travel_as_placeholders(tmx_dtd, src, tgt):
    texts_by_lang = {"en": EN_TEXT, "zh-CN": ZH_TEXT}
    unit = pair(texts_by_lang[src], texts_by_lang[tgt], src, tgt)
    data = write([unit], tmx_dtd, srclang=src)
    assert not any(c.encode() in data for c in NOT_XML)
    assert b'<seg>Press <ph type="x-concord-char">U+001B</ph>[1mEnter' in data
    assert '键<ph type="x-concord-char">U+000C</ph>下一页'.encode() in data
    assert b'<ph type="x-concord-char">U+FFFE</ph><ph type="x-concord-char">U+FFFF</ph>' in data
    (after,) = read(data)
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (src, texts_by_lang[src], None),
        (tgt, texts_by_lang[tgt], None),
    ]
    header = TmxHeader(creationdate="20240124T093000Z")
    once = write([unit], tmx_dtd, srclang=src, header=header)
    assert write(read(once), tmx_dtd, srclang=src, header=header) == once


@settings(max_examples=300, deadline=None)
@given(src=any_texts, tgt=any_texts, langs=st.sampled_from(DIRECTIONS))
def test_any_text_survives_export_and_import(tmx_dtd, src, tgt, langs):
    (after,) = read(write([pair(src, tgt, *langs)], tmx_dtd, srclang=langs[0]))
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (langs[0], src, None),
        (langs[1], tgt, None),
    ]


@settings(max_examples=50, deadline=None)
@given(
    text=any_texts,
    surrogate=st.characters(categories=["Cs"]),
    at=st.integers(0, 40),
    in_target=st.booleans(),
    langs=st.sampled_from(DIRECTIONS),
)
def test_a_lone_surrogate_anywhere_in_a_segment_is_refused(text, surrogate, at, in_target, langs):
    """Not a character: the store cannot hold one, so no file should bring one in."""
    bad = text[:at] + surrogate + text[at:]
    unit = pair("ok", bad, *langs) if in_target else pair(bad, "好", *langs)
    code = f"{ord(surrogate):04X}"
    with pytest.raises(InputError, match=rf"^unit 1: cannot write U\+{code} to TMX: a lone"):
        write_tmx(io.BytesIO(), [unit], srclang=langs[0])


@dataclass(frozen=True)
class Char:
    """A character XML cannot carry, as a node of a test_inline segment tree."""

    char: str


def inject_chars(nodes, data, in_code: bool = False) -> list:
    """*nodes* with characters XML cannot carry wherever a <ph> may stand (not in a code)."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        else:
            name, attrs, children = node
            out.append((name, attrs, inject_chars(children, data, name in CODES)))
    if not in_code:
        for _ in range(data.draw(st.integers(0, 2))):
            out.insert(
                data.draw(st.integers(0, len(out))), Char(data.draw(st.sampled_from(NOT_XML)))
            )
    return out


def render_with_chars(nodes) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Char):
            out.append(placeholder(node.char))
        elif isinstance(node, str):
            out.append(escape_text(node))
        else:
            name, attrs, children = node
            attr_text = "".join(f' {k}="{escape_attr(v)}"' for k, v in attrs)
            inner = render_with_chars(children)
            out.append(f"<{name}{attr_text}>{inner}</{name}>" if inner else f"<{name}{attr_text}/>")
    return "".join(out)


def text_with_chars(nodes) -> str:
    """Plain text by the spec, each injected character counted as text."""
    out = []
    for node in nodes:
        if isinstance(node, Char):
            out.append(node.char)
        elif isinstance(node, str):
            out.append(node)
        elif node[0] == "hi":
            out.append(text_with_chars(node[2]))
    return "".join(out)


def variant_of(lang: str, nodes) -> Variant:
    """The model of a segment: markup keeps placeholders beside real codes, else is None."""
    has_code = any(isinstance(node, tuple) for node in nodes)
    return Variant(lang, text_with_chars(nodes), render_with_chars(nodes) if has_code else None)


@settings(max_examples=150, deadline=None)
@given(src=segments, tgt=segments, langs=st.sampled_from(DIRECTIONS), data=st.data())
def test_characters_beside_inline_codes_round_trip(tmx_dtd, src, tgt, langs, data):
    before = [
        variant_of(langs[0], inject_chars(src, data)),
        variant_of(langs[1], inject_chars(tgt, data)),
    ]
    (after,) = read(write([TranslationUnit(before)], tmx_dtd, srclang=langs[0]))
    assert [(v.lang, v.text, v.markup) for v in after.variants] == [
        (v.lang, v.text, v.markup) for v in before
    ]
    assert all(CODE_MARK not in v.text for v in after.variants)


@pytest.mark.parametrize(
    "code",
    [
        "<ph>U+001B</ph>",
        '<ph type="x-char">U+001B</ph>',
        '<ph x="1" type="x-concord-char">U+001B</ph>',
        '<ph type="x-concord-char">u+001b</ph>',
        '<ph type="x-concord-char">U+1B</ph>',
        '<ph type="x-concord-char"> U+001B</ph>',
        '<ph type="x-concord-char">&amp;#x1B;</ph>',
        '<ph type="x-concord-char">U+0041</ph>',  # XML carries "A": never written so
        '<ph type="x-concord-char">U+D800</ph>',  # a surrogate: not a character
        '<ph type="x-concord-char">U+110000</ph>',
        '<ph type="x-concord-char">U+001B<sub>tip</sub></ph>',
        '<it pos="begin" type="x-concord-char">U+001B</it>',
        '<ph x="1">&lt;br/&gt;</ph>',
    ],
)
def test_other_codes_stay_codes(tmx_dtd, code):
    (unit,) = read(tmx_with_seg(f"a {code}b"))
    assert (unit.variants[0].text, unit.variants[0].markup) == ("a b", f"a {code}b")
    (again,) = read(write([unit], tmx_dtd))
    assert contents(again) == contents(unit)


@pytest.mark.parametrize(
    ("seg", "text", "markup"),
    [
        (f"a{PH_ESC}b", "a\x1bb", None),
        (placeholder("\x00"), "\x00", None),
        (
            f'a{PH_FF}<ph x="1">&lt;br/&gt;</ph>b',
            "a\fb",
            f'a{PH_FF}<ph x="1">&lt;br/&gt;</ph>b',
        ),
        (f'<hi type="b">a{PH_VT}</hi>b', "a\x0bb", f'<hi type="b">a{PH_VT}</hi>b'),
        (
            f'a<ph x="1">&lt;img alt="<sub>x{PH_ESC}</sub>"&gt;</ph>b',
            "ab",  # a subflow is not the segment's text, placeholder or not
            f'a<ph x="1">&lt;img alt="<sub>x{PH_ESC}</sub>"&gt;</ph>b',
        ),
    ],
)
def test_placeholders_are_read_where_ph_may_stand(tmx_dtd, seg, text, markup):
    (unit,) = read(tmx_with_seg(seg))
    en = unit.variants[0]
    assert (en.text, en.markup) == (text, markup)
    (again,) = read(write([unit], tmx_dtd))
    assert again.variants[0] == en


def test_the_placeholder_form_is_the_documented_one():
    assert char_placeholder("\x1b") == PH_ESC == '<ph type="x-concord-char">U+001B</ph>'
    assert char_placeholder("\uffff") == '<ph type="x-concord-char">U+FFFF</ph>'


def test_placeholders_in_the_lisa_namespace_are_read():
    data = tmx_with_seg(f"a{PH_ESC}b", ' xmlns="http://www.lisa.org/tmx14"')
    (unit,) = read(data)
    assert (unit.variants[0].text, unit.variants[0].markup) == ("a\x1bb", None)


@pytest.mark.parametrize(("src", "tgt"), DIRECTIONS)
def test_lone_surrogates_are_refused_naming_the_unit(src, tgt):
    unit = pair("ok", "坏\ud800", src, tgt, origin_file="po/zh.po", origin_line=12)
    with pytest.raises(InputError, match=r"^po/zh\.po:12: cannot write U\+D800 to TMX: a lone"):
        write_tmx(io.BytesIO(), [unit], srclang=src)
    unit.variants[1].markup = '坏<ph x="1"/>\ud800'
    with pytest.raises(InputError, match=r"^po/zh\.po:12: cannot write U\+D800 to TMX: a lone"):
        write_tmx(io.BytesIO(), [unit], srclang=src)


def test_raw_character_in_markup_is_refused():
    unit = TranslationUnit([Variant("en", "a\x1bb", 'a\x1b<ph x="1"/>b'), Variant("zh-CN", "甲")])
    unit.tuid = "t7"
    with pytest.raises(InputError, match=r'^t7: cannot write U\+001B .*<ph type="x-concord-char">'):
        write_tmx(io.BytesIO(), [unit], srclang="en")


@pytest.mark.parametrize(
    "where",
    [
        {"notes": ["a\x1b"]},
        {"props": [("x-p", "\f")]},
        {"context": "menu\x00"},
        {"attrs": {"x-state": "\x0b"}},
        {"tuid": "t\x01"},
    ],
)
def test_characters_outside_segment_text_are_refused(where):
    unit = pair("a", "甲", origin_file="po/zh.po", origin_line=3, **where)
    with pytest.raises(InputError, match=r"^po/zh\.po:3: cannot write U\+00.. to TMX: XML 1\.0"):
        write_tmx(io.BytesIO(), [unit], srclang="en")


def test_po_control_characters_survive_the_store_and_tmx(tmx_dtd, tmp_path):
    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: zh_CN\\n"\n\n'
        'msgid "Press \\fEnter\x1b[0m\\v"\nmsgstr "按\\f回车\x1b[0m\\v"\n'
    )
    units = list(read_po(po.encode(), "zh.po"))
    assert contents(units[0]) == [("en", "Press \fEnter\x1b[0m\v"), ("zh-CN", "按\f回车\x1b[0m\v")]
    with SQLiteStore(tmp_path / "a.db") as store:
        with store.transaction():
            store.add_units(units)
        data = write(store.iter_units(), tmx_dtd)
    with SQLiteStore(tmp_path / "b.db") as store:
        with store.transaction():
            store.add_units(read(data))
        assert [contents(u) for u in store.iter_units()] == [contents(units[0])]


# What real files contain -------------------------------------------------------------------


def test_tmx11_lang_attribute():
    header, (unit,) = read_fixture("tmx11_lang_attr.tmx")
    assert header.srclang == "en-US" and header.creationtool == "OldTool"
    assert contents(unit) == [("en-US", "Save the file"), ("zh-CN", "保存文件")]
    assert unit.variants[0].attrs == {}


def test_srclang_all():
    header, (unit,) = read_fixture("srclang_all.tmx")
    assert header.srclang == "*all*"
    assert unit.attrs == {"srclang": "*all*"}


def test_language_tags_are_normalised():
    header, units = read_fixture("zh_underscore_tags.tmx")
    assert header.srclang == "en-US"
    assert [u.languages for u in units] == [
        ["en-US", "zh-CN"],
        ["en-US", "zh-CN"],
        ["en", "zh-Hant-TW"],
    ]


@pytest.mark.parametrize("name", ["utf16le_bom.tmx", "utf8_bom.tmx"])
def test_byte_order_marks(name):
    _, units = read_fixture(name)
    assert [contents(u) for u in units] == [
        [("en", "Thank you."), ("zh-CN", "谢谢。")],
        [("en", "Beyond the BMP: 𠀀"), ("zh-CN", "𠀀字")],
    ]
    assert (units[0].tuid, units[0].origin_line, units[1].origin_line) == ("u16", 5, 6)


def test_deprecated_ut(tmx_dtd):
    _, units = read_fixture("ut_deprecated.tmx")
    en = units[0].variants[0]
    assert en.text == "Bold text"
    assert en.markup == '<ut x="1">{\\b </ut>Bold<ut x="1">}</ut> text'
    assert read(write(units, tmx_dtd)) == read(write(read(write(units, tmx_dtd)), tmx_dtd))
    assert read(write(units, tmx_dtd))[0].variants[0].markup == en.markup


def test_nested_sub_and_hi(tmx_dtd):
    _, (unit,) = read_fixture("nested_sub.tmx")
    en, zh = unit.variants
    assert en.text == "See the map here."
    assert zh.text == "见地图。"
    assert '<sub>Link <hi type="b">tip</hi> with <ph>&lt;br/&gt;</ph></sub>' in en.markup
    assert '<hi x="2">map <hi type="i">here</hi></hi>' in en.markup
    (after,) = read(write([unit], tmx_dtd))
    assert contents(after) == contents(unit)


def test_empty_segments():
    _, units = read_fixture("empty_segs.tmx")
    assert [contents(u) for u in units] == [
        [("en", "Untranslated"), ("zh-CN", "")],
        [("en", ""), ("zh-CN", "   ")],
    ]


def test_two_variants_of_one_language_are_kept(tmx_dtd):
    _, (unit,) = read_fixture("two_variants_same_lang.tmx")
    assert contents(unit) == [
        ("en", "professional integration"),
        ("zh-CN", "专业化整合"),
        ("zh-CN", "专业整合"),
    ]
    assert unit.variants[2].props == [("x-alt", "1")]
    (after,) = read(write([unit], tmx_dtd))
    assert contents(after) == contents(unit)


def test_header_props_notes_and_unit_metadata(tmx_dtd):
    header, (unit,) = read_fixture("header_props_notes.tmx")
    assert header == TmxHeader(
        creationtool="SDL Language Platform",
        creationtoolversion="8.0",
        segtype="sentence",
        o_tmf="SDL TM8 Format",
        adminlang="en-US",
        srclang="en-US",
        datatype="xml",
        o_encoding="UTF-8",
        creationdate="20240124T093000Z",
        creationid="ANNA",
        changedate="20240201T120000Z",
        changeid="BO",
        props=[("x-Domain", "Policy"), ("x-Client", "SASAC")],
        notes=["Exported for review."],
    )
    assert (unit.tuid, unit.origin) == ("42", "header_props_notes.tmx:10")
    assert (unit.created_at, unit.created_by) == ("2024-01-24T09:30:00Z", "ANNA")
    assert (unit.changed_at, unit.changed_by) == ("2024-01-25T10:11:12Z", "BO")
    assert (unit.usage_count, unit.last_used_at) == (7, "2024-03-01T00:00:00Z")
    assert unit.attrs == {"datatype": "plaintext", "o-tmf": "SDL TM8 Format"}
    assert (unit.notes, unit.props) == (["Approved by the committee."], [("x-Project", "Reform")])
    en = unit.variants[0]
    assert (en.notes, en.props, en.attrs) == (
        ["source note"],
        [("x-Origin", "TM")],
        {"creationdate": "20240124T093000Z"},
    )
    data = write([unit], tmx_dtd, srclang=header.srclang, header=header)
    header2, units2 = read_tmx(io.BytesIO(data))
    (again,) = units2
    assert (header2.props, header2.notes, header2.o_tmf) == (
        header.props,
        header.notes,
        header.o_tmf,
    )
    again.origin_file, again.origin_line = unit.origin_file, unit.origin_line
    assert again == unit


def test_lisa_namespace_is_tolerated():
    _, (unit,) = read_fixture("lisa_namespace.tmx")
    assert contents(unit) == [
        ("en", 'Press <ph x="1">&lt;br/&gt;</ph>now'),
        ("zh-CN", '现在<ph x="1">&lt;br/&gt;</ph>按'),
    ]
    assert unit.variants[0].text == "Press now"


def test_undefined_entity_with_external_dtd_is_refused():
    data = (FIXTURES / "srclang_all.tmx").read_bytes()
    data = data.replace(b"<tmx ", b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx ', 1)
    data = data.replace(b"<seg>ballast</seg>", b"<seg>a&nbsp;b</seg>")
    with pytest.raises(InputError, match=r"^f\.tmx:6: undefined entity &nbsp;"):
        read(data, "f.tmx")


# Errors and attacks ------------------------------------------------------------------------


def assert_refused(name: str, pattern: str) -> InputError:
    with (FIXTURES / name).open("rb") as fh, pytest.raises(InputError, match=pattern) as info:
        _, units = read_tmx(fh, name)
        for _ in units:
            pass
    return info.value


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("tuv_without_seg.tmx", r"^tuv_without_seg\.tmx:8: <tuv> must hold one <seg>, found 0$"),
        ("tuv_without_lang.tmx", r"^tuv_without_lang\.tmx:7: <tuv> without a language"),
        ("unknown_lang.tmx", r"^unknown_lang\.tmx:7: unknown language 'Chinese \(Simplified\)'"),
        ("missing_header.tmx", r"^missing_header\.tmx:3: missing <header>"),
        ("missing_body.tmx", r"^missing_body\.tmx:2: missing <body>"),
        ("not_tmx.xml", r"^not_tmx\.xml:2: not a TMX file: the root element is <xliff>"),
        ("unknown_encoding.tmx", r"^unknown_encoding\.tmx:1:\d+: .*encoding.*x-foo"),
        ("malformed.tmx", r"^malformed\.tmx:6:\d+: malformed XML"),
    ],
)
def test_bad_files_are_refused_with_file_and_line(name, pattern):
    assert_refused(name, pattern)


def test_header_errors_come_before_any_unit():
    with (FIXTURES / "missing_header.tmx").open("rb") as fh, pytest.raises(InputError):
        read_tmx(fh, "missing_header.tmx")  # no iteration needed


def test_units_before_an_error_are_yielded():
    with (FIXTURES / "malformed.tmx").open("rb") as fh:
        _, units = read_tmx(fh, "malformed.tmx")
        assert next(units).variants[0].text == "fine"
        with pytest.raises(InputError):
            next(units)


@pytest.mark.parametrize("name", ["xxe.tmx", "xxe_parameter_entity.tmx", "billion_laughs.tmx"])
def test_entity_attacks_are_refused_before_any_unit(name):
    with (FIXTURES / name).open("rb") as fh, pytest.raises(InputError) as info:
        read_tmx(fh, name)  # refused while reading the header: no unit can come out
    assert str(info.value).startswith(f"{name}:1: the document declares entities")
    passwd = Path("/etc/passwd")
    secret = passwd.read_text().splitlines()[0] if passwd.exists() else "root:x:0:0"
    assert secret not in str(info.value)


def test_external_dtd_is_not_loaded():
    header, (unit,) = read_fixture("external_dtd_passwd.tmx")
    assert contents(unit) == [("en", "safe"), ("zh-CN", "安全")]
    everything = repr((header, unit))
    assert "root:" not in everything and "/bin/" not in everything


def test_tu_without_tuv_is_refused():
    data = (FIXTURES / "srclang_all.tmx").read_bytes()
    data = data.replace(b"<body>", b"<body>\n<tu tuid='empty'></tu>")
    with pytest.raises(InputError, match=r"^e\.tmx:5: <tu> without any <tuv>"):
        read(data, "e.tmx")


# Streaming ---------------------------------------------------------------------------------


class GeneratedTmx(io.RawIOBase):
    """A TMX file of *count* units produced on demand, never held in memory."""

    def __init__(self, count: int) -> None:
        self._chunks = self._generate(count)
        self._pending = b""

    @staticmethod
    def _generate(count: int):
        yield (
            b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            b'<header creationtool="gen" creationtoolversion="1" segtype="sentence" o-tmf="gen"'
            b' adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        )
        for start in range(0, count, 1000):
            yield "".join(
                f'<tu tuid="{i}"><tuv xml:lang="en"><seg>sentence number {i} of the stream</seg>'
                f'</tuv><tuv xml:lang="zh-CN"><seg>流中的第{i}句</seg></tuv></tu>\n'
                for i in range(start, min(start + 1000, count))
            ).encode()
        yield b"</body>\n</tmx>\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            self._pending = next(self._chunks, b"")
            if not self._pending:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096
    except OSError:
        return None


def test_reading_a_large_file_keeps_memory_flat():
    """200k units stream through; neither Python objects nor lxml's tree accumulate.

    tracemalloc sees Python allocations only and slows them sevenfold, so it watches a
    window of 10k units (each kept unit would cost about 1.5 KB); resident memory, which also
    sees libxml2's nodes (an uncleared tree grows by some 300 MB here), watches the rest.
    """
    count = 200_000
    _, units = read_tmx(GeneratedTmx(count), "generated.tmx")
    seen, peak, rss_early, last = 0, None, None, None
    try:
        for unit in units:
            seen, last = seen + 1, unit
            if seen == 10_000:
                rss_early = _rss_bytes()
                tracemalloc.start()
            elif seen == 20_000:
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
    finally:
        tracemalloc.stop()
    rss_late = _rss_bytes()
    assert seen == count
    assert contents(last) == [
        ("en", f"sentence number {count - 1} of the stream"),
        ("zh-CN", f"流中的第{count - 1}句"),
    ]
    assert peak is not None and peak < 5 * 2**20, f"Python allocations peaked at {peak} bytes"
    if rss_early is not None and rss_late is not None:
        growth = (rss_late - rss_early) / 2**20
        assert growth < 40, f"resident memory grew by {growth:.1f} MB over the stream"
