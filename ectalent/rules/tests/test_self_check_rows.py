"""资格自测 answers when submitted as a browser submits it: the untouched extra rows (their selects and check boxes
at their defaults) are ignored, for the anonymous and the pre-filled form alike; explanations follow the language."""

import datetime
from html.parser import HTMLParser

import pytest
from django.utils import translation

from ectalent.accounts.choices import Role
from ectalent.registry.models import Education, Employment
from ectalent.registry.tests.factories import make_person, make_user
from ectalent.rules.engine import evaluate
from ectalent.rules.explain import explain_clause
from ectalent.rules.packs import load_pack

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """A request in English leaves the thread's language active; later tests expect Chinese."""
    yield
    translation.activate("zh-hans")


class _Form(HTMLParser):
    """The fields a browser submits from the page's POST form: text values, checked boxes, selected options (or
    the first option of a select with none selected)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_form = False
        self._select = None
        self._first = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.data[a["name"]] = a.get("value") or "on"
            elif a.get("type") != "submit":
                self.data[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select, self._first = a.get("name"), None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            self.data.setdefault(self._select, self._first or "")
            self._select = None
        elif tag == "form":
            self._in_form = False


def browser_data(html: str) -> dict:
    parser = _Form()
    parser.feed(html)
    return parser.data


def test_anonymous_form_with_untouched_extra_rows_answers(client):
    data = browser_data(client.get("/rules/self-check/").content.decode())
    assert data["education-1-level"] == ""  # a blank choice first: an untouched row submits nothing
    data.update({
        "as_of": "2024-06-30",
        "education-0-level": "bachelor", "education-0-major": "电子商务", "education-0-status": "graduated",
        "education-0-graduated_on": "2015-07-01", "employment-0-start": "2016-03-01",
    })
    response = client.post("/rules/self-check/", data)
    assert response.context["results"], response.content.decode()[:3000]
    assert [r["decision"].eligible for r in response.context["results"]][:2] == [True, True]


def test_prefilled_form_answers_and_a_cleared_row_is_ignored(client):
    person = make_person("330782")
    Employment.objects.create(person=person, start=datetime.date(2015, 3, 1), in_occupation=True)
    Education.objects.create(person=person, level="bachelor", major="电子商务", status="graduated",
                             graduated_on=datetime.date(2014, 7, 1))
    client.force_login(make_user(Role.APPLICANT, person=person))
    data = browser_data(client.get("/rules/self-check/").content.decode())
    assert data["employment-0-start"] == "2015-03-01"
    response = client.post("/rules/self-check/", {**data, "as_of": "2024-06-30"})
    assert response.context["results"], response.content.decode()[:3000]
    # the applicant clears the pre-filled education row: it no longer counts, the page still answers
    data.update({"as_of": "2024-06-30", "education-0-level": "", "education-0-major": "", "education-0-status": "",
                 "education-0-graduated_on": ""})
    response = client.post("/rules/self-check/", data)
    assert response.context["results"]
    assert response.context["facts_summary"]["occupation_years"] == 9


def test_a_half_filled_row_still_reports_its_missing_fields(client):
    data = browser_data(client.get("/rules/self-check/").content.decode())
    data.update({"as_of": "2024-06-30", "certificates-1-issued_on": "2019-01-10"})
    response = client.post("/rules/self-check/", data)
    assert response.context["results"] is None
    assert "该字段是必填项" in response.content.decode()


def _doc(**kw):
    doc = {"id": "x", "as_of": "2024-06-30", "education": [], "employment": [], "certificates": [], "trainings": []}
    doc.update(kw)
    return doc


DOCS = [
    _doc(),
    _doc(employment=[{"start": "2010-01-01", "in_occupation": True, "management": True}],
         education=[{"level": "master", "major": "市场营销", "status": "graduated", "graduated_on": "2009-07-01"}],
         certificates=[{"level": "assistant", "issued_on": "2015-01-01"}],
         trainings=[{"level": "specialist", "completed_on": "2016-01-01"}]),
    _doc(education=[{"level": "associate", "major": "电子商务", "status": "enrolled", "school_recommended": True}]),
]


@pytest.mark.parametrize("doc", DOCS)
def test_explanations_in_chinese_are_the_engines_and_in_english_have_no_chinese(doc):
    pack = load_pack()
    for level in ("assistant", "specialist", "senior", "manager"):
        decision = evaluate(doc, level, pack)
        for clause in decision.results:
            with translation.override("zh-hans"):
                assert explain_clause(clause, decision) == clause.text
            with translation.override("en"):
                english = explain_clause(clause, decision)
                assert not any("\u4e00" <= ch <= "\u9fff" for ch in english), english


def test_self_check_page_in_english_shows_english_explanations_and_policy_texts(client):
    data = browser_data(client.get("/rules/self-check/").content.decode())
    data.update({"as_of": "2024-06-30", "employment-0-start": "2016-03-01"})
    response = client.post("/rules/self-check/", data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.context["results"]
    assert "Not met" in html and "不满足" not in html
    assert "在本职业连续工作 6 年以上" not in html  # the clause's own text, in English
    assert "附件1" not in html
