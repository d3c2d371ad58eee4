"""Inline code transfer: exact matches whose codes differ from the file's only in numbering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import build_memory, copy_memory
from tests.test_xliff import read
from tm.inline import escape_text, plain_text
from tm.pretranslate import CodesDiffer, MatchFinder, Query, transfer_codes
from tm.pretranslate.codes import DIFFER, UNMAPPED
from tm.pretranslate.matching import CODES_RENUMBERED
from tm.store import SQLiteStore
from tm.unit import TranslationUnit, Variant
from tm.xliff import NS12, NS20, XliffDocument
from tui.cli import main

# Markup as tm.xliff.codes makes it, and as TMX files from other tools have it -------------

BOLD_TMX = '<bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>'
BOLD_TMX_ZH = '<bpt i="1">&lt;b&gt;</bpt>保存<ept i="1">&lt;/b&gt;</ept>'
# XLIFF 1.2 <bpt id="3">&lt;b&gt;</bpt>Save<ept id="3">&lt;/b&gt;</ept>, read by tm.xliff:
LINK_XLIFF = (  # <bpt id="4">&lt;a href="x"&gt;</bpt>Open it<ept id="4">&lt;/a&gt;</ept>
    '<bpt i="4" x="4">&lt;bpt id="4"&gt;&amp;lt;a href="x"&amp;gt;&lt;/bpt&gt;</bpt>Open it'
    '<ept i="4">&lt;ept id="4"&gt;&amp;lt;/a&amp;gt;&lt;/ept&gt;</ept>'
)
BOLD_XLIFF = (
    '<bpt i="3" x="3">&lt;bpt id="3"&gt;&amp;lt;b&amp;gt;&lt;/bpt&gt;</bpt>Save'
    '<ept i="3">&lt;ept id="3"&gt;&amp;lt;/b&amp;gt;&lt;/ept&gt;</ept>'
)


def g(ident, i, ctype="bold"):
    """An XLIFF 1.2 ``<g>`` as TMX markup: (start, end)."""
    return (
        f'<bpt i="{i}" x="{ident}" type="{ctype}">&lt;g id="{ident}" ctype="{ctype}"&gt;</bpt>',
        f'<ept i="{i}">&lt;/g&gt;</ept>',
    )


def x(ident, ctype="lb"):
    """An XLIFF 1.2 ``<x/>`` as TMX markup."""
    return f'<ph x="{ident}" type="{ctype}">&lt;x id="{ident}" ctype="{ctype}"/&gt;</ph>'


def pc(ident, i):
    """An XLIFF 2 ``<pc>`` as TMX markup: (start, end)."""
    return (
        f'<bpt i="{i}" x="{ident}" type="fmt">&lt;pc id="{ident}" type="fmt"&gt;</bpt>',
        f'<ept i="{i}">&lt;/pc&gt;</ept>',
    )


def ph2(ident):
    """An XLIFF 2 ``<ph/>`` as TMX markup."""
    return f'<ph x="{ident}">&lt;ph id="{ident}"/&gt;</ph>'


def save_en(b, lb):
    return f"Save the {b[0]}national team{b[1]} file{lb}now"


def save_zh(b, lb):  # the translation puts the line break first: codes reordered
    return f"{lb}保存{b[0]}国家队{b[1]}文件现在"


# Unit tests of the remapping -----------------------------------------------------------------


def test_bold_codes_numbered_otherwise_take_the_files_numbers():
    assert transfer_codes(BOLD_TMX, BOLD_TMX_ZH, BOLD_XLIFF) == BOLD_XLIFF.replace("Save", "保存")


def test_xliff_ids_are_renumbered_and_reordered_codes_keep_the_translations_order():
    memory, file = (g(1, 1), x(2)), (g(7, 1), x(9))
    assert transfer_codes(save_en(*memory), save_zh(*memory), save_en(*file)) == save_zh(*file)
    # Chinese to English: the same codes, the other way round.
    assert transfer_codes(save_zh(*memory), save_en(*memory), save_zh(*file)) == save_en(*file)


def test_identical_codes_reordered_in_the_translation_follow_their_ids():
    # Two bold runs swap places in Chinese; their ids say which is which.
    def en(a, b):
        return f"{a[0]}Coal{a[1]} and {b[0]}power{b[1]}"

    def zh(a, b):
        return f"{b[0]}电力{b[1]}和{a[0]}煤炭{a[1]}"

    memory, file = (g(1, 1), g(2, 2)), (g(5, 1), g(6, 2))
    out = transfer_codes(en(*memory), zh(*memory), en(*file))
    assert out == zh(*file)
    assert '&lt;g id="6"' in out.split("电力")[0]  # "power" keeps the file's second code


def test_reordered_translation_with_positional_pair_numbers():
    # tm.xliff.codes numbers a segment's pairs in order: the translation's first pair is i=1
    # even though it is the source's second; x (the XLIFF id) says which code it is.
    def en(a, b):
        return f"{a[0]}Coal{a[1]} and {b[0]}power{b[1]}"

    memory_zh = f"{g(2, 1)[0]}电力{g(2, 1)[1]}和{g(1, 2)[0]}煤炭{g(1, 2)[1]}"
    out = transfer_codes(en(g(1, 1), g(2, 2)), memory_zh, en(g(5, 1), g(6, 2)))
    assert out == f"{g(6, 2)[0]}电力{g(6, 2)[1]}和{g(5, 1)[0]}煤炭{g(5, 1)[1]}"


def test_paired_codes_stay_paired_when_nested():
    def en(outer, inner):
        return f"{outer[0]}A {inner[0]}bold{inner[1]} word{outer[1]}"

    def zh(outer, inner):
        return f"{outer[0]}一个{inner[0]}粗体{inner[1]}词{outer[1]}"

    memory = (g(1, 1, "italic"), g(2, 2))
    file = (g(4, 1, "italic"), g(3, 2))
    out = transfer_codes(en(*memory), zh(*memory), en(*file))
    assert out == zh(*file)
    root = etree.fromstring(f"<seg>{out}</seg>")
    starts = [e.get("i") for e in root if e.tag == "bpt"]
    ends = [e.get("i") for e in root if e.tag == "ept"]
    assert starts == ["1", "2"] and ends == ["2", "1"]  # each bpt keeps its ept


def test_xliff2_start_and_end_codes_pair_by_start_ref():
    def sc(n):
        return f'<it pos="begin" x="{n}">&lt;sc id="{n}"/&gt;</it>'

    def ec(n):
        return f'<it pos="end">&lt;ec startRef="{n}"/&gt;</it>'

    memory_en = f"{sc(1)}Bold{sc(2)} and{ec(1)} italic{ec(2)}"
    file_en = f"{sc(8)}Bold{sc(9)} and{ec(8)} italic{ec(9)}"
    memory_zh = f"{sc(2)}斜体{sc(1)}和{ec(2)}粗体{ec(1)}"
    assert transfer_codes(memory_en, memory_zh, file_en) == (
        f"{sc(9)}斜体{sc(8)}和{ec(9)}粗体{ec(8)}"
    )
    crossed = f"{sc(8)}Bold{sc(9)} and{ec(9)} italic{ec(8)}"  # the same codes, paired otherwise
    with pytest.raises(CodesDiffer, match="inline codes differ"):
        transfer_codes(memory_en, memory_zh, crossed)


def test_identity_when_the_ids_already_agree():
    memory = (g(1, 1), x(2))
    assert transfer_codes(save_en(*memory), save_zh(*memory), save_en(*memory)) == save_zh(*memory)


def test_a_translation_without_codes_stays_without():
    assert transfer_codes(save_en(g(1, 1), x(2)), None, save_en(g(5, 1), x(6))) is None
    assert transfer_codes(BOLD_TMX, "保存", BOLD_XLIFF) is None  # markup without codes


@pytest.mark.parametrize(
    ("memory", "file"),
    [
        (save_en(g(1, 1), x(2)), save_en(g(5, 1), "")),  # a code missing in the file
        (save_en(g(1, 1), ""), save_en(g(5, 1), x(6))),  # an extra code in the file
        (save_en(g(1, 1), x(2)), save_en(g(5, 1, "italic"), x(6))),  # different type
        (save_en(g(1, 1), x(2)), save_en(pc(5, 1), x(6))),  # different kind
        (save_en(g(1, 1), x(2)), save_en(g(5, 1), '<ph x="6">{0}</ph>')),  # content
        (BOLD_TMX, BOLD_TMX.replace("&lt;b&gt;", "&lt;i&gt;")),  # native content
        (f"{x(1)}Save", f"Sa{x(1)}ve"),  # the same code elsewhere in the text
        (
            '<ph x="1">&lt;ph id="1" dataRef="d1"/&gt;</ph>Save',
            '<ph x="2">&lt;ph id="2" dataRef="d2"/&gt;</ph>Save',
        ),  # data we cannot see: not known to be the same
        ("Save the national team filenow", save_en(g(5, 1), x(6))),  # no codes at all
        (f"<hi>{BOLD_TMX}</hi>", BOLD_TMX),  # a highlighted span only on one side
    ],
)
def test_codes_that_really_differ_fall_back(memory, file):
    with pytest.raises(CodesDiffer, match="inline codes differ|the texts differ"):
        transfer_codes(memory, save_zh(g(1, 1), x(2)), file)


@pytest.mark.parametrize(
    "target",
    [
        save_zh(g(1, 1), x(2)) + '<ph x="3">{0}</ph>',  # a code the source does not have
        save_zh(g(1, 1), x(2)) + x(2),  # a source code used twice
        save_zh(g(1, 1), x(2)).replace('type="lb"', 'type="br"'),  # a code the translator changed
        f'<it pos="begin" x="1">&lt;g id="1"&gt;</it>保存{x(2)}',  # a pair made isolated
    ],
)
def test_target_codes_that_cannot_be_mapped_fall_back(target):
    memory, file = save_en(g(1, 1), x(2)), save_en(g(5, 1), x(6))
    with pytest.raises(CodesDiffer) as raised:
        transfer_codes(memory, target, file)
    assert str(raised.value) == UNMAPPED


def test_whitespace_only_differences_do_not_count():
    # Inside a native code, and on which side of a code a space sits.
    memory = '<ph x="1">&lt;br/&gt;</ph>Save <bpt i="1">&lt;b&gt;</bpt>the file <ept i="1">&lt;/b&gt;</ept>now'
    file = '<ph x="4">&lt;br /&gt;</ph>Save<bpt i="2">&lt;b&gt;</bpt> the file<ept i="2">&lt;/b&gt;</ept> now'
    target = '<ph x="1">&lt;br/&gt;</ph>现在<bpt i="1">&lt;b&gt;</bpt>保存文件<ept i="1">&lt;/b&gt;</ept>'
    assert transfer_codes(memory, target, file) == (
        '<ph x="4">&lt;br /&gt;</ph>现在<bpt i="2">&lt;b&gt;</bpt>保存文件<ept i="2">&lt;/b&gt;</ept>'
    )
    # Whitespace is not text: moving a letter across a code still differs.
    with pytest.raises(CodesDiffer, match=DIFFER):
        transfer_codes(
            memory, target, file.replace("Save<bpt", "Sav<bpt").replace("> the", ">e the")
        )


# Property: renumbering and remapping back ----------------------------------------------------
#
# A segment is a layout of logical codes (pairs, placeholders, isolated codes) written with one
# numbering or another. The translation holds some of the source's codes, in any order, each
# written exactly as in its source: remapping from the memory's numbering must give the
# translation written with the file's.

_CONTENT = ["<b>", "<i>", '<a href="x">']  # few, so that equal codes are common
_PH = ["{0}", "<br/>", "%s"]
_TEXT = st.lists(
    st.sampled_from(["Save", " ", "the file", "国家队", "压舱石", "。", "&<>"]), max_size=3
)


@st.composite
def code_kinds(draw):
    """Logical codes: ("pair", native or None for an XLIFF g) / ("ph", content) / ("it", ...)."""
    kinds = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["pair", "g", "ph", "x", "it"]))
        if kind == "pair":
            kinds.append(("pair", draw(st.sampled_from(_CONTENT))))
        elif kind == "ph":
            kinds.append(("ph", draw(st.sampled_from(_PH))))
        elif kind == "it":
            kinds.append(("it", draw(st.sampled_from(["begin", "end"]))))
        else:
            kinds.append((kind, None))
    return kinds


def render_codes(kinds, ids):
    """Each logical code's TMX elements (one, or a start and an end), numbered with *ids*."""
    out = []
    for n, ((kind, value), ident) in enumerate(zip(kinds, ids, strict=True)):
        if kind == "pair":  # a TMX file's own codes: i is what identifies them
            end = "</" + value[1:].split()[0].rstrip(">") + ">"
            out.append(
                (
                    f'<bpt i="{ident}">{escape_text(value)}</bpt>',
                    f'<ept i="{ident}">{escape_text(end)}</ept>',
                )
            )
        elif kind == "g":  # an XLIFF <g>: x is its id, i numbers the segment's pairs
            out.append(g(ident, 100 + n))
        elif kind == "ph":
            out.append((f'<ph x="{ident}">{escape_text(value)}</ph>',))
        elif kind == "x":
            out.append((x(ident),))
        else:
            out.append((f'<it pos="{value}" x="{ident}">&lt;br&gt;</it>',))
    return out


