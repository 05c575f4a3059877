"""Training targets (附件3, 通知 第四条): county split, roster import, achieved figures, dashboard, 附件3 export."""

import csv
import datetime
import io
import itertools

import openpyxl
import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ectalent.accounts.choices import Role
from ectalent.accreditation import plan as planlib
from ectalent.accreditation import plan_actions
from ectalent.accreditation.choices import UnitStatus, UnitType
from ectalent.accreditation.forms_plan import check_roster, column_letter, parse_date
from ectalent.accreditation.models import (
    CountyTarget,
    PlanUnit,
    RegisteredUnit,
    TrainingCourse,
    TrainingPlan,
    Trainee,
    UnitApplication,
)
from ectalent.audit.models import AuditEvent
from ectalent.registry.models import Person
from ectalent.registry.tests.factories import make_org, make_person, make_user, valid_id_number

pytestmark = pytest.mark.django_db

YEARS = [2014, 2015, 2016, 2017]
_numbers = itertools.count(1)


def the_plan() -> TrainingPlan:
    return TrainingPlan.objects.get(code="zhejiang-2014")


def line(code: str) -> PlanUnit:
    return PlanUnit.objects.select_related("region", "plan").get(plan=the_plan(), region_id=code)


def register(org, *, unit_type=UnitType.INSTITUTION, registered_on=datetime.date(2014, 9, 1), region=None) -> RegisteredUnit:
    """A registered unit made directly (the review workflow is tested elsewhere)."""
    user = make_user(Role.CITY_REVIEWER, "330700")
    application = UnitApplication.objects.create(
        plan=the_plan(), organisation=org, unit_type=unit_type, region=region or org.region, unit_name=org.name,
        address="测试地址1号", legal_representative="张建国", contact_name="李敏", contact_phone="13800138000",
        practice_areas=["operations"], created_by=user,
    )
    return RegisteredUnit.objects.create(
        plan=the_plan(), organisation=org, application=application, unit_type=unit_type,
        register_number=f"T-{unit_type[:4]}-{next(_numbers):05d}", name=org.name, region=application.region,
        registered_on=registered_on,
    )


def course(unit, ends_on, people, *, starts_on=None, completed=True):
    user = make_user(Role.CITY_REVIEWER, "330700")
    c = TrainingCourse.objects.create(unit=unit, title=f"培训班{next(_numbers)}", starts_on=starts_on or ends_on - datetime.timedelta(days=10),
                                      ends_on=ends_on, created_by=user)
    Trainee.objects.bulk_create([Trainee(course=c, person=p, completed=completed) for p in people])
    return c


@pytest.fixture
def units(world):
    """Registered institutions in 义乌 (the demo institution), 婺城, 金华 itself (city level), 杭州, and a base in 义乌."""
    return {
        "yiwu": register(world.orgs["义乌市创业电子商务职业培训学校"]),
        "wucheng": register(world.orgs["金华市金职电商技能培训中心"]),
        "jinhua_city": register(make_org("330700")),
        "hangzhou": register(world.orgs["杭州云帆电子商务培训学院"]),
        "yiwu_base": register(world.orgs["义乌市陆港电子商务园区"], unit_type=UnitType.BASE),
    }


@pytest.fixture
def trained(units):
    """Courses: 义乌 2015 ×3 (one person also in a second 2015 course), 婺城 2015 ×2 and 2016 ×1, 金华市本级 2016 ×1,
    杭州 2014 ×4; not counted: a not-completed trainee, a course ending 2018, a practice base's course."""
    p = [make_person("330782") for _ in range(12)]
    course(units["yiwu"], datetime.date(2015, 6, 30), p[0:2])
    course(units["yiwu"], datetime.date(2015, 11, 30), p[0:1])  # same person, another course: counts again
    course(units["wucheng"], datetime.date(2015, 5, 1), p[2:4])
    course(units["wucheng"], datetime.date(2016, 1, 15), p[4:5])
    course(units["jinhua_city"], datetime.date(2016, 3, 1), p[5:6])
    course(units["hangzhou"], datetime.date(2014, 12, 31), p[6:10])
    course(units["hangzhou"], datetime.date(2014, 12, 31), p[10:11], completed=False)
    course(units["yiwu"], datetime.date(2018, 1, 10), p[11:12])
    course(units["yiwu_base"], datetime.date(2015, 6, 30), p[0:3])
    return p


