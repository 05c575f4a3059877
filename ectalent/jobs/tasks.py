"""The one django-tasks task: run a recorded job (``actions.run``) in the worker process."""

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from .actions import run

    return run(job_id)
