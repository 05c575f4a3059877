"""The training plan of 附件3 as data: loading, the platform's own totals, achieved figures and county splits.

Loading (``read_plan_file`` → ``write_plan``; ``load_plan_file`` does both and writes the audit event)
    The plan file (``policies/<pack>/plan-<code>.yaml``) lists every line of the printed table in its order. A line
    printed inside another (义乌 inside 金华（含义乌）) names that line's region as ``parent``; the parent's figures
    include the nested line's. The loader refuses the file, naming file and line, when a region code is unknown or
    outside the province, when a line's per-year targets do not add up to its 任务总数, when a nested line's parent
    line is missing, when a nested line exceeds its parent (in any figure), or when the totals it computes differ
    from the printed 全省 row (``check_total``, which is only compared, never stored). Loading is idempotent: lines
    are matched by region and updated in place; lines no longer in the file are removed (refused if anything
    refers to them); a limit may not fall below what is already recommended, nor the reserve below what is
    already allocated.

The platform's totals (``province_totals``)
    全省 = the sum of the top-level lines only (a nested line is already inside its parent's figures, so adding it
    again would double count), plus, for the two limits, the province's reserve (省里机动调配). For seed 003 this
    gives 100000 / 17100 / 23900 / 28000 / 31000 / 160 / 300, the printed row.

Achieved figures (``achieved_counts`` and ``Figures``)
    - What counts: a trainee (``Trainee``, marked completed) of a course (``TrainingCourse``) delivered by a
      registered training institution (``RegisteredUnit`` of type 培训机构). Each trainee row is one person in one
      course (a unique constraint), so a person is counted once per course; the same person trained in two
      courses counts twice (the figures are 培训人次, as targets are).
    - Year: the year of the course's 结业日期 (``ends_on``); courses ending outside the plan's years do not count.
    - Place: the institution's registered region (注册地). A course counts in that county; a county's figure rolls
      up to the line whose region contains it (義乌's courses count for the 义乌 line *and* for 金华（含义乌）, whose
      target includes 义乌's), and the province's figure is the sum of the top-level lines (no double count).
      An institution registered at city level (no county) counts for the city's line but for no county; the
      county table shows that remainder as 市本级.
    - Scope: the caller passes the courses the user may see (``TrainingCourse.objects.visible_to(user)``); the
      figures of every line and county within the user's region are then complete.

County split (``split_counties``, ``validate_county_split``)
    A city may split its yearly target among its counties (通知 第四条). The counties of a line are the county-level
    regions under its region, except those that have a line of their own (义乌); a line whose region is itself a
    county (义乌) has one county: itself. For each line and year, the counties' targets plus the targets of the
    nested lines must not exceed the line's target for that year. A county-level line without a split row has its
    line's target as its county target (its only county).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.core.i18n import stored
from ectalent.rules.packs import PackError, read_yaml

RESERVE_LABEL = gettext_noop("省里机动调配")
TOTAL_LABEL = gettext_noop("全省")


class PlanError(PackError):
    """A plan file that cannot be loaded; the message names file and line (in Chinese)."""


# --- the file as objects ---------------------------------------------------------------------


@dataclasses.dataclass
class LineSpec:
    region: str
    label: str
    order: int
    parent: str | None
    target_total: int
    targets: dict[int, int]
    institutions_limit: int
    bases_limit: int
    line: int = 0


@dataclasses.dataclass
class PlanSpec:
    path: Path
    code: str
    title: str
    policy: str
    cite: str
    province: str
    years: list[int]
    note: str
    lines: list[LineSpec]
    reserve_institutions: int
    reserve_bases: int
    check: dict | None = None
    check_line: int = 0
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    source: str = ""


def shipped_plan_path(code: str = "zhejiang-2014", pack: str = "zhejiang-2014-93") -> Path:
    return Path(settings.POLICIES_DIR) / pack / f"plan-{code}.yaml"


def _line_of(mapping, key) -> int:
    return getattr(mapping, "key_lines", {}).get(key) or getattr(mapping, "line", 0) or 0


def _int(path, mapping, key, *, what: str, minimum: int = 0) -> int:
    if key not in mapping:
        raise PlanError(path, getattr(mapping, "line", None), _("缺少字段 %(key)s（%(what)s）") % {"key": key, "what": what})
    value = mapping[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PlanError(path, _line_of(mapping, key), _("%(key)s（%(what)s）须为不小于 %(minimum)s 的整数，实际为 %(value)s") % {"key": key, "what": what, "minimum": minimum, "value": repr(value)})
    return value


def _text(path, mapping, key, *, what: str, required: bool = True) -> str:
    value = mapping.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise PlanError(path, _line_of(mapping, key) or getattr(mapping, "line", None), _("缺少字段 %(key)s（%(what)s）") % {"key": key, "what": what})
        return ""
    return str(value).strip()


def _code(path, mapping, key, *, what: str) -> str:
    value = mapping.get(key)
    text = str(value).strip() if value is not None else ""
    if not (len(text) == 6 and text.isdigit()):
        raise PlanError(path, _line_of(mapping, key) or getattr(mapping, "line", None),
                        _("%(key)s（%(what)s）须为6位行政区划代码，实际为 %(value)s") % {"key": key, "what": what, "value": repr(value)})
    return text


def _targets(path, mapping, key, years: list[int]) -> dict[int, int]:
    raw = mapping.get(key)
    line = _line_of(mapping, key)
    if not isinstance(raw, dict):
        raise PlanError(path, line or getattr(mapping, "line", None), _("缺少各年度任务 %(key)s（targets per year）") % {"key": key})
    out = {}
    for year_key, value in raw.items():
        try:
            year = int(year_key)
        except (TypeError, ValueError):
            raise PlanError(path, _line_of(raw, year_key) or line, _("年度 %(year_key)s 不是年份") % {"year_key": repr(year_key)}) from None
        if year not in years:
            raise PlanError(path, _line_of(raw, year_key) or line, _("年度 %(year)s 不在计划年度 %(years)s–%(years2)s 内") % {"year": year, "years": years[0], "years2": years[-1]})
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PlanError(path, _line_of(raw, year_key) or line, _("%(year)s 年任务须为非负整数，实际为 %(value)s") % {"year": year, "value": repr(value)})
        out[year] = value
    missing = [y for y in years if y not in out]
    if missing:
        raise PlanError(path, line, _("缺少 %(items)s 年的任务数") % {"items": '、'.join(map(str, missing))})
    return out


def read_plan_file(path: Path | str, *, region_model=None) -> PlanSpec:
    """Read and check a plan file (YAML, or xlsx in the layout of ``plan_xlsx``); raise ``PlanError`` (file and
    line or row) on any mistake. Needs the regions table."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return check_plan_doc(read_plan_xlsx(path), path, region_model=region_model)
    try:
        doc = read_yaml(path)
    except PackError as exc:
        raise PlanError(exc.path, exc.line, exc.detail) from None
    return check_plan_doc(doc, path, region_model=region_model)


