"""Scores, results and their publication (issue 4, points 5 and 6; spec "Passing and certification").

Score sheet (xlsx or csv, first sheet; one row per candidate and direction)::

    准考证号 | 身份证号 | 姓名 | 方向 | 在线考试 | 实操考试          (助理电子商务师、电子商务师)
    准考证号 | 身份证号 | 姓名 | 在线考试 | 论文答辩                  (高级电子商务师、电子商务职业经理人)

- the header row is the first row (of the first 20) that names 身份证号 or 准考证号; columns may be in any order,
  extra columns are ignored; 姓名 is optional (when given it must match the registry);
- a candidate is named by 身份证号 and/or 准考证号 (the application's number, ``CertApplication.pk``); when both are
  given they must name the same application; only applications of the session whose pre-check case is confirmed
  are candidates;
- 方向 is the direction's code (``customer_service``) or its Chinese name (网络客服) and must be one the candidate
  registered for; for senior and manager the column is absent or blank;
- every score is a number from 0 to 100 with at most two decimals, typed as a value (a formula is refused even
  when it computes a valid number: the sheet must carry the scores themselves); a blank is refused (缺考 is 0).

Every row is checked first (vectorised with polars); all errors are returned with row and column; a file with any
error writes nothing. A clean file is upserted in one transaction (``INSERT … ON CONFLICT DO UPDATE``) with
one audit event holding the counts.

Results (``compute_results``): each part ≥ ``exam.pass_mark``; assistant and specialist pass when at least
``exam.min_directions`` directions are passed, counting the directions carried over; senior and manager pass when
the online exam and the thesis defence both reach the pass mark. Both numbers come from the policy pack, as in
force on the session's first exam date.

Carry-over (retake, 补考): a direction counts as *already passed* for a candidate when an earlier session
(earlier first exam date) of the same level has a **published** result of the same person that lists the direction
among its passed directions (which themselves include what that result carried). Only published results count, so
a result withdrawn before publication carries nothing; a direction passed again is counted once, from this session.
Senior and manager have no directions and carry nothing.

Publication (``approve_and_publish``): the centre approves the computed results; the session moves to
``results_published`` (compare-and-set), every result of the session becomes published (visible to the candidate),
and ``ectalent.certification.certificates.issue_for_session`` is called in the same transaction when it exists.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, F
from django.db.models.functions import Cast
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.core import sheets
from ectalent.core.i18n import stored
from ectalent.core.sheets import first_sheet_path, formula_cells
from ectalent.rules.packs import load_pack

from .choices import DIRECTION_LEVELS, PARTS_BY_LEVEL, Level, ScorePart, SessionStatus
from .models import CertApplication, ExamSession, Result, Score

PACK = "zhejiang-2014-93"
MAX_UPLOAD_BYTES = 30 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
MAX_ERRORS_SHOWN = 2000

COLUMN_ALIASES = {
    "准考证号": "app_no", "报名编号": "app_no", "报名号": "app_no",
    "身份证号": "id_number", "身份证号码": "id_number", "居民身份证号": "id_number", "居民身份证号码": "id_number",
    "姓名": "name",
    "方向": "direction", "报考方向": "direction", "考试方向": "direction", "岗位方向": "direction",
    "在线考试": "online", "在线考试成绩": "online",
    "实操考试": "practical", "实操考试成绩": "practical", "实操成绩": "practical",
    "论文答辩": "thesis", "论文答辩成绩": "thesis", "论文答辩（或电子商务策划案）": "thesis",
    "论文答辩(或电子商务策划案)": "thesis", "电子商务策划案": "thesis",
}
# The sheet's column names: Chinese, as the sheet must carry them (marked for the catalogue; pages show them with
# ``|shown``).
FIELD_NAMES = {"app_no": gettext_noop("准考证号"), "id_number": gettext_noop("身份证号"), "name": gettext_noop("姓名"),
               "direction": gettext_noop("方向"), "online": gettext_noop("在线考试"),
               "practical": gettext_noop("实操考试"), "thesis": gettext_noop("论文答辩")}
PART_COLUMN = {ScorePart.ONLINE: "online", ScorePart.PRACTICAL: "practical", ScorePart.THESIS: "thesis"}


# --- helpers ------------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def fmt_score(value) -> str:
    """85.00 → 85, 59.50 → 59.5."""
    if value is None:
        return "—"
    d = Decimal(value).quantize(Decimal("0.01"))
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def pack():
    return load_pack(PACK)


def policy(session: ExamSession) -> dict:
    """The pass mark and the minimum number of directions in force on the session's first exam date, with cites."""
    p = pack()
    pass_mark = p.param("exam.pass_mark").entry_at(session.exam_starts)
    min_dirs = p.param("exam.min_directions").entry_at(session.exam_starts)
    return {"pass_mark": Decimal(str(pass_mark.value)), "pass_mark_cite": pass_mark.cite,
            "min_directions": int(min_dirs.value), "min_directions_cite": min_dirs.cite}


