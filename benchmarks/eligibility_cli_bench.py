"""``ectalent eligibility`` against a plain per-person loop on the same file (issue 10, goal 3).

    .venv/bin/python benchmarks/eligibility_cli_bench.py --n 300000 --runs 3 --levels assistant,manager \
        [--old-root /tmp/ectalent-main]      # also the command as it was (a checkout of the older code)

The file is made by ``eligibility_bench.generate`` (random applicants, as that benchmark's). The reference loop is
what a developer would write first: for each line ``json.loads``, ``engine.evaluate(doc, level, pack)``, and a short
answer ``{"id", "eligible", "clauses"}`` written with ``json.dumps`` (``benchmarks/plain_loop.py``). The command
writes the full answers of the contract (reasons included). Each run is a fresh process, timed end to end (Python
and Django start included); peak memory is the sum of the resident memory of the command and its worker processes,
sampled every 20 ms. Runs are interleaved (loop, new, old, loop, new, old, …); medians are reported. The new
command's output is compared byte for byte with the old one's when ``--old-root`` is given.
"""

import argparse
import filecmp
import json
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import _measure  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--levels", default="assistant,manager")
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--old-root", default="", help="a checkout of the older code, for the command as it was")
    parser.add_argument("--input", default="", help="an applicant-facts JSON-lines file instead of a generated one")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    path = Path(args.input) if args.input else work / f"applicants-{args.n}.jsonl"
    if not path.exists():
        import eligibility_bench

        eligibility_bench.generate(args.n, path)
    python = str(ROOT / ".venv" / "bin" / "python")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ectalent.settings"}
    results = {}
    print(f"input {path} ({path.stat().st_size / 2**20:.0f} MiB), cpus {os.cpu_count()}, load {os.getloadavg()}")
    for level in args.levels.split(","):
        cases = {
            "plain loop": [python, str(HERE / "plain_loop.py"), level, str(path), str(work / f"loop-{level}.jsonl")],
            "ectalent eligibility": [python, "-m", "ectalent", "eligibility", "--level", level, "--input", str(path),
                                     "--output", str(work / f"new-{level}.jsonl")],
        }
        if args.old_root:
            cases["ectalent eligibility (before)"] = [python, "-m", "ectalent", "eligibility", "--level", level,
                                                      "--input", str(path), "--output", str(work / f"old-{level}.jsonl")]
        runs = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, cmd in cases.items():
                before = "(before)" in name
                run_env = {**env, "PYTHONPATH": args.old_root} if before else env
                measured = _measure.run(cmd, env=run_env, cwd=args.old_root if before else ROOT)
                assert measured["exit"] in (0, 1), (name, measured)
                runs[name].append(measured)
        if args.old_root:
            same = filecmp.cmp(work / f"new-{level}.jsonl", work / f"old-{level}.jsonl", shallow=False)
            print(f"{level}: output byte for byte as before: {same}")
        loop = statistics.median(r["seconds"] for r in runs["plain loop"])
        for name, rows in runs.items():
            sec = statistics.median(r["seconds"] for r in rows)
            mem = statistics.median(r["peak_mib"] for r in rows)
            print(f"{level:10s} {name:32s} {sec:7.1f} s  peak {mem:6.0f} MiB  loop/this {loop / sec:5.2f}×  "
                  f"runs {[round(r['seconds'], 1) for r in rows]}")
        results[level] = runs
    print(f"load at end {os.getloadavg()}")
    (work / f"eligibility-cli-{args.n}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
