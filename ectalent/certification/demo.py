"""Demo data for certification: two published sessions open today, two applications (one accepted, one waiting).

Called once from the main demo after the accreditation demo. Safe to call again: it does nothing when the demo
sessions exist. The demo has no registered practice base, so the demo applications record an internship.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ectalent.accounts.models import User
from ectalent.registry.models import Education, Organisation, Person

from . import actions
from .models import ExamSession

SAMPLE_PDF = b"%PDF-1.4\n% demo proof\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DEMO_VENUE = "浙江省商务厅培训认证中心考点（杭州市西湖区）"
INSTITUTION = "义乌市创业电子商务职业培训学校"


def _make_eligible(person, level: str, on: datetime.date) -> None:
    """Demo only: give a person a related associate degree (附件1 一(二) 条件(4)) when the engine says no."""
    _facts, answer = actions.evaluate_eligibility(person, level, on)
    if not answer["eligible"]:
        Education.objects.create(person=person, level="associate", major="电子商务", school="金华职业技术学院",
                                 status="graduated", graduated_on=on - datetime.timedelta(days=400))


def _session(centre, level, directions, *, opens, closes, exam, places, name):
    session = actions.save_session(ExamSession(
        name=name, level=level, directions=directions, applications_open=opens, applications_close=closes,
        exam_starts=exam, exam_ends=exam + datetime.timedelta(days=1), places=places, venue=DEMO_VENUE,
    ), acting_user=centre)
    return actions.publish_session(session, acting_user=centre)


@transaction.atomic
def load_certification_demo() -> dict:
    on = actions.today()
    if ExamSession.objects.filter(venue=DEMO_VENUE).exists():
        return {"sessions": 0, "applications": 0}
    users = {u.username: u for u in User.objects.filter(username__in=["zj_centre", "inst_staff", "applicant"])}
    centre, staff = users["zj_centre"], users["inst_staff"]
    institution = Organisation.objects.get(name=INSTITUTION)

    assistant = _session(centre, "assistant", ["customer_service", "visual_design", "warehousing"],
                         opens=on - datetime.timedelta(days=10), closes=on + datetime.timedelta(days=20),
                         exam=on + datetime.timedelta(days=40), places=200,
                         name=f"{on.year}年第一批助理电子商务师认证考试")
    _session(centre, "specialist", ["operations", "logistics", "cross_border"],
             opens=on - datetime.timedelta(days=5), closes=on + datetime.timedelta(days=25),
             exam=on + datetime.timedelta(days=45), places=100, name=f"{on.year}年第一批电子商务师认证考试")

    # Two of the institution's trainees apply (filed by the institution); the centre accepts the first.
    trainees = list(Person.objects.filter(owner_org=institution).order_by("id")[:2])
    made = []
    for i, person in enumerate(trainees):
        _make_eligible(person, "assistant", on)
        practice = actions.Practice(kind="internship", enterprise="浙江锦程网络科技有限公司",
                                    start=on - datetime.timedelta(days=150), end=on - datetime.timedelta(days=20))
        evidence = [("diploma", SimpleUploadedFile("学历证书.pdf", SAMPLE_PDF), "application/pdf"),
                    ("practice", SimpleUploadedFile("实习证明.pdf", SAMPLE_PDF), "application/pdf")]
        directions = ["customer_service", "visual_design"] if i == 0 else ["visual_design", "warehousing"]
        made.append(actions.apply(assistant, person, directions=directions, practice=practice, acting_user=staff,
                                  institution=institution, evidence=evidence))
    if made:
        actions.precheck(made[0], acting_user=centre, accept=True, reason="学历证书、实习证明已核验，初审通过")

    # The demo applicant can apply through the portal.
    applicant = users.get("applicant")
    if applicant is not None and applicant.person_id:
        _make_eligible(applicant.person, "assistant", on)
    return {"sessions": 2, "applications": len(made), "accepted": 1 if made else 0}
