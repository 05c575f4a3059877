"""Results by the spec's rule (附件1 考试认证): each part ≥ the pack's pass mark, at least two directions for assistant
and specialist, both parts for senior and manager, carried directions on a retake, publication after approval."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ectalent.certification import scoring
from ectalent.certification.choices import Level, SessionStatus
from ectalent.certification.models import ExamSession, Result, Score

from .test_scoring_import import make_candidate, make_session


def give(app, user, **scores):
    """give(app, user, customer_service=(80, 70), visual_design=(59.5, 90)) or give(app, user, thesis=(60, 61))."""
    for direction, (a, b) in scores.items():
        if direction == "thesis":
            scoring.enter_scores(app, {("", "online"): str(a), ("", "thesis"): str(b)}, acting_user=user)
        else:
            scoring.enter_scores(app, {(direction, "online"): str(a), (direction, "practical"): str(b)}, acting_user=user)


def result_of(app) -> Result:
    return Result.objects.get(application=app)


@pytest.fixture
def centre(world):
    return world.users["zj_centre"]


def test_one_direction_passed_is_not_enough(world, centre):
    session = make_session(world)
    app = make_candidate(world, session)
    give(app, centre, customer_service=(80, 70), visual_design=(50, 90))
    scoring.compute_results(session, acting_user=centre)
    r = result_of(app)
    assert r.passed is False and r.passed_directions == ["customer_service"] and r.carried_directions == []
    texts = [e["text"] for e in r.explanation]
    assert any("网络客服" in t and "在线考试 80 分" in t and "通过分数线 60 分" in t and "考试认证" in t for t in texts)
    assert any("美工设计" in t and "未达到分数线" in t for t in texts)
    assert "须不少于 2 个" in texts[-1] and "未通过认证" in texts[-1]


def test_two_directions_passed_names_both(world, centre):
    session = make_session(world)
    app = make_candidate(world, session, directions=("customer_service", "visual_design", "warehousing"))
    give(app, centre, customer_service=(60, 60), visual_design=(99, 100), warehousing=(10, 100))
    scoring.compute_results(session, acting_user=centre)
    r = result_of(app)
    assert r.passed is True
    assert r.passed_directions == ["customer_service", "visual_design"]
    assert "网络客服、美工设计" in r.explanation[-1]["text"]


def test_59_5_fails_the_direction(world, centre):
    session = make_session(world)
    app = make_candidate(world, session)
    give(app, centre, customer_service=(80, 59.5), visual_design=(90, 90))
    scoring.compute_results(session, acting_user=centre)
    r = result_of(app)
    assert r.passed is False and r.passed_directions == ["visual_design"]
    assert any("实操考试 59.5 分" in e["text"] and "未通过" in e["text"] for e in r.explanation)


def test_missing_score_fails_the_direction(world, centre):
    session = make_session(world)
    app = make_candidate(world, session)
    scoring.enter_scores(app, {("customer_service", "online"): "90"}, acting_user=centre)
    give(app, centre, visual_design=(90, 90))
    scoring.compute_results(session, acting_user=centre)
    r = result_of(app)
    assert r.passed is False and any("无成绩" in e["text"] for e in r.explanation)


@pytest.mark.parametrize("level", [Level.SENIOR, Level.MANAGER])
@pytest.mark.parametrize(("online", "thesis", "passed"), [(60, 60, True), (100, 59.5, False), (59.99, 80, False)])
def test_senior_and_manager_need_both_parts(world, centre, level, online, thesis, passed):
    session = make_session(world, level)
    app = make_candidate(world, session)
    give(app, centre, thesis=(online, thesis))
    scoring.compute_results(session, acting_user=centre)
    r = result_of(app)
    assert r.passed is passed and r.passed_directions == []
    assert "两项均须达到 60 分" in r.explanation[0]["text"]


def test_pass_mark_comes_from_the_pack(world, centre, monkeypatch):
    session = make_session(world)
    app = make_candidate(world, session)
    give(app, centre, customer_service=(65, 65), visual_design=(65, 65))
    base = scoring.pack()
    monkeypatch.setattr(scoring, "pack", lambda: base.with_values({"exam.pass_mark": 70}))
    scoring.compute_results(session, acting_user=centre)
    assert result_of(app).passed is False
    assert "通过分数线 70 分" in result_of(app).explanation[0]["text"]


def test_retake_keeps_a_passed_direction(world, centre):
    person_app = None
    first = make_session(world, exam=datetime.date(2015, 6, 20), name="2015 年第一批")
    person_app = make_candidate(world, first, directions=("customer_service", "visual_design"))
    give(person_app, centre, customer_service=(70, 70), visual_design=(40, 40))
    scoring.compute_results(first, acting_user=centre)
    assert result_of(person_app).passed is False
    scoring.approve_and_publish(first, centre)
    first.refresh_from_db()
    assert first.status == SessionStatus.RESULTS_PUBLISHED and result_of(person_app).published

    second = make_session(world, exam=datetime.date(2015, 12, 5), name="2015 年第二批")
    retake = make_candidate(world, second, person=person_app.person, directions=("visual_design", "warehousing"))
    give(retake, centre, visual_design=(61, 75), warehousing=(30, 30))
    scoring.compute_results(second, acting_user=centre)
    r = result_of(retake)
    assert r.passed is True
    assert r.passed_directions == ["customer_service", "visual_design"]
    assert r.carried_directions == ["customer_service"]
    assert any("2015 年第一批" in e["text"] and "保留" in e["text"] for e in r.explanation)

    # another level does not carry; an unpublished earlier result does not carry
    specialist = make_session(world, Level.SPECIALIST, exam=datetime.date(2016, 3, 1))
    other = make_candidate(world, specialist, person=person_app.person, directions=("operations", "platform"))
    give(other, centre, operations=(90, 90), platform=(10, 10))
    scoring.compute_results(specialist, acting_user=centre)
    assert result_of(other).carried_directions == [] and result_of(other).passed is False


def test_unpublished_earlier_result_carries_nothing(world, centre):
    first = make_session(world, exam=datetime.date(2015, 6, 20))
    app = make_candidate(world, first)
    give(app, centre, customer_service=(70, 70), visual_design=(40, 40))
    scoring.compute_results(first, acting_user=centre)
    second = make_session(world, exam=datetime.date(2015, 12, 5))
    retake = make_candidate(world, second, person=app.person, directions=("visual_design", "warehousing"))
    give(retake, centre, visual_design=(70, 70), warehousing=(30, 30))
    scoring.compute_results(second, acting_user=centre)
    assert result_of(retake).passed is False and result_of(retake).carried_directions == []


def test_publication_needs_fresh_results_and_happens_once(world, centre):
    session = make_session(world)
    app = make_candidate(world, session)
    give(app, centre, customer_service=(70, 70), visual_design=(70, 70))
    with pytest.raises(ValidationError, match="计算"):
        scoring.approve_and_publish(session, centre)
    scoring.compute_results(session, acting_user=centre)
    Score.objects.filter(application=app, direction="visual_design", part="online").update(score=Decimal("59.5"))
    with pytest.raises(ValidationError, match="重新计算"):
        scoring.approve_and_publish(session, centre)
    scoring.compute_results(session, acting_user=centre)
    assert result_of(app).passed is False
    assert scoring.approve_and_publish(session, centre) == 1
    assert ExamSession.objects.get(pk=session.pk).results_published_at is not None
    with pytest.raises(ValidationError):
        scoring.approve_and_publish(session, centre)
    with pytest.raises(ValidationError):
        scoring.compute_results(session, acting_user=centre)
    with pytest.raises(ValidationError):
        scoring.enter_scores(app, {("customer_service", "online"): "10"}, acting_user=centre)
    assert Score.objects.get(application=app, direction="customer_service", part="online").score == Decimal("70")
    assert Result.objects.get(application=app).published


def test_publication_calls_the_certificate_hook_when_present(world, centre, monkeypatch):
    import sys
    import types

    calls = []
    fake = types.ModuleType("ectalent.certification.certificates")
    fake.issue_for_session = lambda session, acting_user: calls.append((session.pk, acting_user.pk))
    monkeypatch.setitem(sys.modules, "ectalent.certification.certificates", fake)
    import ectalent.certification as package

    monkeypatch.setattr(package, "certificates", fake, raising=False)
    session = make_session(world)
    app = make_candidate(world, session)
    give(app, centre, customer_service=(70, 70), visual_design=(70, 70))
    scoring.compute_results(session, acting_user=centre)
    scoring.approve_and_publish(session, centre)
    assert calls == [(session.pk, centre.pk)]


def test_candidate_sees_own_result_only_after_publication(world, centre, login):
    from django.urls import reverse

    applicant = world.users["applicant"]
    session = make_session(world)
    app = make_candidate(world, session, person=applicant.person)
    give(app, centre, customer_service=(70, 70), visual_design=(88, 66))
    scoring.compute_results(session, acting_user=centre)
    client = login(applicant)
    page = client.get(reverse("certification:my-results")).content.decode()
    assert session.name not in page
    scoring.approve_and_publish(session, centre)
    page = client.get(reverse("certification:my-results")).content.decode()
    assert session.name in page and "通过认证" in page and "美工设计" in page


def test_centre_pages_compute_and_publish(world, centre, login):
    from django.urls import reverse

    session = make_session(world)
    app = make_candidate(world, session)
    client = login(centre)
    assert session.name in client.get(reverse("certification:results-index")).content.decode()
    url = reverse("certification:score-entry", args=[session.pk, app.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"s_customer_service_online": "101"})
    assert bad.status_code == 200 and "0–100" in bad.content.decode()
    ok = client.post(url, {"s_customer_service_online": "70", "s_customer_service_practical": "70",
                           "s_visual_design_online": "70", "s_visual_design_practical": "70"})
    assert ok.status_code == 302
    client.post(reverse("certification:results-compute", args=[session.pk]))
    assert result_of(app).passed
    page = client.get(reverse("certification:session-results", args=[session.pk]))
    assert page.status_code == 200 and "通过" in page.content.decode()
    client.post(reverse("certification:results-publish", args=[session.pk]))
    assert ExamSession.objects.get(pk=session.pk).status == SessionStatus.RESULTS_PUBLISHED
    assert login(world.users["jh_city"]).post(reverse("certification:results-compute", args=[session.pk])).status_code == 403
