"""Small factories for registry tests: valid people, organisations and users in known regions.

Values come from ``ectalent.registry.fake`` so every ID number and credit code passes the platform's validators.
Each call draws from one module-level counter, so values never collide within a test run.
"""

import datetime
import itertools
import random

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.regions.models import Region
from ectalent.registry import fake
from ectalent.registry.models import Organisation, Person

_counter = itertools.count(1)
_rng = random.Random(20240611)
_issued_ids: set[str] = set()
_issued_codes: set[str] = set()

TEST_PASSWORD = "Test@2026pw"


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def valid_id_number(county_code: str = "330782", birth: datetime.date | None = None, gender: str = "M") -> str:
    """A fresh, valid 居民身份证号 (never issued before in this run, never in the database)."""
    birth = birth or datetime.date(1990, 5, 17)
    while True:
        number = fake.id_number(_rng, county_code, birth, gender)
        if number not in _issued_ids and not Person.objects.filter(id_number=number).exists():
            _issued_ids.add(number)
            return number
        birth = birth + datetime.timedelta(days=1)


def valid_credit_code(region_code: str = "330782", prefix: str = "91") -> str:
    while True:
        code = fake.credit_code(_rng, region_code, prefix)
        if code not in _issued_codes and not Organisation.objects.filter(credit_code=code).exists():
            _issued_codes.add(code)
            return code


def make_org(region_code: str = "330782", *, kind: str = "training_institution", name: str | None = None, **extra) -> Organisation:
    n = next(_counter)
    return Organisation.objects.create(
        name=name or f"测试单位{n}",
        kind=kind,
        credit_code=extra.pop("credit_code", None) or valid_credit_code(region_code),
        region=region(region_code),
        **extra,
    )


def make_person(region_code: str = "330782", *, owner_org: Organisation | None = None, name: str | None = None,
                birth: datetime.date | None = None, gender: str = "M", **extra) -> Person:
    n = next(_counter)
    birth = birth or datetime.date(1970, 1, 1) + datetime.timedelta(days=(n * 37) % 12000)
    number = extra.pop("id_number", None) or valid_id_number(region_code, birth, gender)
    return Person.objects.create(
        name=name or f"测试{n:04d}",
        gender=gender,
        birth_date=birth,
        id_number=number,
        phone=extra.pop("phone", None) or fake.mobile(_rng),
        region=region(region_code),
        owner_org=owner_org,
        **extra,
    )


def make_user(role: str, region_code: str | None = None, *, organisation: Organisation | None = None,
              person: Person | None = None, username: str | None = None) -> User:
    n = next(_counter)
    user = User(
        username=username or f"u{n}_{role}",
        role=role,
        region=region(region_code) if region_code else None,
        organisation=organisation,
        person=person,
        is_staff=role == Role.PLATFORM_ADMIN,
        is_superuser=role == Role.PLATFORM_ADMIN,
    )
    user.set_password(TEST_PASSWORD)
    user.save()
    return user
