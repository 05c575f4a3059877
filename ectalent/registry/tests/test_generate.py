"""``ectalent generate``: people and records made column-wise, valid and consistent, loaded in one go."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection

from ectalent.core.validators import validate_id_number
from ectalent.registry.models import CertificateRecord, Education, Employment, Person, TrainingRecord


@pytest.mark.django_db
def test_generated_people_have_valid_unique_ids_and_consistent_records():
    call_command("generate", "--people", "400", "--batch", "150", "--seed", "5", stdout=open("/dev/null", "w"))
    people = list(Person.objects.all())
    assert len(people) == 400
    assert len({p.id_number for p in people}) == 400
    today = datetime.date.today()
    for p in people:
        assert validate_id_number(p.id_number) == p.id_number
        assert p.id_number[6:14] == f"{p.birth_date:%Y%m%d}" and p.id_number[:6] == p.region_id
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "M")
        assert 18 <= (today - p.birth_date).days // 365 <= 59
        assert len(p.phone) == 11 and p.phone.isdigit() and 2 <= len(p.name) <= 3
    assert Education.objects.count() == 400
    for e in Education.objects.all():
        assert (e.status == "graduated") == (e.graduated_on is not None)
        assert e.graduated_on is None or e.graduated_on <= today
    periods = list(Employment.objects.order_by("person_id", "start"))
    assert periods
    for a, b in zip(periods, periods[1:]):
        if a.person_id == b.person_id:
            assert a.end is not None and a.end < b.start  # one after another; an ongoing one is the last
    assert all(p.start < today for p in periods)
    assert CertificateRecord.objects.filter(issued_on__gte=today).count() == 0
    assert TrainingRecord.objects.filter(completed_on__gte=today).count() == 0


@pytest.mark.django_db
def test_bulk_load_rebuilds_every_index_and_constraint():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL: indexes and constraints dropped and rebuilt around the load")
    def schema():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'registry_%' ORDER BY 1")
            indexes = cursor.fetchall()
            cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid::regclass::text LIKE 'registry_%' ORDER BY 1")
            return indexes, cursor.fetchall()

    before = schema()
    call_command("generate", "--people", "300", stdout=open("/dev/null", "w"))
    assert schema() == before
    assert Person.objects.count() == 300
