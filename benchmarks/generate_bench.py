"""``ectalent generate`` against COPY into primary-key-only tables plus the index build (issue 10, goal 4).

    createdb -h 127.0.0.1 -U postgres ectalent_perfgen
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfgen .venv/bin/ectalent migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfgen .venv/bin/python benchmarks/generate_bench.py \
        --people 1000000 --runs 3

Each run empties the five registry tables, then times ``ectalent generate --people N`` as a user runs it (a fresh
process: making the rows, COPY, dropping and rebuilding the secondary indexes and constraints, commit; and then
``VACUUM ANALYZE``, reported apart). The reference, in the same run: the rows just generated, saved to CSV files
beforehand (not timed), loaded by ``COPY … FROM`` into copies of the five tables that have only their primary keys,
then every secondary index, unique and foreign-key constraint of the real tables built on them — the least any
load of these rows can cost; plus ``VACUUM ANALYZE`` apart. Medians and the ratio are reported.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from ectalent.registry.generate import CHILD_COLUMNS, PERSON_COLUMNS, TABLES, secondary_schema  # noqa: E402
from ectalent.registry.models import Person  # noqa: E402

COLUMNS = {Person: PERSON_COLUMNS, **CHILD_COLUMNS}


def empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(m._meta.db_table for m in TABLES) + " RESTART IDENTITY CASCADE")


def run_generate(people: int) -> dict:
    t0 = time.perf_counter()
    out = subprocess.run([str(ROOT / ".venv/bin/ectalent"), "generate", "--people", str(people)], capture_output=True,
                         text=True, check=True, env=os.environ).stdout
    total = time.perf_counter() - t0
    committed = float(re.search(r"提交（([\d.]+) 秒）", out).group(1))
    return {"total": total, "committed": committed}


def _name(name: str) -> str:
    return ("r_" + name.strip('"'))[:63]


def _on_copies(statement: str) -> str:
    """A statement of ``secondary_schema`` aimed at the ``ref_`` copies, with names of their own."""
    m = re.match(r"CREATE (UNIQUE )?INDEX (\S+) ON (?:public\.)?(\w+) (.*)", statement)
    if m:
        return f"CREATE {m[1] or ''}INDEX {_name(m[2])} ON ref_{m[3]} {m[4]}"
    m = re.match(r'ALTER TABLE (\w+) ADD CONSTRAINT (\S+) (.*)', statement)
    copied = "|".join(m._meta.db_table for m in TABLES)
    definition = re.sub(rf"REFERENCES ({copied})\(", r"REFERENCES ref_\1(", m[3])
    return f'ALTER TABLE ref_{m[1]} ADD CONSTRAINT "{_name(m[2])}" {definition}'


def reference(tmp: str) -> dict:
    """COPY the generated rows into primary-key-only copies, then build the real tables' secondary schema."""
    drop, build = secondary_schema()
    with connection.cursor() as cursor:
        for model in TABLES:  # the rows, as files (not timed)
            table = model._meta.db_table
            cols = ", ".join(f'"{c}"' for c in (["id"] if model is not Person else []) + COLUMNS[model])
            with open(f"{tmp}/{table}.csv", "wb") as fh, cursor.cursor.copy(
                    f"COPY {table} ({cols}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    fh.write(block)
    renamed = [_on_copies(statement) for statement in build]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        for model in TABLES:
            table = model._meta.db_table
            cursor.execute(f"CREATE TABLE ref_{table} (LIKE {table} INCLUDING DEFAULTS)")
            cursor.execute(f"ALTER TABLE ref_{table} ADD PRIMARY KEY (id)")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        t_copy = time.perf_counter()
        for model in TABLES:
            table = model._meta.db_table
            cols = ", ".join(f'"{c}"' for c in (["id"] if model is not Person else []) + COLUMNS[model])
            with open(f"{tmp}/{table}.csv", "rb") as fh, cursor.cursor.copy(
                    f"COPY ref_{table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                while block := fh.read(1 << 20):
                    copy.write(block)
        copied = time.perf_counter() - t_copy
        for statement in renamed:
            cursor.execute(statement)
        cursor.execute("COMMIT")
        total = time.perf_counter() - t0
        t1 = time.perf_counter()
        for model in TABLES:
            cursor.execute(f"VACUUM ANALYZE ref_{model._meta.db_table}")
        vacuum = time.perf_counter() - t1
        for model in reversed(TABLES):
            cursor.execute(f"DROP TABLE ref_{model._meta.db_table} CASCADE")
    return {"total": total, "copy": copied, "vacuum": vacuum}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load at start {os.getloadavg()}")
    gen, ref = [], []
    for run in range(args.runs):
        empty()
        gen.append(run_generate(args.people))
        with tempfile.TemporaryDirectory() as tmp:
            ref.append(reference(tmp))
        print(f"run {run + 1}: generate {gen[-1]['total']:.1f} s (committed at {gen[-1]['committed']:.1f} s); "
              f"reference {ref[-1]['total']:.1f} s (COPY {ref[-1]['copy']:.1f} s) + VACUUM ANALYZE "
              f"{ref[-1]['vacuum']:.1f} s; load {os.getloadavg()}", flush=True)
    g_commit = statistics.median(g["committed"] for g in gen)
    g_total = statistics.median(g["total"] for g in gen)
    r_total = statistics.median(r["total"] for r in ref)
    r_vac = statistics.median(r["total"] + r["vacuum"] for r in ref)
    print(f"\nmedians: generate to commit {g_commit:.1f} s vs reference {r_total:.1f} s = "
          f"{statistics.median(g['committed'] / r['total'] for g, r in zip(gen, ref)):.2f}×; "
          f"with VACUUM ANALYZE (and process start) {g_total:.1f} s vs {r_vac:.1f} s = "
          f"{statistics.median(g['total'] / (r['total'] + r['vacuum']) for g, r in zip(gen, ref)):.2f}×")


if __name__ == "__main__":
    main()
