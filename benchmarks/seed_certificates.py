"""Benchmark data: certificates at scale (issue 10), on a database already filled by ``ectalent generate``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfbench \
        .venv/bin/python benchmarks/seed_certificates.py --certificates 500000

Adds two published exam sessions (助理电子商务师 2024, 电子商务师 2025), one application per certificate (people
drawn from the registry, one per session at most) and the certificates, with numbers that pass the check
character, through COPY. The signature fields hold a placeholder: the benchmarks read certificates, they never
check a signature. Run once per database.
"""

import argparse
import datetime
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from ectalent.accounts.models import User  # noqa: E402
from ectalent.certification import certificates as certs  # noqa: E402
from ectalent.certification.models import CertApplication, Certificate, ExamSession  # noqa: E402
from ectalent.registry.models import Person  # noqa: E402

DIRECTIONS = ["customer_service", "operations", "design", "logistics"]


def copy(table: str, frame: pl.DataFrame) -> None:
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False)
    cols = ", ".join(f'"{c}"' for c in frame.columns)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({cols}))") as cp:
        cp.write(buffer.getbuffer())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=500_000)
    args = parser.parse_args()
    started = time.monotonic()
    rng = np.random.default_rng(11)
    centre = User.objects.get(username="zj_centre")
    people = np.array(Person.objects.order_by().values_list("id", flat=True))
    half = args.certificates // 2
    with transaction.atomic():
        sessions = []
        for code, name, level, year in (("BENCH2024A", "2024年助理电子商务师（基准数据）", "assistant", 2024),
                                         ("BENCH2025S", "2025年电子商务师（基准数据）", "specialist", 2025)):
            sessions.append((ExamSession.objects.create(
                code=code, name=name, level=level, directions=DIRECTIONS, places=10**6,
                applications_open=datetime.date(year, 1, 1), applications_close=datetime.date(year, 2, 1),
                exam_starts=datetime.date(year, 3, 1), exam_ends=datetime.date(year, 3, 2),
                status="results_published", created_by=centre), level, year))
        app_id = (CertApplication.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        now = datetime.datetime.now(datetime.UTC).isoformat()
        for i, (session, level, year) in enumerate(sessions):
            n = half if i == 0 else args.certificates - half
            chosen = rng.choice(people, size=n, replace=False)
            ids = np.arange(app_id, app_id + n)
            app_id += n
            dirs = np.array(['["customer_service"]', '["operations", "design"]', '["logistics"]'])[rng.integers(0, 3, n)]
            copy("certification_certapplication", pl.DataFrame({
                "id": ids, "session_id": session.pk, "person_id": chosen, "directions": dirs, "practice_kind": "",
                "practice_enterprise": "", "facts": "{}", "eligibility": "{}", "policy_version": "bench",
                "submitted_by_id": centre.pk, "created_at": now, "updated_at": now,
            }))
            numbers = [certs.format_number(level, year, k + 1) for k in range(n)]
            issued = datetime.date(year, 4, 1)
            revoked = rng.random(n) < 0.01
            copy("certification_certificate", pl.DataFrame({
                "number": numbers, "person_id": chosen, "application_id": ids, "level": level, "directions": dirs,
                "issued_on": issued.isoformat(), "issuer": "浙江省商务厅培训认证中心", "payload": "{}",
                "signature": "bench", "key_id": "bench",
                "status": np.where(revoked, "revoked", "valid"),
                "revocation_reason": np.where(revoked, "基准数据：撤销示例", ""),
            }))
    with connection.cursor() as cursor:
        for table in ("certification_certapplication", "certification_certificate"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"{Certificate.objects.count():,} certificates in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
