"""Explained matching of seekers and vacancies: one scoring rule, for one pair (with its reasons) and in batch.

A vacancy states requirements; a seeker's facts come from the platform: the certificates it issued
(``certification.Certificate``, valid ones) and the held certificates, trainings and employment of the registry,
with years in the occupation derived by the rules engine exactly as certification derives them
(``rules.facts.derive`` over the applicant-facts document, the certification pack's parameters).

Each requirement gives a degree of fit between 0 and 1, with a reason; the score is the weighted mean of the
requirements the vacancy states, in whole points out of 100. The weights (``WEIGHTS``) are the platform's, not a
policy's: they rank, they never refuse anyone. Batch matching (``top_candidates``) computes the same score for every
pair with numpy, city by city, and must agree with ``explain`` for any pair (tested on random data).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence

import numpy as np
from django.utils.translation import gettext as _

from .choices import LEVEL_RANK, POSITION_SCOPES

POSITIONS = [code for code, _label in POSITION_SCOPES]
POSITION_BIT = {code: 1 << i for i, code in enumerate(POSITIONS)}
TRAINING_BIT = {level: 1 << i for i, level in enumerate(("assistant", "specialist", "senior", "manager"))}
# The requirement → weight. Holding the position's own certificate counts most; a region or pay mismatch matters,
# the seeker's own stated intention a little.
WEIGHTS = {"position": 4, "certificate": 3, "years": 3, "training": 2, "region": 3, "pay": 2, "intention": 1}


def position_level(position: str) -> str:
    return position.split(".", 1)[0]


def covers(position: str, level: str, directions: Iterable[str]) -> bool:
    """Whether a certificate of ``level`` in ``directions`` qualifies for ``position`` (level.direction): the same
    level in that direction, or any higher level."""
    need = position_level(position)
    if LEVEL_RANK.get(level, 0) > LEVEL_RANK[need]:
        return True
    if level != need:
        return False
    direction = position.split(".", 1)[1] if "." in position else ""
    return not direction or direction in set(directions)


@dataclasses.dataclass
class SeekerFacts:
    """What matching knows of one seeker (all from the platform)."""

    seeker_id: int
    covered: int  # bit set of POSITIONS qualified for by a valid certificate
    level_rank: int  # highest certificate level held (0: none)
    years: int  # full years in the occupation (rules engine)
    trained: int  # bit set of training levels completed
    region_paths: tuple[str, ...]  # intended work regions (materialised paths)
    pay_min: float | None
    intention: int  # bit set of POSITIONS the seeker seeks
    certificate_labels: tuple[str, ...] = ()


@dataclasses.dataclass
class VacancyFacts:
    vacancy_id: int
    position: str
    min_level_rank: int  # 0: no certificate required
    min_years: int
    training: str  # "" : none required
    region_path: str
    pay_max: float


@dataclasses.dataclass
class Reason:
    key: str
    label: str
    fit: float
    weight: int
    detail: str

    @property
    def met(self) -> bool:
        return self.fit >= 1


def _region_fits(vacancy_path: str, seeker_paths: Sequence[str]) -> bool:
    """A seeker who names a city accepts its counties; one who names a county accepts that county only."""
    return any(vacancy_path == p or vacancy_path.startswith(p + "/") for p in seeker_paths)


def explain(seeker: SeekerFacts, vacancy: VacancyFacts) -> tuple[int, list[Reason]]:
    """The score of one pair and the reason for every requirement the vacancy states."""
    from ectalent.rules.facts import LEVEL_LABELS

    pos_label = dict(POSITION_SCOPES)[vacancy.position]
    reasons = [
        Reason("position", _("岗位对应证书"), 1.0 if seeker.covered & POSITION_BIT[vacancy.position] else 0.0,
               WEIGHTS["position"],
               _("持有可胜任“%(p)s”的有效证书") % {"p": pos_label} if seeker.covered & POSITION_BIT[vacancy.position]
               else _("未持有可胜任“%(p)s”的有效证书") % {"p": pos_label}),
    ]
    if vacancy.min_level_rank:
        need = [k for k, v in LEVEL_RANK.items() if v == vacancy.min_level_rank][0]
        ok = seeker.level_rank >= vacancy.min_level_rank
        reasons.append(Reason("certificate", _("证书等级"), 1.0 if ok else 0.0, WEIGHTS["certificate"],
                              (_("持有%(l)s或更高等级证书") if ok else _("未持有%(l)s或更高等级证书")) % {"l": LEVEL_LABELS[need]}))
    if vacancy.min_years:
        fit = min(1.0, seeker.years / vacancy.min_years)
        reasons.append(Reason("years", _("本职业工作年限"), fit, WEIGHTS["years"],
                              _("连续从事本职业 %(y)s 年，要求 %(n)s 年") % {"y": seeker.years, "n": vacancy.min_years}))
    if vacancy.training:
        ok = bool(seeker.trained & TRAINING_BIT[vacancy.training])
        reasons.append(Reason("training", _("培训经历"), 1.0 if ok else 0.0, WEIGHTS["training"],
                              (_("已完成%(l)s培训") if ok else _("未完成%(l)s培训")) % {"l": LEVEL_LABELS[vacancy.training]}))
    ok = _region_fits(vacancy.region_path, seeker.region_paths)
    reasons.append(Reason("region", _("意向地区"), 1.0 if ok else 0.0, WEIGHTS["region"],
                          _("工作地点在求职者意向地区内") if ok else _("工作地点不在求职者意向地区内")))
    ok = seeker.pay_min is None or seeker.pay_min <= vacancy.pay_max
    reasons.append(Reason("pay", _("薪酬"), 1.0 if ok else 0.0, WEIGHTS["pay"],
                          _("岗位薪酬达到求职者期望") if ok else _("岗位薪酬低于求职者期望下限")))
    ok = bool(seeker.intention & POSITION_BIT[vacancy.position])
    reasons.append(Reason("intention", _("求职意向"), 1.0 if ok else 0.0, WEIGHTS["intention"],
                          _("求职意向包含该岗位类别") if ok else _("求职意向未包含该岗位类别")))
    total = sum(r.weight for r in reasons)
    score = int(np.floor(sum(r.fit * r.weight for r in reasons) * 100 / total + 1e-9))
    return score, reasons


# --- batch ----------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class SeekerArrays:
    """Seekers as columns; one row per (seeker, intended region), so a seeker naming two cities sits in both."""

    seeker_id: np.ndarray  # int64
    covered: np.ndarray  # int32 bit sets
    level_rank: np.ndarray  # int8
    years: np.ndarray  # int16
    trained: np.ndarray  # int8 bit sets
    region: np.ndarray  # object/str: the intended region path of this row
    pay_min: np.ndarray  # float64, nan: no expectation
    intention: np.ndarray  # int32 bit sets

    @classmethod
    def from_facts(cls, facts: Sequence[SeekerFacts]) -> SeekerArrays:
        rows = [(f, path) for f in facts for path in (f.region_paths or ("",))]
        return cls(
            seeker_id=np.array([f.seeker_id for f, _ in rows], dtype=np.int64),
            covered=np.array([f.covered for f, _ in rows], dtype=np.int32),
            level_rank=np.array([f.level_rank for f, _ in rows], dtype=np.int8),
            years=np.array([f.years for f, _ in rows], dtype=np.int16),
            trained=np.array([f.trained for f, _ in rows], dtype=np.int8),
            region=np.array([p for _, p in rows], dtype=object),
            pay_min=np.array([np.nan if f.pay_min is None else f.pay_min for f, _ in rows], dtype=np.float64),
            intention=np.array([f.intention for f, _ in rows], dtype=np.int32),
        )


def _scores(s: SeekerArrays, idx: np.ndarray, v: VacancyFacts) -> np.ndarray:
    """Scores of the seekers at ``idx`` (whose region rows already fit the vacancy) for one vacancy."""
    bit = POSITION_BIT[v.position]
    num = WEIGHTS["position"] * ((s.covered[idx] & bit) != 0)
    den = WEIGHTS["position"] + WEIGHTS["region"] + WEIGHTS["pay"] + WEIGHTS["intention"]
    num = num + WEIGHTS["region"]  # the pool holds only seekers whose region fits
    if v.min_level_rank:
        num = num + WEIGHTS["certificate"] * (s.level_rank[idx] >= v.min_level_rank)
        den += WEIGHTS["certificate"]
    if v.min_years:
        num = num + WEIGHTS["years"] * np.minimum(1.0, s.years[idx] / v.min_years)
        den += WEIGHTS["years"]
    if v.training:
        num = num + WEIGHTS["training"] * ((s.trained[idx] & TRAINING_BIT[v.training]) != 0)
        den += WEIGHTS["training"]
    pay = s.pay_min[idx]
    num = num + WEIGHTS["pay"] * (np.isnan(pay) | (pay <= v.pay_max))
    num = num + WEIGHTS["intention"] * ((s.intention[idx] & bit) != 0)
    return np.floor(num * 100 / den + 1e-9).astype(np.int16)


def region_index(s: SeekerArrays) -> dict[str, np.ndarray]:
    """Row indices per intended region path (built once for a batch)."""
    order = np.argsort(s.region, kind="stable")
    paths = s.region[order]
    out: dict[str, np.ndarray] = {}
    if len(paths) == 0:
        return out
    starts = np.flatnonzero(np.r_[True, paths[1:] != paths[:-1]])
    ends = np.r_[starts[1:], len(paths)]
    for a, b in zip(starts, ends, strict=True):
        out[paths[a]] = order[a:b]
    return out


def _pool(index: dict[str, np.ndarray], vacancy_path: str) -> np.ndarray:
    """Rows whose intended region contains the vacancy's place (the place itself or one of its ancestors)."""
    parts = vacancy_path.split("/")
    chunks = [index[p] for p in ("/".join(parts[:i]) for i in range(1, len(parts) + 1)) if p in index]
    return np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)


