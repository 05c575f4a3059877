"""``ectalent eligibility --level LEVEL --input FILE.jsonl [--output FILE.jsonl]`` (contracts/cli.md).

Reads one applicant-facts document per line and writes one answer per line, in input order. Lines go in chunks;
each chunk is decoded and checked in one pass per line by msgspec (``rules.typed``), its valid lines are evaluated
together by the batch engine, and its answers are written by polars straight to a file (no Python string per
answer). With more than one chunk the chunks are answered by worker processes (one per core, ``--workers``) while
the main process only reads lines and appends the finished chunks to the output in order, so memory stays flat
however long the input is. A line that cannot be read gets an error answer naming the field (worded by
``validation.error_message``, as before); the command then exits with status 1 after answering every line.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from collections import deque
from pathlib import Path

import polars as pl

try:  # orjson parses JSON lines 2-3 times faster than the standard library; optional
    from orjson import loads as _loads
except ImportError:  # pragma: no cover
    def _loads(raw: bytes):
        return json.loads(raw.decode("utf-8"))

from django.core.management.base import BaseCommand, CommandError

from ectalent.rules.batch import evaluate_frames
from ectalent.rules.packs import DEFAULT_PACK, PackError, load_pack
from ectalent.rules.typed import DecodeError, applicant_from_doc, decode_line, frames_from_applicants
from ectalent.rules.validation import doc_id, error_message, is_valid

LEVELS = ("assistant", "specialist", "senior", "manager")
CHUNK_LINES = 10_000  # lines per chunk: small enough that the workers together use less memory than one process did


def _error_line(ident, line_no: int, message: str) -> str:
    return json.dumps({"id": ident, "line": line_no, "error": message}, ensure_ascii=False, separators=(",", ":"))


def _slow_line(raw: bytes, line_no: int):
    """A line msgspec refused: (Applicant, None) if the schema check accepts it after all, else (None, error)."""
    try:
        doc = _loads(raw)
    except ValueError as exc:
        return None, _error_line(None, line_no, f"不是有效的 JSON：{exc}（invalid JSON）")
    if is_valid(doc):
        return applicant_from_doc(doc), None
    message = error_message(doc)
    if message is None:  # (only if the two checks disagree: the schema wins)
        return applicant_from_doc(doc), None
    return None, _error_line(doc_id(doc), line_no, message)


def answer_chunk(lines: list[bytes], first_line: int, level: str, pack) -> tuple[pl.Series, int]:
    """The answers to ``lines`` (numbered from ``first_line``), as a polars string column, and the number of errors.

    Every blank line here gets an error answer: the caller keeps blank lines that no other line follows out."""
    apps = []
    errors: list[tuple[int, str]] = []  # (position, error answer)
    decode = decode_line
    for pos, raw in enumerate(lines):
        try:
            apps.append(decode(raw))
            continue
        except DecodeError:
            pass
        line_no = first_line + pos
        if not raw.strip():
            errors.append((pos, _error_line(None, line_no, "空行，不是 JSON 文档（empty line）")))
            continue
        app, error = _slow_line(raw.rstrip(b"\r\n"), line_no)
        if app is None:
            errors.append((pos, error))
        else:
            apps.append(app)
    answered = (evaluate_frames(frames_from_applicants(apps), level, pack)["json"] if apps
                else pl.Series("json", [], dtype=pl.String))
    if not errors:
        return answered, 0
    full = pl.Series("json", [None] * len(lines), dtype=pl.String)
    error_pos = [p for p, _ in errors]
    full = full.scatter(error_pos, pl.Series([e for _, e in errors], dtype=pl.String))
    if len(answered):
        taken = set(error_pos)
        full = full.scatter([p for p in range(len(lines)) if p not in taken], answered)
    return full, len(errors)


def _write_column(answers: pl.Series, target) -> None:
    """One answer per line, written by polars (``target``: a path or a binary file)."""
    pl.DataFrame({"json": answers}).write_csv(target, include_header=False, quote_style="never")


def _chunks(lines, chunk_lines: int):
    """(first line number, raw lines) per chunk; blank lines that no non-blank line follows are left out."""
    line_no = 1
    held: list[bytes] = []  # trailing blank lines of the previous chunk, answered only if a line follows
    lines = iter(lines)
    while True:
        chunk = list(itertools.islice(lines, chunk_lines))
        if not chunk:
            return
        chunk = held + chunk
        first = line_no - len(held)
        line_no += len(chunk) - len(held)
        end = len(chunk)
        while end and not chunk[end - 1].strip():
            end -= 1
        held = chunk[end:]
        if end:
            yield first, chunk[:end]


# --- worker processes ---------------------------------------------------------------------------------------

_WORKER: dict = {}


def _worker_init(pack_name: str, level: str, tmpdir: str) -> None:
    _WORKER.update(pack=load_pack(pack_name), level=level, tmpdir=tmpdir)


def _worker_chunk(task: tuple[int, list[bytes]]) -> tuple[str, int]:
    first, lines = task
    answers, errors = answer_chunk(lines, first, _WORKER["level"], _WORKER["pack"])
    fd, path = tempfile.mkstemp(prefix=f"chunk-{first}-", suffix=".jsonl", dir=_WORKER["tmpdir"])
    with os.fdopen(fd, "wb") as out:
        _write_column(answers, out)
    return path, errors


class _Output:
    """Appends finished chunk files to the output: by the kernel (``sendfile``) when the output is a file descriptor
    that takes it, else through ``write``."""

    def __init__(self, write, fd: int | None):
        self.write, self.fd = write, fd

    def append(self, path: str) -> None:
        with open(path, "rb") as src:
            offset, size = 0, os.fstat(src.fileno()).st_size
            if self.fd is not None:
                try:
                    while offset < size:
                        sent = os.sendfile(self.fd, src.fileno(), offset, size - offset)
                        if sent == 0:
                            break
                        offset += sent
                except OSError:
                    self.fd = None  # (from here on through ``write``, after what was sent)
            if offset < size:
                src.seek(offset)
                while block := src.read(1 << 20):
                    self.write(block)
        os.unlink(path)


def answer_stream(lines, level: str, pack, write, chunk_lines: int = CHUNK_LINES, *, binary: bool = False,
                  workers: int = 1, pack_name: str = DEFAULT_PACK, out_fd: int | None = None) -> int:
    """Answer an iterable of raw input lines (bytes); call ``write`` with text (with ``binary``, with UTF-8 bytes);
    return the number of error lines. With ``workers`` > 1 and more than one chunk, chunks are answered by that many
    processes (``out_fd``: a file descriptor the finished chunks may be copied to by the kernel)."""
    chunks = _chunks(lines, max(1, chunk_lines))
    first = next(chunks, None)
    if first is None:
        return 0
    second = next(chunks, None)
    if second is None or workers <= 1:
        errors = 0
        for first_line, chunk in itertools.chain([first], [second] if second else [], chunks):
            answers, n = answer_chunk(chunk, first_line, level, pack)
            errors += n
            if binary:
                _write_chunk_binary(answers, write)
            else:
                write("".join(f"{a}\n" for a in answers.to_list()))
        return errors
    return _answer_parallel(itertools.chain([first, second], chunks), level, pack_name, write, workers, binary, out_fd)


def _write_chunk_binary(answers: pl.Series, write) -> None:
    with tempfile.TemporaryFile() as tmp:
        _write_column(answers, tmp)
        tmp.seek(0)
        while block := tmp.read(1 << 20):
            write(block)


def _answer_parallel(chunks, level, pack_name, write, workers, binary, out_fd) -> int:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    errors = 0
    output = _Output(write, out_fd)
    saved = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"  # (read by the workers at start) one thread each: the workers fill the cores
    with tempfile.TemporaryDirectory(prefix="ectalent-eligibility-") as tmpdir:
        context = multiprocessing.get_context("spawn")  # polars' thread pool does not survive a fork
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init,
                                 initargs=(pack_name, level, tmpdir)) as pool:
            pending: deque = deque()

            def finish_one():
                nonlocal errors
                path, n = pending.popleft().result()
                errors += n
                if binary:
                    output.append(path)
                else:
                    text = Path(path).read_text(encoding="utf-8")
                    os.unlink(path)
                    write(text)

            for task in chunks:
                pending.append(pool.submit(_worker_chunk, task))
                if len(pending) > workers:  # at most one chunk waiting per worker: memory stays flat
                    finish_one()
            while pending:
                finish_one()
    if saved is None:
        os.environ.pop("POLARS_MAX_THREADS", None)
    else:
        os.environ["POLARS_MAX_THREADS"] = saved
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
        parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4),
                            help="并行处理的进程数（默认每个 CPU 核一个，最多 4 个；1 表示不用子进程）")

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
        out_fd = None
        if outfile:
            write, binary, out_fd = outfile.write, True, outfile.fileno()  # (nothing is buffered before the chunks)
        else:
            write, binary = self._stdout_writer(self.stdout)
            if binary:
                out_fd = sys.stdout.buffer.fileno()
        try:
            errors = answer_stream(infile, options["level"], pack, write, max(1, options["chunk_lines"]),
                                   binary=binary, workers=max(1, options["workers"]), pack_name=options["pack"],
                                   out_fd=out_fd)
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
