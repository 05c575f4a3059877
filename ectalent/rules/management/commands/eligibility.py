"""``ectalent eligibility --level LEVEL --input FILE.jsonl [--output FILE.jsonl]`` (contracts/cli.md).

Reads one applicant-facts document per line and writes one answer per line, in input order. Lines are read and
checked in chunks; each chunk's valid lines are evaluated together by the batch engine, so memory stays flat
however long the input is. A line that cannot be read gets an error answer naming the field; the command then
exits with status 1 after answering every line.
"""

from __future__ import annotations

import io
import json
import sys

import polars as pl

try:  # orjson parses JSON lines 2-3 times faster than the standard library; optional
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    def _loads(raw: bytes):
        return json.loads(raw.decode("utf-8"))

from django.core.management.base import BaseCommand, CommandError

from ectalent.rules.batch import FrameBuilder, answers_json, evaluate_frames
from ectalent.rules.packs import DEFAULT_PACK, PackError, load_pack
from ectalent.rules.validation import doc_id, error_message, is_valid

LEVELS = ("assistant", "specialist", "senior", "manager")
CHUNK_LINES = 100_000


def _error_line(ident, line_no: int, message: str) -> str:
    return json.dumps({"id": ident, "line": line_no, "error": message}, ensure_ascii=False, separators=(",", ":"))


def _csv_lines(answers) -> bytes:
    """The answers (a polars string column) as UTF-8 lines, written by polars (no Python string per answer)."""
    out = io.BytesIO()
    pl.DataFrame({"json": answers}).write_csv(out, include_header=False, quote_style="never")
    return out.getvalue()


def answer_stream(lines, level: str, pack, write, chunk_lines: int = CHUNK_LINES, *, binary: bool = False) -> int:
    """Answer an iterable of raw input lines (bytes); call ``write`` with text (with ``binary``, with UTF-8 bytes);
    return the number of error lines."""
    errors = 0
    pending_blank: list[int] = []
    chunk: list[str | None] = []  # per line: None for a valid line (answered by the batch), else its error answer
    builder = FrameBuilder()

    def flush():
        nonlocal chunk, builder
        if not chunk:
            return
        answers = iter(())
        if len(builder):
            answered = answers_json(evaluate_frames(builder.frames(), level, pack))
            if len(answered) == len(chunk):  # no error line in this chunk: join in polars
                write(_csv_lines(answered) if binary else answered.str.join("\n").item() + "\n")
                chunk = []
                builder = FrameBuilder()
                return
            answers = iter(answered.to_list())
        text = "\n".join(err if err is not None else next(answers) for err in chunk) + "\n"
        write(text.encode("utf-8") if binary else text)
        chunk = []
        builder = FrameBuilder()

    for line_no, raw in enumerate(lines, start=1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip():
            pending_blank.append(line_no)  # answered only if a non-blank line follows
            continue
        for blank in pending_blank:
            chunk.append(_error_line(None, blank, "空行，不是 JSON 文档（empty line）"))
            errors += 1
        pending_blank = []
        try:
            doc = _loads(raw)
        except ValueError as exc:
            chunk.append(_error_line(None, line_no, f"不是有效的 JSON：{exc}（invalid JSON）"))
            errors += 1
        else:
            message = None if is_valid(doc) else error_message(doc)
            if message is None:  # (error_message is None only if the two checks disagree: the schema wins)
                builder.add(doc)
                chunk.append(None)
            else:
                chunk.append(_error_line(doc_id(doc), line_no, message))
                errors += 1
        if len(chunk) >= chunk_lines:
            flush()
    flush()
    return errors


class Command(BaseCommand):
    requires_system_checks = []  # needs no database: the pack is on disk
    help = "资格判定：逐行读取申请人事实（JSON Lines），逐行输出判定结果（contracts/cli.md）"

    def add_arguments(self, parser):
        parser.add_argument("--level", required=True, choices=LEVELS, help="申报等级")
        parser.add_argument("--input", required=True, help="输入文件（JSON Lines），- 表示标准输入")
        parser.add_argument("--output", help="输出文件（默认标准输出）")
        parser.add_argument("--pack", default=DEFAULT_PACK, help="政策包（policies/ 下的目录名）")
        parser.add_argument("--chunk-lines", type=int, default=CHUNK_LINES, help="每批处理的行数")

    def handle(self, *args, **options):
        try:
            pack = load_pack(options["pack"])
        except PackError as exc:
            raise CommandError(f"政策包无法加载：{exc}") from exc

        source = sys.stdin.buffer if options["input"] == "-" else None
        try:
            infile = source or open(options["input"], "rb")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"无法读取输入文件 {options['input']}：{exc.strerror}") from exc
        outfile = open(options["output"], "wb") if options["output"] else None  # noqa: SIM115
        write, binary = (outfile.write, True) if outfile else self._stdout_writer(self.stdout)
        try:
            errors = answer_stream(infile, options["level"], pack, write, max(1, options["chunk_lines"]), binary=binary)
        finally:
            if infile is not sys.stdin.buffer:
                infile.close()
            if outfile:
                outfile.close()
            else:
                sys.stdout.flush()
        if errors:
            sys.stderr.write(f"{errors} 行无法读取，已在对应位置输出错误说明\n")
            sys.exit(1)

    @staticmethod
    def _stdout_writer(wrapper):
        if getattr(wrapper, "_out", None) is sys.stdout and hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()
            return sys.stdout.buffer.write, True
        return (lambda text: wrapper.write(text, ending="")), False
