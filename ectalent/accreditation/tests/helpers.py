"""Builders for accreditation tests: an application of a given organisation, ready to submit."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from ectalent.accreditation import actions
from ectalent.accreditation.choices import UnitType
from ectalent.accreditation.models import TrainingPlan, UnitApplication
from ectalent.registry.tests.factories import make_org

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plan() -> TrainingPlan:
    return TrainingPlan.objects.get(code="zhejiang-2014")


def new_application(org, user, *, unit_type=UnitType.INSTITUTION, via_association=False, with_materials=True) -> UnitApplication:
    fields = dict(
        plan=plan(), organisation=org, unit_type=unit_type, region=org.region, via_association=via_association,
        unit_name=org.name, nature="民办非企业单位", address="义乌市稠州北路1号", legal_representative="张建国",
        contact_name="李敏", contact_phone="13800138000", practice_areas=["operations", "cross_border"], created_by=user,
    )
    if unit_type == UnitType.INSTITUTION:
        fields.update(staff_total=20, teachers_full_time=8, teachers_part_time=4, managers_count=5, other_staff_count=3,
                      max_training_capacity=200, premises_ownership="leased", premises_area=800,
                      training_scopes=["assistant.customer_service", "specialist.operations"],
                      licence_issuer="义乌市人力资源和社会保障局", licence_number="3307820001")
    else:
        fields.update(base_kind="enterprise", enterprise_category="service", employees_count=120, revenue_last_year=5000)
    application = actions.save_application(UnitApplication(**fields), acting_user=user)
    if with_materials:
        for kind in ("licence", "premises"):
            upload = SimpleUploadedFile(f"{kind}.pdf", PDF_BYTES, content_type="application/pdf")
            actions.add_material(application, kind=kind, upload=upload, content_type="application/pdf", acting_user=user)
    return application


def org_in(region_code: str, kind: str = "training_institution", **extra):
    return make_org(region_code, kind=kind, **extra)


def unused(_):
    return io.BytesIO()
