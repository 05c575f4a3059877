"""附件4/5/6 in the official layouts: the xlsx cells and merged ranges, and the PDF's text and ink on the page."""

import datetime
import io
import random
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from ectalent.accounts.models import User
from ectalent.accreditation import exports
from ectalent.accreditation.models import TrainingPlan, UnitApplication
from ectalent.core import pdf
from ectalent.regions.models import Region
from ectalent.registry import fake
from ectalent.registry.models import Organisation
from ectalent.workflow.models import Case, StepState

pytestmark = pytest.mark.django_db

_rng = random.Random(20140610)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def creator():
    return User.objects.create_user(username="export_tester", password="x")


@pytest.fixture
def plan():
    return TrainingPlan.objects.create(
        code="test-exports", title="测试计划", policy="accreditation", cite="附件3",
        province=Region.objects.get(code="330000"), first_year=2014, last_year=2017,
    )


def _org(name, region_code, kind):
    return Organisation.objects.create(
        name=name, kind=kind, region=Region.objects.get(code=region_code),
        credit_code=fake.credit_code(_rng, region_code, "52" if kind == "training_institution" else "91"),
    )


@pytest.fixture
def institution(plan, creator):
    org = _org("义乌市创业电子商务职业培训学校", "330782", "training_institution")
    return UnitApplication.objects.create(
        plan=plan, organisation=org, unit_type="institution", region=org.region, created_by=creator,
        unit_name=org.name, nature="民办非企业", address="浙江省义乌市稠城街道工人北路1号",
        legal_representative="王建国", contact_name="李晓婷", contact_phone="0579-85123456", contact_fax="0579-85123457",
        founded_on=datetime.date(2009, 3, 18), staff_total=42, teachers_full_time=12, teachers_part_time=8,
        managers_count=6, other_staff_count=16, max_training_capacity=300, premises_ownership="leased",
        premises_area=Decimal("1250.50"),
        training_scopes=["assistant.customer_service", "assistant.visual_design", "specialist.operations",
                         "specialist.cross_border", "manager"],
        licence_issuer="义乌市人力资源和社会保障局", licence_number="人社民3307822009001号",
        training_summary="近一年举办网店运营、美工设计培训班 18 期，培训学员 1260 人次；招生渠道为园区企业推荐、网络报名和合作院校。",
        practice_areas=["operations", "marketing"],
    )


@pytest.fixture
def enterprise_base(plan, creator):
    org = _org("金华恒信网络科技有限公司", "330702", "enterprise_service")
    return UnitApplication.objects.create(
        plan=plan, organisation=org, unit_type="base", region=org.region, created_by=creator, base_kind="enterprise",
        unit_name=org.name, address="浙江省金华市婺城区宾虹路88号", legal_representative="赵志斌",
        contact_name="孙雅婧", contact_phone="13857912345", contact_fax="0579-82233445", website="www.hengxin.example",
        employees_count=185, revenue_last_year=Decimal("5230.00"), enterprise_category="service",
        overview="主营电商代运营与视觉设计，服务天猫、京东店铺 120 家，平台销售比重 85%，上年度平台交易额 3.2 亿元。",
    )


@pytest.fixture
def park_base(plan, creator):
    org = _org("义乌市电子商务产业园管理有限公司", "330782", "industrial_park")
    return UnitApplication.objects.create(
        plan=plan, organisation=org, unit_type="base", region=org.region, created_by=creator, base_kind="park",
        unit_name=org.name, address="浙江省义乌市江东街道青口工业区", legal_representative="钱振华",
        contact_name="周佩琳", contact_phone="0579-85550000", park_name="义乌青岩刘电商产业基地",
        park_address="浙江省义乌市江东街道青岩刘村", park_manager="义乌市电子商务产业园管理有限公司",
        park_tenants=236, park_revenue_last_year=Decimal("86000"),
        overview="基地采用“政府引导、企业运作”模式，提供办公、仓储、摄影和培训等一站式服务。",
    )


def _case(application, steps, round_=1):
    case = Case.objects.create(
        workflow="accreditation", route="county", subject_type="accreditation.unitapplication",
        subject_id=str(application.pk), subject_repr=str(application), region=application.region,
        organisation=application.organisation, status="in_review", round=round_,
    )
    for order, (code, decision, reason, when) in enumerate(steps):
        StepState.objects.create(
            case=case, step=code, step_label=code, order=order, round=round_, level="county", role="county_reviewer",
            decision=decision, reason=reason, decided_at=when, started_at=timezone.now(),
        )
    return case


