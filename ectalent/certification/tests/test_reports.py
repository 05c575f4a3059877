"""Reports and exports (issue 4, point 9): numbers per session, city and direction; pass rates; scoping by region;
the xlsx exports open with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from ectalent.certification import scoring
from ectalent.certification.models import Certificate

from .test_results_rule import give
from .test_scoring_import import make_candidate, make_session


@pytest.fixture
def published(world):
    """One published assistant session: 义乌 ×2 (one passes both directions, one passes only 网络客服), 婺城 ×1
    (passes), 杭州 ×1 (fails both); plus one 杭州 application still in review (an application, not a candidate)."""
    centre = world.users["zj_centre"]
    session = make_session(world, name="报表批次")
    yw1 = make_candidate(world, session, region="330782")
    yw2 = make_candidate(world, session, region="330782")
    wc = make_candidate(world, session, region="330702", directions=("customer_service", "warehousing"))
    hz = make_candidate(world, session, region="330102")
    make_candidate(world, session, region="330102", case_status="in_review")
    give(yw1, centre, customer_service=(80, 80), visual_design=(70, 70))
    give(yw2, centre, customer_service=(80, 80), visual_design=(59.5, 70))
    give(wc, centre, customer_service=(60, 60), warehousing=(61, 99))
    give(hz, centre, customer_service=(10, 10), visual_design=(20, 20))
    scoring.compute_results(session, acting_user=centre)
    scoring.approve_and_publish(session, centre)
    return session, {"yw1": yw1, "yw2": yw2, "wc": wc, "hz": hz}


def _tables(client, **params):
    response = client.get(reverse("certification:reports"), params)
    assert response.status_code == 200
    return response.context


def test_numbers_per_session_city_and_direction(world, published, login):
    session, apps = published
    ctx = _tables(login(world.users["zj_centre"]), session=session.pk)
    assert ctx["total"] == {"applications": 5, "candidates": 4, "results": 4, "passed": 2, "rate": 50.0}
    by_city = {r["label"]: r for r in ctx["by_city"]}
    assert by_city["金华市"]["candidates"] == 3 and by_city["金华市"]["passed"] == 2
    assert by_city["杭州市"]["applications"] == 2 and by_city["杭州市"]["passed"] == 0
    by_dir = {r["direction"]: r for r in ctx["by_direction"]}
    assert by_dir["customer_service"]["results"] == 4 and by_dir["customer_service"]["passed"] == 3
    assert by_dir["customer_service"]["rate"] == 75.0
    assert by_dir["visual_design"]["results"] == 3 and by_dir["visual_design"]["passed"] == 1
    assert by_dir["warehousing"]["passed"] == 1
    assert ctx["chart"]["labels"][0] == "网络客服" and ctx["chart"]["rates"][0] == 75.0
    assert b"chart.umd.min.js" in _page(login(world.users["zj_centre"]))


def _page(client):
    return client.get(reverse("certification:reports")).content


def test_filters_by_city_and_direction(world, published, login):
    session, apps = published
    client = login(world.users["zj_centre"])
    ctx = _tables(client, session=session.pk, city="330700")
    assert ctx["total"]["candidates"] == 3 and ctx["total"]["passed"] == 2
    ctx = _tables(client, session=session.pk, direction="warehousing")
    assert ctx["total"]["applications"] == 1 and [r["direction"] for r in ctx["by_direction"]] == ["warehousing"]


def test_city_official_sees_only_their_city(world, published, login):
    session, apps = published
    ctx = _tables(login(world.users["jh_city"]), session=session.pk)
    assert ctx["total"]["applications"] == 3 and ctx["total"]["passed"] == 2
    assert {r["label"] for r in ctx["by_city"]} == {"金华市"}
    ctx = _tables(login(world.users["hz_city"]), session=session.pk)
    assert ctx["total"]["applications"] == 2 and ctx["total"]["passed"] == 0
    page = login(world.users["jh_city"]).get(reverse("certification:session-results", args=[session.pk]))
    text = page.content.decode()
    assert apps["yw1"].person.name in text and apps["hz"].person.name not in text


def test_applicant_and_institution_cannot_open_reports(world, published, login):
    for username in ("applicant", "inst_staff"):
        assert login(world.users[username]).get(reverse("certification:reports")).status_code == 403
        assert login(world.users[username]).get(
            reverse("certification:report-export", args=["summary"])).status_code == 403


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def test_exports_open_with_openpyxl(world, published, login):
    session, apps = published
    client = login(world.users["jh_city"])
    book = _xlsx(client.get(reverse("certification:report-export", args=["summary"]), {"session": session.pk}))
    assert {"按批次", "按城市", "按方向", "说明"} <= set(book.sheetnames)
    rows = list(book["按批次"].iter_rows(values_only=True))
    assert rows[0][0] == "考试批次" and rows[1][0] == "报表批次" and rows[1][1:5] == (3, 3, 3, 2)
    book = _xlsx(client.get(reverse("certification:report-export", args=["pass-rates"]), {"session": session.pk}))
    rates = {r[0]: r[5] for r in book["通过率"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert rates["网络客服"] == 100.0 and rates["美工设计"] == 50.0


def test_certificates_export_lists_issued_certificates_in_scope(world, published, login):
    """Publication issues the certificates (``certificates.issue_for_session``); the export lists them, masked."""
    session, apps = published
    assert set(Certificate.objects.filter(application__session=session).values_list("application_id", flat=True)) \
        == {apps["yw1"].pk, apps["wc"].pk}
    book = _xlsx(login(world.users["zj_centre"]).get(reverse("certification:report-export", args=["certificates"]),
                                                    {"session": session.pk}))
    rows = list(book["证书发放名单"].iter_rows(values_only=True))
    assert rows[0][:3] == ("证书编号", "姓名", "身份证号")
    assert len(rows) == 3
    assert {r[1] for r in rows[1:]} == {apps["yw1"].person.name, apps["wc"].person.name}
    masked = {r[2] for r in rows[1:]}
    assert apps["yw1"].person.id_number not in masked and all("*" in m for m in masked)
    assert {r[4] for r in rows[1:]} == {"网络客服、美工设计", "网络客服、仓储物流"}
    book = _xlsx(login(world.users["hz_city"]).get(reverse("certification:report-export", args=["certificates"]),
                                                  {"session": session.pk}))
    assert len(list(book["证书发放名单"].iter_rows(values_only=True))) == 1
    book = _xlsx(login(world.users["zj_centre"]).get(reverse("certification:report-export", args=["certificates"]),
                                                    {"session": session.pk, "direction": "warehousing"}))
    assert [r[1] for r in book["证书发放名单"].iter_rows(min_row=2, values_only=True)] == [apps["wc"].person.name]


def test_large_certificate_export_is_a_background_job_with_the_same_rows(world, published, login, monkeypatch):
    from ectalent.core import exports
    from ectalent.jobs.models import Job

    session, apps = published
    monkeypatch.setattr(exports, "BACKGROUND_ROWS", 1)
    user = world.users["zj_centre"]
    client = login(user)
    response = client.get(reverse("certification:report-export", args=["certificates"]), {"session": session.pk})
    job = Job.objects.get(user=user, handler="ectalent.certification.tasks.export_report")
    assert response.status_code == 302 and job.status == "succeeded"
    result = client.get(reverse("jobs:result", args=[job.pk]))
    data = b"".join(result.streaming_content) if result.streaming else result.content
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book["证书发放名单"].iter_rows(values_only=True))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {apps["yw1"].person.name, apps["wc"].person.name}
