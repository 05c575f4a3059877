"""The parser of seed 001 and ``ectalent measures parse FILE --json`` as contracts/cli.md specifies them.

The expected reading below was made by hand from the seed (the parenthesis that closes each item, or each measure
without items); the test then splits it by the rules of spec/policy-tracking.md on its own and compares.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ectalent.tracking.parser import as_contract, cn_to_int, int_to_cn, parse_file, parse_text, split_departments

SEED = Path(settings.BASE_DIR) / "policies" / "jiangsu-2015-ecommerce" / "document.txt"
SHARED_SEED = Path("/work/shared/seeds/001_4c5f06ca1ad5eb27.txt")

CHAPTERS = {
    1: ("指导思想和主要目标", [1, 2]),
    2: ("不断优化发展环境", [3, 4, 5, 6, 7]),
    3: ("大力促进创业就业", [8, 9]),
    4: ("积极推动转型升级", [10, 11, 12, 13, 14, 15]),
    5: ("完善物流基础设施", [16, 17, 18, 19]),
    6: ("提升对外开放水平", [20, 21, 22]),
    7: ("构筑安全保障防线", [23, 24, 25]),
    8: ("健全支撑服务体系", [26, 27, 28]),
    9: ("扎实做好基础工作", [29, 30, 31, 32]),
}
MEASURES = {
    1: ("指导思想", 0), 2: ("主要目标", 0), 3: ("放宽市场准入", 4), 4: ("落实财税支持政策", 3), 5: ("加强金融服务", 3),
    6: ("强化用地和设施保障", 0), 7: ("规范市场秩序", 7), 8: ("推动行业创业创新", 4), 9: ("强化行业就业保障", 3),
    10: ("创新服务民生方式", 4), 11: ("推动开发园区转型", 0), 12: ("推进商贸流通领域电子商务应用", 0),
    13: ("积极发展农村电子商务", 4), 14: ("深化制造业与电子商务融合", 0), 15: ("规范网络化金融服务新产品", 0),
    16: ("推动物流（快递）配送终端建设", 3), 17: ("支持物流（快递）信息平台建设", 2),
    18: ("规范物流（快递）配送车辆管理", 0), 19: ("合理布局物流（快递）仓储设施", 0), 20: ("加强电子商务国际合作", 0),
    21: ("推动跨境电子商务发展", 2), 22: ("加快电子商务“走出去”", 3), 23: ("保障电子商务网络安全", 2),
    24: ("确保电子商务交易安全", 2), 25: ("预防和打击电子商务领域违法犯罪", 0), 26: ("加强信用体系建设", 3),
    27: ("强化科技科研支撑", 3), 28: ("加强专业人才建设", 4), 29: ("建立电子商务发展评价机制", 0),
    30: ("加强电子商务统计工作", 0), 31: ("完善相关法规标准体系", 0), 32: ("发挥中介组织作用", 0),
}
# task key (measure.item, or measure) -> the parenthesis as written in the seed
TASKS = {
    "3.1": "省编办、省法制办、省商务厅等有关部门",
    "3.2": "各市人民政府、省工商局",
    "3.3": "省经济和信息化委、省发展改革委、省商务厅",
    "3.4": "省财政厅等有关部门",
    "4.1": "省科技厅、省财政厅、省国税局",
    "4.2": "省财政厅、省国税局、省地税局",
    "4.3": "各市人民政府、省有关部门",
    "5.1": "人民银行南京分行、省商务厅",
    "5.2": "省金融办",
    "5.3": "各市人民政府、省金融办、省发展改革委、省经济和信息化委、省商务厅",
    "6": "省国土资源厅、省住房城乡建设厅",
    "7.1": "省商务厅、省工商局、省质监局、省公安厅、省旅游局、省食品药品监管局、省新闻出版广电局、省知识产权局、南京海关、江苏检验检疫局",
    "7.2": "省商务厅",
    "7.3": "省工商局、省商务厅、省食品药品监管局、省版权局",
    "7.4": "省食品药品监管局",
    "7.5": "省经济和信息化委、省商务厅、南京海关、省工商局、省版权局、省知识产权局等有关部门",
    "7.6": "省发展改革委、省工商局、省商务厅",
    "7.7": "各市人民政府、省有关部门",
    "8.1": "省商务厅、省经济和信息化委、省发展改革委",
    "8.2": "省商务厅、省财政厅",
    "8.3": "省科技厅、省商务厅、省经济和信息化委、江苏检验检疫局",
    "8.4": "省人力资源社会保障厅、省经济和信息化委",
    "9.1": "省人力资源社会保障厅、省统计局、人民银行南京分行、各市人民政府",
    "9.2": "省人力资源社会保障厅",
    "9.3": "省人力资源社会保障厅",
    "10.1": "省商务厅、省民政厅、省住房城乡建设厅",
    "10.2": "省旅游局、省工商局、省经济和信息化委",
    "10.3": "省工商局",
    "10.4": "省文化厅、省新闻出版广电局、省商务厅等有关部门",
    "11": "省商务厅、省科技厅",
    "12": "省商务厅、省经济和信息化委",
    "13.1": "省商务厅",
    "13.2": "省农委、省工商局、省商务厅",
    "13.3": "省农委、省商务厅、省经济和信息化委、省人力资源社会保障厅",
    "13.4": "省质监局、江苏检验检疫局、省商务厅、省发展改革委、省农委、省食品药品监管局、省林业局",
    "14": "省经济和信息化委、省科技厅、省商务厅",
    "15": "省金融办",
    "16.1": "各市人民政府、省商务厅、省邮政管理局、省教育厅、省农委",
    "16.2": "省邮政管理局、省商务厅、省交通运输厅",
    "16.3": "省有关部门",
    "17.1": "省商务厅、省财政厅、省交通运输厅、省邮政管理局",
    "17.2": "省经济和信息化委、省商务厅、省交通运输厅、省邮政管理局",
    "18": "各市人民政府、省公安厅、省交通运输厅",
    "19": "各市人民政府、省商务厅、省交通运输厅、省邮政管理局",
    "20": "省商务厅、省发展改革委",
    "21.1": "省商务厅、南京海关、省财政厅、省国税局、江苏检验检疫局、国家外汇管理局江苏省分局、省交通运输厅",
    "21.2": "南京海关、江苏检验检疫局",
    "22.1": "省发展改革委、省商务厅、国家外汇管理局江苏省分局、人民银行南京分行",
    "22.2": "省商务厅、省邮政管理局、南京海关",
    "22.3": "省商务厅、江苏检验检疫局",
    "23.1": "省经济和信息化委",
    "23.2": "省经济和信息化委、省公安厅",
    "24.1": "省经济和信息化委、省工商局、省国家密码管理局",
    "24.2": "省公安厅、省工商局",
    "25": "省公安厅、省工商局、南京海关、人民银行南京分行、江苏银监局、省经济和信息化委、省食品药品监管局、省卫生计生委、省商务厅",
    "26.1": "省经济和信息化委、省商务厅、省工商局、省质监局、省国税局、省地税局",
    "26.2": "省经济和信息化委、省工商局、省公安厅、省发展改革委、省质监局、省商务厅、人民银行南京分行、江苏检验检疫局",
    "26.3": "省商务厅、省质监局、江苏检验检疫局",
    "27.1": "省科技厅、省发展改革委、省经济和信息化委",
    "27.2": "省教育厅、省科技厅、省发展改革委",
    "27.3": "省发展改革委、省经济和信息化委、省科技厅",
    "28.1": "省委组织部、省财政厅、省地税局、省人力资源社会保障厅",
    "28.2": "省人力资源社会保障厅、省财政厅",
    "28.3": "省商务厅、省教育厅、省人力资源社会保障厅",
    "28.4": "省邮政管理局、省教育厅、省交通运输厅",
    "29": "省商务厅、省统计局、各市人民政府",
    "30": "省统计局、省工商局、省商务厅",
    "31": "省发展改革委、省商务厅、省财政厅、省交通运输厅、省质监局、南京海关、江苏检验检疫局、省国税局、省工商局",
    "32": "省财政厅、省商务厅",
}


def independent_split(raw: str):
    """The spec's rule, written again without the parser: split at 、; 「X等有关部门」 is X plus others to
    assign; 「省有关部门」 alone is no name, only others to assign."""
    names, others = [], False
    for part in raw.split("、"):
        if part == "省有关部门":
            others = True
        elif part.endswith("等有关部门"):
            names.append(part[: -len("等有关部门")])
            others = True
        else:
            names.append(part)
    return names, others


@pytest.fixture(scope="module")
def contract():
    return as_contract(parse_file(SEED))


def test_the_repository_copy_is_the_seed_as_it_is():
    if SHARED_SEED.exists():
        assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_document_header(contract):
    assert contract["title"] == "省政府关于大力发展电子商务加快培育经济新动力的实施意见"
    assert contract["issuer"] == "江苏省人民政府"
    assert contract["issued_on"] == "2015-12-04"
    assert list(contract) == ["title", "issuer", "issued_on", "chapters", "measures", "tasks"]


def test_nine_chapters_with_their_measures(contract):
    assert [c["number"] for c in contract["chapters"]] == list(range(1, 10))
    for chapter in contract["chapters"]:
        assert set(chapter) == {"number", "title", "measures"}
        assert (chapter["title"], chapter["measures"]) == CHAPTERS[chapter["number"]]


def test_thirty_two_measures_with_titles_chapters_and_items(contract):
    assert [m["number"] for m in contract["measures"]] == list(range(1, 33))
    chapter_of = {n: c for c, (_t, ms) in CHAPTERS.items() for n in ms}
    for measure in contract["measures"]:
        assert set(measure) == {"number", "title", "chapter", "items"}
        title, n_items = MEASURES[measure["number"]]
        assert measure["title"] == title
        assert measure["chapter"] == chapter_of[measure["number"]]
        assert measure["items"] == list(range(1, n_items + 1))
    assert contract["measures"][2] == {"number": 3, "title": "放宽市场准入", "chapter": 2, "items": [1, 2, 3, 4]}


def test_every_task_with_its_departments_lead_and_what_is_left_to_assign(contract):
    assert len(contract["tasks"]) == 69 == len(TASKS)
    keys = [f"{t['measure']}" if t["item"] is None else f"{t['measure']}.{t['item']}" for t in contract["tasks"]]
    assert keys == list(TASKS)  # document order
    for task in contract["tasks"]:
        assert set(task) == {"measure", "item", "departments", "lead", "others_to_assign"}
        key = f"{task['measure']}" if task["item"] is None else f"{task['measure']}.{task['item']}"
        names, others = independent_split(TASKS[key])
        assert task["departments"] == names, key
        assert task["lead"] == (names[0] if names else None), key
        assert task["others_to_assign"] is others, key


def test_contract_example_and_the_special_cases(contract):
    tasks = {(t["measure"], t["item"]): t for t in contract["tasks"]}
    assert tasks[(3, 1)] == {"measure": 3, "item": 1, "departments": ["省编办", "省法制办", "省商务厅"],
                             "lead": "省编办", "others_to_assign": True}
    # 「省有关部门」 alone: no department, no lead, left to the office
    assert tasks[(16, 3)] == {"measure": 16, "item": 3, "departments": [], "lead": None, "others_to_assign": True}
    # 「各市人民政府、省有关部门」: the city governments lead, others to assign
    assert tasks[(4, 3)]["departments"] == ["各市人民政府"] and tasks[(4, 3)]["others_to_assign"] is True
    # a measure without items is one task with item null
    assert tasks[(6, None)]["departments"] == ["省国土资源厅", "省住房城乡建设厅"]
    # （二十）'s parenthesis is followed by a blank in the seed
    assert tasks[(20, None)]["departments"] == ["省商务厅", "省发展改革委"]
    # the signature does not belong to （三十二）
    assert tasks[(32, None)]["departments"] == ["省财政厅", "省商务厅"]
    # measures （一）（二） name no department: not tasks
    assert not any(t["measure"] in (1, 2) for t in contract["tasks"])
    # a leading group's office named inside the text (（七）1) is not a department of the task
    assert "省电子商务工作领导小组办公室" not in tasks[(7, 1)]["departments"]


def test_every_name_seen_is_a_department_name(contract):
    names = {n for t in contract["tasks"] for n in t["departments"]}
    assert len(names) == 38
    assert all(not n.endswith("有关部门") and "、" not in n for n in names)
    assert {"省经济和信息化委", "各市人民政府", "人民银行南京分行", "国家外汇管理局江苏省分局", "省委组织部"} <= names


def test_chinese_numerals_both_ways():
    assert [cn_to_int(t) for t in ["一", "九", "十", "十一", "二十", "二十一", "三十二", "一百零五"]] == [1, 9, 10, 11, 20, 21, 32, 105]
    assert [int_to_cn(n) for n in [1, 10, 11, 20, 32]] == ["一", "十", "十一", "二十", "三十二"]
    with pytest.raises(ValueError):
        cn_to_int("1")


def test_split_departments_rules():
    assert split_departments("省财政厅等有关部门") == (["省财政厅"], True)
    assert split_departments("省有关部门") == ([], True)
    assert split_departments("省商务厅、省财政厅") == (["省商务厅", "省财政厅"], False)
    assert split_departments("省商务厅，省财政厅") == (["省商务厅", "省财政厅"], False)
    assert split_departments("此件公开发布") is None
    assert split_departments("市、区") == (["市", "区"], False)  # a caller only reads the trailing group


SAMPLE = """\ufeff省政府关于推进某事的实施意见
各市人民政府：
为推进某事，提出如下意见。

