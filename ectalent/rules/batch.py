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
import json
from typing import Any, Callable

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

    def add(self, doc: dict) -> None:
        row = len(self.people["row"])
        self.people["row"].append(row)
        self.people["id"].append(doc["id"])
        self.people["as_of"].append(doc["as_of"])
        items = doc.get("education")
        if items:
            e = self.edu
            for item in items:
                e["row"].append(row)
                e["level"].append(item["level"])
                e["major"].append(item["major"])
                e["status"].append(item["status"])
                e["graduated_on"].append(item.get("graduated_on"))
                e["school_recommended"].append(item.get("school_recommended"))
        items = doc.get("employment")
        if items:
            e = self.emp
            for item in items:
                e["row"].append(row)
                e["start"].append(item["start"])
                e["end"].append(item.get("end"))
                e["in_occupation"].append(item["in_occupation"])
                e["management"].append(item.get("management"))
        items = doc.get("certificates")
        if items:
            e = self.cert
            for item in items:
                e["row"].append(row)
                e["level"].append(item["level"])
                e["issued_on"].append(item["issued_on"])
        items = doc.get("trainings")
        if items:
            e = self.train
            for item in items:
                e["row"].append(row)
                e["level"].append(item["level"])
                e["completed_on"].append(item["completed_on"])

    def __len__(self) -> int:
        return len(self.people["row"])

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


def derive_frame(frames: ApplicantFrames, pack: Pack | None = None) -> pl.DataFrame:
    """One row per applicant with the facts of ``facts.DerivedFacts`` (trained as ``trained_<level>``)."""
    pack = pack or load_pack()
    names = pack.derived_params
    people = frames.people.lazy()
    as_of = people.select("row", "as_of")

    # Employment periods; one that ends before it starts covers no day and is ignored.
    emp = (
        frames.employment.lazy().filter(pl.col("end").is_null() | (pl.col("end") >= pl.col("start")))
        .join(as_of, on="row")
    )

    # Current occupation run: merge when a period starts at most `gap` days after the run's end.
    occ = (
        emp.filter(pl.col("in_occupation") & (pl.col("start") <= pl.col("as_of")))
        .with_columns(end=pl.min_horizontal(pl.col("end").fill_null(pl.col("as_of")), pl.col("as_of")))
        .sort(["row", "start", "end"])
        .with_columns(prev_end=pl.col("end").cum_max().shift(1).over("row"))
        .with_columns(
            new_run=pl.col("prev_end").is_null()
            | (days(pl.col("prev_end"), pl.col("start")) > param_expr(pack, names["run_gap_days"]))
        )
        .with_columns(run_no=pl.col("new_run").cast(pl.Int32).cum_sum().over("row"))
    )
    runs = (
        occ.filter(pl.col("run_no") == pl.col("run_no").max().over("row"))
        .group_by("row")
        .agg(run_start=pl.col("start").min(), run_end=pl.col("end").max(), as_of=pl.col("as_of").first())
        .filter(days(pl.col("run_end"), pl.col("as_of")) <= param_expr(pack, names["run_recent_days"]))
        .select("row", "run_start", "run_end")
    )

    # Management periods cut to the current run; overlapping ones merged; days summed.
    mg = (
        emp.filter(pl.col("in_occupation") & pl.col("management").fill_null(False))
        .join(runs, on="row")
        .select(
            "row",
            s=pl.max_horizontal("start", "run_start"),
            e=pl.min_horizontal(pl.col("end").fill_null(pl.col("run_end")), pl.col("run_end")),
        )
        .filter(pl.col("e") >= pl.col("s"))
        .sort(["row", "s", "e"])
        .with_columns(prev_e=pl.col("e").cum_max().shift(1).over("row"))
        .with_columns(grp=(pl.col("prev_e").is_null() | (pl.col("s") > pl.col("prev_e"))).cast(pl.Int32).cum_sum().over("row"))
        .group_by("row", "grp")
        .agg(d=days(pl.col("s").min(), pl.col("e").max()))
        .group_by("row")
        .agg(management_days=pl.col("d").sum())
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
        people.join(runs, on="row", how="left")
        .join(mg, on="row", how="left")
        .join(certs, on="row", how="left")
        .join(trains, on="row", how="left")
        .join(degrees, on="row", how="left")
        .sort("row")
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
    return out.drop([f"first_{c}" for c in CERTIFICATE_LEVELS]).collect()


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


def evaluate_facts(facts: pl.DataFrame, level: str, pack: Pack | None = None, texts: bool = True) -> pl.DataFrame:
    """Decisions for a facts frame (``derive_frame``).

    Columns: ``row``, ``id``, ``level``, ``eligible``, ``clause_mask`` (bit n-1 set when clause n holds) and, with
    texts, ``json``: the whole answer of the CLI contract, built as a string (keys in contract order)."""
    pack = pack or load_pack()
    exprs = decision_exprs(level, pack, texts)
    cols = [pl.col("row"), pl.col("id"), pl.lit(level).alias("level"), exprs["eligible"].alias("eligible"),
            exprs["clause_mask"].alias("clause_mask")]
    if not texts:
        return facts.lazy().select(cols).collect(optimizations=_NO_CSE)
    holds = [(clause, h.alias(f"h{clause.number}")) for clause, h in exprs["holds"]]
    text_cols = [t.alias(f"t{clause.number}") for clause, t in exprs["texts"]]
    stage = facts.lazy().select(cols + [h for _, h in holds] + text_cols).collect(optimizations=_NO_CSE)
    parts: list[pl.Expr] = [
        pl.struct("id").struct.json_encode().str.strip_suffix("}"),  # '{"id":"…"' with the id JSON-escaped
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
    return stage.lazy().select(cols[:1] + [pl.col("id", "level", "eligible", "clause_mask"), pl.concat_str(parts).alias("json")]).collect(
        optimizations=_NO_CSE
    )


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