def _at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 30))


def _sheet(data):
    book = load_workbook(io.BytesIO(data))
    return book.active


def _merged(sheet) -> set[str]:
    return {str(r) for r in sheet.merged_cells.ranges}


def _find(sheet, text):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and str(cell.value) == text:
                return cell.coordinate
    return None


# ---------------------------------------------------------------- 附件4

def test_form4_xlsx_cells_and_merges(institution):
    sheet = _sheet(exports.form4_xlsx(institution))
    assert sheet["A1"].value == "附件4"
    assert sheet["A2"].value == "培训机构基本情况申报表"
    # the grid starts on row 3: label | value | label | value
    expected = {
        "A3": "单位名称", "B3": "义乌市创业电子商务职业培训学校", "C3": "单位性质", "D3": "民办非企业",
        "A4": "单位地址", "B4": "浙江省义乌市稠城街道工人北路1号", "C4": "法定代表", "D4": "王建国",
        "A5": "联系方式", "B5": "姓名：李晓婷", "C5": "电话：0579-85123456", "D5": "传真：0579-85123457",
        "A6": "机构组建时间", "B6": "2009年3月18日", "C6": "职工人数",
        "D6": "共 42 人，其中：教师 20 人（专职 12 人，兼职 8 人），管理人员 6 人，其它 16 人",
        "A7": "最大培训规模", "B7": "300 人", "C7": "教学场地", "D7": "☐ 自有\u3000☑ 租赁\u3000面积 1,250.5 平方米",
        "A8": "培训范围", "A9": "发证机关", "B9": "义乌市人力资源和社会保障局", "C9": "证书编号", "D9": "人社民3307822009001号",
        "A10": "培训办班\n情况简介", "A12": "注册地商务主管部门（省电商促进会）推荐意见", "A14": "市商务主管部门推荐意见",
    }
    for coordinate, value in expected.items():
        assert sheet[coordinate].value == value, coordinate
    scopes = sheet["B8"].value.split("\n")
    assert scopes == [
        "1. 助理电子商务师：网络客服 ☑\u3000美工设计 ☑\u3000仓储物流 ☐",
        "2. 电子商务师：运营推广 ☑\u3000平台建设 ☐\u3000物流管理 ☐\u3000跨境电子商务 ☑",
        "3. 高级电子商务师 ☐",
        "4. 电子商务职业经理人 ☑",
    ]
    assert sheet["B10"].value.startswith("（近一年内培训情况、招生渠道等，可另附页。")
    assert sheet["B10"].value.endswith("合作院校。")
    assert sheet["B11"].value.startswith("（盖章）") and sheet["B11"].value.endswith("年\u3000\u3000月\u3000\u3000日")
    assert sheet["B12"].value == "（场地、相关材料已查验）"  # no review case yet: opinion left for the hand
    assert sheet["B14"].value is None and sheet["B15"].value.startswith("（盖章）")
    merged = _merged(sheet)
    assert {"A2:D2", "B8:D8", "A10:A11", "B10:D10", "B11:D11", "A12:A13", "B12:D12", "B13:D13", "A14:A15",
            "B14:D14", "B15:D15"} <= merged
    assert sheet["B11"].alignment.horizontal == "right"
    assert sheet["B8"].alignment.wrap_text
    assert int(sheet.page_setup.paperSize) == 9  # A4


def test_form4_opinions_come_from_the_approving_decisions(institution):
    _case(institution, [
        ("county_review", "approved", "经实地查验，场地、师资符合条件，同意推荐。", _at(2014, 6, 12)),
        ("city_review", "approved", "经会同人社、财政、教育部门审核，同意推荐。", _at(2014, 6, 25)),
    ])
    sheet = _sheet(exports.form4_xlsx(institution))
    assert sheet["B12"].value == "（场地、相关材料已查验）\n经实地查验，场地、师资符合条件，同意推荐。"
    assert sheet["B13"].value == "（盖章）\u3000\u30002014年6月12日"
    assert sheet["B14"].value == "经会同人社、财政、教育部门审核，同意推荐。"
    assert sheet["B15"].value == "（盖章）\u3000\u30002014年6月25日"

    text = _flat(pdf.page_texts(exports.form4_pdf(institution))[0])
    assert "经实地查验，场地、师资符合条件，同意推荐。（盖章）2014年6月12日" in text
    assert "2014年6月25日" in text


