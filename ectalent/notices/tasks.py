from django_tasks import task


@task()
def deliver_outbox(ids: list[int]) -> dict:
    from .actions import deliver

    return deliver(ids)
