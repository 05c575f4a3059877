"""Talent matching at scale (issue 15): top-20 candidates for each of 10,000 vacancies over 1,000,000 job seekers.

    .venv/bin/python benchmarks/matching_bench.py --seekers 1000000 --vacancies 10000 --runs 3

Seekers and vacancies are drawn at random over the shipped regions of 浙江, 江苏 and 楚雄 (counties, each seeker
naming one or two cities or counties), with the columns matching reads (``talent.matching.SeekerArrays``: positions
qualified for, highest certificate level, years in the occupation, trainings, expected pay, intentions). The timed
part is what a batch run does after reading those columns: index the seekers by region, then score every pair whose
region fits, city by city, and keep the best 20 per vacancy with exact tie-breaking (``top_candidates``). A check
compares a sample of the answers with the per-pair explanation (``explain``). Prints medians of the runs and the
pairs scored per second.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from ectalent.talent import matching  # noqa: E402


def region_paths() -> tuple[list[str], list[str]]:
    """Materialised paths of the shipped cities and counties, built as the regions app builds them."""
    cities, counties = [], []
    if True:
        for name in ("33-zhejiang.csv", "32-jiangsu.csv", "53-yunnan.csv"):
            with open(ROOT / "ectalent/regions/data" / name, encoding="utf-8") as fh:
                for r in csv.DictReader(fh):
                    code = r["code"]
                    if r["level"] == "city":
                        cities.append(f"{code[:2]}/{code[:4]}")
                    elif r["level"] == "county":
                        counties.append(f"{code[:2]}/{code[:4]}/{code}")
    return cities, counties


def make_seekers(n: int, cities, counties, rng: np.random.Generator) -> matching.SeekerArrays:
    positions = len(matching.POSITIONS)
    # each seeker names a county (60 %) or a city (40 %); one in four names a second city too
    first = np.where(rng.random(n) < 0.6, rng.choice(np.array(counties, dtype=object), n),
                     rng.choice(np.array(cities, dtype=object), n))
    second = np.flatnonzero(rng.random(n) < 0.25)
    return matching.SeekerArrays(
        seeker_id=np.arange(1, n + 1, dtype=np.int64),
        covered=(rng.integers(0, 1 << positions, n) * (rng.random(n) < 0.4)).astype(np.int32),
        level_rank=rng.integers(0, 6, n).astype(np.int8),
        years=rng.integers(0, 15, n).astype(np.int16),
        trained=rng.integers(0, 16, n).astype(np.int8),
        pay_min=np.where(rng.random(n) < 0.3, np.nan, rng.integers(3000, 12000, n).astype(np.float64)),
        intention=(1 << rng.integers(0, positions, n)).astype(np.int32),
        region_seeker=np.concatenate([np.arange(n, dtype=np.int64), second]),
        region_path=np.concatenate([first, rng.choice(np.array(cities, dtype=object), len(second))]),
    )


def make_vacancies(n: int, counties, rng: random.Random) -> list[matching.VacancyFacts]:
    return [matching.VacancyFacts(
        vacancy_id=i, position=rng.choice(matching.POSITIONS), min_level_rank=rng.choice([0, 0, 2, 3, 4]),
        min_years=rng.choice([0, 1, 2, 3, 5]), training=rng.choice(["", "", "assistant", "specialist", "senior"]),
        region_path=rng.choice(counties), pay_max=float(rng.randrange(4000, 16000))) for i in range(1, n + 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seekers", type=int, default=1_000_000)
    parser.add_argument("--vacancies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--k", type=int, default=20)
    args = parser.parse_args()
    cities, counties = region_paths()
    print(f"regions: {len(cities)} cities, {len(counties)} counties; load {os.getloadavg()}")
    seekers = make_seekers(args.seekers, cities, counties, np.random.default_rng(2026))
    vacancies = make_vacancies(args.vacancies, counties, random.Random(2026))
    times, pairs = [], 0
    for run in range(args.runs):
        t0 = time.perf_counter()
        index = matching.region_index(seekers)
        t1 = time.perf_counter()
        best = matching.top_candidates(seekers, vacancies, k=args.k, index=index)
        t2 = time.perf_counter()
        times.append(t2 - t0)
        pairs = sum(len(matching._pool(index, v.region_path)) for v in vacancies[:500]) * len(vacancies) / 500
        print(f"run {run + 1}: index {t1 - t0:.2f} s, scoring and top-{args.k} {t2 - t1:.2f} s, total {t2 - t0:.2f} s")
    # spot check: the batch answer of 20 vacancies against the per-pair explanation over their whole pool
    for v in vacancies[:: max(1, len(vacancies) // 20)]:
        pool = matching._pool(index, v.region_path)
        assert len(best[v.vacancy_id]) == min(args.k, len(pool))
        facts = [matching.SeekerFacts(int(seekers.seeker_id[i]), int(seekers.covered[i]), int(seekers.level_rank[i]),
                                      int(seekers.years[i]), int(seekers.trained[i]), (v.region_path,),
                                      None if np.isnan(seekers.pay_min[i]) else float(seekers.pay_min[i]),
                                      int(seekers.intention[i])) for i in pool]
        ranked = sorted(((matching.explain(f, v)[0], -f.years, f.seeker_id) for f in facts))
        ranked = sorted(facts, key=lambda f: (-matching.explain(f, v)[0], -f.years, f.seeker_id))[:args.k]
        assert [f.seeker_id for f in ranked] == [sid for sid, _ in best[v.vacancy_id]], v
    median = statistics.median(times)
    print(f"median {median:.2f} s for {args.vacancies:,} vacancies over {args.seekers:,} seekers "
          f"(≈ {pairs:,.0f} pairs scored, {pairs / median / 1e6:.0f} M pairs/s); load {os.getloadavg()}")


if __name__ == "__main__":
    main()
