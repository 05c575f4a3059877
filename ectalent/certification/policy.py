"""What 附件1 sets for certification, read from the policy pack: parameters, level openings, courses (课程设置).

Numbers (``exam.min_directions``, ``practice.base_months``, ``practice.internship_months``…) are dated pack
parameters; the course lists per level and direction live in ``policies/<pack>/courses.yaml``, checked here with
the pack's own YAML reader so that a mistake is refused with its file and line (``PackError``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from functools import lru_cache
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ectalent.rules.packs import PACK_FILES, Pack, PackError, load_pack, read_yaml

PACK = "zhejiang-2014-93"
COURSES_FILE = "courses.yaml"
DIRECTION_LEVELS = ("assistant", "specialist")


def today() -> datetime.date:
    return timezone.localdate()


def pack() -> Pack:
    return load_pack(PACK)


def param(name: str, on: datetime.date | None = None):
    return pack().value(name, on or today())


def cite(name: str, on: datetime.date | None = None) -> str:
    return pack().param(name).entry_at(on or today()).cite


def level_name(level: str) -> str:
    return pack().level(level).name


def directions_of(level: str) -> dict[str, str]:
    """{code: 名称} of a level's directions, in the pack's order (empty for senior and manager)."""
    return dict(pack().level(level).directions)


def all_directions() -> dict[str, str]:
    out = {}
    for code in ("assistant", "specialist", "senior", "manager"):
        out.update(directions_of(code))
    return out


def direction_label(code: str) -> str:
    return all_directions().get(code, code)


def min_directions(level: str, on: datetime.date | None = None) -> int:
    """附件1 考试认证「不少于二种」: only assistant and specialist are examined per direction."""
    return int(param("exam.min_directions", on)) if level in DIRECTION_LEVELS else 0


# --- level opening --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Opening:
    level: str
    opens_on: datetime.date | None
    is_open: bool
    cite: str
    reason: str  # why it is closed (empty when open)


def level_opening(level: str, on: datetime.date | None = None) -> Opening:
    """Whether ``level`` is open on ``on``: the pack's dated ``opening.<level>``, unless an administrator has set
    the date (``rules.LevelOpening``) — the rules engine's own ``level_opening`` answers it."""
    from ectalent.rules.engine import level_opening as engine_opening

    on = on or today()
    p = pack()
    opens_on, is_open = engine_opening(level, on, p)
    source = p.param(p.level(level).opening_param).entry_at(on).cite
    name = _(p.level(level).name)
    if is_open:
        reason = ""
    elif opens_on is None:
        reason = _("%(name)s尚未开放申报。依据：%(source)s") % {"name": name, "source": source}
    else:
        reason = _("%(name)s自 %(opens_on)s 起开放申报，%(on)s 尚未开放。依据：%(source)s") % {"name": name, "opens_on": format(opens_on, '%Y-%m-%d'), "on": format(on, '%Y-%m-%d'), "source": source}
    return Opening(level, opens_on, is_open, source, reason)


# --- practice -------------------------------------------------------------------------------------


def full_months(start: datetime.date, end: datetime.date) -> int:
    """Full months of practice from ``start`` to ``end``, both days included (1 Mar–31 Mar is one month;
    1 Mar–30 Mar is none)."""
    if end < start:
        return 0
    delta = relativedelta(end + datetime.timedelta(days=1), start)
    return delta.years * 12 + delta.months


def required_practice_months(kind: str, on: datetime.date | None = None) -> int:
    return int(param("practice.base_months" if kind == "base" else "practice.internship_months", on))


def practice_cite(kind: str, on: datetime.date | None = None) -> str:
    return cite("practice.base_months" if kind == "base" else "practice.internship_months", on)


# --- policy version stored with each application ----------------------------------------------------


def policy_version(on: datetime.date | None = None) -> str:
    """The pack number, the date of the newest parameter value in force and a hash of the pack files:
    enough to tell later which rules judged an application (≤ 64 characters)."""
    on = on or today()
    p = pack()
    latest = max(p.param(name).entry_at(on).effective_from for name in p.parameters)
    return f"{p.slug}@{latest:%Y-%m-%d}#{_files_digest(str(p.path))}"


@lru_cache(maxsize=4)
def _files_digest(folder: str) -> str:
    digest = hashlib.sha256()
    for name in (*PACK_FILES, COURSES_FILE):
        path = Path(folder) / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- courses (课程设置) ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CourseList:
    level: str
    direction: str  # "" for senior and manager
    label: str
    cite: str
    courses: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class LevelCourses:
    level: str
    cite: str
    basis: str
    lists: tuple[CourseList, ...]

    def for_direction(self, direction: str = "") -> CourseList | None:
        return next((c for c in self.lists if c.direction == direction), None)


def _line(node, key=None) -> int:
    key_lines = getattr(node, "key_lines", {})
    if key is not None and key in key_lines:
        return key_lines[key]
    return getattr(node, "line", 0)


