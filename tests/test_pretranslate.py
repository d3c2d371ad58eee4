"""Pre-translation of PO, POT and XLIFF files: fills, marking, checks, reports, real tools."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.conftest import build_memory, copy_memory
from tm.pofile import PROP_PLURAL
from tm.pretranslate import BANDS, MatchFinder, PoText, Query, band, count_words, plan_jobs
from tm.store import SQLiteStore
from tm.tmx import write_tmx
from tm.unit import Origin, TranslationUnit, Variant
from tm.xliff import NS12, NS20
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "pretranslate"
MSGFMT = shutil.which("msgfmt")
OMEGAT = shutil.which("omegat")


def unit(src, tgt, src_lang="en", tgt_lang="zh-CN", origin=None, **kw) -> TranslationUnit:
    file, line = origin.rsplit(":", 1) if origin else (None, None)
    return TranslationUnit(
        variants=[Variant(src_lang, src), Variant(tgt_lang, tgt)],
        origin_file=file,
        origin_line=int(line) if line else None,
        **kw,
    )


MEMORY = [
    unit("The national team", "国家队", origin="mem/intro.po:2"),
    unit(
        "State-owned enterprises are the ballast of the economy, and professional integration continues.",
        "国有企业是经济的压舱石，专业化整合持续推进。",
        origin="mem/intro.po:5",
    ),
    unit("Open", "打开", origin="mem/intro.po:8", context="menu"),
    unit("Parameters", "参数", origin="mem/intro.po:9"),
    unit("The value to convert.", "要转换的值。", origin="mem/intro.po:10"),
    unit("Open", "开放的", origin="mem/other.po:5", context="adjective", usage_count=5),
    unit("Parameters", "形参", origin="mem/other.po:6", usage_count=10),
    unit("Delete %s files", "删除文件", origin="mem/intro.po:12"),
    unit(
        "The central SOEs reported a profit in 2022.",
        "中央企业在2022年实现了利润。",
        origin="mem/intro.po:14",
    ),
    unit(
        "%d files were copied",
        "已复制 %d 个文件",
        origin="mem/intro.po:16",
        props=[(PROP_PLURAL, "msgid_plural:msgstr[0]")],
    ),  # fmt: skip
    unit("压舱石", "ballast", "zh-CN", "en", origin="mem/zh.po:1"),
    unit(
        "中央企业实现利润增长。",
        "Central SOEs increased their profits.",
        "zh-CN",
        "en",
        origin="mem/zh.po:2",
    ),
    unit(
        "复制了 %d 个文件",
        "Copied %d file",
        "zh-CN",
        "en",
        origin="mem/zh.po:3",
        props=[(PROP_PLURAL, "msgid:msgstr[0]")],
    ),  # fmt: skip
    unit(
        "复制了 %d 个文件",
        "Copied %d files",
        "zh-CN",
        "en",
        origin="mem/zh.po:3",
        props=[(PROP_PLURAL, "msgid_plural:msgstr[1]")],
    ),  # fmt: skip
]


@pytest.fixture(scope="module")
def memory_db(tmp_path_factory) -> Path:
    return build_memory(tmp_path_factory.mktemp("memory") / "mem.db", MEMORY)


@pytest.fixture
def db(memory_db, tmp_path) -> Path:
    return copy_memory(memory_db, tmp_path)


def run(*argv) -> int:
    return main([str(a) for a in argv])


def entries(path: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}


@pytest.fixture
def filled(db, tmp_path) -> Path:
    out = tmp_path / "new.po"
    assert run("--db", db, "pretranslate", FIXTURES / "new.pot", "-o", out) == 0
    return out


# PO: exact, in context, fuzzy, checks --------------------------------------------------------


def test_exact_matches_fill_the_translation(filled):
    found = entries(filled)
    national = found[(None, "The national team")]
    assert national.msgstr == "国家队" and not national.fuzzy
    assert found[(None, "State-owned enterprises are the ballast of the economy, and professional "
                        "integration continues.")].msgstr == "国有企业是经济的压舱石，专业化整合持续推进。"  # fmt: skip
    assert found[(None, "Something entirely new that the memory has never seen.")].msgstr == ""


def test_in_context_matches_rank_first(filled):
    found = entries(filled)
    assert found[("menu", "Open")].msgstr == "打开"  # same msgctxt beats the more used unit
    # Same neighbours (Open before, "The value to convert." after) beat the more used unit.
    assert found[(None, "Parameters")].msgstr == "参数"


def test_fuzzy_matches_are_marked_with_score_and_origin(filled):
    entry = entries(filled)[(None, "The central SOEs reported a profit in 2023.")]
    assert entry.fuzzy and entry.msgstr == "中央企业在2022年实现了利润。"
    assert entry.tcomment.startswith("Concord: 97% match from mem/intro.po:14")
    assert "numbers differ: missing 2023, extra 2022" in entry.tcomment


def test_a_fill_whose_placeholders_differ_is_downgraded(filled):
    entry = entries(filled)[(None, "Delete %s files")]
    assert entry.fuzzy and entry.msgstr == "删除文件"
    assert "100% match" in entry.tcomment and "placeholders differ: missing %s" in entry.tcomment
    assert "python-format" in entry.flags


def test_plural_entry_with_one_form_takes_the_plural(filled):
    entry = entries(filled)[(None, "%d file was copied")]
    assert entry.msgstr_plural == {0: "已复制 %d 个文件"} and not entry.fuzzy


def test_template_header_becomes_a_translation_header(filled):
    po = polib.pofile(str(filled))
    assert po.metadata["Language"] == "zh_CN"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_layout_comments_and_obsolete_entries_are_kept(filled):
    before = (FIXTURES / "new.pot").read_text().splitlines()
    after = filled.read_text().splitlines()
    assert [
        line for line in before if line.startswith(("#.", "#:", "#~", "msgid", '"S', '"a'))
    ] == [line for line in after if line.startswith(("#.", "#:", "#~", "msgid", '"S', '"a'))]
    assert "# Copyright (C) 2024 Example" in after
    assert '"and professional integration continues."' in after  # the msgid wrapping stays


@pytest.mark.skipif(MSGFMT is None, reason="msgfmt (GNU gettext) is not installed")
def test_output_passes_msgfmt_check(filled, db, tmp_path):
    out = tmp_path / "zh_en.po"
    assert run("--db", db, "pretranslate", FIXTURES / "zh_en.po", "--src", "zh-CN", "-o", out) == 0
    for path in (filled, out):
        done = subprocess.run(
            [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_translate_toolkit_reads_our_po(filled):
    pypo = pytest.importorskip("translate.storage.pypo")
    store = pypo.pofile.parsefile(str(filled))
    by_source = {u.source: u for u in store.units if not u.isheader()}
    assert by_source["The national team"].target == "国家队"
    assert by_source["Delete %s files"].isfuzzy()


def test_chinese_to_english_with_two_plural_forms(db, tmp_path):
    out = tmp_path / "en.po"
    assert run("--db", db, "pretranslate", FIXTURES / "zh_en.po", "--src", "zh-CN", "-o", out) == 0
    found = entries(out)
    assert found[(None, "压舱石")].msgstr == "ballast"
    assert found[(None, "中央企业实现利润增长。")].msgstr == "Central SOEs increased their profits."
    plural = found[(None, "复制了 %d 个文件")]
    assert plural.msgstr_plural == {0: "Copied %d file", 1: "Copied %d files"} and not plural.fuzzy


def test_translated_entries_are_left_alone_unless_overwrite(db, tmp_path):
    out = tmp_path / "t.po"
    assert run("--db", db, "pretranslate", FIXTURES / "translated.po", "-o", out) == 0
    found = entries(out)
    assert found[(None, "The national team")].msgstr == "国字号队伍"
    assert found[(None, "The central SOEs")].msgstr == "央企草稿"  # a fuzzy draft stays
    assert found[(None, "Open")].msgstr == "开放的"  # untranslated: filled (no context: most used)
    assert (
        run("--db", db, "pretranslate", FIXTURES / "translated.po", "-o", out, "--overwrite") == 0
    )
    national = entries(out)[(None, "The national team")]
    assert national.msgstr == "国家队" and national.tcomment == "A translator's note"


def test_exact_fill_of_a_fuzzy_entry_clears_the_flag_and_previous_msgid(tmp_path, db):
    src = tmp_path / "f.po"
    src.write_text(
        (FIXTURES / "translated.po").read_text().replace("The central SOEs", "The national team!")
        .replace('msgid "The national team"\nmsgstr "国字号队伍"', 'msgid "x"\nmsgstr "y"')
    )  # fmt: skip
    out = tmp_path / "out.po"
    assert run("--db", db, "pretranslate", src, "-o", out, "--overwrite") == 0
    text = out.read_text()
    assert "#| msgid" in text  # still fuzzy (a 99% match), so the previous msgid stays
    src.write_text(text.replace("The national team!", "The national team"))
    assert run("--db", db, "pretranslate", src, "-o", out) == 0
    entry = entries(out)[(None, "The national team")]
    assert entry.msgstr == "国家队" and not entry.fuzzy and not entry.previous_msgid
    assert "Concord:" not in out.read_text()


def test_usage_of_filling_units_is_recorded(filled, db):
    with SQLiteStore(db) as store:
        counts = dict(
            store.conn.execute(
                "SELECT origin_line, usage_count FROM tm_units WHERE origin_file = 'mem/intro.po'"
            )
        )
    assert counts[2] == 1 and counts[5] == 1


# XLIFF ------------------------------------------------------------------------------------


def test_xliff12_pretranslation(db, tmp_path):
    from lxml import etree

    out = tmp_path / "ui.xlf"
    assert run("--db", db, "pretranslate", FIXTURES / "ui.xlf", "-o", out) == 0
    root = etree.parse(str(out)).getroot()
    units = {tu.get("id"): tu for tu in root.iter(f"{{{NS12}}}trans-unit")}
    target = units["1"].find(f"{{{NS12}}}target")
    assert (target.text, target.get("state")) == ("国家队", "translated")
    fuzzy = units["2"].find(f"{{{NS12}}}target")
    assert fuzzy.get("state") == "needs-review-translation"
    alt = units["2"].find(f"{{{NS12}}}alt-trans")
    assert float(alt.get("match-quality")) > 90 and alt.get("origin") == "mem/intro.po:14"
    assert units["3"].find(f"{{{NS12}}}target") is None


def test_xliff2_pretranslation(db, tmp_path):
    from lxml import etree

    out = tmp_path / "ui2.xlf"
    assert run("--db", db, "pretranslate", FIXTURES / "ui2.xlf", "-o", out) == 0
    root = etree.parse(str(out)).getroot()
    segments = list(root.iter(f"{{{NS20}}}segment"))
    assert segments[0].get("state") == "translated"
    assert segments[0].find(f"{{{NS20}}}target").text == "国家队"
    assert segments[1].get("state") == "initial"
    assert root.find(".//{urn:oasis:names:tc:xliff:matches:2.0}match") is not None


def test_translate_toolkit_reads_our_pretranslated_xliff(db, tmp_path):
    xliff = pytest.importorskip("translate.storage.xliff")
    out = tmp_path / "ui.xlf"
    assert run("--db", db, "pretranslate", FIXTURES / "ui.xlf", "-o", out) == 0
    store = xliff.xlifffile.parsefile(str(out))
    assert [u.target for u in store.units] == ["国家队", "中央企业在2022年实现了利润。", None]


# Reports, trees, the command line ------------------------------------------------------------


def test_leverage_report_bands_and_words(db, tmp_path, capsys):
    assert run("--db", db, "pretranslate", FIXTURES / "new.pot", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    bands = {name: value["segments"] for name, value in report["bands"].items()}
    assert list(bands) == list(BANDS)
    # In context: the same msgctxt (Open) or the same neighbours as in mem/intro.po.
    assert bands == {"in-context": 5, "100%": 2, "95-99": 1, "85-94": 0, "75-84": 0, "no match": 1}
    assert report["bands"]["no match"]["words"] == 9
    assert report["filled"] == {"exact": 6, "fuzzy": 2} and report["downgraded"] == 1
    assert report["files"][0]["path"] == "new.pot" and report["files"][0]["output"] is None
    assert run("--db", db, "pretranslate", FIXTURES / "zh_en.po", "--src", "zh-CN", "--report") == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == ["band", "segments", "%", "words*", "%"]


def test_words_and_bands():
    assert count_words("State-owned enterprises are the ballast", "en") == 5
    assert count_words("中央企业 SOE 2024年", "zh-CN") == 7  # 4 + SOE + 2024 + 年
    assert [
        band(s, c)
        for s, c in [
            (100, True),
            (100, False),
            (96, False),
            (85, False),
            (75, False),
            (None, False),
        ]
    ] == list(BANDS)


def test_directories_are_mirrored(db, tmp_path):
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "new.pot", tree / "sub" / "new.pot")
    shutil.copy(FIXTURES / "ui.xlf", tree / "ui.xlf")
    (tree / "notes.txt").write_text("not a translation file")
    out = tmp_path / "out"
    assert run("--db", db, "pretranslate", tree, "-o", out) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "sub/new.po",
        "ui.xlf",
    ]


def test_in_place_and_usage_errors(db, tmp_path, capsys):
    copy = tmp_path / "new.po"
    shutil.copy(FIXTURES / "translated.po", copy)
    assert run("--db", db, "pretranslate", copy) == 2  # neither -o nor --in-place
    assert "give -o OUT or --in-place" in capsys.readouterr().err
    assert run("--db", db, "pretranslate", copy, "--in-place") == 0
    assert entries(copy)[(None, "Open")].msgstr == "开放的"
    assert run("--db", db, "pretranslate", tmp_path / "missing.po", "--report") == 2
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nnonsense\n')
    assert run("--db", db, "pretranslate", bad, copy, "-o", tmp_path / "o") == 2
    assert "bad.po:3" in capsys.readouterr().err
    assert (tmp_path / "o" / "new.po").exists()  # the good file is still written


def test_tm_file_instead_of_or_besides_the_store(db, tmp_path, capsys):
    tmx = tmp_path / "memory.tmx"
    with tmx.open("wb") as fh:
        write_tmx(
            fh,
            [unit("Something entirely new that the memory has never seen.", "全新的内容。")],
            srclang="en",
        )
    assert run("pretranslate", FIXTURES / "new.pot", "--tm", tmx, "--json") == 0  # no store at all
    assert json.loads(capsys.readouterr().out)["filled"] == {"exact": 1, "fuzzy": 0}
    assert not (tmp_path / "concord.db").exists()
    assert run("--db", db, "pretranslate", FIXTURES / "new.pot", "--tm", tmx, "--json") == 0
    assert json.loads(capsys.readouterr().out)["filled"] == {"exact": 7, "fuzzy": 2}


def test_plan_jobs_single_file_output_and_conflicts(tmp_path):
    (job,) = plan_jobs([FIXTURES / "new.pot"], tmp_path / "x.po", False)
    assert job.output == tmp_path / "x.po"
    with pytest.raises(Exception, match="not both"):
        plan_jobs([FIXTURES / "new.pot"], tmp_path / "x.po", True)


def test_finder_batches_and_ranks(db):
    with SQLiteStore(db) as store:
        finder = MatchFinder([store], "en", "zh-CN", jobs=1)
        hits = finder.find([Query("Open", context="menu"), Query("Open"), Query("nothing like it")])
    assert hits[0].target == "打开" and hits[0].in_context and hits[0].band == "in-context"
    assert hits[1].target == "开放的" and not hits[1].in_context  # the most used
    assert hits[2] is None


def test_po_scanner_agrees_with_polib_on_a_real_file():
    data = (Path(__file__).parent / "fixtures" / "po" / "features.po").read_bytes()
    po = PoText(data, "features.po")
    ours = [(e.msgctxt, e.msgid) for e in po.entries if not e.obsolete and e is not po.header]
    theirs = [(e.msgctxt, e.msgid) for e in polib.pofile(data.decode()) if not e.obsolete]
    assert ours == theirs
    assert po.render({}) == data


# In context in any file a unit came from ---------------------------------------------------------

_PO_HEADER = 'msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'


def write_po(path: Path, *entries: str, header: str = _PO_HEADER) -> Path:
    """A PO file of a header and *entries* (each one entry's lines)."""
    path.write_text("\n".join([header, *entries]), encoding="utf-8")
    return path


def po_entry(msgid: str, msgstr: str = "") -> str:
    return f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'


@pytest.fixture
def two_files(tmp_path) -> Path:
    """A store of two PO files that share one entry ("Parameters") between other neighbours."""
    docs = tmp_path / "docs"
    docs.mkdir()
    write_po(docs / "a.po", po_entry("Alpha", "甲"), po_entry("Parameters", "参数"),
             po_entry("Omega", "欧米伽"))  # fmt: skip
    write_po(docs / "b.po", po_entry("Beta", "乙"), po_entry("Parameters", "参数"),
             po_entry("Delta", "丁"))  # fmt: skip
    store = tmp_path / "two.db"
    assert run("--db", store, "tm", "import", docs, "--src", "en", "--tgt", "zh-CN") == 0
    return store


def test_neighbours_in_the_second_file_of_a_shared_unit_are_in_context(two_files, tmp_path, capsys):
    new = write_po(tmp_path / "c.po", po_entry("Beta"), po_entry("Parameters"),
                   po_entry("Delta"))  # fmt: skip
    capsys.readouterr()
    assert run("--db", two_files, "pretranslate", new, "-o", tmp_path / "out.po", "--json") == 0
    bands = {b: v["segments"] for b, v in json.loads(capsys.readouterr().out)["bands"].items()}
    # Parameters was read from a.po first, but c.po has its neighbours in b.po; and b.po's
    # Beta and Delta have Parameters, not each other, as neighbours.
    assert bands["in-context"] == 3 and bands["100%"] == 0
    assert entries(tmp_path / "out.po")[(None, "Parameters")].msgstr == "参数"
    with SQLiteStore(two_files) as store:
        finder = MatchFinder([store], "en", "zh-CN", jobs=1)
        hits = finder.find(
            [
                Query("Parameters", prev="Beta", next="Delta", file="c.po"),
                Query("Parameters", prev="Alpha", next="Omega", file="c.po"),
                Query("Parameters", prev="Alpha", next="Delta", file="c.po"),  # no file has both
                Query("Parameters", file="b.po"),
            ]
        )
    assert [h.in_context for h in hits] == [True, True, False, False]
    # The origin shown is the one that put the match in context, else the file of that name.
    assert [h.origin for h in hits] == ["docs/b.po:9", "docs/a.po:9", "docs/a.po:9", "docs/b.po:9"]


def test_a_plural_neighbour_whose_plural_unit_came_from_another_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    # "%d files" is a unit of a.po before it is b.po's msgid_plural: the unit read first on
    # b.po's plural line is not its msgid, which is what a query names as its neighbour.
    write_po(docs / "a.po", po_entry("%d files", "%d 个文件"), po_entry("Other", "其他"))
    write_po(
        docs / "b.po",
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d 个文件"\n',
        po_entry("Done", "完成"),
    )
    store = tmp_path / "plural.db"
    assert run("--db", store, "tm", "import", docs, "--src", "en", "--tgt", "zh-CN") == 0
    with SQLiteStore(store) as opened:
        (hit,) = MatchFinder([opened], "en", "zh-CN", jobs=1).find(
            [Query("Done", prev="%d file", file="new.po")]
        )
    assert hit.in_context and hit.origin == "docs/b.po:10"


# A memory exported to TMX and imported elsewhere keeps every origin: the same fills in context.

_PO_HEADER_EN = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
# Per direction: source and target language, the PO header, and the entries of a.po and b.po
# (msgid, msgstr[, msgid_plural]): they share "Parameters" between other neighbours, and a.po
# has a plural entry (two units on one line) in English.
EXPORTED_MEMORY = {
    "en-zh": ("en", "zh-CN", _PO_HEADER,
              [("Alpha", "甲"), ("Parameters", "参数"), ("%d file", "%d 个文件", "%d files"),
               ("Omega", "欧米伽")],
              [("Beta", "乙"), ("Parameters", "参数"), ("Delta", "丁")]),
    "zh-en": ("zh-CN", "en", _PO_HEADER_EN,
              [("甲", "Alpha"), ("参数", "Parameters"), ("欧米伽", "Omega")],
              [("乙", "Beta"), ("参数", "Parameters"), ("丁", "Delta")]),
}  # fmt: skip


def _entry(msgid: str, msgstr: str, msgid_plural: str | None = None) -> str:
    if msgid_plural is None:
        return po_entry(msgid, msgstr)
    return f'msgid "{msgid}"\nmsgid_plural "{msgid_plural}"\nmsgstr[0] "{msgstr}"\n'


@pytest.mark.parametrize("direction", sorted(EXPORTED_MEMORY))
def test_a_memory_exported_to_tmx_fills_in_context_as_the_memory_does(direction, tmp_path, capsys):
    src, tgt, header, a, b = EXPORTED_MEMORY[direction]
    docs, new = tmp_path / "docs", tmp_path / "new"
    docs.mkdir()
    new.mkdir()
    for folder, name, entries, translated in [
        (docs, "a.po", a, True), (docs, "b.po", b, True),  # the memory
        (new, "c.po", b, False), (new, "d.po", a, False),  # b.po's neighbours, a.po's
    ]:  # fmt: skip
        lines = [_entry(msgid, msgstr if translated else "", *plural)
                 for msgid, msgstr, *plural in entries]  # fmt: skip
        write_po(folder / name, *lines, header=header)
    first, second, tmx = tmp_path / "first.db", tmp_path / "second.db", tmp_path / "memory.tmx"
    assert run("--db", first, "tm", "import", docs, "--src", src, "--tgt", tgt) == 0
    assert run("--db", first, "tm", "export", tmx) == 0
    assert run("--db", second, "tm", "import", tmx) == 0
    capsys.readouterr()
    # The first store, the second, and the TMX alone (--tm reads it into a store of its own).
    runs = {"first": (["--db", first], []), "second": (["--db", second], []),
            "tm": ([], ["--tm", tmx])}  # fmt: skip
    in_context = {}
    for name, (db, tm) in runs.items():
        out = tmp_path / f"out-{name}"
        assert run(*db, "pretranslate", new, "-o", out, *tm, "--src", src, "--json") == 0
        in_context[name] = json.loads(capsys.readouterr().out)["bands"]["in-context"]["segments"]
    # Every entry of c.po and d.po is in context (a plural entry asks for one Chinese form).
    assert in_context == dict.fromkeys(runs, len(a) + len(b))
    for name in ("c.po", "d.po"):
        filled = (tmp_path / "out-first" / name).read_bytes()
        assert (tmp_path / "out-second" / name).read_bytes() == filled
        assert (tmp_path / "out-tm" / name).read_bytes() == filled
    with SQLiteStore(first) as one, SQLiteStore(second) as other:
        origins = [unit.origins for unit in one.iter_units(with_origins=True)]
        assert [unit.origins for unit in other.iter_units(with_origins=True)] == origins


# A TMX from elsewhere naming a file of the memory: its origins join the file's, replace none.

FOREIGN = {"en-zh": ("Foreign", "外国"), "zh-en": ("外国", "Foreign")}


def tmx_text(src: str, tgt: str, units: list[tuple[str, str, list[str]]]) -> str:
    """A TMX file from another memory: each unit's source, target and origin props."""
    tus = ""
    for source, target, origins in units:
        props = "".join(f'<prop type="x-concord-origin">{o}</prop>' for o in origins)
        tus += f'<tu>{props}<tuv xml:lang="{src}"><seg>{source}</seg></tuv>'
        tus += f'<tuv xml:lang="{tgt}"><seg>{target}</seg></tuv></tu>\n'
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header creationtool="T"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="T" adminlang="en"'
        f' srclang="{src}" datatype="plaintext"/>\n<body>\n{tus}</body>\n</tmx>\n'
    )


