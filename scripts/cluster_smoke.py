"""Smoke test of the multi-node layout that scripts/cluster.sh brings up (run by it; the cluster's env is loaded).

Each check goes through the real HTTP paths of the app nodes and the load balancer; the database is touched
directly only to find the demo objects to act on and to prove where a page read from. Prints one line per check
with its figures, and exits non-zero at the first failure.
"""

import io
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

LB, NODE_A, NODE_B = os.environ["LB"], os.environ["NODE_A"], os.environ["NODE_B"]
CLUSTER_DIR = Path(os.environ["CLUSTER_DIR"])
PASSWORD = "Demo@2026"
RESULTS = []


def check(name):
    def wrap(func):
        def run():
            start = time.perf_counter()
            detail = func()
            took = time.perf_counter() - start
            RESULTS.append((name, detail, took))
            print(f"PASS {name}: {detail} ({took:.1f} s)", flush=True)
        return run
    return wrap


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{base}/accounts/login/", data={"username": username, "password": PASSWORD,
                                                             "csrfmiddlewaretoken": token},
                            headers={"Referer": f"{base}/accounts/login/"}, timeout=10, allow_redirects=False)
    assert response.status_code == 302, f"login of {username} on {base} failed: {response.status_code}"
    return session


def csrf(session: requests.Session, base: str, path: str) -> str:
    page = session.get(f"{base}{path}", timeout=10)
    assert page.status_code == 200, f"{path}: {page.status_code}"
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")
    os.environ.setdefault("ECTALENT_DATA_DIR", str(CLUSTER_DIR / "data-admin"))
    import django as dj

    dj.setup()


@check("readiness of both app nodes (database, replica and its lag, Redis, object storage, worker heartbeat)")
def readiness():
    for _ in range(40):
        states = [requests.get(f"{node}/readyz", timeout=10).json() for node in (NODE_A, NODE_B)]
        if all(s["ready"] and s["checks"]["worker"]["ok"] for s in states):
            break
        time.sleep(1)
    for state in states:
        assert state["ready"], state
        checks = state["checks"]
        assert checks["replica"]["configured"] and checks["replica"]["ok"], checks["replica"]
        assert checks["redis"]["configured"] and checks["storage"]["backend"] == "S3Storage", checks
        assert checks["worker"]["ok"], checks["worker"]
    return ", ".join(f"{s['node']}: replica lag {s['checks']['replica']['lag_bytes']} B, worker seen "
                     f"{s['checks']['worker']['last_seen_seconds']} s ago" for s in states)


@check("a material uploaded on app-a is downloaded through app-b (object storage, no local files)")
def upload_and_download():
    from reportlab.pdfgen import canvas

    from ectalent.certification.models import CertApplication
    from ectalent.workflow.choices import CaseStatus

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, f"cluster smoke {time.time()}")
    pdf.save()
    content = buffer.getvalue()
    application = next(a for a in CertApplication.objects.filter(institution__name="义乌市创业电子商务职业培训学校")
                       if a.case and a.case.status in (CaseStatus.IN_REVIEW, CaseStatus.RETURNED))
    on_a = login(NODE_A, "inst_staff")
    detail = f"/certification/applications/{application.pk}/"
    token = csrf(on_a, NODE_A, detail)
    response = on_a.post(f"{NODE_A}{detail}evidence/", data={"kind": "other", "csrfmiddlewaretoken": token},
                         files={"file": ("smoke.pdf", content, "application/pdf")},
                         headers={"Referer": f"{NODE_A}{detail}"}, timeout=30)
    assert response.status_code == 200, response.status_code
    item = application.evidence.order_by("-id").first()
    assert item is not None and item.file.size == len(content)
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)  # the same signed-in user, now on the other node
    download = on_b.get(f"{NODE_B}{detail}evidence/{item.pk}/", timeout=30)
    assert download.status_code == 200 and download.content == content, download.status_code
    local = [p for p in CLUSTER_DIR.glob("data-*/**/*") if p.is_file() and p.suffix == ".pdf"]
    assert not local, f"uploads on a node's disk: {local[:3]}"
    anonymous = requests.get(f"{NODE_B}{detail}evidence/{item.pk}/", timeout=10, allow_redirects=False)
    assert anonymous.status_code in (302, 403, 404)
    return f"{len(content)} bytes in bucket key {item.file.name}; anonymous answer {anonymous.status_code}"


@check("the public verification rate limit holds across both nodes (counted in Redis)")
def rate_limit():
    from django.conf import settings

    limit = int(getattr(settings, "ECTALENT_VERIFY_RATE_LIMIT", 20))
    statuses, nodes = [], set()
    for i in range(limit + 5):
        base = NODE_A if i % 2 else NODE_B  # alternate nodes behind the balancer's address
        response = requests.get(f"{base}/certification/verify/", params={"n": f"ZJ-SMOKE-{i}"},
                                headers={"X-Real-IP": "203.0.113.77"}, timeout=10)
        statuses.append(response.status_code)
        nodes.add(base)
    allowed = sum(1 for s in statuses if s == 200)
    assert allowed == limit and statuses[limit:] == [429] * 5, statuses
    return f"{allowed} lookups allowed of {len(statuses)} over {len(nodes)} nodes, then 429"


