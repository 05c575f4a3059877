"""Each clause of each level, as spec/certification-eligibility.md reads it, with its corners.

``clauses()`` checks single and batch mode give the same answer, texts included."""

from ectalent.rules.engine import evaluate

from .helpers import AS_OF, applicant, cert, clauses, degree, job, training, years_ago


def worked(years, day_shift=0, **kw):
    """An open in-occupation job that started ``years`` years before as_of (moved by ``day_shift`` days)."""
    return job(years_ago(years, day_shift=day_shift), **kw)


# --- assistant (附件1 一(二)) ---------------------------------------------------------------------------


def test_assistant_1_six_full_years():
    assert clauses(applicant(employment=[worked(6)]), "assistant") == [1]
    assert clauses(applicant(employment=[worked(6, day_shift=1)]), "assistant") == []


def test_assistant_2_vocational_advanced_related_only():
    assert clauses(applicant(education=[degree("vocational_advanced")]), "assistant") == [2]
    assert clauses(applicant(education=[degree("vocational_advanced", major="哲学")]), "assistant") == []


def test_assistant_3_clerk_certificate_then_years():
    base = dict(employment=[worked(5)])
    assert clauses(applicant(certificates=[cert("clerk", years_ago(4))], **base), "assistant") == [3]
    assert clauses(applicant(certificates=[cert("clerk", years_ago(3))], **base), "assistant") == []
    trained = applicant(certificates=[cert("clerk", years_ago(3))], trainings=[training("assistant")], **base)
    assert clauses(trained, "assistant") == [3]
    # training for another level does not count
    other = applicant(certificates=[cert("clerk", years_ago(3))], trainings=[training("specialist")], **base)
    assert clauses(other, "assistant") == []


def test_assistant_4_related_associate_or_higher():
    assert clauses(applicant(education=[degree("associate")]), "assistant") == [4]
    assert clauses(applicant(education=[degree("doctor", major="国际经济与贸易")]), "assistant") == [4]
    assert clauses(applicant(education=[degree("secondary")]), "assistant") == []


def test_assistant_5_any_associate_and_one_year():
    doc = applicant(education=[degree("associate", major="哲学")], employment=[worked(1)])
    assert clauses(doc, "assistant") == [5]
    assert clauses(applicant(education=[degree("associate", major="哲学")], employment=[worked(1, 1)]), "assistant") == []


def test_assistant_5_and_6_a_fortiori_related_degree_also_meets_them():
    doc = applicant(education=[degree("bachelor")], employment=[worked(1)], trainings=[training("assistant")])
    assert clauses(doc, "assistant") == [4, 5, 6]


def test_assistant_6_any_associate_and_trained():
    doc = applicant(education=[degree("associate", major="哲学")], trainings=[training("assistant", AS_OF)])
    assert clauses(doc, "assistant") == [6]


def test_assistant_7_enrolled_related_recommended():
    student = degree("associate", status="enrolled", graduated_on=None, recommended=True)
    assert clauses(applicant(education=[student]), "assistant") == [7]
    assert clauses(applicant(education=[{**student, "school_recommended": False}]), "assistant") == []
    assert clauses(applicant(education=[{**student, "major": "哲学"}]), "assistant") == []
    assert clauses(applicant(education=[{**student, "level": "vocational_advanced"}]), "assistant") == []


def test_vocational_advanced_does_not_meet_associate_clauses():
    doc = applicant(education=[degree("vocational_advanced", major="哲学")], employment=[worked(2)], trainings=[training("assistant")])
    assert clauses(doc, "assistant") == []


def test_nothing_at_all_is_not_eligible_and_every_clause_is_explained():
    answer = evaluate(applicant(), "assistant").as_json()
    assert answer["eligible"] is False and answer["clauses"] == []
    assert [r["clause"] for r in answer["reasons"]] == [1, 2, 3, 4, 5, 6, 7]
    assert all(r["text"].startswith("不满足：") and r["cite"].startswith("附件1 一(二) 条件(") for r in answer["reasons"])
    assert "连续从事本职业工作 0 年，不满 6 年" in answer["reasons"][0]["text"]


# --- specialist (附件1 一(三)) ----------------------------------------------------------------------------


def test_specialist_1_ten_years():
    assert clauses(applicant(employment=[worked(10)]), "specialist") == [1]
    assert clauses(applicant(employment=[worked(10, 1)]), "specialist") == []


def test_specialist_2_assistant_certificate_then_four_or_three_trained():
    base = dict(employment=[worked(8)])
    assert clauses(applicant(certificates=[cert("assistant", years_ago(4))], **base), "specialist") == [2]
    three = applicant(certificates=[cert("assistant", years_ago(3))], **base)
    assert clauses(three, "specialist") == []
    assert clauses({**three, "trainings": [training("specialist")]}, "specialist") == [2]


def test_specialist_3_related_bachelor_and_years():
    assert clauses(applicant(education=[degree("bachelor")], employment=[worked(4)]), "specialist") == [3]
    three = applicant(education=[degree("bachelor")], employment=[worked(3)])
    assert clauses(three, "specialist") == []
    assert clauses({**three, "trainings": [training("specialist")]}, "specialist") == [3]
    # an associate degree is not a bachelor's, and an unrelated bachelor's is not 本专业
    assert clauses(applicant(education=[degree("associate")], employment=[worked(4)]), "specialist") == []
    assert clauses(applicant(education=[degree("bachelor", major="哲学")], employment=[worked(4)]), "specialist") == []


