import pytest
from rest_framework.test import APIClient

from .helpers import applicant, cert, degree, job

URL = "/api/v1/eligibility/{}"
pytestmark = pytest.mark.django_db


def test_anonymous_self_check_answers_like_the_cli():
    doc = applicant(id="A1", education=[degree("bachelor")], employment=[job("2015-01-01")], certificates=[cert("assistant", "2019-01-01")])
    response = APIClient().post(URL.format("specialist"), doc, format="json")
    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["id", "level", "eligible", "clauses", "reasons"]
    assert data["id"] == "A1" and data["eligible"] is True and data["clauses"] == [2, 3, 4, 5]
    assert data["reasons"][0]["cite"] == "附件1 一(三) 条件(1)"


def test_invalid_input_is_400_naming_the_field():
    response = APIClient().post(URL.format("assistant"), {"id": "X", "as_of": "2023-02-30"}, format="json")
    assert response.status_code == 400
    assert response.json()["id"] == "X" and "as_of" in response.json()["error"]
    response = APIClient().post(
        URL.format("assistant"), {"id": "X", "as_of": "2023-02-28", "employment": [{"start": "2020-01-01"}]}, format="json"
    )
    assert response.status_code == 400 and "employment[0].in_occupation" in response.json()["error"]


def test_unknown_level_is_404():
    response = APIClient().post(URL.format("expert"), applicant(), format="json")
    assert response.status_code == 404 and "未知等级" in response.json()["detail"]


def test_endpoint_is_in_the_openapi_schema():
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/eligibility/{level}" in paths
    operation = paths["/api/v1/eligibility/{level}"]["post"]
    assert operation["operationId"] == "eligibility_check"
    assert "200" in operation["responses"] and "400" in operation["responses"]