一、总体要求
(一)指导思想。
坚持某事。

(二)主要目标。到2020年，完成某事。
二、重点任务
（三）第一条措施。
1.第一项，内容较长，
续写在下一行。(省商务厅、省财政厅)
2．第二项。（各市人民政府、省有关部门）
（四）推动物流（快递）建设。
按规划建设示范县（市、区）。（省交通运输厅等有关部门）
（五）无部门的条目。
只写了内容。
某省人民政府
2016年1月2日
（此件公开发布）
"""


def test_a_second_document_of_the_same_shape_reads_the_same_way():
    doc = parse_text(SAMPLE.replace("\n", "\r\n"))
    data = as_contract(doc)
    assert data["title"] == "省政府关于推进某事的实施意见"
    assert data["issuer"] == "某省人民政府" and data["issued_on"] == "2016-01-02"
    assert data["chapters"] == [{"number": 1, "title": "总体要求", "measures": [1, 2]},
                                {"number": 2, "title": "重点任务", "measures": [3, 4, 5]}]
    assert data["measures"][3]["title"] == "推动物流（快递）建设"
    assert data["tasks"] == [
        {"measure": 3, "item": 1, "departments": ["省商务厅", "省财政厅"], "lead": "省商务厅", "others_to_assign": False},
        {"measure": 3, "item": 2, "departments": ["各市人民政府"], "lead": "各市人民政府", "others_to_assign": True},
        {"measure": 4, "item": None, "departments": ["省交通运输厅"], "lead": "省交通运输厅", "others_to_assign": True},
    ]
    assert doc.measures[2].items[0].text.startswith("第一项，内容较长，续写在下一行。")
    assert doc.warnings == []


def test_numbering_gaps_are_warned_not_hidden():
    doc = parse_text("一、甲\n（一）子。\n1．项。（省商务厅）\n3．项。（省商务厅）\n（三）丙。（省财政厅）\n")
    messages = [w["message"] for w in doc.warnings]
    assert any("按顺序应为第 2 项" in m for m in messages)
    assert any("按顺序应为 2" in m for m in messages)


def test_gb18030_file_reads_like_utf8(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert as_contract(parse_file(path)) == as_contract(parse_file(SEED))


def test_command_prints_the_contract_json_and_writes_nothing(django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.block():  # parse must not touch the database
        call_command("measures", "parse", str(SEED), "--json", stdout=out)
    assert json.loads(out.getvalue()) == as_contract(parse_file(SEED))


def test_command_table_in_chinese(django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.block():
        call_command("measures", "parse", str(SEED), stdout=out)
    text = out.getvalue()
    assert "共 9 章、32 条、69 项任务" in text
    assert "3． 牵头：省编办" not in text and "1． 牵头：省编办；配合：省法制办、省商务厅；另有有关部门待指定" in text


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("measures", "parse", str(tmp_path / "none.txt"), "--json")
    empty = tmp_path / "empty.txt"
    empty.write_text("没有条目的文字\n", encoding="utf-8")
    with pytest.raises(CommandError, match="未找到任何条目"):
        call_command("measures", "parse", str(empty), "--json")


def test_console_command_as_outside_checks_call_it():
    exe = Path(sys.executable).parent / "ectalent"
    if not exe.exists():
        pytest.skip("console script not installed")
    done = subprocess.run([str(exe), "measures", "parse", str(SEED), "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["tasks"]) == 69
