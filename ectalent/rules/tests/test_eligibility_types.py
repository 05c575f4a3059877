"""Issue 9.11: a date that is not a string (an object, a list, a number) answers 400 with the field named, not 500."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("as_of", [{"y": 2024}, ["2024-01-01"], 20240101, None, True])
@pytest.mark.django_db
def test_non_string_date_is_a_400_naming_the_field(as_of):
    response = APIClient().post("/api/v1/eligibility/assistant", {"id": "A1", "as_of": as_of}, format="json")
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]


@pytest.mark.django_db
def test_non_string_nested_date_is_a_400():
    doc = {"id": "A1", "as_of": "2024-06-30",
           "employment": [{"start": {"a": 1}, "end": None, "in_occupation": True}]}
    response = APIClient().post("/api/v1/eligibility/assistant", doc, format="json")
    assert response.status_code == 400 and "employment[0].start" in response.json()["error"]