def _date(path, mapping, key, *, what: str, default: datetime.date) -> datetime.date:
    value = mapping.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise PlanError(path, _line_of(mapping, key), _("%(key)s（%(what)s）须为 YYYY-MM-DD 格式的日期，实际为 %(value)s") % {
            "key": key, "what": what, "value": repr(value)}) from None


def check_plan_doc(doc, path: Path | str, *, region_model=None) -> PlanSpec:
    """Check a plan read from a file (the YAML's mapping, or the same shape read from xlsx)."""
    from ectalent.regions.models import Region as RealRegion

    Region = region_model or RealRegion
    path = Path(path)
    if not isinstance(doc, dict):
        raise PlanError(path, None, _("计划文件的顶层须为映射（mapping expected）"))
    code = _text(path, doc, "plan", what=_("计划代码"))
    title = _text(path, doc, "title", what=_("名称"))
    policy = _text(path, doc, "policy", what=_("政策包"))
    cite = _text(path, doc, "cite", what=_("依据"))
    note = _text(path, doc, "note", what=_("注"), required=False)
    province_code = _code(path, doc, "province", what=_("省份"))
    years_raw = doc.get("years")
    if (not isinstance(years_raw, list) or not years_raw
            or any(isinstance(y, bool) or not isinstance(y, int) for y in years_raw)
            or list(years_raw) != list(range(years_raw[0], years_raw[0] + len(years_raw)))):
        raise PlanError(path, _line_of(doc, "years") or None, _("years 须为连续的年份列表，实际为 %(years_raw)s") % {"years_raw": repr(years_raw)})
    years = list(years_raw)

    regions = {r.code: r for r in Region.objects.all().only("code", "name", "level", "path")}
    province = regions.get(province_code)
    if province is None or province.level != "province":
        raise PlanError(path, _line_of(doc, "province"), _("省份代码 %(province_code)s 不是已载入的省级行政区划") % {"province_code": province_code})

    raw_lines = doc.get("lines")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise PlanError(path, _line_of(doc, "lines") or None, _("缺少计划行 lines（no lines）"))
    lines: list[LineSpec] = []
    seen_regions: dict[str, int] = {}
    seen_orders: dict[int, int] = {}
    for index, raw in enumerate(raw_lines):
        item_line = raw_lines.item_lines[index] if hasattr(raw_lines, "item_lines") else 0
        if not isinstance(raw, dict):
            raise PlanError(path, item_line, _("每个计划行须为映射（mapping expected）"))
        region_code = _code(path, raw, "region", what=_("地区代码"))
        region = regions.get(region_code)
        if region is None:
            raise PlanError(path, _line_of(raw, "region"), _("地区代码 %(region_code)s 不是已载入的行政区划（unknown region）") % {"region_code": region_code})
        if not region.path.startswith(province.path + "/"):
            raise PlanError(path, _line_of(raw, "region"), _("地区 %(region_code)s %(region_name)s 不在 %(province_name)s 内") % {"region_code": region_code, "region_name": region.name, "province_name": province.name})
        if region_code in seen_regions:
            raise PlanError(path, _line_of(raw, "region"), _("地区 %(region_code)s 重复（已在第 %(seen_regions)s 行）") % {"region_code": region_code, "seen_regions": seen_regions[region_code]})
        seen_regions[region_code] = _line_of(raw, "region")
        order = _int(path, raw, "order", what=_("表中顺序"), minimum=1)
        if order in seen_orders:
            raise PlanError(path, _line_of(raw, "order"), _("表中顺序 %(order)s 重复（已在第 %(seen_orders)s 行）") % {"order": order, "seen_orders": seen_orders[order]})
        seen_orders[order] = _line_of(raw, "order")
        parent = _code(path, raw, "parent", what=_("所属上级行")) if raw.get("parent") is not None else None
        spec = LineSpec(
            region=region_code,
            label=_text(path, raw, "label", what=_("表中名称")),
            order=order,
            parent=parent,
            target_total=_int(path, raw, "target_total", what=_("任务总数")),
            targets=_targets(path, raw, "targets", years),
            institutions_limit=_int(path, raw, "institutions_limit", what=_("培训机构推荐总数")),
            bases_limit=_int(path, raw, "bases_limit", what=_("实践基地推荐总数")),
            line=getattr(raw, "line", item_line),
        )
        if sum(spec.targets.values()) != spec.target_total:
            detail = " + ".join(str(spec.targets[y]) for y in years)
            raise PlanError(path, _line_of(raw, "targets"),
                            _("%(spec_label)s：各年度任务之和 %(detail)s = %(sum)s，与任务总数 %(target_total)s 不符") % {"spec_label": spec.label, "detail": detail, "sum": sum(spec.targets.values()), "target_total": spec.target_total})
        lines.append(spec)

    by_region = {spec.region: spec for spec in lines}
    for spec in lines:
        if spec.parent is None:
            continue
        parent = by_region.get(spec.parent)
        if parent is None:
            raise PlanError(path, spec.line, _("%(spec_label)s：所属上级行 %(parent)s 不在本计划中（parent line missing）") % {"spec_label": spec.label, "parent": spec.parent})
        if not regions[spec.region].path.startswith(regions[spec.parent].path + "/"):
            raise PlanError(path, spec.line,
                            _("%(spec_label)s：地区 %(region)s 不在上级行 %(parent_label)s（%(parent)s）的区域内") % {"spec_label": spec.label, "region": spec.region, "parent_label": parent.label, "parent": spec.parent})
        if parent.parent is not None:
            raise PlanError(path, spec.line, _("%(spec_label)s：上级行 %(parent_label)s 本身是内含行，不支持多层内含") % {"spec_label": spec.label, "parent_label": parent.label})
    for parent in lines:
        children = [c for c in lines if c.parent == parent.region]
        if not children:
            continue
        checks = [(_("任务总数"), lambda s: s.target_total),
                  *[(_("%(y)s 年任务") % {"y": y}, (lambda y: lambda s: s.targets[y])(y)) for y in years],
                  (_("培训机构推荐总数"), lambda s: s.institutions_limit),
                  (_("实践基地推荐总数"), lambda s: s.bases_limit)]
        for what, get in checks:
            inside = sum(get(c) for c in children)
            if inside > get(parent):
                raise PlanError(path, children[-1].line,
                                _("内含行 %(lines)s 的%(what)s合计 %(inside)s 超过上级行 %(parent)s 的 %(limit)s") % {
                                    "lines": "、".join(c.label for c in children), "what": what, "inside": inside,
                                    "parent": parent.label, "limit": get(parent)})

    reserve = doc.get("reserve") or {}
    if not isinstance(reserve, dict):
        raise PlanError(path, _line_of(doc, "reserve"), _("reserve 须为映射"))
    reserve_institutions = _int(path, reserve, "institutions_limit", what=_("省里机动调配培训机构")) if reserve else 0
    reserve_bases = _int(path, reserve, "bases_limit", what=_("省里机动调配实践基地")) if reserve else 0

    starts_on = _date(path, doc, "starts_on", what=_("开始日期"), default=datetime.date(years[0], 1, 1))
    ends_on = _date(path, doc, "ends_on", what=_("结束日期"), default=datetime.date(years[-1], 12, 31))
    if ends_on < starts_on:
        raise PlanError(path, _line_of(doc, "ends_on"), _("结束日期 %(end)s 早于开始日期 %(start)s") % {"end": ends_on, "start": starts_on})
    if starts_on.year != years[0] or ends_on.year != years[-1]:
        raise PlanError(path, _line_of(doc, "starts_on") or _line_of(doc, "years"),
                        _("计划期 %(start)s 至 %(end)s 与计划年度 %(first)s–%(last)s 不一致") % {
                            "start": starts_on, "end": ends_on, "first": years[0], "last": years[-1]})
    spec = PlanSpec(path=path, code=code, title=title, policy=policy, cite=cite, province=province_code, years=years,
                    note=note, lines=sorted(lines, key=lambda s: s.order), reserve_institutions=reserve_institutions,
                    reserve_bases=reserve_bases, starts_on=starts_on, ends_on=ends_on,
                    source=_text(path, doc, "source", what=_("来源"), required=False))
    check = doc.get("check_total")
    if check is not None:
        if not isinstance(check, dict):
            raise PlanError(path, _line_of(doc, "check_total"), _("check_total 须为映射"))
        official = {
            "target_total": _int(path, check, "target_total", what=_("全省任务总数")),
            "targets": _targets(path, check, "targets", years),
            "institutions_limit": _int(path, check, "institutions_limit", what=_("全省培训机构推荐总数")),
            "bases_limit": _int(path, check, "bases_limit", what=_("全省实践基地推荐总数")),
        }
        computed = totals_from(
            [(s.parent is None, s.target_total, s.targets, s.institutions_limit, s.bases_limit) for s in lines],
            years, reserve_institutions, reserve_bases,
        )
        wrong = []
        for key, what in (("target_total", _("任务总数")), ("institutions_limit", _("培训机构推荐总数")), ("bases_limit", _("实践基地推荐总数"))):
            if computed[key] != official[key]:
                wrong.append((key, _("%(what)s：按各行计算为 %(computed)s，表中全省为 %(official)s") % {"what": what, "computed": computed[key], "official": official[key]}))
        for year in years:
            if computed["targets"][year] != official["targets"][year]:
                wrong.append(("targets", _("%(year)s 年任务：按各行计算为 %(targets)s，表中全省为 %(targets2)s") % {"year": year, "targets": computed['targets'][year], "targets2": official['targets'][year]}))
        if wrong:
            raise PlanError(path, _line_of(check, wrong[0][0]) or _line_of(doc, "check_total"),
                            _("全省合计与各行不符：") + "；".join(w for _, w in wrong))
        spec.check = official
        spec.check_line = _line_of(doc, "check_total")
    return spec


