"""Job handlers used by the tests."""

from django.db import transaction

from ectalent.jobs.actions import JobFailed
from ectalent.registry.models import Organisation


def count_to_ten(job, progress):
    for i in range(10):
        progress(i + 1, 10, f"第 {i + 1} 步")
    job.save_result_file("result.csv", "a,b\n1,2\n".encode(), "text/csv")
    return {"summary": f"完成 {job.params.get('n', 0)}", "url": "/"}


def fail_with_rows(job, progress):
    with transaction.atomic():
        Organisation.objects.filter(pk=-1).update(name="x")  # a write that must not survive
        raise JobFailed("名单有 2 处错误，未导入。", errors=[
            {"row": 3, "column": "B", "field": "身份证号", "message": "校验位错误"},
            {"row": 5, "column": "C", "field": "姓名", "message": "不能为空"},
        ])


def crash(job, progress):
    raise RuntimeError("boom")
