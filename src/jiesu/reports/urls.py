from django.urls import path

from jiesu.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("new/", views.new, name="new"),
    path("new/monthly/", views.new_monthly, name="new_monthly"),
    path("new/special/", views.new_special, name="new_special"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>.<str:extension>", views.download, name="download"),
]
