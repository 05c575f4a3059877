"""Fill the registry at scale for benchmarks: ``ectalent generate --people 1000000``.

People and their records are made with the same fake-data module as the demo (every ID number valid) and written
in batches: PostgreSQL COPY, SQLite multi-row inserts. Run it offline (it reserves ids above the current maximum);
one audit event records the batch, not a million.
"""

import datetime
import random
import time
from collections.abc import Callable

from django.db import connection, transaction

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.regions.models import Region

from . import fake
from .models import CertificateRecord, Education, Employment, Person, TrainingRecord

PERSON_COLUMNS = ["id", "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "email",
                  "political_status", "region_id", "owner_org_id", "employer", "job_title", "created_at", "updated_at"]
CHILD_COLUMNS = {
    Education: ["person_id", "level", "major", "school", "status", "graduated_on", "school_recommended"],
    Employment: ["person_id", "employer", "position", "start", "end", "in_occupation", "management"],
    CertificateRecord: ["person_id", "level", "issued_on", "number", "issuer"],
    TrainingRecord: ["person_id", "level", "completed_on", "institution", "hours"],
}


def _write(model, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_stmt = max(1, 900 // len(columns))  # SQLite's variable limit
        with connection.cursor() as cursor:
            for i in range(0, len(rows), per_stmt):
                chunk = rows[i : i + per_stmt]
                cursor.execute(
                    f"INSERT INTO {table} ({quoted}) VALUES " + ", ".join([placeholders] * len(chunk)),
                    [v for row in chunk for v in row],
                )


def generate_people(
    count: int, *, seed: int = 1, batch: int = 20000, records: bool = True,
    progress: Callable[[int, int, float], None] | None = None,
) -> int:
    rng = random.Random(seed)
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    if not counties:
        raise RuntimeError("没有县级行政区划数据，请先运行 ectalent migrate")
    seen = set(Person.objects.values_list("id_number", flat=True).iterator(chunk_size=50000))
    next_id = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    started = time.monotonic()
    made = 0
    while made < count:
        n = min(batch, count - made)
        people, children = [], {m: [] for m in CHILD_COLUMNS}
        for _ in range(n):
            code = rng.choice(counties)
            gender = "M" if rng.random() < 0.5 else "F"
            birth = fake.birth_date(rng, today=today)
            number = fake.id_number(rng, code, birth, gender)
            while number in seen:
                number = fake.id_number(rng, code, birth, gender)
            seen.add(number)
            pid = next_id
            next_id += 1
            people.append((pid, fake.chinese_name(rng), gender, "01" if rng.random() < 0.92 else f"{rng.randrange(2, 57):02d}",
                           birth, number, fake.mobile(rng), "", "13", code, None, "", "", now, now))
            if records:
                rec = fake.person_records(rng, birth, today)
                for r in rec["education"]:
                    children[Education].append((pid, r["level"], r["major"], "", r["status"], r["graduated_on"], r["school_recommended"]))
                for r in rec["employment"]:
                    children[Employment].append((pid, r["employer"], r["position"], r["start"], r["end"], r["in_occupation"], r["management"]))
                for r in rec["certificates"]:
                    children[CertificateRecord].append((pid, r["level"], r["issued_on"], "", ""))
                for r in rec["trainings"]:
                    children[TrainingRecord].append((pid, r["level"], r["completed_on"], "", None))
        with transaction.atomic():
            _write(Person, PERSON_COLUMNS, people)
            for model, rows in children.items():
                _write(model, CHILD_COLUMNS[model], rows)
        made += n
        if progress:
            progress(made, count, time.monotonic() - started)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('registry_person', 'id'), (SELECT MAX(id) FROM registry_person))")
        record(AuditAction.BULK, None, actor=None, object_type="registry.person", object_repr=f"批量生成测试人员 {made} 人",
               after={"people": made, "seed": seed, "records": records})
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # VACUUM sets the visibility map, so counts on a million rows use index-only scans.
        with connection.cursor() as cursor:
            for model in (Person, *CHILD_COLUMNS):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return made