def totals_from(rows, years, reserve_institutions: int, reserve_bases: int) -> dict:
    """全省 from (is_top_level, target_total, targets{year: n}, institutions_limit, bases_limit) rows: top-level lines
    only (a nested line is inside its parent's figures), plus the reserve for the two limits."""
    top = [r for r in rows if r[0]]
    return {
        "target_total": sum(r[1] for r in top),
        "targets": {y: sum(r[2].get(y, 0) for r in top) for y in years},
        "institutions_limit": sum(r[3] for r in top) + reserve_institutions,
        "bases_limit": sum(r[4] for r in top) + reserve_bases,
    }


# --- writing ------------------------------------------------------------------------------------


def _real_models():
    from ectalent.regions.models import Region

    from . import models as m

    return SimpleNamespace(
        TrainingPlan=m.TrainingPlan, PlanUnit=m.PlanUnit, PlanTarget=m.PlanTarget, Region=Region,
        ReserveAllocation=m.ReserveAllocation, Recommendation=m.Recommendation, CountyTarget=m.CountyTarget,
    )


def write_plan(spec: PlanSpec, *, models=None) -> tuple:
    """Write a checked plan (idempotent). ``models``: a namespace of model classes (historical ones in a migration).

    Returns ``(plan, summary)``; ``summary`` says what changed. Raises ``PlanError`` when the data already in the
    database forbids the change (a limit below what is recommended, a reserve below what is allocated, a line to
    remove that something refers to)."""
    M = models or _real_models()
    fields = {f.name for f in M.TrainingPlan._meta.get_fields()}
    period = {k: v for k, v in dict(starts_on=spec.starts_on or datetime.date(spec.years[0], 1, 1),
                                     ends_on=spec.ends_on or datetime.date(spec.years[-1], 12, 31),
                                     source=spec.source).items() if k in fields}
    with transaction.atomic():
        overlapping = (M.TrainingPlan.objects.filter(province_id=spec.province)
                       .exclude(code=spec.code)
                       .filter(first_year__lte=spec.years[-1], last_year__gte=spec.years[0]).first())
        if overlapping is not None:
            raise PlanError(spec.path, None, _("计划年度 %(first)s–%(last)s 与已载入的计划 %(other)s（%(ofirst)s–%(olast)s）重叠；"
                                               "同一省份的计划期不能重叠") % {
                "first": spec.years[0], "last": spec.years[-1], "other": overlapping.code,
                "ofirst": overlapping.first_year, "olast": overlapping.last_year})
        plan, created = M.TrainingPlan.objects.select_for_update().get_or_create(
            code=spec.code,
            defaults=dict(title=spec.title, policy=spec.policy, cite=spec.cite, province_id=spec.province,
                          first_year=spec.years[0], last_year=spec.years[-1],
                          reserve_institutions=spec.reserve_institutions, reserve_bases=spec.reserve_bases, **period),
        )
        if not created:
            for unit_type, reserve in (("institution", spec.reserve_institutions), ("base", spec.reserve_bases)):
                given = sum(M.ReserveAllocation.objects.filter(plan=plan, unit_type=unit_type).values_list("amount", flat=True))
                if reserve < given:
                    raise PlanError(spec.path, None, _("省里机动调配（%(value)s）改为 %(reserve)s，少于已调配的 %(given)s") % {
                "value": _("培训机构") if unit_type == "institution" else _("实践基地"), "reserve": reserve, "given": given})
            for field, value in dict(title=spec.title, policy=spec.policy, cite=spec.cite, province_id=spec.province,
                                     first_year=spec.years[0], last_year=spec.years[-1],
                                     reserve_institutions=spec.reserve_institutions,
                                     reserve_bases=spec.reserve_bases, **period).items():
                setattr(plan, field, value)
            plan.save()
        existing = {u.region_id: u for u in M.PlanUnit.objects.filter(plan=plan)}
        summary = {"lines_created": 0, "lines_updated": 0, "lines_removed": 0}
        units = {}
        # Parents first, so nested lines can point at them.
        for spec_line in sorted(spec.lines, key=lambda s: (s.parent is not None, s.order)):
            unit = existing.get(spec_line.region)
            values = dict(label=spec_line.label, order=spec_line.order, target_total=spec_line.target_total,
                          institutions_limit=spec_line.institutions_limit, bases_limit=spec_line.bases_limit,
                          parent=units.get(spec_line.parent) if spec_line.parent else None)
            if unit is None:
                unit = M.PlanUnit.objects.create(plan=plan, region_id=spec_line.region, **values)
                summary["lines_created"] += 1
            else:
                changed = any(getattr(unit, k) != v for k, v in values.items())
                for k, v in values.items():
                    setattr(unit, k, v)
                if changed:
                    unit.save()
                    summary["lines_updated"] += 1
            units[spec_line.region] = unit
            for year, target in spec_line.targets.items():
                M.PlanTarget.objects.update_or_create(unit=unit, year=year, defaults={"target": target})
            M.PlanTarget.objects.filter(unit=unit).exclude(year__in=spec.years).delete()
        _check_limits_not_below_use(spec, plan, units, M)
        stale = [u for code, u in existing.items() if code not in units]
        for unit in sorted(stale, key=lambda u: u.parent_id is None):  # nested lines first
            if M.ReserveAllocation.objects.filter(unit=unit).exists() or M.Recommendation.objects.filter(unit=unit).exists():
                raise PlanError(spec.path, None, _("计划行 %(unit_label)s（%(region_id)s）已有调配或推荐记录，不能从计划中删除") % {"unit_label": unit.label, "region_id": unit.region_id})
            unit.delete()
            summary["lines_removed"] += 1
    return plan, summary


