"""Exam sessions (考试批次) and the courses (课程设置) as policy data."""

import datetime
import shutil

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ectalent.audit.models import AuditEvent
from ectalent.certification import actions, policy
from ectalent.certification.models import ExamSession
from ectalent.rules.packs import PackError

from .test_applications import TODAY, open_session

pytestmark = pytest.mark.django_db


def dates(exam=30):
    return dict(applications_open=TODAY - datetime.timedelta(days=5), applications_close=TODAY + datetime.timedelta(days=10),
                exam_starts=TODAY + datetime.timedelta(days=exam), exam_ends=TODAY + datetime.timedelta(days=exam + 1))


# --- courses ------------------------------------------------------------------------------------------


def test_courses_cover_every_level_and_direction_with_citations():
    courses = policy.load_courses()
    assert set(courses) == {"assistant", "specialist", "senior", "manager"}
    customer = courses["assistant"].for_direction("customer_service")
    assert customer.courses == ("客服心态", "在线洽谈及沟通技巧", "订单及交易纠纷处理", "电商平台操作")
    assert customer.cite == "附件1 一(二) 课程设置(1)"
    assert [c.direction for c in courses["specialist"].lists] == ["operations", "platform", "logistics", "cross_border"]
    assert "跨境平台操作技巧" in courses["specialist"].for_direction("cross_border").courses
    assert courses["manager"].for_direction("").courses[0] == "电商经理人的角色定位"
    assert [c.direction for c in policy.courses_for("assistant", ["warehousing"])] == ["warehousing"]


def _broken(tmp_path, old, new):
    folder = tmp_path / "pack"
    shutil.copytree(policy.pack().path, folder)
    path = folder / "courses.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_unknown_direction_in_courses_is_refused_with_file_and_line(tmp_path):
    folder = _broken(tmp_path, "      warehousing:\n", "      warehouse:\n")
    with pytest.raises(PackError) as exc:
        policy.load_courses_from(folder)
    assert exc.value.line and exc.value.path.endswith("courses.yaml") and "warehouse" in str(exc.value)


def test_course_list_without_citation_is_refused(tmp_path):
    folder = _broken(tmp_path, "        cite: 附件1 一(三) 课程设置(2)\n", "")
    with pytest.raises(PackError, match="缺少字段 'cite'"):
        policy.load_courses_from(folder)


# --- sessions -----------------------------------------------------------------------------------------


def test_centre_creates_and_publishes_a_session_audited(world):
    centre = world.users["zj_centre"]
    session = actions.save_session(ExamSession(level="assistant", directions=["visual_design", "customer_service"],
                                               places=30, **dates()), acting_user=centre)
    assert session.status == "draft" and session.code.startswith(f"ZJ{session.exam_starts.year}A")
    assert session.directions == ["customer_service", "visual_design"]
    assert "助理电子商务师" in session.name
    published = actions.publish_session(session, acting_user=centre)
    assert published.status == "published" and published.published_at is not None
    events = AuditEvent.objects.filter(object_type="certification.examsession", object_id=str(session.pk))
    assert {e.action for e in events} >= {"create", "transition"}


def test_publish_is_compare_and_set(world):
    centre = world.users["zj_centre"]
    session = open_session(world, publish=False)
    stale = ExamSession.objects.get(pk=session.pk)
    actions.publish_session(session, acting_user=centre)
    with pytest.raises(ValidationError, match="已被他人处理"):
        actions.transition_session(stale, "published", acting_user=centre)


def test_transition_table_refuses_skipping(world):
    session = open_session(world, publish=False)
    with pytest.raises(ValidationError, match="不能从"):
        actions.transition_session(session, "results_published", acting_user=world.users["zj_centre"])


def test_assistant_session_needs_two_directions_and_senior_none(world):
    centre = world.users["zj_centre"]
    with pytest.raises(ValidationError, match="须至少开考 2 个方向"):
        actions.save_session(ExamSession(level="assistant", directions=["customer_service"], places=10, **dates()),
                             acting_user=centre)
    with pytest.raises(ValidationError, match="没有这些方向"):
        actions.save_session(ExamSession(level="assistant", directions=["customer_service", "operations"], places=10,
                                         **dates()), acting_user=centre)
    with pytest.raises(ValidationError, match="不分方向"):
        actions.save_session(ExamSession(level="manager", directions=["operations"], places=10, **dates()),
                             acting_user=centre)
    manager = actions.save_session(ExamSession(level="manager", directions=[], places=10, **dates()), acting_user=centre)
    assert manager.pk


