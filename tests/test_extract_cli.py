import json
import zipfile
from pathlib import Path

import pytest

from tui.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "python_terms.tsv"


def test_json_output_fields(capsys, tmp_path):
    code = main(
        [
            "--db",
            str(tmp_path / "t.db"),
            "extract",
            str(FIXTURE),
            "--src",
            "en",
            "--tgt",
            "zh-CN",
            "--top",
            "5",
            "--json",
            "--dry-run",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5 and data[0]["score"] >= data[-1]["score"]
    for item in data:
        assert {"term", "lang", "type", "score", "frequency", "translations", "contexts"} <= set(
            item
        )
        assert all({"term", "score", "count"} <= set(t) for t in item["translations"])
    assert not (tmp_path / "t.db").exists()  # --dry-run stores nothing


def test_stores_candidates_and_never_overwrites_reviewed(capsys, tmp_path):
    from glossary.store import GlossaryStore

    db = tmp_path / "t.db"
    args = ["--db", str(db), "extract", str(FIXTURE), "--src", "en", "--tgt", "zh-CN", "--top", "5"]
    assert main(args) == 0
    with GlossaryStore.open(db) as store:
        concepts = list(store.concepts())
        assert len(concepts) == 5
        first = concepts[0]
        term = first.terms("en")[0]
        assert term.state == "candidate" and term.provenance["frequency"] >= 1
        term.state = "approved"
        store.update(first)
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "0 added, 4 merged, 1 reviewed" in err
    with GlossaryStore.open(db) as store:
        assert len(list(store.concepts())) == 5
        assert store.get(first.db_id).terms("en")[0].state == "approved"


def test_unreadable_text_is_a_clear_error(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("café crème brûlée".encode("latin-1"))
    code = main(["extract", str(bad), "--src", "en", "--dry-run"])
    assert code == 2 and "bad.txt" in capsys.readouterr().err


SEEDS = Path(__file__).parent.parent / "seeds"


def test_extracts_from_the_memory_after_align(capsys, tmp_path):
    from glossary.store import GlossaryStore

    db = str(tmp_path / "t.db")
    en = SEEDS / "sasac-soe-press-conference-2024.en.txt"
    zh = SEEDS / "sasac-soe-press-conference-2024.zh-CN.txt"
    assert main(["--db", db, "align", str(en), str(zh)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "extract", "--src", "en", "--tgt", "zh-CN", "--top", "60"]) == 0
    out, err = capsys.readouterr()
    assert "central SOEs" in out and "中央企业" in out
    assert "60 added" in err
    with GlossaryStore.open(db) as store:
        concepts = list(store.concepts())
    assert len(concepts) == 60
    by_term = {c.terms("en")[0].text: c for c in concepts}
    assert [t.text for t in by_term["central SOEs"].terms("zh-CN")] == ["中央企业"]
    # The same run with --memory named explicitly merges into what is stored.
    assert (
        main(["--db", db, "extract", "--memory", "--src", "en", "--tgt", "zh-CN", "--top", "60"])
        == 0
    )
    assert "0 added, 60 merged" in capsys.readouterr().err


def test_empty_memory_is_a_clear_error(capsys, tmp_path):
    code = main(["--db", str(tmp_path / "t.db"), "extract", "--src", "en", "--tgt", "zh-CN"])
    assert code == 2 and "translation memory" in capsys.readouterr().err


def test_display_form_is_the_lemma_and_reruns_merge_by_key(tmp_path):
    from glossary.extract import Segment, TermCandidate, extract
    from glossary.store import GlossaryStore
    from tui.commands.extract import store_candidates

    segments = [Segment("Pass the arguments to the function.", "把参数传给函数。")] * 3 + [
        Segment("An argument is a value.", "参数是一个值。")
    ]
    found = {c.key: c for c in extract(segments, "en", "zh-CN", top=None)}
    assert found["argument"].term == "argument" and "arguments" in found["argument"].variants

    db = tmp_path / "t.db"
    old = TermCandidate("arguments", "en", "term", 1.0, 3, 1, key="argument")
    new = TermCandidate("argument", "en", "term", 1.0, 4, 1, key="argument", variants=["arguments"])
    assert store_candidates(db, [old], None)["added"] == 1
    assert store_candidates(db, [new], None) == {"added": 0, "merged": 1, "kept": 0}
    with GlossaryStore.open(db) as store:
        (concept,) = store.concepts()
        assert [t.text for t in concept.terms("en")] == ["argument"]


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="{src}" target-language="{tgt}" datatype="plaintext" original="a.txt">
<body>
{units}
</body>
</file>
</xliff>
"""
PAIRS = [
    ("The national team serves the strategy.", "国家队服务于战略。"),
    ("Central SOEs are the national team.", "中央企业是国家队。"),
    ("We build the national team.", "我们建设国家队。"),
]


def _xliff(src: str, tgt: str) -> str:
    flip = src != "en"
    units = "\n".join(
        f'<trans-unit id="{i}"><source>{b if flip else a}</source>'
        f"<target>{a if flip else b}</target></trans-unit>"
        for i, (a, b) in enumerate(PAIRS, 1)
    )
    return XLIFF.format(src=src, tgt=tgt, units=units)


@pytest.mark.parametrize(("src", "tgt", "term", "rendering"), [
    ("en", "zh-CN", "national team", "国家队"),
    ("zh-CN", "en", "国家队", "national team"),
])  # fmt: skip
def test_extracts_from_xliff_files_folders_and_xlz_archives(
    capsys, tmp_path, src, tgt, term, rendering
):
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "a.xlf").write_text(_xliff(src, tgt), encoding="utf-8")
    archive = tmp_path / "job.xlz"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("content/a.xlf", _xliff(src, tgt))
        zf.writestr("content/a.skl", "skeleton")
    for source in (folder, archive):
        argv = ["extract", str(source), "--src", src, "--tgt", tgt, "--json", "--dry-run"]
        assert main(argv) == 0
        data = {c["term"]: c for c in json.loads(capsys.readouterr().out)}
        assert data[term]["frequency"] == 3
        assert data[term]["translations"][0]["term"] == rendering