def _check_limits_not_below_use(spec: PlanSpec, plan, units: dict, M) -> None:
    for spec_line in spec.lines:
        unit = units[spec_line.region]
        ids = [unit.pk] + [u.pk for u in units.values() if u.parent_id == unit.pk]
        for unit_type, what in (("institution", _("培训机构")), ("base", _("实践基地"))):
            used = M.Recommendation.objects.filter(unit_id__in=ids, unit_type=unit_type, released_at__isnull=True).count()
            given = sum(M.ReserveAllocation.objects.filter(unit=unit, unit_type=unit_type).values_list("amount", flat=True))
            limit = (spec_line.institutions_limit if unit_type == "institution" else spec_line.bases_limit) + given
            if used > limit:
                raise PlanError(spec.path, spec_line.line,
                                _("%(spec_line_label)s：%(what)s推荐总数上限（含调配）%(limit)s 少于已推荐的 %(used)s") % {"spec_line_label": spec_line.label, "what": what, "limit": limit, "used": used})


def load_plan_file(path: Path | str, *, acting_user=None):
    """Read, check and write a plan file with its audit event, all in one transaction. Returns ``(plan, summary)``."""
    spec = read_plan_file(path)
    return load_plan_spec(spec, acting_user=acting_user, filename=str(path))


def load_plan_spec(spec: PlanSpec, *, acting_user=None, filename: str = ""):
    """Write a checked plan with its audit event (a file, an upload or a plan entered on the page)."""
    from ectalent.audit.actions import record
    from ectalent.audit.models import AuditAction

    path = filename
    with transaction.atomic():
        plan, summary = write_plan(spec)
        record(AuditAction.IMPORT, plan, actor=acting_user, region_id=plan.province_id,
               after={"file": str(path), "lines": len(spec.lines), **summary},
               note=stored(gettext_noop("载入培训计划 %(code)s（%(cite)s）"), code=plan.code, cite=plan.cite))
    return plan, summary


# --- plan periods -------------------------------------------------------------------------------------


