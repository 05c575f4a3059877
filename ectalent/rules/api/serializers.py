"""Serializers that describe the eligibility API in the OpenAPI schema.

Input is checked against contracts/applicant-facts.schema.json (``ectalent.rules.validation``), the same check as
the command line; these serializers only document the shapes."""

from rest_framework import serializers

from ectalent.rules.validation import CERT_LEVELS, EDU_LEVELS, EDU_STATUS, TRAIN_LEVELS


class EducationSerializer(serializers.Serializer):
    level = serializers.ChoiceField(sorted(EDU_LEVELS), help_text="学历层次")
    major = serializers.CharField(max_length=64, help_text="专业")
    status = serializers.ChoiceField(sorted(EDU_STATUS), help_text="graduated 已毕业 / enrolled 在读")
    graduated_on = serializers.DateField(required=False, allow_null=True, help_text="毕业日期")
    school_recommended = serializers.BooleanField(required=False, default=False, help_text="经学校推荐（在校生）")


class EmploymentSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="开始日期")
    end = serializers.DateField(required=False, allow_null=True, help_text="最后工作日；在职为 null")
    in_occupation = serializers.BooleanField(help_text="从事电子商务工作（本职业）")
    management = serializers.BooleanField(required=False, default=False, help_text="中高层管理岗位")


class CertificateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(sorted(CERT_LEVELS), help_text="证书等级")
    issued_on = serializers.DateField(help_text="发证日期")


class TrainingSerializer(serializers.Serializer):
    level = serializers.ChoiceField(sorted(TRAIN_LEVELS), help_text="培训等级")
    completed_on = serializers.DateField(help_text="结业日期")


class ApplicantFactsSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=64, help_text="申请人标识（原样返回）")
    as_of = serializers.DateField(help_text="判定日期（通常为申请日期）")
    education = EducationSerializer(many=True, required=False)
    employment = EmploymentSerializer(many=True, required=False)
    certificates = CertificateSerializer(many=True, required=False)
    trainings = TrainingSerializer(many=True, required=False)


class ReasonSerializer(serializers.Serializer):
    clause = serializers.IntegerField(help_text="条款编号（与文件一致）")
    holds = serializers.BooleanField(help_text="是否满足")
    cite = serializers.CharField(help_text="出处，如 附件1 一(三) 条件(4)")
    text = serializers.CharField(help_text="说明：满足的条件，或不满足的条件及所用数值")


class EligibilityAnswerSerializer(serializers.Serializer):
    id = serializers.CharField()
    level = serializers.CharField()
    eligible = serializers.BooleanField(help_text="至少满足一条即为 true")
    clauses = serializers.ListField(child=serializers.IntegerField(), help_text="满足的全部条款编号，升序")
    reasons = ReasonSerializer(many=True)


class EligibilityErrorSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    error = serializers.CharField(help_text="错误说明（中文，指明字段）")
