"""Forms as the official forms: grouping and order (附件4/附件5), dates as YYYY-MM-DD, and an error summary on top of
every form that failed."""

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ectalent.core.widgets import IsoDateInput

TEMPLATES = Path(settings.BASE_DIR) / "ectalent"


# --- 附件4 / 附件5 ----------------------------------------------------------------------------------


def _field_order(html: str) -> list[str]:
    return re.findall(r'name="([a-z_]+)"', html)


@pytest.mark.django_db
def test_institution_form_follows_the_order_and_grouping_of_annex_4(world, login):
    html = login(world.users["inst_staff"]).get(
        reverse("accreditation:application-create", args=["institution"])).content.decode()
    legends = re.findall(r'<legend class="h6[^"]*">([^<]+)</legend>', html)
    assert legends[:7] == ["单位名称、性质、地址和法定代表", "联系方式", "机构组建时间和职工人数", "最大培训规模和教学场地",
                           "培训范围", "发证机关和证书编号", "培训办班情况简介"]
    order = [n for n in _field_order(html) if n not in ("csrfmiddlewaretoken", "language", "next", "viewport")]
    official = ["unit_name", "nature", "address", "legal_representative", "contact_name", "contact_phone",
                "contact_fax", "founded_on", "staff_total", "teachers_full_time", "teachers_part_time",
                "managers_count", "other_staff_count", "max_training_capacity", "premises_ownership",
                "premises_area", "training_scopes", "licence_issuer", "licence_number", "training_summary"]
    positions = [order.index(name) for name in official]
    assert positions == sorted(positions), [order[p] for p in sorted(positions)]
    assert order.index("unit_name") == 0  # 单位名称 first, not last


@pytest.mark.django_db
def test_practice_base_form_follows_annex_5(world):
    from ectalent.accreditation.forms import ApplicationForm

    org = world.orgs["义乌市创业电子商务职业培训学校"]
    form = ApplicationForm(unit_type="base", organisation=org)
    groups = [(str(legend), [f.name for f in fields]) for legend, fields in form.fieldset_groups]
    assert [g[0] for g in groups][:4] == ["实践基地类型", "企业（填写）", "电商产业基地（填写）", "企业/基地概况"]
    enterprise = dict(groups)["企业（填写）"]
    assert enterprise[:2] == ["unit_name", "legal_representative"]
    assert enterprise.index("contact_phone") < enterprise.index("address") < enterprise.index("website")
    assert dict(groups)["电商产业基地（填写）"][0] == "park_name"


# --- dates ----------------------------------------------------------------------------------------


class _DateForm(forms.Form):
    day = forms.DateField(label="日期")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_dates_show_and_parse_as_iso_in_both_languages(language):
    with translation.override(language):
        form = _DateForm(initial={"day": datetime.date(2026, 5, 1)})
        html = str(form["day"])
        assert 'type="text"' in html and 'value="2026-05-01"' in html and 'placeholder="YYYY-MM-DD"' in html
        assert 'type="date"' not in html  # the browser's own (e.g. US) format never shows
        for typed in ("2026-05-01", "2026/5/1", "2026.05.01"):
            bound = _DateForm({"day": typed})
            assert bound.is_valid(), (typed, bound.errors)
            assert bound.cleaned_data["day"] == datetime.date(2026, 5, 1)
        assert not _DateForm({"day": "05/01/2026"}).is_valid()  # never read as month/day/year
        assert Template("{{ d|date }}").render(Context({"d": datetime.date(2026, 5, 1)})) == "2026-05-01"


def test_model_form_date_fields_use_the_iso_widget():
    from ectalent.accreditation.forms import ApplicationForm
    from ectalent.certification.forms import SessionForm

    assert isinstance(ApplicationForm.base_fields["founded_on"].widget, IsoDateInput)
    assert all(isinstance(f.widget, IsoDateInput) for f in SessionForm.base_fields.values()
               if isinstance(f, forms.DateField))


def test_no_template_or_form_uses_a_native_date_input():
    offenders = []
    for path in TEMPLATES.rglob("*"):
        if path.suffix not in (".py", ".html") or "tests" in path.parts or path.name == "widgets.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r'type="date"|"type": "date"', text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert not offenders, offenders


# --- error summary --------------------------------------------------------------------------------

# A Django form's errors (form, its fields, formset rows); a sheet's or a job's row errors are shown otherwise.
FIELD_ERRORS = re.compile(r"\b(?:form|field|f|fs|formset|row|\w+_form)\.(?:errors|non_field_errors)\b"
                          r"|\bnon_form_errors\b|\bform\.\w+\.errors\b")
SHEET_ERRORS = re.compile(r"\b(?:roster|sheet|job)\.errors\b")


def templates_without_error_summary() -> list[str]:
    """Templates that show a form's errors but do not include the shared error summary."""
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if path.name in ("form_errors.html", "_error_summary.html", "field.html"):
            continue
        text = SHEET_ERRORS.sub("", path.read_text(encoding="utf-8"))
        if FIELD_ERRORS.search(text) and "core/includes/form_errors.html" not in text:
            missing.append(str(path.relative_to(TEMPLATES)))
    return missing


def test_every_form_template_includes_the_error_summary():
    assert templates_without_error_summary() == []


@pytest.mark.django_db
def test_a_failed_form_starts_with_a_summary_linking_to_each_field(world, login):
    client = login(world.users["inst_staff"])
    response = client.post(reverse("accreditation:application-create", args=["institution"]),
                           {"unit_name": "", "staff_total": "x", "founded_on": "2026/13/40"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = html[html.index('id="form-errors"'):]
    summary = summary[:summary.index("</div>")]
    assert html.index('id="form-errors"') < html.index('name="unit_name"')  # at the top of the form
    assert 'href="#id_unit_name"' in summary and 'href="#id_staff_total"' in summary
    assert 'href="#id_founded_on"' in summary
    assert "单位名称" in summary and "提交未成功" in summary


@pytest.mark.django_db
def test_formset_rows_are_listed_in_the_summary(client):
    response = client.post(reverse("rules:self-check"), {
        "as_of": "2026-05-01",
        **{f"{p}-TOTAL_FORMS": "1" for p in ("education", "employment", "certificates", "trainings")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("education", "employment", "certificates", "trainings")},
        "employment-0-start": "2020-01-01", "employment-0-end": "2019-01-01", "employment-0-in_occupation": "on",
    })
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "第 1 行" in html and 'href="#id_employment-0-end"' in html