def plan_in_force(plans=None, on: datetime.date | None = None):
    """The plan period in force on ``on`` (today): its dates contain the day; else the latest that has started;
    else the latest. ``plans``: a queryset (default: every plan)."""
    from django.utils import timezone

    from .models import TrainingPlan

    on = on or timezone.localdate()
    plans = plans if plans is not None else TrainingPlan.objects.all()
    plans = plans.order_by("-first_year", "-id")
    for plan in plans:
        if plan.period_start <= on <= plan.period_end:
            return plan
    started = [p for p in plans if p.period_start <= on]
    return started[0] if started else plans.first()


def plan_for_year(year: int, plans=None):
    from .models import TrainingPlan

    plans = plans if plans is not None else TrainingPlan.objects.all()
    return plans.filter(first_year__lte=year, last_year__gte=year).order_by("-first_year").first()


# --- the plan as a spreadsheet (upload and template) ------------------------------------------------

XLSX_HEADER_FIELDS = [  # (key in the YAML, label in column A)
    ("plan", "计划代码"), ("title", "名称"), ("policy", "政策包"), ("cite", "依据"), ("source", "来源"),
    ("province", "省份代码"), ("first_year", "起始年度"), ("last_year", "截止年度"), ("starts_on", "开始日期"),
    ("ends_on", "结束日期"), ("reserve_institutions", "省里机动调配：培训机构"), ("reserve_bases", "省里机动调配：实践基地"),
    ("note", "注"),
]
XLSX_LINE_HEADERS = ["地区代码", "表中名称", "表中顺序", "所属上级行", "任务总数", "培训机构推荐总数", "实践基地推荐总数"]


class _Located(dict):
    """A mapping read from a sheet, with the row of each key for ``PlanError`` (as the YAML reader gives lines)."""

    def __init__(self, *args, line: int = 0, key_lines: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines = key_lines or {}


class _LocatedList(list):
    def __init__(self, items, item_lines):
        super().__init__(items)
        self.item_lines = item_lines


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _cell_int(value):
    text = _cell_text(value)
    try:
        return int(text)
    except ValueError:
        return text or None


def read_plan_xlsx(path: Path | str) -> dict:
    """A plan sheet (the layout ``plan_xlsx`` writes) as the YAML's mapping: header rows ``label | value``, then a
    table with a row per line (地区代码 … 年度任务 … 推荐总数). Rows are 1-based in the errors."""
    from ectalent.core.sheets import read_cells

    path = Path(path)
    with open(path, "rb") as fh:
        try:
            cells = read_cells(fh)
        except Exception as exc:  # noqa: BLE001 (an unreadable file: say so with its name)
            raise PlanError(path, None, _("无法读取表格：%(error)s") % {"error": exc}) from None
    labels = {label: key for key, label in XLSX_HEADER_FIELDS}
    doc = _Located(line=1)
    table_row = None
    for index, row in enumerate(cells):
        first = _cell_text(row[0]) if row else ""
        if first == XLSX_LINE_HEADERS[0]:
            table_row = index
            break
        if first in labels:
            key = labels[first]
            value = row[1] if len(row) > 1 else None
            doc[key] = _cell_int(value) if key in ("first_year", "last_year", "reserve_institutions", "reserve_bases") else _cell_text(value)
            doc.key_lines[key] = index + 1
    if table_row is None:
        raise PlanError(path, None, _("表中没有计划行（找不到表头“地区代码”）"))
    first_year, last_year = doc.get("first_year"), doc.get("last_year")
    if not isinstance(first_year, int) or not isinstance(last_year, int) or last_year < first_year:
        raise PlanError(path, doc.key_lines.get("first_year") or 1, _("起始年度和截止年度须为年份，且截止年度不早于起始年度"))
    doc["years"] = list(range(first_year, last_year + 1))
    doc.key_lines["years"] = doc.key_lines.get("first_year", 1)
    reserve = {}
    if doc.get("reserve_institutions") not in (None, "") or doc.get("reserve_bases") not in (None, ""):
        reserve = _Located({"institutions_limit": doc.pop("reserve_institutions", 0) or 0,
                            "bases_limit": doc.pop("reserve_bases", 0) or 0},
                           line=doc.key_lines.get("reserve_institutions", 1))
    doc["reserve"] = reserve
    header = [_cell_text(c) for c in cells[table_row]]
    columns = {name: i for i, name in enumerate(header) if name}
    year_columns = {y: columns.get(f"{y}年") for y in doc["years"]}
    missing = [h for h in XLSX_LINE_HEADERS if h not in columns] + [f"{y}年" for y, c in year_columns.items() if c is None]
    if missing:
        raise PlanError(path, table_row + 1, _("计划行表头缺少：%(columns)s") % {"columns": "、".join(missing)})
    lines, item_lines = [], []
    for index in range(table_row + 1, len(cells)):
        row = list(cells[index]) + [None] * len(header)
        if not any(_cell_text(c) for c in row[:len(header)]):
            continue
        number = index + 1

        def get(name, row=row):
            return row[columns[name]]
        parent = _cell_text(get("所属上级行"))
        item = _Located({
            "region": _cell_text(get("地区代码")), "label": _cell_text(get("表中名称")), "order": _cell_int(get("表中顺序")),
            "target_total": _cell_int(get("任务总数")),
            "targets": _Located({y: _cell_int(row[c]) for y, c in year_columns.items()}, line=number),
            "institutions_limit": _cell_int(get("培训机构推荐总数")), "bases_limit": _cell_int(get("实践基地推荐总数")),
        }, line=number)
        if parent:
            item["parent"] = parent
        lines.append(item)
        item_lines.append(number)
    doc["lines"] = _LocatedList(lines, item_lines)
    doc.key_lines["lines"] = table_row + 1
    for key in ("first_year", "last_year"):
        doc.pop(key, None)
    return doc


def plan_xlsx(plan, *, years: list[int] | None = None, code: str = "", title: str = "") -> bytes:
    """A plan as the sheet ``read_plan_xlsx`` reads: to edit and upload as a new period (``years``: the new
    period's years; the lines keep their regions, labels and limits, the year targets start empty)."""
    from ectalent.core.exports import Book

    years = years or plan.years
    same = years == plan.years
    book = Book(constant_memory=False)
    sheet = book.sheet("计划")
    bold = book.format(bold=True, bg_color="#DDEBF7", border=1)
    text = book.format(num_format="@")
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 40)
    sheet.set_column(2, 6 + len(years), 12)
    values = {
        "plan": code or (plan.code if same else f"{plan.code.rsplit('-', 1)[0]}-{years[0]}"),
        "title": title or (plan.title if same else f"各市电商专业人才培养任务和机构数量分配表（{years[0]}—{years[-1]}年）"),
        "policy": plan.policy, "cite": plan.cite if same else "", "source": plan.source if same else "",
        "province": plan.province_id, "first_year": years[0], "last_year": years[-1],
        "starts_on": (plan.period_start if same else datetime.date(years[0], 1, 1)).isoformat(),
        "ends_on": (plan.period_end if same else datetime.date(years[-1], 12, 31)).isoformat(),
        "reserve_institutions": plan.reserve_institutions, "reserve_bases": plan.reserve_bases,
        "note": plan_note(plan) if same else "",
    }
    for r, (key, label) in enumerate(XLSX_HEADER_FIELDS):
        sheet.cell(r, 0, label, bold)
        value = values[key]
        sheet.cell(r, 1, value if isinstance(value, int) else str(value), None if isinstance(value, int) else text)
    start = len(XLSX_HEADER_FIELDS) + 1
    headers = XLSX_LINE_HEADERS[:5] + [f"{y}年" for y in years] + XLSX_LINE_HEADERS[5:]
    sheet.row(start, headers, bold)
    for i, u in enumerate(plan_lines(plan), start=start + 1):
        targets = line_targets(u) if same else {}
        row = [u.region_id, u.label, u.order, u.parent.region_id if u.parent_id else "",
               u.target_total if same else None, *[targets.get(y) for y in years], u.institutions_limit, u.bases_limit]
        for c, value in enumerate(row):
            if value is None:
                continue
            sheet.cell(i, c, value if isinstance(value, int) else str(value), None if isinstance(value, int) else text)
    sheet.cell(start - 1, 0, "说明：一行一个地区（市或单列的县级市）；所属上级行填上级行的地区代码（如义乌填 330700）；"
                            "各年度任务之和须等于任务总数；日期用 YYYY-MM-DD；同一省份的计划期不能重叠。")
    return book.read()


