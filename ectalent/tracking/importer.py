"""Loading a parsed implementation opinion into the platform (``ectalent measures import``, the office's import page).

Idempotent: chapters, measures and tasks are found again by their numbers and only what changed is written. The
departments of a task are the names as written, matched to the registry's government organisations through their
names and aliases (``DepartmentAlias``); 「各市人民政府」 is every city government of the province. A name that
matches nothing is reported (on the task and the document), never created. When the office has corrected a task's
departments, the correction stays in force after a new import; the parse is still stored beside it for the diff.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.regions.models import Region
from ectalent.registry.choices import OrganisationKind
from ectalent.registry.models import Organisation

from . import policy
from .choices import AssignmentSource, DepartmentRole
from .models import Chapter, DepartmentAlias, Document, Measure, Task, TaskDepartment
from .parser import CITY_GOVERNMENTS, ParsedDocument


@dataclass
class ImportResult:
    document: Document
    created: bool = False
    chapters: int = 0
    measures: int = 0
    tasks: int = 0
    changes: list[dict] = field(default_factory=list)  # {"key", "what", "before", "after"}
    unmatched: list[str] = field(default_factory=list)
    kept_corrections: list[str] = field(default_factory=list)
    reports_created: int = 0

    def summary(self) -> str:
        head = "新导入" if self.created else "再次导入"
        text = (f"{head}《{self.document.title}》：{self.chapters} 章、{self.measures} 条、{self.tasks} 项任务；"
                f"变化 {len(self.changes)} 处")
        if self.kept_corrections:
            text += f"；保留办公室更正 {len(self.kept_corrections)} 项（{'、'.join(self.kept_corrections)}）"
        if self.unmatched:
            text += f"；未匹配的部门名称 {len(self.unmatched)} 个"
        return text + "。"


def _placeholder_credit_code(name: str, region_code: str) -> str:
    """The registry needs a unified social credit code; the directory does not give one, so a department gets a
    well-formed placeholder derived from its name (stable across runs), to be replaced by the real code."""
    import random

    from ectalent.registry.fake import credit_code

    rng = random.Random(hashlib.sha256(name.encode("utf-8")).hexdigest())
    while True:
        code = credit_code(rng, region_code, "11")
        if not Organisation.objects.filter(credit_code=code).exists():
            return code


def _create_government(name: str, region) -> Organisation:
    return Organisation.objects.create(name=name, kind=OrganisationKind.GOVERNMENT, region=region, nature="机关",
                                       credit_code=_placeholder_credit_code(name, region.pk))


def ensure_directory() -> int:
    """The provincial departments of the pack's directory and the city governments, as government organisations
    with their aliases (idempotent). Returns how many organisations were created."""
    data = policy.directory()
    province = Region.objects.get(code=str(data.get("region", "320000")))
    created = 0
    for row in data["departments"]:
        org = Organisation.objects.filter(name=row["full_name"], kind=OrganisationKind.GOVERNMENT).first()
        if org is None:
            org = _create_government(row["full_name"], province)
            created += 1
        for alias in row.get("aliases", []):
            DepartmentAlias.objects.get_or_create(alias=alias, defaults={"organisation": org})
    pattern = data.get("city_governments", {}).get("name_pattern", "{city}人民政府")
    for city in Region.objects.filter(parent=province).order_by("code"):
        name = pattern.format(city=city.name)
        if not Organisation.objects.filter(name=name, kind=OrganisationKind.GOVERNMENT).exists():
            _create_government(name, city)
            created += 1
    return created


def city_governments() -> list[Organisation]:
    data = policy.directory()
    pattern = data.get("city_governments", {}).get("name_pattern", "{city}人民政府")
    province = str(data.get("region", "320000"))
    cities = list(Region.objects.filter(parent_id=province).order_by("code"))
    by_name = {o.name: o for o in Organisation.objects.filter(
        kind=OrganisationKind.GOVERNMENT, name__in=[pattern.format(city=c.name) for c in cities])}
    return [by_name[pattern.format(city=c.name)] for c in cities if pattern.format(city=c.name) in by_name]


def resolve(name: str) -> list[Organisation]:
    """The organisations a written name stands for ([] when nothing matches)."""
    if name == CITY_GOVERNMENTS:
        return city_governments()
    alias = DepartmentAlias.objects.filter(alias=name).select_related("organisation").first()
    if alias:
        return [alias.organisation]
    org = Organisation.objects.filter(name=name, kind=OrganisationKind.GOVERNMENT).first()
    return [org] if org else []


def sync_assignments(task: Task, *, acting_user=None) -> list[str]:
    """Make the task's department rows follow its departments in force; returns the names matching nothing."""
    names = task.departments_in_force
    source = AssignmentSource.OFFICE if task.corrected_departments is not None else AssignmentSource.PARSED
    wanted: dict[int, tuple[Organisation, str, str]] = {}
    unmatched = []
    for index, name in enumerate(names):
        orgs = resolve(name)
        if not orgs:
            unmatched.append(name)
            continue
        role = DepartmentRole.LEAD if index == 0 else DepartmentRole.COOPERATING
        for org in orgs:
            wanted.setdefault(org.pk, (org, role, name))
    existing = {row.organisation_id: row for row in task.assignments.all()}
    for org_id, row in existing.items():
        if org_id not in wanted:
            row.delete()
    for position, (org_id, (org, role, name)) in enumerate(wanted.items()):
        row = existing.get(org_id)
        if row is None:
            TaskDepartment.objects.create(task=task, organisation=org, role=role, position=position, written_as=name,
                                          source=source)
        elif (row.role, row.position, row.written_as, row.source) != (role, position, name, source):
            row.role, row.position, row.written_as, row.source = role, position, name, source
            row.save(update_fields=["role", "position", "written_as", "source"])
    if task.unmatched_names != unmatched:
        task.unmatched_names = unmatched
        task.save(update_fields=["unmatched_names"])
    return unmatched


