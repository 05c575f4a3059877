"""Policy simulation (政策模拟): how many people of a region are eligible for each level under the policy in force and
under changed parameters, per city, with who becomes eligible and who no longer is.

Only parameters that can change a decision are offered (``eligibility_parameters``): the thresholds the levels'
clauses compare with, and the two that shape the continuous occupation run; several may change at once.

One pass: the registry records are read once (PostgreSQL: ``COPY … TO STDOUT`` parsed by polars, two connections at
a time when not inside a transaction), the facts are derived once (twice only when a changed parameter shapes the
derivation itself), and one polars ``select`` decides every level under both variants, one ``group_by`` counts them
per city. No Python code runs per person.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl
from django.db import connection, connections, transaction

from ectalent.registry.models import CertificateRecord, Education, Employment, Person, TrainingRecord

from .batch import ApplicantFrames, decision_exprs, derive_frame
from .packs import Pack, Parameter, load_pack

LEVELS = ("assistant", "specialist", "senior", "manager")
NO_CITY = ""
DERIVATION_ROLES = ("run_gap_days", "run_recent_days")  # (days_per_year is a unit of account, not a policy choice)


def eligibility_parameters(pack: Pack) -> list[tuple[Parameter, list[str]]]:
    """The numeric parameters that can change an eligibility decision, each with the levels whose clauses use it
    (empty for the derivation parameters, which every level uses), in the order of the pack."""
    used: dict[str, list[str]] = {}
    for level in LEVELS:
        for clause in pack.level(level).clauses:
            for name in sorted(clause.when.params()):
                used.setdefault(name, [])
                if level not in used[name]:
                    used[name].append(level)
    for role in DERIVATION_ROLES:
        used.setdefault(pack.derived_params[role], [])
    return [(p, used[p.name]) for p in pack.numeric_parameters() if p.name in used]


# --- reading --------------------------------------------------------------------------------------------------


def _copy_csv(qs) -> bytes:
    """The rows of a ``values_list`` queryset as CSV, read with PostgreSQL's ``COPY (query) TO STDOUT``."""
    conn = connections[qs.db]
    sql, params = qs.query.sql_with_params()
    query = conn.ops.compose_sql(sql, params)  # COPY takes no bound parameters: quote them client-side
    out = io.BytesIO()
    with transaction.atomic(using=qs.db), conn.cursor() as cursor:
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


def _in_thread(job):
    """Run ``job`` (a read) on this thread's own database connection, closed afterwards."""
    try:
        return job()
    finally:
        connections.close_all()


def registry_queries(people_qs) -> dict[str, tuple[Any, dict]]:
    """The five reads of a simulation: (``values_list`` queryset, polars schema) by frame name."""
    # (order_by(): no ORDER BY, the rows' order does not matter and sorting millions of them costs seconds)
    ids = people_qs.order_by().values("pk")

    def child(model, fields: list[str], schema: dict):
        return model.objects.filter(person__in=ids).order_by().values_list("person_id", *fields), {"row": pl.Int64, **schema}

    return {
        "people": (people_qs.order_by().values_list("pk", "region__path"), {"row": pl.Int64, "path": pl.String}),
        "employment": child(Employment, ["start", "end", "in_occupation", "management"],
                            {"start": pl.Date, "end": pl.Date, "in_occupation": pl.Boolean, "management": pl.Boolean}),
        "education": child(Education, ["level", "major", "status", "graduated_on", "school_recommended"],
                           {"level": pl.String, "major": pl.String, "status": pl.String, "graduated_on": pl.Date,
                            "school_recommended": pl.Boolean}),
        "certificates": child(CertificateRecord, ["level", "issued_on"], {"level": pl.String, "issued_on": pl.Date}),
        "trainings": child(TrainingRecord, ["level", "completed_on"], {"level": pl.String, "completed_on": pl.Date}),
    }


