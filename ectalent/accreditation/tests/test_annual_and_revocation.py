"""第八条 annual reports and their evaluation; 第十条 revocation and the two-year ban."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ectalent.accreditation import actions
from ectalent.accreditation.choices import ProposalStatus, UnitStatus
from ectalent.accreditation.models import AnnualReport, RegisteredUnit, RevocationProposal

from ectalent.workflow.choices import CaseStatus
from ectalent.workflow.models import Case

from .helpers import new_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(world):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff)
    Case.objects.filter(pk=application.case.pk).update(status=CaseStatus.CONFIRMED)  # as if reviewed and confirmed
    return actions.register_unit(application, acting_user=world.users["zj_province"])


def report(unit, user, **figures):
    values = dict(year=datetime.date.today().year - 1, operations="正常经营", trainees=300, practice_trainees=120,
                  sessions=12, satisfaction_rate=Decimal("92"), exam_pass_rate=Decimal("75"))
    values.update(figures)
    return actions.submit_annual_report(AnnualReport(unit=unit, **values), acting_user=user)


def test_good_report_is_evaluated_without_findings(world, unit):
    r = report(unit, world.users["inst_staff"])
    assert r.evaluation["findings"] == [] and not RevocationProposal.objects.filter(unit=unit).exists()


def test_pass_rate_of_55_percent_proposes_revocation(world, unit):
    r = report(unit, world.users["inst_staff"], exam_pass_rate=Decimal("55"))
    assert r.evaluation["propose_revocation"]
    proposal = RevocationProposal.objects.get(unit=unit)
    assert proposal.ground == "low_rates" and "55" in proposal.details and proposal.proposed_by is None


def test_satisfaction_below_60_proposes_revocation_and_60_does_not(world, unit):
    assert report(unit, world.users["inst_staff"], satisfaction_rate=Decimal("60")).evaluation["findings"] == []
    r = report(unit, world.users["inst_staff"], year=datetime.date.today().year - 2, satisfaction_rate=Decimal("59.99"))
    assert r.evaluation["propose_revocation"]


def test_confirmed_revocation_bans_a_new_application_for_two_years(world, unit):
    report(unit, world.users["inst_staff"], exam_pass_rate=Decimal("55"))
    proposal = RevocationProposal.objects.get(unit=unit)
    actions.decide_revocation(proposal, confirm=True, note="通过率低于60%，取消备案", acting_user=world.users["zj_province"])
    unit.refresh_from_db()
    assert unit.status == UnitStatus.REVOKED
    today = datetime.date.today()
    assert unit.banned_until == today.replace(year=today.year + 2) if not (today.month == 2 and today.day == 29) else True
    staff = world.users["inst_staff"]
    with pytest.raises(ValidationError) as err:
        new_application(staff.organisation, staff)
    assert str(unit.banned_until) in err.value.messages[0]
    assert not RegisteredUnit.objects.public().filter(pk=unit.pk).exists()


def test_ban_ends_after_two_years(world, unit, monkeypatch):
    report(unit, world.users["inst_staff"], exam_pass_rate=Decimal("50"))
    actions.decide_revocation(RevocationProposal.objects.get(unit=unit), confirm=True, note="取消",
                              acting_user=world.users["zj_province"])
    unit.refresh_from_db()
    monkeypatch.setattr(actions, "today", lambda: unit.banned_until)
    actions.check_may_apply(unit.organisation, unit.unit_type)  # the ban has ended on that day


def test_dismissed_proposal_keeps_the_unit(world, unit):
    report(unit, world.users["inst_staff"], exam_pass_rate=Decimal("58"))
    proposal = RevocationProposal.objects.get(unit=unit)
    actions.decide_revocation(proposal, confirm=False, note="考生基数小，整改后复查", acting_user=world.users["zj_province"])
    unit.refresh_from_db()
    assert unit.status == UnitStatus.ACTIVE and proposal.__class__.objects.get(pk=proposal.pk).status == ProposalStatus.DISMISSED


def test_rename_is_filed_and_kept_in_history(world, unit):
    actions.file_change(unit, kind="rename", after={"name": "义乌市创业电商学院"}, description="经民政部门核准更名",
                        effective_on=datetime.date.today(), acting_user=world.users["inst_staff"])
    unit.refresh_from_db()
    assert unit.name == "义乌市创业电商学院"
    change = unit.changes.get()
    assert change.before["name"] == "义乌市创业电子商务职业培训学校"
