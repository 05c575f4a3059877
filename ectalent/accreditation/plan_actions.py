"""State changes of the training plan: reserve allocation, county target split, roster import.

Each function runs in one transaction and writes its audit event in it; the acting user is keyword-only. Views
check permissions and parse input first; these functions re-check what a concurrent change could invalidate.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ectalent.audit.actions import record, snapshot
from ectalent.audit.models import AuditAction
from ectalent.core.i18n import stored
from ectalent.core.validators import id_number_birth_date, id_number_gender
from ectalent.registry.models import Person

from .choices import UnitStatus, UnitType
from .models import CountyTarget, PlanUnit, ReserveAllocation, TrainingCourse, Trainee
from .plan import validate_county_split
from .quotas import lock_plan, reserve_left


def allocate_reserve(plan, line: PlanUnit, unit_type: str, amount: int, note: str = "", *, acting_user) -> ReserveAllocation:
    """Give ``amount`` places of the province's reserve (省里机动调配) to ``line``; never more than is left.

    The plan row is locked before the reserve is counted, so two allocations cannot both take the last places."""
    if line.plan_id != plan.pk:
        raise ValidationError(_("该计划行不属于此计划。"))
    if unit_type not in UnitType.values:
        raise ValidationError(_("类别须为培训机构或实践基地。"))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        raise ValidationError(_("调配数量须为正整数。"))
    with transaction.atomic():
        lock_plan(plan)
        left = reserve_left(plan, unit_type)
        if amount > left:
            raise ValidationError(
                _("省里机动调配的%(label)s名额仅剩 %(left)s 个，不能调配 %(amount)s 个给%(line_label)s。") % {"label": UnitType(unit_type).label, "left": left, "amount": amount, "line_label": line.label},
                code="reserve_exhausted",
            )
        allocation = ReserveAllocation.objects.create(
            plan=plan, unit=line, unit_type=unit_type, amount=amount, note=note, created_by=acting_user,
        )
        record(AuditAction.CREATE, allocation, actor=acting_user, after=snapshot(allocation), region_id=line.region_id,
               object_repr=stored(gettext_noop("机动调配：%(line_label)s %(label)s %(amount)s 个"), line_label=line.label, label=UnitType(unit_type).label, amount=amount),
               note=stored(gettext_noop("调配后剩余 %(n)s 个"), n=left - amount))
    return allocation


def set_county_targets(line: PlanUnit, year: int, values: dict[str, int | None], *, acting_user) -> dict:
    """Set the split of ``line``'s ``year`` target among its counties: {county code: target, or None to clear}.

    The line row is locked, then the split is checked again (the counties' targets plus the nested lines' targets
    must not exceed the line's target). Returns {county code: target} as stored."""
    with transaction.atomic():
        locked = PlanUnit.objects.select_for_update().select_related("plan", "region").get(pk=line.pk)
        errors = validate_county_split(locked, year, values)
        if errors:
            raise ValidationError(errors)
        existing = {c.region_id: c for c in CountyTarget.objects.filter(unit=locked, year=year)}
        before = {code: c.target for code, c in existing.items()}
        for code, value in values.items():
            current = existing.get(code)
            if value is None:
                if current is not None:
                    current.delete()
            elif current is None:
                CountyTarget.objects.create(unit=locked, region_id=code, year=year, target=value)
            elif current.target != value:
                current.target = value
                current.save(update_fields=["target"])
        after = dict(CountyTarget.objects.filter(unit=locked, year=year).values_list("region_id", "target"))
        if before != after:
            record(AuditAction.UPDATE, locked, actor=acting_user, before={"year": year, "counties": before},
                   after={"year": year, "counties": after}, region_id=locked.region_id,
                   object_repr=stored(gettext_noop("%(locked_label)s %(year)s 年任务分解到县（市、区）"), locked_label=locked.label, year=year))
    return after


def import_roster(unit, roster, *, acting_user, filename: str = "") -> TrainingCourse:
    """Create a course of ``unit`` with its trainees from a checked roster (``forms_plan.Roster`` without errors).

    People not yet in the registry are created (registered by the institution's organisation, in the given county
    or the institution's region, birth date and gender from the ID number). One audit event for the import."""
    if roster.errors:
        raise ValidationError(_("名单有误，未导入。"))
    if unit.unit_type != UnitType.INSTITUTION or unit.status != UnitStatus.ACTIVE:
        raise ValidationError(_("只有已备案的培训机构可以导入培训名单。"))
    with transaction.atomic():
        if TrainingCourse.objects.filter(unit=unit, title=roster.title, starts_on=roster.starts_on,
                                         ends_on=roster.ends_on).exists():
            raise ValidationError(_("培训班“%(title)s”（%(starts_on)s—%(ends_on)s）已导入过。") % {"title": roster.title, "starts_on": roster.starts_on, "ends_on": roster.ends_on})
        course = TrainingCourse.objects.create(
            unit=unit, title=roster.title, scope=roster.scope, starts_on=roster.starts_on, ends_on=roster.ends_on,
            created_by=acting_user,
        )
        numbers = [r.id_number for r in roster.rows]
        # The registry is unique by ID number across all organisations, so the lookup cannot be scoped.
        known = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers)}
        new_people = {}
        for row in roster.rows:
            person = known.get(row.id_number)
            if person is None:
                new_people[row.id_number] = Person(
                    name=row.name, id_number=row.id_number, phone=row.phone or "",
                    birth_date=id_number_birth_date(row.id_number), gender=id_number_gender(row.id_number),
                    region_id=row.region_code or unit.region_id, owner_org=unit.organisation,
                )
            elif person.name != row.name:  # changed since the check: refuse rather than attach the wrong person
                raise ValidationError(_("第 %(row)s 行：姓名与人员库中该身份证号登记的姓名不一致。") % {"row": row.row})
        Person.objects.bulk_create(list(new_people.values()), batch_size=500)
        created = len(new_people)
        known.update({p.id_number: p for p in Person.objects.filter(id_number__in=list(new_people))})
        people = [known[row.id_number] for row in roster.rows]
        Trainee.objects.bulk_create([Trainee(course=course, person=p) for p in people])
        record(AuditAction.IMPORT, course, actor=acting_user, region_id=unit.region_id,
               after={"course": course.pk, "unit": unit.pk, "title": course.title,
                      "starts_on": course.starts_on, "ends_on": course.ends_on,
                      "trainees": len(people), "people_created": created, "file": filename},
               object_repr=stored(gettext_noop("培训名单导入：%(unit_name)s %(title)s"), unit_name=unit.name, title=course.title),
               note=stored(gettext_noop("学员 %(n)s 人，其中新登记人员 %(created)s 人"), n=len(people), created=created))
    return course
