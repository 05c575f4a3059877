"""Deadlines per step (a step's own number of days) and per batch (e.g. the seed's 2014-06-30)."""

import datetime

import pytest

from ectalent.accounts.choices import Role
from ectalent.workflow import actions as wf
from ectalent.workflow import definitions
from ectalent.workflow.choices import Decision
from ectalent.workflow.definitions import StepSpec, WorkflowSpec

pytestmark = pytest.mark.django_db

SPEC = definitions.register(WorkflowSpec(
    code="test-deadlines", label="测试流程",
    steps=(StepSpec(code="county", label="县级", level="county", roles=(Role.COUNTY_REVIEWER,), deadline_days=10),
           StepSpec(code="province", label="省级", level="province", roles=(Role.PROVINCE_ADMIN,), deadline_days=5)),
))


def test_each_step_gets_its_own_due_date_and_the_batch_caps_local_steps(world):
    person = world.people.yiwu
    staff = world.users["yw_county"]
    batch = wf.create_batch(workflow=SPEC.code, name="测试批次", region=world.users["zj_province"].region,
                            deadline=wf.today() + datetime.timedelta(days=3), acting_user=world.users["zj_province"])
    case = wf.open_case(workflow=SPEC.code, subject=person, region=person.region, acting_user=staff, batch=batch)
    case = wf.submit(case, acting_user=staff)
    county_row = case.steps.get(step="county")
    assert county_row.due_on == batch.deadline  # 10 days would pass the batch deadline: the batch wins
    case = wf.decide(case, county_row, acting_user=staff, decision=Decision.APPROVED)
    province_row = case.steps.get(step="province")
    assert province_row.due_on == wf.today() + datetime.timedelta(days=5)  # the province's own five days


def test_without_a_batch_the_step_deadline_alone_applies(world):
    person = world.people.yiwu
    staff = world.users["yw_county"]
    case = wf.submit(wf.open_case(workflow=SPEC.code, subject=person, region=person.region, acting_user=staff),
                     acting_user=staff)
    assert case.steps.get(step="county").due_on == wf.today() + datetime.timedelta(days=10)
