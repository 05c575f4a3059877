"""The policy pack is data, validated when loaded; mistakes are refused with file and line."""

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from ectalent.rules.packs import PackError, load_pack, load_pack_from

PACK_DIR = Path(settings.POLICIES_DIR) / "zhejiang-2014-93"


@pytest.fixture
def pack_copy(tmp_path):
    target = tmp_path / "zhejiang-2014-93"
    shutil.copytree(PACK_DIR, target)
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first occurrence of ``old``; return its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[:index].count("\n") + 1


def refused(folder) -> PackError:
    with pytest.raises(PackError) as info:
        load_pack_from(folder)
    return info.value


def test_shipped_pack_loads_with_document_metadata():
    pack = load_pack()
    assert pack.number == "浙商务电商发〔2014〕93号"
    assert pack.issuer == "浙江省商务厅"
    assert pack.issued_on == datetime.date(2014, 6, 10)
    assert [len(pack.level(code).clauses) for code in ("assistant", "specialist", "senior", "manager")] == [7, 7, 6, 3]
    assert pack.level("specialist").clauses[3].cite == "附件1 一(三) 条件(4)"
    assert pack.level("manager").clauses[2].cite == "附件1 二 条件(3)"
    assert pack.value("assistant.clause1.occupation_years", datetime.date(2020, 1, 1)) == 6
    assert pack.value("exam.pass_mark", datetime.date(2020, 1, 1)) == 60
    assert pack.value("exam.min_directions", datetime.date(2020, 1, 1)) == 2
    assert pack.value("practice.base_months", datetime.date(2020, 1, 1)) == 1
    assert pack.value("practice.internship_months", datetime.date(2020, 1, 1)) == 3
    assert "市场营销" in pack.value("majors.related", datetime.date(2020, 1, 1))


def test_senior_level_has_no_opening_date_in_the_pack():
    pack = load_pack()
    assert pack.value("opening.senior", datetime.date(2014, 7, 1)) is None
    assert pack.value("opening.assistant", datetime.date(2014, 7, 1)) == datetime.date(2014, 6, 10)


def test_every_clause_and_parameter_value_is_cited():
    pack = load_pack()
    for level in pack.levels.values():
        for clause in level.clauses:
            assert re.fullmatch(r"附件1 (一\([二三四]\)|二) 条件\(\d\)", clause.cite)
            assert clause.id == f"{level.code}.{clause.number}"
    for param in pack.parameters.values():
        assert all(v.cite and v.effective_from for v in param.values)


def test_no_policy_number_is_written_in_the_rules_code():
    """Thresholds live in the pack: the engine modules contain no year counts, gaps or pass marks."""
    import ectalent.rules as rules

    root = Path(rules.__file__).parent
    for name in ("engine.py", "batch.py", "facts.py"):
        code = (root / name).read_text(encoding="utf-8")
        for literal in ("365.25", " 31", ">= 6", ">= 10", ">= 15", "60"):
            assert literal not in code, (name, literal)


def test_typo_key_is_refused_with_file_and_line(pack_copy):
    line = edit(pack_copy / "clauses.yaml", "        cite: 附件1 一(二) 条件(4)", "        cite: 附件1 一(二) 条件(4)\n        whn: {}")
    error = refused(pack_copy)
    assert error.path.endswith("clauses.yaml") and error.line == line + 1
    assert "未知字段 'whn'" in str(error) and "clauses.yaml 第" in str(error)


def test_typo_in_parameter_key_is_refused(pack_copy):
    line = edit(pack_copy / "parameters.yaml", "        effective_from: 2014-06-10", "        efective_from: 2014-06-10")
    error = refused(pack_copy)
    assert error.path.endswith("parameters.yaml") and error.line == line
    assert "efective_from" in str(error)


def test_unknown_fact_is_refused(pack_copy):
    line = edit(pack_copy / "clauses.yaml", "{fact: vocational_advanced_related}", "{fact: vocational_related}")
    error = refused(pack_copy)
    assert error.line == line and "未知的派生事实 'vocational_related'" in str(error)


def test_unknown_parameter_is_refused(pack_copy):
    line = edit(
        pack_copy / "clauses.yaml",
        "at_least: assistant.clause1.occupation_years}", "at_least: assistant.clause1.occupation_yrs}",
    )
    error = refused(pack_copy)
    assert error.line == line and "未知参数 'assistant.clause1.occupation_yrs'" in str(error)


def test_number_written_into_a_rule_is_refused(pack_copy):
    line = edit(pack_copy / "clauses.yaml", "at_least: assistant.clause1.occupation_years}", "at_least: 6}")
    error = refused(pack_copy)
    assert error.line == line and "须为参数名" in str(error)


def test_clause_without_citation_is_refused(pack_copy):
    line = edit(pack_copy / "clauses.yaml", "        cite: 附件1 一(三) 条件(6)\n", "")
    error = refused(pack_copy)
    assert error.path.endswith("clauses.yaml")
    assert error.line == line - 2  # the clause's first line ("- id: specialist.6")
    assert "缺少出处 cite" in str(error) and "specialist.6" in str(error)


def test_parameter_value_without_date_is_refused(pack_copy):
    text = (pack_copy / "parameters.yaml").read_text(encoding="utf-8")
    start = text.index("  exam.pass_mark:")
    index = text.index("        effective_from: 2014-06-10\n", start)
    (pack_copy / "parameters.yaml").write_text(text[:index] + text[index:].replace("        effective_from: 2014-06-10\n", "", 1), encoding="utf-8")
    value_line = text[:index].count("\n")  # the "- value: 60" line
    error = refused(pack_copy)
    assert error.line == value_line and "缺少生效日期" in str(error)


def test_overlapping_parameter_periods_are_refused(pack_copy):
    edit(
        pack_copy / "parameters.yaml",
        "      - value: 60\n        effective_from: 2014-06-10\n",
        "      - value: 60\n        effective_from: 2014-06-10\n        cite: x\n      - value: 70\n        effective_from: 2020-01-01\n",
    )
    error = refused(pack_copy)
    assert "重叠" in str(error)


def test_yaml_syntax_error_names_the_line(pack_copy):
    line = edit(pack_copy / "policy.yaml", "issuer: 浙江省商务厅", "issuer: [浙江省商务厅")
    error = refused(pack_copy)
    assert error.path.endswith("policy.yaml") and error.line is not None and error.line >= line


def test_dated_parameter_takes_the_value_in_force(pack_copy):
    edit(
        pack_copy / "parameters.yaml",
        "      - value: 6\n        effective_from: 2014-06-10\n        cite: 附件1 一(二) 条件(1)\n",
        "      - value: 6\n        effective_from: 2014-06-10\n        effective_to: 2019-12-31\n        cite: 附件1 一(二) 条件(1)\n"
        "      - value: 5\n        effective_from: 2020-01-01\n        cite: 假设的修订\n",
    )
    pack = load_pack_from(pack_copy)
    param = pack.param("assistant.clause1.occupation_years")
    assert param.at(datetime.date(2019, 12, 31)) == 6
    assert param.at(datetime.date(2020, 1, 1)) == 5
    assert param.at(datetime.date(2010, 1, 1)) == 6  # before the document: its first value