def test_form4_pending_or_returned_decisions_leave_the_rows_blank(institution):
    _case(institution, [
        ("county_review", "approved", "", _at(2014, 6, 12)),
        ("city_review", "returned", "请补充租赁协议。", _at(2014, 6, 20)),
    ])
    opinions = exports.recommendation_opinions(institution)
    assert opinions["local"].text == "同意推荐。" and opinions["local"].date == datetime.date(2014, 6, 12)
    assert opinions["city"] is None
    sheet = _sheet(exports.form4_xlsx(institution))
    assert "请补充租赁协议" not in str(sheet["B14"].value)
    assert sheet["B15"].value.endswith("年\u3000\u3000月\u3000\u3000日")


def test_form4_only_the_current_round_counts(institution):
    case = _case(institution, [("county_review", "approved", "第一轮同意。", _at(2014, 6, 1)),
                               ("city_review", "returned", "退回补正。", _at(2014, 6, 5))])
    case.round = 2
    case.save(update_fields=["round"])
    assert exports.recommendation_opinions(institution) == {"local": None, "city": None}


def test_form4_via_association_is_labelled(institution):
    _case(institution, [("association_recommendation", "approved", "会员单位，推荐。", _at(2014, 6, 8))])
    opinion = exports.recommendation_opinions(institution)["local"]
    assert opinion.step == "association_recommendation"
    assert opinion.text == "省电子商务促进会推荐：会员单位，推荐。"


def test_form4_pdf_text_layout_and_ink(institution, tmp_path):
    data = exports.form4_pdf(institution)
    assert pdf.page_count(data) == 1
    text = pdf.page_texts(data)[0]
    flat = _flat(text)
    for value in ["附件4", "培训机构基本情况申报表", "单位名称", "义乌市创业电子商务职业培训学校", "单位性质", "民办非企业",
                  "法定代表", "王建国", "联系方式", "姓名：李晓婷", "电话：0579-85123456", "传真：0579-85123457",
                  "机构组建时间", "2009年3月18日", "共42人，其中：教师20人（专职12人，兼职8人），管理人员6人，其它16人",
                  "最大培训规模", "300人", "☐自有☑租赁面积1,250.5平方米", "网络客服☑美工设计☑仓储物流☐",
                  "运营推广☑平台建设☐物流管理☐跨境电子商务☑", "高级电子商务师☐", "电子商务职业经理人☑",
                  "发证机关", "人社民3307822009001号", "培训办班情况简介", "合作院校。",
                  "注册地商务主管部门（省电商促进会）推荐意见", "（场地、相关材料已查验）", "市商务主管部门推荐意见",
                  "（盖章）年月日", "第1页共1页"]:
        assert _flat(value) in flat, value
    assert flat.count("（盖章）") == 3
    fonts = pdf.embedded_fonts(data)
    assert all(fonts.values()) and any("NotoSansSC" in f for f in fonts)
    image = pdf.render_page(data, scale=1.5)
    image.save(tmp_path / "form4.png")
    assert 0.02 < pdf.ink_ratio(image) < 0.5  # a drawn grid with text, neither blank nor a black page


def test_form4_long_summary_continues_on_an_attached_page(institution):
    institution.training_summary = "近一年举办网店运营培训班，学员来自园区企业和合作院校。" * 40
    data = exports.form4_pdf(institution)
    pages = pdf.page_texts(data)
    assert len(pages) == 2
    assert "全文见附页" in _flat(pages[0])
    assert "附页：培训办班情况简介" in _flat(pages[1])
    assert _flat(institution.training_summary) in _flat(pages[1])
    # the spreadsheet keeps the whole text in its cell
    assert _sheet(exports.form4_xlsx(institution))["B10"].value.endswith(institution.training_summary)


def test_form4_blanks_for_missing_figures(institution):
    for name in ("staff_total", "teachers_full_time", "teachers_part_time", "managers_count", "other_staff_count",
                 "max_training_capacity", "premises_area", "founded_on"):
        setattr(institution, name, None)
    institution.premises_ownership = ""
    sheet = _sheet(exports.form4_xlsx(institution))
    assert sheet["D6"].value == "共 ____ 人，其中：教师 ____ 人（专职 ____ 人，兼职 ____ 人），管理人员 ____ 人，其它 ____ 人"
    assert sheet["D7"].value == "☐ 自有\u3000☐ 租赁\u3000面积 ____ 平方米"
    assert sheet["B7"].value == "____ 人"
    assert sheet["B6"].value is None


