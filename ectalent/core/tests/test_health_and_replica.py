"""Health and readiness endpoints, the replica router, and the worker with its heartbeat."""

import pytest
from django.core.cache import caches
from django.core.management import call_command

from ectalent.core import db as dbmod
from ectalent.core.health import HEARTBEAT_KEY


def test_healthz_answers_without_a_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_readyz_reports_each_dependency(client):
    caches["jobs"].delete(HEARTBEAT_KEY)
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["ready"] is True
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]
    assert body["checks"]["replica"] == {**body["checks"]["replica"], "ok": True, "configured": False}
    assert body["checks"]["worker"]["ok"] is False  # no heartbeat yet: reported, the node stays ready


def test_router_reads_from_the_replica_only_where_asked(monkeypatch):
    router = dbmod.ReplicaRouter()
    with dbmod.use_replica():
        assert router.db_for_read(None) is None  # no replica configured: nothing changes
    monkeypatch.setattr(dbmod, "replica_configured", lambda: True)
    monkeypatch.setattr(dbmod, "_health", {"checked": float("inf"), "ok": True})  # a replica that keeps up
    assert router.db_for_read(None) is None  # a normal page reads the primary
    with dbmod.use_replica():
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    dbmod._health["ok"] = False  # lagging: reports fall back to the primary
    with dbmod.use_replica():
        assert router.db_for_read(None) == "default"
    assert router.allow_migrate("replica", "registry") is False and router.allow_migrate("default", "registry")


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_jobs_and_beats(settings, shipped_data):
    from ectalent.jobs import actions
    from ectalent.jobs.choices import JobStatus
    from ectalent.jobs.models import Job
    from ectalent.registry.tests.factories import make_user

    settings.ECTALENT_JOBS_EAGER = False
    user = make_user("cert_centre", "330000")
    job = actions.start_job(handler="ectalent.jobs.tests.handlers.count_to_ten", label="x", user=user)
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    caches["jobs"].delete(HEARTBEAT_KEY)
    call_command("worker", "--batch", "--no-startup-delay", "--remind-every", "0", "-v", "0")
    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED
    assert caches["jobs"].get(HEARTBEAT_KEY)["worker"]
