"""Shared fixtures: the demo users of every role, and a handful of people in known regions.

The shipped regions are in every test database (a data migration loads them). Everything else is created per test
inside the test's transaction, so tests stay independent and run the same on SQLite and PostgreSQL.
"""

from types import SimpleNamespace

import pytest


def pytest_configure(config):
    # WhiteNoise warns once per request when collectstatic has not been run; tests do not need the files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Demo and test users hash passwords quickly (PBKDF2's default cost is meant for production)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_counts():
    """Counts and rendered filter forms are cached per scope (core.counts); each test starts with none (a test's
    rows are rolled back, the cache is not)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English activates English for the thread, and a
    later test that calls Python directly would otherwise read English messages."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _jobs_inline(settings):
    """Background jobs run inline in tests (a test posts, then reads the finished job); SMS go nowhere."""
    settings.ECTALENT_JOBS_EAGER = True
    settings.ECTALENT_SMS_BACKEND = "ectalent.notices.backends.NullSMSBackend"


def _build_world():
    """Demo data (``load_demo`` with a few people) plus one marked person in each region the scoping rules
    distinguish:

    - ``yiwu``: 义乌市 (330782, county-level city under 金华), no registering organisation;
    - ``yiwu_inst``: 义乌市, registered by 义乌市创业电子商务职业培训学校 (the demo ``inst_staff``'s organisation);
    - ``wucheng``: 婺城区 (330702, also under 金华);
    - ``hangzhou``: 上城区 (330102, 杭州);
    - ``jiangsu``: 姑苏区 (320508, 苏州, 江苏);
    - ``chuxiong``: 楚雄市 (532301, 楚雄州, 云南);
    - ``applicant``: the demo applicant's own person (义乌).
    """
    from ectalent.accounts.models import User
    from ectalent.core.demo import ORGANISATIONS, USERS, load_demo
    from ectalent.registry.models import Organisation
    from ectalent.registry.tests.factories import make_person

    summary = load_demo(people=6)
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[row[0] for row in USERS]).select_related("region", "organisation", "person")
    }
    orgs = {o.name: o for o in Organisation.objects.filter(name__in=[row[0] for row in ORGANISATIONS])}
    inst = orgs["义乌市创业电子商务职业培训学校"]
    people = SimpleNamespace(
        yiwu=make_person("330782", name="测义乌甲"),
        yiwu_inst=make_person("330782", name="测义乌机构乙", owner_org=inst),
        wucheng=make_person("330702", name="测婺城丙"),
        hangzhou=make_person("330102", name="测杭州丁"),
        jiangsu=make_person("320508", name="测苏州戊"),
        chuxiong=make_person("532301", name="测楚雄己"),
        applicant=users["applicant"].person,
    )
    return SimpleNamespace(users=users, orgs=orgs, people=people, summary=summary)


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world, built once per test module inside a transaction that is rolled back after the module.

    Each test still runs in its own savepoint (the ``db`` fixture nests inside this transaction), so what a test
    writes is undone after it. Tests must not mutate the shared Python objects: re-fetch a row before changing it.
    """
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                world = _build_world()
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world(_module_world, db):
    """Demo users of every role, the demo organisations, and marked people in known regions (see ``_build_world``)."""
    return _module_world


@pytest.fixture
def login(client):
    """``login(user)`` → a test client with that user's session (``None``: stay anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def shipped_data(transactional_db):
    """The reference data that migrations load (regions, the 附件3 plan).

    A transactional test empties every table when it ends, so a browser test that runs after another one would find
    no regions; both loaders are idempotent, so reload them here.
    """
    from ectalent.accreditation.plan import read_plan_file, shipped_plan_path, write_plan
    from ectalent.regions.loader import load_files, shipped_files

    load_files(shipped_files())
    write_plan(read_plan_file(shipped_plan_path()))
