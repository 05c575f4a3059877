"""Load administrative divisions from the shipped CSV files (one file per province).

Format (UTF-8, header row): ``code,name,short_name,level,kind,parent_code``. Loading is idempotent: existing
codes are updated, new ones created. More provinces load from files of the same format.
"""

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
COLUMNS = ["code", "name", "short_name", "level", "kind", "parent_code"]
LEVELS = ("province", "city", "county")


def read_rows(path: Path) -> list[dict]:
    errors = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if reader.fieldnames != COLUMNS:
            raise ValidationError(f"{path.name}: 表头应为 {','.join(COLUMNS)}，实际为 {','.join(reader.fieldnames or [])}")
        rows = []
        for line, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip()
            if not (len(code) == 6 and code.isdigit()):
                errors.append(f"{path.name} 第{line}行 code 列：行政区划代码应为6位数字，实际为“{code}”")
            if row["level"] not in LEVELS:
                errors.append(f"{path.name} 第{line}行 level 列：应为 {'/'.join(LEVELS)} 之一，实际为“{row['level']}”")
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
