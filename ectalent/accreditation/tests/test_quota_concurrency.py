"""Parallel recommendations against a nearly full quota (PostgreSQL row locks): the limit holds.

Kept apart from the other quota tests: a transactional test must not share a module with the ``world`` fixture,
which holds a module-wide transaction open.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from ectalent.accreditation import actions, quotas
from ectalent.accreditation.choices import UnitType
from ectalent.accreditation.models import PlanUnit

from .helpers import new_application, org_in, plan
from .test_quotas import fill


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
def test_parallel_recommendations_never_exceed_the_limit():
    """Eight reviewers recommend at once against a line with two free places: exactly two succeed."""
    from ectalent.core.demo import load_demo
    from ectalent.accounts.models import User

    load_demo(people=2)
    city = User.objects.get(username="jh_city")
    fill("330782", UnitType.INSTITUTION, 3, city)
    applications = [new_application(org_in("330782"), city, with_materials=False) for _ in range(8)]
    results, barrier = [], threading.Barrier(len(applications))

    def worker(application):
        close_old_connections()
        barrier.wait()
        try:
            from django.db import transaction

            with transaction.atomic():
                actions.recommend(application, acting_user=city)
            results.append("ok")
        except ValidationError:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(a,)) for a in applications]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    line = PlanUnit.objects.get(plan=plan(), region_id="330782")
    assert results.count("ok") == 2 and results.count("full") == 6
    assert quotas.quota(line, UnitType.INSTITUTION).used == 5
