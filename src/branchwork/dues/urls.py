from django.urls import path

from branchwork.dues import views

app_name = "dues"

urlpatterns = [
    path("", views.sheet, name="sheet"),
    path("sheet.xlsx", views.sheet_export, name="sheet_export"),
    path("generate/", views.generate, name="generate"),
    path("bases/", views.bases, name="bases"),
    path("bases/<int:member_pk>/", views.basis_edit, name="basis"),
    path("quote/", views.quote, name="quote"),
    path("pay/<int:member_pk>/", views.payment_new, name="pay"),
    path("payments/", views.payments, name="payments"),
    path("payments/<int:pk>/", views.payment_detail, name="payment"),
    path("payments/<int:pk>/reverse/", views.payment_reverse, name="reverse"),
    path("voluntary/<int:member_pk>/", views.voluntary_new, name="voluntary"),
    path("remittances/", views.remittances, name="remittances"),
    path("reductions/", views.reductions, name="reductions"),
    path("reductions/<int:pk>/decide/", views.reduction_decide, name="reduction_decide"),
    path("arrears/", views.arrears, name="arrears"),
    path("report/", views.report, name="report"),
    path("publication/", views.publication, name="publication"),
    path("me/", views.my_dues, name="me"),
]
