"""Issue 9.1 / 9.11: uploads are private (random names, scoped and audited downloads); polyglots are refused."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from ectalent.accreditation.tests.helpers import PDF_BYTES, new_application
from ectalent.audit.models import AuditAction, AuditEvent
from ectalent.core.uploads import _PrivateUploadTo, check_evidence, move_to_private, private_storage


def test_every_file_field_of_every_programme_is_private():
    fields = [(m._meta.label, f) for m in apps.get_models() for f in m._meta.get_fields()
              if isinstance(f, models.FileField)]
    assert fields
    for label, field in fields:
        assert field.storage is private_storage() or field._storage_callable is private_storage, label
        assert isinstance(field.upload_to, _PrivateUploadTo), label


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "private")}},
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "media")}}}
    storages._storages = {}
    storages.backends = settings.STORAGES
    yield tmp_path
    storages._storages = {}
    del storages.backends


@pytest.mark.django_db
def test_material_is_stored_under_a_random_name_and_served_only_in_scope(world, login):
    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff, with_materials=False)
    from ectalent.accreditation import actions

    upload = SimpleUploadedFile("张三身份证.pdf", PDF_BYTES, content_type="application/pdf")
    material = actions.add_material(application, kind="licence", upload=upload, content_type="application/pdf",
                                    acting_user=staff)
    assert "张三" not in material.file.name and material.file.name.startswith("accreditation/")
    assert material.file.storage is private_storage() and private_storage().exists(material.file.name)
    url = reverse("accreditation:material-download", args=[application.pk, material.pk])
    assert login(world.users["applicant"]).get(url).status_code == 404
    client = login(world.users["yw_county"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert "filename*=UTF-8''%E5%BC%A0" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_PII, object_id=str(application.pk),
                                     actor=world.users["yw_county"]).exists()


@pytest.mark.django_db
def test_existing_public_files_move_to_private_storage(world, private_dir):
    from ectalent.accreditation.models import Material

    staff = world.users["inst_staff"]
    application = new_application(staff.organisation, staff, with_materials=False)
    public = storages["default"]
    old_name = public.save("accreditation/2026/01/营业执照.pdf", ContentFile(PDF_BYTES))
    material = Material.objects.create(application=application, kind="licence", file=old_name,
                                       original_name="营业执照.pdf", content_type="application/pdf", size=10, sha256="x")
    assert move_to_private(Material, "file", "accreditation") == 1
    material.refresh_from_db()
    assert "营业执照" not in material.file.name and private_storage().exists(material.file.name)
    assert not public.exists(old_name)
    assert move_to_private(Material, "file", "accreditation") == 0


@pytest.mark.parametrize("data", [
    PDF_BYTES + b"<html><script>alert(1)</script></html>",
    b"%PDF-1.4\n<!DOCTYPE html><body onload=x>\n%%EOF\n",
    b"%PDF-1.4\nMZ This program cannot be run in DOS mode\n%%EOF\n",
    b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n",
    b"%PDF-1.4\n<html>no end",
    b"\x89PNG\r\n\x1a\n....<svg onload=alert(1)>",
    b"\xff\xd8\xff\xe0....<script>x</script>",
])
def test_polyglots_are_refused(data):
    with pytest.raises(ValidationError) as excinfo:
        check_evidence(SimpleUploadedFile("a.pdf", data))
    assert excinfo.value.code in ("polyglot", "type")


def test_a_plain_pdf_is_accepted():
    assert check_evidence(SimpleUploadedFile("a.pdf", PDF_BYTES)) == "application/pdf"
