"""``ectalent plan show PLAN [--json]`` and ``ectalent plan load FILE`` (contracts/cli.md).

``show`` prints the loaded plan: every line (a nested line with its city as ``parent_code``), the reserve, and the
province's totals as the platform computes them (top-level lines, plus the reserve for the limits). Without
``--json`` it prints the table as in 附件3, in Chinese. ``load`` checks a plan file and writes it (idempotent);
a bad file is refused with its file and line, and nothing is written.
"""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from ectalent.accreditation.models import TrainingPlan
from ectalent.accreditation.plan import RESERVE_LABEL, TOTAL_LABEL, PlanError, load_plan_file, plan_as_json


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width: int, right: bool = True) -> str:
    text = str(text)
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render_table(data: dict) -> str:
    years = data["years"]
    header = ["", "任务总数", *[f"{y}年（人）" for y in years], "培训机构推荐总数（个）", "实践基地推荐总数（个）"]
    rows = []
    line_codes = {u["region_code"]: u["label"] for u in data["units"]}
    nested_notes = []
    for unit in data["units"]:
        nested = unit["parent_code"] in line_codes
        if nested:
            nested_notes.append(f"{unit['label']}单列于{line_codes[unit['parent_code']]}之内，其数字已含在该行中")
        label = ("  └ " if nested else "") + unit["label"]
        rows.append([label, unit["target_total"], *[unit["targets"][str(y)] for y in years],
                     unit["institutions_limit"], unit["bases_limit"]])
    rows.append([RESERVE_LABEL, "-", *["-" for _ in years], data["reserve"]["institutions_limit"],
                 data["reserve"]["bases_limit"]])
    p = data["province"]
    rows.append([f"{TOTAL_LABEL}（平台计算）", p["target_total"], *[p["targets"][str(y)] for y in years],
                 p["institutions_limit"], p["bases_limit"]])
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [f"{data['title']}  （{data['cite']}）", ""]
    for r in [header, *rows]:
        lines.append("  ".join(_pad(v, widths[i], right=i > 0) for i, v in enumerate(r)))
    if nested_notes:
        lines += ["", "注：" + "；".join(nested_notes) + "；全省合计只加各市行，内含行不重复计算，培训机构和实践基地另加省里机动调配。"]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "培训任务和机构数量分配计划（附件3）：show 显示已载入的计划，load 载入计划文件。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="显示已载入的计划及平台计算的全省合计")
        show.add_argument("plan", help="计划代码，如 zhejiang-2014")
        show.add_argument("--json", action="store_true", help="按 contracts/cli.md 输出 JSON")
        load = sub.add_parser("load", help="校验并载入计划文件（YAML，可重复载入）")
        load.add_argument("file", help="计划文件路径，如 policies/zhejiang-2014-93/plan-zhejiang-2014.yaml")

    def handle(self, *args, **options):
        if options["action"] == "show":
            plan = TrainingPlan.objects.filter(code=options["plan"]).first()
            if plan is None:
                known = ", ".join(TrainingPlan.objects.order_by("code").values_list("code", flat=True)) or "无"
                raise CommandError(f"计划 {options['plan']} 未载入（已载入：{known}）")
            data = plan_as_json(plan)
            if options["json"]:
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write(render_table(data))
            return
        try:
            plan, summary = load_plan_file(options["file"])
        except PlanError as exc:
            raise CommandError(f"计划文件有误，未载入：{exc}") from None
        self.stdout.write(
            f"已载入计划 {plan.code}（{plan.title}）：新增 {summary['lines_created']} 行，更新 {summary['lines_updated']} 行，"
            f"删除 {summary['lines_removed']} 行。"
        )
