"""TBX v3 (DCA, DCT) and v2 reading and writing, round trips through the store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from glossary.model import Concept, Context, LangSection, Term
from glossary.store import GlossaryStore
from glossary.tbx import CATEGORY_ELEMENT, TBX3_NS, read_tbx, write_tbx2, write_tbx3
from glossary.validate import core_schema
from tm.errors import InputError

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"
if not SCHEMAS.is_dir():
    SCHEMAS = Path(__file__).resolve().parents[1].parent / "shared" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures" / "tbx"
LTAC = {
    "dca": SCHEMAS / "Example_Astronomy_DCA_VALID.tbx",
    "dct": SCHEMAS / "Example_Astronomy_DCT_VALID.tbx",
}


def _canon(el: etree._Element) -> tuple:
    """An element as (DCA name, type, attributes, text, sorted children): DCT folds to DCA."""
    q = etree.QName(el)
    if q.namespace not in (None, TBX3_NS):
        kind, cat = CATEGORY_ELEMENT[q.localname], q.localname
    else:
        kind, cat = q.localname, el.get("type") or ""
    attrs = tuple(sorted((k, v) for k, v in el.attrib.items() if k != "type"))
    children = tuple(sorted((_canon(c) for c in el if isinstance(c.tag, str)), key=repr))
    text = (el.text or "") if not children else ""
    return (kind, cat, attrs, text, children)


def _entries(data: bytes) -> dict[str, tuple]:
    root = etree.fromstring(data)
    return {
        e.get("id"): _canon(e)
        for e in root.iter(f"{{{TBX3_NS}}}conceptEntry", "termEntry", "conceptEntry")
    }


def _part(data: bytes, local: str) -> tuple | None:
    root = etree.fromstring(data)
    found = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == local]
    return _canon(found[0]) if found else None


def _through_store(tmp_path: Path, data: bytes, name: str) -> bytes:
    store = GlossaryStore.open(tmp_path / "t.db")
    reader = read_tbx(io.BytesIO(data), name)
    store.import_concepts(reader)
    store.save_info(reader.info)
    out = io.BytesIO()
    write_tbx3(out, store.concepts(), source_lang="en", info=store.info())
    store.close()
    return out.getvalue()


@pytest.mark.parametrize("style", ["dca", "dct"])
def test_ltac_example_round_trips_element_by_element(tmp_path, style):
    if not LTAC[style].is_file():
        pytest.skip("../shared/schemas is not available")
    original = LTAC[style].read_bytes()
    exported = _through_store(tmp_path, original, LTAC[style].name)
    before, after = _entries(original), _entries(exported)
    assert len(before) == 45
    assert list(before) == list(after)
    for cid in before:
        assert after[cid] == before[cid], cid
    for part in ("fileDesc", "back"):
        assert _part(exported, part) == _part(original, part)


@pytest.mark.parametrize("style", ["dca", "dct"])
def test_written_v3_validates_against_core_rng(tmp_path, style):
    if not LTAC[style].is_file():
        pytest.skip("../shared/schemas is not available")
    exported = _through_store(tmp_path, LTAC[style].read_bytes(), style)
    schema = core_schema()
    assert schema.validate(etree.fromstring(exported)), schema.error_log


def _sample() -> list[Concept]:
    team = Concept(
        id="c1",
        subject_field="sports",
        languages=[
            LangSection(
                "en",
                [Term("national team", part_of_speech="noun", status="preferred",
                      contexts=[Context("The national team won.", "Xinhua")])],
            ),
            LangSection("zh-CN", [Term("国家队", part_of_speech="noun")]),
        ],
    )  # fmt: skip
    ballast = Concept(
        id="c2",
        languages=[
            LangSection(
                "zh-CN",
                [Term("压舱石", state="candidate", provenance={"score": 0.91, "frequency": 4})],
            ),
            LangSection(
                "en",
                [Term("ballast", state="approved", reviewer="lin", review_date="2024-01-25")],
            ),
        ],
    )
    return [team, ballast]


def test_workflow_fields_survive_v3_and_validate():
    out = io.BytesIO()
    write_tbx3(out, _sample())
    data = out.getvalue()
    assert core_schema().validate(etree.fromstring(data))
    back = list(read_tbx(io.BytesIO(data)))
    assert back == _sample()


def test_workflow_fields_survive_v2():
    out = io.BytesIO()
    write_tbx2(out, _sample())
    assert list(read_tbx(io.BytesIO(out.getvalue()))) == _sample()


def test_v2_reads_tig_and_ntig():
    reader = read_tbx((FIXTURES / "v2_tig_ntig.tbx").open("rb"), "v2_tig_ntig.tbx")
    concepts = list(reader)
    assert reader.version == 2
    assert [c.id for c in concepts] == ["c1", "c2"]
    team = concepts[0]
    assert team.subject_field == "sports"
    assert team.transactions[0].person == "Lin" and team.transactions[0].date == "2024-01-24"
    en = team.terms("en")[0]
    assert (en.text, en.part_of_speech, en.status) == ("national team", "noun", "preferred")
    zh = team.section("zh-CN").terms[0]  # zh_CN normalised
    assert zh.text == "国家队" and zh.part_of_speech == "noun"
    assert zh.contexts == [Context("国家队赢了。", "新华社")] and zh.notes == ["常用"]
    ballast = concepts[1]
    assert ballast.definition == "What keeps the economy steady."
    assert ballast.xrefs[0].target == "c1"
    assert [t.status for t in ballast.terms("en")] == [None, "deprecated"]
    assert ballast.terms("zh")[0].term_type == "fullForm"
    assert reader.info.people[0].name == "Lin Wei"
    assert ("title", "SASAC press conference terms") in reader.info.header
    assert not reader.warnings


def test_v2_write_then_read_keeps_everything():
    reader = read_tbx((FIXTURES / "v2_tig_ntig.tbx").open("rb"))
    concepts = list(reader)
    out = io.BytesIO()
    write_tbx2(out, concepts, info=reader.info)
    again = read_tbx(io.BytesIO(out.getvalue()))
    assert list(again) == concepts
    assert again.info.people == reader.info.people


def test_translate_toolkit_reads_our_v2(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    out = io.BytesIO()
    write_tbx2(out, _sample(), source_lang="en")
    store = tbx.tbxfile.parsestring(out.getvalue(), sourcelanguage="en", targetlanguage="zh-CN")
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs == [("national team", "国家队"), ("ballast", "压舱石")]


def test_csv2tbx_output_imports(tmp_path):
    pytest.importorskip("translate")
    from translate.convert import csv2tbx

    src = tmp_path / "g.csv"
    src.write_text("location,source,target\n,national team,国家队\n,ballast,压舱石\n", "utf-8")
    out = io.BytesIO()
    with src.open("rb") as fh:
        csv2tbx.convertcsv(fh, out, None)
    reader = read_tbx(io.BytesIO(out.getvalue()), "g.tbx", lang_map={"xx": "zh-CN"})
    concepts = list(reader)
    assert [(c.terms("en")[0].text, c.terms("zh-CN")[0].text) for c in concepts] == [
        ("national team", "国家队"),
        ("ballast", "压舱石"),
    ]
    # Its ids ("national team") are not XML ids: the v3 writer repairs them.
    written = io.BytesIO()
    write_tbx3(written, concepts)
    assert core_schema().validate(etree.fromstring(written.getvalue()))


def test_malformed_tbx_names_line_and_column_and_imports_nothing(tmp_path):
    path = FIXTURES / "malformed.tbx"
    store = GlossaryStore.open(tmp_path / "t.db")
    with pytest.raises(InputError) as err, path.open("rb") as fh:
        store.import_concepts(read_tbx(fh, str(path)))
    assert err.value.file == str(path) and err.value.line == 11 and err.value.column
    assert store.count() == 0
    store.close()


def test_unknown_categories_kept_as_notes_with_a_warning():
    path = FIXTURES / "unknown_category.tbx"
    reader = read_tbx(path.open("rb"), str(path))
    [concept] = list(reader)
    assert concept.notes == ["explanation: Integration by specialisation."]
    assert concept.terms("en")[0].notes == ["register: formal"]
    assert len(reader.warnings) == 2 and f"{path}:7:" in reader.warnings[0]


def test_unknown_categories_rejected_when_strict():
    path = FIXTURES / "unknown_category.tbx"
    with pytest.raises(InputError) as err:
        list(read_tbx(path.open("rb"), str(path), strict=True))
    assert err.value.line == 7 and "explanation" in err.value.reason


def test_not_tbx_is_refused():
    with pytest.raises(InputError, match="not a TBX file"):
        list(read_tbx(io.BytesIO(b"<tmx version='1.4'><header/><body/></tmx>"), "x.tmx"))


def test_entity_declarations_are_refused():
    bomb = b'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>'
    with pytest.raises(InputError, match="entities"):
        list(read_tbx(io.BytesIO(bomb), "bomb.tbx"))


def test_reader_frees_entries_as_it_goes():
    concepts = [
        Concept(id=f"c{i}", languages=[LangSection("en", [Term(f"term {i}")])]) for i in range(300)
    ]
    out = io.BytesIO()
    write_tbx3(out, concepts)
    reader = iter(read_tbx(io.BytesIO(out.getvalue())))
    first = next(reader)
    assert first.id == "c0"
    assert sum(1 for _ in reader) == 299