@transaction.atomic
def import_document(doc: ParsedDocument, *, source_name: str = "", acting_user=None, text: str = "") -> ImportResult:
    ensure_directory()
    document, created = Document.objects.get_or_create(
        issuer=doc.issuer or "", title=doc.title, issued_on=doc.issued_on,
        defaults={"preamble": doc.preamble, "source_name": source_name[:255]},
    )
    result = ImportResult(document=document, created=created)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else document.text_sha256
    changed_fields = []
    for name, value in (("preamble", doc.preamble), ("warnings", doc.warnings), ("text_sha256", digest)):
        if getattr(document, name) != value:
            setattr(document, name, value)
            changed_fields.append(name)
    if changed_fields:
        document.save(update_fields=changed_fields)

    chapters = {c.number: c for c in document.chapters.all()}
    for pc in doc.chapters:
        ch = chapters.get(pc.number)
        if ch is None:
            chapters[pc.number] = Chapter.objects.create(document=document, number=pc.number, title=pc.title)
            if not created:
                result.changes.append({"key": f"第{pc.number}章", "what": "新增章", "before": "", "after": pc.title})
        elif ch.title != pc.title:
            result.changes.append({"key": f"第{pc.number}章", "what": "章标题", "before": ch.title, "after": pc.title})
            ch.title = pc.title
            ch.save(update_fields=["title"])
    measures = {m.number: m for m in document.measures.all()}
    for pm in doc.measures:
        m = measures.get(pm.number)
        values = {"chapter": chapters[pm.chapter], "title": pm.title, "text": pm.text}
        if m is None:
            measures[pm.number] = Measure.objects.create(document=document, number=pm.number, **values)
            if not created:
                result.changes.append({"key": f"（{pm.number}）", "what": "新增条目", "before": "", "after": pm.title})
        else:
            diff = [k for k, v in values.items() if getattr(m, k) != v]
            if diff:
                if "title" in diff:
                    result.changes.append({"key": f"（{pm.number}）", "what": "条标题", "before": m.title, "after": pm.title})
                for k in diff:
                    setattr(m, k, values[k])
                m.save(update_fields=diff)

    tasks = {t.key: t for t in document.tasks.all()}
    seen = set()
    for order, pt in enumerate(doc.tasks, start=1):
        pm = next(x for x in doc.measures if x.number == pt.measure)
        text_value = pm.text if pt.item is None else next(i.text for i in pm.items if i.number == pt.item)
        values = {"measure": measures[pt.measure], "item": pt.item, "order": order, "text": text_value,
                  "written_departments": pt.raw_departments, "parsed_departments": list(pt.departments),
                  "parsed_others_to_assign": pt.others_to_assign}
        seen.add(pt.key)
        task = tasks.get(pt.key)
        if task is None:
            task = Task.objects.create(document=document, key=pt.key, **values)
            if not created:
                result.changes.append({"key": pt.key, "what": "新增任务", "before": "", "after": pt.raw_departments})
        else:
            diff = [k for k, v in values.items() if getattr(task, k if k != "measure" else "measure_id") != (v.pk if k == "measure" else v)]
            if diff:
                if "parsed_departments" in diff or "parsed_others_to_assign" in diff:
                    result.changes.append({"key": pt.key, "what": "责任部门", "before": task.written_departments,
                                           "after": pt.raw_departments})
                elif "text" in diff:
                    result.changes.append({"key": pt.key, "what": "任务内容", "before": task.text[:60], "after": text_value[:60]})
                for k in diff:
                    setattr(task, k, values[k])
                task.save(update_fields=diff)
            if task.is_corrected:
                result.kept_corrections.append(task.key)
        for name in sync_assignments(task):
            if name not in result.unmatched:
                result.unmatched.append(name)
    for key, task in tasks.items():
        if key not in seen:
            if task.reports.exclude(status="expected").exists():
                result.changes.append({"key": key, "what": "文件中已无此任务（已有报告，保留）", "before": key, "after": ""})
            else:
                result.changes.append({"key": key, "what": "删除任务", "before": task.written_departments, "after": ""})
                task.delete()
    if document.unmatched_names != result.unmatched:
        document.unmatched_names = result.unmatched
        document.save(update_fields=["unmatched_names"])
    result.chapters, result.measures, result.tasks = len(doc.chapters), len(doc.measures), len(doc.tasks)
    from .reporting import ensure_expected_reports

    result.reports_created = ensure_expected_reports(document)
    if created or result.changes:
        record(AuditAction.IMPORT, document, actor=acting_user, region_id=policy.directory().get("region", "320000"),
               after={"tasks": result.tasks, "changes": len(result.changes), "unmatched": result.unmatched},
               note=result.summary())
    return result
