"""Benchmark of certification eligibility (issue 3): batch engine vs per-person Python vs OpenFisca.

    .venv/bin/python benchmarks/eligibility_bench.py                 # 1,000,000 applicants, 3 runs
    .venv/bin/python benchmarks/eligibility_bench.py --n 100000 --runs 1   # a quick look

What it measures (medians of ``--runs`` runs; results printed as Markdown and saved as JSON):

1. ``ectalent eligibility`` end to end from the JSON-lines file, for each of the four levels: wall seconds and
   the command's peak RSS (``os.wait4``), reasons texts included, output written to a file.
2. The engine alone on the same data (parsing excluded): batch (polars; derive facts once, then the four levels)
   vs a plain per-person Python evaluation (``engine.evaluate`` per applicant and level) on the first
   ``--per-person-n`` applicants; the ratio is computed on the same applicants.
3. The rules part alone on already derived facts, assistant level: polars expressions vs openfisca-core
   (a benchmark-only dependency) computing the same seven clauses with the pack's parameter values.

OpenFisca is optional: without it, part 3 is skipped.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

print = functools.partial(print, flush=True)  # noqa: A001 - progress lines show up in a log at once

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from ectalent.rules.batch import derive_frame, evaluate_facts, read_ndjson_frames  # noqa: E402
from ectalent.rules.engine import evaluate  # noqa: E402
from ectalent.rules.packs import load_pack  # noqa: E402

LEVELS = ("assistant", "specialist", "senior", "manager")
MAJORS = ["电子商务", "市场营销", "国际贸易", "物流管理", "哲学", "计算机科学与技术", "会计学", "汉语言文学"]
EPOCH = datetime.date(1970, 1, 1)


# --- data --------------------------------------------------------------------------------------------------


def _dates(days: np.ndarray) -> pl.Series:
    return pl.Series(days.astype("int32")).cast(pl.Date).cast(pl.String)


def generate(n: int, path: Path, seed: int = 20140610) -> None:
    """Write ``n`` random applicants with their periods as JSON lines (vectorised; ~10 s for a million)."""
    rng = np.random.default_rng(seed)
    base = (datetime.date(2015, 1, 1) - EPOCH).days
    as_of = base + rng.integers(0, 11 * 365, n)

    def child(counts_p):
        counts = rng.choice(len(counts_p), size=n, p=counts_p)
        rows = np.repeat(np.arange(n), counts)
        return rows, as_of[rows]

    rows, a = child([0.15, 0.35, 0.25, 0.15, 0.10])
    m = len(rows)
    start = a - rng.integers(0, 8000, m)
    end = start + rng.integers(0, 5000, m)
    employment = pl.DataFrame({
        "row": rows, "start": _dates(start),
        "end": _dates(end).set(pl.Series(rng.random(m) < 0.35), None),
        "in_occupation": rng.random(m) < 0.8, "management": rng.random(m) < 0.2,
    })
    rows, a = child([0.2, 0.6, 0.2])
    m = len(rows)
    graduated = rng.random(m) < 0.85
    education = pl.DataFrame({
        "row": rows,
        "level": rng.choice(["secondary", "vocational_advanced", "associate", "bachelor", "master", "doctor"], m,
                            p=[0.15, 0.1, 0.3, 0.3, 0.1, 0.05]),
        "major": rng.choice(MAJORS, m),
        "status": np.where(graduated, "graduated", "enrolled"),
        "graduated_on": _dates(a - rng.integers(-400, 8000, m)).set(pl.Series(~graduated | (rng.random(m) < 0.03)), None),
        "school_recommended": rng.random(m) < 0.5,
    })
    rows, a = child([0.55, 0.3, 0.15])
    m = len(rows)
    certificates = pl.DataFrame({
        "row": rows, "level": rng.choice(["clerk", "assistant", "specialist", "senior", "manager"], m),
        "issued_on": _dates(a - rng.integers(-100, 6000, m)),
    })
    rows, a = child([0.7, 0.3])
    m = len(rows)
    trainings = pl.DataFrame({
        "row": rows, "level": rng.choice(list(LEVELS), m), "completed_on": _dates(a - rng.integers(-100, 3000, m)),
    })

    people = pl.DataFrame({"row": np.arange(n), "id": [f"P{i:07d}" for i in range(n)], "as_of": _dates(as_of)})
    for name, frame in (("education", education), ("employment", employment), ("certificates", certificates),
                        ("trainings", trainings)):
        cols = [c for c in frame.columns if c != "row"]
        lists = frame.group_by("row").agg(pl.struct(cols).alias(name))
        people = people.join(lists, on="row", how="left")
        dtype = lists.schema[name]
        people = people.with_columns(pl.col(name).fill_null(pl.lit([], dtype=dtype)))
    people = people.sort("row").select(
        pl.struct("id", "as_of", "education", "employment", "certificates", "trainings").struct.json_encode().alias("j")
    )
    with open(path, "w", encoding="utf-8") as out:
        for chunk in people.iter_slices(200_000):
            out.write("\n".join(chunk["j"].to_list()) + "\n")


# --- measurements ----------------------------------------------------------------------------------------


def run_cli(level: str, input_path: Path, output_path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one ``ectalent eligibility`` run."""
    cmd = [str(ROOT / ".venv" / "bin" / "ectalent"), "eligibility", "--level", level, "--input", str(input_path),
           "--output", str(output_path)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"eligibility --level {level} exited {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


def timed(fn, *args):
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def batch_all_levels(frames, pack, texts=True):
    facts = derive_frame(frames, pack)
    return [evaluate_facts(facts, level, pack, texts=texts) for level in LEVELS]


def per_person_all_levels(docs, pack):
    return [[evaluate(doc, level, pack).as_json() for doc in docs] for level in LEVELS]


def openfisca_assistant(facts: pl.DataFrame, pack, on: datetime.date):
    """Build an OpenFisca system for the assistant clauses on derived facts; return (setup+calc s, calc s, result)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    from ectalent.rules.facts import DEGREE_RANK

    person = build_entity(key="person", plural="persons", label="申请人", is_person=True)
    tbs = TaxBenefitSystem([person])
    inputs = {
        "occupation_years": int, "vocational_advanced_related": bool, "holds_clerk": bool, "since_clerk": int,
        "trained_assistant": bool, "degree_related": int, "degree_any": int, "enrolled_related_recommended": int,
    }
    variables = []
    for name, vtype in inputs.items():
        variables.append(type(name, (Variable,), {
            "value_type": vtype, "entity": person, "definition_period": DateUnit.YEAR, "label": name,
        }))
    associate = DEGREE_RANK["associate"]

    def formula(p, period, parameters):
        a = parameters(period).assistant
        occ, since, trained = p("occupation_years", period), p("since_clerk", period), p("trained_assistant", period)
        any_degree = p("degree_any", period) >= associate
        return (
            (occ >= a.clause1)
            | p("vocational_advanced_related", period)
            | (p("holds_clerk", period) & ((since >= a.clause3) | ((since >= a.clause3_trained) & trained)))
            | (p("degree_related", period) >= associate)
            | (any_degree & (occ >= a.clause5))
            | (any_degree & trained)
            | (p("enrolled_related_recommended", period) >= associate)
        )

    variables.append(type("assistant_eligible", (Variable,), {
        "value_type": bool, "entity": person, "definition_period": DateUnit.YEAR, "label": "助理电子商务师申报资格",
        "formula": formula,
    }))
    tbs.add_variables(*variables)
    value = lambda name: {"values": {  # noqa: E731
        e.effective_from.isoformat(): e.value for e in pack.param(name).values
    }}
    tbs.parameters = ParameterNode("", data={"assistant": {
        "clause1": value("assistant.clause1.occupation_years"),
        "clause3": value("assistant.clause3.since_clerk_years"),
        "clause3_trained": value("assistant.clause3.since_clerk_years_trained"),
        "clause5": value("assistant.clause5.occupation_years"),
    }})
    arrays = {name: facts[name].to_numpy() for name in inputs}
    t0 = time.perf_counter()
    sim = SimulationBuilder().build_default_simulation(tbs, count=facts.height)
    period = str(on.year)
    for name, array in arrays.items():
        sim.set_input(name, period, array)
    t1 = time.perf_counter()
    result = sim.calculate("assistant_eligible", period)
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli-other-runs", type=int, default=1, help="runs of the CLI for levels other than assistant")
    parser.add_argument("--per-person-n", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--skip-cli", action="store_true")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    data = args.workdir / f"applicants-{args.n}.jsonl"
    results: dict = {"n": args.n, "runs": args.runs, "per_person_n": args.per_person_n}

    if not data.exists():
        seconds, _ = timed(generate, args.n, data)
        print(f"generated {args.n} applicants in {seconds:.1f} s -> {data} ({data.stat().st_size / 2**20:.0f} MiB)")
    pack = load_pack()

    # 1. CLI end to end.
    if not args.skip_cli:
        results["cli"] = {}
        for level in LEVELS:
            count = args.runs if level == "assistant" else args.cli_other_runs
            runs = [run_cli(level, data, args.workdir / f"out-{level}.jsonl") for _ in range(count)]
            results["cli"][level] = {
                "seconds": statistics.median(r[0] for r in runs), "peak_rss_mib": max(r[1] for r in runs),
                "all_seconds": [round(r[0], 2) for r in runs],
            }
            print(f"cli {level}: {results['cli'][level]}")

    # 2. Engine alone: batch vs per-person on the same applicants.
    raw = data.read_bytes()
    frames = read_ndjson_frames(raw)
    sub_bytes = b"".join(raw.splitlines(keepends=True)[: args.per_person_n])
    sub_frames = read_ndjson_frames(sub_bytes)
    sub_docs = [json.loads(line) for line in sub_bytes.splitlines()]
    del raw

    full = [timed(batch_all_levels, frames, pack)[0] for _ in range(args.runs)]
    full_no_text = [timed(batch_all_levels, frames, pack, False)[0] for _ in range(args.runs)]
    sub = [timed(batch_all_levels, sub_frames, pack)[0] for _ in range(args.runs)]
    per_person = [timed(per_person_all_levels, sub_docs, pack)[0] for _ in range(args.runs)]
    results["engine"] = {
        "batch_all_levels_full_s": statistics.median(full),
        "batch_all_levels_full_no_texts_s": statistics.median(full_no_text),
        "batch_all_levels_subset_s": statistics.median(sub),
        "per_person_all_levels_subset_s": statistics.median(per_person),
    }
    results["engine"]["ratio_per_person_over_batch"] = (
        results["engine"]["per_person_all_levels_subset_s"] / results["engine"]["batch_all_levels_subset_s"]
    )
    print(f"engine: {results['engine']}")

    # 3. Rules part on derived facts, assistant: polars vs OpenFisca.
    facts = derive_frame(frames, pack)
    on = datetime.date(2024, 6, 30)
    facts_on = facts.with_columns(pl.lit(on).alias("as_of"))
    from ectalent.rules.batch import decision_exprs

    exprs = decision_exprs("assistant", pack, texts=False)
    polars_eligible = [timed(lambda: facts_on.select(exprs["eligible"]))[0] for _ in range(args.runs)]
    polars_clauses = [timed(lambda: facts_on.select(exprs["eligible"].alias("e"), exprs["clause_mask"].alias("m")))[0] for _ in range(args.runs)]
    results["rules_assistant"] = {
        "polars_eligible_s": statistics.median(polars_eligible),
        "polars_eligible_and_clause_mask_s": statistics.median(polars_clauses),
    }
    try:
        of = [openfisca_assistant(facts, pack, on) for _ in range(args.runs)]
    except ImportError:
        print("openfisca-core is not installed: part 3 skipped (pip install openfisca-core)")
    else:
        ours = facts_on.select(exprs["eligible"]).to_series().to_numpy()
        assert (of[0][2] == ours).all(), "OpenFisca and the batch engine disagree"
        results["rules_assistant"].update({
            "openfisca_calculate_s": statistics.median(r[1] for r in of),
            "openfisca_with_setup_s": statistics.median(r[0] for r in of),
        })
    print(f"rules (assistant, derived facts): {results['rules_assistant']}")

    results["machine"] = {
        "load_average_at_end": os.getloadavg(),
        "nproc": os.cpu_count(), "python": platform.python_version(), "polars": pl.__version__,
        "memory": subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1],
    }
    out = args.workdir / f"results-{args.n}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
