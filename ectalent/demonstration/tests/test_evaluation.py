"""The evaluation computation of spec/policy-tracking.md (（二十九）) and ``ectalent evaluation compute``."""

import io
import json
import random
from fractions import Fraction

import pytest
from django.core.management import call_command

from ectalent.demonstration.evaluation import EvaluationError, competition_ranks, compute_document


def doc(indicators, regions):
    return {"indicators": indicators, "regions": regions}


def ind(code, weight=1, direction="higher"):
    return {"code": code, "weight": weight, "direction": direction}


def by_code(answer):
    return {r["code"]: r for r in answer["regions"]}


def test_min_max_normalisation_higher_and_lower():
    out = by_code(compute_document(doc(
        [ind("rate", 1), ind("cost", 1, "lower")],
        [{"code": "A", "values": {"rate": 10, "cost": 2}},
         {"code": "B", "values": {"rate": 20, "cost": 4}},
         {"code": "C", "values": {"rate": 15, "cost": 3}}],
    )))
    assert out["A"]["normalised"] == {"rate": 0.0, "cost": 100.0}
    assert out["B"]["normalised"] == {"rate": 100.0, "cost": 0.0}
    assert out["C"]["normalised"] == {"rate": 50.0, "cost": 50.0}
    assert [out[c]["composite"] for c in "ABC"] == [50.0, 50.0, 50.0]
    assert [out[c]["rank"] for c in "ABC"] == [1, 1, 1]


def test_composite_is_weighted_mean_and_contributions_add_up():
    out = by_code(compute_document(doc(
        [ind("rate", 0.3), ind("volume", 0.5), ind("platforms", 0.2)],
        [{"code": "A", "values": {"rate": 60, "volume": 100, "platforms": 5}},
         {"code": "B", "values": {"rate": 40, "volume": 300, "platforms": 1}},
         {"code": "C", "values": {"rate": 50, "volume": 200, "platforms": 3}}],
    )))
    a = out["A"]
    assert a["normalised"] == {"rate": 100.0, "volume": 0.0, "platforms": 100.0}
    assert a["contributions"] == pytest.approx({"rate": 30.0, "volume": 0.0, "platforms": 20.0}, abs=1e-9)
    assert a["composite"] == pytest.approx(50.0, abs=1e-9)
    b = out["B"]
    assert b["composite"] == pytest.approx(50.0, abs=1e-9)
    c = out["C"]
    assert c["composite"] == pytest.approx(50.0, abs=1e-9)
    for r in out.values():
        assert sum(r["contributions"].values()) == pytest.approx(r["composite"], abs=1e-9)


def test_weights_need_not_add_up_to_one():
    weights_1 = compute_document(doc([ind("a", 0.25), ind("b", 0.75)], [
        {"code": "X", "values": {"a": 1, "b": 2}}, {"code": "Y", "values": {"a": 3, "b": 1}}]))
    weights_4 = compute_document(doc([ind("a", 1), ind("b", 3)], [
        {"code": "X", "values": {"a": 1, "b": 2}}, {"code": "Y", "values": {"a": 3, "b": 1}}]))
    assert weights_1 == weights_4
    assert by_code(weights_1)["X"]["composite"] == 75.0


def test_exact_arithmetic_gives_shared_ranks_where_floats_would_not():
    # 0.1 + 0.2 style weights: A = 100·0.1/0.3, B = 100·0.2/0.3 ... built so that two composites are equal on paper.
    out = by_code(compute_document(doc(
        [ind("a", 0.1), ind("b", 0.2), ind("c", 0.3)],
        [{"code": "P", "values": {"a": 1, "b": 1, "c": 0}},   # 0.1·100 + 0.2·100 = 30/0.6
         {"code": "Q", "values": {"a": 0, "b": 0, "c": 1}},   # 0.3·100 = 30/0.6
         {"code": "R", "values": {"a": 0, "b": 0, "c": 0}}],
    )))
    assert out["P"]["composite"] == out["Q"]["composite"] == 50.0
    assert out["P"]["rank"] == out["Q"]["rank"] == 1
    assert out["R"]["rank"] == 3


def test_shared_ranks_skip_the_next():
    assert competition_ranks({"a": Fraction(9), "b": Fraction(7), "c": Fraction(7), "d": Fraction(5)}) == {
        "a": 1, "b": 2, "c": 2, "d": 4}
    assert competition_ranks({"a": Fraction(1), "b": Fraction(1), "c": Fraction(1)}) == {"a": 1, "b": 1, "c": 1}


