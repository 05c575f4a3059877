"""Exports at scale through the platform's one path against psycopg + xlsxwriter written directly (issue 10, goal 2).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfbench .venv/bin/python benchmarks/exports_bench.py \
        --runs 3

Cases (each in a fresh child process: wall seconds and peak resident memory):

- people of 杭州 as a province official (``/registry/people/export.xlsx?region=330100``): the platform's path is what
  the background job runs (``PersonFilterSet`` on ``Person.objects.visible_to(user)``, ``core.exports.export_file``);
- the certificate list of one session (the certification report export ``certificates``, as the centre):
  ``certification.views.results.write_report_book``.

The reference does the same work with no framework: the same SQL (taken from the same queryset) through a psycopg
server-side cursor, the same labels and masks, ``write_string``/``write_number`` into an xlsxwriter workbook in
``constant_memory`` mode in a temporary file. Runs are interleaved; medians are reported. A ``--scale`` run exports the
province's people (about 460,000) cut at a growing number of rows, to show that peak memory does not grow with them.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")
    import django

    django.setup()


def people_platform(region: str, path: str, limit: int = 0) -> int:
    from ectalent.accounts.models import User
    from ectalent.core.exports import JobRequest, export_file, headers, queryset_rows
    from ectalent.registry.exports import PERSON_EXPORT_COLUMNS
    from ectalent.registry.filtersets import PersonFilterSet
    from ectalent.registry.models import Person

    user = User.objects.get(username="zj_province")
    request = JobRequest(user, {"region": [region]} if region else {})
    fs = PersonFilterSet(request.GET, queryset=Person.objects.visible_to(user), request=request)
    assert fs.is_valid()
    qs = fs.qs[:limit] if limit else fs.qs
    return export_file("xlsx", path, "人员名单", headers(PERSON_EXPORT_COLUMNS), queryset_rows(qs, PERSON_EXPORT_COLUMNS))


def people_sql(region: str, limit: int = 0):
    from ectalent.accounts.models import User
    from ectalent.core.exports import JobRequest
    from ectalent.registry.exports import PERSON_EXPORT_COLUMNS
    from ectalent.registry.filtersets import PersonFilterSet
    from ectalent.registry.models import Person

    user = User.objects.get(username="zj_province")
    request = JobRequest(user, {"region": [region]})
    fs = PersonFilterSet(request.GET, queryset=Person.objects.visible_to(user), request=request)
    assert fs.is_valid()
    qs = fs.qs[:limit] if limit else fs.qs
    return qs.values_list(*[c.field for c in PERSON_EXPORT_COLUMNS]).query.sql_with_params()


def people_direct(region: str, path: str, limit: int = 0) -> int:
    """The reference: psycopg + xlsxwriter, the same SQL, labels and masks, nothing else."""
    import psycopg
    import xlsxwriter
    from django.conf import settings

    from ectalent.core.choices import Ethnicity, PoliticalStatus
    from ectalent.core.masking import mask_id_number, mask_phone

    sql, params = people_sql(region, limit)
    db = settings.DATABASES["default"]
    ethnicity = {k: str(v) for k, v in Ethnicity.choices}
    political = {k: str(v) for k, v in PoliticalStatus.choices}
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("人员名单")
    for c, h in enumerate(["编号", "姓名", "民族", "居民身份证号（脱敏）", "手机号（脱敏）", "政治面貌", "所在地区", "登记单位", "工作单位"]):
        sheet.write_string(0, c, h)
    r = 0
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]) as conn:
        with conn.cursor(name="export") as cur:
            cur.itersize = 5000
            cur.execute(sql.replace("%s", "%s"), params)
            for r, (pk, name, eth, id_number, phone, pol, region_name, org, employer) in enumerate(cur, start=1):
                sheet.write_number(r, 0, pk)
                sheet.write_string(r, 1, name)
                sheet.write_string(r, 2, ethnicity[eth])
                sheet.write_string(r, 3, mask_id_number(id_number))
                sheet.write_string(r, 4, mask_phone(phone))
                sheet.write_string(r, 5, political[pol])
                sheet.write_string(r, 6, region_name)
                if org:
                    sheet.write_string(r, 7, org)
                if employer:
                    sheet.write_string(r, 8, employer)
    book.close()
    return r


def _certificate_filters():
    from ectalent.accounts.models import User
    from ectalent.certification.models import ExamSession
    from ectalent.certification.views.results import report_filters
    from ectalent.core.exports import JobRequest

    user = User.objects.get(username="zj_centre")
    session = ExamSession.objects.get(code="BENCH2024A")
    return user, report_filters(JobRequest(user, {"session": [str(session.pk)]}))


def certificates_platform(path: str) -> int:
    from ectalent.certification.views.results import write_report_book
    from ectalent.core.exports import Book

    user, filters = _certificate_filters()
    book = Book(path)
    count = write_report_book(book, "certificates", user, filters)
    book.close()
    return count


def certificates_direct(path: str) -> int:
    import psycopg
    import xlsxwriter
    from django.conf import settings

    from ectalent.certification import scoring
    from ectalent.certification.choices import CertificateStatus, Level
    from ectalent.certification.views.results import CERTIFICATE_FIELDS, CERTIFICATE_HEADERS, certificates_for
    from ectalent.core.masking import mask_id_number

    user, filters = _certificate_filters()
    sql, params = certificates_for(user, filters).values_list(*CERTIFICATE_FIELDS).query.sql_with_params()
    db = settings.DATABASES["default"]
    levels = {k: str(v) for k, v in Level.choices}
    statuses = {k: str(v) for k, v in CertificateStatus.choices}
    names = {}
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("证书发放名单")
    for c, h in enumerate(CERTIFICATE_HEADERS):
        sheet.write_string(0, c, h)
    r = 0
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"]) as conn:
        with conn.cursor(name="export") as cur:
            cur.itersize = 5000
            cur.execute(sql, params)
            for r, (number, name, id_number, level, dirs, session, issued, issuer, status, revoked,
                    reason) in enumerate(cur, start=1):
                labels = []
                for d in dirs or ():
                    if d not in names:
                        names[d] = scoring.direction_label(d)
                    labels.append(names[d])
                for c, v in enumerate((number, name, mask_id_number(id_number), levels[level], "、".join(labels), session,
                                       issued.isoformat(), issuer, statuses[status],
                                       revoked.isoformat() if revoked else "", reason)):
                    if v:
                        sheet.write_string(r, c, v)
    book.close()
    return r


CASES = {
    "people of the province, platform path": lambda path, n: people_platform("", path, n),
    "people 杭州, platform path": lambda path, n: people_platform("330100", path, n),
    "people 杭州, psycopg + xlsxwriter": lambda path, n: people_direct("330100", path, n),
    "certificate list, platform path": lambda path, n: certificates_platform(path),
    "certificate list, psycopg + xlsxwriter": lambda path, n: certificates_direct(path),
}


def child(case: str, limit: int) -> None:
    """Run one case in this (fresh) process and print its figures as JSON."""
    import resource

    setup()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.xlsx")
        t0 = time.perf_counter()
        rows = CASES[case](path, limit)
        seconds = time.perf_counter() - t0
        size = os.path.getsize(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak, "bytes": size}))


def run_child(case: str, limit: int = 0) -> dict:
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--child", case, "--limit", str(limit)], capture_output=True,
                         text=True, check=True, env=os.environ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", default="")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--scale", default="", help="comma-separated row counts for the memory-scaling run")
    parser.add_argument("--only", default="", help="people or certificate")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.limit)
        return
    print(f"load at start {os.getloadavg()}")
    if args.scale:
        for n in [int(x) for x in args.scale.split(",")]:
            r = run_child("people of the province, platform path", n)
            print(f"scale: {r['rows']:>8,} rows  {r['seconds']:6.1f} s  peak {r['peak_mib']:5.0f} MiB")
        return
    cases = [c for c in CASES if (not args.only or args.only in c) and "province" not in c]
    results = {c: [] for c in cases}
    for _ in range(args.runs):
        for case in cases:
            results[case].append(run_child(case))
    for i in range(0, len(cases), 2):
        ours, ref = cases[i], cases[i + 1]
        for case in (ours, ref):
            rows = results[case]
            print(f"{case:42s} rows {rows[0]['rows']:>8,}  {statistics.median(r['seconds'] for r in rows):6.1f} s  "
                  f"peak {statistics.median(r['peak_mib'] for r in rows):5.0f} MiB  "
                  f"runs {[round(r['seconds'], 1) for r in rows]}")
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(results[ours], results[ref])]
        print(f"{'':42s} platform / direct: {statistics.median(ratios):.2f}× (per run {[round(x, 2) for x in ratios]})")
    print(f"load at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
