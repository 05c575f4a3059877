"""Notices: in-platform messages with unread counts, the outbox of e-mails and SMS, workflow events, reminders."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ectalent.accreditation import actions as acc
from ectalent.accreditation.tests.helpers import new_application
from ectalent.notices import actions
from ectalent.notices.backends import NullSMSBackend
from ectalent.notices.choices import Channel, OutboxStatus
from ectalent.notices.models import Notice, NoticeSetting, OutboxMessage
from ectalent.workflow import actions as wf
from ectalent.workflow.choices import Decision

pytestmark = pytest.mark.django_db


def test_notify_creates_messages_and_counts_unread(world, login):
    user = world.users["jh_city"]
    user.email = "city@example.gov.cn"
    user.save()
    before = actions.unread_count(user)
    actions.notify([user, user], kind="t", title="标题", body="正文", url="/")
    assert Notice.objects.filter(recipient=user, kind="t").count() == 1
    assert actions.unread_count(user) == before + 1
    client = login(user)
    assert "条未读" in client.get(reverse("home")).content.decode()
    notice = Notice.objects.get(recipient=user, kind="t")
    assert client.get(reverse("notices:open", args=[notice.pk])).status_code == 302
    assert actions.unread_count(user) == before


def test_someone_elses_message_is_404(world, login):
    (notice,) = actions.notify([world.users["jh_city"]], kind="t", title="x")
    assert login(world.users["yw_county"]).get(reverse("notices:open", args=[notice.pk])).status_code == 404


def test_outbox_delivers_email_and_sms_after_commit(world, django_capture_on_commit_callbacks):
    user = world.users["yw_county"]
    user.email = "county@example.gov.cn"
    user.save()
    NoticeSetting.objects.create(user=user, sms_enabled=True, mobile="13900001111")
    NullSMSBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify([user], kind="t", title="申请被退回", body="请补充材料", url="/x/")
    sent = OutboxMessage.objects.filter(notice__recipient=user)
    assert {m.channel for m in sent} == {Channel.EMAIL, Channel.SMS}
    assert all(m.status == OutboxStatus.SENT and m.attempts == 1 and m.sent_at for m in sent)
    assert len(mail.outbox) == 1 and "申请被退回" in mail.outbox[0].subject
    assert NullSMSBackend.sent == [("13900001111", "【电商人才平台】申请被退回")]
    assert sent.get(channel=Channel.SMS).to_masked.startswith("139") and "1111" in sent.get(channel=Channel.SMS).to_masked


def test_failed_delivery_is_recorded_and_can_be_retried(world, settings, django_capture_on_commit_callbacks):
    settings.ECTALENT_SMS_BACKEND = "ectalent.notices.tests.test_notices.BrokenSMS"
    user = world.users["yw_county"]
    NoticeSetting.objects.create(user=user, sms_enabled=True, email_enabled=False, mobile="13900001111")
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify([user], kind="t", title="x")
    message = OutboxMessage.objects.get(notice__recipient=user)
    assert message.status == OutboxStatus.FAILED and "gateway down" in message.last_error
    settings.ECTALENT_SMS_BACKEND = "ectalent.notices.backends.NullSMSBackend"
    actions.retry(message)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2


class BrokenSMS:
    def send(self, to, text):
        raise RuntimeError("gateway down")


def test_coalesce_keeps_one_unread_message_per_kind(world):
    user = world.users["zj_centre"]
    for _ in range(3):
        actions.notify([user], kind="workflow.pending:x:y", title="有新的待审核事项", coalesce=True)
    assert Notice.objects.filter(recipient=user, kind="workflow.pending:x:y").count() == 1


def test_review_events_reach_the_reviewers_and_the_applicant(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    acc.submit_application(application, acting_user=staff)
    county = world.users["yw_county"]
    assert Notice.objects.filter(recipient=county, kind__startswith="workflow.pending:accreditation").exists()
    assert Notice.objects.filter(recipient=staff, kind="workflow.in_review:accreditation").exists()
    assert not Notice.objects.filter(recipient=world.users["jh_city"], object_id=str(application.case.pk)).exists()
    case = application.case
    row = case.steps.get(round=case.round, step=case.current_step, decision=Decision.PENDING)
    wf.decide(case, row, acting_user=county, decision=Decision.RETURNED, reason="缺少场地证明")
    returned = Notice.objects.get(recipient=staff, kind="workflow.returned:accreditation")
    assert "缺少场地证明" in returned.body
    assert returned.url == reverse("accreditation:application-detail", args=[application.pk])


def test_deadline_reminder_is_sent_once(world, monkeypatch):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    acc.submit_application(application, acting_user=staff)
    row = application.case.steps.get(decision=Decision.PENDING)
    type(row).objects.filter(pk=row.pk).update(due_on=datetime.date.today() + datetime.timedelta(days=1))
    call_command("remind", stdout=open("/dev/null", "w"))
    call_command("remind", stdout=open("/dev/null", "w"))
    county = world.users["yw_county"]
    assert Notice.objects.filter(recipient=county, kind="deadline").count() == 1


def test_settings_page_requires_a_mobile_for_sms(world, login):
    client = login(world.users["jh_city"])
    response = client.post(reverse("notices:settings"), {"email_enabled": "on", "sms_enabled": "on", "mobile": ""})
    assert response.status_code == 200 and "请填写手机号" in response.content.decode()
    response = client.post(reverse("notices:settings"), {"sms_enabled": "on", "mobile": "13812345678"})
    assert response.status_code == 302
    assert NoticeSetting.objects.get(user=world.users["jh_city"]).mobile == "13812345678"