def test_senior_session_is_refused_until_an_administrator_opens_the_level(world):
    from ectalent.rules.actions import set_level_opening

    centre = world.users["zj_centre"]
    with pytest.raises(ValidationError) as exc:
        actions.save_session(ExamSession(level="senior", directions=[], places=10, **dates()), acting_user=centre)
    text = "；".join(exc.value.messages)
    assert "高级电子商务师尚未开放申报" in text and "2014 年暂不列入" in text
    set_level_opening("senior", TODAY + datetime.timedelta(days=60), acting_user=world.users["admin"], note="测试")
    with pytest.raises(ValidationError, match="起开放申报"):
        actions.save_session(ExamSession(level="senior", directions=[], places=10, **dates(exam=30)), acting_user=centre)
    session = actions.save_session(ExamSession(level="senior", directions=[], places=10, **dates(exam=70)), acting_user=centre)
    assert session.level == "senior"


def test_dates_must_be_in_order(world):
    with pytest.raises(ValidationError, match="考试开始日期须晚于报名截止日期"):
        actions.save_session(ExamSession(level="assistant", directions=["customer_service", "visual_design"], places=10,
                                         applications_open=TODAY, applications_close=TODAY + datetime.timedelta(days=10),
                                         exam_starts=TODAY + datetime.timedelta(days=5), exam_ends=TODAY + datetime.timedelta(days=6)),
                             acting_user=world.users["zj_centre"])


def test_places_cannot_drop_below_applications(world):
    from .test_applications import apply, eligible
    from ectalent.registry.tests.factories import make_person

    session = open_session(world, places=5)
    apply(world, session, eligible(make_person("330782")))
    session.refresh_from_db()
    session.places = 0
    with pytest.raises(ValidationError):
        actions.save_session(session, acting_user=world.users["zj_centre"])
    session.refresh_from_db()
    session.directions = ["warehousing", "visual_design"]
    with pytest.raises(ValidationError, match="已有考生报考的方向不能取消"):
        actions.save_session(session, acting_user=world.users["zj_centre"])


def test_centre_creates_a_session_through_the_form(world, login):
    client = login(world.users["zj_centre"])
    d = dates()
    response = client.post(reverse("certification:session-create"), {
        "level": "specialist", "directions": ["operations", "cross_border"], "places": 80, "venue": "杭州考点",
        **{k: v.isoformat() for k, v in d.items()}})
    session = ExamSession.objects.get(venue="杭州考点")
    assert response.status_code == 302 and session.status == "draft"
    response = client.post(reverse("certification:session-publish", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == "published"
    refused = client.post(reverse("certification:session-create"), {
        "level": "senior", "places": 10, **{k: v.isoformat() for k, v in d.items()}})
    assert refused.status_code == 200 and "尚未开放申报" in refused.content.decode()


def test_only_the_centre_manages_sessions(world, login):
    assert login(world.users["jh_city"]).get(reverse("certification:session-create")).status_code == 403
    assert login(world.users["applicant"]).get(reverse("certification:session-create")).status_code == 403


def test_public_list_shows_published_sessions_with_courses_and_places_left(world, login):
    published = open_session(world, places=40)
    draft = open_session(world, publish=False)
    ExamSession.objects.filter(pk=draft.pk).update(name="未发布的测试批次")
    from .test_applications import apply, eligible
    from ectalent.registry.tests.factories import make_person

    apply(world, published, eligible(make_person("330782")))
    client = login(None)
    body = client.get(reverse("certification:session-list")).content.decode()
    assert published.name in body and "未发布的测试批次" not in body
    assert "剩余 39 个" in body and "客服心态" in body and "网络客服" in body
    assert client.get(reverse("certification:session-detail", args=[draft.pk])).status_code == 404
    detail = client.get(reverse("certification:session-detail", args=[published.pk])).content.decode()
    assert "图片处理及美化" in detail and "附件1 一(二) 课程设置" in detail
    assert login(world.users["zj_centre"]).get(reverse("certification:session-detail", args=[draft.pk])).status_code == 200


def test_session_list_query_count_is_fixed(world, login, django_assert_max_num_queries):
    for _ in range(3):
        open_session(world)
    client = login(None)
    with django_assert_max_num_queries(12):
        client.get(reverse("certification:session-list"))
