"""Hypothesis strategies for random applicants, dense in the date corners of the spec."""

import datetime

from hypothesis import strategies as st

D = datetime.date
AS_OF_CORNERS = [D(2016, 2, 29), D(2024, 2, 29), D(2024, 3, 1), D(2023, 2, 28), D(2023, 3, 1), D(2020, 12, 31), D(2014, 6, 10)]
MAJORS = ["电子商务", "市场营销", "物流工程", "哲学", "计算机科学与技术", "国际贸易"]
EDGE_DAYS = [0, 1, 29, 30, 31, 32, 33, 365, 366, 730, 731]


def shift(d: D, days: int) -> D:
    return d + datetime.timedelta(days=days)


def years_before(d: D, years: int) -> D:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # Feb 29 in a non-leap year
        return d.replace(year=d.year - years, day=28)


@st.composite
def date_near(draw, as_of: D) -> D:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return shift(as_of, -draw(st.sampled_from(EDGE_DAYS)))
    if kind == 1:
        return shift(years_before(as_of, draw(st.integers(0, 16))), draw(st.sampled_from([-1, 0, 1])))
    if kind == 2:
        return D(draw(st.sampled_from([2004, 2008, 2012, 2016, 2020])), 2, 29)
    if kind == 3:
        return shift(as_of, draw(st.sampled_from([1, 2, 31, 400])))
    return shift(as_of, -draw(st.integers(0, 7000)))


@st.composite
def employment(draw, as_of: D) -> list[dict]:
    periods = []
    start = draw(date_near(as_of))
    for _ in range(draw(st.integers(0, 4))):
        end_kind = draw(st.integers(0, 4))
        if end_kind == 0:
            end = None
        elif end_kind == 1:
            end = shift(as_of, -draw(st.sampled_from([29, 30, 31, 32, 33])))
        elif end_kind == 2:
            end = shift(start, draw(st.integers(0, 4000)))
        elif end_kind == 3:
            end = shift(as_of, draw(st.integers(0, 100)))
        else:
            end = shift(start, -draw(st.integers(1, 30)))  # ends before it starts: ignored in both modes
        periods.append({
            "start": start.isoformat(), "end": end.isoformat() if end else None,
            "in_occupation": draw(st.booleans()) or draw(st.booleans()),
            "management": draw(st.booleans()),
        })
        base = end or start
        start = shift(base, draw(st.sampled_from([-400, -10, 0, 1, 30, 31, 32, 33, 200]))) if draw(st.booleans()) else draw(date_near(as_of))
    if draw(st.booleans()):
        for p in periods:
            p.pop("management")  # the field is optional
    return periods


@st.composite
def applicant(draw, ident: str = "X") -> dict:
    as_of = draw(st.sampled_from(AS_OF_CORNERS) | st.dates(D(2012, 1, 1), D(2026, 12, 31)))
    education = []
    for _ in range(draw(st.integers(0, 3))):
        status = draw(st.sampled_from(["graduated", "graduated", "enrolled"]))
        graduated = draw(st.none() | date_near(as_of))
        item = {
            "level": draw(st.sampled_from(["secondary", "vocational_advanced", "associate", "bachelor", "master", "doctor"])),
            "major": draw(st.sampled_from(MAJORS)),
            "status": status,
        }
        if draw(st.booleans()):
            item["graduated_on"] = graduated.isoformat() if graduated else None
        if draw(st.booleans()):
            item["school_recommended"] = draw(st.booleans())
        education.append(item)
    certificates = [
        {"level": draw(st.sampled_from(["clerk", "assistant", "specialist", "senior", "manager"])),
         "issued_on": draw(date_near(as_of)).isoformat()}
        for _ in range(draw(st.integers(0, 3)))
    ]
    trainings = [
        {"level": draw(st.sampled_from(["assistant", "specialist", "senior", "manager"])),
         "completed_on": draw(date_near(as_of)).isoformat()}
        for _ in range(draw(st.integers(0, 2)))
    ]
    doc = {"id": ident, "as_of": as_of.isoformat()}
    for key, value in (("education", education), ("employment", draw(employment(as_of))),
                       ("certificates", certificates), ("trainings", trainings)):
        if value or draw(st.booleans()):
            doc[key] = value
    return doc
