"""``concord check``: formats, exit codes, baselines, limits, config, inputs."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from glossary.checks import config_from_dict, load_config
from tm.errors import UsageError
from tui.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "check"
PO = str(FIXTURES / "en_zh.po")
TBX = str(FIXTURES / "terms.tbx")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _cwd(tmp_path, monkeypatch, db_path):
    monkeypatch.chdir(tmp_path)  # no stray concord.toml; no store unless a test makes one


def test_text_output_grouped_by_file(capsys):
    code, out, _ = run(capsys, "check", PO, "--glossary", TBX)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == PO
    assert f"{PO}:10: warning missing-term: 'SOE' is not rendered as '国有企业' or '国企'" in lines
    assert f"{PO}:14: error forbidden-term: '迭代子' is superseded; use '迭代器'" in lines
    assert "\x1b[" not in out  # no colour when not a terminal
    assert lines[-1].startswith("5 finding(s) (2 error, 3 warning)")


def test_colour_highlights_the_term(capsys):
    _, out, _ = run(capsys, "check", PO, "--glossary", TBX, "--color", "always")
    assert "\x1b[1m迭代子\x1b[0m" in out


def test_json_output(capsys):
    code, out, _ = run(capsys, "check", PO, "--glossary", TBX, "--format", "json")
    assert code == 1
    data = json.loads(out)
    checks = {f["check"] for f in data["findings"]}
    assert checks == {
        "missing-term", "forbidden-term", "numbers", "placeholders", "same-source-different-target"
    }  # fmt: skip
    for f in data["findings"]:
        for key in (
            "check",
            "severity",
            "file",
            "line",
            "source",
            "target",
            "term",
            "expected",
            "message",
        ):
            assert key in f
    forbidden = next(f for f in data["findings"] if f["check"] == "forbidden-term")
    assert forbidden["expected"] == ["迭代器"] and forbidden["line"] == 14
    assert data["summary"]["findings"] == 5


def test_junit_output_parses(capsys, tmp_path):
    clean = tmp_path / "clean.tsv"
    clean.write_text("en\tzh-CN\nThe SOE.\t该国有企业。\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", PO, str(clean), "--glossary", TBX, "--format", "junit")
    assert code == 1
    root = ET.fromstring(out.encode())
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {PO, str(clean)}
    assert suites[PO].get("failures") == "5"
    assert len(suites[PO].findall("testcase/failure")) == 5
    assert suites[str(clean)].get("failures") == "0"
    assert len(suites[str(clean)].findall("testcase")) == 1


def test_exit_codes(capsys, tmp_path):
    clean = tmp_path / "clean.tsv"
    clean.write_text("en\tzh-CN\nThe SOE.\t该国有企业。\n", encoding="utf-8")
    assert run(capsys, "check", str(clean), "--glossary", TBX)[0] == 0
    assert run(capsys, "check", PO, "--glossary", TBX)[0] == 1
    code, _, err = run(capsys, "check", "missing.po")
    assert code == 2 and "missing.po" in err
    code, _, err = run(capsys, "check", PO, "--enable", "no-such-check")
    assert code == 2 and "unknown check" in err
    code, _, err = run(capsys, "check")  # no files and no store
    assert code == 2
    with pytest.raises(SystemExit) as exc:
        main(["check", PO, "--format", "yaml"])
    assert exc.value.code == 2


def test_fail_on(capsys):
    code, out, _ = run(
        capsys, "check", PO, "--glossary", TBX, "--enable", "missing-term", "--fail-on", "error"
    )
    assert code == 0 and "missing-term" in out  # reported, but not failing
    code, *_ = run(capsys, "check", PO, "--glossary", TBX, "--fail-on", "error")
    assert code == 1


def test_baseline(capsys, tmp_path):
    baseline = tmp_path / "known.json"
    code, _, _ = run(capsys, "check", PO, "--glossary", TBX, "--write-baseline", str(baseline))
    assert code == 1 and len(json.loads(baseline.read_text())["findings"]) == 5
    code, out, _ = run(capsys, "check", PO, "--glossary", TBX, "--baseline", str(baseline))
    assert code == 0 and out.startswith("no findings")
    # A new problem still shows; line numbers moving does not matter.
    changed = tmp_path / "en_zh.po"
    text = Path(PO).read_text(encoding="utf-8")
    changed.write_text(
        text.replace(
            'msgid "Reset"\nmsgstr "重置"',
            'msgid "Reset"\nmsgstr "重置"\n\nmsgid "Two SOEs."\nmsgstr "两家公司。"',
        ),
        encoding="utf-8",
    )
    data = json.loads(baseline.read_text())
    for f in data["findings"]:
        f["file"] = str(changed)
    baseline.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(
        capsys,
        "check",
        str(changed),
        "--glossary",
        TBX,
        "--baseline",
        str(baseline),
        "--format",
        "json",
    )
    found = json.loads(out)["findings"]
    assert code == 1 and [(f["check"], f["term"]) for f in found] == [("missing-term", "SOEs")]
    code, _, err = run(capsys, "check", PO, "--baseline", str(tmp_path / "nope.json"))
    assert code == 2


def test_max_findings(capsys):
    code, out, _ = run(capsys, "check", PO, "--glossary", TBX, "--max-findings", "2")
    assert code == 1 and out.count(": warning ") + out.count(": error ") == 2
    assert "... and 3 more finding(s)" in out
    _, out, _ = run(
        capsys, "check", PO, "--glossary", TBX, "--max-findings", "1", "--format", "json"
    )
    data = json.loads(out)
    assert len(data["findings"]) == 1 and data["summary"]["findings"] == 5


def test_config_file(capsys, tmp_path):
    (tmp_path / "concord.toml").write_text(
        '[check]\ndisable = ["numbers", "placeholders"]\n\n[check.severity]\nmissing-term = "error"\n',
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "check", PO, "--glossary", TBX, "--format", "json")
    found = json.loads(out)["findings"]
    assert {f["check"] for f in found} == {
        "missing-term",
        "forbidden-term",
        "same-source-different-target",
    }
    assert {f["severity"] for f in found if f["check"] == "missing-term"} == {"error"}
    other = tmp_path / "other.toml"
    other.write_text('[check]\nenable = ["numbers"]\n', encoding="utf-8")
    _, out, _ = run(
        capsys, "check", PO, "--glossary", TBX, "--format", "json", "--config", str(other)
    )
    assert {f["check"] for f in json.loads(out)["findings"]} == {"numbers"}


def test_config_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown severity"):
        config_from_dict({"check": {"severity": {"numbers": "fatal"}}})
    with pytest.raises(UsageError, match="unknown check"):
        config_from_dict({"check": {"disable": ["nope"]}})
    bad = tmp_path / "bad.toml"
    bad.write_text("[check\n", encoding="utf-8")
    with pytest.raises(UsageError, match="not a valid TOML"):
        load_config(bad)
    config = config_from_dict({"check": {"numbers": {"enabled": False}, "fail-on": "warning"}})
    assert "numbers" not in config.enabled and config.fails("warning") and not config.fails("info")


def test_zh_en_po_and_csv_glossary(capsys, tmp_path):
    po = tmp_path / "zh_en.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgid "中央企业公布了利润。"\nmsgstr "Central enterprises reported profits."\n\n'
        'msgid "国有企业增长了。"\nmsgstr "The SOEs grew."\n',
        encoding="utf-8",
    )
    csv = tmp_path / "terms.csv"
    csv.write_text("zh-CN,en\n中央企业,central SOE\n国有企业,SOE\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "check",
        str(po),
        "--glossary",
        str(csv),
        "--src",
        "zh-CN",
        "--tgt",
        "en",
        "--format",
        "json",
    )
    found = json.loads(out)["findings"]
    assert code == 1
    assert [(f["check"], f["term"], f["line"]) for f in found] == [("missing-term", "中央企业", 6)]


def test_tmx_input(capsys, tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" '
        'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
        'creationtoolversion="1"/><body>\n<tu><tuv xml:lang="en"><seg>An iterator.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>一个迭代子。</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "check", str(tmx), "--glossary", TBX, "--format", "json")
    found = json.loads(out)["findings"]
    assert [(f["check"], f["line"]) for f in found] == [("forbidden-term", 3)]


def test_store_memory_and_termbase(capsys, tmp_path, db_path):
    from glossary.store import GlossaryStore
    from glossary.tbx import read_tbx

    assert run(capsys, "tm", "import", PO)[0] == 0
    with GlossaryStore.open(db_path) as store, open(TBX, "rb") as fh:
        store.import_concepts(read_tbx(fh, TBX))
    code, out, _ = run(capsys, "check", "--src", "en", "--tgt", "zh-CN", "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 1
    assert ("forbidden-term", "迭代子") in {(f["check"], f["term"]) for f in found}


def test_folder_input(capsys, tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(PO, folder / "sub" / "a.po")
    code, out, _ = run(capsys, "check", str(folder), "--glossary", TBX, "--format", "json")
    assert code == 1 and {f["file"] for f in json.loads(out)["findings"]} == {"docs/sub/a.po"}


def test_help_lists_exactly_the_registered_checks() -> None:
    from glossary.checks import CHECKS
    from tui.commands.check import CHECK_NAMES

    assert sorted(CHECK_NAMES) == sorted(CHECKS)


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_xliff_input(capsys, tmp_path, version):
    from tm.unit import TranslationUnit, Variant
    from tm.xliff import write_xliff

    xlf = tmp_path / "m.xlf"
    units = [
        TranslationUnit([Variant("en", "An iterator."), Variant("zh-CN", "一个迭代子。")]),
        TranslationUnit([Variant("en", "Wait 3 seconds."), Variant("zh-CN", "等待 4 秒。")]),
    ]
    with open(xlf, "wb") as fh:
        write_xliff(fh, units, src_lang="en", tgt_lang="zh-CN", version=version)
    code, out, _ = run(capsys, "check", str(xlf), "--glossary", TBX, "--format", "json")
    found = json.loads(out)["findings"]
    assert code == 1
    assert sorted(f["check"] for f in found) == ["forbidden-term", "numbers"]
    assert {f["file"] for f in found} == {str(xlf)}


def test_baseline_follows_a_renamed_file(capsys, tmp_path):
    baseline = tmp_path / "known.json"
    run(capsys, "check", PO, "--glossary", TBX, "--write-baseline", str(baseline))
    renamed = tmp_path / "renamed.po"
    renamed.write_text(Path(PO).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(
        capsys, "check", str(renamed), "--glossary", TBX, "--baseline", str(baseline)
    )
    assert code == 0 and out.startswith("no findings")
