from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver

from ectalent.audit.actions import record
from ectalent.audit.models import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    with transaction.atomic():
        record(AuditAction.LOGIN, user, actor=user, object_repr=str(user), region_id=user.region_id,
               after={"ip": request.META.get("REMOTE_ADDR", "") if request else ""})
