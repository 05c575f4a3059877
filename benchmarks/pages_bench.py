"""Pages at a million people against a bare Django view, served alike (issue 10, goal 1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfbench .venv/bin/python benchmarks/pages_bench.py \
        --runs 5 --duration 10 --connections 32
    # build time in-process (DEBUG=0, Django's test client, no network), e.g. on the demo's 195 people:
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python benchmarks/pages_bench.py --inprocess 200

Serves the platform with gunicorn (2 sync workers, ``DEBUG=0``, settings ``bench_settings``) on 127.0.0.1:8112 and
loads each page with ``wrk`` (2 threads, 32 connections) as a province official (zj_province, a session made for
the run) — the home page, the unfiltered people list, the targets dashboard and the certification reports — and
the public certificate verification page by number. The reference is a bare Django view that reads one person by
primary key (``bench_urls.bare_pk``: no session, no template), measured in the same run, interleaved with the
pages, so that ratios hold on a shared machine. Every case is repeated ``--runs`` times; medians are reported.
The verification page's rate limit is set to 10⁹ per window so that it counts every lookup without refusing.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PORT = 8112


def setup_django():
    sys.path[:0] = [str(HERE), str(ROOT)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from ectalent.accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def cases() -> list[dict]:
    from ectalent.certification.models import Certificate
    from ectalent.registry.models import Person

    province = session_cookie("zj_province")
    pk = Person.objects.order_by("id").values_list("pk", flat=True)[Person.objects.count() // 2]
    number = Certificate.objects.order_by("id").values_list("number", flat=True)[Certificate.objects.count() // 2]
    return [
        {"name": "reference: bare primary-key view", "path": f"/_bench/pk/{pk}/", "cookie": None, "ref": True},
        {"name": "home page, province official", "path": "/", "cookie": province},
        {"name": "people list, province official", "path": "/registry/people/", "cookie": province},
        {"name": "targets dashboard, province official", "path": "/accreditation/plan/targets/", "cookie": province},
        {"name": "certification reports, province official", "path": "/certification/results/reports/",
         "cookie": province},
        {"name": "certificate verification by number", "path": f"/certification/verify/?n={number}", "cookie": None},
    ]


def start_server(workers: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": f"{HERE}:{ROOT}",
           "ECTALENT_VERIFY_RATE_LIMIT": "1000000000"}
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "ectalent.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w", str(workers),
         "-k", "sync", "--log-level", "warning", "--timeout", "120"], env=env, cwd=ROOT)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/_bench/pk/1/", timeout=2)
            break
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    return proc


def fetch(case) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{case['path']}")
    if case["cookie"]:
        request.add_header("Cookie", case["cookie"])
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status, response.read()


def wrk(case, duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if case["cookie"]:
        cmd += ["-H", f"Cookie: {case['cookie']}"]
    out = subprocess.run(cmd + [f"http://127.0.0.1:{PORT}{case['path']}"], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(text):
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99_ms": p99, "non_2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def inprocess(n: int) -> None:
    """Median time to build each page in-process (Django test client, DEBUG=0), as a province official."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ectalent.accounts.models import User
    from ectalent.registry.models import Person

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="zj_province"))
    people = Person.objects.visible_to(User.objects.get(username="zj_province")).count()
    pk = Person.objects.order_by("pk").values_list("pk", flat=True).first()
    print(f"in-process build time, {people:,} people in scope, median of {n}, load {os.getloadavg()}:")
    for path in (f"/_bench/pk/{pk}/", "/", "/registry/people/", "/registry/people/?ethnicity=01",
                 "/registry/organisations/", "/accreditation/plan/targets/"):
        times = []
        for _ in range(n + 5):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (path, response.status_code)
        times = times[5:]
        print(f"  {path:45s} {statistics.median(times) * 1000:7.2f} ms  (p90 {sorted(times)[int(n * .9)] * 1000:.2f} ms)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--inprocess", type=int, default=0, help="only time page building in-process, N times")
    parser.add_argument("--only", default="", help="comma-separated words: run the cases whose name has one")
    parser.add_argument("--json", default="", help="write the raw figures here")
    args = parser.parse_args()
    setup_django()
    if args.inprocess:
        inprocess(args.inprocess)
        return
    selected = cases()
    if args.only:
        words = args.only.split(",")
        selected = [c for c in selected if c.get("ref") or any(w in c["name"] for w in words)]
    server = start_server(args.workers)
    try:
        for case in selected:  # warm up: caches, connections, templates
            for _ in range(3):
                status, _body = fetch(case)
                assert status == 200, (case["path"], status)
        results = {c["name"]: [] for c in selected}
        print(f"load at start: {os.getloadavg()}")
        for run in range(args.runs):
            for case in selected:
                results[case["name"]].append(wrk(case, args.duration, args.connections))
                print(f"  {case['name']}: {results[case['name']][-1]}", flush=True)
            print(f"run {run + 1}/{args.runs} done, load {os.getloadavg()}", flush=True)
    finally:
        server.terminate()
        server.wait()
    ref = next(c["name"] for c in selected if c.get("ref"))
    print(f"\n{'case':45s} {'rps':>8s} {'p99 ms':>8s} {'× ref':>6s}  runs (rps / p99)")
    for case in selected:
        rows = results[case["name"]]
        ratios = [r["rps"] / results[ref][i]["rps"] if results[ref][i]["rps"] else 0.0 for i, r in enumerate(rows)]
        print(f"{case['name']:45s} {statistics.median(r['rps'] for r in rows):8.0f} "
              f"{statistics.median(r['p99_ms'] for r in rows):8.1f} {statistics.median(ratios):6.2f}  "
              + ", ".join(f"{r['rps']:.0f}/{r['p99_ms']:.0f}" + (f" ({r['non_2xx']} non-2xx)" if r["non_2xx"] else "")
                          for r in rows))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