# --- achieved figures ------------------------------------------------------------------------------


def test_achieved_counts_roll_up_from_county_to_line_and_province_without_double_counting(trained):
    figures = planlib.Figures(the_plan(), TrainingCourse.objects.all())
    yiwu, jinhua, hangzhou = line("330782"), line("330700"), line("330100")
    assert [figures.line_achieved(yiwu, y) for y in YEARS] == [0, 3, 0, 0]
    assert [figures.line_achieved(jinhua, y) for y in YEARS] == [0, 5, 2, 0]  # includes 义乌 and 市本级
    assert [figures.line_achieved(hangzhou, y) for y in YEARS] == [4, 0, 0, 0]
    assert [figures.province_achieved(y) for y in YEARS] == [4, 5, 2, 0]  # 义乌 not added twice
    wucheng = jinhua.region.children.get(code="330702")
    assert [figures.county_achieved(wucheng, y) for y in YEARS] == [0, 2, 1, 0]
    assert [figures.province_target(y) for y in YEARS] == [17100, 23900, 28000, 31000]


def test_achieved_figures_follow_the_callers_scope(trained, world):
    figures = planlib.Figures(the_plan(), TrainingCourse.objects.visible_to(world.users["wc_county"]))
    assert [figures.line_achieved(line("330700"), y) for y in YEARS] == [0, 2, 1, 0]
    assert figures.province_achieved(2014) == 0


# --- county split ----------------------------------------------------------------------------------


def test_split_counties_of_jinhua_leave_out_yiwu_which_is_its_own_line():
    codes = [r.code for r in planlib.split_counties(line("330700"))]
    assert "330782" not in codes and "330702" in codes and len(codes) == 8
    assert [r.code for r in planlib.split_counties(line("330782"))] == ["330782"]


def test_county_split_may_not_exceed_the_line_target_less_the_nested_line(world):
    city = world.users["jh_city"]
    jinhua = line("330700")
    with pytest.raises(ValidationError) as err:
        plan_actions.set_county_targets(jinhua, 2015, {"330702": 1500, "330703": 600}, acting_user=city)
    message = err.value.messages[0]
    assert "3000" in message and "义乌 1000" in message and "最多 2000" in message and "超出 100" in message
    assert not CountyTarget.objects.filter(unit=jinhua).exists()
    stored = plan_actions.set_county_targets(jinhua, 2015, {"330702": 1400, "330703": 600, "330783": None}, acting_user=city)
    assert stored == {"330702": 1400, "330703": 600}
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "update" and event.after["counties"] == {"330702": 1400, "330703": 600}
    # Clearing a county removes its row.
    assert plan_actions.set_county_targets(jinhua, 2015, {"330703": None}, acting_user=city) == {"330702": 1400}


def test_yiwu_line_splits_only_to_itself_within_its_own_target(world):
    city = world.users["jh_city"]
    yiwu = line("330782")
    with pytest.raises(ValidationError, match="超出 1"):
        plan_actions.set_county_targets(yiwu, 2016, {"330782": 1001}, acting_user=city)
    with pytest.raises(ValidationError, match="不是 义乌 可分解的县"):
        plan_actions.set_county_targets(yiwu, 2016, {"330702": 10}, acting_user=city)
    assert plan_actions.set_county_targets(yiwu, 2016, {"330782": 1000}, acting_user=city) == {"330782": 1000}


def test_county_split_rejects_a_county_of_another_city_and_a_year_outside_the_plan(world):
    city = world.users["jh_city"]
    with pytest.raises(ValidationError, match="不是 金华"):
        plan_actions.set_county_targets(line("330700"), 2015, {"330102": 5}, acting_user=city)
    with pytest.raises(ValidationError, match="2018 年不在计划年度"):
        plan_actions.set_county_targets(line("330700"), 2018, {"330702": 5}, acting_user=city)


