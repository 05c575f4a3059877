"""``ectalent plan show PLAN --json`` and ``ectalent plan load FILE`` as contracts/cli.md specifies them."""

import io
import json
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ectalent.accreditation import plan as planlib

from .test_plan import SEED, SEED_PROVINCE, SEED_RESERVE

pytestmark = pytest.mark.django_db


def show(*args) -> str:
    out = io.StringIO()
    call_command("plan", "show", *args, stdout=out)
    return out.getvalue()


def test_show_json_has_the_contract_shape():
    data = json.loads(show("zhejiang-2014", "--json"))
    assert data["plan"] == "zhejiang-2014"
    assert data["years"] == [2014, 2015, 2016, 2017]
    assert {"plan", "years", "units", "reserve", "province"} <= set(data)
    for unit in data["units"]:
        assert {"region_code", "name", "parent_code", "target_total", "targets", "institutions_limit", "bases_limit"} <= set(unit)
        assert list(unit["targets"]) == ["2014", "2015", "2016", "2017"]
        assert all(isinstance(v, int) for v in unit["targets"].values())
    assert set(data["province"]) == {"target_total", "targets", "institutions_limit", "bases_limit"}
    assert data["units"][0] == {
        "region_code": "330100", "name": "杭州市", "label": "杭州", "parent_code": "330000", "target_total": 15000,
        "targets": {"2014": 1000, "2015": 4000, "2016": 5000, "2017": 5000}, "institutions_limit": 25, "bases_limit": 50,
    }


def test_show_json_values_equal_the_seed_line_by_line():
    data = json.loads(show("zhejiang-2014", "--json"))
    got = [(u["region_code"], u["label"], u["target_total"], *u["targets"].values(), u["institutions_limit"],
            u["bases_limit"]) for u in data["units"]]
    assert got == SEED
    assert (data["reserve"]["institutions_limit"], data["reserve"]["bases_limit"]) == SEED_RESERVE


def test_show_json_nests_yiwu_under_jinhua_and_labels_jinhua_as_including_it():
    units = {u["region_code"]: u for u in json.loads(show("zhejiang-2014", "--json"))["units"]}
    assert units["330782"]["parent_code"] == "330700" and units["330782"]["name"] == "义乌市"
    assert units["330700"]["label"] == "金华（含义乌）" and units["330700"]["parent_code"] == "330000"
    assert units["330700"]["target_total"] == 12000  # includes 义乌's 4000
    assert all(u["parent_code"] == "330000" for code, u in units.items() if code != "330782")


def test_show_json_province_totals_are_computed_and_equal_the_official_row():
    data = json.loads(show("zhejiang-2014", "--json"))
    p = data["province"]
    assert (p["target_total"], *p["targets"].values(), p["institutions_limit"], p["bases_limit"]) == SEED_PROVINCE
    top = [u for u in data["units"] if u["parent_code"] == "330000"]
    assert p["target_total"] == sum(u["target_total"] for u in top)
    assert p["institutions_limit"] == sum(u["institutions_limit"] for u in top) + data["reserve"]["institutions_limit"]
    assert p["bases_limit"] == sum(u["bases_limit"] for u in top) + data["reserve"]["bases_limit"]


def test_show_json_follows_the_loaded_data_not_the_document():
    from ectalent.accreditation.models import PlanTarget

    PlanTarget.objects.filter(unit__region_id="330100", year=2014).update(target=1500)
    data = json.loads(show("zhejiang-2014", "--json"))
    assert data["province"]["targets"]["2014"] == 17600


def test_show_without_json_prints_a_chinese_table():
    text = show("zhejiang-2014")
    assert "金华（含义乌）" in text and "└ 义乌" in text and "省里机动调配" in text
    total = next(row for row in text.splitlines() if row.startswith("全省"))
    assert total.split()[1:] == ["100000", "17100", "23900", "28000", "31000", "160", "300"]


def test_show_unknown_plan_is_an_error():
    with pytest.raises(CommandError, match="未载入"):
        show("nowhere-2099", "--json")


def test_load_the_shipped_file():
    out = io.StringIO()
    call_command("plan", "load", str(planlib.shipped_plan_path()), stdout=out)
    assert "已载入计划 zhejiang-2014" in out.getvalue()


def test_load_a_bad_file_names_file_and_line_and_writes_nothing():
    text = planlib.shipped_plan_path().read_text(encoding="utf-8").replace('region: "331100"', 'region: "33110X"')
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    path = Path(handle.name)
    try:
        with pytest.raises(CommandError) as err:
            call_command("plan", "load", str(path), stdout=io.StringIO())
    finally:
        path.unlink()
    line_no = next(i for i, row in enumerate(text.splitlines(), start=1) if "33110X" in row)
    assert str(path) in str(err.value) and f"第 {line_no} 行" in str(err.value) and "未载入" in str(err.value)
