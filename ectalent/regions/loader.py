"""Load administrative divisions from the shipped CSV files (one file per province).

Format (UTF-8, header row): ``code,name,short_name,level,kind,parent_code``. Loading is idempotent: existing
codes are updated, new ones created. More provinces load from files of the same format.

Towns (乡镇/街道) and villages (村/居) load from files of the same format where a programme needs them (the seed 001
demonstration areas: ``data/subcounty/``, loaded by ``load_subcounty`` or ``ectalent demo``): their codes are the
GB/T 2260 county code extended by the statistical division codes (统计用区划代码), 9 digits for a town and 12 for a
village, each beginning with its parent's code.
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
COLUMNS = ["code", "name", "short_name", "level", "kind", "parent_code"]
LEVELS = ("province", "city", "county", "town", "village")
CODE_LENGTHS = {"province": 6, "city": 6, "county": 6, "town": 9, "village": 12}
SUBCOUNTY_DIR = DATA_DIR / "subcounty"


def read_rows(path: Path) -> list[dict]:
    errors = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise ValidationError(f"{path.name}: 表头应为 {','.join(COLUMNS)}，实际为 {','.join(reader.fieldnames or [])}")
        rows = []
        for line, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip()
            length = CODE_LENGTHS.get(row["level"], 6)
            if not (len(code) == length and code.isdigit()):
                errors.append(f"{path.name} 第{line}行 code 列：行政区划代码应为{length}位数字，实际为“{code}”")
            if row["level"] not in LEVELS:
                errors.append(f"{path.name} 第{line}行 level 列：应为 {'/'.join(LEVELS)} 之一，实际为“{row['level']}”")
            parent = (row["parent_code"] or "").strip()
            if row["level"] in ("town", "village") and not (parent and code.startswith(parent[: CODE_LENGTHS["town"] if row["level"] == "village" else 6])):
                errors.append(f"{path.name} 第{line}行 parent_code 列：{code} 应以上级代码 {parent} 开头")
            if not (row["name"] or "").strip():
                errors.append(f"{path.name} 第{line}行 name 列：名称不能为空")
            rows.append({k: (v or "").strip() for k, v in row.items()} | {"line": line, "file": path.name})
    if errors:
        raise ValidationError(errors)
    return rows


def load_files(paths: list[Path], region_model=None) -> int:
    """Load the given CSV files; returns the number of regions written. All or nothing."""
    from .models import Region, invalidate_region_cache, path_segment

    Region = region_model or Region
    rows = [row for p in paths for row in read_rows(Path(p))]
    rows.sort(key=lambda r: LEVELS.index(r["level"]))
    known = {r.code: r.path for r in Region.objects.all().only("code", "path")}
    errors = []
    with transaction.atomic():
        for row in rows:
            parent_code = row["parent_code"] or None
            segment = path_segment(row["code"], row["level"])
            if parent_code:
                if parent_code not in known:
                    errors.append(f"{row['file']} 第{row['line']}行 parent_code 列：上级区划 {parent_code} 不存在")
                    continue
                path = f"{known[parent_code]}/{segment}"
            else:
                path = segment
            Region.objects.update_or_create(
                code=row["code"],
                defaults=dict(
                    name=row["name"],
                    short_name=row["short_name"] or row["name"],
                    level=row["level"],
                    kind=row["kind"],
                    parent_id=parent_code,
                    path=path,
                ),
            )
            known[row["code"]] = path
        if errors:
            raise ValidationError(errors)
    invalidate_region_cache()
    return len(rows)


def shipped_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.csv"))


def subcounty_files() -> list[Path]:
    return sorted(SUBCOUNTY_DIR.glob("*.csv"))


def load_subcounty() -> int:
    """Load the shipped towns and villages (the demonstration areas); idempotent."""
    return load_files(subcounty_files())