def test_county_split_page_for_the_city_reviewer_only(world, login):
    url = "/accreditation/plan/lines/330700/counties/2015/?plan=zhejiang-2014"
    assert login(world.users["hz_city"]).get(url).status_code == 404
    assert login(world.users["wc_county"]).get(url).status_code == 403
    client = login(world.users["jh_city"])
    page = client.get(url)
    assert page.status_code == 200 and "婺城区" in page.content.decode() and "可分解" in page.content.decode()
    response = client.post(url, {"c_330702": "2500"})
    assert response.status_code == 200 and "超出 500 人" in response.content.decode()
    response = client.post(url, {"c_330702": "1200", "c_330784": "300"})
    assert response.status_code == 302
    assert planlib.county_targets(line("330700"), 2015) == {("330702", 2015): 1200, ("330784", 2015): 300}
    assert client.get("/accreditation/plan/lines/330782/counties/?plan=zhejiang-2014").status_code == 200


# --- roster import ---------------------------------------------------------------------------------


def roster_xlsx(rows, *, title="电商运营实务培训班（第一期）", starts="2015-03-02", ends="2015-03-20",
                header=("姓名", "身份证号", "手机号", "所在县区代码")) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet()
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(0, 0, "课程名称")
    sheet.write_string(0, 1, title)
    sheet.write_string(1, 0, "培训方向")
    sheet.write_string(1, 1, "电子商务师：运营推广")
    for r, (label, value) in enumerate((("开班日期", starts), ("结业日期", ends)), start=2):
        sheet.write_string(r, 0, label)
        if isinstance(value, datetime.date):
            sheet.write_datetime(r, 1, datetime.datetime.combine(value, datetime.time()), date_fmt)
        else:
            sheet.write_string(r, 1, value)
    for c, name in enumerate(header):
        sheet.write_string(5, c, name)
    for r, row in enumerate(rows, start=6):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif value is not None:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def upload(client, unit, content: bytes, name="roster.xlsx"):
    """Post a roster; it is checked and imported by a background job (inline in tests): the job's page."""
    return client.post("/accreditation/plan/roster/", {
        "unit": unit.pk, "file": SimpleUploadedFile(name, content),
    }, follow=True)


def test_good_roster_imports_course_trainees_and_new_people(units, world, login):
    existing = make_person("330702", name="测已登记")
    n1, n2 = valid_id_number("330782", datetime.date(1992, 3, 4), "F"), valid_id_number("330783", datetime.date(1988, 7, 9), "M")
    content = roster_xlsx([
        ("王小红", n1, "13912345678", "330782"),
        ("李大壮", n2, None, None),
        (existing.name, existing.id_number, None, None),
    ], starts=datetime.date(2015, 3, 2), ends=datetime.date(2015, 3, 20))
    people_before = Person.objects.count()
    response = upload(login(world.users["inst_staff"]), units["yiwu"], content)
    assert response.context["job"].status == "succeeded", response.content.decode()[:3000]
    assert "学员 3 人，其中新登记人员 2 人" in response.content.decode()
    c = TrainingCourse.objects.get(unit=units["yiwu"])
    assert (c.title, c.starts_on, c.ends_on, c.scope) == ("电商运营实务培训班（第一期）", datetime.date(2015, 3, 2),
                                                          datetime.date(2015, 3, 20), "电子商务师：运营推广")
    assert c.trainees.count() == 3
    assert Person.objects.count() == people_before + 2
    red = Person.objects.get(id_number=n1)
    assert (red.name, red.gender, red.birth_date, red.region_id, red.phone) == ("王小红", "F", datetime.date(1992, 3, 4), "330782", "13912345678")
    assert red.owner_org == units["yiwu"].organisation
    assert Person.objects.get(id_number=n2).region_id == units["yiwu"].region_id  # no county given: the unit's region
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "import" and event.after["trainees"] == 3 and event.after["people_created"] == 2
    assert AuditEvent.objects.filter(action="import", object_type="accreditation.trainingcourse").count() == 1
    figures = planlib.Figures(the_plan(), TrainingCourse.objects.all())
    assert figures.line_achieved(line("330782"), 2015) == 3


def test_csv_roster_in_gb18030_imports(units, world, login):
    number = valid_id_number("330782")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([["课程名称", "跨境电商实务班"], ["开班日期", "2016/4/1"], ["结业日期", "2016年4月20日"], [],
                      ["所在县区代码", "身份证号", "姓名"], ["330782", number, "陈晓"]])
    response = upload(login(world.users["inst_staff"]), units["yiwu"], out.getvalue().encode("gb18030"), name="名单.csv")
    assert response.context["job"].status == "succeeded"
    assert TrainingCourse.objects.get(unit=units["yiwu"]).ends_on == datetime.date(2016, 4, 20)