def level_directions(level: str) -> list[tuple[str, str]]:
    """[(code, 名称)] of a level, from the pack (empty for senior and manager)."""
    try:
        return list(pack().level(level).directions)
    except KeyError:
        return []


def direction_label(code: str) -> str:
    for level in (Level.ASSISTANT, Level.SPECIALIST):
        for c, name in level_directions(level):
            if c == code:
                return name
    return code


def confirmed_application_ids():
    """Ids of applications whose pre-check case (资格初审) is confirmed, as a subquery.

    Written as ``pk IN (SELECT subject_id::bigint …)`` rather than a correlated ``EXISTS`` on ``pk::varchar``: with
    stale statistics PostgreSQL planned the correlated form as a nested loop over both tables (minutes for 50,000
    candidates); the semi-join on the primary key stays fast whatever the estimates."""
    from ectalent.workflow.choices import CaseStatus
    from ectalent.workflow.models import Case

    return Case.objects.filter(subject_type="certification.certapplication", status=CaseStatus.CONFIRMED) \
        .annotate(app_pk=Cast("subject_id", output_field=BigIntegerField())).values("app_pk")


def candidates(session: ExamSession):
    """Applications of ``session`` whose pre-check case (资格初审) is confirmed."""
    return CertApplication.objects.filter(session=session, pk__in=confirmed_application_ids())


def is_candidate(application: CertApplication) -> bool:
    return candidates(application.session).filter(pk=application.pk).exists()


def _part_figure(part, value) -> str:
    if value is None:
        return stored(gettext_noop("%(part)s 无成绩"), part=part.label)
    return stored(gettext_noop("%(part)s %(score)s 分"), part=part.label, score=fmt_score(value))


def _check_scores_open(session: ExamSession) -> None:
    if session.status == SessionStatus.DRAFT:
        raise ValidationError(_("该批次尚未发布，不能录入成绩。"))
    if session.status == SessionStatus.RESULTS_PUBLISHED:
        raise ValidationError(_("该批次成绩已公布，不能再修改成绩。"))


# --- the score sheet ------------------------------------------------------------------------------------


@dataclasses.dataclass
class SheetError:
    row: int | None
    column: str
    field: str
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)s 行 %(column)s 列") % {"row": self.row, "column": self.column} if self.row else _("文件")
        if self.field:
            return _("%(where)s（%(field)s）：%(message)s") % {"where": where, "field": self.field, "message": self.message}
        return _("%(where)s：%(message)s") % {"where": where, "message": self.message}


