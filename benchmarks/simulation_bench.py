"""政策模拟 at a million people against reading the same rows by COPY (issue 10, goal 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfbench .venv/bin/python benchmarks/simulation_bench.py \
        --runs 3

As a province official (zj_province, about 460,000 people in scope), alternately:

- the reference: the simulation's five reads (``simulation.registry_queries``: people with their region path,
  employment, education, certificates, trainings, scoped and semi-joined the same way) one after the other, each by
  ``COPY (query) TO STDOUT`` parsed by polars — reading the rows, nothing else;
- the simulation as its background job runs it (``simulation.simulate``): the same reads (two connections at a time),
  facts derived once, the four levels under both variants decided in one ``select`` and counted per city — with two
  threshold changes (derived once), and again with the occupation-run gap changed too (derived twice).

Medians of ``--runs``; the ratio simulation / reference of each run, then their median.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from ectalent.accounts.models import User  # noqa: E402
from ectalent.rules.packs import load_pack  # noqa: E402
from ectalent.rules.simulation import _read, people_for, registry_queries, simulate  # noqa: E402

AS_OF = datetime.date(2024, 6, 30)
THRESHOLDS = {"assistant.clause1.occupation_years": 5, "specialist.clause1.occupation_years": 7}
WITH_GAP = {**THRESHOLDS, "occupation.run_gap_days": 90}


def reference(people) -> tuple[float, int]:
    t0 = time.perf_counter()
    frames = {name: _read(qs, schema) for name, (qs, schema) in registry_queries(people).items()}
    return time.perf_counter() - t0, frames["people"].height


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--user", default="zj_province")
    args = parser.parse_args()
    people = people_for(User.objects.get(username=args.user))
    pack = load_pack()
    print(f"load at start {os.getloadavg()}")
    rows = {"reference": [], "simulate (2 thresholds)": [], "simulate (+ run gap, derived twice)": []}
    parts = []
    n = 0
    for _ in range(args.runs):
        seconds, n = reference(people)
        rows["reference"].append(seconds)
        for name, overrides in (("simulate (2 thresholds)", THRESHOLDS), ("simulate (+ run gap, derived twice)", WITH_GAP)):
            t0 = time.perf_counter()
            result = simulate(people, overrides, AS_OF, pack)
            rows[name].append(time.perf_counter() - t0)
            if name.endswith("thresholds)"):
                parts.append(result.seconds)
    ref = rows["reference"]
    print(f"{n:,} people in scope")
    for name, values in rows.items():
        ratio = statistics.median(v / r for v, r in zip(values, ref))
        print(f"{name:38s} {statistics.median(values):6.2f} s  ×ref {ratio:4.2f}  runs {[round(v, 2) for v in values]}")
    print("simulate (2 thresholds) stages, medians: " + ", ".join(
        f"{k} {statistics.median(p[k] for p in parts):.2f} s" for k in parts[0]))
    print(f"load at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