def test_all_equal_values_give_100():
    out = by_code(compute_document(doc([ind("a"), ind("b", 1, "lower")], [
        {"code": "X", "values": {"a": 5, "b": 7}}, {"code": "Y", "values": {"a": 5, "b": 7}}])))
    assert out["X"]["normalised"] == {"a": 100.0, "b": 100.0}
    assert out["X"]["composite"] == out["Y"]["composite"] == 100.0
    assert out["X"]["rank"] == out["Y"]["rank"] == 1


def test_single_region_with_a_value_gets_100():
    out = by_code(compute_document(doc([ind("a")], [{"code": "X", "values": {"a": 3}}, {"code": "Y", "values": {}}])))
    assert out["X"]["normalised"] == {"a": 100.0}
    assert out["X"]["rank"] == 1
    assert out["Y"] == {"code": "Y", "normalised": {}, "composite": None, "rank": None, "contributions": {},
                        "missing": ["a"]}


def test_missing_values_are_incomplete_not_zero_and_leave_the_min_max():
    out = by_code(compute_document(doc(
        [ind("rate", 1), ind("volume", 1)],
        [{"code": "A", "values": {"rate": 10, "volume": 100}},
         {"code": "B", "values": {"rate": 30, "volume": 300}},
         {"code": "C", "values": {"rate": 50, "volume": None}},  # null: missing
         {"code": "D", "values": {"volume": 0}}],                # key absent: missing
    )))
    # rate's min and max include C (it has a rate) but not D; volume's include D but not C.
    assert out["A"]["normalised"] == pytest.approx({"rate": 0.0, "volume": 100 / 3})
    assert out["B"]["normalised"] == {"rate": 50.0, "volume": 100.0}
    assert out["C"]["normalised"] == {"rate": 100.0}
    assert out["D"]["normalised"] == {"volume": 0.0}
    assert out["C"]["composite"] is None and out["C"]["rank"] is None and out["C"]["missing"] == ["volume"]
    assert out["D"]["composite"] is None and out["D"]["rank"] is None and out["D"]["missing"] == ["rate"]
    assert out["A"]["missing"] == [] and out["B"]["missing"] == []
    assert out["B"]["rank"] == 1 and out["A"]["rank"] == 2


def test_missing_names_indicators_in_indicator_order_and_regions_keep_input_order():
    answer = compute_document(doc([ind("z"), ind("a"), ind("m")], [
        {"code": "2", "values": {"a": 1}}, {"code": "1", "values": {"z": 1, "a": 2, "m": 3}}]))
    assert [r["code"] for r in answer["regions"]] == ["2", "1"]
    assert answer["regions"][0]["missing"] == ["z", "m"]
    assert list(answer["regions"][1]["normalised"]) == ["z", "a", "m"]


def test_zero_is_a_value_not_missing():
    out = by_code(compute_document(doc([ind("a")], [
        {"code": "X", "values": {"a": 0}}, {"code": "Y", "values": {"a": 10}}])))
    assert out["X"]["missing"] == [] and out["X"]["composite"] == 0.0 and out["X"]["rank"] == 2


@pytest.mark.parametrize(
    ("indicators", "needle"),
    [
        ([ind("a", 0)], "weight"),
        ([ind("a", -1)], "weight"),
        ([ind("a", "0.3")], "weight"),
        ([ind("a", True)], "weight"),
        ([{"code": "a", "direction": "higher"}], "weight"),
        ([ind("a", 1, "up")], "direction"),
        ([{"code": "a", "weight": 1}], "direction"),
        ([ind("a"), ind("a", 2)], "重复"),
        ([], "indicators"),
        ([{"weight": 1, "direction": "higher"}], "code"),
    ],
)
def test_bad_indicators_are_refused(indicators, needle):
    with pytest.raises(EvaluationError, match=needle):
        compute_document(doc(indicators, [{"code": "X", "values": {"a": 1}}]))


def test_a_value_that_is_not_a_number_is_refused_naming_the_field():
    with pytest.raises(EvaluationError, match=r"regions\[1\]\.values\.a"):
        compute_document(doc([ind("a")], [{"code": "X", "values": {"a": 1}}, {"code": "Y", "values": {"a": "7"}}]))


