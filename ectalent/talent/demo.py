"""Demo data of the talent market: county 人社 reviewers for 义乌 and 婺城, seekers with consent (the demo applicant
among them), published and pending vacancies, a contact agreed and a hire, a recruitment event, a 一人一策 case."""

import datetime
import random

from django.utils import timezone

from ectalent.accounts.choices import Role
from ectalent.accounts.models import User
from ectalent.regions.models import Region
from ectalent.registry.models import Organisation, Person
from ectalent.workflow import actions as wf
from ectalent.workflow.models import StepState

from . import actions
from .choices import HireCategory, PlacementStage
from .models import Seeker


def load_talent_demo(seed: int = 2020) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    hr = {"330782": User.objects.get(username="yw_hr"), "330702": User.objects.get(username="wc_hr")}
    jinhua = Region.objects.get(code="330700")
    seekers = []
    applicant = User.objects.get(username="applicant")
    people = [applicant.person] + list(Person.objects.filter(region__path__startswith=jinhua.path + "/")
                                       .exclude(pk=applicant.person_id).order_by("id")[:14])
    positions = ["specialist.operations", "assistant.customer_service", "assistant.visual_design",
                 "specialist.cross_border", "specialist.logistics"]
    for i, person in enumerate(people):
        if hasattr(person, "seeker"):
            continue
        chosen = [positions[i % len(positions)]] + ([positions[(i + 2) % len(positions)]] if i % 3 == 0 else [])
        regions = [jinhua] if i % 2 == 0 else list(Region.objects.filter(code__in=["330782", "330702"]))
        seeker = actions.save_seeker(person, acting_user=applicant if person == applicant.person else hr["330782"],
                                     data={"positions": chosen, "pay_min": 4000 + 500 * (i % 6), "pay_max": 9000 + 500 * (i % 4),
                                           "available_from": today + datetime.timedelta(days=7 * (i % 5))},
                                     regions=regions)
        if i % 5 != 4:  # a few never consent: they are never shown to an enterprise
            actions.grant_consent(seeker, acting_user=applicant if person == applicant.person else hr["330782"])
        seekers.append(seeker)

    def publish(staff_username, **data):
        staff = User.objects.get(username=staff_username)
        base = {"count": 2, "pay_min": 5000, "pay_max": 9000, "min_certificate": "", "min_years": 0, "training": "",
                "contact_name": staff.organisation.contact_name or "人事部", "contact_phone": staff.organisation.contact_phone or "057985550000",
                "closes_on": today + datetime.timedelta(days=45)}
        base.update(data)
        v = actions.save_vacancy(organisation=staff.organisation, acting_user=staff, data=base)
        return staff, v

    made = []
    staff, v1 = publish("ent_staff", title="跨境电商运营专员", position="specialist.operations", region=Region.objects.get(code="330782"),
                        min_certificate="specialist", min_years=1, duties="店铺日常运营、活动策划、数据分析",
                        requirements="熟悉速卖通或亚马逊后台")
    made.append(v1)
    _s, v2 = publish("ent_staff", title="网店客服", position="assistant.customer_service", region=Region.objects.get(code="330782"),
                     count=5, pay_min=3800, pay_max=5500)
    made.append(v2)
    hy, v3 = publish("hy_staff", title="电商美工", position="assistant.visual_design", region=Region.objects.get(code="330702"),
                     training="assistant", pay_min=4500, pay_max=7000)
    made.append(v3)
    _s, v4 = publish("ent_staff", title="物流主管（待审核）", position="specialist.logistics", region=Region.objects.get(code="330782"),
                     min_years=3)
    for v in (v1, v2, v3, v4):
        owner = User.objects.filter(organisation=v.organisation, role=Role.ENTERPRISE_STAFF).first()
        actions.submit_vacancy(v, acting_user=owner)
    for v in (v1, v2, v3):
        case = actions.case_of(v)
        row = StepState.objects.get(case=case, decision="pending")
        wf.decide(case, row, acting_user=hr[v.region_id], decision="approved", reason="岗位信息完整，同意发布")
    v1.refresh_from_db()
    # the demo applicant agreed to contact for the first vacancy and was hired as a graduate of the year
    applicant_seeker = Seeker.objects.get(person=applicant.person)
    contact = actions.request_contact(v1, applicant_seeker, acting_user=staff, message="请于下周来公司面试")
    contact = actions.answer_contact(contact, accept=True, acting_user=applicant)
    actions.record_placement(contact, acting_user=staff, stage=PlacementStage.INTERVIEW, on=today - datetime.timedelta(days=3))
    others = [s for s in seekers if s.person_id != applicant.person_id and s.active_consent()][:2]
    if others:
        actions.recommend(v1, others, acting_user=hr["330782"], note="符合岗位要求，请用人单位联系")
        actions.request_contact(v1, others[0], acting_user=staff)
    event = actions.save_event(acting_user=hr["330782"], data={
        "name": "义乌市电子商务人才专场招聘会", "region": Region.objects.get(code="330782"),
        "held_on": today - datetime.timedelta(days=20), "venue": "义乌市人力资源市场", "organiser": "义乌市人力资源和社会保障局",
        "visitors": 420})
    for org in Organisation.objects.filter(kind__startswith="enterprise")[:3]:
        actions.add_participant(event, organisation=org, positions_offered=rng.randrange(3, 12), hires_on_site=rng.randrange(0, 3),
                                acting_user=hr["330782"])
    talent = Person.objects.filter(region_id="330782").exclude(pk=applicant.person_id).order_by("-id").first()
    case = actions.open_talent_case(acting_user=hr["330782"], data={
        "person": talent, "region": Region.objects.get(code="330782"), "employer": staff.organisation,
        "introduced_on": today - datetime.timedelta(days=90), "way": "direct",
        "plan": "办理人才入户；申请安家补贴；按规定申报财政奖励"})
    actions.add_service(case, acting_user=hr["330782"], data={"kind": "household", "on": today - datetime.timedelta(days=60),
                                                               "note": "已办理落户手续"})
    actions.add_service(case, acting_user=hr["330782"], data={"kind": "settling", "on": today - datetime.timedelta(days=30),
                                                               "amount": 50000, "note": "发放安家补贴"})
    return {"seekers": len(seekers), "vacancies": 4, "events": 1, "cases": 1}


__all__ = ["load_talent_demo", "HireCategory"]
