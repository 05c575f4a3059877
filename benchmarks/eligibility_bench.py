"""Benchmark of certification eligibility (issue 3): batch engine vs per-person Python vs OpenFisca.

    .venv/bin/python benchmarks/eligibility_bench.py                 # 1,000,000 applicants, 3 runs
    .venv/bin/python benchmarks/eligibility_bench.py --n 100000 --runs 1   # a quick look
    .venv/bin/python benchmarks/eligibility_bench.py --db-url postgres://postgres@127.0.0.1:5432/ectalent_bench

What it measures (medians of ``--runs`` runs; results printed and saved as JSON in ``--workdir``):

1. ``ectalent eligibility`` end to end from the JSON-lines file, for each of the four levels: wall seconds and
   the command's peak RSS (``os.wait4``), reasons texts included, output written to a file.
2. With ``--db-url``: eligibility for all four levels end to end from the database (every person of the registry):
   a child process reads the records with ``simulation.registry_frames`` (``COPY … TO STDOUT`` into polars),
   derives the facts and decides the four levels (``eligible`` and the clauses that hold); wall seconds and the
   child's peak RSS, and one more run with the reasons texts.
3. The engine alone on the same data (parsing excluded): batch (polars; derive facts once, then the four levels,
   with texts) vs a plain per-person Python evaluation of the same rules and texts (per applicant: derive the
   facts once, then the four levels) on the first ``--per-person-n`` applicants; the ratio is computed on the same
   applicants, and also with the batch run on all applicants against the per-person time scaled linearly.
4. The rules part alone on already derived facts, assistant level: the pack's clauses as numpy operations
   (``batch.numpy_rule``) vs openfisca-core (a benchmark-only dependency) computing the same seven clauses with
   the pack's parameter values. Both are timed the same way, on the same numpy arrays: only the computation
   (OpenFisca's ``calculate`` on a fresh simulation each time; building the simulation is timed separately),
   median of ``--rule-repeats``. The polars expression of the engine is timed too.

OpenFisca is optional: without it, the OpenFisca half of part 4 is skipped.
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

from ectalent.rules.batch import decision_exprs, derive_frame, evaluate_facts, numpy_rule, read_ndjson_frames  # noqa: E402
from ectalent.rules.engine import ClauseResult, Decision, _eval, clause_text, evaluate  # noqa: E402
from ectalent.rules.facts import derive  # noqa: E402
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
    """Per applicant: derive the facts once, then decide the four levels with texts (``engine.evaluate`` without
    deriving again for each level)."""
    levels = [pack.level(level) for level in LEVELS]
    out = []
    for doc in docs:
        facts = derive(doc, pack)
        for level in levels:
            results = []
            for clause in level.clauses:
                cond = _eval(clause.when, facts, level.code, pack, facts.as_of)
                results.append(ClauseResult(clause.number, clause.id, clause.cite, clause.text, cond.holds, clause_text(cond), cond))
            clauses = [r.number for r in results if r.holds]
            out.append(Decision(str(doc["id"]), level.code, bool(clauses), clauses, results, facts).as_json())
    return out


def per_person_evaluate(docs, pack):
    """``engine.evaluate`` per applicant and level (derives the facts again for each level)."""
    return [[evaluate(doc, level, pack).as_json() for doc in docs] for level in LEVELS]


def db_child(levels: list[str], texts: bool) -> None:
    """(child process) Eligibility of every person of the database for ``levels``; prints timings as JSON."""
    from ectalent.registry.models import Person
    from ectalent.rules.simulation import registry_frames

    pack = load_pack()
    on = datetime.date(2024, 6, 30)
    t0 = time.perf_counter()
    frames, _cities = registry_frames(Person.objects.all(), on)
    t1 = time.perf_counter()
    facts = derive_frame(frames, pack)
    t2 = time.perf_counter()
    eligible = {}
    for level in levels:
        decided = evaluate_facts(facts, level, pack, texts=texts)
        eligible[level] = int(decided["eligible"].sum())
        del decided  # (one level's answers at a time, as a caller writing them out would)
    t3 = time.perf_counter()
    print(json.dumps({"people": len(frames), "load_s": t1 - t0, "derive_s": t2 - t1, "decide_s": t3 - t2,
                      "eligible": eligible}))


def run_db(db_url: str, texts: bool) -> dict:
    """One end-to-end database run in a child process: wall seconds, peak RSS (MiB) and the child's own timings."""
    cmd = [sys.executable, __file__, "--db-child"] + (["--db-texts"] if texts else [])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, env={**os.environ, "DATABASE_URL": db_url})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("database run failed")
    return {"seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024, **json.loads(out.decode().splitlines()[-1])}


OPENFISCA_INPUTS = {
    "occupation_years": int, "vocational_advanced_related": bool, "holds_clerk": bool, "since_clerk": int,
    "trained_assistant": bool, "degree_related": int, "degree_any": int, "enrolled_related_recommended": int,
}


def openfisca_assistant(arrays: dict, pack, on: datetime.date, repeats: int):
    """OpenFisca system for the assistant clauses on derived facts. Each repeat builds a fresh simulation (timed
    apart: OpenFisca caches a computed variable) and times ``calculate``. Returns (build s list, calculate s list,
    result)."""
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    from ectalent.rules.facts import DEGREE_RANK

    person = build_entity(key="person", plural="persons", label="申请人", is_person=True)
    tbs = TaxBenefitSystem([person])
    inputs = OPENFISCA_INPUTS
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
    count = len(next(iter(arrays.values())))
    period = str(on.year)
    builds, calcs = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        sim = SimulationBuilder().build_default_simulation(tbs, count=count)
        for name, array in arrays.items():
            sim.set_input(name, period, array)
        t1 = time.perf_counter()
        result = sim.calculate("assistant_eligible", period)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        calcs.append(t2 - t1)
    return builds, calcs, result


def load() -> dict:
    one, five, fifteen = os.getloadavg()
    return {"1min": round(one, 2), "5min": round(five, 2), "15min": round(fifteen, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli-other-runs", type=int, default=1, help="runs of the CLI for levels other than assistant")
    parser.add_argument("--per-person-n", type=int, default=50_000)
    parser.add_argument("--rule-repeats", type=int, default=15, help="repeats of the rules-part timings (median)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--skip-cli", action="store_true")
    parser.add_argument("--skip-engine", action="store_true")
    parser.add_argument("--db-url", help="PostgreSQL database with generated people (ectalent generate)")
    parser.add_argument("--db-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db-texts", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.db_child:
        db_child(list(LEVELS), args.db_texts)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    data = args.workdir / f"applicants-{args.n}.jsonl"
    results: dict = {
        "n": args.n, "runs": args.runs, "per_person_n": args.per_person_n,
        "machine": {
            "nproc": os.cpu_count(), "python": platform.python_version(), "polars": pl.__version__,
            "numpy": np.__version__,
            "memory": subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1],
        },
        "load": {"start": load()},
    }
    out = args.workdir / f"results-{args.n}.json"

    def save():
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False))

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
        results["load"]["after_cli"] = load()
        save()

    # 2. Database end to end.
    if args.db_url:
        runs = [run_db(args.db_url, texts=False) for _ in range(args.runs)]
        results["db"] = {
            "people": runs[0]["people"],
            "seconds": statistics.median(r["seconds"] for r in runs),
            "all_seconds": [round(r["seconds"], 2) for r in runs],
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "load_s": statistics.median(r["load_s"] for r in runs),
            "derive_s": statistics.median(r["derive_s"] for r in runs),
            "decide_s": statistics.median(r["decide_s"] for r in runs),
            "eligible": runs[0]["eligible"],
        }
        results["db_with_texts"] = run_db(args.db_url, texts=True)
        print(f"db: {results['db']}\ndb with texts: {results['db_with_texts']}")
        results["load"]["after_db"] = load()
        save()

    # 3. Engine alone: batch vs per-person on the same applicants.
    raw = data.read_bytes()
    frames = read_ndjson_frames(raw)
    sub_bytes = b"".join(raw.splitlines(keepends=True)[: args.per_person_n])
    sub_frames = read_ndjson_frames(sub_bytes)
    sub_docs = [json.loads(line) for line in sub_bytes.splitlines()]
    del raw
    if not args.skip_engine:
        full = [timed(batch_all_levels, frames, pack)[0] for _ in range(args.runs)]
        full_no_text = [timed(batch_all_levels, frames, pack, False)[0] for _ in range(args.runs)]
        sub = [timed(batch_all_levels, sub_frames, pack)[0] for _ in range(args.runs)]
        per_person = [timed(per_person_all_levels, sub_docs, pack)[0] for _ in range(args.runs)]
        per_level = timed(per_person_evaluate, sub_docs, pack)[0]
        e = results["engine"] = {
            "batch_all_levels_full_s": statistics.median(full),
            "batch_all_levels_full_all_s": [round(x, 2) for x in full],
            "batch_all_levels_full_no_texts_s": statistics.median(full_no_text),
            "batch_all_levels_subset_s": statistics.median(sub),
            "per_person_all_levels_subset_s": statistics.median(per_person),
            "per_person_all_levels_subset_all_s": [round(x, 2) for x in per_person],
            "per_person_evaluate_per_level_subset_s_1_run": per_level,
        }
        scale = args.n / args.per_person_n
        e["ratio_same_subset"] = e["per_person_all_levels_subset_s"] / e["batch_all_levels_subset_s"]
        e["per_person_scaled_to_n_s"] = e["per_person_all_levels_subset_s"] * scale
        e["ratio_scaled_per_person_over_batch_full"] = e["per_person_scaled_to_n_s"] / e["batch_all_levels_full_s"]
        e["ratio_scaled_per_person_over_batch_full_no_texts"] = (
            e["per_person_scaled_to_n_s"] / e["batch_all_levels_full_no_texts_s"]
        )
        print(f"engine: {e}")
        results["load"]["after_engine"] = load()
        save()

    # 4. Rules part on derived facts, assistant: numpy (from the pack) vs OpenFisca, same arrays, same timing.
    facts = derive_frame(frames, pack)
    on = datetime.date(2024, 6, 30)
    arrays = {name: facts[name].to_numpy() for name in OPENFISCA_INPUTS}
    rule = numpy_rule("assistant", pack)
    ours = rule(arrays, on)
    numpy_times = []
    for _ in range(args.rule_repeats):
        t0 = time.perf_counter()
        rule(arrays, on)
        numpy_times.append(time.perf_counter() - t0)
    facts_on = facts.with_columns(pl.lit(on).alias("as_of"))
    eligible_expr = decision_exprs("assistant", pack, texts=False)["eligible"]
    assert (facts_on.select(eligible_expr).to_series().to_numpy() == ours).all(), "numpy rule and polars disagree"
    polars_times = [timed(lambda: facts_on.select(eligible_expr))[0] for _ in range(args.rule_repeats)]
    r = results["rules_assistant"] = {
        "numpy_from_pack_s": statistics.median(numpy_times),
        "polars_expression_s": statistics.median(polars_times),
        "repeats": args.rule_repeats,
    }
    try:
        builds, calcs, of_result = openfisca_assistant(arrays, pack, on, args.rule_repeats)
    except ImportError:
        print("openfisca-core is not installed: OpenFisca half of part 4 skipped (pip install openfisca-core)")
    else:
        assert (of_result == ours).all(), "OpenFisca and the batch engine disagree"
        r.update({
            "openfisca_calculate_s": statistics.median(calcs),
            "openfisca_build_simulation_s": statistics.median(builds),
            "ratio_openfisca_calculate_over_numpy": statistics.median(calcs) / statistics.median(numpy_times),
        })
    print(f"rules (assistant, derived facts): {r}")
    results["load"]["end"] = load()
    save()
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
