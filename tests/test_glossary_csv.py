"""CSV/TSV with a header mapping, OmegaT's glossary TSV, and term pairs as TMX."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from glossary.csvfile import read_csv, read_omegat, write_csv, write_omegat
from glossary.model import Concept, LangSection, Term
from glossary.tmxterms import write_term_tmx
from tm.errors import InputError


def test_csv_header_maps_languages_and_fields():
    text = (
        "zh_CN,en,pos,status,definition,note:en,subject,state\n"
        "国家队,national team|national squad,noun,preferred,A country's team.,sports use,sport,candidate\n"
        "压舱石,ballast,noun,,Stabilising force.,,,\n"
    )
    concepts = list(read_csv(io.StringIO(text), "t.csv"))
    team, ballast = concepts
    assert [s.lang for s in team.languages] == ["zh-CN", "en"]
    assert [t.text for t in team.terms("en")] == ["national team", "national squad"]
    first, second = team.terms("en")
    assert (first.part_of_speech, first.status, first.state) == ("noun", "preferred", "candidate")
    assert second.status == "admitted"  # one preferred term per language
    assert team.definition == "A country's team." and team.subject_field == "sport"
    assert team.section("en").notes == ["sports use"]
    assert ballast.terms("zh")[0].status is None and ballast.terms("zh")[0].state == "approved"


def test_unknown_column_is_a_note_with_a_warning_or_an_error_when_strict():
    text = "en,zh-CN,colour\nballast,压舱石,blue\n"
    warnings = []
    [c] = read_csv(io.StringIO(text), "t.csv", warn=warnings.append)
    assert c.notes == ["colour: blue"] and warnings == [
        "t.csv:1: column 'colour' is not a known field; kept as a note"
    ]
    with pytest.raises(InputError):
        list(read_csv(io.StringIO(text), "t.csv", strict=True))


def test_csv_errors_name_the_line():
    with pytest.raises(InputError) as err:
        list(read_csv(io.StringIO("en,zh-CN,status\na,甲,preferred\nb,乙,best\n"), "t.csv"))
    assert err.value.line == 3
    with pytest.raises(InputError, match="no language column"):
        list(read_csv(io.StringIO("source,target\na,b\n"), "t.csv"))


def test_tsv_round_trip():
    concepts = [
        Concept(
            id="c1",
            definition="A stabilising force",
            languages=[
                LangSection("en", [Term("ballast", part_of_speech="noun", status="preferred")]),
                LangSection("zh-CN", [Term("压舱石", part_of_speech="noun")]),
            ],
        ),
        Concept(
            id="c2",
            languages=[
                LangSection("zh-CN", [Term("专业化整合", state="candidate")]),
                LangSection("en", [Term("professional integration", state="candidate")]),
            ],
        ),
    ]
    out = io.StringIO()
    assert write_csv(out, concepts, ["en", "zh-CN"], delimiter="\t") == 2
    back = list(read_csv(io.StringIO(out.getvalue()), "t.tsv", delimiter="\t"))
    for a, b in zip(concepts, back, strict=True):
        assert a.id == b.id and a.definition == b.definition
        for lang in ("en", "zh-CN"):
            ta, tb = a.terms(lang)[0], b.terms(lang)[0]
            assert (ta.text, ta.part_of_speech, ta.status, ta.state) == (
                tb.text, tb.part_of_speech, tb.status, tb.state,
            )  # fmt: skip


def test_omegat_read_and_write_both_directions():
    text = "国家队\tnational team\tsports\n# a comment line\n\n压舱石\tballast\n"
    concepts = list(read_omegat(io.StringIO(text), "g.txt", "zh_CN", "en"))
    assert [(c.terms("zh-CN")[0].text, c.terms("en")[0].text) for c in concepts] == [
        ("国家队", "national team"),
        ("压舱石", "ballast"),
    ]
    assert concepts[0].notes == ["sports"]
    out = io.StringIO()
    assert write_omegat(out, concepts, "en", "zh-CN") == 2
    assert out.getvalue() == "national team\t国家队\tsports\nballast\t压舱石\n"
    with pytest.raises(InputError) as err:
        list(read_omegat(io.StringIO("ok\tfine\nbroken line\n"), "g.txt", "en", "zh"))
    assert err.value.line == 2


def test_term_pairs_as_tmx():
    pytest.importorskip("tm.tmx")
    concepts = [
        Concept(
            id="c1",
            languages=[
                LangSection("en", [Term("ballast", status="preferred", part_of_speech="noun")]),
                LangSection("zh-CN", [Term("压舱石", part_of_speech="noun")]),
            ],
        ),
        Concept(id="c2", languages=[LangSection("en", [Term("orphan")])]),
    ]
    out = io.BytesIO()
    assert write_term_tmx(out, concepts, "en", ["zh-CN"]) == 1
    root = etree.fromstring(out.getvalue())
    tu = root.find("body/tu")
    assert tu.get("tuid") == "c1"
    tuvs = tu.findall("tuv")
    assert [t.findtext("seg") for t in tuvs] == ["ballast", "压舱石"]
    props = {(p.get("type"), p.text) for p in tuvs[0].findall("prop")}
    assert props == {("x-status", "preferred"), ("x-pos", "noun")}
