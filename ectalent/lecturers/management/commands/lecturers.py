"""``ectalent lecturers panel`` and ``ectalent lecturers certify`` (contracts/cli.md, spec/lecturers.md).

Both read JSON lines (``-``: standard input) and write one answer per line, in input order, to standard output or
``--output``. A line that cannot be read gets ``{"id", "line", "error"}`` naming the field; the other lines are still
answered and the command exits with status 1 at the end. Numbers are read as exact decimals (``88.5`` stays 88.5).
The rules are ``ectalent.lecturers.scoring``, the same the platform uses, with the pack's parameters in force on
``--on`` (default: today).
"""

from __future__ import annotations

import datetime
import json
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from ectalent.lecturers import scoring
from ectalent.lecturers.scoring import Attempt, JudgeScore, ScoreError


class LineError(ValueError):
    pass


def _ident(doc):
    if isinstance(doc, dict):
        ident = doc.get("id")
        if isinstance(ident, (str, int)) and not isinstance(ident, bool):
            return ident
    return None


def _require_id(doc) -> None:
    if "id" not in doc:
        raise LineError("缺少字段 id（missing field 'id'）")
    ident = doc["id"]
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or (isinstance(ident, str) and not ident.strip()):
        raise LineError("字段 id 须为非空文字（'id' must be a non-empty string）")


def parse_panel(doc, on) -> list[JudgeScore]:
    _require_id(doc)
    scores = doc.get("scores")
    if not isinstance(scores, list):
        raise LineError("字段 scores 须为列表（'scores' must be a list）")
    out = []
    names = set()
    for i, item in enumerate(scores):
        where = f"scores[{i}]"
        if not isinstance(item, dict):
            raise LineError(f"{where} 须为对象（object expected）")
        judge = item.get("judge")
        if isinstance(judge, bool) or not isinstance(judge, (str, int)) or (isinstance(judge, str) and not judge.strip()):
            raise LineError(f"{where}.judge 须为非空文字（'judge' must be a non-empty string）")
        judge = str(judge)
        if judge in names:
            raise LineError(f"{where}.judge：评委 {judge} 在本行出现两次（judge named twice）")
        names.add(judge)
        conflict = item.get("conflict", False)
        if conflict is None:
            conflict = False
        if not isinstance(conflict, bool):
            raise LineError(f"{where}.conflict 须为 true 或 false（boolean expected）")
        raw = item.get("score")
        try:
            score = None if raw is None else scoring.check_score(raw, f"{where}.score（评委 {judge}）", on=on)
        except ScoreError as exc:
            raise LineError(str(exc)) from None
        out.append(JudgeScore(judge, score, conflict))
    return out


def parse_attempts(doc, on) -> list[Attempt]:
    _require_id(doc)
    attempts = doc.get("attempts")
    if not isinstance(attempts, list):
        raise LineError("字段 attempts 须为列表（'attempts' must be a list）")
    out = []
    for i, item in enumerate(attempts):
        where = f"attempts[{i}]（第 {i + 1} 次）"
        if not isinstance(item, dict):
            raise LineError(f"{where} 须为对象（object expected）")
        values = {}
        for code, label in scoring.PARTS:
            if item.get(code) is None:
                raise LineError(f"{where}.{code}：缺少{label}成绩（missing '{code}'）")
            try:
                values[code] = scoring.check_score(item[code], f"{where}.{code}（{label}）", on=on,
                                                   maximum="certification.part_max", decimals=None)
            except ScoreError as exc:
                raise LineError(str(exc)) from None
        out.append(Attempt(**values))
    return out


def answer_panel(doc, on) -> dict:
    return scoring.panel_score(parse_panel(doc, on), on).as_json(doc["id"])


def answer_certify(doc, on) -> dict:
    attempts = parse_attempts(doc, on)
    try:
        return scoring.certify(attempts, on).as_json(doc["id"])
    except ScoreError as exc:
        raise LineError(str(exc)) from None


ANSWER = {"panel": answer_panel, "certify": answer_certify}


def answer_lines(lines, action: str, on) -> tuple[list[str], int]:
    """Answers (JSON text) for ``lines``, and the number of error lines. Trailing blank lines are ignored."""
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    out, errors = [], 0
    for number, raw in enumerate(lines, start=1):
        doc = None
        try:
            if not raw.strip():
                raise LineError("空行，不是 JSON 文档（empty line）")
            try:
                doc = json.loads(raw, parse_float=Decimal)
            except ValueError as exc:
                raise LineError(f"不是有效的 JSON：{exc}（invalid JSON）") from None
            if not isinstance(doc, dict):
                raise LineError("每行须为一个 JSON 对象（object expected）")
            answer = ANSWER[action](doc, on)
        except LineError as exc:
            errors += 1
            answer = {"id": _ident(doc), "line": number, "error": str(exc)}
        out.append(json.dumps(answer, ensure_ascii=False, separators=(",", ":")))
    return out, errors


class Command(BaseCommand):
    help = "跨境电商讲师（浙商务联发〔2017〕72号）：panel 计算评委评分，certify 判定认证结果。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("panel", "按评分规则计算每场讲演的得分"), ("certify", "按认证规则判定每位讲师的认证结果")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--input", required=True, help="JSON lines 输入文件（- 为标准输入）")
            p.add_argument("--output", help="输出文件（默认标准输出）")
            p.add_argument("--on", help="按此日期（YYYY-MM-DD）有效的政策参数计算（默认今天）")

    def handle(self, *args, **options):
        on = None
        if options.get("on"):
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(f"--on 须为日期 YYYY-MM-DD：{options['on']}") from None
        try:
            if options["input"] == "-":
                text = sys.stdin.buffer.read().decode("utf-8")
            else:
                with open(options["input"], "rb") as f:
                    text = f.read().decode("utf-8")
        except OSError as exc:
            raise CommandError(f"无法读取输入文件：{exc}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"输入不是 UTF-8 文字：{exc}") from None
        answers, errors = answer_lines(text.splitlines(), options["action"], on)
        body = "".join(a + "\n" for a in answers)
        if options.get("output"):
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(body)
        else:
            sys.stdout.write(body)
            sys.stdout.flush()
        if errors:
            sys.exit(1)