def test_roster_with_errors_is_refused_whole_and_names_every_row_and_column(units, world, login):
    existing = make_person("330782", name="测真名")
    good = valid_id_number("330782")
    bad_check = good[:17] + ("0" if good[17] != "0" else "1")
    dup = valid_id_number("330783")
    content = roster_xlsx([
        ("甲", good, "13800000001", None),        # row 7: fine
        ("乙", bad_check, None, None),             # row 8: bad check character
        ("丙", dup, None, None),                   # row 9: fine
        ("丁", dup, None, None),                   # row 10: duplicate of row 9
        ("冒名", existing.id_number, None, None),  # row 11: name differs from the registry
        ("戊", valid_id_number("330782"), "1380000", "339999"),  # row 12: bad phone, unknown county
        ("", valid_id_number("330782"), None, None),  # row 13: no name
    ], starts="下周一", ends="2015-03-20")
    people_before, courses_before = Person.objects.count(), TrainingCourse.objects.count()
    response = upload(login(world.users["inst_staff"]), units["yiwu"], content)
    assert response.context["job"].status == "failed"
    errors = [(e["row"], e["column"], e["field"]) for e in response.context["job"].errors]
    assert (3, "B", "开班日期") in errors
    assert (8, "B", "身份证号") in errors
    assert (10, "B", "身份证号") in errors
    assert (11, "A", "姓名") in errors
    assert (12, "C", "手机号") in errors and (12, "D", "所在县区代码") in errors
    assert (13, "A", "姓名") in errors
    assert not any(row == 7 or row == 9 for row, _, _ in errors)
    html = response.content.decode()
    assert "校验位错误" in html and "与第 9 行重复" in html and "应为日期" in html and "下周一" in html
    assert "不一致" in html and "测真名" not in html  # the registry's name is not disclosed
    assert Person.objects.count() == people_before and TrainingCourse.objects.count() == courses_before


def test_roster_course_dates_are_checked(units):
    unit = units["yiwu"]
    cells = [["课程名称", "班"], ["开班日期", datetime.date(2014, 8, 1)], ["结业日期", datetime.date(2014, 7, 1)], [],
             ["姓名", "身份证号"], ["甲", valid_id_number()]]
    messages = [str(e) for e in check_roster(cells, unit, the_plan(), today=datetime.date(2020, 1, 1)).errors]
    assert any("第 3 行 B 列（结业日期）" in m and "早于开班日期" in m for m in messages)
    assert any("第 2 行 B 列（开班日期）" in m and "早于本机构备案日期 2014-09-01" in m for m in messages)
    cells[1][1], cells[2][1] = datetime.date(2019, 12, 1), datetime.date(2020, 2, 1)
    messages = [str(e) for e in check_roster(cells, unit, the_plan(), today=datetime.date(2020, 1, 1)).errors]
    assert any("晚于今天" in m for m in messages)
    roster = check_roster([["课程名称", "班"], ["开班日期", "2019-12-01"], ["结业日期", "2019-12-02"], ["姓名", "身份证号"],
                           ["甲", valid_id_number()]], unit, the_plan(), today=datetime.date(2020, 1, 1))
    assert not roster.errors and "不计入" in roster.warnings[0]


def test_roster_without_trainee_header_or_course_fields_is_refused(units):
    roster = check_roster([["随便写点什么"]], units["yiwu"], the_plan())
    text = " ".join(str(e) for e in roster.errors)
    assert "缺少“课程名称”" in text and "缺少“结业日期”" in text and "未找到学员表头" in text


def test_same_course_cannot_be_imported_twice(units, world, login):
    client = login(world.users["inst_staff"])
    content = roster_xlsx([("甲", valid_id_number(), None, None)])
    assert upload(client, units["yiwu"], content).context["job"].status == "succeeded"
    response = upload(client, units["yiwu"], content)
    assert response.context["job"].status == "failed" and "已导入过" in response.content.decode()


def test_staff_cannot_import_for_another_institution(units, world, login):
    response = upload(login(world.users["inst_staff"]), units["wucheng"], roster_xlsx([("甲", valid_id_number(), None, None)]))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not TrainingCourse.objects.filter(unit=units["wucheng"]).exists()


