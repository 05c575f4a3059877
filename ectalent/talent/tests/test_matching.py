"""The one scoring rule: explained for a pair, vectorised in batch, and both agree."""

import random

import numpy as np
import pytest

from ectalent.talent import matching
from ectalent.talent.matching import SeekerArrays, SeekerFacts, VacancyFacts, explain, top_candidates


def test_covers_follows_levels_and_directions():
    assert matching.covers("specialist.operations", "specialist", ["operations"])
    assert not matching.covers("specialist.operations", "specialist", ["logistics"])
    assert matching.covers("specialist.operations", "senior", [])  # a higher level qualifies for every direction
    assert not matching.covers("specialist.operations", "assistant", ["operations"])
    assert matching.covers("senior", "senior", [])
    assert matching.covers("senior", "manager", [])


def _seeker(i, rng):
    return SeekerFacts(
        seeker_id=i, covered=rng.randrange(0, 1 << len(matching.POSITIONS)), level_rank=rng.randrange(0, 6),
        years=rng.randrange(0, 12), trained=rng.randrange(0, 16),
        region_paths=tuple(rng.sample(["33/3307", "33/3307/330782", "33/3301", "33/3301/330106"], rng.randrange(1, 3))),
        pay_min=None if rng.random() < 0.3 else float(rng.randrange(3000, 12000)),
        intention=rng.randrange(0, 1 << len(matching.POSITIONS)))


def _vacancy(i, rng):
    return VacancyFacts(
        vacancy_id=i, position=rng.choice(matching.POSITIONS), min_level_rank=rng.choice([0, 2, 3, 4]),
        min_years=rng.choice([0, 1, 3, 5]), training=rng.choice(["", "assistant", "specialist", "senior"]),
        region_path=rng.choice(["33/3307/330782", "33/3307/330702", "33/3301/330106"]),
        pay_max=float(rng.randrange(4000, 15000)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batch_agrees_with_explanations(seed):
    rng = random.Random(seed)
    seekers = [_seeker(i, rng) for i in range(1, 400)]
    vacancies = [_vacancy(i, rng) for i in range(1, 40)]
    arrays = SeekerArrays.from_facts(seekers)
    best = top_candidates(arrays, vacancies, k=10)
    by_id = {s.seeker_id: s for s in seekers}
    for v in vacancies:
        fitting = [s for s in seekers if matching._region_fits(v.region_path, s.region_paths)]
        expected = sorted(((explain(s, v)[0], s) for s in fitting), key=lambda t: (-t[0], -t[1].years, t[1].seeker_id))
        assert [(sid, score) for sid, score in best[v.vacancy_id]] == [(s.seeker_id, sc) for sc, s in expected[:10]]
        for sid, score in best[v.vacancy_id]:
            assert explain(by_id[sid], v)[0] == score


def test_reasons_name_every_stated_requirement():
    s = SeekerFacts(1, covered=matching.POSITION_BIT["specialist.operations"], level_rank=3, years=2, trained=0,
                    region_paths=("33/3307",), pay_min=6000.0, intention=0)
    v = VacancyFacts(1, "specialist.operations", min_level_rank=3, min_years=4, training="specialist",
                     region_path="33/3307/330782", pay_max=8000.0)
    score, reasons = explain(s, v)
    keys = [r.key for r in reasons]
    assert keys == ["position", "certificate", "years", "training", "region", "pay", "intention"]
    fits = {r.key: r.fit for r in reasons}
    assert fits["years"] == 0.5 and fits["training"] == 0 and fits["position"] == 1 and fits["region"] == 1
    # (4 + 3 + 1.5 + 0 + 3 + 2 + 0) / 18
    assert score == int(np.floor(13.5 * 100 / 18))


def test_region_outside_intention_is_not_a_candidate():
    rng = random.Random(5)
    s = _seeker(1, rng)
    s.region_paths = ("33/3301",)
    arrays = SeekerArrays.from_facts([s])
    v = VacancyFacts(9, "senior", 0, 0, "", "33/3307/330782", 9000.0)
    assert top_candidates(arrays, [v])[9] == []