def memory_and_new(direction: str, tmp_path: Path, name: str = "a.po") -> tuple[Path, Path, int]:
    """docs/NAME, translated (one unit a line: 6, 9, 12), and new/a.po, the same untranslated."""
    _, _, header, a, _ = EXPORTED_MEMORY[direction]
    a = [entry for entry in a if len(entry) == 2]  # no plural entry
    docs, new = tmp_path / "docs", tmp_path / "new"
    docs.mkdir()
    new.mkdir()
    write_po(docs / name, *(po_entry(msgid, msgstr) for msgid, msgstr in a), header=header)
    write_po(new / "a.po", *(po_entry(msgid) for msgid, _ in a), header=header)
    return docs, new, len(a)


def in_context(capsys, *argv) -> int:
    """How many segments ``concord pretranslate ARGV --json`` fills in context."""
    capsys.readouterr()
    assert run("pretranslate", *argv, "--json") == 0
    return json.loads(capsys.readouterr().out)["bands"]["in-context"]["segments"]


@pytest.mark.parametrize("direction", sorted(EXPORTED_MEMORY))
def test_a_tmx_naming_a_file_of_the_memory_leaves_its_origins(direction, tmp_path, capsys):
    src, tgt = EXPORTED_MEMORY[direction][:2]
    docs, new, entries = memory_and_new(direction, tmp_path)
    store = tmp_path / "memory.db"
    assert run("--db", store, "tm", "import", docs, "--src", src, "--tgt", tgt) == 0

    def places() -> set[tuple[int, int]]:
        with SQLiteStore(store) as opened:
            query = "SELECT unit_id, line FROM tm_origins WHERE file = 'docs/a.po'"
            return set(opened.conn.execute(query))

    before = places()
    assert sorted(line for _, line in before) == [6, 9, 12]
    out = tmp_path / "out"
    assert in_context(capsys, "--db", store, new, "-o", out, "--src", src) == entries
    foreign = tmp_path / "foreign.tmx"
    foreign.write_text(tmx_text(src, tgt, [(*FOREIGN[direction], ["docs/a.po"])]), "utf-8")
    assert run("--db", store, "tm", "import", foreign) == 0
    with SQLiteStore(store) as opened:
        (unit,) = [u for u in opened.iter_units(with_origins=True) if u.id not in dict(before)]
    assert unit.origins == [Origin("docs/a.po")]  # the foreign unit joins a.po, lineless
    assert places() == before | {(unit.id, 0)}  # and a.po's units keep their lines
    assert in_context(capsys, "--db", store, new, "-o", out, "--src", src) == entries