def _keys(path, node, allowed: set, required: set, what: str) -> None:
    if not isinstance(node, dict):
        raise PackError(path, _line(node), f"{what}须为映射（mapping expected）")
    for key in node:
        if key not in allowed:
            raise PackError(path, _line(node, key), f"{what}中有未知字段 '{key}'，可用字段：{'、'.join(sorted(allowed))}（unknown key）")
    for key in sorted(required):
        if key not in node:
            raise PackError(path, _line(node), f"{what}缺少字段 '{key}'（missing key）")


def _text(path, node, key, what) -> str:
    value = node.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(path, _line(node, key), f"{what}的 '{key}' 须为非空文字（non-empty string expected）")
    return value.strip()


def _course_list(path, node, key, what) -> tuple[str, ...]:
    value = node.get(key)
    if not isinstance(value, list) or not value:
        raise PackError(path, _line(node, key), f"{what}的课程须为非空列表（non-empty list expected）")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            line = value.item_lines[i] if hasattr(value, "item_lines") else _line(node, key)
            raise PackError(path, line, f"{what}的第 {i + 1} 门课程须为非空文字（course name expected）")
        if item.strip() in out:
            line = value.item_lines[i] if hasattr(value, "item_lines") else _line(node, key)
            raise PackError(path, line, f"{what}的课程“{item.strip()}”重复（duplicate course）")
        out.append(item.strip())
    return tuple(out)


def parse_courses(path: Path, data, the_pack: Pack) -> dict[str, LevelCourses]:
    """Check ``courses.yaml`` against the pack's levels and directions; raise ``PackError`` with file and line."""
    if not isinstance(data, dict) or set(data) != {"courses"}:
        raise PackError(path, _line(data), "文件须只含 'courses' 一个字段（only 'courses' expected）")
    raw = data["courses"]
    if not isinstance(raw, dict):
        raise PackError(path, _line(raw), "courses 须为映射（mapping expected）")
    out: dict[str, LevelCourses] = {}
    for code, spec in raw.items():
        if code not in the_pack.levels:
            raise PackError(path, _line(raw, code), f"未知等级 '{code}'，可用：{'、'.join(the_pack.levels)}（unknown level）")
        level = the_pack.level(code)
        what = f"等级 {code} "
        directions = dict(level.directions)
        if directions:
            _keys(path, spec, {"cite", "basis", "directions"}, {"cite", "directions"}, what)
            raw_dirs = spec["directions"]
            if not isinstance(raw_dirs, dict):
                raise PackError(path, _line(spec, "directions"), f"{what}的 directions 须为映射（mapping expected）")
            lists = []
            for dcode, dspec in raw_dirs.items():
                if dcode not in directions:
                    raise PackError(path, _line(raw_dirs, dcode),
                                    f"{what}没有方向 '{dcode}'，可用：{'、'.join(directions)}（unknown direction）")
                dwhat = f"{what}方向 {dcode} "
                _keys(path, dspec, {"cite", "courses"}, {"cite", "courses"}, dwhat)
                lists.append(CourseList(code, dcode, directions[dcode], _text(path, dspec, "cite", dwhat),
                                        _course_list(path, dspec, "courses", dwhat)))
            missing = [d for d in directions if d not in raw_dirs]
            if missing:
                raise PackError(path, _line(spec, "directions"), f"{what}缺少方向的课程：{'、'.join(missing)}（missing directions）")
            lists.sort(key=lambda c: list(directions).index(c.direction))
        else:
            _keys(path, spec, {"cite", "basis", "courses"}, {"cite", "courses"}, what)
            lists = [CourseList(code, "", level.name, _text(path, spec, "cite", what), _course_list(path, spec, "courses", what))]
        basis = spec.get("basis") or ""
        if not isinstance(basis, str):
            raise PackError(path, _line(spec, "basis"), f"{what}的 basis 须为文字（string expected）")
        out[code] = LevelCourses(code, _text(path, spec, "cite", what), basis.strip(), tuple(lists))
    missing = [code for code in the_pack.levels if code not in out]
    if missing:
        raise PackError(path, _line(raw), f"缺少等级的课程设置：{'、'.join(missing)}（missing levels）")
    return out


def load_courses_from(folder: Path, the_pack: Pack | None = None) -> dict[str, LevelCourses]:
    folder = Path(folder)
    the_pack = the_pack or pack()
    path = folder / COURSES_FILE
    return parse_courses(path, read_yaml(path), the_pack)


@lru_cache(maxsize=4)
def load_courses(slug: str = PACK) -> dict[str, LevelCourses]:
    """The course lists of the named pack (cached)."""
    return load_courses_from(Path(settings.POLICIES_DIR) / slug, load_pack(slug))


def courses_for(level: str, directions: list[str] | tuple[str, ...] = ()) -> list[CourseList]:
    """The course lists a session of ``level`` teaches: one per offered direction, or the level's own list."""
    lc = load_courses()[level]
    if lc.lists and lc.lists[0].direction == "":
        return list(lc.lists)
    return [c for c in lc.lists if c.direction in directions]