# ---------------------------------------------------------------- 附件5

def test_form5_enterprise_xlsx(enterprise_base):
    sheet = _sheet(exports.form5_xlsx(enterprise_base))
    assert sheet["A1"].value == "附件5" and sheet["A2"].value == "实践基地基本情况申报表"
    expected = {
        "A3": "企业\n（填写）", "B3": "企业名称", "C3": "金华恒信网络科技有限公司", "E3": "法人代表", "F3": "赵志斌",
        "B4": "联系方式", "C4": "姓名：孙雅婧", "D4": "电话：13857912345", "E4": "传真：0579-82233445",
        "B5": "地址", "C5": "浙江省金华市婺城区宾虹路88号", "E5": "网址", "F5": "www.hengxin.example",
        "B6": "从业人员人数", "C6": "185 人", "E6": "上年度主营业务收入", "F6": "5,230 万元",
        "B7": "企业类别：☐ 电子商务应用企业；☑ 电子商务服务企业；☐ 电子商务平台；☐ 其他",
        "A8": "电商\n产业\n基地\n（填写）", "B8": "基地名称", "C8": None, "B9": "基地地址", "C9": None,
        "B10": "管理机构", "C10": None, "E10": "法人代表", "F10": None,
        "B11": "联系方式", "C11": "姓名：", "D11": "电话：", "E11": "传真：",
        "B12": "入驻企业数量", "C12": None, "E12": "上年度基地营业收入", "F12": None,
        "A13": "企业/\n基地\n概况", "A14": "注册地商务主管部门（省电商促进会）推荐意见", "C14": "（场地、相关材料已查验）",
        "A16": "市商务主管部门推荐意见",
    }
    for coordinate, value in expected.items():
        assert sheet[coordinate].value == value, coordinate
    assert sheet["B13"].value.startswith("（企业介绍主营业务、商务模式") and sheet["B13"].value.endswith("3.2 亿元。")
    assert sheet["C15"].value.startswith("（盖章）") and sheet["C17"].value.startswith("（盖章）")
    assert {"A3:A7", "C3:D3", "E4:F4", "C5:D5", "C6:D6", "B7:F7", "A8:A12", "C8:F8", "C9:F9", "C10:D10", "E11:F11",
            "C12:D12", "B13:F13", "A14:B15", "C14:F14", "C15:F15", "A16:B17", "C16:F16", "C17:F17"} <= _merged(sheet)


def test_form5_park_fills_the_park_block(park_base):
    sheet = _sheet(exports.form5_xlsx(park_base))
    assert sheet["C3"].value is None and sheet["F3"].value is None  # enterprise block blank
    assert sheet["C4"].value == "姓名："
    assert sheet["B7"].value == "企业类别：☐ 电子商务应用企业；☐ 电子商务服务企业；☐ 电子商务平台；☐ 其他"
    assert sheet["C8"].value == "义乌青岩刘电商产业基地"
    assert sheet["C9"].value == "浙江省义乌市江东街道青岩刘村"
    assert sheet["C10"].value == "义乌市电子商务产业园管理有限公司" and sheet["F10"].value == "钱振华"
    assert sheet["C11"].value == "姓名：周佩琳" and sheet["D11"].value == "电话：0579-85550000"
    assert sheet["C12"].value == "236 家" and sheet["F12"].value == "86,000 万元"


