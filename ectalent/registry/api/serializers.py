from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from ectalent.core.validators import (
    id_number_birth_date,
    id_number_gender,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
)
from ectalent.registry.models import (
    CertificateRecord,
    Education,
    Employment,
    Organisation,
    Person,
    TrainingRecord,
)


def _django_validator(func):
    def run(value):
        try:
            return func(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    return run


class EducationSerializer(serializers.ModelSerializer):
    class Meta:
        ref_name = "PersonEducation"
        model = Education
        fields = ["level", "major", "school", "status", "graduated_on", "school_recommended"]


class EmploymentSerializer(serializers.ModelSerializer):
    class Meta:
        ref_name = "PersonEmployment"
        model = Employment
        fields = ["employer", "position", "start", "end", "in_occupation", "management"]


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        ref_name = "PersonCertificate"
        model = CertificateRecord
        fields = ["level", "issued_on", "number", "issuer"]


class TrainingSerializer(serializers.ModelSerializer):
    class Meta:
        ref_name = "PersonTraining"
        model = TrainingRecord
        fields = ["level", "completed_on", "institution", "hours"]


class PersonSerializer(serializers.ModelSerializer):
    """Lists and details show the ID number and phone masked; POST /people/{id}/reveal/ shows them (logged)."""

    id_number = serializers.CharField(write_only=True, max_length=32)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=32)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)
    gender = serializers.ChoiceField(choices=Person._meta.get_field("gender").choices, required=False)
    birth_date = serializers.DateField(required=False)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Person._meta.get_field("region").related_model.objects.all())
    education = EducationSerializer(many=True, required=False)
    employment = EmploymentSerializer(many=True, required=False)
    certificates = CertificateSerializer(many=True, required=False)
    trainings = TrainingSerializer(many=True, required=False)

    class Meta:
        model = Person
        fields = [
            "id", "name", "gender", "ethnicity", "birth_date", "id_number", "id_number_masked", "phone",
            "phone_masked", "email", "political_status", "region", "owner_org", "employer", "job_title",
            "education", "employment", "certificates", "trainings", "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_id_number(self, value):
        number = _django_validator(validate_id_number)(value)
        existing = Person.objects.filter(id_number=number).exclude(pk=getattr(self.instance, "pk", None)).first()
        if existing is not None:
            request = self.context["request"]
            if Person.objects.visible_to(request.user).filter(pk=existing.pk).exists():
                raise serializers.ValidationError(
                    _("该身份证号已登记：%(name)s（编号 %(pk)s），请勿重复登记。") % {"name": existing.name, "pk": existing.pk}
                )
            raise serializers.ValidationError(_("该身份证号已在平台登记（属于其他地区或单位），请勿重复登记。"))
        return number

    def validate_phone(self, value):
        return _django_validator(validate_mobile)(value) if value else ""

    def validate(self, attrs):
        number = attrs.get("id_number") or getattr(self.instance, "id_number", None)
        if number:
            birth, gender = id_number_birth_date(number), id_number_gender(number)
            if attrs.get("birth_date") and attrs["birth_date"] != birth:
                raise serializers.ValidationError({"birth_date": _("出生日期与身份证号不一致：身份证号中为 %(date)s。") % {"date": birth}})
            if attrs.get("gender") and attrs["gender"] != gender:
                raise serializers.ValidationError({"gender": _("性别与身份证号第17位不一致。")})
            attrs["birth_date"], attrs["gender"] = birth, gender
        for period in attrs.get("employment", []):
            if period.get("end") and period["end"] < period["start"]:
                raise serializers.ValidationError({"employment": _("结束日期早于开始日期。")})
        return attrs


class OrganisationSerializer(serializers.ModelSerializer):
    # Declared so that our own duplicate check (naming the existing record) runs instead of DRF's generic one.
    credit_code = serializers.CharField(max_length=32)
    region = serializers.SlugRelatedField(slug_field="code", queryset=Organisation._meta.get_field("region").related_model.objects.all())

    class Meta:
        model = Organisation
        fields = [
            "id", "name", "kind", "credit_code", "nature", "legal_representative", "region", "address", "website",
            "contact_name", "contact_phone", "contact_fax", "contact_email", "founded_on", "staff_total",
            "teachers_full_time", "teachers_part_time", "managers_count", "revenue_last_year",
            "is_association_member", "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_credit_code(self, value):
        code = _django_validator(validate_credit_code)(value)
        existing = Organisation.objects.filter(credit_code=code).exclude(pk=getattr(self.instance, "pk", None)).first()
        if existing is not None:
            request = self.context["request"]
            if Organisation.objects.visible_to(request.user).filter(pk=existing.pk).exists():
                raise serializers.ValidationError(
                    _("该统一社会信用代码已登记：%(name)s（编号 %(pk)s），请勿重复登记。") % {"name": existing.name, "pk": existing.pk}
                )
            raise serializers.ValidationError(_("该统一社会信用代码已在平台登记（属于其他地区或单位），请勿重复登记。"))
        return code


class PersonListSerializer(serializers.ModelSerializer):
    """The list view: no nested records (one query per page, not one per person)."""

    region = serializers.CharField(source="region_id")
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "gender", "ethnicity", "birth_date", "id_number_masked", "phone_masked", "email",
                  "political_status", "region", "owner_org", "employer", "job_title", "created_at", "updated_at"]
        read_only_fields = fields