def test_stability_when_weights_move_twenty_percent():
    # A leads on a (weight 1), B on b (weight 1), C in between. With equal weights A and B tie;
    # a ±20 % move of either weight breaks the tie either way.
    answer = compute_document(doc([ind("a"), ind("b")], [
        {"code": "A", "values": {"a": 10, "b": 0}},
        {"code": "B", "values": {"a": 0, "b": 10}},
        {"code": "C", "values": {"a": 4, "b": 4}},
        {"code": "D", "values": {"a": 5}}]), stability=True)
    out = by_code(answer)
    assert out["A"]["rank"] == out["B"]["rank"] == 1
    assert out["A"]["stability"] == {"best": 1, "worst": 2}
    assert out["B"]["stability"] == {"best": 1, "worst": 2}
    assert out["C"]["stability"] == {"best": 3, "worst": 3}
    assert out["D"]["stability"] is None


def test_stability_only_when_asked():
    answer = compute_document(doc([ind("a")], [{"code": "X", "values": {"a": 1}}]))
    assert "stability" not in answer["regions"][0]


# --- an independent float reading of the spec, compared on random documents ---------------------------


def reference(document):
    inds = document["indicators"]
    regs = document["regions"]
    total = sum(i["weight"] for i in inds)
    lo, hi = {}, {}
    for i in inds:
        vals = [r["values"].get(i["code"]) for r in regs if r["values"].get(i["code"]) is not None]
        if vals:
            lo[i["code"]], hi[i["code"]] = min(vals), max(vals)
    rows = []
    for r in regs:
        norm, contrib, missing = {}, {}, []
        for i in inds:
            c = i["code"]
            x = r["values"].get(c)
            if x is None:
                missing.append(c)
                continue
            if hi[c] == lo[c]:
                n = 100.0
            elif i["direction"] == "higher":
                n = 100 * (x - lo[c]) / (hi[c] - lo[c])
            else:
                n = 100 * (hi[c] - x) / (hi[c] - lo[c])
            norm[c] = n
            contrib[c] = i["weight"] * n / total
        comp = sum(contrib.values()) if not missing else None
        rows.append({"code": r["code"], "normalised": norm, "composite": comp, "contributions": contrib,
                     "missing": missing})
    comps = sorted((row["composite"] for row in rows if row["composite"] is not None), reverse=True)
    for row in rows:
        if row["composite"] is None:
            row["rank"] = None
        else:
            # 1 + the number of composites clearly higher (floats: a tolerance for the same value on paper)
            row["rank"] = 1 + sum(1 for c in comps if c > row["composite"] + 1e-9)
    return rows


def random_document(rng: random.Random):
    n_ind = rng.randint(1, 6)
    inds = [{"code": f"i{k}", "weight": rng.choice([0.1, 0.15, 0.2, 0.25, 0.3, 1, 2, 0.05]),
             "direction": rng.choice(["higher", "lower"])} for k in range(n_ind)]
    regs = []
    for k in range(rng.randint(1, 15)):
        values = {}
        for i in inds:
            roll = rng.random()
            if roll < 0.08:
                continue
            if roll < 0.14:
                values[i["code"]] = None
            else:
                values[i["code"]] = rng.choice([rng.randint(0, 5), round(rng.uniform(-50, 500), 2)])
        regs.append({"code": f"32{k:02d}00", "values": values})
    return {"indicators": inds, "regions": regs}


@pytest.mark.parametrize("seed", range(300))
def test_random_documents_agree_with_an_independent_reading(seed):
    document = random_document(random.Random(seed))
    mine = compute_document(json.loads(json.dumps(document)))
    theirs = reference(document)
    assert [r["code"] for r in mine["regions"]] == [r["code"] for r in theirs]
    for m, t in zip(mine["regions"], theirs):
        assert m["missing"] == t["missing"]
        assert m["normalised"] == pytest.approx(t["normalised"], abs=1e-6)
        assert m["contributions"] == pytest.approx(t["contributions"], abs=1e-6)
        if t["composite"] is None:
            assert m["composite"] is None and m["rank"] is None
        else:
            assert m["composite"] == pytest.approx(t["composite"], abs=1e-6)
            assert m["rank"] == t["rank"]
            assert sum(m["contributions"].values()) == pytest.approx(m["composite"], abs=1e-6)


@pytest.mark.parametrize("seed", range(60))
def test_random_stability_brackets_the_rank_and_matches_brute_force(seed):
    rng = random.Random(1000 + seed)
    document = random_document(rng)
    out = compute_document(document, stability=True)
    seen = {r["code"]: {r["rank"]} for r in out["regions"] if r["rank"] is not None}
    for k, i in enumerate(document["indicators"]):
        for factor in (0.8, 1.2):
            moved = json.loads(json.dumps(document))
            moved["indicators"][k]["weight"] = i["weight"] * factor
            for r in reference(moved):
                if r["rank"] is not None:
                    seen[r["code"]].add(r["rank"])
    for r in out["regions"]:
        if r["rank"] is None:
            assert r["stability"] is None
            continue
        assert r["stability"]["best"] <= r["rank"] <= r["stability"]["worst"]
        assert (r["stability"]["best"], r["stability"]["worst"]) == (min(seen[r["code"]]), max(seen[r["code"]]))


