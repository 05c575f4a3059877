"""Plan periods beyond 2014–2017 (issue 8, finding 12): a period loaded from a file (YAML or xlsx of the pack's
shape) or entered on the page, with its dates and source; the period in force on the plan pages; a roster outside
every period is refused with a warning before anything is imported; the demo has a current period with trainings;
the 附件3 export carries the quota usage (已推荐/剩余)."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ectalent.accreditation import plan as planlib
from ectalent.accreditation.choices import UnitType
from ectalent.accreditation.models import Recommendation, TrainingCourse, TrainingPlan
from ectalent.audit.models import AuditEvent
from ectalent.registry.tests.factories import valid_id_number

from .test_targets import register, roster_xlsx

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DEMO_CODE = f"demo-{TODAY.year - 1}"


def filled_template(client, first, last, *, per_year=100, mutate=None) -> bytes:
    """The next-period template downloaded from the page, filled in with openpyxl as an administrator would."""
    response = client.get("/accreditation/plan/periods/template.xlsx", {"first_year": first, "last_year": last})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    header_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "地区代码")
    headers = [sheet.cell(header_row, c).value for c in range(1, sheet.max_column + 1)]
    year_cols = [headers.index(f"{y}年") + 1 for y in range(first, last + 1)]
    for r in range(header_row + 1, sheet.max_row + 1):
        code = sheet.cell(r, 1).value
        if not code or not str(code).isdigit():
            continue
        value = per_year // 4 if code == "330782" else per_year  # 义乌 inside 金华（含义乌）
        for c in year_cols:
            sheet.cell(r, c).value = value
        sheet.cell(r, headers.index("任务总数") + 1).value = value * len(year_cols)
    for r in range(1, header_row):
        label = sheet.cell(r, 1).value
        if label == "依据":
            sheet.cell(r, 2).value = "浙商务电商发〔2030〕1号 附件3"
        if label == "来源":
            sheet.cell(r, 2).value = "省商务厅下达文件"
    if mutate:
        mutate(sheet, header_row, headers)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_demo_has_a_current_period_in_force_with_achieved_figures(world):
    plan = TrainingPlan.objects.get(code=DEMO_CODE)
    assert planlib.plan_in_force() == plan and plan.period_start <= TODAY <= plan.period_end
    assert plan.source and plan.starts_on == datetime.date(TODAY.year - 1, 1, 1)
    figures = planlib.Figures(plan, TrainingCourse.objects.all())
    achieved = sum(figures.province_achieved(y) for y in plan.years)
    assert achieved >= 6  # trainings delivered in the current period count
    hangzhou = next(u for u in figures.lines if u.region_id == "330100")
    assert figures.line_achieved(hangzhou, TODAY.year - 1) > 0


def test_plan_pages_show_the_period_in_force(world, login):
    client = login(world.users["jh_city"])
    body = client.get("/accreditation/plan/").content.decode()
    assert 'id="plan-period"' in body and 'data-in-force="1"' in body and DEMO_CODE in body
    old = client.get("/accreditation/plan/?plan=zhejiang-2014").content.decode()
    assert 'data-in-force="1"' not in old and "现行计划期为" in old and "2014-01-01" in old
    targets = client.get("/accreditation/plan/targets/").content.decode()
    assert 'data-in-force="1"' in targets
    periods = client.get("/accreditation/plan/periods/").content.decode()
    assert "zhejiang-2014" in periods and DEMO_CODE in periods and "载入计划文件" not in periods  # city: read only


def test_province_loads_a_new_period_from_xlsx(world, login):
    client = login(world.users["zj_province"])
    first = TODAY.year + 2
    content = filled_template(client, first, first + 2)
    response = client.post("/accreditation/plan/periods/", {"file": SimpleUploadedFile("计划.xlsx", content)}, follow=True)
    assert response.status_code == 200 and response.redirect_chain, response.context["form"].errors
    plan = TrainingPlan.objects.get(first_year=first)
    assert (plan.last_year, plan.cite, plan.source) == (first + 2, "浙商务电商发〔2030〕1号 附件3", "省商务厅下达文件")
    assert (plan.period_start, plan.period_end) == (datetime.date(first, 1, 1), datetime.date(first + 2, 12, 31))
    lines = {u.region_id: u for u in planlib.plan_lines(plan)}
    assert len(lines) == 12 and planlib.line_targets(lines["330100"]) == {first: 100, first + 1: 100, first + 2: 100}
    assert lines["330782"].parent.region_id == "330700"
    assert AuditEvent.objects.filter(action="import", object_type="accreditation.trainingplan",
                                     object_id=str(plan.pk)).exists()


def test_a_wrong_sheet_is_refused_naming_its_row_and_nothing_is_loaded(world, login):
    client = login(world.users["zj_province"])
    first = TODAY.year + 2

    def break_hangzhou(sheet, header_row, headers):
        sheet.cell(header_row + 1, headers.index("任务总数") + 1).value = 1  # 杭州's years no longer add up

    content = filled_template(client, first, first + 1, mutate=break_hangzhou)
    before = TrainingPlan.objects.count()
    body = client.post("/accreditation/plan/periods/", {"file": SimpleUploadedFile("计划.xlsx", content)}).content.decode()
    assert "计划.xlsx 第 16 行" in body  # 13 heading rows, the note, the table header, then 杭州
    assert "与任务总数 1 不符" in body and "计划.xlsx" in body
    assert TrainingPlan.objects.count() == before


def test_overlapping_period_and_other_users_are_refused(world, login):
    client = login(world.users["zj_province"])
    content = filled_template(client, TODAY.year, TODAY.year + 2)  # overlaps the demo's current period
    body = client.post("/accreditation/plan/periods/", {"file": SimpleUploadedFile("p.xlsx", content)}).content.decode()
    assert "重叠" in body and not TrainingPlan.objects.filter(first_year=TODAY.year).exists()
    for username in ("jh_city", "inst_staff"):
        other = login(world.users[username])
        assert other.post("/accreditation/plan/periods/", {"file": SimpleUploadedFile("p.xlsx", content)}).status_code == 403
        assert other.get("/accreditation/plan/periods/new/").status_code == 403


def test_yaml_of_the_pack_shape_loads(world, login, tmp_path):
    shipped = planlib.shipped_plan_path().read_text(encoding="utf-8")
    first = TODAY.year + 5
    text = (shipped.replace("plan: zhejiang-2014", f"plan: zhejiang-{first}")
            .replace("years: [2014, 2015, 2016, 2017]", f"years: [{first}, {first + 1}, {first + 2}, {first + 3}]"))
    for old, new in zip((2014, 2015, 2016, 2017), range(first, first + 4), strict=True):
        text = text.replace(f"{old}:", f"{new}:")
    text += f"starts_on: {first}-03-01\nsource: 浙商务电商发〔{first}〕12号\n"
    client = login(world.users["zj_province"])
    response = client.post("/accreditation/plan/periods/", {"file": SimpleUploadedFile("plan.yaml", text.encode())})
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = TrainingPlan.objects.get(code=f"zhejiang-{first}")
    assert plan.period_start == datetime.date(first, 3, 1) and plan.source == f"浙商务电商发〔{first}〕12号"
    assert planlib.province_totals(plan)["target_total"] == 100000


def test_province_enters_a_new_period_on_the_page(world, login):
    client = login(world.users["zj_province"])
    first = TODAY.year + 2
    page = client.get("/accreditation/plan/periods/new/", {"first_year": first, "last_year": first + 1})
    assert page.status_code == 200
    form = page.context["form"]
    data = {"first_year": first, "last_year": first + 1, "code": f"zhejiang-{first}", "title": "新计划",
            "cite": "浙商务电商发〔2030〕2号 附件3", "source": "", "starts_on": f"{first}-01-01",
            "ends_on": f"{first + 1}-12-31", "reserve_institutions": 10, "reserve_bases": 20}
    for u, names in form.grid:
        for name in names:
            if name.startswith("t_"):
                data[name] = 30 if u.region_id == "330782" else 200
            else:
                data[name] = form.fields[name].initial
    data[f"t_330782_{first}"] = 500  # 义乌 above 金华（含义乌）: refused by the plan file's own check
    body = client.post("/accreditation/plan/periods/new/", data).content.decode()
    assert "超过上级行" in body and not TrainingPlan.objects.filter(code=f"zhejiang-{first}").exists()
    data[f"t_330782_{first}"] = 30
    response = client.post("/accreditation/plan/periods/new/", data)
    assert response.status_code == 302
    plan = TrainingPlan.objects.get(code=f"zhejiang-{first}")
    assert plan.source == "页面录入" and plan.reserve_institutions == 10
    assert planlib.province_totals(plan)["targets"][first] == 11 * 200


def test_roster_outside_every_period_is_refused_before_import_then_imported_when_confirmed(world, login):
    unit = register(world.orgs["义乌市创业电子商务职业培训学校"], registered_on=datetime.date(2014, 9, 1))
    client = login(world.users["inst_staff"])
    content = roster_xlsx([("王小红", valid_id_number("330782"), None, None)],
                          starts=datetime.date(2019, 3, 2), ends=datetime.date(2019, 3, 20))  # 2018–2023: no plan
    response = client.post("/accreditation/plan/roster/", {"unit": unit.pk, "file": SimpleUploadedFile("r.xlsx", content)},
                           follow=True)
    job = response.context["job"]
    assert job.status == "failed" and "未导入" in response.content.decode() and "不在任何计划期内" in response.content.decode()
    assert not TrainingCourse.objects.filter(unit=unit).exists()
    response = client.post("/accreditation/plan/roster/", {"unit": unit.pk, "confirm_outside": "on",
                                                            "file": SimpleUploadedFile("r.xlsx", content)}, follow=True)
    assert response.context["job"].status == "succeeded"
    assert TrainingCourse.objects.filter(unit=unit, ends_on__year=2019).count() == 1


def test_roster_in_the_current_period_counts_there_without_warning(world, login):
    unit = register(world.orgs["义乌市创业电子商务职业培训学校"], registered_on=datetime.date(TODAY.year - 1, 1, 2))
    client = login(world.users["inst_staff"])
    ends = datetime.date(TODAY.year - 1, 6, 20)
    content = roster_xlsx([("王小红", valid_id_number("330782"), None, None)], starts=ends - datetime.timedelta(days=9),
                          ends=ends)
    response = client.post("/accreditation/plan/roster/", {"unit": unit.pk, "file": SimpleUploadedFile("r.xlsx", content)},
                           follow=True)
    assert response.context["job"].status == "succeeded" and "不计入" not in response.content.decode()
    plan = TrainingPlan.objects.get(code=DEMO_CODE)
    figures = planlib.Figures(plan, TrainingCourse.objects.filter(unit=unit))
    yiwu = next(u for u in figures.lines if u.region_id == "330782")
    assert figures.line_achieved(yiwu, TODAY.year - 1) == 1


def test_annex3_export_carries_quota_usage(world, login):
    plan = TrainingPlan.objects.get(code=DEMO_CODE)
    used = Recommendation.objects.counting().filter(unit__plan=plan, unit__region_id="330100",
                                                    unit_type=UnitType.INSTITUTION).count()
    assert used >= 1  # the demo's 杭州 institution took a place in the current period

    def rows(user):
        response = login(world.users[user]).get(f"/accreditation/plan/export.xlsx?plan={plan.code}")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        headers = [sheet.cell(4, c).value for c in range(1, sheet.max_column + 1)]
        data = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(1, sheet.max_column + 1)]
                for r in range(5, 19)}
        return headers, data

    headers, data = rows("zj_province")
    col = headers.index("培训机构已推荐（个）")
    assert headers[col:col + 4] == ["培训机构已推荐（个）", "培训机构剩余（个）", "实践基地已推荐（个）", "实践基地剩余（个）"]
    hangzhou = planlib.plan_lines(plan)[0]
    assert data["杭州"][col] == used and data["杭州"][col + 1] == hangzhou.institutions_limit - used
    assert isinstance(data["省里机动调配"][col + 1], int)
    _headers, city = rows("hz_city")
    assert city["杭州"][col] == used and city["宁波"][col] == "—"
