"""The pure rules of spec/lecturers.md and the two commands of contracts/cli.md."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from ectalent.lecturers import policy, scoring
from ectalent.lecturers.management.commands.lecturers import answer_lines
from ectalent.lecturers.scoring import Attempt, JudgeScore, ScoreError
from ectalent.rules.packs import PackError, load_parameter_pack_from

D = Decimal


def panel(line: dict) -> dict:
    answers, errors = answer_lines([json.dumps(line)], "panel", None)
    return json.loads(answers[0])


def certify(line: dict) -> dict:
    answers, errors = answer_lines([json.dumps(line)], "certify", None)
    return json.loads(answers[0])


def js(*pairs, conflicts=()):
    return [{"judge": j, "score": s, **({"conflict": True} if j in conflicts else {})} for j, s in pairs]


# --- the pack ------------------------------------------------------------------------------------------------


def test_pack_has_every_number_dated_and_cited():
    pack = policy.pack()
    for name in ("eligibility.institution_years", "eligibility.college_years", "eligibility.teacher_training_years",
                 "panel.min_judges", "panel.trim_from", "panel.divergence_points", "certification.pass_mark",
                 "certification.retakes", "recommendation.institutions_min", "recommendation.institutions_max",
                 "target.certified", "target.start", "target.end", "deadline.jinhua.county_to_city",
                 "deadline.city_to_province"):
        param = pack.param(name)
        assert all(v.cite and v.effective_from for v in param.values), name
    assert pack.value("deadline.jinhua.county_to_city", datetime.date(2017, 10, 1)) == datetime.datetime(2017, 10, 18, 17, 0)
    assert pack.value("target.certified", datetime.date(2018, 1, 1)) == 1500
    assert scoring.max_attempts() == 3


def test_pack_refuses_a_deadline_without_time(tmp_path):
    (tmp_path / "policy.yaml").write_text(
        "number: X\ntitle: T\nissuer: I\nissued_on: 2017-09-25\neffective_from: 2017-09-25\n", encoding="utf-8")
    (tmp_path / "parameters.yaml").write_text(
        "parameters:\n  d:\n    label: L\n    type: datetime\n    values:\n      - value: 2017-10-18\n"
        "        effective_from: 2017-09-25\n        cite: C\n", encoding="utf-8")
    with pytest.raises(PackError) as exc:
        load_parameter_pack_from(tmp_path)
    assert "第 6 行" in str(exc.value) and "datetime" in str(exc.value)


# --- panel -----------------------------------------------------------------------------------------------------


def test_five_scores_drop_one_highest_and_one_lowest():
    out = panel({"id": "L1", "scores": js(("J1", 80), ("J2", 90), ("J3", 85), ("J4", 70), ("J5", 88))})
    assert out == {"id": "L1", "status": "scored", "score": 84.33, "counted": 5, "dropped": ["J2", "J4"],
                   "recused": [], "flags": []}


def test_four_scores_mean_of_all_no_drop():
    out = panel({"id": "L1", "scores": js(("J1", 80), ("J2", 90), ("J3", 85), ("J4", 70))})
    assert out["score"] == 81.25 and out["dropped"] == [] and out["counted"] == 4


def test_three_scores_is_quorum():
    out = panel({"id": "L1", "scores": js(("J1", 80), ("J2", 81), ("J3", 81))})
    assert out["status"] == "scored" and out["score"] == 80.67


def test_two_counted_scores_incomplete():
    out = panel({"id": "L1", "scores": js(("J1", 80), ("J2", 81), ("J3", 99), conflicts={"J3"})})
    assert out == {"id": "L1", "status": "incomplete", "score": None, "counted": 2, "dropped": [],
                   "recused": ["J3"], "flags": []}


def test_recused_scores_never_count_and_are_listed_in_input_order():
    out = panel({"id": "L1", "scores": js(("J1", 80), ("J2", 0), ("J3", 85), ("J4", 100), ("J5", 82), ("J6", 83),
                                          conflicts={"J4", "J2"})})
    assert out["recused"] == ["J2", "J4"]
    assert out["counted"] == 4 and out["dropped"] == [] and out["score"] == 82.5


def test_recused_judge_may_have_no_score():
    out = panel({"id": "L1", "scores": [{"judge": "J1", "score": None, "conflict": True}, *js(("J2", 70), ("J3", 71), ("J4", 72))]})
    assert out["recused"] == ["J1"] and out["score"] == 71.0


def test_ties_drop_the_first_named():
    out = panel({"id": "L1", "scores": js(("J1", 70), ("J2", 90), ("J3", 90), ("J4", 70), ("J5", 80))})
    assert out["dropped"] == ["J2", "J1"]
    assert out["score"] == 80.0


def test_all_equal_drops_two_different_judges():
    out = panel({"id": "L1", "scores": js(*[(f"J{i}", 75.5) for i in range(1, 6)])})
    assert out["dropped"] == ["J1", "J2"] and out["score"] == 75.5 and out["flags"] == []


def test_half_up_rounding_to_two_decimals():
    # 80.1 + 80.2 + 80.2 = 240.5 / 3 = 80.1666… → 80.17 ; 0.005 cases round up
    assert panel({"id": "L", "scores": js(("a", 80.1), ("b", 80.2), ("c", 80.2))})["score"] == 80.17
    # 70.1+70.0+70.0+70.0 = 280.1/4 = 70.025 → 70.03 (half up, not banker's)
    assert panel({"id": "L", "scores": js(("a", 70.1), ("b", 70), ("c", 70), ("d", 70))})["score"] == 70.03
    # exact decimals: 0.1 steps never go through binary floats
    assert panel({"id": "L", "scores": js(("a", 0.1), ("b", 0.2), ("c", 0.3))})["score"] == 0.2


def test_divergence_is_more_than_twenty_before_dropping():
    assert panel({"id": "L", "scores": js(("a", 60), ("b", 80), ("c", 70))})["flags"] == []  # exactly 20
    assert panel({"id": "L", "scores": js(("a", 59.9), ("b", 80), ("c", 70))})["flags"] == ["divergence"]
    # the dropped extremes still make the spread
    out = panel({"id": "L", "scores": js(("a", 50), ("b", 80), ("c", 81), ("d", 79), ("e", 80))})
    assert out["flags"] == ["divergence"] and out["dropped"] == ["c", "a"] and out["score"] == 79.67


def test_recused_scores_do_not_make_divergence():
    out = panel({"id": "L", "scores": js(("a", 10), ("b", 80), ("c", 81), ("d", 79), conflicts={"a"})})
    assert out["flags"] == [] and out["counted"] == 3


def test_contract_example_shape():
    out = panel({"id": "L1", "scores": [{"judge": "J1", "score": 88.5, "conflict": False}, *js(("J2", 90), ("J3", 99), ("J4", 85), ("J5", 60), ("J6", 86), conflicts={"J2"})]})
    assert out == {"id": "L1", "status": "scored", "score": 86.5, "counted": 5, "dropped": ["J3", "J5"],
                   "recused": ["J2"], "flags": ["divergence"]}


@pytest.mark.parametrize(("scores", "word"), [
    (js(("a", 101), ("b", 80), ("c", 80)), "101"),
    (js(("a", -1), ("b", 80), ("c", 80)), "-1"),
    (js(("a", 80.25), ("b", 80), ("c", 80)), "80.25"),
    (js(("a", 80), ("a", 81), ("c", 80)), "a"),
    ([{"judge": "a", "score": "80"}], "score"),
    ([{"judge": "", "score": 80}], "judge"),
    ([{"judge": "a", "score": 80, "conflict": "yes"}], "conflict"),
    ([{"judge": "a", "score": True}], "score"),
])
def test_bad_scores_are_an_error_for_the_line(scores, word):
    out = panel({"id": "L9", "scores": scores})
    assert out["id"] == "L9" and out["line"] == 1 and word in out["error"]
    assert set(out) == {"id", "line", "error"}


def test_recused_score_out_of_range_is_still_an_error():
    assert "error" in panel({"id": "L", "scores": js(("a", 150), ("b", 80), ("c", 80), ("d", 80), conflicts={"a"})})


def test_bad_lines_are_answered_in_place_and_others_still_answered():
    lines = ["not json", json.dumps({"scores": []}), "[1]",
             json.dumps({"id": "L4", "scores": js(("a", 80), ("b", 80), ("c", 80))}), "", ""]
    answers, errors = answer_lines(lines, "panel", None)
    out = [json.loads(a) for a in answers]
    assert len(out) == 4 and errors == 3
    assert out[0]["id"] is None and out[0]["line"] == 1 and "JSON" in out[0]["error"]
    assert out[1]["line"] == 2 and "id" in out[1]["error"]
    assert out[2]["line"] == 3
    assert out[3]["score"] == 80.0


def test_no_scores_is_incomplete():
    assert panel({"id": "L", "scores": []})["status"] == "incomplete"


def test_panel_command_writes_output_and_exit_status(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "L1", "scores": js(("a", 80), ("b", 90), ("c", 70))}) + "\n", encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    call_command("lecturers", "panel", "--input", str(src), "--output", str(dst))
    assert json.loads(dst.read_text(encoding="utf-8"))["score"] == 80.0
    src.write_text("{\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("lecturers", "panel", "--input", str(src), "--output", str(dst))
    assert exc.value.code == 1
    assert json.loads(dst.read_text(encoding="utf-8"))["line"] == 1


# --- ranking ---------------------------------------------------------------------------------------------------


def test_ranking_ties_share_a_rank_and_places_take_ties():
    out = scoring.rank([("a", D("90")), ("b", D("85")), ("c", D("85")), ("d", D("80")), ("e", None)], places=2)
    assert [(r.key, r.rank, r.selected) for r in out] == [
        ("a", 1, True), ("b", 2, True), ("c", 2, True), ("d", 4, False), ("e", None, False)]


def test_ranking_pass_score_and_places_both_apply():
    out = scoring.rank([("a", D("90")), ("b", D("75")), ("c", D("70"))], pass_score=D("72"), places=3)
    assert [r.selected for r in out] == [True, True, False]


# --- certification ---------------------------------------------------------------------------------------------


def test_pass_on_second_attempt():
    out = certify({"id": "L1", "attempts": [{"theory": 70, "practice": 55, "defence": 80},
                                            {"theory": 60, "practice": 60, "defence": 60}]})
    assert (out["certified"], out["passed_attempt"], out["attempts_left"]) == (True, 2, 0)
    assert "实践操作" in out["reasons"][0]["text"]


def test_no_carry_over_of_parts():
    out = certify({"id": "L1", "attempts": [{"theory": 90, "practice": 50, "defence": 90},
                                            {"theory": 50, "practice": 90, "defence": 90}]})
    assert (out["certified"], out["passed_attempt"], out["attempts_left"]) == (False, None, 1)


def test_three_fails_leave_nothing():
    fail = {"theory": 59.9, "practice": 90, "defence": 90}
    out = certify({"id": "L1", "attempts": [fail, fail, fail]})
    assert (out["certified"], out["passed_attempt"], out["attempts_left"]) == (False, None, 0)


def test_no_attempt_yet_has_three_left():
    assert certify({"id": "L1", "attempts": []})["attempts_left"] == 3


def test_fourth_attempt_is_an_error_naming_it():
    fail = {"theory": 10, "practice": 90, "defence": 90}
    out = certify({"id": "L1", "attempts": [fail, fail, fail, fail]})
    assert out["line"] == 1 and "第 4 次" in out["error"] and set(out) == {"id", "line", "error"}


def test_attempt_after_a_pass_is_an_error_naming_it():
    ok = {"theory": 60, "practice": 60, "defence": 60}
    out = certify({"id": "L1", "attempts": [ok, ok]})
    assert "第 2 次" in out["error"]


@pytest.mark.parametrize("attempt", [{"theory": 101, "practice": 60, "defence": 60},
                                     {"theory": 60, "practice": -0.5, "defence": 60},
                                     {"theory": 60, "practice": 60}, {"theory": 60, "practice": "x", "defence": 60}])
def test_bad_parts_are_errors(attempt):
    assert "error" in certify({"id": "L1", "attempts": [attempt]})


def test_pure_functions_take_decimals():
    res = scoring.panel_score([JudgeScore("a", D("70")), JudgeScore("b", D("70")), JudgeScore("c", D("70.1"))])
    assert res.score == D("70.03") and res.mean_of == ("a", "b", "c")
    with pytest.raises(ScoreError):
        scoring.panel_score([JudgeScore("a", D("70")), JudgeScore("a", D("70"))])
    with pytest.raises(ScoreError):
        scoring.check_new_attempt([Attempt(D(60), D(60), D(60))])
