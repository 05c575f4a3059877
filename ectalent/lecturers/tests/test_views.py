"""The pages as each role sees them: scope, sealed scores, conflicts, the city's limit, publication blocked."""

import pytest
from django.urls import reverse

from ectalent.lecturers import actions
from ectalent.lecturers.models import Score
from ectalent.workflow.choices import Decision
from ectalent.workflow.models import StepState

from .factories import Cast, institution_application, recommended_lecturer, round_with_lecture

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def test_pages_render_for_each_role(cast, client):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    for user, urls in [
        (app.created_by, ["lecturers:index", ("lecturers:application-detail", app.pk)]),
        (cast.city, ["lecturers:index", "lecturers:dashboard", ("lecturers:application-detail", app.pk)]),
        (cast.assoc, ["lecturers:index", "lecturers:round-list", "lecturers:round-create", ("lecturers:round-detail", r.pk),
                      ("lecturers:lecture-detail", lecture.pk), "lecturers:dashboard"]),
        (cast.judges[1], ["lecturers:index", ("lecturers:lecture-detail", lecture.pk)]),
    ]:
        client.force_login(user)
        for u in urls:
            url = reverse(u) if isinstance(u, str) else reverse(u[0], args=[u[1]])
            assert client.get(url).status_code == 200, (user, url)
    client.logout()
    assert client.get(reverse("lecturers:directory")).status_code == 200


def test_official_forms_download(cast, client):
    app = recommended_lecturer(cast)
    client.force_login(cast.city)
    for fmt in ("xlsx", "pdf"):
        assert client.get(reverse("lecturers:application-form", args=[app.pk, fmt])).status_code == 200
        assert client.get(reverse("lecturers:city-summary") + f"?format={fmt}").status_code == 200


def test_judge_sees_only_seated_lectures_and_no_other_score_before_scoring(cast, client):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app, judges=cast.judges[:4])
    actions.save_score(seats[0], 77.5, acting_user=cast.judges[0])
    client.force_login(cast.judges[1])
    body = client.get(reverse("lecturers:lecture-detail", args=[lecture.pk])).content.decode()
    assert "77.5" not in body and "评分保密" in body
    client.force_login(cast.judges[4])  # not seated
    assert client.get(reverse("lecturers:lecture-detail", args=[lecture.pk])).status_code == 404
    for s, judge in zip(seats[1:], cast.judges[1:4]):
        actions.save_score(s, 80, acting_user=judge)
    client.force_login(cast.judges[1])
    assert "77.5" in client.get(reverse("lecturers:lecture-detail", args=[lecture.pk])).content.decode()


def test_conflicted_judge_cannot_score_through_the_page(cast, client):
    app = recommended_lecturer(cast)
    cast.judges[2].organisation = cast.school
    cast.judges[2].save()
    r, lecture, seats = round_with_lecture(cast, app)
    client.force_login(cast.judges[2])
    client.post(reverse("lecturers:lecture-detail", args=[lecture.pk]), {"op": "score", "value": "90"})
    assert not Score.objects.filter(seat=seats[2]).exists()


def test_city_cannot_recommend_a_third_institution(cast, client):
    apps = [institution_application(cast) for _ in range(3)]
    for a in apps:
        actions.submit_application(a, acting_user=a.created_by)
        row = StepState.objects.get(case=a.case, step="county", decision=Decision.PENDING)
        actions.wf.decide(a.case, row, acting_user=cast.county, decision=Decision.APPROVED)
    for a in apps[:2]:
        a.case.refresh_from_db()
        row = StepState.objects.get(case=a.case, step="city", decision=Decision.PENDING)
        actions.wf.decide(a.case, row, acting_user=cast.city, decision=Decision.APPROVED)
    third = apps[2]
    third.case.refresh_from_db()
    row = StepState.objects.get(case=third.case, step="city", decision=Decision.PENDING)
    client.force_login(cast.city)
    response = client.post(reverse("lecturers:institution-detail", args=[third.pk]),
                           {"op": "decide", "decision": "approved", "reason": ""}, follow=True)
    third.case.refresh_from_db()
    assert third.case.status == "in_review"
    assert "最多推荐 2 家" in response.content.decode()


def test_divergent_round_cannot_be_published_from_the_page(cast, client):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    for s, v in zip(seats, [40, 80, 81, 79, 80]):
        actions.save_score(s, v, acting_user=s.judge)
    client.force_login(cast.assoc)
    response = client.post(reverse("lecturers:round-detail", args=[r.pk]), {"op": "publish"}, follow=True)
    r.refresh_from_db()
    assert r.status == "scoring" and "分歧" in response.content.decode()


def test_lecturer_sees_own_score_explained_by_seat(cast, client):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    for s, v in zip(seats, [70, 80, 81, 79, 80]):
        actions.save_score(s, v, acting_user=s.judge)
    actions.publish_round(r, acting_user=cast.assoc)
    client.force_login(app.created_by)
    body = client.get(reverse("lecturers:application-detail", args=[app.pk])).content.decode()
    assert "第 1 席" in body and "去掉" in body and "79.67" in body
    assert cast.judges[0].username not in body
