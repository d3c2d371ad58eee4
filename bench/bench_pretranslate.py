"""Pre-translate the 3.14 python-docs PO files from a 3.13 memory: Concord and Translate Toolkit.

    python bench/bench_pretranslate.py [--db 313.db] [--sample N] [--skip-tt] [--msgfmt]

The 3.14 files are read in place and stripped of their translations into a temporary folder
(the same input for both tools: every entry untranslated, as a new release's templates).
Concord pre-translates from the memory alone (a store holding 3.13, imported here unless
--db names one). Translate Toolkit's ``pretranslate`` runs on the same files in one process
(so its memory is loaded once), each with the 3.13 file as template (``-t``) and the memory
exported as TMX (``--tm``); files without a 3.13 template fail for it and are counted.
Both outputs are counted the same way with polib: translated and not fuzzy = exact, fuzzy
with a translation = fuzzy. With --sample N, Translate Toolkit runs on every k-th file only
(N files) and its full time is extrapolated by units; Concord runs on both the full set and
the sample.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

CORPUS = Path("/work/shared/corpora/python-docs-zh-cn")
ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent

TT_SCRIPT = r"""
import sys, time, json
from pathlib import Path
from translate.tools import pretranslate as tt
inp, out, templates, tmx = map(Path, sys.argv[1:5])
done = failed = 0
start = time.perf_counter()
for path in sorted(inp.rglob("*.po")):
    rel = path.relative_to(inp)
    template = templates / rel
    if not template.exists():
        failed += 1  # the CLI fails on a file with no template
        continue
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "rb") as i, open(target, "wb") as o, open(template, "rb") as t:
            tt.pretranslate_file(i, o, t, tm=str(tmx), min_similarity=75)
        done += 1
    except Exception as exc:
        failed += 1
        print(f"{rel}: {exc}", file=sys.stderr)
print(json.dumps({"done": done, "failed": failed, "seconds": time.perf_counter() - start}))
"""


def strip(src_dir: Path, out_dir: Path, files: list[Path]) -> int:
    """Copy *files* without their translations (as templates are); return the entry count."""
    units = 0
    for path in files:
        po = polib.pofile(str(path))
        for entry in po:
            if entry.obsolete:
                continue
            units += 1
            entry.msgstr = ""
            if entry.msgstr_plural:
                entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        target = out_dir / path.relative_to(src_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(target))
    return units


def count(out_dir: Path) -> dict:
    """Exact and fuzzy fills in an output folder, counted alike for both tools."""
    exact = fuzzy = files = 0
    for path in sorted(out_dir.rglob("*.po")):
        files += 1
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            has_text = entry.msgstr or any(entry.msgstr_plural.values())
            if not has_text:
                continue
            if entry.fuzzy:
                fuzzy += 1
            else:
                exact += 1
    return {"files": files, "exact": exact, "fuzzy": fuzzy}


def run(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    return time.perf_counter() - start, done


def concord(db: Path, inp: Path, out: Path) -> tuple[float, dict]:
    seconds, done = run(
        [
            str(VENV_BIN / "concord"),
            "--db",
            str(db),
            "pretranslate",
            str(inp),
            "-o",
            str(out),
            "--json",
        ]  # fmt: skip
    )
    if done.returncode not in (0, 2):
        sys.exit(f"concord failed:\n{done.stderr}")
    return seconds, json.loads(done.stdout)


def msgfmt_check(out: Path) -> tuple[int, int]:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return 0, 0
    bad = 0
    files = sorted(out.rglob("*.po"))
    for path in files:
        if subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True
        ).returncode:
            bad += 1
    return len(files), bad


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--db", type=Path, help="a store holding 3.13 (default: import it now)")
    parser.add_argument("--sample", type=int, help="run Translate Toolkit on N files only")
    parser.add_argument("--skip-tt", action="store_true", help="do not run Translate Toolkit")
    parser.add_argument("--msgfmt", action="store_true", help="msgfmt --check every output file")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    old, new = args.corpus / "3.13", args.corpus / "3.14"
    work = Path(tempfile.mkdtemp(prefix="bench-pretranslate-", dir=args.keep))
    try:
        db = args.db
        if db is None:
            db = work / "313.db"
            seconds, done = run(
                [
                    str(VENV_BIN / "concord"),
                    "--db",
                    str(db),
                    "tm",
                    "import",
                    str(old),
                    "--src",
                    "en",
                    "--tgt",
                    "zh-CN",
                ]  # fmt: skip
            )
            print(f"imported 3.13 in {seconds:.1f} s: {done.stdout.strip()}")
        files = sorted(new.rglob("*.po"))
        inp = work / "in"
        units = strip(new, inp, files)
        print(f"3.14: {len(files)} files, {units} units (translations stripped into {inp})")

        c_seconds, c_report = concord(db, inp, work / "out-concord")
        c_count = count(work / "out-concord")
        rows = [
            (
                "Concord",
                c_seconds,
                c_report["files_processed"],
                c_report["files_failed"],
                c_count,
                units,
            )
        ]
        if args.msgfmt:
            checked, bad = msgfmt_check(work / "out-concord")
            print(f"msgfmt --check: {checked - bad}/{checked} Concord outputs pass")

        if not args.skip_tt:
            tmx = work / "memory.tmx"
            run([str(VENV_BIN / "concord"), "--db", str(db), "tm", "export", str(tmx), "--src", "en",
                 "--tgt", "zh-CN"], check=True)  # fmt: skip
            tt_in, tt_units = inp, units
            if args.sample:
                step = max(1, len(files) // args.sample)
                chosen = files[::step][: args.sample]
                tt_in = work / "in-sample"
                tt_units = strip(new, tt_in, chosen)
                s_seconds, s_report = concord(db, tt_in, work / "out-concord-sample")
                rows.append(("Concord (sample)", s_seconds, s_report["files_processed"],
                             s_report["files_failed"], count(work / "out-concord-sample"), tt_units))  # fmt: skip
            script = work / "tt_run.py"
            script.write_text(TT_SCRIPT)
            t_seconds, done = run(
                [sys.executable, str(script), str(tt_in), str(work / "out-tt"), str(old), str(tmx)]
            )
            if done.returncode:
                sys.exit(f"Translate Toolkit run failed:\n{done.stderr[-2000:]}")
            tt = json.loads(done.stdout.strip().splitlines()[-1])
            label = "Translate Toolkit (sample)" if args.sample else "Translate Toolkit"
            rows.append(
                (label, t_seconds, tt["done"], tt["failed"], count(work / "out-tt"), tt_units)
            )
        print()
        print(
            f"{'tool':<28}{'time s':>9}{'units':>8}{'files ok':>10}{'failed':>8}{'exact':>8}{'fuzzy':>7}"
        )
        for name, seconds, ok, failed, counted, n in rows:
            print(
                f"{name:<28}{seconds:>9.1f}{n:>8}{ok:>10}{failed:>8}{counted['exact']:>8}{counted['fuzzy']:>7}"
            )
        if not args.skip_tt:
            tt_row = rows[-1]
            concord_row = rows[1] if args.sample else rows[0]
            print(f"\nspeed-up (same input): {tt_row[1] / concord_row[1]:.1f}x")
            if args.sample:
                full = tt_row[1] * units / tt_row[5]
                print(f"Translate Toolkit extrapolated to all {units} units: {full:.0f} s "
                      f"({full / c_seconds:.1f}x Concord's full run)")  # fmt: skip
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
