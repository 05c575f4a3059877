"""Demo data for the demonstration programmes and the regional evaluation (seed 001 （十一）—（十三）（二十九））.

- applications of every kind at every stage (draft, county, city, province, 公示, designated, returned, rejected),
  in 徐州 (睢宁县 and its 沙集镇/东风村), reviewed by ``sj_county``, ``xz_city`` and ``js_province``;
- the register holds earlier designations across the 13 cities (as a register carried over from before the
  platform), so that the counts and charts have something to show;
- evaluation inputs for the 13 cities for two years (one city missing a figure in the first), and two rounds: the
  earlier published, the later a draft for the office to check and publish.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ectalent.accounts.models import User
from ectalent.regions.models import Region
from ectalent.registry.models import Organisation
from ectalent.workflow import actions as wf
from ectalent.workflow.models import Case

from . import actions, rounds
from .choices import ApplicantType, UnitStatus
from .models import ApplicationMaterial, DemonstrationApplication, DesignatedUnit, EvaluationInput
from .pack import demonstration_pack
from .workflows import WORKFLOW

SAMPLE_PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CITIES = ["320100", "320200", "320300", "320400", "320500", "320600", "320700", "320800", "320900", "321000",
          "321100", "321200", "321300"]
STAGES = ["draft", "county", "city", "province", "notice", "designated", "returned", "rejected"]


def _user(name):
    return User.objects.get(username=name)


def _apply(kind, applicant_type, region, org, name, creator):
    application = DemonstrationApplication.objects.create(
        kind=kind, applicant_type=applicant_type, region=region, organisation=org, unit_name=name,
        contact_name="联系人", contact_phone="13900000000", created_by=creator,
        summary="发展现状、主要做法和成效：网络销售额逐年增长，带动就业，建有电子商务公共服务站。",
    )
    route = actions.route_for(applicant_type, demonstration_pack().kind(kind))
    wf.open_case(workflow=WORKFLOW, subject=application, region=region, organisation=org, acting_user=creator,
                 route=route)
    ApplicationMaterial.objects.create(
        application=application, title="创建方案", file=SimpleUploadedFile("plan.pdf", SAMPLE_PDF),
        original_name="创建方案.pdf", content_type="application/pdf", size=len(SAMPLE_PDF), uploaded_by=creator)
    return application


def _approve(case, user):
    case = Case.objects.get(pk=case.pk)
    row = next(r for r in case.steps.filter(round=case.round) if wf.user_can_decide(user, case, r))
    return wf.decide(case, row, acting_user=user, decision="approved", reason="同意推荐")


def _advance(application, stage, creator, reviewers):
    if stage == "draft":
        return
    application.checks = actions.data_checks(application)
    application.save(update_fields=["checks"])
    case = wf.submit(application.case, acting_user=creator)
    route = [s.level for s in wf._steps(case)]
    targets = {"county": 0, "city": route.index("city"), "province": route.index("province")}
    if stage in targets:
        for level in route[: targets[stage]]:
            case = _approve(case, reviewers[level])
        return
    if stage in ("returned", "rejected"):
        case = Case.objects.get(pk=case.pk)
        row = next(r for r in case.steps.filter(round=case.round) if wf.user_can_decide(reviewers[route[0]], case, r))
        wf.decide(case, row, acting_user=reviewers[route[0]], decision=stage,
                  reason="材料不全：请补充近两年网络销售额的证明材料。" if stage == "returned" else "不符合申报条件。")
        return
    for level in route:
        case = _approve(case, reviewers[level])
    if stage == "designated":
        Case.objects.filter(pk=case.pk).update(notice_starts_on=timezone.localdate() - datetime.timedelta(days=10),
                                               notice_ends_on=timezone.localdate() - datetime.timedelta(days=3))
        wf.confirm(Case.objects.get(pk=case.pk), acting_user=reviewers["province"])


def _applicant(kind, applicant_type, n, users, orgs, regions):
    """(region, organisation, name, creator) of the n-th demo applicant of a type."""
    if applicant_type == ApplicantType.VILLAGE:
        village = users["village"].region
        return village, orgs["village"], village.name, users["village"]
    if applicant_type == ApplicantType.TOWN:
        return Region.objects.get(code="320324105"), orgs["town"], "沙集镇", users["town"]
    if applicant_type == ApplicantType.COUNTY:
        codes = ["320324", "320321", "320322", "320381", "320382"]
        county = Region.objects.get(code=codes[n % len(codes)])
        return county, orgs["county"], county.name, users["county"]
    if applicant_type == ApplicantType.PARK:
        return orgs["park"].region, orgs["park"], orgs["park"].name, users["park"]
    return orgs["enterprise"].region, orgs["enterprise"], orgs["enterprise"].name, users["enterprise"]


def _historic_register(rng: random.Random) -> int:
    """Earlier designations across the province, as carried over from before the platform."""
    made = 0
    counties = {c: list(Region.objects.filter(parent_id=c, level="county").order_by("code")) for c in CITIES}
    plan = {"provincial_base": 3, "maker_centre": 3, "provincial_enterprise": 6, "rural_county": 1,
            "national_enterprise": 1}
    for n, city in enumerate(CITIES):
        for kind, most in plan.items():
            for k in range(rng.randrange(0, most + 1)):
                county = rng.choice(counties[city]) if counties[city] else Region.objects.get(code=city)
                name = {"provincial_base": "{}电子商务产业园", "maker_centre": "{}电商创客中心",
                        "provincial_enterprise": "{}网络科技有限公司", "rural_county": "{}",
                        "national_enterprise": "{}商贸集团有限公司"}[kind].format(county.name + ("" if k == 0 else str(k + 1)))
                if kind == "rural_county":
                    name = county.name
                    if DesignatedUnit.objects.filter(kind=kind, region=county).exists():
                        continue
                DesignatedUnit.objects.create(
                    kind=kind, region=county, unit_name=name, status=UnitStatus.DESIGNATED,
                    designated_on=datetime.date(2016 + (n + k) % 8, 1 + (n * 3 + k) % 12, 10))
                made += 1
    return made


def _inputs(rng: random.Random) -> int:
    made = 0
    for year, factor in ((2023, Decimal("1.00")), (2024, Decimal("1.12"))):
        for n, code in enumerate(CITIES):
            base = Decimal(13 - n) if code not in ("320500", "320100") else Decimal(16)
            figures = {
                "enterprise_ecommerce_rate": (Decimal(55) + base * 2 + Decimal(rng.randrange(0, 50)) / 10).quantize(Decimal("0.1")),
                "ecommerce_volume": (base * Decimal(600) * factor + rng.randrange(0, 900)).quantize(Decimal("1")),
                "ecommerce_service_revenue": (base * Decimal(45) * factor + rng.randrange(0, 80)).quantize(Decimal("0.1")),
            }
            for statistic, value in figures.items():
                if year == 2023 and code == "321300" and statistic == "ecommerce_service_revenue":
                    continue  # 宿迁 did not report its service-industry revenue that year: incomplete, not ranked
                EvaluationInput.objects.create(region_id=code, year=year, statistic=statistic, value=value,
                                               source=f"{year} 年度电子商务统计（演示数据）")
                made += 1
    return made


def load_demonstration_demo() -> dict:
    from ectalent.regions.loader import load_subcounty

    if DemonstrationApplication.objects.exists():
        return {}
    load_subcounty()
    rng = random.Random(2015)
    users = {"village": _user("df_village"), "town": _user("sj_town"), "county": _user("sj_county"),
             "park": _user("sj_park"), "enterprise": _user("sj_enterprise")}
    reviewers = {"county": _user("sj_county"), "city": _user("xz_city"), "province": _user("js_province")}
    orgs = {key: users[key].organisation for key in users}
    villages = list(Region.objects.filter(parent_id="320324105", level="village").order_by("code"))
    made = 0
    # Provincial kinds first: the national ones need a provincial designation of the same applicant.
    ordered = sorted(demonstration_pack().kinds.values(), key=lambda k: (k.national, k.order))
    for kind in ordered:
        applicant_type = kind.applicants[0]
        stages = STAGES if applicant_type == ApplicantType.VILLAGE else ["designated", *STAGES[:5], *STAGES[6:]]
        if kind.national:
            stages = ["designated", "draft", "province", "notice", "returned"]
        for n, stage in enumerate(stages):
            region, org, name, creator = _applicant(kind.code, applicant_type, n, users, orgs, villages)
            if applicant_type == ApplicantType.VILLAGE and stage == "designated":
                region = villages[-1]  # 孟集村: 东风村 (the demo village's own) is left to apply in the walk-through
                name = region.name
            application = _apply(kind.code, applicant_type, region, org, name, creator)
            _advance(application, stage, creator, reviewers)
            made += 1
    historic = _historic_register(rng)
    inputs = _inputs(rng)
    office = _user("js_office")
    province = Region.objects.get(code="320000")
    first = rounds.create_round(area=province, year=2023, name="2023 年度全省电子商务发展评价", acting_user=office)
    rounds.publish(first, acting_user=office)
    rounds.create_round(area=province, year=2024, name="2024 年度全省电子商务发展评价", acting_user=office,
                        note="待领导小组办公室核对后发布")
    return {"applications": made, "register": DesignatedUnit.objects.count(), "historic": historic,
            "inputs": inputs, "rounds": 2}


__all__ = ["load_demonstration_demo", "Organisation"]
