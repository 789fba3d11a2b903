from django.urls import path

from jiesu.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("drill/", views.drill, name="drill"),
    path("screen/", views.screen, name="screen"),
    path("screen.json", views.screen_json, name="screen_json"),
    path("notice.<str:extension>", views.notice_download, name="notice"),
]
