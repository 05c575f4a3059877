"""Believable fake data: Chinese names, valid 身份证号 and 统一社会信用代码, mainland mobiles.

Used by ``ectalent demo``, ``ectalent generate`` and the tests' factories. Every value passes the platform's own
validators (the tests check that).
"""

import datetime
import random

from ectalent.core.validators import CREDIT_CHARS, credit_code_check_char, id_number_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉浩宇轩子涵梓欣怡佳琪雨晨思博文宁晓婷俊凯"
    "建国志斌海波亮晶丹欢瑶倩颖慧萱泽瑞嘉诚睿鑫磊然雪梅兰春林峰云飞龙翔宏达振华佩琳雅婧奕航"
)
MAJORS_RELATED = ["电子商务", "市场营销", "国际经济与贸易", "物流管理", "跨境电子商务", "国际贸易"]
MAJORS_OTHER = ["计算机科学与技术", "会计学", "汉语言文学", "机械设计制造及其自动化", "工商管理", "英语", "视觉传达设计", "法学"]
EMPLOYERS = [
    "义乌市{}电子商务有限公司", "金华{}网络科技有限公司", "杭州{}电子商务有限公司", "宁波{}跨境电商有限公司",
    "温州{}贸易有限公司", "苏州{}供应链管理有限公司", "楚雄{}农特产品电子商务有限公司",
]
FIRMS = "恒信 云帆 锦程 华越 新锐 启航 丰泽 远景 聚贤 博雅 众创 优选 汇通 瑞丰 百川 鼎盛 天成 海纳 长风 凯越".split()
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
                   "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "185", "186", "187",
                   "188", "189", "191", "195", "198", "199"]


def chinese_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.75 else "")
    return rng.choice(SURNAMES) + given


def id_number(rng: random.Random, county_code: str, birth: datetime.date, gender: str) -> str:
    seq = rng.randrange(0, 100) * 10 + rng.choice([1, 3, 5, 7, 9] if gender == "M" else [0, 2, 4, 6, 8])
    first17 = f"{county_code}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_number_check_char(first17)


def birth_date(rng: random.Random, youngest: int = 19, oldest: int = 58, today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    start = today.replace(year=today.year - oldest, month=1, day=1)
    span = (today.replace(year=today.year - youngest, month=1, day=1) - start).days
    return start + datetime.timedelta(days=rng.randrange(span))


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def credit_code(rng: random.Random, region_code: str, kind_prefix: str = "91") -> str:
    """A GB 32100 code: registration authority + category, region, 9-character organisation code, check char."""
    body = "".join(rng.choice(CREDIT_CHARS[:10] if i < 8 else CREDIT_CHARS) for i in range(9))
    first17 = f"{kind_prefix}{region_code}{body}"
    return first17 + credit_code_check_char(first17)


def firm_name(rng: random.Random) -> str:
    return rng.choice(EMPLOYERS).format(rng.choice(FIRMS))


def person_records(rng: random.Random, birth: datetime.date, today: datetime.date) -> dict:
    """Education, employment, certificates and trainings consistent with a birth date."""
    education = []
    r = rng.random()
    grad_age = None
    if r < 0.25:
        level, grad_age = "associate", 21
    elif r < 0.55:
        level, grad_age = "bachelor", 22
    elif r < 0.62:
        level, grad_age = "master", 25
    elif r < 0.70:
        level, grad_age = "vocational_advanced", 20
    else:
        level = "secondary"
        grad_age = 18
    grad = datetime.date(birth.year + grad_age, 6, 30)
    major = rng.choice(MAJORS_RELATED if rng.random() < 0.45 else MAJORS_OTHER)
    if grad <= today:
        education.append({"level": level, "major": major, "status": "graduated", "graduated_on": grad, "school_recommended": False})
    else:
        education.append({"level": level, "major": major, "status": "enrolled", "graduated_on": None,
                          "school_recommended": rng.random() < 0.5})
    employment = []
    start = max(grad, datetime.date(birth.year + 18, 9, 1)) + datetime.timedelta(days=rng.randrange(10, 400))
    while start < today and len(employment) < 4:
        length = rng.randrange(200, 3000)
        end = start + datetime.timedelta(days=length)
        ongoing = end >= today or rng.random() < 0.2
        in_occ = rng.random() < 0.8
        employment.append({
            "employer": firm_name(rng), "position": rng.choice(["运营专员", "客服主管", "美工", "仓储主管", "运营总监", "店长"]),
            "start": start, "end": None if ongoing else end, "in_occupation": in_occ,
            "management": in_occ and rng.random() < 0.3,
        })
        if ongoing:
            break
        start = end + datetime.timedelta(days=rng.choice([1, 15, 30, 45, 120]))
    certificates, trainings = [], []
    if employment and rng.random() < 0.3:
        issued = employment[0]["start"] + datetime.timedelta(days=rng.randrange(100, 1500))
        if issued < today:
            certificates.append({"level": rng.choice(["clerk", "clerk", "assistant", "specialist"]), "issued_on": issued})
    if rng.random() < 0.25:
        done = today - datetime.timedelta(days=rng.randrange(30, 2000))
        trainings.append({"level": rng.choice(["assistant", "specialist", "senior", "manager"]), "completed_on": done})
    return {"education": education, "employment": employment, "certificates": certificates, "trainings": trainings}
