"""The panel on the platform: seats, conflicts, sealed scoring, clerk entry, divergence, publication."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ectalent.lecturers import actions
from ectalent.lecturers.choices import ResolutionKind, RoundStatus
from ectalent.lecturers.models import Lecture
from ectalent.registry.tests.factories import make_org

from .factories import Cast, recommended_lecturer, round_with_lecture

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return Cast()


def score_all(seats, values):
    for seat, value in zip(seats, values):
        if value is not None:
            actions.save_score(seat, value, acting_user=seat.judge)


def test_city_approval_is_the_recommendation(cast):
    app = recommended_lecturer(cast)
    assert app.case.status == "confirmed" and app.recommended_by == cast.city_org


def test_judge_from_lecturers_own_organisation_is_recused_when_seated(cast):
    app = recommended_lecturer(cast)
    cast.judges[4].organisation = cast.school
    cast.judges[4].save()
    r, lecture, seats = round_with_lecture(cast, app)
    assert seats[4].recused and "同属一个单位" in seats[4].conflict_reason
    with pytest.raises(PermissionDenied):
        actions.save_score(seats[4], 99, acting_user=cast.judges[4])


def test_judge_from_recommending_organisation_is_recused(cast):
    app = recommended_lecturer(cast)
    cast.judges[3].organisation = cast.city_org
    cast.judges[3].save()
    r, lecture, seats = round_with_lecture(cast, app)
    assert seats[3].recused and "推荐" in seats[3].conflict_reason


def test_conflict_checked_again_when_saving(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    actions.save_score(seats[1], 80, acting_user=cast.judges[1])
    cast.judges[1].organisation = cast.school  # moved to the lecturer's school after being seated
    cast.judges[1].save()
    with pytest.raises(PermissionDenied):
        actions.save_score(seats[1], 81, acting_user=cast.judges[1])
    seats[1].refresh_from_db()
    assert seats[1].recused
    result = actions.lecture_result(lecture)
    assert result.recused == ("第 2 席",) and result.counted == 0


def test_declared_conflict_drops_an_entered_score(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    score_all(seats, [80, 81, 82, 83, 84])
    assert actions.lecture_result(lecture).counted == 5
    actions.declare_conflict(seats[2], reason="曾为其授课", acting_user=cast.judges[2])
    res = actions.lecture_result(lecture)
    assert res.counted == 4 and res.score == Decimal("82.00") and res.dropped == ()


def test_only_own_seat_and_range_checked(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    with pytest.raises(PermissionDenied):
        actions.save_score(seats[0], 80, acting_user=cast.judges[1])
    with pytest.raises(ValidationError):
        actions.save_score(seats[0], 101, acting_user=cast.judges[0])
    with pytest.raises(ValidationError):
        actions.save_score(seats[0], Decimal("80.25"), acting_user=cast.judges[0])


def test_sealed_until_every_seated_judge_scored(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    score_all(seats, [80, 81, 82, 83, None])
    assert not actions.all_scored(lecture)
    actions.save_score(seats[4], 84, acting_user=cast.judges[4])
    assert actions.all_scored(lecture)


def test_clerk_entry_needs_a_second_person(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app, judges=cast.judges[:3])
    for s, v in zip(seats, [70, 71, 72]):
        actions.save_score(s, v, acting_user=cast.assoc)
    assert actions.lecture_result(lecture).status == "incomplete"
    assert actions.publication_blockers(r)
    score = seats[0].score
    with pytest.raises(PermissionDenied):
        actions.confirm_score(score, acting_user=cast.assoc)
    for s in seats:
        s.refresh_from_db()
        actions.confirm_score(s.score, acting_user=cast.assoc2)
    assert actions.lecture_result(lecture).score == Decimal("71.00")


def test_divergent_round_cannot_be_published_until_chair_resolves(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app, places=10)
    score_all(seats, [50, 80, 81, 79, 80])
    with pytest.raises(ValidationError) as exc:
        actions.publish_round(r, acting_user=cast.assoc)
    assert "分歧" in str(exc.value)
    with pytest.raises(PermissionDenied):
        actions.resolve_divergence(lecture, kind=ResolutionKind.NOTE, note="x", acting_user=cast.judges[1])
    actions.resolve_divergence(lecture, kind=ResolutionKind.NOTE, note="讲演中有事实错误，低分有据", acting_user=cast.chair)
    r = actions.publish_round(r, acting_user=cast.assoc)
    assert r.status == RoundStatus.PUBLISHED and r.rule_version
    lecture.refresh_from_db()
    assert lecture.score == Decimal("79.67") and lecture.rank == 1 and lecture.selected


def test_rescore_with_new_spread_needs_a_new_resolution(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    score_all(seats, [50, 80, 81, 79, 80])
    actions.resolve_divergence(lecture, kind=ResolutionKind.RESCORE, note="请第 1 席重新评分", acting_user=cast.chair)
    actions.save_score(seats[0], 55, acting_user=cast.judges[0])
    assert actions.unresolved_divergence(lecture)
    actions.save_score(seats[0], 75, acting_user=cast.judges[0])
    assert not actions.unresolved_divergence(lecture)


def test_ranking_shares_ranks_and_places(cast):
    apps = [recommended_lecturer(cast) for _ in range(3)]
    r, lecture, seats = round_with_lecture(cast, apps[0], judges=cast.judges[1:4], places=1)
    score_all(seats, [80, 80, 80])
    from django.utils import timezone
    for app in apps[1:]:
        lec = actions.add_lecture(r, candidate=app, starts_at=timezone.now(), acting_user=cast.assoc)
        ss = [actions.seat_judge(lec, j, acting_user=cast.assoc) for j in cast.judges[1:4]]
        score_all(ss, [80, 80, 80] if app is apps[1] else [70, 70, 70])
    actions.publish_round(r, acting_user=cast.assoc)
    rows = {lec.lecturer_id: (lec.rank, lec.selected) for lec in Lecture.objects.filter(round=r)}
    assert rows == {apps[0].pk: (1, True), apps[1].pk: (1, True), apps[2].pk: (3, False)}


def test_only_experts_can_be_seated(cast):
    app = recommended_lecturer(cast)
    r, lecture, seats = round_with_lecture(cast, app)
    with pytest.raises(ValidationError):
        actions.seat_judge(lecture, cast.city, acting_user=cast.assoc)


def test_unrecommended_application_cannot_lecture(cast):
    from .factories import lecturer_application
    from ectalent.lecturers.models import SelectionRound
    import datetime
    from django.utils import timezone
    app = lecturer_application(cast)
    r = SelectionRound.objects.create(name="x", held_on=datetime.date(2017, 11, 1))
    with pytest.raises(ValidationError):
        actions.add_lecture(r, candidate=app, starts_at=timezone.now(), acting_user=cast.assoc)

