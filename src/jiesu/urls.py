from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jiesu.api import api
from jiesu.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("desk/knowledge/", include("jiesu.knowledge.urls")),
    path("desk/assessment/", include("jiesu.assessment.urls")),
    path("desk/reports/", include("jiesu.reports.urls")),
    path("desk/", include("jiesu.desk.urls")),
    path("desk/", include("jiesu.intelligence.urls")),
    path("enterprise/", include("jiesu.enterprise.urls")),
    path("api/v1/", api.urls),
    path("portal/", include("jiesu.portal.urls")),
    path("open311/v2/", include("jiesu.integrations.open311.urls")),
]
