"""Demo data for the accreditation programme: an open batch, units at every stage, a registered unit with a report."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ectalent.accounts.models import User
from ectalent.registry.models import Organisation
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import Decision
from ectalent.workflow.models import Case

from ectalent.registry.models import Person

from . import actions
from . import plan as planlib
from .choices import UnitType
from .models import AnnualReport, RegisteredUnit, TrainingCourse, TrainingPlan, Trainee, UnitApplication
from .plan import plan_in_force
from .policy import cite, param
from .workflows import WORKFLOW

SAMPLE_PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _application(org, user, unit_type, **extra):
    fields = dict(
        plan=plan_in_force(), organisation=org, unit_type=unit_type, region=org.region,
        unit_name=org.name, nature=org.nature, address=org.address, legal_representative=org.legal_representative,
        contact_name=org.contact_name, contact_phone=org.contact_phone, practice_areas=["operations", "marketing"],
        declarations={k: True for k in ("附件2 第四条（二）", "附件2 第四条（三）", "附件2 第四条（五）", "附件2 第四条（六）", "附件2 第四条（七）")},
        created_by=user,
    )
    if unit_type == UnitType.INSTITUTION:
        fields.update(founded_on=org.founded_on, staff_total=40, teachers_full_time=12, teachers_part_time=8,
                      managers_count=10, other_staff_count=10, max_training_capacity=300, premises_ownership="owned",
                      premises_area=Decimal("1200"), training_scopes=["assistant.customer_service", "assistant.visual_design",
                                                                      "specialist.operations", "specialist.cross_border"],
                      licence_issuer="杭州市人力资源和社会保障局", licence_number="33010620130018",
                      training_summary="近一年举办网店运营、跨境电商等培训班 18 期，培训 1,260 人次；生源来自企业委托和社会招生。")
    else:
        fields.update(base_kind="enterprise", enterprise_category="service", employees_count=org.staff_total,
                      revenue_last_year=org.revenue_last_year, website="https://example.com",
                      overview="为义乌小商品企业提供代运营、直播电商和跨境店铺托管服务，平台销售占比约 60%。")
    fields.update(extra)
    application = actions.save_application(UnitApplication(**fields), acting_user=user)
    for kind in ("licence", "premises"):
        actions.add_material(application, kind=kind, upload=SimpleUploadedFile(f"{kind}.pdf", SAMPLE_PDF),
                             content_type="application/pdf", acting_user=user)
    return application


def _approve(case, user, reason="同意"):
    row = case.steps.get(round=case.round, step=case.current_step, role=user.role, decision=Decision.PENDING)
    return wf.decide(case, row, acting_user=user, decision=Decision.APPROVED, reason=reason)


def current_period_plan(today: datetime.date, acting_user) -> TrainingPlan:
    """Demo only: a plan period around today (last year to next year), shaped as the 2014–2017 plan — every line,
    its limits and reserve, a tenth of its 2017 target each year — so that trainings delivered now count. Marked as
    demo data in its source; a real period is loaded from its file or entered on the plan-period page."""
    base = TrainingPlan.objects.get(code="zhejiang-2014")
    years = [today.year - 1, today.year, today.year + 1]
    lines = []
    for u in planlib.plan_lines(base):
        per_year = planlib.line_targets(u)[base.last_year] // 10
        line = {"region": u.region_id, "label": u.label, "order": u.order, "target_total": per_year * len(years),
                "targets": {y: per_year for y in years}, "institutions_limit": u.institutions_limit,
                "bases_limit": u.bases_limit}
        if u.parent_id:
            line["parent"] = u.parent.region_id
        lines.append(line)
    doc = {"plan": f"demo-{years[0]}", "title": f"各市电商专业人才培养任务和机构数量分配表（{years[0]}—{years[-1]}年，演示）",
           "policy": base.policy, "cite": "演示数据（非正式文件）", "source": "演示数据：按 2014—2017 年计划的各行生成",
           "province": base.province_id, "years": years, "lines": lines,
           "reserve": {"institutions_limit": base.reserve_institutions, "bases_limit": base.reserve_bases}}
    plan, _summary = planlib.load_plan_spec(planlib.check_plan_doc(doc, "demo"), acting_user=acting_user,
                                            filename="demo")
    return plan


def _deliver_trainings(unit, today: datetime.date, acting_user) -> int:
    """Demo only: courses the registered institution delivered last year and this year, with completed trainees."""
    people = list(Person.objects.order_by("id")[:36])
    if not people:
        return 0
    courses = [
        ("电商运营实务培训班（第一期）", datetime.date(today.year - 1, 4, 8), datetime.date(today.year - 1, 4, 26), people[:14]),
        ("跨境电商实务培训班", datetime.date(today.year - 1, 10, 10), datetime.date(today.year - 1, 10, 30), people[10:24]),
    ]
    end = today - datetime.timedelta(days=3)
    if end.year == today.year:
        courses.append(("网店美工与视觉设计培训班", end - datetime.timedelta(days=18), end, people[20:36]))
    n = 0
    for title, starts_on, ends_on, trainees in courses:
        course = TrainingCourse.objects.create(unit=unit, title=title, scope="电子商务师：运营推广", starts_on=starts_on,
                                               ends_on=ends_on, created_by=acting_user)
        Trainee.objects.bulk_create([Trainee(course=course, person=p) for p in trainees])
        n += len(trainees)
    return n


def load_accreditation_demo() -> dict:
    users = {u.username: u for u in User.objects.all()}
    orgs = {o.name: o for o in Organisation.objects.all()}
    province = users["zj_province"]
    today = timezone.localdate()
    current_period_plan(today, province)
    wf.create_batch(workflow=WORKFLOW, name="2014年首批备案申报", region=province.region,
                    deadline=param("accreditation.batch_deadline_2014", datetime.date(2014, 6, 30)),
                    opens_on=datetime.date(2014, 6, 10), cite=cite("accreditation.batch_deadline_2014", datetime.date(2014, 6, 30)),
                    acting_user=province)
    wf.create_batch(workflow=WORKFLOW, name=f"{today.year}年度备案申报", region=province.region,
                    deadline=today + datetime.timedelta(days=60), opens_on=today - datetime.timedelta(days=30),
                    cite="附件2 第五、六条", acting_user=province)

    # 1. 杭州云帆电子商务培训学院: fully through review and registered, with last year's report.
    hz_org = orgs["杭州云帆电子商务培训学院"]
    hz_staff, hz_city, county = users["hz_inst_staff"], users["hz_city"], users["xh_county"]
    app = _application(hz_org, hz_staff, UnitType.INSTITUTION)
    case = actions.submit_application(app, acting_user=hz_staff)
    case = _approve(case, county, "场地、相关材料已查验，同意推荐")
    for username in ("hz_hr", "hz_finance", "hz_edu"):
        case = _approve(case, users[username], "会审同意")
    case = _approve(case, hz_city, "同意推荐")
    case = _approve(case, province, "核定备案")
    Case.objects.filter(pk=case.pk).update(notice_starts_on=today - datetime.timedelta(days=20),
                                           notice_ends_on=today - datetime.timedelta(days=13))
    case.refresh_from_db()
    wf.confirm(case, acting_user=province)
    unit = app.registration
    # registered early last year (the demo compresses the review), so that its trainings since then count
    RegisteredUnit.objects.filter(pk=unit.pk).update(registered_on=datetime.date(today.year - 1, 3, 1))
    unit.refresh_from_db()
    trainees = _deliver_trainings(unit, today, hz_staff)
    actions.set_publication(unit, acting_user=hz_staff, publish_scope=True, publish_address=True, publish_contact=True,
                            public_address="杭州市西湖区文三路 398 号 5 楼", public_contact="招生办 王老师 0571-88886666")
    actions.submit_annual_report(AnnualReport(unit=unit, year=today.year - 1, operations="全年举办培训班 22 期，运营平稳。",
                                              revenue=Decimal("860"), trainees=1480, practice_trainees=520, sessions=22,
                                              satisfaction_rate=Decimal("93.5"), exam_pass_rate=Decimal("78.2")),
                                 acting_user=hz_staff)

    # 2. 浙江锦程网络科技有限公司 (义乌) applies as a practice base: waiting for the 义乌 county review.
    ent = users["ent_staff"]
    app2 = _application(ent.organisation, ent, UnitType.BASE)
    actions.submit_application(app2, acting_user=ent)

    # 3. 金华华越贸易有限公司 (婺城): past the county, waiting for the city's co-review and recommendation.
    hy_org = orgs["金华华越贸易有限公司"]
    hy_staff = users["hy_staff"]
    app3 = _application(hy_org, hy_staff, UnitType.BASE)
    case3 = actions.submit_application(app3, acting_user=hy_staff)
    _approve(case3, users["wc_county"], "场地已查验")
    return {"registered": 1, "in_review": 2, "trainees": trainees}
