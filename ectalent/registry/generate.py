"""Fill the registry at scale for benchmarks: ``ectalent generate --people 1000000``.

The same kind of people and records as the demo's fake-data module (every ID number valid, records consistent with
the birth date), made column-wise with numpy and polars: no Python object per person. Each batch becomes CSV text
in polars and goes to PostgreSQL through ``COPY … FROM STDIN`` (SQLite: multi-row inserts).

On PostgreSQL a large load runs as a bulk load should: in one transaction, the secondary indexes, unique and
foreign-key constraints of the five tables are dropped, the rows copied into tables that keep only their primary
keys, and every index and constraint built again (a constraint that no longer holds rolls everything back); then
``VACUUM ANALYZE``. Run it offline (it reserves ids above the current maximum); one audit event records the batch.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Callable

import numpy as np
import polars as pl
from django.db import connection, transaction

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core.validators import ID_CHECK_CHARS, ID_WEIGHTS
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
NULLABLE = {"owner_org_id", "graduated_on", "end", "hours"}
# Below this share of new rows (new / rows already there) the indexes are kept and updated as rows arrive.
REBUILD_SHARE = 0.5

EPOCH = datetime.date(1970, 1, 1)
POSITIONS = ["运营专员", "客服主管", "美工", "仓储主管", "运营总监", "店长"]
FIRMS = [template.format(firm) for template in fake.EMPLOYERS for firm in fake.FIRMS]


def _day(d: datetime.date) -> int:
    return (d - EPOCH).days


def _pick(rng: np.random.Generator, values, n: int) -> pl.Series:
    return pl.Series(list(values)).gather(pl.Series(rng.integers(0, len(values), n)))


def _dates(days: np.ndarray) -> pl.Series:
    return pl.Series(days.astype(np.int32)).cast(pl.Date)


def _year(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _date_of(years: np.ndarray, month: int, day: int) -> np.ndarray:
    months = (years - 1970) * 12 + (month - 1)
    return (months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + (day - 1))


def _id_numbers(counties: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> pl.Series:
    """GB 11643 numbers: county code, birth date, sequence (odd for men), check character — column-wise."""
    ymd = birth.astype("datetime64[D]").astype(str)  # 'YYYY-MM-DD'
    first17 = np.char.add(np.char.add(counties.astype("U6"), np.char.replace(ymd, "-", "")),
                          np.char.zfill(seq.astype("U3"), 3))
    digits = first17.view("U1").reshape(len(first17), 17).astype(np.int64)
    check = np.array(list(ID_CHECK_CHARS))[(digits @ np.array(ID_WEIGHTS)) % 11]
    return pl.Series(np.char.add(first17, check))


def people_batch(rng: np.random.Generator, n: int, first_id: int, counties: list[str], today: datetime.date,
                 taken: pl.Series) -> tuple[pl.DataFrame, np.ndarray]:
    """``n`` people (columns of ``PERSON_COLUMNS`` less the timestamps) and their birth days."""
    start = _day(today.replace(year=today.year - 58, month=1, day=1))
    end = _day(today.replace(year=today.year - 19, month=1, day=1))
    birth = rng.integers(start, end, n)
    male = rng.random(n) < 0.5
    county = np.array(counties)[rng.integers(0, len(counties), n)]

    def sequences(size, is_male):
        parity = rng.integers(0, 5, size) * 2 + np.where(is_male, 1, 0)
        return rng.integers(0, 100, size) * 10 + parity

    seq = sequences(n, male)
    numbers = _id_numbers(county, birth, seq)
    while True:  # a number already used (here or in the database) is drawn again
        clash = (numbers.is_duplicated() & ~numbers.is_first_distinct()) | numbers.is_in(taken.implode())
        if not clash.any():
            break
        idx = np.flatnonzero(clash.to_numpy())
        seq[idx] = sequences(len(idx), male[idx])
        numbers = numbers.scatter(idx, _id_numbers(county[idx], birth[idx], seq[idx]))
    surname = _pick(rng, fake.SURNAMES, n)
    given = _pick(rng, fake.GIVEN_CHARS, n) + pl.Series(
        np.where(rng.random(n) < 0.75, _pick(rng, fake.GIVEN_CHARS, n).to_numpy(), ""))
    ethnicity = np.where(rng.random(n) < 0.92, "01", np.char.zfill(rng.integers(2, 57, n).astype("U2"), 2))
    phone = _pick(rng, fake.MOBILE_PREFIXES, n) + pl.Series(np.char.zfill(rng.integers(0, 10**8, n).astype("U8"), 8))
    frame = pl.DataFrame({
        "id": np.arange(first_id, first_id + n, dtype=np.int64), "name": surname + given,
        "gender": np.where(male, "M", "F"), "ethnicity": ethnicity, "birth_date": _dates(birth), "id_number": numbers,
        "phone": phone, "email": "", "political_status": "13", "region_id": county,
        "owner_org_id": pl.Series([None] * n, dtype=pl.Int64), "employer": "", "job_title": "",
    })
    return frame, birth


def records_batch(rng: np.random.Generator, ids: np.ndarray, birth: np.ndarray, today: datetime.date) -> dict:
    """Education, employment, certificates and trainings consistent with the birth dates (as ``fake.person_records``)."""
    n = len(ids)
    today_day = _day(today)
    year = _year(birth)
    r = rng.random(n)
    bounds = np.array([0.25, 0.55, 0.62, 0.70])
    kind = np.searchsorted(bounds, r, side="right")
    level = np.array(["associate", "bachelor", "master", "vocational_advanced", "secondary"])[kind]
    grad_age = np.array([21, 22, 25, 20, 18])[kind]
    grad = _date_of(year + grad_age, 6, 30)
    related = rng.random(n) < 0.45
    major = np.where(related, np.array(fake.MAJORS_RELATED)[rng.integers(0, len(fake.MAJORS_RELATED), n)],
                     np.array(fake.MAJORS_OTHER)[rng.integers(0, len(fake.MAJORS_OTHER), n)])
    graduated = grad <= today_day
    education = pl.DataFrame({
        "person_id": ids, "level": level, "major": major, "school": "",
        "status": np.where(graduated, "graduated", "enrolled"),
        "graduated_on": _dates(grad).set(pl.Series(~graduated), None),
        "school_recommended": ~graduated & (rng.random(n) < 0.5),
    })

    # Up to four periods, one after another; an ongoing one (or one reaching today) is the last.
    start = np.maximum(grad, _date_of(year + 18, 9, 1)) + rng.integers(10, 400, n)
    active = start < today_day
    parts = []
    first_start = np.full(n, -1, dtype=np.int64)
    for k in range(4):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        s = start[idx]
        e = s + rng.integers(200, 3000, len(idx))
        ongoing = (e >= today_day) | (rng.random(len(idx)) < 0.2)
        in_occ = rng.random(len(idx)) < 0.8
        if k == 0:
            first_start[idx] = s
        parts.append(pl.DataFrame({
            "person_id": ids[idx], "employer": _pick(rng, FIRMS, len(idx)), "position": _pick(rng, POSITIONS, len(idx)),
            "start": _dates(s), "end": _dates(e).set(pl.Series(ongoing), None), "in_occupation": in_occ,
            "management": in_occ & (rng.random(len(idx)) < 0.3), "_k": k,
        }))
        nxt = e + np.array([1, 15, 30, 45, 120])[rng.integers(0, 5, len(idx))]
        start[idx] = nxt
        keep = ~ongoing & (nxt < today_day)
        active[:] = False
        active[idx[keep]] = True
    employment = pl.concat(parts).sort(["person_id", "_k"]).drop("_k") if parts else pl.DataFrame(
        schema={"person_id": pl.Int64, "employer": pl.String, "position": pl.String, "start": pl.Date,
                "end": pl.Date, "in_occupation": pl.Boolean, "management": pl.Boolean})

    has_job = first_start >= 0
    issued = first_start + rng.integers(100, 1500, n)
    with_cert = has_job & (rng.random(n) < 0.3) & (issued < today_day)
    idx = np.flatnonzero(with_cert)
    certificates = pl.DataFrame({
        "person_id": ids[idx], "level": _pick(rng, ["clerk", "clerk", "assistant", "specialist"], len(idx)),
        "issued_on": _dates(issued[idx]), "number": "", "issuer": "",
    })
    idx = np.flatnonzero(rng.random(n) < 0.25)
    trainings = pl.DataFrame({
        "person_id": ids[idx], "level": _pick(rng, ["assistant", "specialist", "senior", "manager"], len(idx)),
        "completed_on": _dates(today_day - rng.integers(30, 2000, len(idx))), "institution": "",
        "hours": pl.Series([None] * len(idx), dtype=pl.Int64),
    })
    return {Education: education, Employment: employment, CertificateRecord: certificates, TrainingRecord: trainings}


# --- writing -------------------------------------------------------------------------------------------------


def _copy(cursor, model, columns: list[str], frame: pl.DataFrame) -> None:
    """COPY ``frame`` into ``model``'s table; ``cursor`` is a psycopg cursor (of Django's or the raw connection)."""
    if not frame.height:
        return
    quote = connection.ops.quote_name
    buffer = io.BytesIO()
    frame.select(columns).write_csv(buffer, include_header=False, datetime_format="%Y-%m-%dT%H:%M:%S%.f%z")
    not_null = ", ".join(quote(c) for c in columns if c not in NULLABLE)
    sql = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN "
           f"WITH (FORMAT csv, FORCE_NOT_NULL ({not_null}))")
    with getattr(cursor, "cursor", cursor).copy(sql) as copy:
        copy.write(buffer.getbuffer())


class _Writer:
    """PostgreSQL: COPY the batches on a thread of their own, on the load's connection and transaction, while the
    next batch is being made (numpy, polars and the socket release the interpreter): the two cores work at once."""

    def __init__(self, raw_connection):
        import queue
        import threading

        self.raw = raw_connection
        self.queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="generate-copy", daemon=True)
        self.thread.start()

    def _run(self):
        while (batch := self.queue.get()) is not None:
            if self.error is not None:
                continue  # (drain: the main thread raises the error at the end)
            try:
                with self.raw.cursor() as cursor:
                    for model, columns, frame in batch:
                        _copy(cursor, model, columns, frame)
            except BaseException as exc:  # noqa: BLE001
                self.error = exc

    def put(self, batch) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _insert(cursor, model, columns: list[str], frame: pl.DataFrame) -> None:
    if not frame.height:
        return
    quote = connection.ops.quote_name
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_stmt = max(1, 900 // len(columns))  # SQLite's variable limit
    rows = frame.select(columns).rows()
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    for i in range(0, len(rows), per_stmt):
        chunk = rows[i : i + per_stmt]
        cursor.execute(sql + ", ".join([placeholders] * len(chunk)), [v for row in chunk for v in row])


TABLES = (Person, Education, Employment, CertificateRecord, TrainingRecord)


def secondary_schema(tables=TABLES) -> tuple[list[str], list[str]]:
    """PostgreSQL: (statements that drop, statements that rebuild) the tables' secondary indexes, unique and
    foreign-key constraints — everything but the primary keys and check constraints."""
    names = [m._meta.db_table for m in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
                 FROM pg_constraint c
                WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('u', 'f') ORDER BY c.contype DESC, c.conname""",
            [names],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))
                ORDER BY 1""",
            [names],
        )
        indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    drop = [f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}" for table, name, _d, _t in constraints]
    drop += [f"DROP INDEX {name}" for name, _d in indexes]
    build = [definition for _name, definition in indexes]
    # unique constraints first (they build their index), then the foreign keys
    build += [f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
              for table, name, definition, kind in constraints if kind == "u"]
    build += [f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
              for table, name, definition, kind in constraints if kind == "f"]
    return drop, build


def _estimated_rows(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = %s::regclass",
                       [model._meta.db_table])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def generate_people(
    count: int, *, seed: int = 1, batch: int = 100_000, records: bool = True,
    progress: Callable[..., None] | None = None, rebuild_indexes: bool | None = None,
) -> int:
    rng = np.random.default_rng(seed)
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    if not counties:
        raise RuntimeError("没有县级行政区划数据，请先运行 ectalent migrate")
    taken = pl.Series(list(Person.objects.values_list("id_number", flat=True).iterator(chunk_size=50000)), dtype=pl.String)
    next_id = (Person.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    postgres = connection.vendor == "postgresql"
    if rebuild_indexes is None:
        rebuild_indexes = postgres and count >= REBUILD_SHARE * max(_estimated_rows(Person), 1)
    started = time.monotonic()
    made = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres and rebuild_indexes:
            drop, build = secondary_schema(TABLES if records else (Person,))
            for statement in drop:
                cursor.execute(statement)
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        writer = _Writer(connection.connection) if postgres else None
        try:
            while made < count:
                n = min(batch, count - made)
                people, birth = people_batch(rng, n, next_id, counties, today, taken)
                next_id += n
                taken = pl.concat([taken, people["id_number"]])
                tables = [(Person, PERSON_COLUMNS, people.with_columns(created_at=pl.lit(now), updated_at=pl.lit(now)))]
                if records:
                    tables += [(model, CHILD_COLUMNS[model], frame) for model, frame in
                               records_batch(rng, people["id"].to_numpy(), birth, today).items()]
                if writer is not None:
                    writer.put(tables)
                else:
                    for model, columns, frame in tables:
                        _insert(cursor, model, columns, frame)
                made += n
                if progress:
                    progress(made, count, time.monotonic() - started)
        finally:
            if writer is not None:
                writer.close()
        if postgres and rebuild_indexes:
            for statement in build:
                cursor.execute(statement)
        if postgres:
            cursor.execute("SELECT setval(pg_get_serial_sequence('registry_person', 'id'), (SELECT MAX(id) FROM registry_person))")
        record(AuditAction.BULK, None, actor=None, object_type="registry.person", object_repr=f"批量生成测试人员 {made} 人",
               after={"people": made, "seed": seed, "records": records})
    if progress:
        progress(made, count, time.monotonic() - started, "committed")
    if postgres and not connection.in_atomic_block:
        # VACUUM sets the visibility map, so counts on a million rows use index-only scans.
        with connection.cursor() as cursor:
            for model in TABLES:
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return made
