"""Derived facts, exactly as spec/certification-eligibility.md defines them (single and batch agree)."""

import datetime

import pytest

from ectalent.rules.batch import derive_frame, frames_from_documents
from ectalent.rules.facts import derive, full_years
from ectalent.rules.packs import load_pack

from .helpers import applicant, cert, degree, job, training

D = datetime.date


def facts(doc):
    pack = load_pack()
    single = derive(doc, pack)
    row = derive_frame(frames_from_documents([doc]), pack).to_dicts()[0]
    assert row["occupation_years"] == single.occupation_years
    assert row["management_days"] == single.management_days
    assert row["run_start"] == single.run_start and row["run_end"] == single.run_end
    for level in ("clerk", "assistant", "specialist", "senior", "manager"):
        assert row[f"since_{level}"] == single.since[level]
        assert row[f"holds_{level}"] == single.holds[level]
    for name in ("degree_any", "degree_related", "vocational_advanced_related", "enrolled_related_recommended"):
        assert row[name] == getattr(single, name)
    return single


@pytest.mark.parametrize(
    ("a", "b", "years"),
    [
        (D(2010, 3, 1), D(2016, 3, 1), 6),
        (D(2010, 3, 2), D(2016, 3, 1), 5),
        (D(2012, 2, 29), D(2013, 2, 28), 0),  # born on Feb 29: the year is full only on Mar 1
        (D(2012, 2, 29), D(2013, 3, 1), 1),
        (D(2012, 2, 29), D(2016, 2, 29), 4),
        (D(2011, 2, 28), D(2012, 2, 29), 1),
        (D(2020, 1, 1), D(2020, 1, 1), 0),
    ],
)
def test_full_years(a, b, years):
    assert full_years(a, b) == years


def test_run_merges_a_gap_of_31_days_but_not_32():
    # first job ends 2019-12-31; the next starts 31 days later (2020-01-31): one run from 2014
    merged = facts(applicant(employment=[job("2014-01-01", "2019-12-31"), job("2020-01-31")]))
    assert merged.run_start == D(2014, 1, 1) and merged.occupation_years == 10
    broken = facts(applicant(employment=[job("2014-01-01", "2019-12-31"), job("2020-02-01")]))
    assert broken.run_start == D(2020, 2, 1) and broken.occupation_years == 4


def test_run_must_end_no_earlier_than_31_days_before_as_of():
    # as_of 2024-06-30: ends 2024-05-30 (31 days before) still counts; 2024-05-29 (32 days) does not
    assert facts(applicant(employment=[job("2015-01-01", "2024-05-30")])).occupation_years == 9
    none = facts(applicant(employment=[job("2015-01-01", "2024-05-29")]))
    assert none.occupation_years == 0 and none.run_start is None


def test_periods_are_cut_at_as_of_and_later_ones_dropped():
    doc = applicant(employment=[job("2015-01-01", "2030-01-01"), job("2024-07-01")])
    f = facts(doc)
    assert f.run_end == D(2024, 6, 30) and f.occupation_years == 9


def test_work_outside_the_occupation_does_not_count_and_breaks_nothing():
    f = facts(applicant(employment=[job("2010-01-01", None, occupation=False), job("2020-01-01")]))
    assert f.run_start == D(2020, 1, 1) and f.occupation_years == 4


def test_overlapping_periods_join_one_run():
    f = facts(applicant(employment=[job("2010-01-01", "2018-01-01"), job("2012-05-01", "2015-01-01"), job("2018-01-10")]))
    assert f.run_start == D(2010, 1, 1) and f.occupation_years == 14


def test_since_certificate_counts_from_the_later_of_issue_and_run_start():
    doc = applicant(employment=[job("2018-01-01")], certificates=[cert("clerk", "2015-01-01"), cert("assistant", "2020-07-01")])
    f = facts(doc)
    assert f.since["clerk"] == 6  # from the run start 2018-01-01
    assert f.since["assistant"] == 3  # from the issue 2020-07-01 to 2024-06-30
    assert f.holds["clerk"] and not f.holds["specialist"]


def test_certificate_issued_on_as_of_counts_one_day_later_does_not():
    on = facts(applicant(certificates=[cert("senior", "2024-06-30")]))
    after = facts(applicant(certificates=[cert("senior", "2024-07-01")]))
    assert on.holds["senior"] and not after.holds["senior"]


def test_since_is_zero_without_a_current_run():
    f = facts(applicant(employment=[job("2010-01-01", "2020-01-01")], certificates=[cert("clerk", "2009-01-01")]))
    assert f.since["clerk"] == 0 and f.holds["clerk"]


def test_management_years_are_cut_to_the_run_and_merged():
    doc = applicant(
        as_of="2024-06-30",
        employment=[
            job("2010-01-01", "2015-12-31", management=True),  # before the current run: not counted
            job("2016-03-01", None),
            job("2019-01-01", "2021-01-01", management=True),
            job("2020-01-01", "2022-01-01", management=True),  # overlaps the one before
        ],
    )
    f = facts(doc)
    assert f.run_start == D(2016, 3, 1)
    assert f.management_days == (D(2022, 1, 1) - D(2019, 1, 1)).days
    assert f.management_years == f.management_days / 365.25


def test_management_outside_the_occupation_does_not_count():
    f = facts(applicant(employment=[job("2015-01-01"), job("2016-01-01", "2020-01-01", occupation=False, management=True)]))
    assert f.management_days == 0


def test_degrees_count_only_when_graduated_by_as_of():
    f = facts(applicant(education=[degree("master", graduated_on="2024-07-01"), degree("bachelor", major="哲学")]))
    assert f.degree_any == 3 and f.degree_related == 0
    missing_date = facts(applicant(education=[degree("doctor", graduated_on=None)]))
    assert missing_date.degree_any == 0


def test_vocational_advanced_is_not_an_associate_degree():
    f = facts(applicant(education=[degree("vocational_advanced")]))
    assert f.degree_any == 0 and f.vocational_advanced_related


def test_enrolled_student_needs_related_major_and_recommendation():
    yes = facts(applicant(education=[degree("associate", status="enrolled", graduated_on=None, recommended=True)]))
    no = facts(applicant(education=[degree("associate", major="哲学", status="enrolled", graduated_on=None, recommended=True)]))
    assert yes.enrolled_related_recommended == 2 and no.enrolled_related_recommended == 0


def test_training_counts_only_when_completed_by_as_of():
    assert facts(applicant(trainings=[training("assistant", "2024-06-30")])).trained_levels == {"assistant"}
    assert facts(applicant(trainings=[training("assistant", "2024-07-01")])).trained_levels == set()
