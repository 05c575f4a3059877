"""The official layouts of seed 004 附件1, 附件2 and 附件3 as xlsx and PDF, drawn by the one form renderer of
``accreditation.exports`` (a grid described once, rendered to both)."""

from __future__ import annotations

from django.http import HttpResponse

from ectalent.accreditation.exports import (
    BLANK_DATE, SEAL, Cell, Form, Grid, Line, _date, render_pdf, render_xlsx,
)
from ectalent.core.uploads import content_disposition

ANNEX1_TITLE = "浙江省跨境电商师资培训推荐名单汇总表"
ANNEX2_TITLE = "浙江省跨境电商师资个人情况表"
ANNEX3_TITLE = "浙江省跨境电商培训机构基本情况表"
SIGN = f"{SEAL}\u3000\u3000\u3000\u3000{BLANK_DATE}"


def annex1(applications, *, unit: str = "") -> Form:
    rows = [[str(i), a.name, a.employer, a.direction, a.job_title] for i, a in enumerate(applications, start=1)]
    cells = [Cell(0, c, t, align="center", label=True) for c, t in enumerate(["序号", "姓名", "单位", "培训方向", "职务"])]
    if not rows:
        rows = [["", "（无）", "", "", ""]]
    for r, row in enumerate(rows, start=1):
        cells += [Cell(r, c, t, align="center" if c in (0, 1) else "left") for c, t in enumerate(row)]
    grid = Grid(cells, rows=len(rows) + 1, min_heights={r: 9 for r in range(len(rows) + 1)}, header_rows=1, small=True)
    return Form(annex="附件1", title=ANNEX1_TITLE, sheet="附件1 推荐名单汇总表", widths=[14, 26, 60, 40, 30],
                blocks=[Line(f"推荐单位：{unit}{SEAL}"), Line(BLANK_DATE, align="right"), grid])


def annex2(a) -> Form:
    L = dict(label=True, align="center")
    cells = [
        Cell(0, 0, "姓名", **L), Cell(0, 1, a.name), Cell(0, 2, "性别", **L), Cell(0, 3, a.get_gender_display()),
        Cell(0, 4, "民族", **L), Cell(0, 5, a.get_ethnicity_display()),
        Cell(1, 0, "出生日期", **L), Cell(1, 1, _date(a.birth_date)), Cell(1, 2, "单位", **L), Cell(1, 3, a.employer),
        Cell(1, 4, "职务", **L), Cell(1, 5, a.job_title),
        Cell(2, 0, "政治面貌", **L), Cell(2, 1, a.get_political_status_display()), Cell(2, 2, "联系方式", **L),
        Cell(2, 3, a.phone), Cell(2, 4, "邮箱", **L), Cell(2, 5, a.email),
        Cell(3, 0, "个人基本情况及相关从业经历", **L), Cell(3, 1, a.experience, colspan=5, valign="top"),
        Cell(4, 0, "所在单位意见", **L), Cell(4, 1, SIGN, colspan=2, align="right", valign="bottom"),
        Cell(4, 3, "市商务局（委）初审意见", **L), Cell(4, 4, SIGN, colspan=2, align="right", valign="bottom"),
    ]
    grid = Grid(cells, rows=5, min_heights={0: 10, 1: 10, 2: 10, 3: 90, 4: 36})
    return Form(annex="附件2", title=ANNEX2_TITLE, sheet="附件2 师资个人情况表", widths=[24, 30, 22, 40, 22, 32],
                blocks=[grid])


def annex3(a) -> Form:
    L = dict(label=True, align="center")
    cells = [
        Cell(0, 0, "机构名称", **L), Cell(0, 1, a.name), Cell(0, 2, "注册地", **L), Cell(0, 3, a.registered_at),
        Cell(0, 4, "法人代表", **L), Cell(0, 5, a.legal_representative),
        Cell(1, 0, "联系人", **L), Cell(1, 1, a.contact_name), Cell(1, 2, "联系方式", **L), Cell(1, 3, a.contact_phone),
        Cell(1, 4, "从业人数（人）", **L), Cell(1, 5, str(a.staff_count)),
        Cell(2, 0, "上年度培训人数（人）", colspan=2, **L), Cell(2, 2, str(a.trainees_last_year)),
        Cell(2, 3, "上年度主营业务收入（万元）", colspan=2, **L), Cell(2, 5, f"{a.revenue_last_year}"),
        Cell(3, 0, "培训范围", **L), Cell(3, 1, a.scope, colspan=5, valign="top"),
        Cell(4, 0, "培训机构概况", **L), Cell(4, 1, a.overview, colspan=5, valign="top"),
        Cell(5, 0, "市商务主管部门推荐意见", **L), Cell(5, 1, SIGN, colspan=5, align="right", valign="bottom"),
    ]
    grid = Grid(cells, rows=6, min_heights={0: 10, 1: 10, 2: 10, 3: 24, 4: 70, 5: 30})
    return Form(annex="附件3", title=ANNEX3_TITLE, sheet="附件3 培训机构基本情况表", widths=[24, 32, 20, 34, 26, 34],
                blocks=[grid])


def respond(form: Form, fmt: str, basename: str) -> HttpResponse:
    if fmt == "pdf":
        response = HttpResponse(render_pdf(form), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(f"{basename}.pdf")
    else:
        response = HttpResponse(render_xlsx(form),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = content_disposition(f"{basename}.xlsx")
    return response


def annex1_xlsx(applications, *, unit: str = "", fmt: str = "xlsx") -> HttpResponse:
    return respond(annex1(list(applications), unit=unit), fmt, ANNEX1_TITLE)