@pytest.mark.parametrize("direction", sorted(EXPORTED_MEMORY))
def test_a_line_no_store_holds_is_part_of_the_file_name(direction, db_path, tmp_path, capsys):
    src, tgt, header = EXPORTED_MEMORY[direction][:3]
    source, target = FOREIGN[direction]
    huge = "a.po:99999999999999999999"
    tmx = tmp_path / "huge.tmx"
    tmx.write_text(tmx_text(src, tgt, [(source, target, [huge, "b.po: 7 "])]), "utf-8")
    assert run("tm", "import", tmx) == 0
    with SQLiteStore(db_path) as store:
        (unit,) = store.iter_units(with_origins=True)
    assert unit.origins == [Origin(huge), Origin("b.po", 7)]
    new = write_po(tmp_path / "new.po", po_entry(source), header=header)
    out = tmp_path / "out.po"
    assert run("pretranslate", new, "-o", out, "--tm", tmx, "--src", src) == 0
    assert entries(out)[(None, source)].msgstr == target


@pytest.mark.parametrize("direction", sorted(EXPORTED_MEMORY))
def test_a_file_name_xml_cannot_carry_is_exported_escaped(direction, tmp_path, capsys):
    src, tgt = EXPORTED_MEMORY[direction][:2]
    docs, new, entries = memory_and_new(direction, tmp_path, name="esc\x1b[31m.po")
    first, second, tmx = tmp_path / "first.db", tmp_path / "second.db", tmp_path / "memory.tmx"
    assert run("--db", first, "tm", "import", docs, "--src", src, "--tgt", tgt) == 0
    assert run("--db", first, "tm", "export", tmx) == 0  # the whole memory, not refused
    assert rb'<prop type="x-concord-origin">docs/esc\x1b[31m.po:6</prop>' in tmx.read_bytes()
    assert run("--db", second, "tm", "import", tmx) == 0
    with SQLiteStore(second) as store:
        origins = [unit.origins for unit in store.iter_units(with_origins=True)]
    assert origins == [[Origin(r"docs/esc\x1b[31m.po", line)] for line in (6, 9, 12)]
    # Spelled so in every origin of the file, its units are neighbours still: all in context.
    for store in (first, second):
        out = tmp_path / f"out-{store.stem}"
        assert in_context(capsys, "--db", store, new, "-o", out, "--src", src) == entries