# --- reading the loaded plan ------------------------------------------------------------------------


def plan_lines(plan) -> list:
    """The plan's lines in table order, with their region, parent and yearly targets prefetched."""
    return list(plan.units.select_related("region", "parent__region").prefetch_related("targets").order_by("order"))


def line_targets(line) -> dict[int, int]:
    return {t.year: t.target for t in line.targets.all()}


def province_totals(plan, lines=None) -> dict:
    lines = lines if lines is not None else plan_lines(plan)
    return totals_from(
        [(u.parent_id is None, u.target_total, line_targets(u), u.institutions_limit, u.bases_limit) for u in lines],
        plan.years, plan.reserve_institutions, plan.reserve_bases,
    )


def plan_note(plan) -> str:
    """The table's 注, read from the shipped plan file when it is there (the models do not keep it)."""
    path = shipped_plan_path(plan.code, plan.policy)
    if not path.exists():
        return ""
    try:
        return read_yaml(path).get("note", "") or ""
    except PackError:
        return ""


def plan_as_json(plan) -> dict:
    """The plan as loaded, in the shape of ``shared/contracts/cli.md`` (``ectalent plan show PLAN --json``)."""
    lines = plan_lines(plan)
    years = plan.years
    units = []
    for u in lines:
        targets = line_targets(u)
        units.append({
            "region_code": u.region_id,
            "name": u.region.name,
            "label": u.label,
            "parent_code": u.parent.region_id if u.parent_id else plan.province_id,
            "target_total": u.target_total,
            "targets": {str(y): targets.get(y, 0) for y in years},
            "institutions_limit": u.institutions_limit,
            "bases_limit": u.bases_limit,
        })
    totals = province_totals(plan, lines)
    return {
        "plan": plan.code,
        "title": plan.title,
        "cite": plan.cite,
        "years": years,
        "units": units,
        "reserve": {"institutions_limit": plan.reserve_institutions, "bases_limit": plan.reserve_bases},
        "province": {
            "target_total": totals["target_total"],
            "targets": {str(y): totals["targets"][y] for y in years},
            "institutions_limit": totals["institutions_limit"],
            "bases_limit": totals["bases_limit"],
        },
    }


# --- counties ---------------------------------------------------------------------------------------


def _is_within(path: str, ancestor_path: str) -> bool:
    return path == ancestor_path or path.startswith(ancestor_path + "/")


def split_counties(line, lines=None) -> list:
    """The counties a line's target is split among (see the module docstring)."""
    from ectalent.regions.models import Region

    if line.region.level == "county":
        return [line.region]
    lines = lines if lines is not None else plan_lines(line.plan)
    nested_paths = [u.region.path for u in lines if u.parent_id == line.pk]
    return [
        r for r in Region.objects.filter(parent_id=line.region_id, level="county").order_by("code")
        if not any(_is_within(r.path, p) for p in nested_paths)
    ]


def nested_lines(line, lines=None) -> list:
    lines = lines if lines is not None else plan_lines(line.plan)
    return [u for u in lines if u.parent_id == line.pk]


def line_for_county(plan, county, lines=None):
    """The most specific line whose region contains ``county``."""
    lines = lines if lines is not None else plan_lines(plan)
    inside = [u for u in lines if _is_within(county.path, u.region.path)]
    return max(inside, key=lambda u: u.region.path.count("/")) if inside else None


