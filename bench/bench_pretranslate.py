"""Pre-translate the 3.14 python-docs PO files from a 3.13 memory: Concord and Translate Toolkit.

    python bench/bench_pretranslate.py [--db 313.db] [--sample N] [--repeat N] [--skip-tt] [--msgfmt]

The 3.14 files are read in place and stripped of their translations into a temporary folder
(the same input for both tools: every entry untranslated, as a new release's templates).
Concord pre-translates from the memory alone (a store holding 3.13, imported here unless
--db names one). Translate Toolkit's ``pretranslate`` runs on the same files in one process
(so its memory is loaded once), each with the 3.13 file as template (``-t``) and the memory
exported as TMX (``--tm``); files without a 3.13 template fail for it and are counted.
Both outputs are counted the same way with polib: translated and not fuzzy = exact, fuzzy
with a translation = fuzzy. By default Translate Toolkit runs on every file, so the ratio is
measured; with --sample N it runs on every k-th file only (N files) and its full time is
extrapolated by units, and Concord runs on both the full set and the sample.

The machine may be shared, so each run records wall time and CPU time: the CPU of a whole
child process (and the workers it waited for) from ``os.wait4``, and for Translate Toolkit
also its pretranslation loop alone, timed inside its process with ``time.process_time``
(without Python's start-up and the import of the toolkit; the conservative figure).
Concord runs --repeat times (it takes seconds; Translate Toolkit minutes) and the run of
median wall time is shown. Each Concord run gets a fresh copy of the store, so the usage
counts a run records do not change the next run's ranking.
"""

from __future__ import annotations

import argparse
import json
import os
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
start, cpu = time.perf_counter(), time.process_time()
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
print(json.dumps({"done": done, "failed": failed, "seconds": time.perf_counter() - start,
                  "cpu": time.process_time() - cpu}))
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


class Timed:
    """A finished child process: its output, exit code, wall time and CPU time (user + sys)."""

    def __init__(self, cmd: list[str]) -> None:
        start = time.perf_counter()
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
            # wait4: this child's rusage, including the workers it forked and waited for
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            self.wall = time.perf_counter() - start
            self.cpu = usage.ru_utime + usage.ru_stime
            out.seek(0)
            err.seek(0)
            self.stdout, self.stderr = out.read(), err.read()
        self.returncode = proc.returncode


