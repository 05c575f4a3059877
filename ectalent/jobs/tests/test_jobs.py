"""Background jobs: started by a view, run by the worker (or inline in tests), progress, result, errors, scope."""

import pytest
from django.urls import reverse

from ectalent.jobs import actions
from ectalent.jobs.choices import JobStatus
from ectalent.jobs.models import Job
from ectalent.notices.models import Notice

pytestmark = pytest.mark.django_db

H = "ectalent.jobs.tests.handlers."


def test_job_runs_reports_progress_and_keeps_its_result(world, login):
    user = world.users["zj_centre"]
    job = actions.start_job(handler=H + "count_to_ten", label="测试任务", user=user, params={"n": 7})
    assert job.status == JobStatus.SUCCEEDED and job.done == 10 and job.total == 10 and job.percent == 100
    assert job.summary == "完成 7" and job.result_name == "result.csv"
    client = login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "完成 7" in page and "100%" in page and "hx-trigger" not in page  # finished: no more polling
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"a,b\n1,2\n"
    assert Notice.objects.filter(recipient=user, kind="jobs.finished").exists()


def test_failed_job_lists_every_error_and_wrote_nothing(world, login):
    user = world.users["zj_centre"]
    job = actions.start_job(handler=H + "fail_with_rows", label="名单导入", user=user)
    assert job.status == JobStatus.FAILED and job.error_count == 2
    assert job.errors[0] == {"row": 3, "column": "B", "field": "身份证号", "message": "校验位错误"}
    page = login(user).get(job.get_absolute_url()).content.decode()
    assert "校验位错误" in page and "未写入任何数据" in page
    csv = login(user).get(reverse("jobs:errors", args=[job.pk]))
    assert "不能为空" in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_a_crash_is_a_failed_job_with_a_plain_message(world):
    job = actions.start_job(handler=H + "crash", label="x", user=world.users["zj_centre"])
    assert job.status == JobStatus.FAILED and "boom" not in job.summary and job.summary


def test_unknown_handler_is_refused_in_the_request(world):
    with pytest.raises(ImportError):
        actions.start_job(handler="ectalent.nothing.here", label="x", user=world.users["zj_centre"])


def test_a_job_is_someone_elses_404(world, login):
    job = actions.start_job(handler=H + "count_to_ten", label="x", user=world.users["zj_centre"])
    client = login(world.users["jh_city"])
    for name in ("jobs:detail", "jobs:status", "jobs:result"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert login(world.users["admin"]).get(job.get_absolute_url()).status_code == 200


def test_queued_job_is_run_once_by_the_worker(world, settings):
    """Without the inline mode the job is queued as a django-tasks row; the worker's task runs it, once."""
    settings.ECTALENT_JOBS_EAGER = False
    from django_tasks_db.models import DBTaskResult

    from ectalent.jobs.tasks import run_job

    job = actions.start_job(handler=H + "count_to_ten", label="x", user=world.users["zj_centre"])
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_id).exists()
    assert run_job.call(str(job.pk)) == JobStatus.SUCCEEDED
    assert run_job.call(str(job.pk)) == JobStatus.SUCCEEDED  # a second delivery does not run it again
    assert Job.objects.get(pk=job.pk).done == 10


def test_running_job_page_polls_and_shows_progress(world, login):
    job = Job.objects.create(handler=H + "count_to_ten", label="导入中", user=world.users["zj_centre"],
                             status=JobStatus.RUNNING, done=30, total=120)
    page = login(world.users["zj_centre"]).get(reverse("jobs:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "25%" in page and "30 / 120" in page
