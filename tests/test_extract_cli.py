import json
from pathlib import Path

from tui.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "extract" / "python_terms.tsv"


def test_json_output_fields(capsys, tmp_path):
    code = main(["--db", str(tmp_path / "t.db"), "extract", str(FIXTURE), "--src", "en",
                 "--tgt", "zh-CN", "--top", "5", "--json", "--dry-run"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 5 and data[0]["score"] >= data[-1]["score"]
    for item in data:
        assert {"term", "lang", "type", "score", "frequency", "translations", "contexts"} <= set(item)
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
