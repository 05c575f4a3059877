"""Issue 9.3: hostile spreadsheets are refused before any parser allocates (dimension, size, ratio, row and column
caps), and a formula cell is refused with its row and column in every import (rosters too)."""
import io
import zipfile

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ectalent.core import sheets

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
                 b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                 b'officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            b'name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def workbook(sheet_body: bytes, dimension: bytes = b"") -> bytes:
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             b'2006/main">' + (b'<dimension ref="' + dimension + b'"/>' if dimension else b"") +
             b"<sheetData>" + sheet_body + b"</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def upload(data: bytes, name="名单.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def no_parser(monkeypatch):
    """The spreadsheet library must never see a hostile file: reaching it fails the test (instead of 512 GB)."""
    import python_calamine

    class Refuse:
        @staticmethod
        def from_filelike(*args, **kwargs):
            raise AssertionError("the parser was reached with a hostile workbook")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Refuse)


def test_a_normal_workbook_reads():
    data = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1"><v>3</v></c></row>'
                    .encode(), b"A1:B1")
    assert sheets.read_cells(upload(data)) == [["姓名", 3.0]]


def test_far_cell_is_refused_before_parsing(no_parser):
    data = workbook(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert len(data) < 3000
    with pytest.raises(ValidationError) as excinfo:
        sheets.read_cells(upload(data))
    assert "表格范围过大" in excinfo.value.messages[0] and "1048576" in excinfo.value.messages[0]


def test_declared_dimension_is_refused_before_parsing(no_parser):
    data = workbook(b'<row r="1"><c r="A1"><v>1</v></c></row>', b"A1:XFD1048576")
    with pytest.raises(ValidationError, match="表格范围过大"):
        sheets.read_cells(upload(data))


def test_columns_beyond_the_cap_are_refused(no_parser, settings):
    settings.ECTALENT_IMPORT_MAX_COLUMNS = 30
    data = workbook(b'<row r="1"><c r="A1"><v>1</v></c><c r="AZ1"><v>1</v></c></row>')
    with pytest.raises(ValidationError, match="表格范围过大"):
        sheets.read_cells(upload(data))


def test_zip_bomb_is_refused_by_size_and_ratio(no_parser, settings):
    settings.ECTALENT_IMPORT_MAX_UNCOMPRESSED = 2 * 1024 * 1024
    padding = b"<row/>" * (600 * 1024)  # 3.6 MB of XML that deflates to a few KB
    data = workbook(b'<row r="1"><c r="A1"><v>1</v></c></row>' + padding)
    assert len(data) < 50_000
    with pytest.raises(ValidationError, match="压缩炸弹"):
        sheets.read_cells(upload(data))
    settings.ECTALENT_IMPORT_MAX_UNCOMPRESSED = 100 * 1024 * 1024
    with pytest.raises(ValidationError, match="压缩炸弹"):  # the ratio alone (over 200 : 1)
        sheets.read_cells(upload(data))


def test_not_a_zip_is_a_clear_message(no_parser):
    with pytest.raises(ValidationError, match="不是有效的 .xlsx"):
        sheets.read_cells(upload(b"PK\x03\x04garbage"))


def test_csv_rows_are_capped(settings):
    settings.ECTALENT_IMPORT_MAX_ROWS = 10
    data = ("a,b\n" * 11).encode()
    with pytest.raises(ValidationError, match="表格范围过大"):
        sheets.read_cells(upload(data, "x.csv"))


def test_formula_cells_are_refused_with_row_and_column():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "姓名")
    sheet.write_string(1, 0, "张三")
    sheet.write_formula(2, 1, "=1+1", None, 2)
    book.close()
    with pytest.raises(sheets.CellErrors) as excinfo:
        sheets.read_cells(upload(buffer.getvalue()))
    assert [(e.row, e.column) for e in excinfo.value.cell_errors] == [(3, "B")]
    assert "第 3 行 B 列" in str(excinfo.value.cell_errors[0]) and "公式" in str(excinfo.value.cell_errors[0])
    with pytest.raises(sheets.CellErrors) as excinfo:
        sheets.read_cells(upload("姓名,数\n张三,=HYPERLINK(\"x\")\n".encode(), "x.csv"))
    assert [(e.row, e.column) for e in excinfo.value.cell_errors] == [(2, "B")]