# OmegaT applies our TMX ---------------------------------------------------------------------


@pytest.mark.skipif(OMEGAT is None, reason="OmegaT is not installed (apt-get install omegat)")
def test_omegat_applies_our_tmx(tmp_path):
    project = tmp_path / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "omegat", "dictionary"):
        (project / sub).mkdir(parents=True)
    (project / "omegat.project").write_text(_OMEGAT_PROJECT)
    (project / "source" / "intro.txt").write_text("The national team\n\nSomething entirely new.\n")
    with (project / "tm" / "auto" / "concord.tmx").open("wb") as fh:
        write_tmx(fh, MEMORY[:1], srclang="en")
    done = subprocess.run(
        [OMEGAT, str(project), "--mode=console-translate"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    target = project / "target" / "intro.txt"
    assert target.exists(), done.stdout + done.stderr
    text = target.read_text()
    assert "国家队" in text and "Something entirely new." in text


_OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>EN</source_lang>
    <target_lang>ZH-CN</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def test_report_json_is_serialisable_for_empty_runs(tmp_path, db, capsys):
    empty = tmp_path / "empty.po"
    empty.write_text('msgid ""\nmsgstr ""\n"Language: zh_CN\\n"\n')
    assert run("--db", db, "pretranslate", empty, "--json") == 0
    assert json.loads(capsys.readouterr().out)["segments"] == 0
    assert io.StringIO  # keep the import for readers of the test