def read_registry(people_qs, *, parallel: bool | None = None) -> dict[str, pl.DataFrame]:
    """The five frames of ``registry_queries``. With ``parallel`` (default: on PostgreSQL outside a transaction,
    where other connections see the same rows) two reads run at a time, each on its own connection."""
    queries = registry_queries(people_qs)
    if parallel is None:
        parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    if not parallel:
        return {name: _read(qs, schema) for name, (qs, schema) in queries.items()}
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(_in_thread, lambda qs=qs, schema=schema: _read(qs, schema))
                   for name, (qs, schema) in queries.items()}
        return {name: future.result() for name, future in futures.items()}


def registry_frames(people_qs, as_of: datetime.date, *, parallel: bool | None = None
                    ) -> tuple[ApplicantFrames, pl.DataFrame]:
    """Applicant frames for the people of ``people_qs`` (already scoped), plus each person's city code."""
    read = read_registry(people_qs, parallel=parallel)
    people = read["people"]
    frames = ApplicantFrames(
        people=people.select("row", pl.col("row").cast(pl.String).alias("id"), pl.lit(as_of).alias("as_of")),
        education=read["education"], employment=read["employment"], certificates=read["certificates"],
        trainings=read["trainings"],
    )
    # The city is the second segment of the region path (33/3307/330782 -> 330700); none for province level.
    cities = people.select(
        "row",
        city=pl.when(pl.col("path").str.count_matches("/") >= 1)
        .then(pl.col("path").str.split("/").list.get(1, null_on_oob=True).str.pad_end(6, "0"))
        .otherwise(pl.lit(NO_CITY)),
    )
    return frames, cities


# --- deciding ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Change:
    name: str
    label: str
    unit: str
    old_value: Any
    new_value: Any
    cite: str


@dataclasses.dataclass
class SimulationResult:
    as_of: datetime.date
    changes: list[Change]
    people: int
    totals: dict[str, tuple[int, int]]  # level -> (in force, changed)
    moves: dict[str, tuple[int, int]]  # level -> (become eligible, no longer eligible)
    cities: list[tuple[str, dict[str, tuple[int, int]]]]  # (city code, level -> (in force, changed))
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)  # read, derive, decide

    def diff(self, level: str) -> int:
        base, new = self.totals[level]
        return new - base

    def as_json(self) -> dict:
        """Plain data (a background job's result)."""
        data = dataclasses.asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> SimulationResult:
        return cls(
            as_of=datetime.date.fromisoformat(data["as_of"]), changes=[Change(**c) for c in data["changes"]],
            people=data["people"], totals={k: tuple(v) for k, v in data["totals"].items()},
            moves={k: tuple(v) for k, v in data["moves"].items()},
            cities=[(code, {k: tuple(v) for k, v in levels.items()}) for code, levels in data["cities"]],
            seconds=data.get("seconds", {}),
        )


def decide(facts: pl.DataFrame, facts_new: pl.DataFrame, cities: pl.DataFrame, pack: Pack, changed: Pack
           ) -> pl.DataFrame:
    """Every level under both variants in one ``select``, counted per city in one ``group_by``: columns ``city``,
    ``<level>``, ``<level>_new``, ``<level>_gained``, ``<level>_lost``."""
    base = [decision_exprs(level, pack, texts=False)["eligible"].alias(level) for level in LEVELS]
    new = [decision_exprs(level, changed, texts=False)["eligible"].alias(f"{level}_new") for level in LEVELS]
    if facts_new is facts:
        decided = facts.lazy().select(base + new)
    else:  # (derived twice: both frames keep the people's order)
        decided = pl.concat([facts.lazy().select(base), facts_new.lazy().select(new)], how="horizontal")
    decided = pl.concat([cities.lazy().select("city"), decided], how="horizontal")
    aggs = []
    for level in LEVELS:
        was, now = pl.col(level), pl.col(f"{level}_new")
        aggs += [was.sum().alias(level), now.sum().alias(f"{level}_new"), (now & ~was).sum().alias(f"{level}_gained"),
                 (was & ~now).sum().alias(f"{level}_lost")]
    return decided.group_by("city").agg(aggs).sort("city").collect()


