"""The one way the platform writes spreadsheets: every list, report, template and official form (附件3/4/5/6)
goes through here, as CSV or xlsx.

- **User text stays text.** In CSV a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is prefixed with ``'`` (spreadsheet programs would run it as a formula); in xlsx every string is written as a
  string cell (``write_string``; the workbook is opened with ``strings_to_formulas``, ``strings_to_urls`` and
  ``strings_to_numbers`` off), so no formula ever comes from data. ``Sheet.cell`` is the only place that decides how
  a Python value is written.
- **Lists stream.** ``write_table`` takes rows as tuples of plain values (from ``values_list``, not model
  instances), with labels from dicts built once per export (``Column.labels``), and writes them with xlsxwriter in
  ``constant_memory`` mode into a temporary file: memory does not grow with the number of rows. CSV is streamed to
  the client as it is made. Laid-out forms (merged cells over several rows) are small and bounded; they use
  ``Book(constant_memory=False)``, still through ``Sheet``.
- **Large exports run as background jobs** (``ectalent.jobs``) above ``BACKGROUND_ROWS`` rows; the job calls the
  same ``write_table`` with a progress callback (see ``registry.tasks``).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_000  # the sheet's own limit, less the header
BACKGROUND_ROWS = 5_000  # lists longer than this are exported by a background job with a progress bar
IN_MEMORY_RESPONSE = 2 * 1024 * 1024  # smaller files are answered from memory, larger ones streamed from disk
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
HEADER_FORMAT = {"bold": True, "bg_color": "#DDEBF7", "border": 1}


def csv_text(value: str) -> str:
    """A CSV cell's text that no spreadsheet program will take for a formula."""
    return "'" + value if value[:1] in FORMULA_TRIGGERS else value


def disposition(filename: str, inline: bool = False) -> str:
    from .uploads import content_disposition

    return content_disposition(filename, inline=inline)


def stamped(basename: str, ext: str) -> str:
    return f"{basename}-{timezone.localtime():%Y%m%d-%H%M}.{ext}"


# --- columns of a list ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Column:
    """One column of a list export: its header, the ``values_list`` field it reads, and how a value is shown.

    ``labels``: a code → label mapping (choices), made into plain strings once per export; ``convert``: a function
    of the value (masking); ``kind``: ``text``, ``number`` or ``date`` (a ``date`` is written ``YYYY-MM-DD``)."""

    header: Any
    field: str
    kind: str = "text"
    labels: Any = None
    convert: Callable[[Any], Any] | None = None


def row_maker(columns: Sequence[Column]) -> Callable[[tuple], tuple]:
    """A function from a ``values_list`` row (the columns' fields in order) to the row as written."""
    steps = []
    for column in columns:
        labels = {k: str(v) for k, v in dict(column.labels).items()} if column.labels is not None else None
        convert = column.convert
        if labels is not None:
            steps.append(lambda v, labels=labels: labels.get(v, v))
        elif convert is not None:
            steps.append(convert)
        elif column.kind == "date":
            steps.append(lambda v: v.isoformat() if v is not None else None)
        elif column.kind == "number":
            steps.append(lambda v: float(v) if isinstance(v, Decimal) else v)
        else:
            steps.append(None)
    if all(step is None for step in steps):
        return tuple
    pairs = list(enumerate(steps))
    return lambda row: tuple(row[i] if step is None else step(row[i]) for i, step in pairs)


def queryset_rows(qs, columns: Sequence[Column], chunk_size: int = 5000) -> Iterator[tuple]:
    """The rows of ``qs`` (already scoped and filtered) for ``columns``: ``values_list`` streamed, no instances."""
    make = row_maker(columns)
    for row in qs.values_list(*[c.field for c in columns]).iterator(chunk_size=chunk_size):
        yield make(row)


def headers(columns: Sequence[Column]) -> list[str]:
    return [str(c.header) for c in columns]


# --- xlsx ----------------------------------------------------------------------------------------------------