def run(cmd: list[str], check: bool = False) -> Timed:
    done = Timed(cmd)
    if check and done.returncode:
        sys.exit(f"{cmd[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done


def copy_store(src: Path, dst: Path) -> Path:
    """Copy a store and its fuzzy index folder (``NAME.index``) beside it, if there is one."""
    shutil.copyfile(src, dst)
    index = src.with_name(src.name + ".index")
    if index.is_dir():
        shutil.copytree(index, dst.with_name(dst.name + ".index"), dirs_exist_ok=True)
    return dst


def concord(db: Path, inp: Path, out: Path, repeat: int = 1) -> tuple[Timed, dict]:
    """Run Concord *repeat* times, each on a fresh copy of *db*; the run of median wall time.

    A fresh copy each time because a run records usage counts, which rank the next run's
    matches; the median because a shared machine makes single wall times noisy.
    """
    runs = []
    for k in range(repeat):
        done, report = _concord(copy_store(db, db.with_name(f"run{k}-{db.name}")), inp, out)
        runs.append((done.wall, k, done, report))
    runs.sort(key=lambda r: r[:2])
    if repeat > 1:
        walls = ", ".join(
            f"{r[2].wall:.1f}/{r[2].cpu:.1f}" for r in sorted(runs, key=lambda r: r[1])
        )
        print(f"Concord on {inp.name}: {repeat} runs, wall/CPU s: {walls}")
    return runs[len(runs) // 2][2:]


def _concord(db: Path, inp: Path, out: Path) -> tuple[Timed, dict]:
    done = run(
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
    return done, json.loads(done.stdout)


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


class Row:
    """One line of the results table."""

    def __init__(self, tool, wall, cpu, ok, failed, units, counted, base=None) -> None:
        self.tool, self.wall, self.cpu, self.ok, self.failed = tool, wall, cpu, ok, failed
        self.units, self.exact, self.fuzzy = units, counted["exact"], counted["fuzzy"]
        self.base = base  # the Concord row on the same input, for the ratios

    HEAD = (
        f"{'tool':<38}{'wall s':>8}{'CPU s':>8}{'files ok':>10}{'failed':>8}{'units':>8}"
        f"{'exact':>8}{'fuzzy':>7}{'ratio wall':>12}{'ratio CPU':>11}"
    )

    def __str__(self) -> str:
        base = self.base or self
        ratios = f"{self.wall / base.wall:>11.1f}x{self.cpu / base.cpu:>10.1f}x"
        return (
            f"{self.tool:<38}{self.wall:>8.1f}{self.cpu:>8.1f}{self.ok:>10}{self.failed:>8}"
            f"{self.units:>8}{self.exact:>8}{self.fuzzy:>7}{ratios}"
        )


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
    parser.add_argument(
        "--repeat", type=int, default=3, help="Concord runs to take the median of (default 3)"
    )
    args = parser.parse_args()
    old, new = args.corpus / "3.13", args.corpus / "3.14"
    concord_bin = str(VENV_BIN / "concord")
    work = Path(tempfile.mkdtemp(prefix="bench-pretranslate-", dir=args.keep))
    try:
        db = work / "313.db"
        if args.db is None:
            done = run(
                [concord_bin, "--db", str(db), "tm", "import", str(old), "--src", "en",
                 "--tgt", "zh-CN"], check=True,
            )  # fmt: skip
            print(f"imported 3.13 in {done.wall:.1f} s: {done.stdout.strip()}")
        else:  # a copy: the usage counts Concord records would change the next run's ranking
            copy_store(args.db, db)
        files = sorted(new.rglob("*.po"))
        inp = work / "in"
        units = strip(new, inp, files)
        print(f"3.14: {len(files)} files, {units} units (translations stripped into {inp})")
        print(f"load average before the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

        done, report = concord(db, inp, work / "out-concord", args.repeat)
        c_row = Row("Concord", done.wall, done.cpu, report["files_processed"],
                    report["files_failed"], units, count(work / "out-concord"))  # fmt: skip
        rows = [c_row]
        bands = report["bands"]
        print(
            "Concord leverage (segments): "
            + ", ".join(f"{name} {band['segments']}" for name, band in bands.items())
        )
        if args.msgfmt:
            checked, bad = msgfmt_check(work / "out-concord")
            print(f"msgfmt --check: {checked - bad}/{checked} Concord outputs pass")

        if not args.skip_tt:
            tmx = work / "memory.tmx"
            run([concord_bin, "--db", str(db), "tm", "export", str(tmx), "--src", "en",
                 "--tgt", "zh-CN"], check=True)  # fmt: skip
            tt_in, tt_units, base = inp, units, c_row
            if args.sample:
                step = max(1, len(files) // args.sample)
                chosen = files[::step][: args.sample]
                tt_in = work / "in-sample"
                tt_units = strip(new, tt_in, chosen)
                done, report = concord(db, tt_in, work / "out-concord-sample", args.repeat)
                base = Row("Concord (sample)", done.wall, done.cpu, report["files_processed"],
                           report["files_failed"], tt_units, count(work / "out-concord-sample"))  # fmt: skip
                rows.append(base)
            script = work / "tt_run.py"
            script.write_text(TT_SCRIPT)
            print(f"load average before Translate Toolkit: "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")  # fmt: skip
            done = run([sys.executable, str(script), str(tt_in), str(work / "out-tt"), str(old),
                        str(tmx)], check=True)  # fmt: skip
            tt = json.loads(done.stdout.strip().splitlines()[-1])
            counted = count(work / "out-tt")
            label = "Translate Toolkit" + (" (sample)" if args.sample else "")
            rows.append(Row(label, done.wall, done.cpu, tt["done"], tt["failed"], tt_units,
                            counted, base))  # fmt: skip
            rows.append(Row(label + ", loop only", tt["seconds"], tt["cpu"], tt["done"],
                            tt["failed"], tt_units, counted, base))  # fmt: skip
            if args.sample:
                scale = units / tt_units
                rows.append(Row("Translate Toolkit (extrapolated)", done.wall * scale,
                                done.cpu * scale, 0, 0, units, {"exact": 0, "fuzzy": 0},
                                c_row))  # fmt: skip
        print()
        print(Row.HEAD)
        for row in rows:
            print(row)
        print(
            "\nwall and CPU: whole process (CPU = user + system, with the workers it waited for);"
            f"\nConcord: the median of {args.repeat} run(s) by wall time;"
            "\n'loop only': Translate Toolkit's pretranslation loop timed inside its process;"
            "\nratios: time / Concord's on the same input"
            + (" (extrapolated row: units-scaled, counts not measured)" if args.sample else "")
        )
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
