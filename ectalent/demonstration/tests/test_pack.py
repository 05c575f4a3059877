"""The seed 001 pack: evaluation systems and demonstration kinds as dated, cited policy data."""

import datetime
from fractions import Fraction

import pytest

from ectalent.demonstration.pack import demonstration_pack, evaluation_pack, parse_demonstration, parse_evaluation
from ectalent.rules.packs import PackError


def test_evaluation_system_covers_the_four_areas_of_measure_29():
    pack = evaluation_pack()
    system = pack.system_on(datetime.date(2026, 1, 1))
    assert [i.code for i in system.indicators] == ["rate", "volume", "platforms", "services"]
    assert all(i.weight > 0 and i.cite for i in system.indicators)
    assert pack.weight_move_on(datetime.date(2026, 1, 1)) == Fraction(1, 5)


def test_demonstration_targets_are_those_of_the_seed():
    pack = demonstration_pack()
    on = datetime.date(2026, 1, 1)
    targets = {code: kind.target_on(on).value for code, kind in pack.kinds.items()}
    assert targets == {"provincial_base": 100, "maker_centre": 100, "national_base": 10, "national_enterprise": 20,
                       "provincial_enterprise": 200, "rural_county": 30, "rural_town": 100, "rural_village": 300}
    assert all(kind.target_on(on).cite for kind in pack.kinds.values())
    assert pack.kind("rural_village").applicants == ("village",)
    assert pack.kind("rural_county").route == "city"
    assert pack.kind("national_base").national


def test_a_bad_weight_is_refused_with_file_and_line(tmp_path):
    path = tmp_path / "evaluation.yaml"
    path.write_text(
        "weight_move:\n  values:\n    - value: 20\n      effective_from: 2015-12-04\n      cite: x\n"
        "systems:\n  - code: s\n    name: n\n    effective_from: 2016-01-01\n    cite: c\n    indicators:\n"
        "      - code: a\n        label: A\n        direction: higher\n        weight: -1\n        source: input\n"
        "        cite: c\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        parse_evaluation(path)
    assert err.value.line == 15 and "权重" in str(err.value)


def test_an_unknown_data_check_is_refused(tmp_path):
    path = tmp_path / "demonstration.yaml"
    path.write_text(
        "parameters:\n"
        "  notice_days: {values: [{value: 7, effective_from: 2015-12-04, cite: c}]}\n"
        "  reapply_years: {values: [{value: 2, effective_from: 2015-12-04, cite: c}]}\n"
        "kinds:\n  k:\n    name: K\n    scope: provincial\n    measure: m\n    applicants: [village]\n    route: county\n"
        "    target: {values: [{value: 3, effective_from: 2015-12-04, cite: c}]}\n"
        "    criteria:\n      - code: magic\n        check: data\n        text: t\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        parse_demonstration(path)
    assert err.value.line == 13 and "magic" in str(err.value)
