"""Reading uploaded spreadsheets (xlsx or csv) cell by cell, and naming a cell in errors (第 3 行 B 列).

Shared by every import: rosters of trainees, applications in bulk, score sheets. An import checks every row first
and reports every error with row and column; a file with any error writes nothing.
"""

import csv
import dataclasses
import datetime
import io
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclasses.dataclass
class CellError:
    row: int | None
    column: str
    field: str
    message: str

    def __str__(self) -> str:
        where = _("第 %(row)s 行 %(column)s 列") % {"row": self.row, "column": self.column} if self.row else _("文件")
        if self.field:
            return _("%(where)s（%(field)s）：%(message)s") % {"where": where, "field": self.field, "message": self.message}
        return _("%(where)s：%(message)s") % {"where": where, "message": self.message}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def parse_date(value) -> datetime.date:
    """A date cell: a real date (xlsx) or text such as 2015-03-02, 2015/3/2, 2015年3月2日. Raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if " " in text and re.match(r"^\d{4}-\d{1,2}-\d{1,2} 00:00(:00)?$", text):
        text = text.split(" ")[0]
    for pattern in DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise ValueError(text)


def _limits() -> dict:
    return {
        "rows": getattr(settings, "ECTALENT_IMPORT_MAX_ROWS", 200_000),
        "columns": getattr(settings, "ECTALENT_IMPORT_MAX_COLUMNS", 200),
        "bytes": getattr(settings, "ECTALENT_IMPORT_MAX_UNCOMPRESSED", 100 * 1024 * 1024),
        "ratio": getattr(settings, "ECTALENT_IMPORT_MAX_RATIO", 200),
        "entries": 10_000,
    }


def _too_big(limits: dict) -> ValidationError:
    return ValidationError(
        _("文件过大或已损坏：解压后超过 %(mb)d MB 或压缩比异常（可能是“压缩炸弹”），未导入任何数据。请只保留需要导入的工作表和数据后重新上传。")
        % {"mb": limits["bytes"] // (1024 * 1024)})


def _size_error(rows: int, columns: int, limits: dict) -> ValidationError | None:
    if rows > limits["rows"] or columns > limits["columns"]:
        return ValidationError(
            _("表格范围过大：%(rows)d 行 × %(columns)d 列，每次最多导入 %(max_rows)d 行、%(max_columns)d 列。"
              "请删除多余的行列（包括空白但带格式的单元格），或分成多个文件导入。")
            % {"rows": rows, "columns": columns, "max_rows": limits["rows"], "max_columns": limits["columns"]})
    return None


def first_sheet_path(zf: zipfile.ZipFile) -> str:
    """The path of the workbook's first sheet inside the xlsx zip."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return "xl/worksheets/sheet1.xml"
    m = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook) or re.search(
        rb"<(?:\w+:)?sheet\b[^>]*?\b\w+:id=\"([^\"]+)\"", workbook)
    if m:
        rid = m.group(1)
        for rel in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
            tag = rel.group(0)
            if re.search(rb'\bId="' + re.escape(rid) + rb'"', tag):
                target = re.search(rb'\bTarget="([^"]+)"', tag).group(1).decode()
                return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return "xl/worksheets/sheet1.xml"


def column_number(letters: str) -> int:
    """A → 1, Z → 26, AA → 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_CELL_REF = re.compile(rb"<(?:\w+:)?(?:c|row)\b[^>]*?\br=\"([A-Z]{0,3})(\d+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?\"")


def inspect_xlsx(data: bytes) -> bytes:
    """Check an uploaded xlsx BEFORE any spreadsheet library parses it, and return its first sheet's XML.

    A 1.5 KB file with cells A1 and XFD1048576 would make the reader allocate the whole rectangle (hundreds of GB);
    a zip bomb expands a few MB into GB. So: every zip entry is decompressed in chunks while counting (a header
    that under-declares its size fails its CRC), the total and each entry's compression ratio are capped, and the
    sheet's declared dimension and every cell and row reference are held to the row and column caps
    (``ECTALENT_IMPORT_MAX_ROWS`` / ``ECTALENT_IMPORT_MAX_COLUMNS``). Raises ValidationError with a clear message."""
    limits = _limits()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(_("无法读取 Excel 文件：不是有效的 .xlsx 文件（请用 Excel 或 WPS 另存为 .xlsx）。")) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits["entries"]:
            raise _too_big(limits)
        declared = sum(i.file_size for i in infos)
        if declared > limits["bytes"]:
            raise _too_big(limits)
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > limits["ratio"] * max(info.compress_size, 1):
                raise _too_big(limits)
        sheet_path = first_sheet_path(zf)
        sheet_xml = b""
        total = 0
        try:
            for info in infos:
                keep = info.filename == sheet_path
                parts = []
                with zf.open(info) as fh:
                    while chunk := fh.read(1024 * 1024):
                        total += len(chunk)
                        if total > limits["bytes"]:
                            raise _too_big(limits)
                        if keep:
                            parts.append(chunk)
                if keep:
                    sheet_xml = b"".join(parts)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
            raise ValidationError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
    head = sheet_xml[:4096]
    dim = _DIMENSION.search(head)
    if dim:
        last_col, last_row = (dim.group(3), dim.group(4)) if dim.group(3) else (dim.group(1), dim.group(2))
        error = _size_error(int(last_row or 1), column_number((last_col or b"A").decode()), limits)
        if error:
            raise error
    max_row = max_col = 0
    for m in _CELL_REF.finditer(sheet_xml):
        row = int(m.group(2))
        if row > max_row:
            max_row = row
        if m.group(1):
            col = column_number(m.group(1).decode())
            if col > max_col:
                max_col = col
    error = _size_error(max_row, max_col, limits)
    if error:
        raise error
    return sheet_xml


def formula_cells(sheet_xml: bytes) -> set[tuple[int, str]]:
    """(row number, column letters) of every cell of a sheet's XML that holds a formula (``<f>`` element).

    The reader gives only a formula's cached value, so this is how a formula is told from a typed value."""
    found: set[tuple[int, str]] = set()
    for m in re.finditer(rb"<(?:\w+:)?f[\s>/]", sheet_xml):
        start = max(sheet_xml.rfind(b"<c ", 0, m.start()), sheet_xml.rfind(b":c ", 0, m.start()))
        if start < 0:
            continue
        tag_end = sheet_xml.find(b">", start)
        ref = re.search(rb'\br="([A-Z]+)(\d+)"', sheet_xml[start:tag_end + 1])
        if ref:
            found.add((int(ref.group(2)), ref.group(1).decode()))
    return found