class Sheet:
    """A worksheet written only through ``cell`` (user text always a string cell) and the layout helpers."""

    def __init__(self, book: "Book", worksheet):
        self.book, self.ws = book, worksheet
        self._yes, self._no = _("是"), _("否")

    def cell(self, row: int, col: int, value, fmt=None) -> None:
        ws = self.ws
        if value is None:
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        elif isinstance(value, bool):
            ws.write_string(row, col, self._yes if value else self._no, fmt)
        elif isinstance(value, (int, float, Decimal)):
            ws.write_number(row, col, float(value) if isinstance(value, Decimal) else value, fmt)
        elif isinstance(value, datetime.datetime):
            ws.write_string(row, col, timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                            if timezone.is_aware(value) else value.strftime("%Y-%m-%d %H:%M"), fmt)
        elif isinstance(value, datetime.date):
            ws.write_string(row, col, value.isoformat(), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def row(self, row: int, values: Iterable, fmt=None, first_col: int = 0) -> None:
        for col, value in enumerate(values, start=first_col):
            self.cell(row, col, value, fmt)

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int, value, fmt=None) -> None:
        """A merged range (in a laid-out form) holding ``value``, written as ``cell`` writes it."""
        if (first_row, first_col) == (last_row, last_col):
            self.cell(first_row, first_col, value, fmt)
            return
        self.ws.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        self.cell(first_row, first_col, value if value != "" else None, fmt)

    def __getattr__(self, name):  # layout: set_column, set_row, freeze_panes, print_area, set_paper, …
        if name.startswith(("set_", "freeze_", "print_", "fit_", "center_", "hide_", "repeat_", "autofilter")):
            return getattr(self.ws, name)
        raise AttributeError(name)


class Book:
    """One xlsx file being written into a temporary file (or ``path``); ``close()`` returns the path.

    ``constant_memory=True`` (lists): each row is flushed to disk when the next one starts, strings inline, so
    memory stays flat; rows must then be written in order. Forms with merged ranges over several rows pass
    ``False`` (they are small)."""

    def __init__(self, path: str | None = None, *, constant_memory: bool = True):
        if path is None:
            fd, path = tempfile.mkstemp(prefix="ectalent-export-", suffix=".xlsx")
            os.close(fd)
        self.path = path
        self.workbook = xlsxwriter.Workbook(path, {**BOOK_OPTIONS, "constant_memory": constant_memory,
                                                   "tmpdir": tempfile.gettempdir()})
        self._formats: dict = {}
        self._closed = False

    def format(self, **props):
        key = tuple(sorted(props.items()))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self.workbook.add_format(props)
        return fmt

    def sheet(self, title: str) -> Sheet:
        return Sheet(self, self.workbook.add_worksheet(str(title)[:31]))

    def close(self) -> str:
        if not self._closed:
            self.workbook.close()
            self._closed = True
        return self.path

    def discard(self) -> None:
        try:
            self.close()
        finally:
            if os.path.exists(self.path):
                os.unlink(self.path)

    def read(self) -> bytes:
        """Close, read the file and remove it (small files: forms, templates, reports)."""
        self.close()
        try:
            with open(self.path, "rb") as handle:
                return handle.read()
        finally:
            os.unlink(self.path)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            self.discard()


def write_table(book: Book, title: str, header: Sequence[str], rows: Iterable[Sequence],
                *, widths: Sequence[int] | None = None, progress: Callable[[int], None] | None = None,
                every: int = 5000) -> tuple[Sheet, int]:
    """A sheet with a header row and ``rows`` below it, streamed; returns the sheet and the number of rows written.

    Hot loop: one ``write_string`` or ``write_number`` per non-empty cell, chosen by the value's type."""
    sheet = book.sheet(title)
    ws = sheet.ws
    bold = book.format(**HEADER_FORMAT)
    for col, name in enumerate(header):
        ws.write_string(0, col, str(name), bold)
        ws.set_column(col, col, widths[col] if widths else max(10, len(str(name)) * 2 + 2))
    write_string, write_number, cell = ws.write_string, ws.write_number, sheet.cell
    r = 0
    for r, row in enumerate(rows, start=1):
        if r > XLSX_MAX_ROWS:
            r -= 1
            break
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(r, c, value)
            elif kind is int or kind is float:
                write_number(r, c, value)
            elif value is not None:
                cell(r, c, value)
        if progress is not None and r % every == 0:
            progress(r)
    return sheet, r