@dataclasses.dataclass
class ScoreSheet:
    """A checked score sheet: ``rows`` is the long frame (application, direction, part, score) to write."""

    session: ExamSession
    filename: str = ""
    errors: list[SheetError] = dataclasses.field(default_factory=list)
    rows: pl.DataFrame | None = None
    row_count: int = 0
    warnings: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows is not None

    @property
    def error_summary(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.errors:
            key = e.field or _("文件")
            out[key] = out.get(key, 0) + 1
        return out

    @property
    def errors_shown(self) -> list[SheetError]:
        return self.errors[:MAX_ERRORS_SHOWN]


def xlsx_formula_cells(data: bytes) -> set[tuple[int, str]]:
    """(row number, column letters) of every formula cell of the first sheet (``core.sheets.formula_cells``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read(first_sheet_path(zf))
    except (KeyError, zipfile.BadZipFile, AttributeError):
        return set()
    return formula_cells(xml)


def read_sheet(data: bytes, filename: str) -> tuple[list[list], set[tuple[int, str]]]:
    """The cells of the first sheet (rows of values) and the formula cells, through the one checked reader
    (``core.sheets.read_sheet``: size, ratio, dimension and row/column caps before parsing). Raises ValidationError."""
    return sheets.read_sheet(data, filename)


def _normalise_header(value) -> str:
    text = re.sub(r"\s+", "", _text(value))
    text = re.sub(r"[（(]分[）)]$", "", text)
    return text


def _candidate_frames(session: ExamSession, user) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(candidates: app_id, c_id_number, c_name; registered: app_id, dir_code) of the session, scoped to ``user``."""
    qs = candidates(session)
    if user is not None:
        qs = qs.filter(pk__in=CertApplication.objects.visible_to(user).values("pk"))
    rows = list(qs.values_list("pk", "person__id_number", "person__name", "directions"))
    cand = pl.DataFrame(
        {"app_id": [r[0] for r in rows], "c_id_number": [(r[1] or "").upper() for r in rows],
         "c_name": [r[2] for r in rows]},
        schema={"app_id": pl.Int64, "c_id_number": pl.Utf8, "c_name": pl.Utf8},
    )
    pairs = [(r[0], d) for r in rows for d in (r[3] or [])]
    registered = pl.DataFrame({"app_id": [p[0] for p in pairs], "dir_code": [p[1] for p in pairs]},
                              schema={"app_id": pl.Int64, "dir_code": pl.Utf8})
    return cand, registered


def _errors_from(frame: pl.DataFrame, mask: pl.Expr, column: str, field: str, message: pl.Expr | str) -> pl.DataFrame:
    msg = message if isinstance(message, pl.Expr) else pl.lit(message)
    return frame.filter(mask).select(
        pl.col("row"), pl.lit(column).alias("column"), pl.lit(field).alias("field"), msg.cast(pl.Utf8).alias("message"))


def check_sheet(session: ExamSession, data: bytes, filename: str, *, user=None) -> ScoreSheet:
    """Read and check a score sheet for ``session``; nothing is written. ``user`` scopes the candidates
    (``CertApplication.visible_to``)."""
    sheet = ScoreSheet(session=session, filename=filename)
    errors = sheet.errors
    try:
        cells, formulas = read_sheet(data, filename)
    except ValidationError as exc:
        errors.append(SheetError(None, "", "", " ".join(exc.messages)))
        return sheet
    level = session.level
    parts = [PART_COLUMN[p] for p in PARTS_BY_LEVEL[level]]
    by_direction = level in DIRECTION_LEVELS

    header_index, columns = None, {}
    for i, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        names = {_normalise_header(v): c for c, v in enumerate(row)}
        if any(COLUMN_ALIASES.get(n) in ("id_number", "app_no") for n in names):
            header_index = i
            for name, c in names.items():
                field = COLUMN_ALIASES.get(name)
                if field is None or not name:
                    continue
                if field in columns:
                    errors.append(SheetError(i + 1, column_letter(c), FIELD_NAMES[field],
                                             _("列重复（已在 %(column)s 列）") % {"column": column_letter(columns[field])}))
                else:
                    columns[field] = c
            break
    if header_index is None:
        wanted = (["direction"] if by_direction else []) + parts
        errors.append(SheetError(None, "", "", _("未找到表头：应有一行写“身份证号”（或“准考证号”）、%(columns)s") % {
            "columns": "、".join(f"“{FIELD_NAMES[p]}”" for p in wanted)}))
        return sheet
    for field in (["direction"] if by_direction else []) + parts:
        if field not in columns:
            errors.append(SheetError(header_index + 1, "", FIELD_NAMES[field],
                                     _("缺少“%(column)s”列") % {"column": FIELD_NAMES[field]}))
    for other in ("online", "practical", "thesis"):
        if other in columns and other not in parts:
            sheet.warnings.append(_("“%(column)s”列不属于%(level)s的考试科目，已忽略。") % {
                "column": FIELD_NAMES[other], "level": Level(level).label})
    if not by_direction and "direction" in columns:
        sheet.warnings.append(_("%(level)s不分方向，“方向”列须留空。") % {"level": Level(level).label})
    if errors:
        return sheet

    body = cells[header_index + 1:]
    first_row = header_index + 2  # 1-based sheet row of body[0]
    def col(field: str) -> list[str]:
        c = columns.get(field)
        if c is None:
            return [""] * len(body)
        values = [r[c] if c < len(r) else "" for r in body]
        return [v if v.__class__ is str else _text(v) for v in values]

    raw = {f: col(f) for f in ("app_no", "id_number", "name", "direction", *parts)}
    frame = pl.DataFrame({"row": pl.int_range(first_row, first_row + len(body), eager=True, dtype=pl.Int64), **raw},
                         schema_overrides={f: pl.Utf8 for f in raw})
    # drop rows left entirely blank (in the columns that matter)
    frame = frame.with_columns([pl.col(f).str.strip_chars() for f in raw])
    frame = frame.filter(pl.any_horizontal([pl.col(f).str.len_chars() > 0 for f in raw]))
    sheet.row_count = frame.height
    if frame.height == 0:
        errors.append(SheetError(header_index + 2, "", "", _("表中没有成绩行")))
        return sheet
    letters = {f: column_letter(c) for f, c in columns.items()}
    found: list[pl.DataFrame] = []

    # --- formulas (xlsx: <f> elements; csv: text starting with "=") ---------------------------------------
    formula_flags = {}
    for f in parts + [x for x in ("app_no", "id_number", "name", "direction") if x in columns]:
        rows_with_formula = sorted(r for r, letter in formulas if letter == letters[f])
        is_formula = pl.col("row").is_in(rows_with_formula) if rows_with_formula else pl.lit(False)
        if f in parts:
            is_formula = is_formula | pl.col(f).str.starts_with("=")
        formula_flags[f] = is_formula
        found.append(_errors_from(frame, is_formula, letters[f], FIELD_NAMES[f],
                                  _("单元格是公式，请复制后“粘贴为数值”再导入")))

    # --- identify the candidate ------------------------------------------------------------------------
    cand, registered_pairs = _candidate_frames(session, user)
    frame = frame.with_columns(pl.col("id_number").str.to_uppercase())
    by_id = cand.select(pl.col("c_id_number").alias("id_number"), pl.col("app_id").alias("app_by_id"))
    by_no = cand.select(pl.col("app_id").cast(pl.Utf8).alias("app_no"), pl.col("app_id").alias("app_by_no"))
    frame = frame.join(by_id.filter(pl.col("id_number") != ""), on="id_number", how="left") \
                 .join(by_no, on="app_no", how="left")
    has_id, has_no = pl.col("id_number") != "", pl.col("app_no") != ""
    id_col = letters.get("id_number", letters.get("app_no"))
    found.append(_errors_from(frame, ~has_id & ~has_no, id_col, FIELD_NAMES["id_number"],
                              _("须填写身份证号或准考证号")))
    found.append(_errors_from(
        frame, has_id & pl.col("app_by_id").is_null(), letters.get("id_number", ""), FIELD_NAMES["id_number"],
        pl.format(_("本批次没有身份证号为“{}”的考生（或其报名未通过资格初审）；身份证号请以文本格式填写"), pl.col("id_number"))))
    found.append(_errors_from(
        frame, has_no & pl.col("app_by_no").is_null(), letters.get("app_no", ""), FIELD_NAMES["app_no"],
        pl.format(_("本批次没有准考证号为“{}”的考生（或其报名未通过资格初审）"), pl.col("app_no"))))
    found.append(_errors_from(
        frame, pl.col("app_by_id").is_not_null() & pl.col("app_by_no").is_not_null()
        & (pl.col("app_by_id") != pl.col("app_by_no")), letters.get("app_no", ""), FIELD_NAMES["app_no"],
        _("准考证号与身份证号不是同一考生")))
    frame = frame.with_columns(pl.coalesce("app_by_id", "app_by_no").alias("app_id"))
    frame = frame.join(cand.select("app_id", "c_name"), on="app_id", how="left")
    if "name" in columns:
        found.append(_errors_from(
            frame, pl.col("app_id").is_not_null() & (pl.col("name") != "") & (pl.col("name") != pl.col("c_name")),
            letters["name"], FIELD_NAMES["name"], pl.format(_("“{}”与该考生登记的姓名不一致"), pl.col("name"))))

    # --- direction -------------------------------------------------------------------------------------------
    if by_direction:
        dirs = level_directions(level)
        lookup = {code: code for code, _ in dirs} | {name: code for code, name in dirs}
        allowed = "、".join(name for _, name in dirs)
        frame = frame.with_columns(
            pl.col("direction").replace_strict(lookup, default=None, return_dtype=pl.Utf8).alias("dir_code"))
        blank = pl.col("direction") == ""
        found.append(_errors_from(frame, blank, letters["direction"], FIELD_NAMES["direction"], _("方向不能为空")))
        not_a_direction = _("“{}”不是%(level)s的方向（可填：%(allowed)s，或其代码）") % {
            "level": Level(level).label, "allowed": allowed}
        found.append(_errors_from(
            frame, ~blank & pl.col("dir_code").is_null() & ~formula_flags["direction"], letters["direction"],
            FIELD_NAMES["direction"], pl.format(not_a_direction, pl.col("direction"))))
        registered = registered_pairs.with_columns(pl.lit(True).alias("registered")).unique(["app_id", "dir_code"])
        frame = frame.join(registered, on=["app_id", "dir_code"], how="left")
        found.append(_errors_from(
            frame, pl.col("app_id").is_not_null() & pl.col("dir_code").is_not_null() & pl.col("registered").is_null(),
            letters["direction"], FIELD_NAMES["direction"], pl.format(_("考生未报考“{}”方向"), pl.col("direction"))))
    else:
        frame = frame.with_columns(pl.lit("").alias("dir_code"))
        if "direction" in columns:
            found.append(_errors_from(frame, pl.col("direction") != "", letters["direction"], FIELD_NAMES["direction"],
                                      _("%(level)s不分方向，此列须留空") % {"level": Level(level).label}))

    # --- duplicates: the same candidate and direction twice ------------------------------------------------
    keyed = frame.filter(pl.col("app_id").is_not_null() & pl.col("dir_code").is_not_null())
    firsts = keyed.group_by(["app_id", "dir_code"]).agg(pl.col("row").min().alias("first_row"))
    frame = frame.join(firsts, on=["app_id", "dir_code"], how="left")
    dup_col = letters.get("id_number", letters.get("app_no"))
    found.append(_errors_from(
        frame, pl.col("first_row").is_not_null() & (pl.col("row") != pl.col("first_row")), dup_col, _("重复行"),
        pl.format(_("与第 {} 行重复（同一考生、同一方向只能有一行）"), pl.col("first_row"))))

    # --- scores --------------------------------------------------------------------------------------------
    for f in parts:
        s = pl.col(f).str.strip_chars()
        num = s.cast(pl.Float64, strict=False)
        frame = frame.with_columns(num.alias(f"{f}_num"))
        n = pl.col(f"{f}_num")
        ff = formula_flags[f]
        name = FIELD_NAMES[f]
        found.append(_errors_from(frame, (s == "") & ~ff, letters[f], name, _("成绩不能为空（缺考请填 0）")))
        found.append(_errors_from(frame, (s != "") & n.is_null() & ~ff, letters[f], name,
                                  pl.format(_("应为 0–100 的数字，实际为文字“{}”"), pl.col(f))))
        found.append(_errors_from(frame, n.is_not_null() & ~ff & ((n < 0) | (n > 100) | n.is_nan()), letters[f], name,
                                  pl.format(_("成绩须在 0–100 之间，实际为 {}"), pl.col(f))))
        found.append(_errors_from(
            frame, n.is_not_null() & ~ff & (n >= 0) & (n <= 100) & ((n * 100 - (n * 100).round(0)).abs() > 1e-6),
            letters[f], name, pl.format(_("成绩最多保留两位小数，实际为 {}"), pl.col(f))))

    all_errors = pl.concat(found, how="vertical").unique().sort(["row", "column", "field", "message"])
    errors.extend(SheetError(r, c, fl, m) for r, c, fl, m in all_errors.iter_rows())
    if errors:
        return sheet
    long = pl.concat([
        frame.select(pl.col("app_id"), pl.col("dir_code").alias("direction"), pl.lit(part.value).alias("part"),
                     (pl.col(f"{PART_COLUMN[part]}_num") * 100).round(0).cast(pl.Int64).alias("cents"))
        for part in PARTS_BY_LEVEL[level]
    ])
    sheet.rows = long
    return sheet


def _upsert_scores(long: pl.DataFrame, acting_user) -> None:
    """Insert or update every (application, direction, part) score of ``long`` in a few statements:
    ``INSERT … ON CONFLICT (application_id, direction, part) DO UPDATE`` (SQLite ≥ 3.24 and PostgreSQL).

    The ORM's ``bulk_create(update_conflicts=True)`` builds a model instance per score and took ~45 s for 200,000
    scores on SQLite; the plain statement with values adapted once by the backend's own ``ops`` takes a fraction.
    On PostgreSQL the values go as arrays to one ``INSERT … SELECT FROM unnest(…)`` per 50,000 scores (psycopg's
    ``executemany`` took ~30 s). Scores are exact to the cent (checked), so float8 → numeric(5,2) is exact."""
    from django.db import connection

    ops = connection.ops
    table = connection.ops.quote_name(Score._meta.db_table)
    now = ops.adapt_datetimefield_value(timezone.now())
    user_id = acting_user.pk
    field = Score._meta.get_field("score")
    conflict = ("ON CONFLICT (application_id, direction, part) DO UPDATE SET score = excluded.score, "
                "entered_by_id = excluded.entered_by_id, entered_at = excluded.entered_at")
    if connection.vendor == "postgresql":
        # One statement per 50,000 scores: arrays unnested server-side (executemany sends one statement per row).
        cols = long.with_columns((pl.col("cents").cast(pl.Float64) / 100).alias("score"))
        with connection.cursor() as cursor:
            for start in range(0, cols.height, 50000):
                chunk = cols.slice(start, 50000)
                cursor.execute(
                    f"INSERT INTO {table} (application_id, direction, part, score, entered_by_id, entered_at) "
                    "SELECT a, d, p, round(s::numeric, 2), %s, %s FROM unnest(%s::bigint[], %s::text[], %s::text[], "
                    f"%s::float8[]) AS t(a, d, p, s) {conflict}",
                    [user_id, now, chunk.get_column("app_id").to_list(), chunk.get_column("direction").to_list(),
                     chunk.get_column("part").to_list(), chunk.get_column("score").to_list()])
        return
    sql = (f"INSERT INTO {table} (application_id, direction, part, score, entered_by_id, entered_at) "
           "VALUES (%s, %s, %s, %s, %s, %s) " + conflict)
    adapt = ops.adapt_decimalfield_value
    params = [(a, d, p, adapt(Decimal(c).scaleb(-2), field.max_digits, field.decimal_places), user_id, now)
              for a, d, p, c in long.iter_rows()]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 20000):
            cursor.executemany(sql, params[start:start + 20000])