@check("reports read from the replica (proved by pausing its replay), pages from the primary")
def replica_reads():
    from ectalent.certification.models import ExamSession

    pg = f"{os.environ['PG_BIN']}/psql"
    replica = ["-h", "127.0.0.1", "-p", os.environ["PG_REPLICA_PORT"], "-U", "postgres", "-d", "ectalent", "-tAc"]
    session = ExamSession.objects.order_by("id").first()
    centre = login(LB, "zj_centre")
    before = centre.get(f"{LB}/certification/results/reports/", timeout=20)
    assert before.headers.get("X-Ectalent-Read-From") == "replica", before.headers
    subprocess.run([pg, *replica, "SELECT pg_wal_replay_pause()"], check=True, capture_output=True)
    try:
        marker = f"{session.name}（冒烟{int(time.time())}）"
        ExamSession.objects.filter(pk=session.pk).update(name=marker)  # written on the primary
        report = centre.get(f"{LB}/certification/results/reports/", timeout=20).text
        page = centre.get(f"{LB}/certification/sessions/{session.pk}/", timeout=20).text
        assert marker in page, "a normal page must read the primary"
        assert marker not in report, "the report should not see a write the paused replica has not replayed"
    finally:
        subprocess.run([pg, *replica, "SELECT pg_wal_replay_resume()"], check=True, capture_output=True)
    for _ in range(30):
        if marker in centre.get(f"{LB}/certification/results/reports/", timeout=20).text:
            break
        time.sleep(0.5)
    else:
        raise AssertionError("the replica did not catch up")
    ExamSession.objects.filter(pk=session.pk).update(name=session.name)
    return "report behind while replay paused, caught up after resume; session page always current"


@check("a background job started through the balancer is run by the worker")
def background_job():
    import datetime

    import xlsxwriter

    from ectalent.registry.tests.factories import valid_id_number

    today = datetime.date.today().isoformat()
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["课程名称", f"集群冒烟培训班 {time.time():.0f}"])
    sheet.write_row(1, 0, ["开班日期", today])
    sheet.write_row(2, 0, ["结业日期", today])
    sheet.write_row(4, 0, ["姓名", "身份证号"])
    for i in range(25):
        sheet.write_row(5 + i, 0, [f"学员{i}", valid_id_number("330106")])
    book.close()
    staff = login(LB, "hz_inst_staff")
    token = csrf(staff, LB, "/accreditation/plan/roster/")
    page = staff.get(f"{LB}/accreditation/plan/roster/", timeout=10).text
    unit = re.search(r'<option value="(\d+)"[^>]*>', page.split('name="unit"')[1]).group(1)
    response = staff.post(f"{LB}/accreditation/plan/roster/", data={"unit": unit, "csrfmiddlewaretoken": token},
                          files={"file": ("roster.xlsx", buffer.getvalue())},
                          headers={"Referer": f"{LB}/accreditation/plan/roster/"}, timeout=30, allow_redirects=False)
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"], response.status_code
    job_url = LB + response.headers["Location"]
    for _ in range(60):
        status = staff.get(job_url + "status/", timeout=10).text
        if "hx-trigger" not in status.split(">")[0]:
            break
        time.sleep(0.5)
    assert "学员 25 人" in status, re.sub(r"<[^>]+>", " ", status)[:500]
    return f"roster of 25 imported by the worker ({job_url.rsplit('/', 2)[-2][:8]}…)"


@check("losing an app node fails no request at the balancer")
def node_loss():
    failures, done = [], []
    stop = threading.Event()

    def load():
        with requests.Session() as s:
            while not stop.is_set():
                try:
                    r = s.get(f"{LB}/certification/verify/", timeout=10)
                    (done if r.status_code == 200 else failures).append(r.status_code)
                except requests.RequestException as exc:
                    failures.append(type(exc).__name__)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(2)
    # The node dies at once (gunicorn's master and its workers, SIGKILL): no graceful shutdown.
    subprocess.run(["pkill", "-9", "-f", "--", f"--bind {NODE_A.split('//')[1]}"], check=False)
    time.sleep(4)
    stop.set()
    for t in threads:
        t.join()
    assert not failures, f"{len(failures)} failed requests: {failures[:5]}"
    try:
        requests.get(f"{NODE_A}/healthz", timeout=3)
        raise AssertionError("app-a still answers: it was not stopped")
    except requests.ConnectionError:
        pass
    assert requests.get(f"{NODE_B}/healthz", timeout=5).status_code == 200
    return f"{len(done)} requests during the loss of app-a, 0 failed (app-a stays down: run cluster.sh again)"


def main() -> int:
    django()
    for step in (readiness, upload_and_download, rate_limit, replica_reads, background_job, node_loss):
        try:
            step()
        except Exception as exc:  # report the failing check and stop
            print(f"FAIL {step.__name__}: {type(exc).__name__}: {exc}", flush=True)
            return 1
    print(f"\nall {len(RESULTS)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