def xlsx_response(book_or_path: Book | str, filename: str) -> HttpResponse:
    """The finished workbook as a download; the temporary file is removed once answered."""
    path = book_or_path.close() if isinstance(book_or_path, Book) else book_or_path
    size = os.path.getsize(path)
    if size <= IN_MEMORY_RESPONSE:
        with open(path, "rb") as handle:
            response = HttpResponse(handle.read(), content_type=XLSX_CONTENT_TYPE)
        os.unlink(path)
    else:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the response)
        os.unlink(path)  # the open handle keeps the data until the response is sent
        response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = disposition(filename)
    return response


def bytes_response(content: bytes, filename: str, content_type: str = XLSX_CONTENT_TYPE, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline)
    return response


# --- csv -----------------------------------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """CSV text, line by line, BOM first (Excel opens UTF-8 Chinese correctly); user text neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([csv_text(str(h)) for h in header])
    for row in rows:
        yield writer.writerow([
            "" if v is None else csv_text(v) if type(v) is str else
            (_("是") if v else _("否")) if type(v) is bool else
            v.isoformat() if isinstance(v, datetime.date) else v
            for v in row
        ])


def write_csv(path: str, header: Sequence[str], rows: Iterable[Sequence], *,
              progress: Callable[[int], None] | None = None, every: int = 5000) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        lines = csv_lines(header, rows)
        out.write(next(lines))
        out.write(next(lines))
        for count, line in enumerate(lines, start=1):
            out.write(line)
            if progress is not None and count % every == 0:
                progress(count)
    return count


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition(filename)
    return response


# --- a list as a download ------------------------------------------------------------------------------------


def export(fmt: str, basename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A list as CSV (streamed) or xlsx (written to a temporary file), named ``basename-YYYYmmdd-HHMM``."""
    if fmt == "xlsx":
        book = Book()
        try:
            write_table(book, title, header, rows)
        except BaseException:
            book.discard()
            raise
        return xlsx_response(book, stamped(basename, "xlsx"))
    return csv_response(stamped(basename, "csv"), header, rows)


def export_file(fmt: str, path: str, title: str, header: Sequence[str], rows: Iterable[Sequence], *,
                progress: Callable[[int], None] | None = None) -> int:
    """The same list written to ``path`` (a background job's result); returns the number of rows."""
    if fmt == "xlsx":
        book = Book(path)
        _sheet, count = write_table(book, title, header, rows, progress=progress)
        book.close()
        return count
    return write_csv(path, header, rows, progress=progress)


# --- large lists as background jobs -------------------------------------------------------------------------


class JobRequest:
    """What a list's filters need of a request (``user``, ``GET``), rebuilt in a background job from its params."""

    def __init__(self, user, query: dict):
        from django.http import QueryDict

        self.user = user
        self.GET = QueryDict(mutable=True)
        for key, values in (query or {}).items():
            self.GET.setlist(key, values if isinstance(values, list) else [values])


def start_export_job(request, *, handler: str, label, fmt: str, extra: dict | None = None):
    """Queue a large export for the worker (the filters travel as the query string) and return the redirect to
    its progress page; the handler calls ``run_export_job``."""
    from django.shortcuts import redirect
    from django.utils.translation import get_language

    from ectalent.jobs.actions import start_job

    job = start_job(handler=handler, label=label, user=request.user,
                    params={"fmt": fmt, "query": dict(request.GET.lists()), "language": get_language(), **(extra or {})})
    return redirect(job.get_absolute_url())


def run_export_job(job, progress, *, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence],
                   total: int, fmt: str | None = None) -> int:
    """Write ``rows`` to a temporary file with progress, attach it to ``job`` and remove it; returns the rows."""
    fmt = fmt or job.params.get("fmt", "xlsx")
    note = _("正在写入第 %(n)s 行")
    progress(0, total, _("正在读取数据"))
    fd, path = tempfile.mkstemp(prefix="ectalent-export-", suffix=f".{fmt}")
    os.close(fd)
    try:
        count = export_file(fmt, path, title, header, rows,
                            progress=lambda n: progress(n, max(total, n), note % {"n": f"{n:,}"}))
        progress(count, count, _("正在保存文件"))
        job.save_result_file(filename, path, XLSX_CONTENT_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8")
    finally:
        if os.path.exists(path):
            os.unlink(path)
    return count
