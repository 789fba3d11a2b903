from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from jiesu.api import api
from jiesu.core import views

# the administrators' pages name the product, not the framework ("Django 管理")
admin.site.site_header = admin.site.site_title = _("接诉 Jiesu 系统管理")
admin.site.index_title = _("系统管理首页")

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
