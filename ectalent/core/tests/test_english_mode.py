"""English mode: the texts that used to stay Chinese — step names, 政策模拟 parameters and level headings, exam
directions, audit notes and texts stored in Chinese, Python messages — and the language menu."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from ectalent.core.i18n import shown, stored


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_stored_text_is_chinese_whatever_the_writer_language_and_shown_in_the_reader_language():
    from ectalent.accreditation.choices import UnitType

    with translation.override("en"):
        text = stored(gettext_noop("机动调配：%(line_label)s %(label)s %(amount)s 个"), line_label="金华",
                      label=UnitType.INSTITUTION.label, amount=3)
    assert text == "机动调配：金华 培训机构 3 个"  # a lazy choice label is stored in Chinese too
    with translation.override("en"):
        assert shown(text) == "Discretionary allocation: 金华 Training institution 3"
    with translation.override("zh-hans"):
        assert shown(text) == text


def test_shown_translates_nested_and_listed_values():
    text = stored(gettext_noop("%(direction)s：%(figures)s；通过分数线 %(mark)s 分（%(cite)s）。%(verdict)s"),
                  direction="网络客服", figures="在线考试 80 分，实操考试 55 分", mark="60", cite="附件1",
                  verdict=stored(gettext_noop("%(parts)s未达到分数线，该方向未通过。"), parts="实操考试"))
    with translation.override("en"):
        english_text = shown(text)
    assert english_text.startswith("Online customer service: Online exam 80 points, Practical exam 55 points")
    assert "pass mark 60 points (附件1)" in english_text and "Practical exam below the pass mark" in english_text
    with translation.override("en"):
        assert shown("张三提交的自由文字") == "张三提交的自由文字"  # not a catalogue text: as typed


def test_review_step_names_come_from_the_spec_in_the_reader_language(world):
    from ectalent.workflow.models import StepState

    row = StepState.objects.filter(case__workflow="accreditation", step="county_review").first()
    assert row is not None
    with translation.override("zh-hans"):
        assert row.display_label == "县级初选"
    with translation.override("en"):
        assert row.display_label == "County preliminary selection"


@pytest.mark.django_db
def test_language_menu_names_each_language_in_itself(client):
    for language in ("zh-hans", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = client.get("/accounts/login/").content.decode()
        assert '<option value="en" lang="en"' in html and ">English</option>" in html
        assert ">简体中文</option>" in html
        assert "英语" not in html


def test_simulation_parameters_and_level_headings_in_english(world, login):
    client = english(login(world.users["zj_province"]))
    response = client.get("/rules/simulation/")
    html = response.content.decode()
    field = response.context["form"].fields["assistant.clause1.occupation_years"]
    assert field.label.startswith(
        "Assistant E-commerce Specialist condition (1): years of continuous work in the occupation")
    assert field.help_text == "In force: 6 years"
    assert "Assistant E-commerce Specialist" in html and "Senior E-commerce Specialist" in html
    assert "助理电子商务师" not in html
    # the result page (the job's result) in English too
    job = client.get("/rules/simulation/", {"assistant.clause1.occupation_years": "5", "as_of": "2026-05-01"},
                     follow=True).context["job"]
    html = client.get(job.url).content.decode()
    assert "Assistant E-commerce Specialist" in html and "助理电子商务师" not in html


def test_exam_directions_in_english(world, login):
    from ectalent.certification.models import ExamSession

    session = ExamSession.objects.exclude(status="draft").first()
    html = english(login(world.users["applicant"])).get(f"/certification/sessions/{session.pk}/").content.decode()
    assert "Online customer service" in html or "Operations and promotion" in html
    assert "网络客服" not in html and "运营推广" not in html


def test_python_messages_follow_the_language():
    from ectalent.accreditation.plan import PlanError  # noqa: F401  (module imports)
    from ectalent.certification.scoring import parse_score

    with translation.override("en"), pytest.raises(Exception) as excinfo:
        parse_score("abc")
    assert "The score must be a number" in str(excinfo.value)
    with translation.override("zh-hans"), pytest.raises(Exception) as excinfo:
        parse_score("abc")
    assert "成绩应为数字" in str(excinfo.value)
