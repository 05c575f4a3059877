"""CSV and xlsx downloads of a list, in the list's own filter; personal data stays masked."""

import csv
import io
from collections.abc import Callable, Iterable

import xlsxwriter
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import escape_uri_path

XLSX_MAX_ROWS = 1_048_000  # the sheet's own limit, less the header


class _Echo:
    def write(self, value):
        return value


def _disposition(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # BOM so that Excel opens UTF-8 Chinese correctly
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(filename: str, title: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for col, name in enumerate(header):
        sheet.write_string(0, col, name, bold)
        sheet.set_column(col, col, max(10, len(name) * 2 + 2))
    for r, row in enumerate(rows, start=1):
        if r > XLSX_MAX_ROWS:
            break
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _disposition(filename)
    return response


def export(fmt: str, basename: str, title: str, columns: list[tuple[str, Callable]], objects: Iterable):
    """Columns are (header, getter); returns a CSV or xlsx response named ``basename-YYYYmmdd-HHMM``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    header = [str(h) for h, _ in columns]
    rows = ([getter(obj) for _, getter in columns] for obj in objects)
    if fmt == "xlsx":
        return xlsx_response(f"{basename}-{stamp}.xlsx", title, header, rows)
    return csv_response(f"{basename}-{stamp}.csv", header, rows)
