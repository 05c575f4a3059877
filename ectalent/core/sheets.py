"""Reading uploaded spreadsheets (xlsx or csv) cell by cell, and naming a cell in errors (第 3 行 B 列).

Shared by every import: rosters of trainees, applications in bulk, score sheets. An import checks every row first
and reports every error with row and column; a file with any error writes nothing.
"""

import csv
import dataclasses
import datetime
import io
import re

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


def read_cells(upload) -> list[list]:
    """The first sheet of an uploaded xlsx, or a csv (UTF-8 with or without BOM, or GB18030), as rows of cells."""
    name = (getattr(upload, "name", "") or "").lower()
    data = upload.read()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(_("CSV 文件编码无法识别，请另存为 UTF-8 编码。"))
        return [list(row) for row in csv.reader(io.StringIO(text))]
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheet = book.get_sheet_by_index(0)
            return [list(row) for row in sheet.to_python(skip_empty_area=False)]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
            raise ValidationError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from None
    raise ValidationError(_("请上传 .xlsx 或 .csv 文件。"))


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


def formula_cells(upload) -> set[tuple[int, int]]:
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
