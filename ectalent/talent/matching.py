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
    """Seekers as columns, one row per seeker; ``region_seeker``/``region_path`` pair each seeker's row index with each
    region they name (a seeker naming two places has two pairs)."""

    seeker_id: np.ndarray  # int64
    covered: np.ndarray  # int32 bit sets
    level_rank: np.ndarray  # int8
    years: np.ndarray  # int16
    trained: np.ndarray  # int8 bit sets
    pay_min: np.ndarray  # float64, nan: no expectation
    intention: np.ndarray  # int32 bit sets
    region_seeker: np.ndarray  # int64 row indices
    region_path: np.ndarray  # object: materialised paths

    @classmethod
    def from_facts(cls, facts: Sequence[SeekerFacts]) -> SeekerArrays:
        pairs = [(i, path) for i, f in enumerate(facts) for path in f.region_paths]
        return cls(
            seeker_id=np.array([f.seeker_id for f in facts], dtype=np.int64),
            covered=np.array([f.covered for f in facts], dtype=np.int32),
            level_rank=np.array([f.level_rank for f in facts], dtype=np.int8),
            years=np.array([f.years for f in facts], dtype=np.int16),
            trained=np.array([f.trained for f in facts], dtype=np.int8),
            pay_min=np.array([np.nan if f.pay_min is None else f.pay_min for f in facts], dtype=np.float64),
            intention=np.array([f.intention for f in facts], dtype=np.int32),
            region_seeker=np.array([i for i, _ in pairs], dtype=np.int64),
            region_path=np.array([p for _, p in pairs], dtype=object),
        )


def _score_matrix(s: SeekerArrays, idx: np.ndarray, vs: Sequence[VacancyFacts]) -> np.ndarray:
    """Scores (rows: the seekers at ``idx``, whose regions fit; columns: the vacancies ``vs``), the rule of
    ``explain`` in whole points."""
    bits = np.array([POSITION_BIT[v.position] for v in vs], dtype=np.int32)[None, :]
    min_level = np.array([v.min_level_rank for v in vs], dtype=np.int16)[None, :]
    min_years = np.array([v.min_years for v in vs], dtype=np.float64)[None, :]
    training = np.array([TRAINING_BIT.get(v.training, 0) for v in vs], dtype=np.int16)[None, :]
    pay_max = np.array([v.pay_max for v in vs], dtype=np.float64)[None, :]
    covered, intention = s.covered[idx][:, None], s.intention[idx][:, None]
    level, years = s.level_rank[idx].astype(np.int16)[:, None], s.years[idx].astype(np.float64)[:, None]
    trained, pay = s.trained[idx].astype(np.int16)[:, None], s.pay_min[idx][:, None]
    w = WEIGHTS
    num = w["position"] * ((covered & bits) != 0) + float(w["region"])
    num = num + w["pay"] * (np.isnan(pay) | (pay <= pay_max)) + w["intention"] * ((intention & bits) != 0)
    num = num + np.where(min_level > 0, w["certificate"] * (level >= min_level), 0)
    num = num + np.where(min_years > 0, w["years"] * np.minimum(1.0, years / np.maximum(min_years, 1)), 0)
    num = num + np.where(training > 0, w["training"] * ((trained & training) != 0), 0)
    den = (w["position"] + w["region"] + w["pay"] + w["intention"] + w["certificate"] * (min_level > 0)
           + w["years"] * (min_years > 0) + w["training"] * (training > 0))
    return np.floor(num * 100 / den + 1e-9).astype(np.int64)


def region_index(s: SeekerArrays) -> dict[str, np.ndarray]:
    """Seeker row indices per named region path (built once for a batch)."""
    order = np.argsort(s.region_path, kind="stable")
    paths = s.region_path[order]
    rows = s.region_seeker[order]
    out: dict[str, np.ndarray] = {}
    if len(paths) == 0:
        return out
    starts = np.flatnonzero(np.r_[True, paths[1:] != paths[:-1]])
    ends = np.r_[starts[1:], len(paths)]
    for a, b in zip(starts, ends, strict=True):
        out[paths[a]] = rows[a:b]
    return out


def _pool(index: dict[str, np.ndarray], vacancy_path: str) -> np.ndarray:
    """Seekers who named the vacancy's place or a region containing it (each once)."""
    parts = vacancy_path.split("/")
    chunks = [index[p] for p in ("/".join(parts[:i]) for i in range(1, len(parts) + 1)) if p in index]
    if not chunks:
        return np.empty(0, dtype=np.int64)
    return chunks[0] if len(chunks) == 1 else np.unique(np.concatenate(chunks))


# sort key: score, then more years, then the lower seeker id — one int64 per pair, so ties break exactly
_ID_BITS, _YEARS_BITS = 40, 7


def top_candidates(seekers: SeekerArrays, vacancies: Sequence[VacancyFacts], k: int = 20,
                   index: dict[str, np.ndarray] | None = None, progress=None,
                   chunk: int = 4_000_000) -> dict[int, list[tuple[int, int]]]:
    """For each vacancy, up to ``k`` (seeker id, score), best first; ties by more years, then lower seeker id.

    Vacancies in the same place share one pool; each place's pool is scored against all its vacancies at once
    (a matrix, cut into column chunks of at most ``chunk`` cells) and the best ``k`` per column are selected with
    ``argpartition`` on a composite key."""
    index = index if index is not None else region_index(seekers)
    by_place: dict[str, list[VacancyFacts]] = {}
    for v in vacancies:
        by_place.setdefault(v.region_path, []).append(v)
    out: dict[int, list[tuple[int, int]]] = {}
    done = 0
    for place, group in by_place.items():
        idx = _pool(index, place)
        if len(idx) == 0:
            out.update({v.vacancy_id: [] for v in group})
            continue
        tie = (np.minimum(seekers.years[idx], (1 << _YEARS_BITS) - 1).astype(np.int64) << _ID_BITS) + (
            ((1 << _ID_BITS) - 1) - seekers.seeker_id[idx])
        step = max(1, chunk // len(idx))
        for c in range(0, len(group), step):
            part = group[c:c + step]
            scores = _score_matrix(seekers, idx, part)
            key = (scores << (_ID_BITS + _YEARS_BITS)) + tie[:, None]
            n = min(k, len(idx))
            top = np.argpartition(-key, n - 1, axis=0)[:n] if len(idx) > n else np.tile(np.arange(len(idx))[:, None], (1, len(part)))
            for j, v in enumerate(part):
                rows = top[:, j]
                rows = rows[np.argsort(-key[rows, j], kind="stable")]
                out[v.vacancy_id] = [(int(seekers.seeker_id[idx[r]]), int(scores[r, j])) for r in rows]
        done += len(group)
        if progress:
            progress(done, len(vacancies))
    return out


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()
