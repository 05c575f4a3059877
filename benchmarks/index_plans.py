"""Which index serves which query of the people registry: the plans PostgreSQL chooses (issue 10, goal 4).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ectalent_perfbench .venv/bin/python benchmarks/index_plans.py

Prints the secondary indexes of ``registry_person`` and, for each query the platform runs on it (the SQL made by
the same querysets as the pages, the API and the exports), ``EXPLAIN (ANALYZE, COSTS OFF)``'s plan lines that
name an index or a scan. An index that no plan names serves no query.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ectalent.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from ectalent.accounts.models import User  # noqa: E402
from ectalent.registry.filtersets import PersonFilterSet  # noqa: E402
from ectalent.registry.models import Person  # noqa: E402


class _Request:
    def __init__(self, user):
        self.user = user


def queries():
    province = User.objects.get(username="zj_province")
    county = User.objects.get(username="yw_county")
    sample = Person.objects.order_by("id").values("id_number", "phone", "name").first()
    org = Person.objects.exclude(owner_org=None).values_list("owner_org_id", flat=True).first()

    def listed(user, params):
        fs = PersonFilterSet(params, queryset=Person.objects.visible_to(user), request=_Request(user))
        assert fs.is_valid(), fs.errors
        return fs.qs

    yield "省级列表第一页（按登记顺序倒序）", listed(province, {})[:25]
    yield "省级列表计数", listed(province, {}).order_by().values("pk")  # (count(*) over this, as .count() runs it)
    yield "县级列表第一页", listed(county, {})[:25]
    yield "姓名前缀“张”", listed(province, {"q": "张"})[:25]
    yield f"姓名前缀“{sample['name']}”（少见）", listed(province, {"q": sample["name"]})[:25]
    yield "按姓名排序", listed(province, {"ordering": "name"})[:25]
    yield "身份证号精确查找", listed(province, {"q": sample["id_number"]})[:25]
    yield "手机号精确查找", listed(province, {"q": sample["phone"]})[:25]
    yield "地区筛选：金华（含下级）", listed(province, {"region": "330700"})[:25]
    if org:
        yield "单位登记的人员", Person.objects.filter(owner_org_id=org).order_by("-id")[:25]


def main():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'registry_person' ORDER BY 1")
        print("registry_person indexes:")
        for name, definition in cursor.fetchall():
            print(f"  {name}: {definition.split(' USING ')[1]}")
        used = set()
        for label, qs in queries():
            sql, params = qs.query.sql_with_params()
            if label.endswith("计数"):
                sql = f"SELECT COUNT(*) FROM ({sql}) t"
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) " + sql, params)
            lines = [row[0] for row in cursor.fetchall()]
            print(f"\n{label}:")
            for line in lines:
                if "Scan" in line or "Execution Time" in line:
                    print("  " + line.strip())
                    for word in line.replace("using", "using").split():
                        if word.startswith(("registry_person", "person_")):
                            used.add(word)
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_person' ORDER BY 1")
        unused = [name for (name,) in cursor.fetchall() if name not in used]
        print("\nindexes no plan above uses:", ", ".join(unused) or "none")


if __name__ == "__main__":
    main()
