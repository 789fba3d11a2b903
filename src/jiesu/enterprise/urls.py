from django.urls import path

from . import views

app_name = "enterprise"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.register, name="register"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/accept/", views.do_accept, name="accept"),
    path("<int:case_id>/decline/", views.do_decline, name="decline"),
    path("<int:case_id>/coordinate/", views.do_coordinate, name="coordinate"),
    path("<int:case_id>/escalate/", views.do_escalate, name="escalate"),
    path("<int:case_id>/feedback/", views.do_feedback, name="feedback"),
]