# --- the command ------------------------------------------------------------------------------


def run(tmp_path, document, *extra, text=None):
    path = tmp_path / "doc.json"
    path.write_text(text if text is not None else json.dumps(document), encoding="utf-8")
    out = io.StringIO()
    status = 0
    try:
        call_command("evaluation", "compute", "--input", str(path), *extra, stdout=out)
    except SystemExit as exc:
        status = exc.code
    return status, json.loads(out.getvalue())


def test_command_answers_the_contract(tmp_path):
    status, answer = run(tmp_path, doc([ind("rate", 0.3), ind("volume", 0.7)], [
        {"code": "320100", "values": {"rate": 61.2, "volume": 4500}},
        {"code": "320200", "values": {"rate": 55.0, "volume": None}},
        {"code": "320300", "values": {"rate": 48.5, "volume": 2500}}]))
    assert status == 0
    first, second, third = answer["regions"]
    assert set(first) == {"code", "normalised", "composite", "rank", "contributions", "missing"}
    assert first["code"] == "320100" and first["rank"] == 1 and first["composite"] == pytest.approx(100.0)
    assert first["contributions"] == pytest.approx({"rate": 30.0, "volume": 70.0})
    assert second == {"code": "320200", "normalised": {"rate": pytest.approx(100 * 6.5 / 12.7)}, "composite": None,
                      "rank": None, "contributions": {"rate": pytest.approx(30 * 6.5 / 12.7)}, "missing": ["volume"]}
    assert third["rank"] == 2 and third["composite"] == 0.0


def test_command_reads_numbers_as_written(tmp_path):
    # With binary floats 0.2·100/0.4 = 50.00000000000001 but 0.15·100/0.4 + 0.05·100/0.4 = 50.0, so a float
    # reading would rank P above Q; on paper they are equal and share rank 1.
    status, answer = run(tmp_path, None, text='{"indicators": [{"code": "a", "weight": 0.2, "direction": "higher"},'
                         '{"code": "b", "weight": 0.15, "direction": "higher"},'
                         '{"code": "c", "weight": 0.05, "direction": "higher"}], "regions": ['
                         '{"code": "P", "values": {"a": 1, "b": 0, "c": 0}},'
                         '{"code": "Q", "values": {"a": 0, "b": 1, "c": 1}},'
                         '{"code": "R", "values": {"a": 0.5, "b": 0, "c": 0}}]}')
    assert status == 0
    assert [r["rank"] for r in answer["regions"]] == [1, 1, 3]
    assert [r["composite"] for r in answer["regions"]] == [50.0, 50.0, 25.0]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("not json", "JSON"),
        ('{"indicators": [{"code": "a", "weight": -0.5, "direction": "higher"}], "regions": []}', "weight"),
        ('{"indicators": [{"code": "a", "weight": 1, "direction": "sideways"}], "regions": []}', "direction"),
        ('{"indicators": [{"code": "a", "weight": 1, "direction": "higher"}, '
         '{"code": "a", "weight": 1, "direction": "lower"}], "regions": []}', "a"),
        ('{"indicators": [{"code": "a", "weight": NaN, "direction": "higher"}], "regions": []}', "NaN"),
        ("[1, 2]", "indicators"),
    ],
)
def test_command_refuses_with_an_error_and_status_1(tmp_path, text, needle):
    status, answer = run(tmp_path, None, text=text)
    assert status == 1
    assert list(answer) == ["error"] and needle in answer["error"]


def test_command_with_no_regions(tmp_path):
    status, answer = run(tmp_path, doc([ind("a")], []))
    assert (status, answer) == (0, {"regions": []})


def test_command_stability_flag(tmp_path):
    status, answer = run(tmp_path, doc([ind("a"), ind("b")], [
        {"code": "A", "values": {"a": 10, "b": 0}}, {"code": "B", "values": {"a": 0, "b": 10}}]), "--stability")
    assert status == 0
    assert [r["stability"] for r in answer["regions"]] == [{"best": 1, "worst": 2}, {"best": 1, "worst": 2}]
