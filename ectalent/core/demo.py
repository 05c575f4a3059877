"""The demo data set: organisations, people and one user of every role in several regions."""

import datetime
import random

from django.db import transaction

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction
from ectalent.regions.models import Region
from ectalent.registry import fake
from ectalent.registry.models import (
    CertificateRecord,
    Education,
    Employment,
    Organisation,
    Person,
    TrainingRecord,
)

DEMO_PASSWORD = "Demo@2026"  # demo data only: printed at start-up, never used in production

# (name, kind, region code, nature, association member)
ORGANISATIONS = [
    ("浙江省商务厅", "government", "330000", "机关", False),
    ("浙江省商务厅培训认证中心", "government", "330000", "事业单位", False),
    ("浙江省电子商务促进会", "association", "330000", "社会团体", False),
    ("杭州市商务局", "government", "330100", "机关", False),
    ("杭州市人力资源和社会保障局", "government", "330100", "机关", False),
    ("杭州市财政局", "government", "330100", "机关", False),
    ("杭州市教育局", "government", "330100", "机关", False),
    ("杭州市西湖区商务局", "government", "330106", "机关", False),
    ("金华市商务局", "government", "330700", "机关", False),
    ("金华市人力资源和社会保障局", "government", "330700", "机关", False),
    ("金华市财政局", "government", "330700", "机关", False),
    ("金华市教育局", "government", "330700", "机关", False),
    ("义乌市商务局", "government", "330782", "机关", False),
    ("金华市婺城区商务局", "government", "330702", "机关", False),
    ("江苏省商务厅", "government", "320000", "机关", False),
    ("楚雄彝族自治州商务局", "government", "532300", "机关", False),
    ("义乌市创业电子商务职业培训学校", "training_institution", "330782", "民办非企业单位", True),
    ("金华市金职电商技能培训中心", "training_institution", "330702", "民办非企业单位", False),
    ("杭州云帆电子商务培训学院", "training_institution", "330106", "有限责任公司", True),
    ("义乌市陆港电子商务园区", "industrial_park", "330782", "有限责任公司", False),
    ("浙江锦程网络科技有限公司", "enterprise_service", "330782", "有限责任公司", True),
    ("金华华越贸易有限公司", "enterprise_application", "330702", "有限责任公司", False),
    ("杭州优选电子商务平台有限公司", "enterprise_platform", "330106", "有限责任公司", False),
    ("金华职业技术学院", "college", "330702", "事业单位", False),
    ("苏州汇通供应链管理有限公司", "enterprise_service", "320505", "有限责任公司", False),
    ("楚雄州农特产品电子商务孵化基地", "incubation_base", "532301", "有限责任公司", False),
    # (FIRST_LATER_ORG: the organisations from here on draw their random details from a stream of their own)
    # Seeds 001 and 002: the leading group and its office, a provincial department, a city government, a bank, a town.
    ("江苏省电子商务工作领导小组办公室", "government", "320000", "机关", False),
    ("江苏省电子商务工作领导小组", "government", "320000", "机关", False),
    ("江苏省经济和信息化委员会", "government", "320000", "机关", False),
    ("南京市人民政府", "government", "320100", "机关", False),
    ("中国农业银行楚雄分行", "bank", "532300", "国有商业银行", False),
    ("沭阳县新河镇人民政府", "government", "321322", "机关", False),
    # The talent market: county 人社 who review and publish enterprise vacancies.
    ("义乌市人力资源和社会保障局", "government", "330782", "机关", False),
    ("金华市婺城区人力资源和社会保障局", "government", "330702", "机关", False),
    # Seed 001 demonstration programmes: 徐州 and 睢宁's commerce bureaus, 沙集镇 and its 东风村, a park, an enterprise.
    ("徐州市商务局", "government", "320300", "机关", False),
    ("睢宁县商务局", "government", "320324", "机关", False),
    ("睢宁县沙集镇人民政府", "government", "320324105", "机关", False),
    ("睢宁县沙集镇东风村村民委员会", "village_committee", "320324105201", "基层群众性自治组织", False),
    ("睢宁县沙集电子商务产业园", "industrial_park", "320324", "有限责任公司", False),
    ("江苏沙集网商科技有限公司", "enterprise_application", "320324", "有限责任公司", False),
]

FIRST_LATER_ORG = [row[0] for row in ORGANISATIONS].index("江苏省电子商务工作领导小组办公室")

