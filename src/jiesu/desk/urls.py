from django.urls import path

from . import views

app_name = "desk"

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.intake, name="intake"),
    path("t/<str:number>/", views.ticket_detail, name="ticket"),
    path("t/<str:number>/dispatch/", views.do_dispatch, name="dispatch"),
    path("t/<str:number>/answer-online/", views.do_answer_online, name="answer_online"),
    path("t/<str:number>/callback/", views.do_callback, name="callback"),
    path("t/<str:number>/a/<int:assignment_id>/sign/", views.do_sign, name="sign"),
    path("t/<str:number>/a/<int:assignment_id>/reply/", views.do_reply, name="reply"),
    path("t/<str:number>/r/<int:reply_id>/review/", views.do_review, name="review"),
]
