"""``ectalent measures parse FILE --json`` and ``ectalent measures import FILE`` (contracts/cli.md).

``parse`` reads the implementation opinion's text and prints its chapters, measures, items and tasks without
touching the database (without ``--json``: a table in Chinese). ``import`` loads the same structure into the
platform; importing again changes nothing, and the office's corrections are kept.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ectalent.tracking.parser import ParseError, as_contract, int_to_cn, parse_file


def render(doc) -> str:
    lines = [f"{doc.title}（{doc.issuer or '未写落款'}，{doc.issued_on or '未写日期'}）", ""]
    by_measure = {}
    for task in doc.tasks:
        by_measure.setdefault(task.measure, []).append(task)
    for chapter in doc.chapters:
        lines.append(f"{int_to_cn(chapter.number)}、{chapter.title}")
        for measure in (m for m in doc.measures if m.chapter == chapter.number):
            tasks = by_measure.get(measure.number, [])
            lines.append(f"  （{int_to_cn(measure.number)}）{measure.title}" + ("" if tasks else "  —— 不是任务（未写责任部门）"))
            for task in tasks:
                label = "    " + (f"{task.item}．" if task.item is not None else "本条")
                lead = task.lead or "（待办公室指定）"
                others = "、".join(task.departments[1:])
                extra = "；另有有关部门待指定" if task.others_to_assign else ""
                lines.append(f"{label} 牵头：{lead}" + (f"；配合：{others}" if others else "") + extra)
    lines += ["", f"共 {len(doc.chapters)} 章、{len(doc.measures)} 条、{len(doc.tasks)} 项任务，"
                  f"涉及 {len(doc.department_names())} 个部门名称。"]
    for w in doc.warnings:
        lines.append(f"注意：第 {w['line']} 行：{w['message']}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "政策措施（种子 001）：parse 解析实施意见文本，import 导入平台（可重复导入）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("parse", help="解析实施意见文本（不写数据库）")
        p.add_argument("file", help="实施意见文本文件（UTF-8 或 GB18030）")
        p.add_argument("--json", action="store_true", help="按 contracts/cli.md 输出 JSON")
        i = sub.add_parser("import", help="解析并导入平台（可重复导入，保留办公室的更正）")
        i.add_argument("file", help="实施意见文本文件")

    def handle(self, *args, **options):
        try:
            doc = parse_file(options["file"])
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{options['file']}") from None
        except ParseError as exc:
            raise CommandError(str(exc)) from None
        if options["action"] == "parse":
            if options["json"]:
                self.stdout.write(json.dumps(as_contract(doc), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(render(doc))
            return
        try:
            from ectalent.tracking.importer import import_document
        except ImportError:
            raise CommandError("导入功能尚未提供（import is not available yet）") from None

        result = import_document(doc, source_name=str(options["file"]), acting_user=None)
        self.stdout.write(result.summary())
        for name in result.unmatched:
            self.stdout.write(f"未匹配的部门名称：{name}（请在部门名录中添加或设置别名后重新导入）")