def validate_county_split(line, year: int, values: dict[str, int | None], lines=None) -> list[str]:
    """Errors (Chinese) of a proposed split of ``line``'s ``year`` target: {county code: target or None}."""
    errors = []
    if year not in line.plan.years:
        return [_("%(year)s 年不在计划年度 %(first_year)s–%(last_year)s 内") % {"year": year, "first_year": line.plan.first_year, "last_year": line.plan.last_year}]
    counties = {r.code: r for r in split_counties(line, lines)}
    for code, value in values.items():
        if code not in counties:
            errors.append(_("%(code)s 不是 %(line_label)s 可分解的县（市、区）") % {"code": code, "line_label": line.label})
        elif value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            errors.append(_("%(name)s：任务数须为非负整数") % {"name": counties[code].name})
    if errors:
        return errors
    target = line_targets(line).get(year, 0)
    nested = nested_lines(line, lines)
    nested_sum = sum(line_targets(u).get(year, 0) for u in nested)
    split_sum = sum(v for v in values.values() if v)
    if split_sum + nested_sum > target:
        room = target - nested_sum
        if nested:
            names = "、".join(_("%(u_label)s %(get)s 人") % {"u_label": u.label, "get": line_targets(u).get(year, 0)} for u in nested)
            errors.append(_("%(line_label)s %(year)s 年任务 %(target)s 人，其中单列 %(names)s，可分解给其余县（市、区）最多 %(room)s 人；当前合计 %(split_sum)s 人，超出 %(n)s 人。") % {"line_label": line.label, "year": year, "target": target, "names": names, "room": room, "split_sum": split_sum, "n": split_sum - room})
        else:
            errors.append(_("%(line_label)s %(year)s 年任务 %(target)s 人，各县（市、区）合计 %(split_sum)s 人，超出 %(n)s 人。") % {"line_label": line.label, "year": year, "target": target, "split_sum": split_sum, "n": split_sum - target})
    return errors


def county_targets(line, year: int | None = None) -> dict:
    """{(county code, year): target} of a line's split."""
    from .models import CountyTarget

    qs = CountyTarget.objects.filter(unit=line)
    if year is not None:
        qs = qs.filter(year=year)
    return {(c.region_id, c.year): c.target for c in qs}


# --- achieved figures -------------------------------------------------------------------------------


