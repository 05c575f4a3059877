"""Policy simulation (政策模拟): how many people of a region are eligible under the policy in force and under a
changed parameter, per level and per city. Runs the batch engine over registry records read with a few bulk
``.values()`` queries (never a query or a Python evaluation per person)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import polars as pl

from ectalent.registry.models import CertificateRecord, Education, Employment, Person, TrainingRecord

from .batch import ApplicantFrames, derive_frame, evaluate_facts
from .packs import Pack, load_pack

LEVELS = ("assistant", "specialist", "senior", "manager")
NO_CITY = ""


def registry_frames(people_qs, as_of: datetime.date) -> tuple[ApplicantFrames, pl.DataFrame]:
    """Applicant frames for the people of ``people_qs`` (already scoped), plus each person's city code."""
    people = pl.DataFrame(
        list(people_qs.values_list("pk", "region__path")), schema={"row": pl.Int64, "path": pl.String}, orient="row"
    )
    ids = people_qs.values("pk")

    def frame(model, fields: list[str], schema: dict) -> pl.DataFrame:
        rows = list(model.objects.filter(person__in=ids).values_list("person_id", *fields))
        return pl.DataFrame(rows, schema={"row": pl.Int64, **schema}, orient="row")

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