# (username, display name, role, region code, organisation name or None)
USERS = [
    ("admin", "平台管理员", Role.PLATFORM_ADMIN, None, None),
    ("zj_province", "省商务厅 王主任", Role.PROVINCE_ADMIN, "330000", "浙江省商务厅"),
    ("zj_centre", "认证中心 李老师", Role.CERT_CENTRE, "330000", "浙江省商务厅培训认证中心"),
    ("zj_association", "促进会 陈秘书", Role.ASSOCIATION, "330000", "浙江省电子商务促进会"),
    ("hz_city", "杭州市商务局 周科长", Role.CITY_REVIEWER, "330100", "杭州市商务局"),
    ("hz_hr", "杭州市人社局 孙科长", Role.HR_REVIEWER, "330100", "杭州市人力资源和社会保障局"),
    ("hz_finance", "杭州市财政局 钱科长", Role.FINANCE_REVIEWER, "330100", "杭州市财政局"),
    ("hz_edu", "杭州市教育局 赵科长", Role.EDUCATION_REVIEWER, "330100", "杭州市教育局"),
    ("xh_county", "西湖区商务局 俞科员", Role.COUNTY_REVIEWER, "330106", "杭州市西湖区商务局"),
    ("jh_city", "金华市商务局 吴科长", Role.CITY_REVIEWER, "330700", "金华市商务局"),
    ("jh_hr", "金华市人社局 郑科长", Role.HR_REVIEWER, "330700", "金华市人力资源和社会保障局"),
    ("jh_finance", "金华市财政局 冯科长", Role.FINANCE_REVIEWER, "330700", "金华市财政局"),
    ("jh_edu", "金华市教育局 何科长", Role.EDUCATION_REVIEWER, "330700", "金华市教育局"),
    ("yw_county", "义乌市商务局 楼科员", Role.COUNTY_REVIEWER, "330782", "义乌市商务局"),
    ("wc_county", "婺城区商务局 方科员", Role.COUNTY_REVIEWER, "330702", "金华市婺城区商务局"),
    ("js_province", "江苏省商务厅 顾处长", Role.PROVINCE_ADMIN, "320000", "江苏省商务厅"),
    ("cx_city", "楚雄州商务局 普科长", Role.CITY_REVIEWER, "532300", "楚雄彝族自治州商务局"),
    ("inst_staff", "培训学校 骆老师", Role.INSTITUTION_STAFF, "330782", "义乌市创业电子商务职业培训学校"),
    ("hz_inst_staff", "云帆学院 蒋老师", Role.INSTITUTION_STAFF, "330106", "杭州云帆电子商务培训学院"),
    ("hy_staff", "华越贸易 邵经理", Role.ENTERPRISE_STAFF, "330702", "金华华越贸易有限公司"),
    ("base_staff", "陆港园区 金经理", Role.BASE_STAFF, "330782", "义乌市陆港电子商务园区"),
    ("ent_staff", "锦程网络 宋经理", Role.ENTERPRISE_STAFF, "330782", "浙江锦程网络科技有限公司"),
    ("applicant", "申请人 张晓燕", Role.APPLICANT, "330782", None),
    ("expert", "评审专家 潘教授", Role.EXPERT, "330000", None),
    ("js_office", "领导小组办公室 刘处长", Role.POLICY_OFFICE, "320000", "江苏省电子商务工作领导小组办公室"),
    ("js_leader", "领导小组 韩副组长", Role.LEADERSHIP, "320000", "江苏省电子商务工作领导小组"),
    ("js_dept", "省经信委 黄处长", Role.DEPARTMENT_STAFF, "320000", "江苏省经济和信息化委员会"),
    ("nj_gov", "南京市政府办 沈科长", Role.CITY_GOVERNMENT, "320100", "南京市人民政府"),
    ("cx_bank", "农行楚雄分行 李经理", Role.BANK, "532300", "中国农业银行楚雄分行"),
    ("xh_town", "新河镇 朱干事", Role.GRASSROOTS_STAFF, "321322", "沭阳县新河镇人民政府"),
    ("yw_hr", "义乌市人社局 陈科员", Role.HR_REVIEWER, "330782", "义乌市人力资源和社会保障局"),
    ("wc_hr", "婺城区人社局 林科员", Role.HR_REVIEWER, "330702", "金华市婺城区人力资源和社会保障局"),
    ("xz_city", "徐州市商务局 邱科长", Role.CITY_REVIEWER, "320300", "徐州市商务局"),
    ("sj_county", "睢宁县商务局 孙科员", Role.COUNTY_REVIEWER, "320324", "睢宁县商务局"),
    ("sj_town", "沙集镇 王干事", Role.GRASSROOTS_STAFF, "320324105", "睢宁县沙集镇人民政府"),
    ("df_village", "东风村 孙主任", Role.GRASSROOTS_STAFF, "320324105201", "睢宁县沙集镇东风村村民委员会"),
    ("sj_park", "沙集电商产业园 刘经理", Role.BASE_STAFF, "320324", "睢宁县沙集电子商务产业园"),
    ("sj_enterprise", "沙集网商 陈经理", Role.ENTERPRISE_STAFF, "320324", "江苏沙集网商科技有限公司"),
]

# Where demo people live (county-level codes), weighted towards 金华.
PEOPLE_REGIONS = ["330782"] * 8 + ["330702"] * 5 + ["330703", "330784", "330106", "330102", "330205", "330302",
                                                      "320505", "320106", "532301", "532331", "532302"]