def simulate(people_qs, overrides: dict[str, Any], as_of: datetime.date, pack: Pack | None = None, *,
             progress=None, parallel: bool | None = None) -> SimulationResult:
    """Compare the eligible counts of ``people_qs`` under the pack in force and with ``overrides`` (parameter name →
    value, one value for all dates). ``progress(done, total, note)`` is called between the stages."""
    pack = pack or load_pack()
    changed = pack.with_values(overrides)
    report = progress or (lambda *args: None)
    seconds = {}
    t0 = time.perf_counter()
    report(0, 3, "读取人员记录")
    frames, cities = registry_frames(people_qs, as_of, parallel=parallel)
    seconds["read"] = time.perf_counter() - t0
    report(1, 3, "计算从业年限等事实")
    t1 = time.perf_counter()
    facts = derive_frame(frames, pack)
    derivation = {pack.derived_params[role] for role in pack.derived_params}
    facts_new = derive_frame(frames, changed) if derivation & set(overrides) else facts
    seconds["derive"] = time.perf_counter() - t1
    report(2, 3, "按各等级判定")
    t2 = time.perf_counter()
    counted = decide(facts, facts_new, cities, pack, changed)
    seconds["decide"] = time.perf_counter() - t2
    report(3, 3, "完成")
    rows, totals, moves = [], {lv: (0, 0) for lv in LEVELS}, {lv: (0, 0) for lv in LEVELS}
    for record in counted.to_dicts():  # one row per city, not per person
        per_level = {lv: (int(record[lv]), int(record[f"{lv}_new"])) for lv in LEVELS}
        rows.append((record["city"], per_level))
        for lv in LEVELS:
            totals[lv] = (totals[lv][0] + per_level[lv][0], totals[lv][1] + per_level[lv][1])
            moves[lv] = (moves[lv][0] + int(record[f"{lv}_gained"]), moves[lv][1] + int(record[f"{lv}_lost"]))
    changes = [
        Change(name, pack.param(name).label, pack.param(name).unit, pack.value(name, as_of), changed.value(name, as_of),
               pack.param(name).entry_at(as_of).cite)
        for name in overrides
    ]
    return SimulationResult(as_of=as_of, changes=changes, people=len(frames), totals=totals, moves=moves, cities=rows,
                            seconds=seconds)


def people_for(user):
    return Person.objects.visible_to(user)


# --- the result as a spreadsheet (core.exports) --------------------------------------------------------------


def write_xlsx(result: SimulationResult, city_names: dict[str, str], level_names: dict[str, str], book) -> None:
    """The comparison per city and level, then the parameters changed, through the platform's spreadsheet path."""
    from django.utils.translation import gettext as _

    from ectalent.core.exports import HEADER_FORMAT

    bold = book.format(**HEADER_FORMAT)
    sheet = book.sheet(_("模拟结果"))
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 4 * len(LEVELS), 11)
    header = [_("地区")]
    for level in LEVELS:
        name = level_names[level]
        header += [f"{name}·{_('现行')}", f"{name}·{_('调整后')}", f"{name}·{_('变化')}"]
    sheet.row(0, header, bold)
    r = 1
    for code, per_level in result.cities:
        cells = [city_names.get(code, code) if code else _("省本级")]
        for level in LEVELS:
            base, new = per_level[level]
            cells += [base, new, new - base]
        sheet.row(r, cells)
        r += 1
    total = [_("合计")]
    for level in LEVELS:
        base, new = result.totals[level]
        total += [base, new, new - base]
    sheet.row(r, total, bold)
    r += 2
    sheet.row(r, [_("等级"), _("新符合条件"), _("不再符合条件")], bold)
    for level in LEVELS:
        r += 1
        sheet.row(r, [level_names[level], *result.moves[level]])
    params = book.sheet(_("调整的参数"))
    params.set_column(0, 0, 60)
    params.set_column(1, 3, 14)
    params.set_column(4, 4, 40)
    params.row(0, [_("参数"), _("现行"), _("调整后"), _("单位"), _("现行值出处")], bold)
    for i, change in enumerate(result.changes, start=1):
        params.row(i, [change.label, change.old_value, change.new_value, change.unit, change.cite])
    params.row(len(result.changes) + 2, [_("判定日期"), result.as_of.isoformat()])
    params.row(len(result.changes) + 3, [_("参与计算人数"), result.people])