@st.composite
def layouts(draw, codes: list[int]):
    """An order of the codes' elements (a start before its end) with text between them."""
    halves = [(c, h) for c in codes for h in (0, 1)]
    order = draw(st.permutations(halves))
    seen: set[int] = set()
    fixed = []
    for c, _ in order:  # the first half of a code to come is its start
        fixed.append((c, 0 if c not in seen else 1))
        seen.add(c)
    return [(item, "".join(draw(_TEXT))) for item in fixed]


def render(layout, elements, lead="") -> str:
    parts = [escape_text(lead)]
    for (c, half), text in layout:
        if half < len(elements[c]):
            parts.append(elements[c][half])
        parts.append(escape_text(text))
    return "".join(parts)


@st.composite
def renumbered_segments(draw):
    kinds = draw(code_kinds())
    numbers = st.lists(st.integers(1, 99), min_size=len(kinds), max_size=len(kinds), unique=True)
    file_ids, memory_ids = draw(numbers), draw(numbers)
    source = draw(layouts(list(range(len(kinds)))))
    kept = draw(st.lists(st.sampled_from(range(len(kinds))), unique=True)) if kinds else []
    target = draw(layouts(kept))
    return kinds, file_ids, memory_ids, source, target


@settings(max_examples=150, deadline=None)
@given(renumbered_segments())
def test_remapping_renumbered_codes_gives_the_files_numbering(case):
    kinds, file_ids, memory_ids, source, target = case
    file_codes, memory_codes = render_codes(kinds, file_ids), render_codes(kinds, memory_ids)
    memory_source = render(source, memory_codes, "Lead ")
    file_source = render(source, file_codes, "Lead ")
    memory_target = render(target, memory_codes, "开头")
    expected = render(target, file_codes, "开头") if target else None  # None: no codes
    assert transfer_codes(memory_source, memory_target, file_source) == expected
    # Remapping is the identity when the ids already agree.
    assert transfer_codes(file_source, expected, file_source) == expected
    assert plain_text(expected or "开头") == plain_text(memory_target)


