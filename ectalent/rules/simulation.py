"""Policy simulation (政策模拟): how many people of a region are eligible under the policy in force and under a
changed parameter, per level and per city. Runs the batch engine over registry records read with a few bulk
``.values()`` queries (never a query or a Python evaluation per person)."""

from __future__ import annotations

import dataclasses
import datetime
import io
from typing import Any

import polars as pl
from django.db import connections, transaction

from ectalent.registry.models import CertificateRecord, Education, Employment, Person, TrainingRecord

from .batch import ApplicantFrames, derive_frame, evaluate_facts
from .packs import Pack, load_pack

LEVELS = ("assistant", "specialist", "senior", "manager")
NO_CITY = ""


def _copy_csv(qs) -> bytes:
    """The rows of a ``values_list`` queryset as CSV, read with PostgreSQL's ``COPY (query) TO STDOUT``."""
    connection = connections[qs.db]
    sql, params = qs.query.sql_with_params()
    query = connection.ops.compose_sql(sql, params)  # COPY takes no bound parameters: quote them client-side
    out = io.BytesIO()
    with transaction.atomic(using=qs.db), connection.cursor() as cursor:
        # enough memory for the hash of a million people's ids in one batch (for this transaction only)
        cursor.execute("SET LOCAL work_mem = '256MB'")
        with cursor.cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                out.write(block)
    return out.getvalue()


def _read(qs, schema: dict) -> pl.DataFrame:
    """``qs`` (a ``values_list`` with the columns of ``schema``, in order) as a polars frame.

    On PostgreSQL the rows come through ``COPY … TO STDOUT`` (CSV parsed by polars: no Python object per row);
    elsewhere through ``values_list``."""
    if connections[qs.db].vendor != "postgresql":
        return pl.DataFrame(list(qs), schema=schema, orient="row")
    csv_schema = {name: pl.String if dtype == pl.Boolean else dtype for name, dtype in schema.items()}
    frame = pl.read_csv(_copy_csv(qs), has_header=False, schema=csv_schema, raise_if_empty=False)
    return frame.with_columns(
        [(pl.col(name) == "t").alias(name) for name, dtype in schema.items() if dtype == pl.Boolean]
    )


def registry_frames(people_qs, as_of: datetime.date) -> tuple[ApplicantFrames, pl.DataFrame]:
    """Applicant frames for the people of ``people_qs`` (already scoped), plus each person's city code."""
    # (order_by(): no ORDER BY, the rows' order does not matter and sorting millions of them costs seconds)
    people = _read(people_qs.order_by().values_list("pk", "region__path"), {"row": pl.Int64, "path": pl.String})
    ids = people_qs.order_by().values("pk")

    def frame(model, fields: list[str], schema: dict) -> pl.DataFrame:
        rows = model.objects.filter(person__in=ids).order_by().values_list("person_id", *fields)
        return _read(rows, {"row": pl.Int64, **schema})

    frames = ApplicantFrames(
        people=people.select("row", pl.col("row").cast(pl.String).alias("id"), pl.lit(as_of).alias("as_of")),
        education=frame(
            Education, ["level", "major", "status", "graduated_on", "school_recommended"],
            {"level": pl.String, "major": pl.String, "status": pl.String, "graduated_on": pl.Date, "school_recommended": pl.Boolean},
        ),
        employment=frame(
            Employment, ["start", "end", "in_occupation", "management"],
            {"start": pl.Date, "end": pl.Date, "in_occupation": pl.Boolean, "management": pl.Boolean},
        ),
        certificates=frame(CertificateRecord, ["level", "issued_on"], {"level": pl.String, "issued_on": pl.Date}),
        trainings=frame(TrainingRecord, ["level", "completed_on"], {"level": pl.String, "completed_on": pl.Date}),
    )
    # The city is the second segment of the region path (33/3307/330782 -> 330700); none for province level.
    cities = people.select(
        "row",
        city=pl.when(pl.col("path").str.count_matches("/") >= 1)
        .then(pl.col("path").str.split("/").list.get(1, null_on_oob=True).str.pad_end(6, "0"))
        .otherwise(pl.lit(NO_CITY)),
    )
    return frames, cities


@dataclasses.dataclass
class SimulationResult:
    as_of: datetime.date
    parameter: str
    old_value: Any
    new_value: Any
    people: int
    totals: dict[str, tuple[int, int]]  # level -> (in force, changed)
    cities: list[tuple[str, dict[str, tuple[int, int]]]]  # (city code, level -> (in force, changed))

    def diff(self, level: str) -> int:
        base, new = self.totals[level]
        return new - base


def count_eligible(frames: ApplicantFrames, cities: pl.DataFrame, pack: Pack) -> pl.DataFrame:
    """Eligible people per city and level (columns: city, assistant, specialist, senior, manager)."""
    facts = derive_frame(frames, pack)
    decided = cities.select("row", "city")
    for level in LEVELS:
        decided = decided.join(
            evaluate_facts(facts, level, pack, texts=False).select("row", pl.col("eligible").alias(level)), on="row"
        )
    return decided.group_by("city").agg([pl.col(level).sum() for level in LEVELS]).sort("city")


def simulate(people_qs, parameter: str, new_value, as_of: datetime.date, pack: Pack | None = None) -> SimulationResult:
    """Compare the eligible counts of ``people_qs`` under the pack in force and with ``parameter`` = ``new_value``."""
    pack = pack or load_pack()
    changed = pack.with_values({parameter: new_value})
    frames, cities = registry_frames(people_qs, as_of)
    base = count_eligible(frames, cities, pack)
    new = count_eligible(frames, cities, changed)
    joined = base.join(new, on="city", how="full", coalesce=True, suffix="_new").fill_null(0).sort("city")
    rows = []
    totals = {level: (0, 0) for level in LEVELS}
    for record in joined.to_dicts():  # one row per city, not per person
        per_level = {level: (int(record[level]), int(record[f"{level}_new"])) for level in LEVELS}
        rows.append((record["city"], per_level))
        for level in LEVELS:
            totals[level] = (totals[level][0] + per_level[level][0], totals[level][1] + per_level[level][1])
    return SimulationResult(
        as_of=as_of, parameter=parameter, old_value=pack.value(parameter, as_of),
        new_value=changed.value(parameter, as_of), people=len(frames), totals=totals, cities=rows,
    )


def people_for(user):
    return Person.objects.visible_to(user)