def import_scores(sheet: ScoreSheet, *, acting_user) -> dict:
    """Write a checked sheet (``check_sheet`` without errors): upsert every score in one transaction, one audit
    event with the counts. Returns the counts."""
    if not sheet.ok:
        raise ValidationError(_("成绩表有误，未导入。"))
    session = sheet.session
    long = sheet.rows
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update().get(pk=session.pk)
        _check_scores_open(locked)
        app_ids = long.get_column("app_id").unique().to_list()
        before = Score.objects.filter(application__session=locked).count()
        _upsert_scores(long, acting_user)
        after = Score.objects.filter(application__session=locked).count()
        n = long.height
        counts = {"rows": sheet.row_count, "candidates": len(app_ids), "scores": n,
                  "created": after - before, "updated": n - (after - before), "file": sheet.filename}
        record(AuditAction.IMPORT, locked, actor=acting_user, after=counts, region_id=getattr(acting_user, "region_id", None),
               object_repr=stored(gettext_noop("成绩导入：%(session)s"), session=locked.name),
               note=stored(gettext_noop("%(rows)s 行，考生 %(candidates)s 人，成绩 %(scores)s 项（新增 %(created)s，更新 %(updated)s）"),
                           rows=sheet.row_count, candidates=len(app_ids), scores=n, created=counts["created"],
                           updated=counts["updated"]))
    return counts