def test_specialist_4_related_bachelor_and_assistant_certificate_three_years():
    doc = applicant(education=[degree("bachelor")], employment=[worked(3)], certificates=[cert("assistant", years_ago(3))])
    assert clauses(doc, "specialist") == [4]
    late = applicant(education=[degree("bachelor")], employment=[worked(3)], certificates=[cert("assistant", years_ago(3, day_shift=1))])
    assert clauses(late, "specialist") == []


def test_specialist_5_any_associate_five_or_four_trained():
    assert clauses(applicant(education=[degree("associate", major="哲学")], employment=[worked(5)]), "specialist") == [5]
    four = applicant(education=[degree("associate", major="哲学")], employment=[worked(4)])
    assert clauses(four, "specialist") == []
    assert clauses({**four, "trainings": [training("specialist")]}, "specialist") == [5]


def test_specialist_6_related_master():
    assert clauses(applicant(education=[degree("master")]), "specialist") == [6]
    assert clauses(applicant(education=[degree("master", major="哲学")]), "specialist") == []


def test_specialist_7_any_master_two_years():
    assert clauses(applicant(education=[degree("doctor", major="哲学")], employment=[worked(2)]), "specialist") == [7]
    assert clauses(applicant(education=[degree("doctor", major="哲学")], employment=[worked(2, 1)]), "specialist") == []


def test_specialist_failing_clause_names_the_condition_and_figures():
    answer = evaluate(applicant(employment=[worked(4)]), "specialist").as_json()
    assert answer["reasons"][0] == {
        "clause": 1, "holds": False, "cite": "附件1 一(三) 条件(1)", "text": "不满足：连续从事本职业工作 4 年，不满 10 年",
    }


# --- senior (附件1 一(四)) ---------------------------------------------------------------------------------


def test_senior_1_fifteen_years():
    assert clauses(applicant(employment=[worked(15)]), "senior") == [1]
    assert clauses(applicant(employment=[worked(15, 1)]), "senior") == []


def test_senior_2_specialist_certificate():
    doc = applicant(employment=[worked(6)], certificates=[cert("specialist", years_ago(4))])
    assert clauses(doc, "senior") == [2]
    three = applicant(employment=[worked(6)], certificates=[cert("specialist", years_ago(3))])
    assert clauses(three, "senior") == []
    assert clauses({**three, "trainings": [training("senior")]}, "senior") == [2]


def test_senior_3_and_4_bachelor_years():
    related = applicant(education=[degree("bachelor")], employment=[worked(8)])
    assert clauses(related, "senior") == [3]
    seven = applicant(education=[degree("bachelor")], employment=[worked(7)], trainings=[training("senior")])
    assert clauses(seven, "senior") == [3]
    unrelated = applicant(education=[degree("bachelor", major="哲学")], employment=[worked(10)])
    assert clauses(unrelated, "senior") == [4]
    eight = applicant(education=[degree("bachelor", major="哲学")], employment=[worked(8)])
    assert clauses(eight, "senior") == []
    assert clauses({**eight, "trainings": [training("senior")]}, "senior") == [4]
    # a fortiori: a related bachelor's with 10 years meets 3 and 4
    assert clauses(applicant(education=[degree("bachelor")], employment=[worked(10)]), "senior") == [3, 4]


def test_senior_5_and_6_master_years():
    assert clauses(applicant(education=[degree("master")], employment=[worked(3)]), "senior") == [5]
    assert clauses(applicant(education=[degree("master", major="哲学")], employment=[worked(4)]), "senior") == [6]
    assert clauses(applicant(education=[degree("master", major="哲学")], employment=[worked(3)]), "senior") == []
    assert clauses(applicant(education=[degree("master")], employment=[worked(4)]), "senior") == [5, 6]


# --- manager (附件1 二) --------------------------------------------------------------------------------------


def test_manager_1_associate_five_years_two_in_management():
    mgmt_start = years_ago(2)
    doc = applicant(
        education=[degree("associate", major="哲学")],
        employment=[worked(5), job(mgmt_start, None, management=True)],
    )
    # 2 years of management = 731 days here (a leap day inside): 731 / 365.25 >= 2
    assert clauses(doc, "manager") == [1]
    short = applicant(
        education=[degree("associate", major="哲学")],
        employment=[worked(5), job(years_ago(2, day_shift=2), None, management=True)],
    )
    assert clauses(short, "manager") == []
    answer = evaluate(short, "manager").as_json()
    assert "担任中高层管理岗位 1.99 年，不满 2 年" in answer["reasons"][0]["text"]


def test_manager_2_eight_years_five_in_management_no_degree_needed():
    doc = applicant(employment=[job(years_ago(8), None, management=False), job(years_ago(6), None, management=True)])
    assert clauses(doc, "manager") == [2]
    assert clauses(applicant(employment=[worked(8)]), "manager") == []


def test_manager_3_senior_certificate_and_one_year():
    doc = applicant(employment=[worked(1)], certificates=[cert("senior", years_ago(5))])
    assert clauses(doc, "manager") == [3]
    assert clauses(applicant(employment=[worked(1, 1)], certificates=[cert("senior", years_ago(5))]), "manager") == []


def test_manager_management_before_the_current_run_does_not_count():
    doc = applicant(
        education=[degree("associate")],
        employment=[job("2005-01-01", "2012-01-01", management=True), worked(6)],
    )
    assert clauses(doc, "manager") == []
