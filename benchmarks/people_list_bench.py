"""People list page and its filters at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_bench .venv/bin/ectalent demo --quiet-logins
    DATABASE_URL=... .venv/bin/ectalent generate --people 1000000
    DATABASE_URL=... .venv/bin/python benchmarks/people_list_bench.py [--runs 7]

Times full requests through Django's test client (URL routing, scoping, filter, count, page of 25, template) as
the demo users of three levels, and prints the median and the worst of N runs per case (a warm-up run first).
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from ectalent.accounts.models import User  # noqa: E402
from ectalent.registry.models import Person  # noqa: E402

CASES = [
    ("zj_province", "/registry/people/", "省级：全部（浙江）"),
    ("zj_province", "/registry/people/?q=张", "省级：姓名前缀“张”"),
    ("zj_province", "/registry/people/?region=330700&gender=F", "省级：金华 + 女"),
    ("zj_province", "/registry/people/?born_from=1990-01-01&born_to=1990-12-31", "省级：出生年份 1990"),
    ("zj_province", "/registry/people/?ordering=name", "省级：按姓名排序"),
    ("zj_province", "/registry/people/?page=200", "省级：第 200 页"),
    ("jh_city", "/registry/people/", "市级（金华）：全部"),
    ("jh_city", "/registry/people/?q=王&ethnicity=01", "市级：姓名前缀 + 民族"),
    ("yw_county", "/registry/people/", "县级（义乌）：全部"),
    ("yw_county", "/registry/people/?political_status=13&gender=M", "县级：政治面貌 + 性别"),
    ("jh_city", "/api/v1/people/?region=330782", "API 市级：义乌"),
    ("zj_province", "/registry/people/export.csv?region=330782&born_from=1999-01-01", "导出 CSV（义乌 1999 年后出生）"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"database: {connection.vendor}, people: {Person.objects.count():,}")
    clients = {}
    print(f"| case | URL | median ms | max ms | rows |\n|---|---|---:|---:|---:|")
    for username, url, label in CASES:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        def hit():
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert response.status_code == 200, (url, response.status_code)
            return body
        hit()  # warm-up
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            body = hit()
            times.append((time.perf_counter() - start) * 1000)
        rows = body.count(b"\n") - 1 if "export" in url else ""
        print(f"| {label} | `{url}` | {statistics.median(times):.0f} | {max(times):.0f} | {rows} |")


if __name__ == "__main__":
    main()