# --- hand entry -------------------------------------------------------------------------------------------


def parse_score(value) -> Decimal | None:
    """'' → None; a number 0–100 with at most two decimals → Decimal; else ValidationError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("成绩应为数字，实际为“%(value)s”") % {"value": value}) from None
    if not d.is_finite() or d < 0 or d > 100:
        raise ValidationError(_("成绩须在 0–100 之间，实际为 %(value)s") % {"value": value})
    if d != d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise ValidationError(_("成绩最多保留两位小数，实际为 %(value)s") % {"value": value})
    return d.quantize(Decimal("0.01"))


def score_slots(application: CertApplication) -> list[tuple[str, str]]:
    """(direction, part) pairs to score for an application ('' direction for senior and manager)."""
    level = application.session.level
    dirs = [d for d in application.directions] if level in DIRECTION_LEVELS else [""]
    return [(d, p.value) for d in dirs for p in PARTS_BY_LEVEL[level]]


def enter_scores(application: CertApplication, values: dict[tuple[str, str], Decimal | None], *, acting_user) -> dict:
    """Hand entry for one candidate: {(direction, part): score or None (clears)}. One audit event."""
    slots = set(score_slots(application))
    unknown = [k for k in values if k not in slots]
    if unknown:
        raise ValidationError(_("不属于该考生的科目：%(parts)s") % {"parts": unknown})
    with transaction.atomic():
        session = ExamSession.objects.select_for_update().get(pk=application.session_id)
        _check_scores_open(session)
        if not is_candidate(application):
            raise ValidationError(_("该报名未通过资格初审，不是本批次考生。"))
        existing = {(s.direction, s.part): s for s in Score.objects.filter(application=application)}
        before, after = {}, {}
        for key, value in values.items():
            value = parse_score(value) if not isinstance(value, Decimal) else parse_score(str(value))
            current = existing.get(key)
            label = f"{key[0] or '-'}:{key[1]}"
            old = current.score if current else None
            if old == value:
                continue
            before[label], after[label] = (str(old) if old is not None else None), (str(value) if value is not None else None)
            if value is None:
                current.delete()
            elif current is None:
                Score.objects.create(application=application, direction=key[0], part=key[1], score=value,
                                     entered_by=acting_user)
            else:
                current.score, current.entered_by = value, acting_user
                current.save(update_fields=["score", "entered_by", "entered_at"])
        if after:
            record(AuditAction.UPDATE, application, actor=acting_user, before=before, after=after,
                   region_id=application.person.region_id,
                   object_repr=stored(gettext_noop("成绩录入：%(application)s"), application=application),
                   note=stored(gettext_noop("手工录入 %(n)s 项成绩"), n=len(after)))
    return after


# --- results ----------------------------------------------------------------------------------------------


def carried_directions(session: ExamSession, person_ids=None) -> dict[int, dict[str, str]]:
    """{person id: {direction: name of the earlier session where it was passed}}: directions passed in a published
    result of an earlier session of the same level (see the module docstring)."""
    qs = Result.objects.filter(published=True, application__session__level=session.level,
                               application__session__exam_starts__lt=session.exam_starts) \
        .exclude(application__session=session)
    if person_ids is None:
        person_ids = candidates(session).values("person_id")
    qs = qs.filter(application__person_id__in=person_ids)
    out: dict[int, dict[str, str]] = {}
    rows = qs.order_by("application__session__exam_starts").values_list(
        "application__person_id", "passed_directions", "application__session__name")
    for person_id, dirs, session_name in rows:
        for d in dirs or []:
            out.setdefault(person_id, {}).setdefault(d, session_name)
    return out


def evaluate(level: str, directions: list[str], scores: dict[tuple[str, str], Decimal], carried: dict[str, str],
             pol: dict) -> dict:
    """The result of one candidate by the spec's rule: {passed, passed_directions, carried_directions, explanation}.

    The explanation is stored, so it is written in Chinese whatever the reader's language (``core.i18n.stored``;
    pages show it with ``|shown``), and stays equal to itself when recomputed (``results_stale``)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _evaluate(level, directions, scores, carried, pol)


