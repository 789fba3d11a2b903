from django.urls import re_path

from . import views

app_name = "open311"

_FMT = r"(?:\.(?P<fmt>json|xml))?$"

urlpatterns = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+?)" + _FMT, views.service_definition, name="service"),
    re_path(r"^requests" + _FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<number>[-\w]+?)" + _FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+?)" + _FMT, views.token, name="token"),
    re_path(r"^servicerequestupdates" + _FMT, views.updates, name="updates"),
    re_path(r"^(?P<rest>.*?)" + _FMT, views.not_found),
]