def achieved_counts(plan, courses) -> Counter:
    """{(region code of the institution, year): trainees} for the plan's years, from ``courses`` (a queryset the
    caller has scoped with ``visible_to``)."""
    from .choices import UnitType
    from .models import Trainee

    rows = (
        Trainee.objects.filter(
            completed=True,
            course__in=courses,
            course__unit__unit_type=UnitType.INSTITUTION,
            course__ends_on__gte=datetime.date(plan.first_year, 1, 1),
            course__ends_on__lte=datetime.date(plan.last_year, 12, 31),
        )
        .annotate(year=ExtractYear("course__ends_on"))
        .values("course__unit__region_id", "year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return Counter({(r["course__unit__region_id"], r["year"]): r["n"] for r in rows})


class Figures:
    """Targets and achieved figures of one plan, for lines, counties and the province (see module docstring)."""

    def __init__(self, plan, courses):
        from ectalent.regions.models import Region

        self.plan = plan
        self.years = plan.years
        self.lines = plan_lines(plan)
        self.counts = achieved_counts(plan, courses)
        codes = {code for code, _ in self.counts}
        self.paths = dict(Region.objects.filter(code__in=codes).values_list("code", "path"))
        self._targets = {u.pk: line_targets(u) for u in self.lines}
        from .models import CountyTarget

        self.splits = {(c.unit_id, c.region_id, c.year): c.target for c in CountyTarget.objects.filter(unit__plan=plan)}

    def top_lines(self) -> list:
        return [u for u in self.lines if u.parent_id is None]

    def achieved_within(self, path: str, year: int) -> int:
        return sum(n for (code, y), n in self.counts.items() if y == year and _is_within(self.paths.get(code, ""), path))

    def line_target(self, line, year: int) -> int:
        return self._targets[line.pk].get(year, 0)

    def line_achieved(self, line, year: int) -> int:
        return self.achieved_within(line.region.path, year)

    def province_target(self, year: int) -> int:
        return sum(self.line_target(u, year) for u in self.top_lines())

    def province_achieved(self, year: int) -> int:
        return sum(self.line_achieved(u, year) for u in self.top_lines())

    def county_target(self, line, county, year: int) -> int | None:
        value = self.splits.get((line.pk, county.code, year))
        if value is None and line.region_id == county.code:
            return self.line_target(line, year)  # a county-level line is its own only county
        return value

    def county_achieved(self, county, year: int) -> int:
        return self.achieved_within(county.path, year)


def rate(achieved: int, target: int | None) -> float | None:
    if not target:
        return None
    return round(100.0 * achieved / target, 1)


# --- 附件3 export ----------------------------------------------------------------------------------


def annex3_xlsx(plan, figures: Figures, *, show_line, show_province: bool, as_of: datetime.date,
                usage=None) -> bytes:
    """附件3 in its printed layout (same columns and row order, 省里机动调配 and 全省 rows), with the achieved figures
    in a second block beside the targets. ``show_line(line)`` says whose achieved figures the reader may see;
    ``usage(line)`` gives the line's quota use ``[institutions, bases]`` (``quotas.LineQuota``) or None when the
    reader may not see it, for a third block 已推荐/剩余 as the plan page shows it."""
    from ectalent.core.exports import Book

    years = plan.years
    lines = figures.lines
    totals = province_totals(plan, lines)
    book = Book(constant_memory=False)  # the printed layout: merged header rows; one row per plan line
    sheet = book.sheet("附件3")
    title = book.format(**{"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    sub = book.format(**{"font_size": 9, "align": "center", "font_color": "#555555"})
    head = book.format(**{"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1,
                            "bg_color": "#DDEBF7"})
    head2 = book.format(**{"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1,
                             "bg_color": "#E2EFDA"})
    label = book.format(**{"border": 1})
    nested_label = book.format(**{"border": 1, "indent": 1})
    num = book.format(**{"border": 1, "num_format": "0", "align": "right"})
    dash = book.format(**{"border": 1, "align": "center"})
    pct = book.format(**{"border": 1, "num_format": "0.0", "align": "right"})
    bold_label = book.format(**{"border": 1, "bold": True})
    bold_num = book.format(**{"border": 1, "bold": True, "num_format": "0", "align": "right"})
    bold_pct = book.format(**{"border": 1, "bold": True, "num_format": "0.0", "align": "right"})
    note_fmt = book.format(**{"font_size": 9, "text_wrap": True, "valign": "top"})

    n_plan = 1 + len(years) + 2          # 任务总数, years, 培训机构, 实践基地
    n_done = 1 + len(years) + 1          # 完成合计, years, 完成率
    done_last = n_plan + n_done
    n_usage = 4 if usage is not None else 0  # 培训机构 已推荐/剩余, 实践基地 已推荐/剩余
    last_col = done_last + n_usage
    sheet.merge(0, 0, 0, last_col, "附件3　各市电商专业人才培养任务和机构数量分配表", title)
    sheet.merge(1, 0, 1, last_col, f"依据：{plan.cite}；右侧完成情况为平台统计（培训机构导入的结业学员人次，"
                                         f"截至 {as_of.isoformat()}）", sub)
    sheet.merge(2, 0, 3, 0, "", head)
    sheet.merge(2, 1, 2, n_plan, "培训任务和机构数量（附件3）", head)
    sheet.merge(2, n_plan + 1, 2, done_last, "完成情况（人，平台统计）", head2)
    if n_usage:
        sheet.merge(2, done_last + 1, 2, last_col, f"推荐名额使用（含机动调配，截至 {as_of.isoformat()}）", head)
        for c, text in enumerate(["培训机构已推荐（个）", "培训机构剩余（个）", "实践基地已推荐（个）", "实践基地剩余（个）"],
                                 start=done_last + 1):
            sheet.cell(3, c, text, head)
    plan_headers = ["任务总数", *[f"{y}年（人）" for y in years], "培训机构推荐总数（个）", "实践基地推荐总数（个）"]
    done_headers = ["完成合计（人）", *[f"{y}年完成（人）" for y in years], "完成率（%）"]
    for c, text in enumerate(plan_headers, start=1):
        sheet.cell(3, c, text, head)
    for c, text in enumerate(done_headers, start=n_plan + 1):
        sheet.cell(3, c, text, head2)
    sheet.set_row(3, 32)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, last_col, 11)

    def write_usage(r, quotas_):
        if not n_usage:
            return
        if quotas_ is None:
            for c in range(done_last + 1, last_col + 1):
                sheet.cell(r, c, "—", dash)
            return
        for i, q in enumerate(quotas_):
            sheet.cell(r, done_last + 1 + 2 * i, q.used, num)
            sheet.cell(r, done_last + 2 + 2 * i, q.free, num)

    def write_done(r, achieved: dict | None, target_total: int, bold=False):
        if achieved is None:
            for c in range(n_plan + 1, done_last + 1):
                sheet.cell(r, c, "—" if achieved is None else "-", dash)
            return
        total = sum(achieved.values())
        sheet.cell(r, n_plan + 1, total, bold_num if bold else num)
        for i, y in enumerate(years):
            sheet.cell(r, n_plan + 2 + i, achieved[y], bold_num if bold else num)
        value = rate(total, target_total)
        if value is None:
            sheet.cell(r, done_last, "-", dash)
        else:
            sheet.cell(r, done_last, value, bold_pct if bold else pct)

    r = 4
    for u in lines:
        targets = line_targets(u)
        sheet.cell(r, 0, u.label, nested_label if u.parent_id else label)
        sheet.cell(r, 1, u.target_total, num)
        for i, y in enumerate(years):
            sheet.cell(r, 2 + i, targets.get(y, 0), num)
        sheet.cell(r, 2 + len(years), u.institutions_limit, num)
        sheet.cell(r, 3 + len(years), u.bases_limit, num)
        write_done(r, {y: figures.line_achieved(u, y) for y in years} if show_line(u) else None, u.target_total)
        write_usage(r, usage(u) if usage is not None else None)
        r += 1
    sheet.cell(r, 0, RESERVE_LABEL, label)
    for c in range(1, 2 + len(years)):
        sheet.cell(r, c, "-", dash)
    sheet.cell(r, 2 + len(years), plan.reserve_institutions, num)
    sheet.cell(r, 3 + len(years), plan.reserve_bases, num)
    for c in range(n_plan + 1, done_last + 1):
        sheet.cell(r, c, "-", dash)
    if n_usage:  # the reserve: what the province has not allocated yet
        from .quotas import reserve_left

        for i, unit_type in enumerate(("institution", "base")):
            left = reserve_left(plan, unit_type) if show_province else None
            sheet.cell(r, done_last + 1 + 2 * i, "-", dash)
            sheet.cell(r, done_last + 2 + 2 * i, left if left is not None else "—", num if left is not None else dash)
    r += 1
    sheet.cell(r, 0, TOTAL_LABEL, bold_label)
    sheet.cell(r, 1, totals["target_total"], bold_num)
    for i, y in enumerate(years):
        sheet.cell(r, 2 + i, totals["targets"][y], bold_num)
    sheet.cell(r, 2 + len(years), totals["institutions_limit"], bold_num)
    sheet.cell(r, 3 + len(years), totals["bases_limit"], bold_num)
    write_done(r, {y: figures.province_achieved(y) for y in years} if show_province else None,
               totals["target_total"], bold=True)
    if n_usage:
        for c in range(done_last + 1, last_col + 1):
            sheet.cell(r, c, "-" if show_province else "—", dash)
    r += 2
    note = plan_note(plan)
    nested = [u for u in lines if u.parent_id]
    remarks = []
    if note:
        remarks.append(f"注：{note}")
    if nested:
        remarks.append("说明：" + "；".join(f"{u.label}单列于{u.parent.label}之内，其数字已含在该行中" for u in nested)
                       + "；全省合计只加各市行（不重复计算内含行），培训机构和实践基地推荐总数另加省里机动调配。")
    remarks.append("完成情况口径：已备案培训机构导入的培训班中已结业学员，按结业日期所在年度、机构注册地所在县（市、区）统计，"
                   "一人一班计一次；“—”表示无权查看该行的完成情况。")
    for text in remarks:
        sheet.merge(r, 0, r, last_col, text, note_fmt)
        sheet.set_row(r, 30)
        r += 1
    sheet.freeze_panes(4, 1)
    return book.read()
