"""``concord glossary ...`` through the command line's entry point, with a temporary store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "tbx"


def _main():
    try:
        from tui.cli import main
    except ImportError as exc:  # tui.commands.tm not written yet: the glossary parser alone
        if "tui.commands" not in str(exc):
            raise
        return _glossary_only_main
    return main


def _glossary_only_main(argv):
    import argparse
    import sys

    from tm.errors import ConcordError
    from tui.commands import glossary

    parser = argparse.ArgumentParser(prog="concord")
    parser.add_argument("--db")
    sub = parser.add_subparsers(dest="command", required=True)
    glossary.register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConcordError as exc:
        print(f"concord: error: {exc}", file=sys.stderr)
        return exc.exit_code


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CONCORD_USER", "tester")
    db = tmp_path / "concord.db"
    main = _main()

    def go(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db), "glossary", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return go


def test_add_list_show_en_to_zh_and_zh_to_en(run):
    assert run("add", "national team", "国家队", "--pos", "noun", "--status", "preferred")[0] == 0
    assert (
        run("add", "压舱石", "ballast", "--src", "zh-CN", "--tgt", "en", "--id", "ballast")[0] == 0
    )
    code, out, _ = run(
        "add", "--term", "en", "professional integration", "--term", "zh_CN", "专业化整合"
    )
    assert code == 0
    code, out, _ = run("list", "--json")
    data = json.loads(out)
    assert len(data) == 3
    assert data[1]["id"] == "ballast" and data[1]["languages"][0]["lang"] == "zh-CN"
    assert data[2]["languages"][1]["terms"][0] == {"text": "专业化整合", "state": "approved"}
    code, out, _ = run("show", "国家队", "--json")
    [team] = json.loads(out)
    assert team["languages"][0]["terms"][0]["part_of_speech"] == "noun"
    code, out, _ = run("list", "整合")
    assert code == 0 and "专业化整合" in out
    assert run("list", "nothing like this")[0] == 1
    assert run("show", "c999")[0] == 1


def test_edit_state_review_history_undo_redo(run):
    run("add", "ballast", "压舱石", "--state", "candidate")
    code, out, _ = run("list", "--state", "candidate")
    assert code == 0 and "ballast" in out
    assert run("edit", "c1", "--state", "approved", "--reviewer", "lin")[0] == 0
    _, out, _ = run("show", "c1", "--json")
    term = json.loads(out)[0]["languages"][0]["terms"][0]
    assert term["state"] == "approved" and term["reviewer"] == "lin" and "review_date" in term
    assert run("list", "--state", "candidate")[0] == 1
    assert run("edit", "c1", "--add-term", "zh-CN", "压仓石", "--status", "deprecated")[0] == 0
    _, out, _ = run("history", "c1", "--json")
    assert [h["action"] for h in json.loads(out)] == ["edit", "edit", "add"]
    assert run("undo")[0] == 0
    _, out, _ = run("show", "c1", "--json")
    assert len(json.loads(out)[0]["languages"][1]["terms"]) == 1
    assert run("redo")[0] == 0
    _, out, _ = run("list", "--status", "deprecated")
    assert "压仓石" in out
    assert run("remove", "c1")[0] == 0
    assert run("list")[0] == 1
    assert run("edit", "c1", "--note", "x")[0] == 2


def test_import_export_tbx_v3_and_v2(run, tmp_path):
    code, out, _ = run("import", str(FIXTURES / "v2_tig_ntig.tbx"))
    assert code == 0 and "2 concepts added" in out
    for fmt, name in (("tbx3", "out.tbx"), ("tbx2", "out2.tbx")):
        target = tmp_path / name
        assert run("export", str(target), "--format", fmt)[0] == 0
        assert (b"<tbx " if fmt == "tbx3" else b"<martif ") in target.read_bytes()
    code, out, _ = run("validate", str(tmp_path / "out.tbx"))
    assert code == 0
    _, out, _ = run("stats", "--json")
    assert json.loads(out)["concepts"] == 2


def test_import_duplicates_reported_then_merged(run, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("en,zh-CN\nnational team,国家队\n", "utf-8")
    run("import", str(csv))
    csv2 = tmp_path / "t2.csv"
    csv2.write_text("en,zh-CN,note\nNational team,国家足球队,later\n", "utf-8")
    code, out, _ = run("import", str(csv2))
    assert code == 0 and "duplicate" in out and "--merge" in out
    run("undo")
    code, out, _ = run("import", str(csv2), "--merge", "--json")
    report = json.loads(out)
    assert report["merged"] == 1 and report["duplicates"][0]["merged"] is True
    _, out, _ = run("list", "--json")
    assert len(json.loads(out)) == 1


def test_import_errors_exit_2_and_import_nothing(run):
    code, _, err = run("import", str(FIXTURES / "malformed.tbx"))
    assert code == 2 and "malformed.tbx:11:" in err
    assert run("list")[0] == 1
    code, _, err = run("import", str(FIXTURES / "unknown_category.tbx"), "--strict")
    assert code == 2 and "explanation" in err
    code, _, err = run("import", str(FIXTURES / "unknown_category.tbx"))
    assert code == 0 and "warning" in err


def test_omegat_and_csv_and_tmx_export(run, tmp_path):
    omegat = tmp_path / "glossary.txt"
    omegat.write_text("压舱石\tballast\n国家队\tnational team\tsports\n", "utf-8")
    assert run("import", str(omegat), "--format", "omegat")[0] == 2  # needs --src/--tgt
    assert run("import", str(omegat), "--format", "omegat", "--src", "zh-CN", "--tgt", "en")[0] == 0
    out = tmp_path / "back.txt"
    assert run("export", str(out), "--format", "omegat", "--src", "en", "--tgt", "zh-CN")[0] == 0
    assert out.read_text("utf-8") == "ballast\t压舱石\nnational team\t国家队\tsports\n"
    assert run("export", str(tmp_path / "all.csv"))[0] == 0
    assert "压舱石" in (tmp_path / "all.csv").read_text("utf-8")
    assert run("export", str(tmp_path / "pairs.tmx"), "--src", "en", "--tgt", "zh-CN")[0] == 0
    assert "<tu " in (tmp_path / "pairs.tmx").read_text("utf-8")


def test_validate_reports_each_violation_with_its_line(run):
    code, out, _ = run("validate", str(FIXTURES / "basic_violations.tbx"))
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith(f"{FIXTURES / 'basic_violations.tbx'}:7: context") for line in lines)
    assert any(":8: " in line and "explanation" in line for line in lines)
    assert any(":12: " in line and "nounish" in line for line in lines)
    assert any(":13: " in line and "administrativeStatus" in line for line in lines)
    assert any(":14: " in line and "nowhere" in line for line in lines)
    code, _, err = run("validate", str(FIXTURES / "malformed.tbx"))
    assert code == 2 and ":11:" in err


def test_lookup_and_search(run):
    pytest.importorskip("glossary.recognize")
    run("add", "national team", "国家队", "--status", "preferred")
    run("add", "ballast", "压舱石")
    run("add", "professional integration", "专业化整合")
    code, out, _ = run("lookup", "The national teams met; SOEs act as ballast.", "--json")
    assert code == 0
    result = json.loads(out)
    assert [h["term"] for h in result["hits"]] == ["national team", "ballast"]
    assert result["hits"][0]["renderings"][0]["text"] == "国家队"
    code, out, _ = run("lookup", "推进专业化整合，发挥压舱石作用", "--json")
    result = json.loads(out)
    assert [h["term"] for h in result["hits"]] == ["专业化整合", "压舱石"]
    assert result["lang"] == "zh-CN"
    assert result["hits"][1]["renderings"] == [{"lang": "en", "text": "ballast", "status": None}]
    code, out, _ = run("lookup", "professional integraton of SOEs", "--json")
    result = json.loads(out)
    assert result["near_misses"] and result["near_misses"][0]["term"] == "professional integration"
    code, out, _ = run("search", "profesional integration", "--json")
    assert code == 0 and json.loads(out)[0]["term"] == "professional integration"
    assert run("lookup", "nothing here at all")[0] == 1


def test_help_has_examples(run, capsys):
    main = _main()
    for sub in ("import", "export", "list", "show", "add", "edit", "remove", "validate",
                "stats", "lookup", "search"):  # fmt: skip
        with pytest.raises(SystemExit) as exit_:
            main(["glossary", sub, "--help"])
        assert exit_.value.code == 0
        assert "examples:" in capsys.readouterr().out
