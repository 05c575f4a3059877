"""``ectalent subsidy calc --measure M --input FILE.jsonl [--output FILE.jsonl]`` (contracts/cli.md).

One claim per line, valid against ``subsidy-claim.schema.json`` for the measure; one answer per line, in input
order. A line that cannot be read gets ``{"id", "line", "error"}`` and the command exits 1 after answering all.
Rates and caps come from the pack ``chuxiong-2020`` in force on the claim's date, with the values an administrator
entered (the rate of 云人社发〔2020〕26号: on a fresh database it is not entered).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ectalent.rules.models import entered_values
from ectalent.rules.packs import PackError, load_pack
from ectalent.rules.validation import doc_id
from ectalent.subsidies.calc import MEASURES, PACK, answer, calculate
from ectalent.subsidies.validation import error_message, loads


def _dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def answer_line(raw: str, line_no: int, measure: str, pack, entered) -> tuple[str, bool]:
    """(the answer line, whether it is an error)."""
    if not raw.strip():
        return _dump({"id": None, "line": line_no, "error": "空行，不是 JSON 文档（empty line）"}), True
    try:
        doc = loads(raw)
    except ValueError as exc:
        return _dump({"id": None, "line": line_no, "error": f"不是有效的 JSON：{exc}（invalid JSON）"}), True
    message = error_message(doc, measure)
    if message is not None:
        return _dump({"id": doc_id(doc), "line": line_no, "error": message}), True
    try:
        result = calculate(measure, doc, pack, entered)
    except (ValueError, KeyError, TypeError) as exc:  # a value the schema lets through but the measure cannot read
        return _dump({"id": doc_id(doc), "line": line_no, "error": f"无法计算：{exc}（cannot compute）"}), True
    return _dump(answer(measure, doc, result)), False


class Command(BaseCommand):
    help = "楚雄州电商人才补贴与贷款：按政策包计算金额（contracts/cli.md）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        calc = sub.add_parser("calc", help="逐行计算补贴金额或可贷最高额度")
        calc.add_argument("--measure", required=True, choices=MEASURES)
        calc.add_argument("--input", required=True, help="JSON lines 文件，- 为标准输入")
        calc.add_argument("--output", help="输出文件（默认标准输出）")

    def handle(self, *args, **options):
        try:
            pack = load_pack(PACK)
        except PackError as exc:
            raise CommandError(str(exc)) from exc
        entered = entered_values(PACK)
        measure = options["measure"]
        source = sys.stdin if options["input"] == "-" else open(options["input"], encoding="utf-8")  # noqa: SIM115
        target = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout._out  # noqa: SIM115
        failed = False
        pending_blank: list[int] = []
        try:
            for line_no, raw in enumerate(source, start=1):
                raw = raw.rstrip("\r\n")
                if not raw.strip():
                    pending_blank.append(line_no)
                    continue
                for blank in pending_blank:  # blank lines are answered only when a line follows them
                    text, _ = answer_line("", blank, measure, pack, entered)
                    target.write(text + "\n")
                    failed = True
                pending_blank = []
                text, error = answer_line(raw, line_no, measure, pack, entered)
                failed |= error
                target.write(text + "\n")
        finally:
            if source is not sys.stdin:
                source.close()
            if options["output"]:
                target.close()
            else:
                target.flush()
        if failed:
            sys.exit(1)
