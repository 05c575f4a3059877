from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ectalent.core.forms import FieldsetsMixin, bootstrap
from ectalent.core.validators import validate_landline_or_mobile
from ectalent.regions.models import Region
from ectalent.registry.models import Organisation, Person

from .choices import POSITION_SCOPES, HireCategory, PlacementStage, ServiceKind
from .models import CaseService, RecruitmentEvent, Seeker, TalentCase, Vacancy


def work_regions(province_code: str | None):
    """Cities and counties a seeker may name (the province of their record)."""
    qs = Region.objects.filter(level__in=["city", "county"])
    if province_code:
        qs = qs.filter(path__startswith=province_code + "/")
    return qs.order_by("path")


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return ("　" if obj.level == "county" else "") + obj.name


class SeekerForm(FieldsetsMixin, forms.ModelForm):
    positions = forms.MultipleChoiceField(label=_l("求职岗位（认证方向与等级）"), choices=POSITION_SCOPES,
                                          widget=forms.CheckboxSelectMultiple)
    regions = RegionChoiceField(label=_l("意向工作地区"), queryset=Region.objects.none(),
                                help_text=_l("选择地市即接受该市所有县（市、区）的岗位；可多选（按住 Ctrl）"))

    fieldsets = [
        (_l("求职意向"), ["positions", "regions", "pay_min", "pay_max", "available_from", "status"]),
        (_l("个人简介"), ["summary"]),
    ]

    class Meta:
        model = Seeker
        fields = ["positions", "regions", "pay_min", "pay_max", "available_from", "status", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "regions": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        province = person.region.path.split("/")[0] if person.region_id else None
        self.fields["regions"].queryset = work_regions(province)
        self.fields["regions"].widget.attrs["size"] = 10
        bootstrap(self)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("pay_min"), data.get("pay_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("pay_max", _("期望月薪上限不能低于下限。"))
        return data


class VacancyForm(FieldsetsMixin, forms.ModelForm):
    fieldsets = [
        (_l("岗位信息"), ["title", "position", "count", "region", "duties"]),
        (_l("任职要求"), ["min_certificate", "min_years", "training", "requirements"]),
        (_l("薪酬与期限"), ["pay_min", "pay_max", "closes_on"]),
        (_l("联系方式"), ["contact_name", "contact_phone"]),
    ]

    class Meta:
        model = Vacancy
        fields = ["title", "position", "count", "region", "duties", "min_certificate", "min_years", "training",
                  "requirements", "pay_min", "pay_max", "closes_on", "contact_name", "contact_phone"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3}), "requirements": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "min_certificate": _l("平台按求职者持有的有效证书核验，不需求职者自行填写"),
            "min_years": _l("按人员库的工作经历计算连续从事本职业的整年数（与认证申报条件相同的算法）"),
            "region": _l("岗位所在县（市、区）"),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        city = "/".join(organisation.region.path.split("/")[:2])
        self.fields["region"].queryset = Region.objects.filter(level="county", path__startswith=city + "/").order_by("path")
        self.fields["region"].initial = organisation.region_id if organisation.region.level == "county" else None
        self.fields["contact_phone"].validators.append(validate_landline_or_mobile)
        bootstrap(self)

    def clean(self):
        data = super().clean()
        lo, hi = data.get("pay_min"), data.get("pay_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("pay_max", _("月薪上限不能低于下限。"))
        closes = data.get("closes_on")
        if closes and closes < timezone.localdate():
            self.add_error("closes_on", _("截止日期不能早于今天。"))
        return data


class ContactForm(forms.Form):
    message = forms.CharField(label=_l("留言"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RecommendForm(forms.Form):
    seekers = forms.ModelMultipleChoiceField(label=_l("推荐人选"), queryset=Seeker.objects.none(),
                                             widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_l("推荐说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seekers"].queryset = Seeker.objects.filter(pk__in=[c.pk for c in candidates])
        self.fields["seekers"].label_from_instance = lambda s: s.code
        bootstrap(self)


class PlacementForm(forms.Form):
    stage = forms.ChoiceField(label=_l("环节"), choices=PlacementStage.choices)
    on = forms.DateField(label=_l("日期"))
    contract_months = forms.IntegerField(label=_l("劳动合同期限（月）"), required=False, min_value=1, max_value=600)
    social_insurance = forms.BooleanField(label=_l("已按规定缴纳社会保险"), required=False)
    category = forms.ChoiceField(label=_l("人员类别"), choices=HireCategory.choices, initial=HireCategory.OTHER,
                                 help_text=_l("用于判断是否可能享受一次性吸纳就业补贴（楚人社发〔2020〕措施（七））"))
    note = forms.CharField(label=_l("备注"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("stage") == PlacementStage.HIRED and not data.get("contract_months"):
            self.add_error("contract_months", _("记录录用时请填写劳动合同期限。"))
        return data


class EventForm(forms.ModelForm):
    class Meta:
        model = RecruitmentEvent
        fields = ["name", "held_on", "region", "venue", "organiser", "visitors"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            path__startswith=user.region.path).order_by("path") if user.region_id else Region.objects.none()
        bootstrap(self)


class ParticipantForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_l("参会单位"), queryset=Organisation.objects.none())
    positions_offered = forms.IntegerField(label=_l("提供岗位数"), min_value=0, max_value=100000)
    hires_on_site = forms.IntegerField(label=_l("现场达成意向人数"), min_value=0, max_value=100000, initial=0)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by("name")
        bootstrap(self)

    def clean(self):
        data = super().clean()
        if (data.get("hires_on_site") or 0) > (data.get("positions_offered") or 0):
            self.add_error("hires_on_site", _("达成意向人数不能多于提供的岗位数。"))
        return data


class TalentCaseForm(forms.ModelForm):
    id_number = forms.CharField(label=_l("引进人才的居民身份证号"), max_length=18,
                                help_text=_l("须已在人员库登记（在本地区范围内）"))

    class Meta:
        model = TalentCase
        fields = ["region", "employer", "introduced_on", "way", "plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.order_fields(["id_number", "region", "employer", "introduced_on", "way", "plan"])
        self.fields["region"].queryset = Region.objects.filter(
            path__startswith=user.region.path).order_by("path") if user.region_id else Region.objects.none()
        self.fields["employer"].queryset = Organisation.objects.visible_to(user).order_by("name")
        bootstrap(self)

    def clean_id_number(self):
        number = self.cleaned_data["id_number"].strip().upper()
        person = Person.objects.visible_to(self.user).filter(id_number=number).first()
        if person is None:
            raise forms.ValidationError(_("在您的地区范围内的人员库中没有这个身份证号，请先在人员库登记。"))
        self.person = person
        return number

    def clean_introduced_on(self):
        value = self.cleaned_data["introduced_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("引进日期不能晚于今天。"))
        return value


class ServiceForm(forms.ModelForm):
    class Meta:
        model = CaseService
        fields = ["kind", "on", "amount", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ServiceKind.choices
        bootstrap(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") in (ServiceKind.SETTLING, ServiceKind.FISCAL_AWARD) and data.get("amount") is None:
            self.add_error("amount", _("安家补贴和财政奖励须填写金额。"))
        return data
