from django.urls import path

from . import views

app_name = "subsidies"
urlpatterns = [
    path("", views.index, name="index"),
    path("claims/new/", views.claim_create, name="claim-create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/workers/", views.worker_add, name="worker-add"),
    path("claims/<int:pk>/payroll/", views.payroll_upload, name="payroll-upload"),
    path("claims/<int:pk>/payroll/template/", views.payroll_template, name="payroll-template"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/decide/<int:row_id>/", views.claim_decide, name="claim-decide"),
    path("grants/<int:pk>/recompute/", views.grant_recompute, name="grant-recompute"),
    path("grants/<int:pk>/void/", views.grant_void, name="grant-void"),
    path("calculator/", views.calculator, name="calculator"),
    path("reports/", views.reports, name="reports"),
    path("budget/", views.budget_index, name="budget"),
    path("budget/<int:pk>/", views.line_detail, name="line-detail"),
    path("budget/<int:pk>/allocate/", views.line_allocate, name="line-allocate"),
    path("budget/<int:pk>/batches/", views.batch_create, name="batch-create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/export/", views.batch_export, name="batch-export"),
    path("batches/<int:pk>/return/", views.batch_return, name="batch-return"),
]