def demo_loaded() -> bool:
    return User.objects.filter(username="admin").exists()


@transaction.atomic
def load_demo(people: int = 240, seed: int = 2014) -> dict:
    rng = random.Random(seed)
    today = datetime.date.today()
    from ectalent.regions.loader import load_subcounty

    load_subcounty()  # towns and villages of the demonstration areas (seed 001)
    regions = {r.code: r for r in Region.objects.all()}
    orgs = {}
    main_rng = rng
    for index, (name, kind, code, nature, member) in enumerate(ORGANISATIONS):
        # Organisations added for later programmes draw from their own stream, so that the people and records
        # generated after them stay as they were (tests rely on the small world's trainees).
        rng = main_rng if index < FIRST_LATER_ORG else random.Random(f"{seed}-{name}")
        region = regions[code]
        org = Organisation.objects.create(
            name=name, kind=kind, credit_code=fake.credit_code(rng, code[:6], "11" if kind == "government" else "52" if nature == "民办非企业单位" else "91"),
            nature=nature, legal_representative=fake.chinese_name(rng), region=region,
            address=f"{region.full_name}{rng.choice(['人民路', '解放路', '江东路', '宾王路', '稠州北路'])}{rng.randrange(1, 999)}号",
            contact_name=fake.chinese_name(rng), contact_phone=fake.mobile(rng),
            founded_on=datetime.date(rng.randrange(1995, 2012), rng.randrange(1, 13), rng.randrange(1, 28)),
            staff_total=rng.randrange(30, 300), teachers_full_time=rng.randrange(3, 20), teachers_part_time=rng.randrange(0, 15),
            managers_count=rng.randrange(2, 10), revenue_last_year=rng.randrange(200, 50000), is_association_member=member,
        )
        orgs[name] = org
    rng = main_rng
    valid_codes = [c for c in PEOPLE_REGIONS if c in regions]
    institution = orgs["义乌市创业电子商务职业培训学校"]
    made = []
    seen = set(Person.objects.values_list("id_number", flat=True))
    for i in range(people):
        code = rng.choice(valid_codes)
        gender = rng.choice("MF")
        birth = fake.birth_date(rng, today=today)
        number = fake.id_number(rng, code, birth, gender)
        while number in seen:
            number = fake.id_number(rng, code, birth, gender)
        seen.add(number)
        person = Person(
            name=fake.chinese_name(rng), gender=gender, birth_date=birth, id_number=number,
            ethnicity="01" if rng.random() < 0.9 else rng.choice(["04", "07", "19", "22"]),
            phone=fake.mobile(rng), political_status=rng.choice(["13", "13", "13", "03", "01"]),
            region=regions[code], owner_org=institution if (code == "330782" and i % 3 == 0) else None,
        )
        made.append(person)
    Person.objects.bulk_create(made)
    made = list(Person.objects.order_by("id").filter(id_number__in=[p.id_number for p in made]))
    edu, emp, cert, train = [], [], [], []
    for person in made:
        rec = fake.person_records(rng, person.birth_date, today)
        edu += [Education(person=person, **r) for r in rec["education"]]
        emp += [Employment(person=person, **r) for r in rec["employment"]]
        cert += [CertificateRecord(person=person, **r) for r in rec["certificates"]]
        train += [TrainingRecord(person=person, **r) for r in rec["trainings"]]
    for model, rows in ((Education, edu), (Employment, emp), (CertificateRecord, cert), (TrainingRecord, train)):
        model.objects.bulk_create(rows)

    applicant_person = made[0]
    for username, display, role, code, org_name in USERS:
        user = User(
            username=username, display_name=display, role=role, region=regions.get(code) if code else None,
            organisation=orgs.get(org_name) if org_name else None,
            is_staff=role == Role.PLATFORM_ADMIN, is_superuser=role == Role.PLATFORM_ADMIN,
        )
        if role == Role.APPLICANT:
            applicant_person.name = display.split()[-1]
            applicant_person.region = regions["330782"]
            applicant_person.owner_org = None
            applicant_person.save()
            user.person = applicant_person
        user.set_password(DEMO_PASSWORD)
        user.save()
    from ectalent.accreditation.demo import load_accreditation_demo

    summary = {"organisations": len(orgs), "people": len(made), "users": len(USERS)}
    summary["accreditation"] = load_accreditation_demo()
    from ectalent.certification.demo import load_certification_demo

    summary["certification"] = load_certification_demo()
    from ectalent.talent.demo import load_talent_demo

    summary["talent"] = load_talent_demo()
    from ectalent.demonstration.demo import load_demonstration_demo

    summary["demonstration"] = load_demonstration_demo()
    from ectalent.subsidies.demo import load_subsidies_demo

    summary["subsidies"] = load_subsidies_demo(DEMO_PASSWORD)
    record(AuditAction.BULK, None, actor=None, object_type="demo", object_repr="载入演示数据", after=summary)
    return summary
