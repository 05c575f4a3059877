"""Batch mode: the same facts and decisions as ``engine.evaluate``, for a whole population, vectorised with polars.

Input is an ``ApplicantFrames``: five polars frames keyed by an integer ``row`` (one per applicant):

- ``people``: ``row``, ``id`` (str), ``as_of`` (date)
- ``education``: ``row``, ``level``, ``major``, ``status``, ``graduated_on`` (date|null), ``school_recommended`` (bool|null)
- ``employment``: ``row``, ``start``, ``end`` (date|null), ``in_occupation`` (bool), ``management`` (bool|null)
- ``certificates``: ``row``, ``level``, ``issued_on``
- ``trainings``: ``row``, ``level``, ``completed_on``

``frames_from_documents`` builds them from applicant-facts documents, ``read_ndjson_frames`` from JSON lines (the
CLI), and a caller with a database builds them from ``.values()`` queries (``simulation.py``). No Python code
runs per applicant: every step is a polars expression, a join or a group-by.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any, Callable

import numpy as np
import polars as pl

from .engine import ALL_SEP, ANY_SEP, NO_DEGREE, RANK_LABELS, atom_texts, format_threshold
from .facts import CERTIFICATE_LEVELS, DEGREE_RANK, FACTS
from .packs import Condition, Pack, load_pack

EDU_SCHEMA = {
    "row": pl.Int64, "level": pl.String, "major": pl.String, "status": pl.String,
    "graduated_on": pl.Date, "school_recommended": pl.Boolean,
}
EMP_SCHEMA = {"row": pl.Int64, "start": pl.Date, "end": pl.Date, "in_occupation": pl.Boolean, "management": pl.Boolean}
CERT_SCHEMA = {"row": pl.Int64, "level": pl.String, "issued_on": pl.Date}
TRAIN_SCHEMA = {"row": pl.Int64, "level": pl.String, "completed_on": pl.Date}
PEOPLE_SCHEMA = {"row": pl.Int64, "id": pl.String, "as_of": pl.Date}


@dataclasses.dataclass
class ApplicantFrames:
    people: pl.DataFrame
    education: pl.DataFrame
    employment: pl.DataFrame
    certificates: pl.DataFrame
    trainings: pl.DataFrame

    def __post_init__(self):
        for name, schema in (
            ("people", PEOPLE_SCHEMA), ("education", EDU_SCHEMA), ("employment", EMP_SCHEMA),
            ("certificates", CERT_SCHEMA), ("trainings", TRAIN_SCHEMA),
        ):
            frame = getattr(self, name)
            setattr(self, name, frame.select([pl.col(c).cast(t) for c, t in schema.items()]))

    def __len__(self) -> int:
        return self.people.height


class FrameBuilder:
    """Collects parsed (valid) applicant-facts documents column by column, then makes ``ApplicantFrames``.

    The CLI parses each line once (to check it) and hands the document here; polars then converts the date
    strings column-wise. (Polars' own reader of nested JSON lines is several times slower than this.)"""

    def __init__(self):
        self.people = {"row": [], "id": [], "as_of": []}
        self.edu = {k: [] for k in EDU_SCHEMA}
        self.emp = {k: [] for k in EMP_SCHEMA}
        self.cert = {k: [] for k in CERT_SCHEMA}
        self.train = {k: [] for k in TRAIN_SCHEMA}
        # bound ``append`` methods, looked up once (``add`` runs once per line of a large input)
        self._people = [self.people[k].append for k in ("row", "id", "as_of")]
        self._edu = [self.edu[k].append for k in EDU_SCHEMA]
        self._emp = [self.emp[k].append for k in EMP_SCHEMA]
        self._cert = [self.cert[k].append for k in CERT_SCHEMA]
        self._train = [self.train[k].append for k in TRAIN_SCHEMA]
        self._rows = 0

    def add(self, doc: dict) -> None:
        row = self._rows
        self._rows = row + 1
        add_row, add_id, add_as_of = self._people
        add_row(row)
        add_id(doc["id"])
        add_as_of(doc["as_of"])
        items = doc.get("education")
        if items:
            e_row, e_level, e_major, e_status, e_grad, e_rec = self._edu
            for item in items:
                e_row(row)
                e_level(item["level"])
                e_major(item["major"])
                e_status(item["status"])
                e_grad(item.get("graduated_on"))
                e_rec(item.get("school_recommended"))
        items = doc.get("employment")
        if items:
            e_row, e_start, e_end, e_occ, e_mgmt = self._emp
            for item in items:
                e_row(row)
                e_start(item["start"])
                e_end(item.get("end"))
                e_occ(item["in_occupation"])
                e_mgmt(item.get("management"))
        items = doc.get("certificates")
        if items:
            e_row, e_level, e_issued = self._cert
            for item in items:
                e_row(row)
                e_level(item["level"])
                e_issued(item["issued_on"])
        items = doc.get("trainings")
        if items:
            e_row, e_level, e_done = self._train
            for item in items:
                e_row(row)
                e_level(item["level"])
                e_done(item["completed_on"])

    def __len__(self) -> int:
        return self._rows

    @staticmethod
    def _frame(data: dict, schema: dict) -> pl.DataFrame:
        cols = []
        for name, dtype in schema.items():
            if dtype == pl.Date:
                cols.append(pl.Series(name, data[name], dtype=pl.String).str.to_date("%Y-%m-%d"))
            else:
                cols.append(pl.Series(name, data[name], dtype=dtype))
        return pl.DataFrame(cols)

    def frames(self) -> ApplicantFrames:
        return ApplicantFrames(
            self._frame(self.people, PEOPLE_SCHEMA), self._frame(self.edu, EDU_SCHEMA), self._frame(self.emp, EMP_SCHEMA),
            self._frame(self.cert, CERT_SCHEMA), self._frame(self.train, TRAIN_SCHEMA),
        )


def frames_from_documents(docs) -> ApplicantFrames:
    """Frames from applicant-facts documents (valid against the schema)."""
    builder = FrameBuilder()
    for doc in docs:
        builder.add(doc)
    return builder.frames()


def read_ndjson_frames(data: bytes) -> ApplicantFrames:
    """Frames from valid applicant-facts JSON lines (one document per line)."""
    return frames_from_documents(json.loads(line) for line in data.splitlines() if line.strip())


# --- parameters in force at each applicant's as_of ------------------------------------------------------


def param_expr(pack: Pack, name: str, transform: Callable[[Any], pl.Expr] = pl.lit, as_of: str = "as_of") -> pl.Expr:
    """The value of parameter ``name`` in force at each row's ``as_of``, as ``Parameter.entry_at`` reads it."""
    periods = pack.param(name).periods()
    if len(periods) == 1:
        return transform(periods[0][2])
    expr = None
    for start, end, value in periods:
        cond = pl.lit(True)
        if start is not None:
            cond = cond & (pl.col(as_of) >= start)
        if end is not None:
            cond = cond & (pl.col(as_of) <= end)
        expr = pl.when(cond).then(transform(value)) if expr is None else expr.when(cond).then(transform(value))
    return expr.otherwise(transform(periods[-1][2]))


def full_years(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Full years from a to b (same rule as ``facts.full_years``)."""
    md = lambda x: x.dt.month().cast(pl.Int32) * 100 + x.dt.day().cast(pl.Int32)  # noqa: E731
    return b.dt.year().cast(pl.Int32) - a.dt.year().cast(pl.Int32) - (md(b) < md(a)).cast(pl.Int32)


def days(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """b - a in days."""
    return (b - a).dt.total_days()


# --- derived facts -------------------------------------------------------------------------------------

# Interval merging without window functions: rows sorted by (row, start, end); ``_key`` puts each applicant's day
# numbers (Int32) in a band of its own (``group * 2**32 + day``), so one global ``cum_max`` is a per-applicant one.
_BAND = 1 << 32


def _first_of_group() -> pl.Expr:
    return (pl.col("row") != pl.col("row").shift(1)).fill_null(True)


def _prev_max_end(end: str) -> pl.Expr:
    """Per applicant, the largest ``end`` among the rows before (null on an applicant's first row)."""
    band = _first_of_group().cast(pl.Int64).cum_sum() * _BAND
    prev = (band + pl.col(end)).cum_max().shift(1) - band
    return pl.when(_first_of_group()).then(None).otherwise(prev)


def derive_frame(frames: ApplicantFrames, pack: Pack | None = None) -> pl.DataFrame:
    """One row per applicant with the facts of ``facts.DerivedFacts`` (trained as ``trained_<level>``)."""
    return derive_lazy(frames, pack).collect()


def derive_lazy(frames: ApplicantFrames, pack: Pack | None = None) -> pl.LazyFrame:
    """``derive_frame`` as a lazy frame (one ``collect`` for derive and decide)."""
    pack = pack or load_pack()
    names = pack.derived_params
    day = pl.Int32
    people = frames.people.lazy()
    as_of = people.select("row", "as_of")

    # Employment periods as day numbers; one that ends before it starts covers no day and is ignored.
    emp = (
        frames.employment.lazy()
        .filter(pl.col("in_occupation") & (pl.col("end").is_null() | (pl.col("end") >= pl.col("start"))))
        .join(as_of, on="row")
        .filter(pl.col("start") <= pl.col("as_of"))
        .select(
            "row", "as_of",
            s=pl.col("start").cast(day),
            e=pl.min_horizontal(pl.col("end").fill_null(pl.col("as_of")), pl.col("as_of")).cast(day),
            management=pl.col("management").fill_null(False),
        )
    )

    # Current occupation run: sorted by start, a period starting more than `gap` days after the largest end so far
    # opens a new run. The last run ends at the applicant's largest end and starts at the last new-run start.
    gap = param_expr(pack, names["run_gap_days"])
    runs = (
        emp.sort(["row", "s", "e"])
        .with_columns(prev=_prev_max_end("e"))
        .group_by("row")
        .agg(
            run_start=pl.col("s").filter(pl.col("prev").is_null() | ((pl.col("s") - pl.col("prev")) > gap)).max(),
            run_end=pl.col("e").max(),
            as_of=pl.col("as_of").first(),
        )
        .filter((pl.col("as_of").cast(day) - pl.col("run_end")) <= param_expr(pack, names["run_recent_days"]))
        .select("row", "run_start", "run_end")
    )

    # Management periods cut to the current run; overlapping ones merged: each period adds the days it covers
    # beyond the largest end before it (a sweep over the sorted periods), so the sum is the merged length.
    mg = (
        emp.filter(pl.col("management"))
        .join(runs, on="row")
        .select(
            "row",
            s=pl.max_horizontal("s", "run_start"),
            e=pl.min_horizontal("e", "run_end"),
        )
        .filter(pl.col("e") >= pl.col("s"))
        .sort(["row", "s", "e"])
        .with_columns(prev=_prev_max_end("e"))
        .group_by("row")
        .agg(management_days=(pl.col("e") - pl.max_horizontal("s", "prev")).clip(lower_bound=0).sum().cast(pl.Int64))
    )

    # Certificates: earliest of each level issued on or before as_of.
    certs = (
        frames.certificates.lazy().join(as_of, on="row")
        .filter(pl.col("issued_on") <= pl.col("as_of"))
        .group_by("row")
        .agg([pl.col("issued_on").filter(pl.col("level") == c).min().alias(f"first_{c}") for c in CERTIFICATE_LEVELS])
    )
    trains = (
        frames.trainings.lazy().join(as_of, on="row")
        .filter(pl.col("completed_on") <= pl.col("as_of"))
        .group_by("row")
        .agg([(pl.col("level") == lv).any().alias(f"trained_{lv}") for lv in ("assistant", "specialist", "senior", "manager")])
    )

    # Education.
    rank = pl.col("level").replace_strict(DEGREE_RANK, default=0, return_dtype=pl.Int32)
    edu = frames.education.lazy().join(as_of, on="row").with_columns(
        related=param_expr(pack, names["related_majors"], lambda majors: pl.col("major").is_in(list(majors))),
        counted=(pl.col("status") == "graduated") & pl.col("graduated_on").is_not_null()
        & (pl.col("graduated_on") <= pl.col("as_of")),
        voc=pl.col("level") == "vocational_advanced",
        rank=rank,
    )
    zero = pl.lit(0, pl.Int32)
    degrees = edu.group_by("row").agg(
        degree_any=pl.when(pl.col("counted") & ~pl.col("voc")).then(pl.col("rank")).otherwise(zero).max(),
        degree_related=pl.when(pl.col("counted") & ~pl.col("voc") & pl.col("related")).then(pl.col("rank")).otherwise(zero).max(),
        vocational_advanced_related=(pl.col("counted") & pl.col("voc") & pl.col("related")).any(),
        enrolled_related_recommended=pl.when(
            (pl.col("status") == "enrolled") & ~pl.col("voc") & pl.col("related")
            & pl.col("school_recommended").fill_null(False)
        ).then(pl.col("rank")).otherwise(zero).max(),
    )

    out = (
        people.join(runs, on="row", how="left", maintain_order="left")
        .join(mg, on="row", how="left", maintain_order="left")
        .join(certs, on="row", how="left", maintain_order="left")
        .join(trains, on="row", how="left", maintain_order="left")
        .join(degrees, on="row", how="left", maintain_order="left")
        .with_columns(pl.col("run_start").cast(pl.Date), pl.col("run_end").cast(pl.Date))
    )
    has_run = pl.col("run_start").is_not_null()
    dpy = param_expr(pack, names["days_per_year"])
    cols = [
        pl.when(has_run).then(full_years(pl.col("run_start"), pl.col("run_end"))).otherwise(0).cast(pl.Int32).alias("occupation_years"),
        pl.col("management_days").fill_null(0).cast(pl.Int64),
    ]
    for c in CERTIFICATE_LEVELS:
        first = pl.col(f"first_{c}")
        cols.append(first.is_not_null().alias(f"holds_{c}"))
        cols.append(
            pl.when(has_run & first.is_not_null())
            .then(pl.max_horizontal(full_years(pl.max_horizontal(first, "run_start"), pl.col("run_end")), 0))
            .otherwise(0).cast(pl.Int32).alias(f"since_{c}")
        )
    for lv in ("assistant", "specialist", "senior", "manager"):
        cols.append(pl.col(f"trained_{lv}").fill_null(False))
    for name in ("degree_any", "degree_related", "enrolled_related_recommended"):
        cols.append(pl.col(name).fill_null(0).cast(pl.Int32))
    cols.append(pl.col("vocational_advanced_related").fill_null(False))
    out = out.with_columns(cols).with_columns(
        management_years=pl.col("management_days") / dpy,
        management_hundredths=(pl.col("management_days") * 100 / dpy).floor().cast(pl.Int64),
    )
    return out.drop([f"first_{c}" for c in CERTIFICATE_LEVELS])


# --- clauses as polars expressions -----------------------------------------------------------------------


@dataclasses.dataclass
class _Node:
    holds: pl.Expr
    ok: pl.Expr | None  # text when it holds
    ko: pl.Expr | None  # text when it fails


def _compile(node: Condition, level: str, pack: Pack, texts: bool, nested: bool = False) -> _Node:
    if node.kind == "fact":
        fact = FACTS[node.fact]
        column = f"trained_{level}" if node.fact == "trained" else node.fact
        value = pl.col(column)
        if fact.kind in ("years", "years_float"):
            threshold = param_expr(pack, node.at_least)
            holds = value >= threshold
            if not texts:
                return _Node(holds, None, None)
            value_text = (
                pl.col("management_hundredths") // 100).cast(pl.String) + "." + (pl.col("management_hundredths") % 100
            ).cast(pl.String).str.zfill(2) if fact.kind == "years_float" else value.cast(pl.String)
            threshold_text = param_expr(pack, node.at_least, lambda v: pl.lit(format_threshold(v)))
            ok = atom_texts(node.fact, level, node.at_least, "\x00", "\x01")
            return _Node(holds, _fill(ok[0], value_text, threshold_text), _fill(ok[1], value_text, threshold_text))
        if fact.kind == "degree":
            holds = value >= DEGREE_RANK[node.at_least]
            if not texts:
                return _Node(holds, None, None)
            value_text = value.replace_strict(RANK_LABELS, default=NO_DEGREE, return_dtype=pl.String)
            ok, ko = atom_texts(node.fact, level, node.at_least, "\x00", "")
            return _Node(holds, _fill(ok, value_text, None), _fill(ko, value_text, None))
        ok, ko = atom_texts(node.fact, level, node.at_least, "", "")
        return _Node(value.fill_null(False), pl.lit(ok), pl.lit(ko))
    children = [_compile(c, level, pack, texts, True) for c in node.children]
    if node.kind == "all":
        holds = pl.all_horizontal([c.holds for c in children])
        if not texts:
            return _Node(holds, None, None)
        ok = pl.concat_str([c.ok for c in children], separator=ALL_SEP)
        ko = pl.concat_str([pl.when(~c.holds).then(c.ko) for c in children], separator=ALL_SEP, ignore_nulls=True)
        return _Node(holds, ok, ko)
    holds = pl.any_horizontal([c.holds for c in children])
    if not texts:
        return _Node(holds, None, None)
    ok = None
    for c in children:
        ok = pl.when(c.holds).then(c.ok) if ok is None else ok.when(c.holds).then(c.ok)
    ko = pl.concat_str([c.ko for c in children], separator=ANY_SEP)
    if nested:
        ko = pl.concat_str([pl.lit("（"), ko, pl.lit("）")])
    return _Node(holds, ok, ko)


def _fill(template: str, value: pl.Expr, threshold: pl.Expr | None) -> pl.Expr:
    """A text template with \\x00 for the figure and \\x01 for the threshold, as a polars string expression."""
    parts: list[pl.Expr] = []
    for i, chunk in enumerate(template.split("\x00")):
        if i:
            parts.append(value)
        for j, piece in enumerate(chunk.split("\x01")):
            if j:
                parts.append(threshold)
            if piece:
                parts.append(pl.lit(piece))
    return pl.concat_str(parts)


_EXPR_CACHE: dict[tuple[int, str, bool], tuple[Pack, dict[str, pl.Expr]]] = {}


def decision_exprs(level: str, pack: Pack | None = None, texts: bool = True) -> dict[str, pl.Expr]:
    """Expressions over a facts frame: ``eligible``, ``clauses`` (list of numbers) and, with texts, ``reasons``."""
    pack = pack or load_pack()
    key = (id(pack), level, texts)
    cached = _EXPR_CACHE.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    if len(_EXPR_CACHE) > 64:
        _EXPR_CACHE.clear()
    exprs = _decision_exprs(level, pack, texts)
    _EXPR_CACHE[key] = (pack, exprs)
    return exprs


def _decision_exprs(level: str, pack: Pack, texts: bool) -> dict[str, pl.Expr]:
    compiled = [(clause, _compile(clause.when, level, pack, texts)) for clause in pack.level(level).clauses]
    out = {
        "eligible": pl.any_horizontal([node.holds for _, node in compiled]),
        # bit (number - 1) set when clause `number` holds; lists are built only where needed (slow in polars)
        "clause_mask": pl.sum_horizontal(
            [node.holds.cast(pl.Int64) * (1 << (clause.number - 1)) for clause, node in compiled]
        ),
        "holds": [(clause, node.holds) for clause, node in compiled],
    }
    if texts:
        out["texts"] = [
            (clause, pl.when(node.holds).then(pl.lit("满足：") + node.ok).otherwise(pl.lit("不满足：") + node.ko))
            for clause, node in compiled
        ]
    return out


_NO_CSE = pl.QueryOptFlags(comm_subexpr_elim=False)


def _change_points(level: str, pack: Pack) -> list[datetime.date]:
    """The dates on which a parameter of ``level``'s clauses may change value (sorted)."""
    names: set[str] = set()
    for clause in pack.level(level).clauses:
        names |= clause.when.params()
    points: set[datetime.date] = set()
    for name in names:
        for start, end, _value in pack.param(name).periods():
            if start is not None:
                points.add(start)
            if end is not None:
                points.add(end + datetime.timedelta(days=1))
    return sorted(points)


def _as_of_class(points: list[datetime.date]) -> pl.Expr:
    """A stand-in for ``as_of`` that every parameter of the level reads as it reads ``as_of``: the last change point
    on or before it (or the day before the first one)."""
    expr = None
    for point in reversed(points):
        cond = pl.col("as_of") >= point
        expr = pl.when(cond).then(pl.lit(point)) if expr is None else expr.when(cond).then(pl.lit(point))
    return expr.otherwise(pl.lit(points[0] - datetime.timedelta(days=1))).alias("as_of")


@dataclasses.dataclass
class _AnswerPlan:
    keys: list[pl.Expr]  # the facts the texts depend on (as_of replaced by its parameter class)
    key_names: list[str]
    stage: list[pl.Expr]  # per distinct key: eligible, h<n>, t<n>
    tail: pl.Expr  # the answer after the id: ',"level":…,"eligible":…,"clauses":[…],"reasons":[…]}'


_PLAN_CACHE: dict[tuple[int, str], tuple[Pack, _AnswerPlan]] = {}


def _answer_plan(level: str, pack: Pack) -> _AnswerPlan:
    cached = _PLAN_CACHE.get((id(pack), level))
    if cached is not None and cached[0] is pack:
        return cached[1]
    exprs = decision_exprs(level, pack, True)
    holds = [(clause, h.alias(f"h{clause.number}")) for clause, h in exprs["holds"]]
    text_cols = [t.alias(f"t{clause.number}") for clause, t in exprs["texts"]]
    stage = [exprs["eligible"].alias("eligible")] + [h for _, h in holds] + text_cols
    parts: list[pl.Expr] = [
        pl.lit(f',"level":{json.dumps(level)},"eligible":'),
        pl.when(pl.col("eligible")).then(pl.lit("true")).otherwise(pl.lit("false")),
        pl.lit(',"clauses":['),
        pl.concat_str(
            [pl.when(pl.col(f"h{c.number}")).then(pl.lit(str(c.number))) for c, _ in holds], separator=",", ignore_nulls=True
        ),
        pl.lit('],"reasons":['),
    ]
    for i, (clause, _h) in enumerate(holds):
        parts += [
            pl.lit(("," if i else "") + f'{{"clause":{clause.number},"holds":'),
            pl.when(pl.col(f"h{clause.number}")).then(pl.lit("true")).otherwise(pl.lit("false")),
            pl.lit(f',"cite":{json.dumps(clause.cite, ensure_ascii=False)},"text":'),
            # texts come from fixed templates, numbers and labels: no quote or backslash to escape
            pl.concat_str([pl.lit('"'), pl.col(f"t{clause.number}"), pl.lit('"')]),
            pl.lit("}"),
        ]
    parts.append(pl.lit("]}"))
    names: set[str] = set()
    for expr in stage:
        names |= set(expr.meta.root_names())
    key_names = sorted(names)
    keys = []
    for name in key_names:
        if name == "as_of":
            points = _change_points(level, pack)
            keys.append(_as_of_class(points) if points else pl.lit(None, pl.Date).alias("as_of"))
        else:
            keys.append(pl.col(name))
    if not keys:  # texts that depend on no fact: one distinct key
        keys, key_names = [pl.lit(0).alias("_k")], ["_k"]
    plan = _AnswerPlan(keys, key_names, stage, pl.concat_str(parts).alias("tail"))
    if len(_PLAN_CACHE) > 64:
        _PLAN_CACHE.clear()
    _PLAN_CACHE[(id(pack), level)] = (pack, plan)
    return plan


def evaluate_facts(facts: pl.DataFrame, level: str, pack: Pack | None = None, texts: bool = True) -> pl.DataFrame:
    """Decisions for a facts frame (``derive_frame``).

    Columns: ``row``, ``id``, ``level``, ``eligible``, ``clause_mask`` (bit n-1 set when clause n holds) and, with
    texts, ``json``: the whole answer of the CLI contract, built as a string (keys in contract order).

    The answer after the id depends only on the few facts the level's clauses name (and on which parameter values
    are in force): a million applicants share some thousands of distinct combinations. The answer is built once
    per distinct combination, with the same expressions, and each applicant gets its combination's answer."""
    pack = pack or load_pack()
    exprs = decision_exprs(level, pack, texts)
    cols = [pl.col("row"), pl.col("id"), pl.lit(level).alias("level"), exprs["eligible"].alias("eligible"),
            exprs["clause_mask"].alias("clause_mask")]
    if not texts:
        return facts.lazy().select(cols).collect(optimizations=_NO_CSE)
    plan = _answer_plan(level, pack)
    keys = facts.lazy().select(plan.keys).collect()
    distinct = keys.unique().with_row_index("_i")
    tails = distinct.lazy().select(plan.stage).select(plan.tail).collect(optimizations=_NO_CSE).to_series().rechunk()
    index = keys.join(distinct, on=plan.key_names, how="left", nulls_equal=True, maintain_order="left").get_column("_i")
    # (gathering from one chunk shares the strings' buffers: only the 16-byte views are copied)
    return facts.lazy().select(cols).with_columns(_tail=tails.gather(index)).select(
        "row", "id", "level", "eligible", "clause_mask",
        pl.concat_str([
            pl.struct("id").struct.json_encode().str.strip_suffix("}"),  # '{"id":"…"' with the id JSON-escaped
            pl.col("_tail"),
        ]).alias("json"),
    ).collect(optimizations=_NO_CSE)


# --- the rules part alone, on numpy columns -----------------------------------------------------------


def numpy_rule(level: str, pack: Pack | None = None) -> Callable[[dict, datetime.date], np.ndarray]:
    """``eligible`` of ``level`` as plain numpy operations over derived-fact columns, compiled from the pack's clauses
    (the same conditions as ``decision_exprs``), for applicants all judged on one date ``on``:
    ``numpy_rule("assistant")(columns, on)`` with ``columns`` a mapping of fact name (``trained_<level>`` for
    ``trained``) to a numpy array. The benchmark times it against OpenFisca computing the same rule."""
    pack = pack or load_pack()

    def compile_node(node: Condition):
        # each function returns (array, owned): an owned array is a fresh one that may be updated in place
        if node.kind == "fact":
            column = f"trained_{level}" if node.fact == "trained" else node.fact
            kind = FACTS[node.fact].kind
            if kind in ("years", "years_float"):
                name = node.at_least
                return lambda cols, on: (np.greater_equal(cols[column], pack.value(name, on)), True)
            if kind == "degree":
                rank = DEGREE_RANK[node.at_least]
                return lambda cols, on: (np.greater_equal(cols[column], rank), True)
            return lambda cols, on: (cols[column], False)
        children = [compile_node(child) for child in node.children]
        op = np.logical_and if node.kind == "all" else np.logical_or

        def combine(cols, on):
            out, owned = children[0](cols, on)
            for child in children[1:]:
                value, _ = child(cols, on)
                out = op(out, value, out=out) if owned else op(out, value)
                owned = True
            return out, owned

        return combine

    clauses = [compile_node(clause.when) for clause in pack.level(level).clauses]

    def eligible(cols: dict, on: datetime.date) -> np.ndarray:
        out, owned = clauses[0](cols, on)
        for clause in clauses[1:]:
            value, _ = clause(cols, on)
            out = np.logical_or(out, value, out=out) if owned else np.logical_or(out, value)
            owned = True
        return out

    return eligible


def mask_to_clauses(mask: int) -> list[int]:
    return [n for n in range(1, mask.bit_length() + 1) if mask >> (n - 1) & 1]


def evaluate_frames(frames: ApplicantFrames, level: str, pack: Pack | None = None, texts: bool = True) -> pl.DataFrame:
    """Batch evaluation of a population for one level (derive + evaluate)."""
    pack = pack or load_pack()
    return evaluate_facts(derive_frame(frames, pack), level, pack, texts)


def answers_json(decisions: pl.DataFrame) -> pl.Series:
    """One JSON answer per row (the CLI contract), from ``evaluate_facts(..., texts=True)``."""
    return decisions["json"]


def evaluate_documents(docs: list[dict], level: str, pack: Pack | None = None) -> list[dict]:
    """Convenience: batch-evaluate documents and return answers as dicts (tests, small inputs)."""
    decisions = evaluate_frames(frames_from_documents(docs), level, pack)
    return [json.loads(line) for line in decisions["json"].to_list()]
