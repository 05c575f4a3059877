from django.conf import settings


def platform(request):
    return {"PLATFORM_NAME": "电商人才培育与评价平台", "DEBUG": settings.DEBUG}
