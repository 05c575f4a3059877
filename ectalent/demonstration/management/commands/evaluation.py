"""``ectalent evaluation compute --input FILE.json`` (contracts/cli.md; seed 001 （二十九）, spec/policy-tracking.md).

Reads one evaluation document (indicators with weight and direction, regions with their values) and prints the
normalised scores, composite, rank, contributions and missing indicators of every region, in input order, numbers
unrounded. A document that cannot be computed prints ``{"error": "…"}`` and exits with status 1.
``--stability`` adds each ranked region's best and worst rank when the weights move ±20 % one at a time.
"""

import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand

from ectalent.demonstration.evaluation import EvaluationError, compute_document


def _refuse_constant(name):
    raise EvaluationError(f"不是有效的数字：{name}")


def read_document(text: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None


class Command(BaseCommand):
    help = "电子商务发展评价（第（二十九）条）：compute 按 contracts/cli.md 计算标准化得分、综合得分、排名和贡献。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="计算一份评价文档（JSON）")
        compute.add_argument("--input", required=True, help="评价文档（JSON），- 读标准输入")
        compute.add_argument("--output", help="输出文件（默认标准输出）")
        compute.add_argument("--stability", action="store_true", help="另给出各权重 ±20% 时的最好和最差名次")

    def handle(self, *args, **options):
        status = 0
        try:
            if options["input"] == "-":
                text = sys.stdin.read()
            else:
                try:
                    with open(options["input"], encoding="utf-8-sig") as fh:
                        text = fh.read()
                except OSError as exc:
                    raise EvaluationError(f"无法读取输入文件 {options['input']}：{exc.strerror}") from None
                except UnicodeDecodeError:
                    raise EvaluationError(f"输入文件 {options['input']} 不是 UTF-8 文本") from None
            answer = compute_document(read_document(text.lstrip("\ufeff")), stability=options["stability"])
        except EvaluationError as exc:
            answer = {"error": str(exc)}
            status = 1
        body = json.dumps(answer, ensure_ascii=False) + "\n"
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as fh:
                fh.write(body)
        else:
            self.stdout.write(body, ending="")
        if status:
            raise SystemExit(status)