def test_city_official_imports_for_a_unit_in_the_city_and_revoked_units_are_not_offered(units, world, login):
    client = login(world.users["jh_city"])
    assert upload(client, units["wucheng"], roster_xlsx([("甲", valid_id_number(), None, None)])).context["job"].status == "succeeded"
    RegisteredUnit.objects.filter(pk=units["jinhua_city"].pk).update(status=UnitStatus.REVOKED)
    offered = list(client.get("/accreditation/plan/roster/").context["form"].fields["unit"].queryset)
    assert units["wucheng"] in offered and units["jinhua_city"] not in offered and units["hangzhou"] not in offered
    assert units["yiwu_base"] not in offered


def test_applicant_cannot_import(world, login):
    assert login(world.users["applicant"]).get("/accreditation/plan/roster/").status_code == 403


def test_helpers():
    assert [column_letter(i) for i in (0, 3, 25, 26)] == ["A", "D", "Z", "AA"]
    assert parse_date("2015年3月2日") == parse_date("2015/3/2") == parse_date("20150302") == datetime.date(2015, 3, 2)
    with pytest.raises(ValueError):
        parse_date("三月二日")


def test_roster_template_downloads(world, login):
    response = login(world.users["inst_staff"]).get("/accreditation/plan/roster/template.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "课程名称" and sheet["A6"].value == "姓名" and sheet["B6"].value == "身份证号"


# --- dashboard -------------------------------------------------------------------------------------


def _rows(response):
    return {r["code"]: r for r in response.context["rows"]}


def test_province_dashboard_totals_add_up_as_the_official_table(trained, world, login):
    response = login(world.users["zj_province"]).get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert response.status_code == 200 and response.context["scope"] == "province"
    rows = _rows(response)
    assert len(rows) == 12
    total = response.context["total"]
    assert [c["target"] for c in total["cells"]] == [17100, 23900, 28000, 31000]
    assert total["total"]["target"] == 100000
    assert [c["achieved"] for c in total["cells"]] == [4, 5, 2, 0]
    top = [r for r in response.context["rows"] if not r["nested"]]
    for i in range(4):
        assert sum(r["cells"][i]["target"] for r in top) == total["cells"][i]["target"]
        assert sum(r["cells"][i]["achieved"] for r in top) == total["cells"][i]["achieved"]
    assert rows["330782"]["nested"] and rows["330700"]["cells"][1]["achieved"] == 5
    chart = response.context["chart"]
    assert chart["targets"] == [17100, 23900, 28000, 31000] and chart["achieved"] == [4, 5, 2, 0]
    assert "义乌" not in chart["parts"]["labels"] and len(chart["parts"]["labels"]) == 11
    html = response.content.decode()
    assert 'id="chart-data"' in html and "chart.umd.min.js" in html


def test_city_dashboard_shows_its_line_and_counties_adding_up_to_the_line(trained, world, login):
    city = world.users["jh_city"]
    plan_actions.set_county_targets(line("330700"), 2015, {"330702": 1200, "330703": 300}, acting_user=city)
    response = login(city).get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert response.context["scope"] == "line" and response.context["line"].region_id == "330700"
    rows = _rows(response)
    assert "330782" in rows and rows["330782"]["cells"][1] == {"target": 1000, "achieved": 3, "rate": 0.3}
    assert rows["330702"]["cells"][1]["target"] == 1200 and rows["330702"]["cells"][1]["achieved"] == 2
    assert rows["330702"]["cells"][0]["target"] is None  # 2014 not split
    rest = response.context["remainder"]
    assert rest["cells"][1]["target"] == 3000 - 1000 - 1200 - 300
    assert rest["cells"][2]["achieved"] == 1  # 金华市本级 unit
    total = response.context["total"]
    for i in range(4):
        parts = list(rows.values()) + [rest]
        assert sum(r["cells"][i]["target"] or 0 for r in parts) == total["cells"][i]["target"]
        assert sum(r["cells"][i]["achieved"] for r in parts) == total["cells"][i]["achieved"]
    assert [c["achieved"] for c in total["cells"]] == [0, 5, 2, 0]


def test_county_reviewer_sees_only_own_county(trained, world, login):
    client = login(world.users["wc_county"])
    response = client.get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert response.context["scope"] == "county" and response.context["region"].code == "330702"
    assert [c["achieved"] for c in response.context["total"]["cells"]] == [0, 2, 1, 0]
    assert all(c["target"] is None for c in response.context["total"]["cells"])
    assert "尚未把培训任务分解到本县" in response.content.decode()
    for other in ("330782", "330700", "330000", "330100", "330703"):
        assert client.get(f"/accreditation/plan/targets/{other}/?plan=zhejiang-2014").status_code == 404, other
    assert client.get("/accreditation/plan/targets/330702/?plan=zhejiang-2014").status_code == 200


def test_yiwu_county_reviewer_sees_the_yiwu_line(trained, world, login):
    client = login(world.users["yw_county"])
    response = client.get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert response.context["scope"] == "line" and response.context["line"].region_id == "330782"
    assert [c["target"] for c in response.context["total"]["cells"]] == [1000] * 4
    assert [c["achieved"] for c in response.context["total"]["cells"]] == [0, 3, 0, 0]
    assert client.get("/accreditation/plan/targets/330700/?plan=zhejiang-2014").status_code == 404


def test_other_city_and_other_province_get_404_and_non_officials_an_empty_state(trained, world, login):
    assert login(world.users["hz_city"]).get("/accreditation/plan/targets/330700/?plan=zhejiang-2014").status_code == 404
    assert login(world.users["js_province"]).get("/accreditation/plan/targets/330000/?plan=zhejiang-2014").status_code == 404
    response = login(world.users["inst_staff"]).get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert response.status_code == 200 and response.context["scope"] is None
    assert "没有本计划范围内的辖区" in response.content.decode()


def test_dashboard_empty_state_without_trainings(world, login):
    response = login(world.users["zj_province"]).get("/accreditation/plan/targets/?plan=zhejiang-2014")
    assert "还没有计入任务的培训" in response.content.decode()


# --- 附件3 export -----------------------------------------------------------------------------------


def _sheet(response):
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_annex3_export_has_the_official_rows_and_achieved_figures(trained, world, login):
    from .test_plan import SEED, SEED_PROVINCE, SEED_RESERVE

    response = login(world.users["zj_province"]).get("/accreditation/plan/export.xlsx?plan=zhejiang-2014")
    assert response.status_code == 200
    sheet = _sheet(response)
    header = [sheet.cell(4, c).value for c in range(1, 15)]
    assert header[1:8] == ["任务总数", "2014年（人）", "2015年（人）", "2016年（人）", "2017年（人）",
                           "培训机构推荐总数（个）", "实践基地推荐总数（个）"]
    assert header[8:14] == ["完成合计（人）", "2014年完成（人）", "2015年完成（人）", "2016年完成（人）", "2017年完成（人）", "完成率（%）"]
    assert any(str(r).startswith("B3") for r in sheet.merged_cells.ranges)
    rows = [[sheet.cell(r, c).value for c in range(1, 15)] for r in range(5, 5 + len(SEED) + 2)]
    for row, (_, label, *figures) in zip(rows, SEED, strict=False):
        assert row[0] == label and row[1:8] == figures
    reserve, total = rows[len(SEED)], rows[len(SEED) + 1]
    assert reserve[0] == "省里机动调配" and reserve[1:6] == ["-"] * 5 and reserve[6:8] == list(SEED_RESERVE)
    assert total[0] == "全省" and tuple(total[1:8]) == SEED_PROVINCE
    assert total[8:13] == [11, 4, 5, 2, 0]
    by_label = {r[0]: r for r in rows}
    assert by_label["金华（含义乌）"][8:13] == [7, 0, 5, 2, 0]
    assert by_label["义乌"][8:13] == [3, 0, 3, 0, 0]
    assert AuditEvent.objects.filter(action="export", object_type="accreditation.trainingplan").exists()


def test_annex3_export_hides_other_cities_achieved_figures(trained, world, login):
    sheet = _sheet(login(world.users["jh_city"]).get("/accreditation/plan/export.xlsx?plan=zhejiang-2014"))
    rows = {sheet.cell(r, 1).value: [sheet.cell(r, c).value for c in range(1, 15)] for r in range(5, 19)}
    assert rows["金华（含义乌）"][8] == 7
    assert rows["杭州"][8] == "—" and rows["全省"][8] == "—"
    assert rows["全省"][1] == 100000  # the plan itself is public