def _evaluate(level: str, directions: list[str], scores: dict[tuple[str, str], Decimal], carried: dict[str, str],
              pol: dict) -> dict:
    pm, cite = pol["pass_mark"], pol["pass_mark_cite"]
    explanation = []
    part_labels = {p.value: p.label for p in ScorePart}
    if level in DIRECTION_LEVELS:
        order = [c for c, _ in level_directions(level)]
        passed_now = []
        for d in directions:
            figures, missing, below = [], [], []
            for part in PARTS_BY_LEVEL[level]:
                value = scores.get((d, part.value))
                figures.append(_part_figure(part, value))
                if value is None:
                    missing.append(str(part.label))
                elif value < pm:
                    below.append(str(part.label))
            ok = not missing and not below
            if ok:
                passed_now.append(d)
                verdict = stored(gettext_noop("两项均达到分数线，该方向通过。"))
            elif missing:
                verdict = stored(gettext_noop("%(parts)s无成绩，该方向未通过。"), parts="、".join(missing))
            else:
                verdict = stored(gettext_noop("%(parts)s未达到分数线，该方向未通过。"), parts="、".join(below))
            if not ok and d in carried:
                verdict = stored(gettext_noop("%(verdict)s此前已于“%(session)s”通过，予以保留。"),
                                 verdict=verdict, session=carried[d])
            explanation.append({
                "direction": d, "label": direction_label(d), "passed": ok,
                "scores": {part.value: fmt_score(scores[(d, part.value)]) if (d, part.value) in scores else None
                           for part in PARTS_BY_LEVEL[level]},
                "text": stored(gettext_noop("%(direction)s：%(figures)s；通过分数线 %(mark)s 分（%(cite)s）。%(verdict)s"),
                               direction=direction_label(d), figures="，".join(figures), mark=fmt_score(pm), cite=cite,
                               verdict=verdict),
            })
        carried_only = [d for d in carried if d not in passed_now]
        for d in carried_only:
            if d not in directions:
                explanation.append({"direction": d, "label": direction_label(d), "passed": True, "carried": True,
                                    "text": stored(gettext_noop(
                                        "%(direction)s：已于“%(session)s”通过（同一等级此前已公布的结果），本批次予以保留。"),
                                        direction=direction_label(d), session=carried[d])})
        passed_set = set(passed_now) | set(carried_only)
        passed_dirs = [d for d in order if d in passed_set] + sorted(passed_set - set(order))
        carried_sorted = [d for d in passed_dirs if d in carried_only]
        n, need = len(passed_dirs), pol["min_directions"]
        passed = n >= need
        names = "、".join(direction_label(d) for d in passed_dirs) or stored(gettext_noop("无"))
        tail = (stored(gettext_noop("通过认证，证书载明全部通过的方向。")) if passed
                else stored(gettext_noop("未通过认证；可在同一等级以后的批次补考，已通过的方向予以保留。")))
        if carried_sorted:
            text = stored(gettext_noop("通过方向 %(n)s 个（%(names)s），其中保留此前通过的 %(carried)s 个；须不少于 %(need)s 个（%(cite)s）：%(tail)s"),
                          n=n, names=names, carried=len(carried_sorted), need=need, cite=pol["min_directions_cite"], tail=tail)
        else:
            text = stored(gettext_noop("通过方向 %(n)s 个（%(names)s）；须不少于 %(need)s 个（%(cite)s）：%(tail)s"),
                          n=n, names=names, need=need, cite=pol["min_directions_cite"], tail=tail)
        explanation.append({"summary": True, "passed": passed, "text": text})
        return {"passed": passed, "passed_directions": passed_dirs, "carried_directions": carried_sorted,
                "explanation": explanation}
    figures, problems = [], []
    for part in PARTS_BY_LEVEL[level]:
        value = scores.get(("", part.value))
        figures.append(_part_figure(part, value))
        if value is None:
            problems.append(stored(gettext_noop("%(part)s无成绩"), part=part.label))
        elif value < pm:
            problems.append(stored(gettext_noop("%(part)s未达到分数线"), part=part.label))
    passed = not problems
    explanation.append({"direction": "", "label": "", "passed": passed,
                        "scores": {part.value: fmt_score(scores[("", part.value)]) if ("", part.value) in scores else None
                                   for part in PARTS_BY_LEVEL[level]},
                        "text": stored(gettext_noop("%(figures)s；两项均须达到 %(mark)s 分（%(cite)s）。%(verdict)s"),
                                       figures="，".join(figures), mark=fmt_score(pm), cite=cite,
                                       verdict=stored(gettext_noop("通过认证。")) if passed else stored(
                                           gettext_noop("%(problems)s，未通过认证。"), problems="；".join(problems)))})
    explanation.append({"summary": True, "passed": passed,
                        "text": stored(gettext_noop("通过认证。")) if passed else stored(gettext_noop("未通过认证。"))})
    del part_labels
    return {"passed": passed, "passed_directions": [], "carried_directions": [], "explanation": explanation}