def formula_errors(cells: list[list], formulas: set[tuple[int, str]], *, csv_text: bool = False) -> list[CellError]:
    """A CellError for every formula cell (xlsx ``<f>``; in a csv, text that begins with "=")."""
    found = set(formulas)
    if csv_text:
        for r, row in enumerate(cells, start=1):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.lstrip().startswith("="):
                    found.add((r, column_letter(c)))
    return [CellError(r, letters, "", _("单元格是公式，请复制后“粘贴为数值”再导入"))
            for r, letters in sorted(found, key=lambda rc: (rc[0], column_number(rc[1])))]


def read_sheet(data: bytes, filename: str) -> tuple[list[list], set[tuple[int, str]]]:
    """The first sheet of an xlsx, or a csv (UTF-8 with or without BOM, or GB18030), as rows of cells, and the set
    of formula cells (row, column letters). Every import reads through here. Raises ValidationError."""
    name = (filename or "").lower()
    limits = _limits()
    if name.endswith(".csv"):
        if len(data) > limits["bytes"]:
            raise _too_big(limits)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("CSV 文件编码无法识别，请另存为 UTF-8 编码。"))
        rows = []
        for row in csv.reader(io.StringIO(text)):
            rows.append(row)
            error = _size_error(len(rows), len(row), limits)
            if error:
                raise error
        return rows, set()
    if name.endswith((".xlsx", ".xlsm")):
        sheet_xml = inspect_xlsx(data)
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0)
            cells = [list(row) for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
            raise ValidationError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
        return cells, formula_cells(sheet_xml)
    raise ValidationError(_("请上传 .xlsx 或 .csv 文件。"))


def read_cells(upload, *, formulas: bool = False) -> list[list]:
    """The first sheet of an uploaded xlsx, or a csv, as rows of cells (through ``read_sheet``'s checks).

    A formula cell is refused with its row and column (ValidationError listing each cell) unless ``formulas``."""
    name = getattr(upload, "name", "") or ""
    cells, formula_set = read_sheet(upload.read(), name)
    if not formulas:
        errors = formula_errors(cells, formula_set, csv_text=name.lower().endswith(".csv"))
        if errors:
            raise CellErrors(errors)
    return cells


class CellErrors(ValidationError):
    """Errors found while reading, each with row and column (``cell_errors``), so that a job lists them."""

    def __init__(self, cell_errors: list[CellError]):
        self.cell_errors = list(cell_errors)
        super().__init__(_("表格有 %(n)d 处错误，未导入任何数据。请修改后重新上传。") % {"n": len(self.cell_errors)})


def id_number_cell(raw, *, today: datetime.date | None = None) -> tuple[str, str]:
    """Read a 身份证号 cell: ``(number, "")`` when valid, else ``("", the reason in Chinese)``."""
    from ectalent.core.validators import validate_id_number

    text = cell_text(raw)
    if text == "":
        return "", _("不能为空")
    try:
        return validate_id_number(text, today=today), ""
    except ValidationError as exc:
        hint = _("（该单元格是数字格式，18 位号码会失真，请把身份证号列设为文本格式）") if isinstance(raw, (int, float)) else ""
        return "", f"“{text}”：{exc.messages[0]}{hint}"


def upload_formula_cells(upload) -> set[tuple[int, int]]:
    """(row index, column index), 0-based, of every cell holding a formula: in an xlsx the cells whose stored content
    is a formula, in a csv the cells starting with "=". An import that needs typed values refuses them (a formula's
    cached result may be stale or absent). The upload is rewound for the next reader."""
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    upload.seek(0)
    found: set[tuple[int, int]] = set()
    if name.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 - read_cells names an unreadable file
            return found
        sheet = book.worksheets[0]
        for r, row in enumerate(sheet.iter_rows()):
            for c, cell in enumerate(row):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", "") == "f" or (isinstance(value, str) and value.startswith("=")):
                    found.add((r, c))
        book.close()
    elif name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            return found
        for r, row in enumerate(csv.reader(io.StringIO(text))):
            for c, value in enumerate(row):
                if value.strip().startswith("="):
                    found.add((r, c))
    return found