# End to end: pretranslate XLIFF 1.2 and 2.0 ---------------------------------------------------


def unit(src_lang, src, src_markup, tgt_lang, tgt, tgt_markup) -> TranslationUnit:
    return TranslationUnit(
        variants=[Variant(src_lang, src, src_markup), Variant(tgt_lang, tgt, tgt_markup)],
        origin_file="mem.xlf",
        origin_line=7,
    )


SAVE_EN, SAVE_ZH = "Save the national team filenow", "保存国家队文件现在"
MEMORY = [
    # English to Chinese and Chinese to English, from XLIFF 1.2 and 2.0 files numbered 1, 2.
    unit("en", SAVE_EN, save_en(g(1, 1), x(2)), "zh-CN", SAVE_ZH, save_zh(g(1, 1), x(2))),
    unit("zh-CN", SAVE_ZH, save_zh(g(1, 1), x(2)), "en", SAVE_EN, save_en(g(1, 1), x(2))),
    unit("en", SAVE_EN, save_en(pc(1, 1), ph2(2)), "zh-CN", SAVE_ZH, save_zh(pc(1, 1), ph2(2))),
    unit("zh-CN", SAVE_ZH, save_zh(pc(1, 1), ph2(2)), "en", SAVE_EN, save_en(pc(1, 1), ph2(2))),
    # A TMX file's bold codes, for XLIFF 1.2 native codes numbered 3.
    unit("en", "Save", BOLD_TMX, "zh-CN", "保存", BOLD_TMX_ZH),
    unit("zh-CN", "保存", BOLD_TMX_ZH, "en", "Save", BOLD_TMX),
    # Codes that really differ from the file's: the bold is a link in the file.
    unit("en", "Open it", BOLD_TMX.replace("Save", "Open it"), "zh-CN", "打开", BOLD_TMX_ZH),
    unit("zh-CN", "打开", BOLD_TMX_ZH.replace("保存", "打开"), "en", "Open it", BOLD_TMX),
]

XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui.html" source-language="{src}" target-language="{tgt}" datatype="html">
    <body>
      <trans-unit id="1">
        <source>{save}</source>
      </trans-unit>
      <trans-unit id="2">
        <source><bpt id="3">&lt;b&gt;</bpt>{bold}<ept id="3">&lt;/b&gt;</ept></source>
      </trans-unit>
      <trans-unit id="3">
        <source><bpt id="4">&lt;a href="x"&gt;</bpt>{link}<ept id="4">&lt;/a&gt;</ept></source>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}" trgLang="{tgt}">
  <file id="f1">
    <unit id="u1">
      <segment id="s1"><source>{save}</source></segment>
    </unit>
  </file>
</xliff>
"""

DIRECTIONS = {
    "en-zh": {
        "src": "en",
        "tgt": "zh-CN",
        "save12": 'Save the <g id="5" ctype="bold">national team</g> file<x id="6" ctype="lb"/>now',
        "save20": 'Save the <pc id="5" type="fmt">national team</pc> file<ph id="6"/>now',
        "bold": "Save",
        "link": "Open it",
        "filled": "保存国家队文件现在",
        "first_code": "x",
    },
    "zh-en": {
        "src": "zh-CN",
        "tgt": "en",
        "save12": '<x id="6" ctype="lb"/>保存<g id="5" ctype="bold">国家队</g>文件现在',
        "save20": '<ph id="6"/>保存<pc id="5" type="fmt">国家队</pc>文件现在',
        "bold": "保存",
        "link": "打开",
        "filled": "Save the national team filenow",
        "first_code": "g",
    },
}


@pytest.fixture(scope="module")
def memory_db(tmp_path_factory) -> Path:
    return build_memory(tmp_path_factory.mktemp("codes") / "mem.db", MEMORY)


@pytest.fixture
def db(memory_db, tmp_path) -> Path:
    return copy_memory(memory_db, tmp_path)


def pretranslate(db: Path, text: str, tmp_path: Path, capsys) -> tuple[bytes, dict]:
    src, out = tmp_path / "in.xlf", tmp_path / "out.xlf"
    src.write_text(text, encoding="utf-8")
    argv = ["--db", db, "pretranslate", src, "-o", out, "--json"]
    assert main([str(a) for a in argv]) == 0
    return out.read_bytes(), json.loads(capsys.readouterr().out)


def codes_of(element: etree._Element) -> list[tuple[str, str | None]]:
    return [(etree.QName(e).localname, e.get("id")) for e in element.iter() if e is not element]


def assert_target_codes_valid(source: etree._Element, target: etree._Element) -> None:
    """The target's codes are the source's (same element, same id), each once."""
    in_target = codes_of(target)
    assert len(set(in_target)) == len(in_target)
    assert set(in_target) <= set(codes_of(source))


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_xliff12_exact_fill_with_the_files_ids(direction, db, tmp_path, capsys):
    d = DIRECTIONS[direction]
    text = XLIFF12.format(
        src=d["src"], tgt=d["tgt"], save=d["save12"], bold=d["bold"], link=d["link"]
    )
    data, report = pretranslate(db, text, tmp_path, capsys)
    root = etree.fromstring(data)
    units = {tu.get("id"): tu for tu in root.iter(f"{{{NS12}}}trans-unit")}
    source = units["1"].find(f"{{{NS12}}}source")
    target = units["1"].find(f"{{{NS12}}}target")
    assert target.get("state") == "translated" and target.get("state-qualifier") == "exact-match"
    assert "".join(target.itertext()) == d["filled"]
    assert sorted(codes_of(target)) == [("g", "5"), ("x", "6")]
    assert codes_of(target)[0][0] == d["first_code"]  # the translation's order of codes
    assert units["1"].find(f"{{{NS12}}}alt-trans") is None
    assert_target_codes_valid(source, target)
    # The brief's case: a TMX file's <b> numbered 1 fills the file's bpt/ept numbered 3.
    bold = units["2"].find(f"{{{NS12}}}target")
    assert bold.get("state") == "translated"
    assert codes_of(bold) == [("bpt", "3"), ("ept", "3")]
    assert [e.text for e in bold] == ["<b>", "</b>"]
    # Codes that really differ: a suggestion for review, as before.
    link = units["3"].find(f"{{{NS12}}}target")
    assert link.get("state") == "needs-review-translation"
    assert units["3"].find(f"{{{NS12}}}alt-trans") is not None
    assert report["filled"] == {"exact": 2, "fuzzy": 1}
    assert report["renumbered"] == 2 and report["downgraded"] == 1
    # The output reads back, its targets carrying the file's codes.
    again = {u.tuid: u for u in read(data)}
    assert again["1"].variants[1].text == d["filled"]
    assert plain_text(again["2"].variants[1].markup) == {"Save": "保存", "保存": "Save"}[d["bold"]]
    tt = pytest.importorskip("translate.storage.xliff")
    store = tt.xlifffile.parsestring(data)
    assert len(store.units) == 3 and store.units[0].target == d["filled"]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_xliff20_exact_fill_with_the_files_ids(direction, db, tmp_path, capsys):
    d = DIRECTIONS[direction]
    data, report = pretranslate(
        db, XLIFF20.format(src=d["src"], tgt=d["tgt"], save=d["save20"]), tmp_path, capsys
    )
    root = etree.fromstring(data)
    segment = root.find(f".//{{{NS20}}}segment")
    assert segment.get("state") == "translated"
    source, target = segment.find(f"{{{NS20}}}source"), segment.find(f"{{{NS20}}}target")
    assert "".join(target.itertext()) == d["filled"]
    assert sorted(codes_of(target)) == [("pc", "5"), ("ph", "6")]
    assert codes_of(target)[0][0] == {"x": "ph", "g": "pc"}[d["first_code"]]
    assert_target_codes_valid(source, target)
    assert root.find(".//{urn:oasis:names:tc:xliff:matches:2.0}matches") is None
    assert report["filled"] == {"exact": 1, "fuzzy": 0} and report["renumbered"] == 1
    (again,) = read(data)
    assert again.variants[1].text == d["filled"]
    # Read back, the target's codes are the file's source codes, in the translation's order.
    (seg,) = XliffDocument.parse(data, "out.xlf").segments()
    memory = MEMORY[2] if d["src"] == "en" else MEMORY[3]
    assert seg.is_translated
    assert seg.target_markup == transfer_codes(
        memory.variants[0].markup, memory.variants[1].markup, seg.source_markup
    )
    assert '&lt;pc id="5" type="fmt"&gt;' in seg.target_markup


def test_finder_notes_the_renumbering_and_keeps_the_hit_exact(db):
    with SQLiteStore(db) as store:
        finder = MatchFinder([store], "en", "zh-CN", jobs=1)
        file = save_en(g(5, 1), x(6))
        renumbered, differing = finder.find([Query(SAVE_EN, file), Query("Open it", LINK_XLIFF)])
    assert renumbered.exact and renumbered.notes == [CODES_RENUMBERED]
    assert renumbered.target_markup == save_zh(g(5, 1), x(6))
    assert renumbered.source_markup == file  # the match's source agrees with its target
    assert not differing.exact and differing.reasons == [DIFFER] and not differing.notes


def test_report_table_says_codes_were_renumbered(db, tmp_path, capsys):
    src = tmp_path / "in.xlf"
    d = DIRECTIONS["en-zh"]
    src.write_text(XLIFF20.format(src="en", tgt="zh-CN", save=d["save20"]), encoding="utf-8")
    assert main(["--db", str(db), "pretranslate", str(src), "--report"]) == 0
    assert "1 exact fill(s) with inline codes renumbered" in capsys.readouterr().out