def _outcomes(session: ExamSession) -> dict[int, dict]:
    """{application id: evaluate(...)} for every candidate of ``session``, from the stored scores."""
    pol = policy(session)
    apps = list(candidates(session).values_list("pk", "person_id", "directions"))
    scores: dict[int, dict[tuple[str, str], Decimal]] = {}
    for app_id, direction, part, value in Score.objects.filter(application__in=candidates(session)) \
            .values_list("application_id", "direction", "part", "score"):
        scores.setdefault(app_id, {})[(direction, part)] = value
    carried = carried_directions(session) if session.level in DIRECTION_LEVELS else {}
    return {app_id: evaluate(session.level, list(directions or []), scores.get(app_id, {}),
                             carried.get(person_id, {}), pol)
            for app_id, person_id, directions in apps}


def compute_results(session: ExamSession, *, acting_user=None) -> dict:
    """(Re)compute the result of every candidate of ``session`` (unpublished results are replaced). Returns
    counts. One audit event."""
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update().get(pk=session.pk)
        if locked.status == SessionStatus.RESULTS_PUBLISHED:
            raise ValidationError(_("该批次成绩已公布，结果不能重新计算。"))
        pol = policy(locked)
        outcomes = _outcomes(locked)
        Result.objects.filter(application__session=locked, published=False).delete()
        Result.objects.bulk_create([Result(application_id=app_id, published=False, **o) for app_id, o in outcomes.items()],
                                   batch_size=1000)
        passed = sum(1 for o in outcomes.values() if o["passed"])
        counts = {"candidates": len(outcomes), "passed": passed, "failed": len(outcomes) - passed,
                  "pass_mark": str(pol["pass_mark"]), "min_directions": pol["min_directions"]}
        record(AuditAction.BULK, locked, actor=acting_user, after=counts,
               object_repr=stored(gettext_noop("计算认证结果：%(session)s"), session=locked.name),
               region_id=getattr(acting_user, "region_id", None),
               note=stored(gettext_noop("考生 %(candidates)s 人，通过 %(passed)s 人（分数线 %(mark)s 分）"),
                           candidates=len(outcomes), passed=passed, mark=fmt_score(pol["pass_mark"])))
    return counts