def test_form5_pdf(enterprise_base, park_base, tmp_path):
    _case(enterprise_base, [("county_review", "approved", "材料齐全，同意推荐。", _at(2014, 6, 16))])
    for application, values in (
        (enterprise_base, ["金华恒信网络科技有限公司", "赵志斌", "电话：13857912345", "5,230万元", "185人",
                           "☑电子商务服务企业", "材料齐全，同意推荐。（盖章）2014年6月16日"]),
        (park_base, ["义乌青岩刘电商产业基地", "浙江省义乌市江东街道青岩刘村", "钱振华", "236家", "86,000万元",
                     "☐电子商务应用企业；☐电子商务服务企业"]),
    ):
        data = exports.form5_pdf(application)
        assert pdf.page_count(data) == 1
        flat = _flat(pdf.page_texts(data)[0])
        for label in ["附件5", "实践基地基本情况申报表", "企业（填写）", "企业名称", "法人代表", "联系方式", "地址", "网址",
                      "从业人员人数", "上年度主营业务收入", "企业类别：", "电商产业基地（填写）", "基地名称", "基地地址",
                      "管理机构", "入驻企业数量", "上年度基地营业收入", "企业/基地概况",
                      "注册地商务主管部门（省电商促进会）推荐意见", "市商务主管部门推荐意见", "（场地、相关材料已查验）"]:
            assert _flat(label) in flat, label
        for value in values:
            assert _flat(value) in flat, value
        assert flat.count("（盖章）") == 2
        image = pdf.render_page(data, scale=1.5)
        image.save(tmp_path / f"form5-{application.base_kind}.png")
        assert 0.02 < pdf.ink_ratio(image) < 0.5


# ---------------------------------------------------------------- 附件6

def test_form6_xlsx_and_pdf(institution, enterprise_base, park_base, tmp_path):
    city = Region.objects.get(code="330700")
    applications = [institution, enterprise_base, park_base]
    sheet = _sheet(exports.form6_xlsx(city, applications, filled_by="金华市商务局", reporter="吴晓",
                                      reporter_phone="0579-82468888"))
    assert sheet["A1"].value == "附件6" and sheet["A2"].value == "各市电子商务培训机构（实践基地）推荐汇总表"
    assert sheet["A3"].value == "地市：金华市"
    assert [c.value for c in sheet[4]] == ["序号", "培训机构名称", "法人姓名", "培训范围", "通讯地址", "联系电话"]
    assert [c.value for c in sheet[5]] == [
        "1", "义乌市创业电子商务职业培训学校", "王建国",
        "助理电子商务师（网络客服、美工设计）；电子商务师（运营推广、跨境电子商务）；电子商务职业经理人",
        "浙江省义乌市稠城街道工人北路1号", "0579-85123456",
    ]
    base_header = _find(sheet, "实践基地名称")
    header_row = int(base_header[1:])
    assert [c.value for c in sheet[header_row]] == ["序号", "实践基地名称", "法人姓名", "类别", "通讯地址", "联系电话"]
    assert [c.value for c in sheet[header_row + 1]] == [
        "1", "金华恒信网络科技有限公司", "赵志斌", "企业（电子商务服务企业）", "浙江省金华市婺城区宾虹路88号", "13857912345"]
    assert [c.value for c in sheet[header_row + 2]] == [
        "2", "义乌青岩刘电商产业基地", "钱振华", "电商产业基地", "浙江省义乌市江东街道青岩刘村", "0579-85550000"]
    tail = [sheet.cell(row=r, column=1).value for r in range(header_row + 3, sheet.max_row + 1)]
    assert [t for t in tail if t] == ["填报单位（盖章）：金华市商务局", "填报人：吴晓", "联系电话：0579-82468888"]
    assert f"A{sheet.max_row}:F{sheet.max_row}" in _merged(sheet)

    data = exports.form6_pdf(city, applications)
    flat = _flat(pdf.page_texts(data)[0])
    for value in ["附件6", "各市电子商务培训机构（实践基地）推荐汇总表", "地市：金华市", "序号", "培训机构名称", "法人姓名",
                  "培训范围", "通讯地址", "联系电话", "实践基地名称", "类别", "义乌市创业电子商务职业培训学校", "王建国",
                  "0579-85123456", "金华恒信网络科技有限公司", "企业（电子商务服务企业）", "义乌青岩刘电商产业基地",
                  "电商产业基地", "填报单位（盖章）：", "填报人：", "联系电话："]:
        assert _flat(value) in flat, value
    image = pdf.render_page(data, scale=1.5)
    image.save(tmp_path / "form6.png")
    assert pdf.ink_ratio(image) > 0.01


def test_form6_empty_city_keeps_both_tables():
    city = Region.objects.get(code="330100")
    sheet = _sheet(exports.form6_xlsx(city, []))
    assert _find(sheet, "培训机构名称") and _find(sheet, "实践基地名称")
    flat = _flat(pdf.page_texts(exports.form6_pdf(city, []))[0])
    assert flat.count("（无）") == 2
