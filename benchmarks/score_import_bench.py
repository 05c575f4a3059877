"""Benchmark of the score sheet import (issue 4, point 5): 100,000 rows must import in under a minute.

    # a throwaway database (the script adds ~50,000 people, applications and cases, and ~200,000 scores per run)
    DATABASE_URL=sqlite:////tmp/score_bench.sqlite3 .venv/bin/python benchmarks/score_import_bench.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_bench .venv/bin/python benchmarks/score_import_bench.py

What it does: migrates the database if needed; builds one assistant session with ``rows / 2`` confirmed candidates
(two directions each), written with ``bulk_create`` (not timed); writes the score sheet as xlsx (XlsxWriter,
identifiers as text, scores as numbers, no formulas) and as csv; then times, for each format and ``--runs`` times:

- ``check``: ``scoring.check_sheet`` (read with python-calamine, formula scan of the sheet XML, every check in
  polars, candidate lookup included);
- ``write``: ``scoring.import_scores`` (one transaction: upsert of every score with
  ``bulk_create(update_conflicts=True)``, one audit event). The first run creates the scores, later runs update them.

A second measurement checks a copy of the sheet with five planted errors, to show that refusing a file costs no
more than checking it. Prints a Markdown table (medians).
"""

from __future__ import annotations

import argparse
import datetime
import functools
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

print = functools.partial(print, flush=True)  # noqa: A001

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

DIRECTIONS = [("customer_service", "网络客服"), ("visual_design", "美工设计")]


def build(n_candidates: int, seed: int):
    from ectalent.accounts.choices import Role
    from ectalent.accounts.models import User
    from ectalent.certification.choices import Level, SessionStatus
    from ectalent.certification.models import CertApplication, ExamSession
    from ectalent.regions.models import Region
    from ectalent.registry import fake
    from ectalent.registry.models import Person
    from ectalent.workflow.models import Case

    rng = random.Random(seed)
    tag = f"B{int(time.time()) % 10_000_000}"
    region = Region.objects.get(code="330782")
    user, _ = User.objects.get_or_create(username="score_bench_centre",
                                         defaults={"role": Role.CERT_CENTRE, "region": Region.objects.get(code="330000")})
    exam = datetime.date(2015, 6, 20)
    session = ExamSession.objects.create(
        code=tag, name=f"基准测试批次 {tag}", level=Level.ASSISTANT, directions=[c for c, _ in DIRECTIONS],
        applications_open=exam - datetime.timedelta(days=60), applications_close=exam - datetime.timedelta(days=20),
        exam_starts=exam, exam_ends=exam, places=n_candidates, status=SessionStatus.CLOSED, created_by=user)
    existing = set(Person.objects.values_list("id_number", flat=True))
    people, numbers = [], set()
    while len(people) < n_candidates:
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(15000))
        gender = rng.choice("MF")
        number = fake.id_number(rng, "330782", birth, gender)
        if number in numbers or number in existing:
            continue
        numbers.add(number)
        people.append(Person(name=fake.chinese_name(rng), gender=gender, birth_date=birth, id_number=number,
                             region=region))
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=5000)
        if any(p.pk is None for p in people):  # a backend that does not return ids from bulk inserts
            people = [p for p in Person.objects.filter(region=region).only("pk", "id_number", "name")
                      if p.id_number in numbers]
        apps = [CertApplication(session=session, person=p, directions=[c for c, _ in DIRECTIONS], submitted_by=user)
                for p in people]
        CertApplication.objects.bulk_create(apps, batch_size=5000)
        apps = list(CertApplication.objects.filter(session=session).select_related("person").order_by("pk"))
        Case.objects.bulk_create([
            Case(workflow="certification", subject_type="certification.certapplication", subject_id=str(a.pk),
                 subject_repr=a.person.name, region=region, person=a.person, status="confirmed") for a in apps
        ], batch_size=5000)
    return session, user, apps


def sheet_rows(apps, seed: int):
    rng = random.Random(seed + 1)
    rows = [["准考证号", "身份证号", "姓名", "方向", "在线考试", "实操考试"]]
    for a in apps:
        for _, name in DIRECTIONS:
            rows.append([str(a.pk), a.person.id_number, a.person.name, name,
                         rng.randrange(3000, 10001) / 100, rng.randrange(0, 101)])
    return rows


def to_xlsx(rows, formula_at=None) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("成绩")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if formula_at == (r, c):
                sheet.write_formula(r, c, "=40+45", None, 85)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def to_csv(rows) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    from ectalent.certification import scoring

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    session, user, apps = build(args.rows // 2, args.seed)
    print(f"built {len(apps):,} candidates in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
    rows = sheet_rows(apps, args.seed)
    files = {"xlsx": to_xlsx(rows), "csv": to_csv(rows)}
    bad = [list(r) for r in rows]
    bad[10][4] = 101
    bad[20][1] = "110101199003077777"
    bad.append(list(bad[30]))
    bad[40][5] = "缺考"
    bad_xlsx = to_xlsx(bad, formula_at=(50, 4))
    print(f"sheet: {len(rows) - 1:,} rows; xlsx {len(files['xlsx']) / 1e6:.1f} MB, csv {len(files['csv']) / 1e6:.1f} MB")

    table = []
    for fmt, data in files.items():
        checks, writes, totals = [], [], []
        for run in range(args.runs):
            t = time.perf_counter()
            sheet = scoring.check_sheet(session, data, f"scores.{fmt}")
            t_check = time.perf_counter() - t
            assert not sheet.errors, sheet.errors[:5]
            t = time.perf_counter()
            counts = scoring.import_scores(sheet, acting_user=user)
            t_write = time.perf_counter() - t
            checks.append(t_check)
            writes.append(t_write)
            totals.append(t_check + t_write)
            print(f"  {fmt} run {run + 1}: check {t_check:.2f} s, write {t_write:.2f} s "
                  f"(created {counts['created']:,}, updated {counts['updated']:,})")
        table.append((fmt, statistics.median(checks), statistics.median(writes), statistics.median(totals)))
    t = time.perf_counter()
    sheet = scoring.check_sheet(session, bad_xlsx, "bad.xlsx")
    t_bad = time.perf_counter() - t
    print(f"  planted errors: {len(sheet.errors)} found in {t_bad:.2f} s: "
          + "; ".join(str(e) for e in sheet.errors))

    print()
    print(f"{len(rows) - 1:,} rows ({len(apps):,} candidates × 2 directions, {2 * (len(rows) - 1):,} scores), "
          f"{connection.vendor}, Python {platform.python_version()}, medians of {args.runs} runs")
    print()
    print("| file | check s | write s | total s |")
    print("|---|---:|---:|---:|")
    for fmt, c, w, tot in table:
        print(f"| {fmt} | {c:.1f} | {w:.1f} | {tot:.1f} |")
    print(f"| xlsx with 5 planted errors (refused) | {t_bad:.1f} | — | {t_bad:.1f} |")


if __name__ == "__main__":
    main()