def results_stale(session: ExamSession) -> str | None:
    """Why the stored results cannot be approved as they stand (None when they can): every candidate must have a
    result equal to what the rule gives on the current scores (so a score changed after the computation, a
    candidate added, or a changed carry-over all ask for a recomputation)."""
    outcomes = _outcomes(session)
    if not outcomes:
        return _("该批次没有考生（资格初审通过的报名）。")
    stored = {r[0]: r[1:] for r in Result.objects.filter(application__session=session).values_list(
        "application_id", "passed", "passed_directions", "carried_directions", "explanation")}
    if any(app_id not in stored for app_id in outcomes):
        return _("有考生尚无结果，请先计算结果。")
    for app_id, o in outcomes.items():
        if stored[app_id] != (o["passed"], o["passed_directions"], o["carried_directions"], o["explanation"]):
            return _("结果计算后成绩有变动，请重新计算结果。")
    return None


def approve_and_publish(session: ExamSession, acting_user) -> int:
    """The centre approves the computed results and publishes them (session → results_published, compare-and-set).
    Certificates are issued in the same transaction when ``certificates.issue_for_session`` exists. Returns the
    number of results published."""
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update().get(pk=session.pk)
        old = locked.status
        if old == SessionStatus.RESULTS_PUBLISHED:
            raise ValidationError(_("该批次成绩已公布。"))
        if old == SessionStatus.DRAFT:
            raise ValidationError(_("该批次尚未发布。"))
        why = results_stale(locked)
        if why:
            raise ValidationError(why)
        now = timezone.now()
        changed = ExamSession.objects.filter(pk=locked.pk, status=old).update(
            status=SessionStatus.RESULTS_PUBLISHED, results_published_at=now, version=F("version") + 1)
        if changed != 1:
            raise ValidationError(_("该批次状态已被他人修改，请刷新后重试。"))
        published = Result.objects.filter(application__in=candidates(locked)).update(published=True)
        passed = Result.objects.filter(application__in=candidates(locked), passed=True).count()
        record(AuditAction.TRANSITION, locked, actor=acting_user, before={"status": old},
               after={"status": SessionStatus.RESULTS_PUBLISHED, "results": published, "passed": passed},
               region_id=getattr(acting_user, "region_id", None),
               object_repr=stored(gettext_noop("成绩审核公布：%(session)s"), session=locked.name),
               note=stored(gettext_noop("公布结果 %(published)s 人，通过 %(passed)s 人"), published=published, passed=passed))
        locked.refresh_from_db()
        session.status, session.results_published_at = locked.status, locked.results_published_at
        try:
            from . import certificates as certificates_module

            issue = certificates_module.issue_for_session
        except (ImportError, AttributeError):
            issue = None
        if issue is not None:
            issue(locked, acting_user=acting_user)
    return published