def top_candidates(seekers: SeekerArrays, vacancies: Sequence[VacancyFacts], k: int = 20,
                   index: dict[str, np.ndarray] | None = None, progress=None) -> dict[int, list[tuple[int, int]]]:
    """For each vacancy, up to ``k`` (seeker id, score), best first; ties by more years, then lower seeker id."""
    index = index if index is not None else region_index(seekers)
    out: dict[int, list[tuple[int, int]]] = {}
    for n, v in enumerate(vacancies):
        idx = _pool(index, v.region_path)
        if len(idx) == 0:
            out[v.vacancy_id] = []
            continue
        scores = _scores(seekers, idx, v)
        if len(idx) > k:
            # keep every row tied with the k-th best, then order exactly (a seeker may sit in the pool twice, under a
            # city and one of its counties: fall back to the whole pool when that leaves fewer than k people)
            kth = np.partition(scores, len(scores) - k)[len(scores) - k]
            keep = np.flatnonzero(scores >= kth)
            if len(np.unique(seekers.seeker_id[idx[keep]])) >= k:
                idx, scores = idx[keep], scores[keep]
        order = np.lexsort((seekers.seeker_id[idx], -seekers.years[idx], -scores))
        seen, best = set(), []
        for j in order:
            sid = int(seekers.seeker_id[idx[j]])
            if sid in seen:
                continue
            seen.add(sid)
            best.append((sid, int(scores[j])))
            if len(best) == k:
                break
        out[v.vacancy_id] = best
        if progress and n % 500 == 0:
            progress(n, len(vacancies))
    return out


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
